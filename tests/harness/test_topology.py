"""The topologies: addresses, reachability on both stacks, routing, settings, isolation."""

from __future__ import annotations

import re
import time

from harness import cleanup
from harness.run import run
from harness.topology import chain, pair

REPLY = re.compile(r"bytes from (\S+): icmp_seq=(\d+) ttl=(\d+)")


def ping_ttl(src, dst: str, family: str = "-4") -> int:
    """The TTL (hop limit) of the reply to one ping from src to dst; fails without one."""
    result = run(src, ["ping", family, "-c", "1", "-W", "2", dst], timeout=5)
    match = REPLY.search(result.stdout)
    assert match and result.status == 0, f"{result.command}: {result.summary()}"
    return int(match.group(3))


def test_pair_addresses_and_reachability(pair_net):
    h1, h2 = pair_net.h1, pair_net.h2
    assert (h1.ip4, h1.ip6, h2.ip4, h2.ip6) == ("10.0.0.1", "fd00::1", "10.0.0.2", "fd00::2")
    assert list(pair_net.hosts) == ["h1", "h2"]
    assert h1.intf(h2) == "h1-eth0" and h2.intf("h1") == "h2-eth0"
    for src, dst in ((h1, h2), (h2, h1)):
        assert ping_ttl(src, dst.ip4, "-4") == 64
        assert ping_ttl(src, dst.ip6, "-6") == 64  # at once: DAD is off


def test_chain2_reachability_and_ttl(chain2_net):
    net = chain2_net
    h1, r1, r2, h2 = net.h1, net.r1, net.r2, net.h2
    assert list(net.hosts) == ["h1", "r1", "r2", "h2"]
    assert (r1.ip4, r2.ip4, h2.ip4) == ("10.0.0.2", "10.0.1.2", "10.0.2.2")
    assert (r1.addr4(r2), r1.addr6(r2), h2.ip6) == ("10.0.1.1", "fd00:0:0:1::1", "fd00:0:0:2::2")
    assert (r1.intf(h1), r1.intf(r2), r2.intf(r1), r2.intf(h2)) == (
        "r1-eth0", "r1-eth1", "r2-eth0", "r2-eth1")
    # Two routers on the way: the reply's TTL drops by two, both ways, both stacks.
    for src, dst in ((h1, h2), (h2, h1)):
        assert ping_ttl(src, dst.ip4, "-4") == 62
        assert ping_ttl(src, dst.ip6, "-6") == 62
    # Routers reach every link, also the ones not attached to them.
    assert ping_ttl(r1, h2.ip4, "-4") == 63
    assert ping_ttl(r2, h1.ip6, "-6") == 63


def test_namespace_settings(chain1_net):
    expected = {
        "net.ipv4.icmp_ratelimit": "0",
        "net.ipv6.icmp.ratelimit": "0",
        "net.ipv6.conf.all.accept_dad": "0",
        "net.ipv6.conf.default.accept_dad": "0",
        "net.ipv4.ping_group_range": "0\t2147483647",
    }
    for host in chain1_net.hosts.values():
        for key, value in {**expected, "net.ipv4.ip_forward": "1" if host.router else "0",
                           "net.ipv6.conf.all.forwarding": "1" if host.router else "0"}.items():
            result = run(host, ["sysctl", "-n", key], timeout=5)
            assert result.stdout.strip() == value, f"{host.name}: {key} = {result.stdout!r}"
        for link in host.links:
            intf = link.ends(host)[0]
            result = run(host, ["sysctl", "-n", f"net.ipv6.conf.{intf}.accept_dad"], timeout=5)
            assert result.stdout.strip() == "0"


def test_icmp_errors_are_not_rate_limited(chain1_net):
    # 30 probes with TTL 1, 10 ms apart: the default rate limit would answer a handful.
    h1, h2, r1 = chain1_net.h1, chain1_net.h2, chain1_net.r1
    result = run(h1, ["ping", "-c", "30", "-i", "0.01", "-t", "1", "-W", "1", h2.ip4], timeout=10)
    errors = result.stdout.count(f"From {r1.ip4} icmp_seq=")
    assert errors == 30, result.stdout


def test_no_way_out(pair_net, chain1_net):
    # No default route in a pair; only the topology's own links in every namespace.
    for host in pair_net.hosts.values():
        for argv in (["ip", "route", "get", "8.8.8.8"],
                     ["ip", "-6", "route", "get", "2001:db8::1"]):
            result = run(host, argv, timeout=5)
            assert result.status != 0 and "unreachable" in result.stderr, result.summary()
    for net in (pair_net, chain1_net):
        for host in net.hosts.values():
            links = run(host, ["ip", "-o", "link", "show"], timeout=5).stdout
            names = sorted(re.findall(r"^\d+: ([^:@]+)", links, re.M))
            assert names == sorted(["lo", *(link.ends(host)[0] for link in host.links)])
            assert cleanup.netns_of(host.pid) != cleanup.netns_of(1)
    # In a chain the hosts route everything to their router, which knows only the links.
    h1, r1 = chain1_net.h1, chain1_net.r1
    for host in chain1_net.routers:
        assert run(host, ["ip", "route", "get", "8.8.8.8"], timeout=5).status != 0
    result = run(h1, ["ping", "-c", "1", "-W", "1", "8.8.8.8"], timeout=5)
    assert result.status != 0
    assert f"From {r1.ip4} icmp_seq=1 Destination Net Unreachable" in result.stdout


def test_start_and_stop_are_fast():
    for make in (pair, lambda: chain(routers=2)):
        started = time.monotonic()
        with make() as net:
            built = time.monotonic() - started
            shell = net.h1.pid
            stopping = time.monotonic()
        stopped = time.monotonic() - stopping
        assert built < 1.0, f"building took {built:.2f} s"
        assert stopped < 1.0, f"stopping took {stopped:.2f} s"
        assert cleanup.netns_of(shell) is None  # the namespace's shell is gone

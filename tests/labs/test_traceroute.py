"""Graded network tests of the traceroute lab.

Every test runs in a routed chain of five routers, dual-stack:

    h1 --- r1 --- r2 --- r3 --- r4 --- r5 --- h2
    10.0.0.1  r<k> is 10.0.<k-1>.2 toward h1   h2 is 10.0.5.2 (fd00:0:0:5::2)

and compares the student's np-traceroute with Debian's traceroute run in the same topology
(their formats are the same, so one parser reads both). Points and hints live in
tests/labs/traceroute.toml.
"""

from __future__ import annotations

import re

import pytest

from harness.impair import impair
from harness.run import Daemon, run, wait_for
from harness.topology import chain

H2_V4 = "10.0.5.2"
H2_V6 = "fd00:0:0:5::2"
HOP_LINE = re.compile(r"^\s*(\d+)  ?(.*)$")
RTT = re.compile(r"^\d+(\.\d+)?$")


@pytest.fixture
def chain5_net():
    """h1 --- r1 --- r2 --- r3 --- r4 --- r5 --- h2."""
    with chain(routers=5) as net:
        yield net


# --- reading traceroute's output ----------------------------------------------------------

def parse_hops(output: str) -> list[tuple[int, list[tuple[str | None, str]]]]:
    """[(hop, [(address or None for '*', annotation), ...]), ...] from `-n` output."""
    hops = []
    for line in output.splitlines():
        m = HOP_LINE.match(line)
        if not m or line.startswith("traceroute"):
            continue
        probes: list[tuple[str | None, str]] = []
        address = None
        tokens = m.group(2).split()
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token == "*":
                probes.append((None, ""))
            elif RTT.match(token) and i + 1 < len(tokens) and tokens[i + 1] == "ms":
                probes.append((address, ""))
                i += 1
            elif token.startswith("!") and probes:
                probes[-1] = (probes[-1][0], token)
            else:
                address = token
            i += 1
        hops.append((int(m.group(1)), probes))
    return hops


def hop_list(output: str) -> list[tuple[int, list[str]]]:
    """[(hop, sorted addresses that answered)]: what two traces of one path share."""
    return [(hop, sorted({a for a, _ in probes if a})) for hop, probes in parse_hops(output)]


def answers(hops) -> list[list[tuple[str, str]]]:
    """The sorted (address, annotation) pairs that answered, hop after hop, leaving out the
    hops where nothing did: a lost ICMP error turns a probe (or, rarely, a whole hop) into
    '*' in either trace without changing what the path is or where it ends."""
    answered = [sorted({(a, n) for a, n in probes if a}) for _, probes in hops]
    return [pairs for pairs in answered if pairs]


def show(hops) -> str:
    """A hop list on one line for a story: '1 10.0.0.2 | 2 * | 3 10.0.2.2 !H'."""
    parts = []
    for hop, probes in hops:
        if probes and isinstance(probes[0], tuple):
            words = [f"{a or '*'}{' ' + n if n else ''}" for a, n in probes]
            seen = [w for i, w in enumerate(words) if i == 0 or w != words[i - 1]]
            parts.append(f"{hop} {' '.join(seen)}")
        else:
            parts.append(f"{hop} {' '.join(probes) or '*'}")
    return " | ".join(parts) or "no hop lines"


def trace(story, host, argv, timeout=15):
    result = run(host, argv, timeout=timeout)
    story.did(result.command)
    return result


def reference(story, host, argv, expect_hops=True, timeout=15):
    """Debian's traceroute with argv; asserts it printed hop lines (else the topology is broken)."""
    result = trace(story, host, ["traceroute", *argv], timeout=timeout)
    if expect_hops:
        assert parse_hops(result.stdout), f"traceroute printed no hops: {result.summary()}"
    return result


def configure(host, command: str) -> None:
    """Run a trusted configuration command in host's shell; fail the setup if it fails."""
    output = host.cmd(f"{command} && echo np-configured").strip()
    assert output.endswith("np-configured"), f"{host.name}$ {command}: {output}"


def silence(router) -> None:
    """The router drops the time-exceeded errors it would send (v4 and v6)."""
    configure(
        router,
        "nft add table inet grade && "
        "nft add chain inet grade sending '{ type filter hook output priority 0; }' && "
        "nft add rule inet grade sending icmp type time-exceeded drop && "
        "nft add rule inet grade sending icmpv6 type time-exceeded drop",
    )


def expected_path(net, v6=False) -> list[tuple[int, list[str]]]:
    routers = [net[f"r{k}"] for k in range(1, 6)]
    addresses = [r.ip6 if v6 else r.ip4 for r in routers] + [H2_V6 if v6 else H2_V4]
    return [(hop, [address]) for hop, address in enumerate(addresses, start=1)]


def check_same_hops(story, result, ref, what):
    got, want = hop_list(result.stdout), hop_list(ref.stdout)
    story.check(
        got == want and result.status == 0,
        expected=f"{what}, exit status 0: {show(want)}",
        saw=f"{show(got)}; {result.ending()}" if got else result.summary(),
    )


# --- the tests ------------------------------------------------------------------------------

def test_hops_v4(chain5_net, tool, story):
    h1 = chain5_net.h1
    ref = reference(story, h1, ["-n", H2_V4])
    assert hop_list(ref.stdout) == expected_path(chain5_net), "traceroute saw another path"
    result = trace(story, h1, [tool("np-traceroute"), "-n", H2_V4])
    header = f"traceroute to {H2_V4} ({H2_V4}), 30 hops max, 60 byte packets"
    story.check(
        result.stdout.splitlines()[:1] == [header],
        expected=f"the header '{header}'",
        saw=result.summary(),
    )
    check_same_hops(story, result, ref, "the hop list of traceroute -n, 3 answers per hop")
    story.check(
        all(len(probes) == 3 and all(a for a, _ in probes) for _, probes in parse_hops(result.stdout)),
        expected="three timed answers on every hop line ('ADDR  x ms  y ms  z ms')",
        saw=result.summary(),
    )


def test_hops_v6(chain5_net, tool, story):
    h1 = chain5_net.h1
    ref = reference(story, h1, ["-n", "-6", H2_V6])
    assert hop_list(ref.stdout) == expected_path(chain5_net, v6=True), "traceroute -6 saw another path"
    result = trace(story, h1, [tool("np-traceroute"), "-n", "-6", H2_V6])
    header = f"traceroute to {H2_V6} ({H2_V6}), 30 hops max, 80 byte packets"
    story.check(
        result.stdout.splitlines()[:1] == [header],
        expected=f"the header '{header}' (IPv6 probes are 80 bytes: 40 of IPv6 header)",
        saw=result.summary(),
    )
    check_same_hops(story, result, ref, "the hop list of traceroute -n -6")


def test_hops_icmp(chain5_net, tool, story):
    h1 = chain5_net.h1
    for argv, what in (([H2_V4], "IPv4"), (["-6", H2_V6], "IPv6")):
        ref = reference(story, h1, ["-n", "-I", *argv])
        result = trace(story, h1, [tool("np-traceroute"), "-n", "-I", *argv])
        check_same_hops(story, result, ref, f"with -I over {what}, the hop list of traceroute -n -I")


def test_silent_router(chain5_net, tool, story):
    h1, r3 = chain5_net.h1, chain5_net.r3
    silence(r3)
    story.did("r3 drops the time-exceeded errors it sends (nft, output hook)")
    argv = ["-n", "-w", "1", H2_V4]
    ref = reference(story, h1, argv)
    assert [len([a for a, _ in p if a]) for h, p in parse_hops(ref.stdout) if h == 3] == [0], \
        "traceroute still heard from r3: the firewall rule is broken"
    result = trace(story, h1, [tool("np-traceroute"), *argv])
    got = parse_hops(result.stdout)
    story.check(
        (3, [(None, "")] * 3) in got,
        expected="the line ' 3  * * *' for the silent router",
        saw=f"{show(got)}; {result.ending()}" if got else result.summary(),
    )
    check_same_hops(story, result, ref, "the trace goes on past it to h2, as traceroute's")


def test_unreachable_annotations(chain5_net, tool, story):
    net = chain5_net
    h1, r3 = net.h1, net.r3
    # r1 and r2 route 10.0.98.0/24, 10.0.99.0/24 and fd00:99::/64 on toward r3. On IPv4, r3
    # rejects them in its firewall (host-unreachable, admin-prohibited) rather than with
    # 'unreachable'/'prohibit' routes: the kernel rate-limits route errors machine-wide
    # (net.ipv4.route.error_cost, ~1 per second after a burst of 5), so with probes in
    # parallel which of them got an answer would be luck. A firewall reject obeys only
    # icmp_ratelimit, which is off here. On IPv6 r3 has a real 'prohibit' route; its errors
    # can still be dropped now and then (a probe shows '*'), so the hops are compared by
    # the addresses and annotations that answered, not probe by probe.
    for k, router in ((1, net.r1), (2, net.r2)):
        nexthop4, nexthop6 = net[f"r{k + 1}"].ip4, net[f"r{k + 1}"].ip6
        configure(router, f"ip route add 10.0.98.0/23 via {nexthop4} && "
                          f"ip -6 route add fd00:99::/64 via {nexthop6}")
    configure(r3, f"ip route add 10.0.98.0/23 via {net.r4.ip4} && "
                  "ip -6 route add prohibit fd00:99::/64")
    configure(
        r3,
        "nft add table inet grade && "
        "nft add chain inet grade passing '{ type filter hook forward priority 0; }' && "
        "nft add rule inet grade passing ip daddr 10.0.99.0/24 reject with icmp host-unreachable && "
        "nft add rule inet grade passing ip daddr 10.0.98.0/24 reject with icmp admin-prohibited",
    )
    story.did("r3 rejects 10.0.99.0/24 with host-unreachable, 10.0.98.0/24 with "
              "admin-prohibited, and has a prohibit route to fd00:99::/64")
    for target, note in (("10.0.99.1", "!H"), ("10.0.98.1", "!X"), ("fd00:99::1", "!X")):
        argv = ["-n", "-w", "1", target]
        ref = reference(story, h1, argv)
        want = parse_hops(ref.stdout)
        assert want and any(n == note for _, n in want[-1][1]), \
            f"traceroute to {target} did not end with {note}: {show(want)}"
        result = trace(story, h1, [tool("np-traceroute"), *argv])
        got = parse_hops(result.stdout)
        story.check(
            answers(got) == answers(want) and result.status == 0,
            expected=f"to {target}, traceroute's hops, the last annotated {note}, and the end "
            f"there (exit status 0): {show(want)}",
            saw=f"{show(got)}; {result.ending()}" if got else result.summary(),
        )


def test_first_max_queries_port(chain5_net, tool, story):
    h1, h2 = chain5_net.h1, chain5_net.h2
    argv = ["-n", "-f", "2", "-m", "4", "-q", "2", H2_V4]
    ref = reference(story, h1, argv)
    result = trace(story, h1, [tool("np-traceroute"), *argv])
    header = f"traceroute to {H2_V4} ({H2_V4}), 4 hops max, 60 byte packets"
    story.check(
        result.stdout.splitlines()[:1] == [header]
        and [len(p) for _, p in parse_hops(result.stdout)] == [2, 2, 2],
        expected=f"the header '{header}' and hops 2, 3, 4 with 2 answers each",
        saw=result.summary(),
    )
    check_same_hops(story, result, ref, "with -f 2 -m 4 -q 2, traceroute's hops 2 to 4")

    # h2 drops UDP to any port outside 40000-40100: only probes that honour -p reach it.
    configure(
        h2,
        "nft add table inet grade && "
        "nft add chain inet grade incoming '{ type filter hook input priority 0; }' && "
        "nft add rule inet grade incoming udp dport != 40000-40100 drop",
    )
    story.did("h2 drops UDP to ports outside 40000-40100")
    argv = ["-n", "-p", "40000", "-q", "1", "-m", "8", "-w", "1", H2_V4]
    ref = reference(story, h1, argv)
    assert hop_list(ref.stdout)[-1] == (6, [H2_V4]), "traceroute -p 40000 did not reach h2"
    result = trace(story, h1, [tool("np-traceroute"), *argv])
    check_same_hops(story, result, ref, "with -p 40000, probes to ports 40000 + n reach h2 at hop 6")


def test_lossy_link(chain5_net, tool, story):
    net = chain5_net
    h1 = net.h1
    # With 8 probes per hop, all of a hop's probes are lost with probability 0.2^8 (4e-6).
    argv = ["-n", "-q", "8", "-w", "2", H2_V4]
    with impair(net, net.r2, net.r3, loss=0.2):
        story.did("the link from r2 to r3 loses 20 % of the packets, at random")
        ref = reference(story, h1, argv)
        result = trace(story, h1, [tool("np-traceroute"), *argv])
    assert hop_list(ref.stdout) == expected_path(net), f"traceroute lost a hop: {ref.summary()}"
    check_same_hops(story, result, ref, "despite the loss, the hop list of traceroute (-q 8)")


def test_two_traces_at_once(chain5_net, tool, story, run_dir):
    net = chain5_net
    h1 = net.h1
    np_traceroute = tool("np-traceroute")
    # Replies to h1 are held 300 ms, so both traces have all their probes out at once and
    # each sees the other's replies arrive. Both use the same destination ports; only the
    # source port in the quote tells whose a reply is. -q 1 and -q 2 number their probes
    # differently, so a stolen reply puts a wrong router on a hop.
    with impair(net, net.r1, h1, delay_ms=300):
        story.did("the link from r1 to h1 delays every packet by 300 ms")
        ref = reference(story, h1, ["-n", "-q", "2", H2_V4])
        one = [np_traceroute, "-n", "-q", "1", H2_V4]
        with Daemon(h1, one, run_dir=run_dir) as first:
            story.did(f"h1$ np-traceroute {' '.join(one[1:])} &  (in the background)")
            wait_for(lambda: first.stdout or not first.alive(), timeout=5,
                     what="the first np-traceroute to start")
            result = trace(story, h1, [np_traceroute, "-n", "-q", "2", H2_V4])
            first_result = first.wait(timeout=10)
    path = expected_path(net)
    for res, q in ((first_result, 1), (result, 2)):
        got = parse_hops(res.stdout)
        story.check(
            hop_list(res.stdout) == path and all(len(p) == q and all(a for a, _ in p) for _, p in got)
            and res.status == 0,
            expected=f"the -q {q} trace sees only its own {q} answer(s) per hop: "
            f"{show(hop_list(ref.stdout))}",
            saw=f"{show(got)}; {res.ending()}" if got else res.summary(),
        )


def test_silent_hops_in_one_wait(chain5_net, tool, story):
    net = chain5_net
    h1 = net.h1
    silence(net.r2)
    silence(net.r4)
    story.did("r2 and r4 drop the time-exceeded errors they send")
    argv = ["-n", "-w", "1", H2_V4]
    ref = reference(story, h1, argv)
    result = trace(story, h1, [tool("np-traceroute"), *argv])
    check_same_hops(story, result, ref, "traceroute's hops, * * * on hops 2 and 4")
    # Probes go out in parallel (-N 16): the six lost probes are waited for together.
    # One probe at a time would take six waits of a second.
    limit = 2 * ref.duration + 1.0
    story.check(
        result.duration <= limit,
        expected=f"done within {limit:.1f} s (traceroute took {ref.duration:.2f} s): "
        "the silent hops' probes waited for at the same time, one -w 1",
        saw=f"np-traceroute took {result.duration:.2f} s",
    )


def test_bad_input(chain5_net, tool, story):
    h1 = chain5_net.h1
    np_traceroute = tool("np-traceroute")
    for argv, what in (
        (["bad..name"], "the unknown host"),
        (["-x", H2_V4], "the unknown option -x"),
        (["-q", "zero", H2_V4], "the bad -q value"),
        (["-m", "300", H2_V4], "-m beyond 255"),
    ):
        bad = trace(story, h1, [np_traceroute, *argv])
        story.check(
            bad.status == 2 and len(bad.stderr.strip().splitlines()) == 1 and not bad.stdout,
            expected=f"one line on stderr about {what}, nothing on stdout, exit status 2",
            saw=bad.summary(),
        )
    good = trace(story, h1, [np_traceroute, "-n", "-q", "1", H2_V4])
    story.check(
        hop_list(good.stdout) == expected_path(chain5_net) and good.status == 0,
        expected="and a good command line traces: -q 1 gives the six hops to h2, exit status 0",
        saw=good.summary(),
    )

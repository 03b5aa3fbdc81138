"""Each impairment does what it says, measured, on each backend this kernel offers."""

from __future__ import annotations

import re

import pytest

from harness import cleanup
from harness.impair import ImpairError, impair, netem_available
from harness.run import run

BACKENDS = ["fallback"] + (["netem"] if netem_available() else [])
SUMMARY = re.compile(r"(\d+) packets transmitted, (\d+) received(?:, \+(\d+) duplicates)?")
RTT = re.compile(r"rtt min/avg/max/mdev = ([\d.]+)/([\d.]+)/([\d.]+)/")
TIME = re.compile(r"icmp_seq=(\d+) ttl=\d+ time=([\d.]+) ms")


@pytest.fixture(params=BACKENDS)
def backend(request, monkeypatch):
    monkeypatch.setenv("NP_IMPAIR_BACKEND", request.param)
    return request.param


def ping(src, dst: str, *options: str, timeout: float = 15):
    result = run(src, ["ping", *options, dst], timeout=timeout)
    counts = SUMMARY.search(result.stdout)
    assert counts, f"{result.command}: {result.summary()}"
    sent, received, dups = (int(n or 0) for n in counts.groups())
    rtt = RTT.search(result.stdout)
    return sent, received, dups, tuple(map(float, rtt.groups())) if rtt else None, result


def test_loss(pair_net, backend):
    h1, h2 = pair_net.h1, pair_net.h2
    with impair(pair_net, h1, h2, loss=0.3):
        sent, received, _, _, _ = ping(h1, h2.ip4, "-i", "0.002", "-c", "200", "-q", "-W", "1")
    lost = (sent - received) / sent
    print(f"loss 30%: lost {lost:.1%} of {sent}")
    # Binomial(200, 0.3): 15-45 % is more than five standard deviations either way.
    assert 0.15 <= lost <= 0.45
    # Cleared: nothing lost any more.
    sent, received, _, _, _ = ping(h1, h2.ip4, "-i", "0.002", "-c", "50", "-q", "-W", "1")
    assert received == sent


def test_duplicate_all(pair_net, backend):
    h1, h2 = pair_net.h1, pair_net.h2
    with impair(pair_net, h2, h1, duplicate=1.0):
        *_, result = ping(h1, h2.ip4, "-c", "5", "-i", "0.05")
    seqs = [int(seq) for seq, _ in TIME.findall(result.stdout)]
    dup_seqs = [int(m) for m in re.findall(r"icmp_seq=(\d+) .*\(DUP!\)", result.stdout)]
    print(f"duplicate 100%: replies {seqs}, duplicates {dup_seqs}")
    # ping stops at the fifth reply, before the copy of the last one is read.
    assert sorted(set(seqs)) == [1, 2, 3, 4, 5]
    assert set(dup_seqs) >= {1, 2, 3, 4} and len(dup_seqs) == len(set(dup_seqs))


@pytest.mark.parametrize("family", ["-4", "-6"])
def test_delay(pair_net, backend, family):
    h1, h2 = pair_net.h1, pair_net.h2
    dst = h2.ip4 if family == "-4" else h2.ip6
    ping(h1, dst, family, "-c", "1", "-W", "2")  # neighbour resolution out of the way
    with impair(pair_net, h1, h2, delay_ms=20):
        _, received, _, rtt, result = ping(h1, dst, family, "-c", "10", "-i", "0.05")
    print(f"delay 20 ms ({family}): rtt min/avg/max {rtt}")
    assert received == 10 and 18 <= rtt[1] <= 30 and rtt[0] >= 19.5, result.stdout
    _, _, _, rtt, _ = ping(h1, dst, family, "-c", "3", "-i", "0.05")
    assert rtt[2] < 5  # cleared


def test_delay_on_a_router(chain1_net, backend):
    # Forwarded packets are delayed too: r1 -> h2 carries h1's echo requests.
    h1, r1, h2 = chain1_net.h1, chain1_net.r1, chain1_net.h2
    ping(h1, h2.ip4, "-c", "1", "-W", "2")
    with impair(chain1_net, r1, h2, delay_ms=20):
        _, received, _, rtt, _ = ping(h1, h2.ip4, "-c", "5", "-i", "0.05")
    print(f"delay 20 ms on r1 -> h2: rtt min/avg/max {rtt}")
    assert received == 5 and 18 <= rtt[1] <= 30


def test_jitter_and_reorder(pair_net, backend):
    h1, h2 = pair_net.h1, pair_net.h2
    ping(h1, h2.ip4, "-c", "1", "-W", "2")
    with impair(pair_net, h1, h2, delay_ms=20, jitter_ms=8):
        *_, rtt, result = ping(h1, h2.ip4, "-c", "60", "-i", "0.01", "-q")
    print(f"delay 20 ± 8 ms: rtt min/avg/max {rtt}")
    # Never under 12 ms; 60 uniform draws from 12-28 ms reach below 17 and above 23.
    assert 11.9 <= rtt[0] < 17 and rtt[2] > 23 and 16 <= rtt[1] <= 26, result.stdout
    with impair(pair_net, h1, h2, delay_ms=30, reorder=0.5):
        *_, result = ping(h1, h2.ip4, "-c", "40", "-i", "0.005")
    times = [float(ms) for _, ms in TIME.findall(result.stdout)]
    quick = sum(ms < 15 for ms in times)
    print(f"delay 30 ms, reorder 50%: {quick} of {len(times)} replies overtook")
    # Binomial(40, 0.5): 5-35 is more than five standard deviations either way.
    assert len(times) == 40 and 5 <= quick <= 35 and all(ms < 15 or ms >= 29.9 for ms in times)


def test_rate(pair_net, backend):
    h1, h2 = pair_net.h1, pair_net.h2
    ping(h1, h2.ip4, "-c", "1", "-W", "2")
    with impair(pair_net, h1, h2, rate_kbit=1000):
        sent, received, _, _, result = ping(h1, h2.ip4, "-c", "100", "-i", "0.002", "-s", "1400",
                                            "-q", "-W", "2")
    # 100 frames of 1442 bytes offered at 5.8 Mbit/s take about 1.15 s at 1 Mbit/s.
    rate = received * 1442 * 8 / result.duration / 1000
    print(f"rate 1000 kbit/s: {received} frames in {result.duration:.2f} s = {rate:.0f} kbit/s")
    assert received >= 90 and 600 <= rate <= 1300


def test_clear_removes_everything(pair_net, backend):
    h1, h2 = pair_net.h1, pair_net.h2
    handle = impair(pair_net, h1, h2, loss=0.1, duplicate=0.1, delay_ms=5, rate_kbit=10000)
    helper = handle.helper
    with pytest.raises(ImpairError):
        impair(pair_net, h1, h2, loss=0.5)  # one at a time per direction
    handle.clear()
    handle.clear()  # idempotent
    assert helper is None or helper.poll() is not None
    for host, peer in ((h1, h2), (h2, h1)):
        assert run(host, ["nft", "list", "ruleset"], timeout=5).stdout.strip() == ""
        qdiscs = run(host, ["tc", "qdisc", "show", "dev", host.intf(peer)], timeout=5).stdout
        assert "tbf" not in qdiscs and "netem" not in qdiscs
    rules = run(h1, ["iptables-legacy-save", "-t", "mangle"], timeout=5).stdout
    assert "NFQUEUE" not in rules
    with impair(pair_net, h1, h2, loss=0.5):  # the direction is free again
        pass


def test_helper_dies_with_the_topology(chain1_net, backend):
    handle = impair(chain1_net, "h1", "r1", delay_ms=10)
    if handle.helper is None:
        pytest.skip("netem needs no helper")
    namespace = chain1_net.h1.netns
    chain1_net.stop()
    assert handle.helper.poll() is not None or cleanup.netns_of(handle.helper.pid) is None
    assert cleanup.pids_in_netns([namespace]) == []


def test_bad_arguments(pair_net):
    with pytest.raises(ValueError):
        impair(pair_net, "h1", "h2", loss=30)
    with pytest.raises(ValueError):
        impair(pair_net, "h1", "h2", jitter_ms=5)
    with pytest.raises(ValueError):
        impair(pair_net, "h1", "h1", loss=0.1)


def test_netem_command_line(pair_net, monkeypatch):
    # This kernel may lack netem: check the command the netem backend would give.
    from harness import impair as module

    commands = []
    monkeypatch.setattr(module, "_check", lambda host, argv, stdin=None: commands.append(
        (host.name, argv)))
    handle = impair(pair_net, "h1", "h2", loss=0.3, duplicate=0.1, delay_ms=20, jitter_ms=5,
                    reorder=0.25, rate_kbit=1000, backend="netem")
    assert commands == [("h1", [
        "tc", "qdisc", "replace", "dev", "h1-eth0", "root", "netem", "limit", "100000",
        "delay", "20ms", "5ms", "loss", "30%", "duplicate", "10%", "reorder", "25%",
        "rate", "1000kbit"])]
    assert handle.describe() == ("h1 -> h2: loss 30%, duplicate 10%, delay 20 ms ± 5 ms, "
                                 "reorder 25%, rate 1000 kbit/s")
    monkeypatch.undo()
    handle.clear()

"""Graded network tests of the ping lab.

Each test runs the student's np-ping inside a Mininet host, reads what it printed,
and compares it with what iputils ping prints in the same topology (the formats are
the same, so one pattern parses both). Points and hints live in tests/labs/ping.toml.
"""

import re

from harness.impair import impair
from harness.run import Daemon, run

REPLY = r"(\d+) bytes from {addr}: icmp_seq=(\d+) ttl=(\d+)(?: time=([\d.]+) ms)?( \(DUP!\))?$"
SUMMARY = re.compile(
    r"^(\d+) packets transmitted, (\d+) received(?:, \+(\d+) duplicates)?"
    r"(?:, \+(\d+) errors)?, ([\d.]+)% packet loss"
)


def replies(output, addr):
    """(bytes, seq, ttl, time_ms, dup) for every reply line from addr."""
    pattern = re.compile("^" + REPLY.format(addr=re.escape(addr)))
    found = []
    for line in output.splitlines():
        m = pattern.match(line)
        if m:
            size, seq, ttl, ms, dup = m.groups()
            found.append((int(size), int(seq), int(ttl), float(ms) if ms else None, bool(dup)))
    return found


def summary(output):
    """(transmitted, received, duplicates, errors, loss text) or None."""
    for line in output.splitlines():
        m = SUMMARY.match(line)
        if m:
            sent, got, dups, errs, loss = m.groups()
            return int(sent), int(got), int(dups or 0), int(errs or 0), loss
    return None


def average_rtt(output):
    m = re.search(r"rtt min/avg/max/mdev = [\d.]+/([\d.]+)/", output)
    return float(m.group(1)) if m else None


def ping(story, host, argv, timeout=15):
    """Run one ping command in host, recording it in the story."""
    result = run(host, argv, timeout=timeout)
    story.did(result.command)
    return result


def test_reply_v4(pair_net, tool, story):
    h1, h2 = pair_net.h1, pair_net.h2
    reference = ping(story, h1, ["ping", "-c", "1", h2.ip4])
    assert replies(reference.stdout, h2.ip4), "iputils ping got no reply: the topology is broken"
    result = ping(story, h1, [tool("np-ping"), "-c", "1", h2.ip4])
    got = replies(result.stdout, h2.ip4)
    story.check(
        len(got) == 1 and got[0][:3] == (64, 1, 64),
        expected=f"a reply line: 64 bytes from {h2.ip4}: icmp_seq=1 ttl=64 time=… ms",
        saw=result.summary(),
    )
    story.check(
        f"PING {h2.ip4} ({h2.ip4}) 56(84) bytes of data." in result.stdout.splitlines(),
        expected=f"the header: PING {h2.ip4} ({h2.ip4}) 56(84) bytes of data.",
        saw=result.summary(),
    )
    story.check(
        summary(result.stdout) == (1, 1, 0, 0, "0") and result.status == 0,
        expected="the summary '1 packets transmitted, 1 received, 0% packet loss' and exit status 0",
        saw=result.summary(),
    )


def test_reply_v6(pair_net, tool, story):
    h1, h2 = pair_net.h1, pair_net.h2
    reference = ping(story, h1, ["ping", "-6", "-c", "1", h2.ip6])
    assert replies(reference.stdout, h2.ip6), "iputils ping -6 got no reply: the topology is broken"
    result = ping(story, h1, [tool("np-ping"), "-6", "-c", "1", h2.ip6])
    got = replies(result.stdout, h2.ip6)
    story.check(
        len(got) == 1 and got[0][:3] == (64, 1, 64),
        expected=f"a reply line: 64 bytes from {h2.ip6}: icmp_seq=1 ttl=64 time=… ms "
        "(the hop limit read from ancillary data)",
        saw=result.summary(),
    )
    story.check(
        f"PING {h2.ip6}({h2.ip6}) 56 data bytes" in result.stdout.splitlines()
        and result.status == 0,
        expected=f"the header PING {h2.ip6}({h2.ip6}) 56 data bytes and exit status 0",
        saw=result.summary(),
    )


def test_count_size_interval(pair_net, tool, story):
    h1, h2 = pair_net.h1, pair_net.h2
    argv = ["-c", "3", "-s", "100", "-i", "0.3", h2.ip4]
    reference = ping(story, h1, ["ping", *argv])
    result = ping(story, h1, [tool("np-ping"), *argv])
    got = replies(result.stdout, h2.ip4)
    story.check(
        [(size, seq) for size, seq, *_ in got] == [(108, 1), (108, 2), (108, 3)],
        expected="three replies of 108 bytes, icmp_seq=1, 2, 3 "
        f"(iputils printed {len(replies(reference.stdout, h2.ip4))})",
        saw=result.summary(),
    )
    story.check(
        f"PING {h2.ip4} ({h2.ip4}) 100(128) bytes of data." in result.stdout.splitlines(),
        expected=f"the header: PING {h2.ip4} ({h2.ip4}) 100(128) bytes of data.",
        saw=result.summary(),
    )
    story.check(
        result.duration >= 0.55,
        expected="probes 0.3 s apart: the three take at least 0.6 s",
        saw=f"the run ended after {result.duration:.2f} s",
    )
    story.check(
        summary(result.stdout) == (3, 3, 0, 0, "0") and result.status == 0,
        expected="'3 packets transmitted, 3 received, 0% packet loss' and exit status 0",
        saw=result.summary(),
    )


def test_ttl_exceeded(chain2_net, tool, story):
    h1, h2, r1 = chain2_net.h1, chain2_net.h2, chain2_net.r1
    router = r1.ip4  # r1's address on h1's link: where the error comes from
    line = f"From {router} icmp_seq=1 Time to live exceeded"
    reference = ping(story, h1, ["ping", "-c", "1", "-t", "1", "-W", "2", h2.ip4])
    assert line in reference.stdout, f"iputils did not print '{line}': the topology is broken"
    result = ping(story, h1, [tool("np-ping"), "-c", "1", "-t", "1", "-W", "2", h2.ip4])
    story.check(
        line in result.stdout.splitlines(),
        expected=f"the line '{line}'",
        saw=result.summary(),
    )
    story.check(
        summary(result.stdout) == (1, 0, 0, 1, "100") and result.status == 1,
        expected="'1 packets transmitted, 0 received, +1 errors, 100% packet loss' and exit status 1",
        saw=result.summary(),
    )


def test_destination_unreachable(chain1_net, tool, story):
    h1, r1, h2 = chain1_net.h1, chain1_net.r1, chain1_net.h2
    # The router routes 10.0.99.0/24 toward h2 but its firewall rejects it with ICMP host
    # unreachable. A firewall reject, not an 'unreachable' route: the kernel rate-limits
    # route errors machine-wide (error_cost), so the second of two errors sent within a
    # second would be dropped. The firewall's reject only obeys icmp_ratelimit, off here.
    r1.cmd(f"ip route add 10.0.99.0/24 via {h2.ip4}")
    r1.cmd(
        "nft add table inet grade && "
        "nft add chain inet grade forward '{ type filter hook forward priority 0; }' && "
        "nft add rule inet grade forward ip daddr 10.0.99.0/24 reject with icmp host-unreachable"
    )
    target = "10.0.99.1"
    line = f"From {r1.ip4} icmp_seq=1 Destination Host Unreachable"
    reference = ping(story, h1, ["ping", "-c", "1", "-W", "2", target])
    assert line in reference.stdout, f"iputils did not print '{line}': the topology is broken"
    result = ping(story, h1, [tool("np-ping"), "-c", "1", "-W", "2", target])
    story.check(
        line in result.stdout.splitlines() and result.status == 1,
        expected=f"the line '{line}' and exit status 1",
        saw=result.summary(),
    )


def test_duplicates(pair_net, tool, story):
    h1, h2 = pair_net.h1, pair_net.h2
    with impair(pair_net, h2, h1, duplicate=1.0):
        story.did("the link from h2 to h1 duplicates every packet")
        argv = ["-c", "3", "-i", "0.3", h2.ip4]
        reference = ping(story, h1, ["ping", *argv])
        result = ping(story, h1, [tool("np-ping"), *argv])
    expected_counts = summary(reference.stdout)
    assert expected_counts and expected_counts[2] > 0, "the harness did not duplicate packets"
    got = replies(result.stdout, h2.ip4)
    firsts = [seq for _, seq, _, _, dup in got if not dup]
    dups = [seq for _, seq, _, _, dup in got if dup]
    # Like iputils, a ping may end on the last reply before that reply's copy arrives:
    # the copies of icmp_seq 1 and 2 must be there, the copy of 3 may be.
    story.check(
        firsts == [1, 2, 3] and {1, 2} <= set(dups) <= {1, 2, 3} and len(set(dups)) == len(dups),
        expected="icmp_seq=1, 2, 3 once each as a reply, and the copies of 1 and 2 marked (DUP!)",
        saw=result.summary(),
    )
    story.check(
        summary(result.stdout) == (3, 3, len(dups), 0, "0"),
        expected=f"'3 packets transmitted, 3 received, +{len(dups)} duplicates, 0% packet loss' "
        "(duplicates are not receptions)",
        saw=result.summary(),
    )


def test_loss(pair_net, tool, story):
    h1, h2 = pair_net.h1, pair_net.h2
    with impair(pair_net, h1, h2, loss=0.5):
        story.did("the link from h1 to h2 loses half the packets, at random")
        result = ping(story, h1, [tool("np-ping"), "-c", "20", "-i", "0.05", "-W", "1", h2.ip4])
    got = replies(result.stdout, h2.ip4)
    counts = summary(result.stdout)
    story.check(
        counts is not None and counts[0] == 20,
        expected="a summary line starting '20 packets transmitted'",
        saw=result.summary(),
    )
    received = counts[1]
    loss = f"{(20 - received) * 100.0 / 20:g}"
    story.check(
        0 < len(got) < 20 and received == len(got) and counts[4] == loss,
        expected=f"some replies lost; the summary counts the {len(got)} reply lines "
        f"and says {loss}% packet loss",
        saw=result.summary(),
    )
    story.check(result.status == 0, expected="exit status 0 (some replies came)", saw=result.summary())


def test_rtt_with_delay(pair_net, tool, story):
    h1, h2 = pair_net.h1, pair_net.h2
    with impair(pair_net, h1, h2, delay_ms=20):
        story.did("the link from h1 to h2 delays every packet by 20 ms")
        argv = ["-c", "10", "-i", "0.1", h2.ip4]
        reference = ping(story, h1, ["ping", *argv])
        result = ping(story, h1, [tool("np-ping"), *argv])
    expected = average_rtt(reference.stdout)
    assert expected and 19 < expected < 40, f"iputils measured {expected} ms: the delay is broken"
    measured = average_rtt(result.stdout)
    story.check(
        measured is not None and abs(measured - expected) <= 1.0,
        expected=f"an average RTT within 1 ms of iputils' {expected:.3f} ms",
        saw=f"rtt avg {measured} ms" if measured is not None else result.summary(),
    )


def test_two_pings_at_once(pair_net, tool, story):
    h1, h2 = pair_net.h1, pair_net.h2
    np_ping = tool("np-ping")
    small = [np_ping, "-c", "5", "-i", "0.2", "-s", "56", h2.ip4]
    large = [np_ping, "-c", "5", "-i", "0.2", "-s", "200", h2.ip4]
    with Daemon(h1, large) as other:
        story.did(f"h1$ {' '.join(['np-ping', *large[1:]])} &  (in the background)")
        result = ping(story, h1, small)
        other_result = other.wait(timeout=10)
    for res, size in ((result, 64), (other_result, 208)):
        got = replies(res.stdout, h2.ip4)
        story.check(
            [(s, seq, dup) for s, seq, _, _, dup in got] == [(size, n, False) for n in range(1, 6)],
            expected=f"the -s {size - 8} ping sees exactly its own five {size}-byte replies, seq 1-5, no DUP",
            saw=res.summary(),
        )


STRAY_SENDER = r"""
import socket, struct, sys, time
target, ident = sys.argv[1], int(sys.argv[2])
def checksum(data):
    data += b"\0" * (len(data) % 2)
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF
def echo_reply(ident, seq, payload):
    head = struct.pack("!BBHHH", 0, 0, 0, ident, seq)
    return struct.pack("!BBHHH", 0, 0, checksum(head + payload), ident, seq) + payload
sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
strays = [
    echo_reply(ident, 40000, b"x" * 56),          # ours by identifier, a sequence never sent
    echo_reply(ident ^ 0x5555, 1, b"y" * 56),     # someone else's identifier
    echo_reply(ident, 2, b"")[:6],                # truncated inside the ICMP header
    bytes([0, 0]),                                # two bytes of nothing
    bytes([3, 3, 0, 0, 0, 0, 0, 0, 0x45, 0]),     # an error quoting a truncated header
]
for _ in range(20):
    for packet in strays:
        sock.sendto(packet, (target, 0))
    time.sleep(0.05)
"""


def test_stray_icmp_and_bad_input(pair_net, tool, story, tmp_path):
    h1, h2 = pair_net.h1, pair_net.h2
    np_ping = tool("np-ping")

    unknown = ping(story, h1, [np_ping, "-c", "1", "no-such-host.invalid"])
    story.check(
        unknown.status == 2 and "no-such-host.invalid" in unknown.stderr
        and len(unknown.stderr.strip().splitlines()) == 1,
        expected="one line on stderr naming the unknown host, and exit status 2",
        saw=unknown.summary(),
    )
    bad = ping(story, h1, [np_ping, "-c", "zero", h2.ip4])
    story.check(
        bad.status == 2 and len(bad.stderr.strip().splitlines()) == 1,
        expected="one line on stderr about the bad count, and exit status 2",
        saw=bad.summary(),
    )

    sender = tmp_path / "stray_sender.py"
    sender.write_text(STRAY_SENDER)
    with Daemon(h1, [np_ping, "-c", "5", "-i", "0.25", h2.ip4]) as pinger:
        story.did(f"h1$ np-ping -c 5 -i 0.25 {h2.ip4} &  while h2 sends h1 forged, "
                  "foreign and truncated ICMP")
        run(h2, ["/usr/bin/python3", str(sender), h1.ip4, str(pinger.pid & 0xFFFF)], timeout=10)
        result = pinger.wait(timeout=10)
    got = replies(result.stdout, h2.ip4)
    story.check(
        [(seq, dup) for _, seq, _, _, dup in got] == [(n, False) for n in range(1, 6)]
        and summary(result.stdout) == (5, 5, 0, 0, "0") and result.status == 0,
        expected="the five real replies, nothing counted from the strays, exit status 0",
        saw=result.summary(),
    )

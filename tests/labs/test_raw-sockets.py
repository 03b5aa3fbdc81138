"""Graded network tests of the raw-sockets lab.

np-rawsend's datagrams are checked by what the receiving host sees: tcpdump -vv (every
header field, the IP and UDP checksums, the fragments) and an ordinary UDP socket (the
payload, after the kernel reassembled it). np-rawrecv is checked against datagrams whose
content the test knows, some sent by independent Python senders. Receivers are waited for
through /proc/net/raw (their socket exists), tcpdump through its "listening on" line.
Points and hints live in tests/labs/raw-sockets.toml.
"""

import contextlib
import re

from harness.run import Daemon, run, wait_for

UDP_RECEIVER = r"""
import socket, sys
family = socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET
sock = socket.socket(family, socket.SOCK_DGRAM)
sock.bind((sys.argv[1], int(sys.argv[2])))
print("ready", flush=True)
data, peer = sock.recvfrom(65535)
print(len(data), peer[1], data.hex(), flush=True)
"""

UDP_SENDER = r"""
import socket, sys
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(("0.0.0.0", 4321))
sock.sendto(b"x" * int(sys.argv[2]), (sys.argv[1], 7000))
"""

PROTO_SENDER = r"""
import socket, sys
sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, int(sys.argv[2]))
sock.sendto(sys.argv[3].encode(), (sys.argv[1], 0))
"""

PATTERN = bytes(ord("a") + i % 26 for i in range(65536))  # what -l LENGTH sends


def step(story, host, argv, timeout=10):
    """Run one command in host, recording it in the story."""
    result = run(host, argv, timeout=timeout)
    story.did(result.command)
    return result


def python(run_dir, name, source):
    path = run_dir / name
    path.write_text(source)
    return ["/usr/bin/python3", str(path)]


def raw_sockets(host, protocol, v6=False):
    """How many raw sockets of this protocol are open in host (from /proc/net/raw[6])."""
    table = run(host, ["cat", "/proc/net/raw6" if v6 else "/proc/net/raw"]).stdout
    suffix = f":{protocol:04X}"
    return sum(1 for line in table.splitlines()[1:] if line.split()[1].endswith(suffix))


def wait_raw(host, protocol, count, v6=False):
    wait_for(lambda: raw_sockets(host, protocol, v6) >= count, timeout=5,
             what=f"{count} raw socket(s) for protocol {protocol} in {host.name}")


@contextlib.contextmanager
def tcpdump(host, peer, story, filter_expr, run_dir):
    """tcpdump -vv on host's link to peer, yielded once it is listening; stopped (SIGTERM,
    after which it has printed everything: -l and immediate mode) when the block ends."""
    intf = host.intf(peer)
    argv = ["tcpdump", "-l", "--immediate-mode", "-vv", "-n", "-i", intf, filter_expr]
    with Daemon(host, argv, run_dir=run_dir) as daemon:
        story.did(f"{host.name}$ {' '.join(argv)} &")
        wait_for(lambda: "listening on" in daemon.stderr or not daemon.alive(), timeout=5,
                 what="tcpdump to listen")
        yield daemon


def records(text):
    """tcpdump -vv output as one string per packet (continuation lines joined)."""
    packets = []
    for line in text.splitlines():
        if re.match(r"^\d\d:\d\d:\d\d\.\d+ ", line):
            packets.append(line.strip())
        elif packets and line.strip():
            packets[-1] += " " + line.strip()
    return packets


def lines(text):
    return [line for line in text.splitlines() if line.strip()]


def no_offload(story, host, peer):
    story.did(f"{host.name}$ ethtool -K {host.intf(peer)} tx off")
    run(host, ["ethtool", "-K", host.intf(peer), "tx", "off"])


def test_fields_and_checksums(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    no_offload(story, h1, h2)
    src, dst = h1.ip4, h2.ip4
    cases = [
        # argv, the IP line's fields, the line after it
        (["-u", "5000:6000", "-m", "hello, world!", "-t", "7", "-i", "4660", "-D"],
         r"ttl 7, id 4660, offset 0, flags \[DF\], proto UDP \(17\), length 41\)",
         rf"{src}\.5000 > {dst}\.6000: \[udp sum ok\] UDP, length 13$"),
        (["-u", "5001:6001", "-l", "1", "-i", "0"],
         r"ttl 64, id (?!0,)\d+, offset 0, flags \[none\], proto UDP \(17\), length 29\)",
         rf"{src}\.5001 > {dst}\.6001: \[udp sum ok\] UDP, length 1$"),
        (["-u", "5002:6002", "-l", "255", "-t", "33", "-i", "65535", "-S", src],
         r"ttl 33, id 65535, offset 0, flags \[none\], proto UDP \(17\), length 283\)",
         rf"{src}\.5002 > {dst}\.6002: \[udp sum ok\] UDP, length 255$"),
        (["-P", "253", "-m", "abc", "-t", "200", "-i", "99", "-D"],
         r"ttl 200, id 99, offset 0, flags \[DF\], proto unknown \(253\), length 23\)",
         rf"{src} > {dst}:\s+ip-proto-253 3$"),
    ]
    with tcpdump(h2, h1, story, f"src host {src} and (udp or ip proto 253)", run_dir) as dump:
        for argv, _, _ in cases:
            result = step(story, h1, [tool("np-rawsend"), *argv, dst])
            story.check(result.status == 0, expected="exit status 0", saw=result.summary())
        try:
            wait_for(lambda: len(records(dump.stdout)) >= len(cases), timeout=3,
                     what="tcpdump to show the datagrams")
        except TimeoutError:
            pass
    seen = records(dump.stop().stdout)
    story.check(len(seen) == len(cases), expected=f"tcpdump on h2 sees {len(cases)} datagrams",
                saw=f"{len(seen)}: " + " || ".join(seen))
    for (argv, ip_fields, inner), packet in zip(cases, seen):
        story.check(
            re.search(r"IP \(tos 0x0, " + ip_fields, packet) and re.search(inner, packet)
            and "bad" not in packet,
            expected=f"for np-rawsend {' '.join(argv)}: an IP header with '{ip_fields}' "
            f"(regex), then '{inner}', no bad checksum",
            saw=packet,
        )


def test_ttl_exceeded_at_router(chain1_net, tool, story):
    h1, r1, h2 = chain1_net.h1, chain1_net.r1, chain1_net.h2
    with Daemon(h1, [tool("np-rawrecv"), "-n", "1", "1"]) as receiver:
        story.did("h1$ np-rawrecv -n 1 1 &")
        wait_raw(h1, 1, 1)
        step(story, h1, [tool("np-rawsend"), "-u", "5000:6000", "-t", "1", "-m", "x", h2.ip4])
        result = receiver.wait(timeout=5)
    pattern = rf"^{re.escape(r1.ip4)} > {re.escape(h1.ip4)}: proto 1, ttl 64, id \d+, length 57$"
    story.check(
        result.status == 0 and any(re.match(pattern, line) for line in lines(result.stdout)),
        expected=f"np-rawrecv prints the time exceeded from r1: '{r1.ip4} > {h1.ip4}: proto 1, "
        "ttl 64, id …, length 57' (IP 20 + ICMP 8 + the quoted IP 20 + UDP 8 + 1) and exits 0",
        saw=result.summary(),
    )


def test_udp_socket_gets_payload(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    argv = python(run_dir, "udp_receiver.py", UDP_RECEIVER) + [h2.ip4, "6000"]
    with Daemon(h2, argv, run_dir=run_dir) as receiver:
        story.did(f"h2$ python3 udp_receiver.py {h2.ip4} 6000 &  (an ordinary UDP socket)")
        wait_for(lambda: "ready" in receiver.stdout, timeout=5, what="the UDP receiver")
        sent = step(story, h1, [tool("np-rawsend"), "-u", "5000:6000", "-m", "odd length!",
                                h2.ip4])
        result = receiver.wait(timeout=3)
    expected = f"11 5000 {b'odd length!'.hex()}"
    story.check(
        expected in result.stdout,
        expected=f"the UDP socket receives 'odd length!' from port 5000 ({expected})",
        saw=f"np-rawsend: {sent.summary()}; receiver: {result.summary()}",
    )


def test_fragments_reassembled(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    no_offload(story, h1, h2)
    argv = python(run_dir, "udp_receiver.py", UDP_RECEIVER) + [h2.ip4, "6000"]
    with tcpdump(h2, h1, story, f"src host {h1.ip4} and udp", run_dir) as dump, \
         Daemon(h2, argv, run_dir=run_dir) as receiver:
        story.did(f"h2$ python3 udp_receiver.py {h2.ip4} 6000 &  (an ordinary UDP socket)")
        wait_for(lambda: "ready" in receiver.stdout, timeout=5, what="the UDP receiver")
        sent = step(story, h1, [tool("np-rawsend"), "-u", "5000:6000", "-l", "3000", h2.ip4])
        result = receiver.wait(timeout=3)
        try:
            wait_for(lambda: len(records(dump.stdout)) >= 3, timeout=2, what="the fragments")
        except TimeoutError:
            pass
    expected = f"3000 5000 {PATTERN[:3000].hex()}"
    story.check(
        expected in result.stdout,
        expected="the UDP socket on h2 receives all 3000 bytes, reassembled",
        saw=f"np-rawsend: {sent.summary()}; receiver: {result.summary()}",
    )
    seen = records(dump.stop().stdout)
    fields = []
    for packet in seen:
        m = re.search(r"id (\d+), offset (\d+), flags \[([^\]]*)\], proto UDP \(17\), length (\d+)",
                      packet)
        if m:
            fields.append((int(m.group(1)), int(m.group(2)), m.group(3), int(m.group(4))))
    ids = {f[0] for f in fields}
    story.check(
        [(offset, flags, length) for _, offset, flags, length in fields]
        == [(0, "+", 1500), (1480, "+", 1500), (2960, "none", 68)] and len(ids) == 1,
        expected="three fragments on the 1500-byte link, one identification: offsets 0, 1480, "
        "2960; flags [+], [+], [none]; lengths 1500, 1500, 68",
        saw=" || ".join(seen) or "no datagrams",
    )


def test_rawrecv_protocol_253(pair_net, tool, story):
    h1, h2 = pair_net.h1, pair_net.h2
    with Daemon(h2, [tool("np-rawrecv"), "-x", "-n", "2", "253"]) as receiver:
        story.did("h2$ np-rawrecv -x -n 2 253 &")
        wait_raw(h2, 253, 1)
        step(story, h1, [tool("np-rawsend"), "-P", "253", "-m", "abc", "-t", "200", "-i", "99",
                         h2.ip4])
        step(story, h1, [tool("np-rawsend"), "-P", "253", "-l", "100", "-i", "7", h2.ip4])
        result = receiver.wait(timeout=5)
    heads = [line for line in lines(result.stdout) if not line.startswith(" ")]
    want = [f"{h1.ip4} > {h2.ip4}: proto 253, ttl 200, id 99, length 23",
            f"{h1.ip4} > {h2.ip4}: proto 253, ttl 64, id 7, length 120"]
    story.check(heads == want and result.status == 0,
                expected=" then ".join(f"'{w}'" for w in want) + ", exit status 0",
                saw=result.summary())
    dump = re.sub(r"\s+", " ", result.stdout)
    story.check(
        "45 00 00 17" in dump and "61 62 63" in dump,
        expected="-x dumps the whole datagram, IP header first: 45 00 00 17 … 61 62 63",
        saw=result.summary(),
    )


def test_raw_udp_socket_sees_udp(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    with Daemon(h2, [tool("np-rawrecv"), "-n", "1", "17"]) as receiver:
        story.did("h2$ np-rawrecv -n 1 17 &")
        wait_raw(h2, 17, 1)
        step(story, h1, python(run_dir, "udp_sender.py", UDP_SENDER) + [h2.ip4, "10"])
        result = receiver.wait(timeout=5)
    pattern = rf"^{re.escape(h1.ip4)} > {re.escape(h2.ip4)}: proto 17, ttl 64, id \d+, length 38$"
    story.check(
        result.status == 0 and any(re.match(pattern, line) for line in lines(result.stdout)),
        expected="Linux hands the raw UDP socket a copy of an ordinary UDP datagram: "
        f"'{h1.ip4} > {h2.ip4}: proto 17, ttl 64, id …, length 38'",
        saw=result.summary(),
    )


def test_bind_connect_filter(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    sender = python(run_dir, "proto_sender.py", PROTO_SENDER)
    rawrecv = tool("np-rawrecv")
    with Daemon(h2, [rawrecv, "-n", "1", "-b", "127.0.0.1", "253"], run_dir=run_dir) as bound, \
         Daemon(h2, [rawrecv, "-n", "1", "-c", h1.ip4, "253"], run_dir=run_dir) as connected, \
         Daemon(h2, [rawrecv, "-n", "2", "253"], run_dir=run_dir) as everything:
        story.did(f"h2$ np-rawrecv -n 1 -b 127.0.0.1 253 & np-rawrecv -n 1 -c {h1.ip4} 253 & "
                  "np-rawrecv -n 2 253 &")
        wait_raw(h2, 253, 3)
        step(story, h2, sender + ["127.0.0.1", "253", "local"])
        try:
            wait_for(lambda: lines(everything.stdout), timeout=3, what="the first datagram")
        except TimeoutError:
            story.fail(expected="the unfiltered np-rawrecv 253 prints the datagram sent to "
                       "127.0.0.1", saw=everything.stdout.strip() or "nothing")
        step(story, h1, sender + [h2.ip4, "253", "remote"])
        everything.wait(timeout=3)
        connected_result = connected.wait(timeout=3)
        bound_result = bound.wait(timeout=3)
    got = lines(bound_result.stdout)
    story.check(
        len(got) == 1 and got[0].startswith("127.0.0.1 > 127.0.0.1: proto 253, ttl 64, id "),
        expected="the socket bound to 127.0.0.1 sees only the datagram sent to 127.0.0.1",
        saw=bound_result.summary(),
    )
    got = lines(connected_result.stdout)
    story.check(
        len(got) == 1 and got[0].startswith(f"{h1.ip4} > {h2.ip4}: proto 253, ttl 64, id "),
        expected=f"the socket connected to {h1.ip4} sees only the datagram from {h1.ip4}",
        saw=connected_result.summary(),
    )


def test_two_receivers_each_get_a_copy(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    argv = [tool("np-rawrecv"), "-n", "1", "253"]
    with Daemon(h2, argv, run_dir=run_dir) as first, Daemon(h2, argv, run_dir=run_dir) as second:
        story.did("h2$ np-rawrecv -n 1 253 & np-rawrecv -n 1 253 &")
        wait_raw(h2, 253, 2)
        step(story, h1, [tool("np-rawsend"), "-P", "253", "-m", "copy", "-i", "5", h2.ip4])
        results = [first.wait(timeout=3), second.wait(timeout=3)]
    want = f"{h1.ip4} > {h2.ip4}: proto 253, ttl 64, id 5, length 24"
    for result in results:
        story.check(lines(result.stdout) == [want] and result.status == 0,
                    expected=f"each receiver prints '{want}' and exits 0", saw=result.summary())


def test_ipv6_send_and_receive(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    no_offload(story, h1, h2)
    src, dst = h1.ip6, h2.ip6
    rawrecv = tool("np-rawrecv")
    with tcpdump(h2, h1, story, f"ip6 and src host {src} and not icmp6", run_dir) as dump, \
         Daemon(h2, [rawrecv, "-6", "-n", "1", "17"], run_dir=run_dir) as udp_receiver, \
         Daemon(h2, [rawrecv, "-6", "-n", "1", "253"], run_dir=run_dir) as other_receiver:
        story.did("h2$ np-rawrecv -6 -n 1 17 & np-rawrecv -6 -n 1 253 &")
        wait_raw(h2, 17, 1, v6=True)
        wait_raw(h2, 253, 1, v6=True)
        step(story, h1, [tool("np-rawsend"), "-6", "-u", "5003:6003", "-m", "v6 odd!", "-t", "9",
                         dst])
        step(story, h1, [tool("np-rawsend"), "-6", "-P", "253", "-m", "abc", dst])
        results = [udp_receiver.wait(timeout=3), other_receiver.wait(timeout=3)]
        try:
            wait_for(lambda: len(records(dump.stdout)) >= 2, timeout=2, what="tcpdump")
        except TimeoutError:
            pass
    seen = records(dump.stop().stdout)
    story.check(
        any(re.search(rf"hlim 9, next-header UDP \(17\) payload length: 15\) {src}\.5003 > "
                      rf"{dst}\.6003: \[udp sum ok\] UDP, length 7$", packet) for packet in seen),
        expected="tcpdump on h2: hlim 9, UDP 5003 > 6003, [udp sum ok], length 7 "
        "(the kernel's checksum at IPV6_CHECKSUM offset 6; the hop limit as ancillary data)",
        saw=" || ".join(seen) or "no datagrams",
    )
    wants = [f"{src} > {dst}: proto 17, hlim 9, length 15",
             f"{src} > {dst}: proto 253, hlim 64, length 3"]
    for result, want in zip(results, wants):
        story.check(lines(result.stdout) == [want] and result.status == 0,
                    expected=f"np-rawrecv -6 prints '{want}' and exits 0", saw=result.summary())


def test_bad_input(pair_net, tool, story):
    h1, h2 = pair_net.h1, pair_net.h2
    rawsend, rawrecv = tool("np-rawsend"), tool("np-rawrecv")
    for argv in ([rawsend, "-u", "5000", "-m", "x", h2.ip4],
                 [rawsend, "-P", "256", "-m", "x", h2.ip4],
                 [rawsend, "-u", "1:2", "-l", "65508", h2.ip4],
                 [rawsend, "-u", "1:2", "-m", "x", "no-such-host.invalid"],
                 [rawrecv, "-n", "0", "253"],
                 [rawrecv, "udp"]):
        result = step(story, h1, argv)
        story.check(
            result.status == 2 and len(lines(result.stderr)) == 1 and not result.stdout,
            expected="one line on stderr, nothing on stdout, exit status 2",
            saw=result.summary(),
        )
    result = step(story, h1, [rawsend, "-D", "-u", "1:2", "-l", "3000", h2.ip4])
    story.check(
        result.status == 1 and len(lines(result.stderr)) == 1,
        expected="-D with 3028 bytes over a 1500-byte MTU: nothing sent, one line on stderr, "
        "exit status 1",
        saw=result.summary(),
    )

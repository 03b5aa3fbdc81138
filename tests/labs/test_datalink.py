"""Graded network tests of the datalink lab.

Every check is against tcpdump on the same packets: live, tcpdump runs beside our tools on
h2's interface (--immediate-mode -U -w, so nothing stays in a kernel block when it stops)
and its file is the reference; offline, tcpdump and np-capture read the same pcap file,
crafted here byte by byte (VLAN tags, TCP flags, lying and truncated headers that the
topology would never produce). Live captures end at a marker: the ICMP port unreachable
that answers a UDP datagram to port 9997, the last packet of the traffic. Lines are
compared without their timestamps. Points and hints live in tests/labs/datalink.toml.
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
import struct

from harness.run import Daemon, run, wait_for

# Everything h1 and h2 say to each other, except UDP to port 9996 (which the filter must
# drop), and nothing of the multicast chatter that comes and goes on its own.
FILTER = "not udp port 9996 and (arp or host 10.0.0.1 or host fd00::1)"
MARKER = "udp port 9997 unreachable"
TIME = re.compile(r"^\d\d:\d\d:\d\d\.\d{6} ")

UDP_SENDER = r"""
import socket, sys
family = socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET
sock = socket.socket(family, socket.SOCK_DGRAM)
for port in sys.argv[2:]:
    sock.sendto(b"hello" if port != "9997" else b"end", (sys.argv[1], int(port)))
"""


# --- running things ------------------------------------------------------------------------

def step(story, host, argv, timeout=10, **kwargs):
    result = run(host, argv, timeout=timeout, **kwargs)
    story.did(result.command)
    return result


@contextlib.contextmanager
def capturing(story, host, argv, run_dir):
    """A capture tool in the background, yielded once it says it is listening."""
    with Daemon(host, argv, run_dir=run_dir) as daemon:
        story.did(f"{host.name}$ {' '.join(str(a) for a in argv)} &")
        try:
            wait_for(lambda: "listening on" in daemon.stderr or not daemon.alive(), timeout=8,
                     what="the capture to start")
        except TimeoutError:
            pass
        if "listening on" not in daemon.stderr:
            story.fail(expected="'listening on IFACE, link-type EN10MB (Ethernet), …' on stderr",
                       saw=daemon.stop().summary())
        yield daemon


def reference(story, h2, h1, run_dir, extra=(), expression=FILTER):
    """tcpdump writing every packet at once to ref.pcap: the reference capture."""
    argv = ["tcpdump", "--immediate-mode", "-U", "-i", h2.intf(h1), *extra,
            "-w", str(run_dir / "ref.pcap"), expression]
    return capturing(story, h2, argv, run_dir)


def traffic(story, h1, h2, run_dir):
    """Ping both ways, UDP (answered by port unreachables), a TCP connection, the marker."""
    sender = run_dir / "udp_sender.py"
    sender.write_text(UDP_SENDER)
    with Daemon(h2, ["nc", "-l", "12345"], run_dir=run_dir) as server:
        story.did("h2$ nc -l 12345 &")
        step(story, h1, ["ping", "-c", "2", "-i", "0.2", h2.ip4])
        step(story, h1, ["ping", "-6", "-c", "2", "-i", "0.2", h2.ip6])
        step(story, h1, ["/usr/bin/python3", sender, h2.ip4, "9999", "9996"])
        step(story, h1, ["/usr/bin/python3", sender, h2.ip6, "9999"])
        wait_for(lambda: "12345" in run(h2, ["ss", "-ltnH"]).stdout, timeout=5,
                 what="nc to listen")
        step(story, h1, ["nc", "-q", "0", "-w", "3", h2.ip4, "12345"], input="hello\n")
        server.wait(timeout=5)
    step(story, h1, ["/usr/bin/python3", sender, h2.ip4, "9997"])


FRAME_SENDER = r"""
import socket, sys
sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
sock.bind((sys.argv[1], 0))
for frame in sys.argv[2:]:
    sock.send(bytes.fromhex(frame))
"""


def read_file(host, path, *options):
    """tcpdump -n -r: the lines, without the stderr header."""
    return run(host, ["tcpdump", "-n", *options, "-r", str(path)]).stdout


def wait_marker(what, text_now, timeout=8):
    try:
        wait_for(lambda: MARKER in text_now(), timeout=timeout, what=what)
    except TimeoutError:
        pass


def body(lines):
    """Lines without timestamps, up to and including the marker's."""
    out = []
    for line in lines:
        out.append(TIME.sub("", line))
        if MARKER in line:
            break
    return out


def lines(text):
    return [line for line in text.splitlines() if line.strip()]


def records(text):
    """tcpdump -xx output: one string per packet (its line and its hex lines)."""
    packets = []
    for line in text.splitlines():
        if TIME.match(line):
            packets.append(line)
        elif packets and line.strip():
            packets[-1] += " | " + line.strip()
    return packets


def first_difference(ours, theirs):
    for index, (a, b) in enumerate(zip(ours, theirs)):
        if a != b:
            return f"line {index + 1}: ours '{a}' || tcpdump's '{b}'"
    if len(ours) != len(theirs):
        return f"{len(ours)} lines against tcpdump's {len(theirs)}; " + (
            f"first extra: '{(ours + theirs)[min(len(ours), len(theirs))]}'"
            if ours or theirs else "")
    return "identical"


def captured_count(stderr):
    m = re.search(r"^(\d+) packets? captured$", stderr, re.M)
    return int(m.group(1)) if m else None


# --- crafting pcap files -----------------------------------------------------------------------

MAC1, MAC2 = "02:00:00:00:00:01", "02:00:00:00:00:02"


def mac(text):
    return bytes.fromhex(text.replace(":", ""))


def eth(payload, ethertype, vlan=None, src=MAC1, dst=MAC2):
    tag = b"" if vlan is None else struct.pack("!HH", 0x8100, vlan)
    return mac(dst) + mac(src) + tag + struct.pack("!H", ethertype) + payload


def ip4(payload, proto, src="10.0.0.1", dst="10.0.0.2", ihl=5, total=None):
    total = 20 + len(payload) if total is None else total
    return struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, total, 1, 0, 64, proto, 0,
                       ipaddress.ip_address(src).packed,
                       ipaddress.ip_address(dst).packed) + payload


def ip6(payload, next_header, src="fd00::1", dst="fd00::2", length=None):
    length = len(payload) if length is None else length
    return struct.pack("!IHBB16s16s", 0x60000000, length, next_header, 64,
                       ipaddress.ip_address(src).packed,
                       ipaddress.ip_address(dst).packed) + payload


def icmp(kind, code=0, ident=7, seq=1, data=b"x" * 56):
    return struct.pack("!BBHHH", kind, code, 0, ident, seq) + data


def udp(sport, dport, data=b"hello", length=None):
    length = 8 + len(data) if length is None else length
    return struct.pack("!HHHH", sport, dport, length, 0) + data


def tcp(sport, dport, flags, seq=1000, ack=0, options=b"", offset=None, data=b""):
    offset = (20 + len(options)) // 4 if offset is None else offset
    return struct.pack("!HHIIBBHHH", sport, dport, seq, ack, offset << 4, flags, 512, 0,
                       0) + options + data


def arp(op, sender_ip, target_ip, sender=MAC1, target="00:00:00:00:00:00"):
    return struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, op, mac(sender),
                       ipaddress.ip_address(sender_ip).packed, mac(target),
                       ipaddress.ip_address(target_ip).packed)


def write_pcap(path, frames, snaplen=262144):
    """frames: (bytes, captured length or None); packet i at 1700000000 + i seconds."""
    with open(path, "wb") as out:
        out.write(struct.pack("=IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, snaplen, 1))
        for index, (frame, kept) in enumerate(frames):
            kept = len(frame) if kept is None else min(kept, len(frame))
            out.write(struct.pack("=IIII", 1700000000 + index, 1000 * index, kept, len(frame)))
            out.write(frame[:kept])


def pcap_records(path):
    """(snaplen, [(captured, wire length)]) of a pcap file, read here independently."""
    data = open(path, "rb").read()
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0xA1B2C3D4 else ">"
    snaplen = struct.unpack(order + "I", data[16:20])[0]
    out, offset = [], 24
    while offset + 16 <= len(data):
        _, _, kept, wire = struct.unpack(order + "IIII", data[offset:offset + 16])
        out.append((kept, wire))
        offset += 16 + kept
    return snaplen, out


SYN_OPTIONS = bytes.fromhex("020405b40402080a0000000100000000010303") + b"\x07"
SYN, ACK, RST, FIN, PSH = 0x02, 0x10, 0x04, 0x01, 0x08


def filter_frames():
    """A mix for filter expressions: VLAN tags, TCP flags, IPv6, ARP, other nets."""
    return [
        eth(ip4(icmp(8), 1), 0x0800),
        eth(ip4(icmp(0), 1, src="10.0.0.2", dst="10.0.0.1"), 0x0800),
        eth(ip4(udp(40000, 7777), 17), 0x0800),
        eth(ip4(udp(40001, 8888), 17, dst="10.0.0.3"), 0x0800),
        eth(ip4(tcp(40002, 7777, SYN, options=SYN_OPTIONS), 6), 0x0800),
        eth(ip4(tcp(7777, 40002, SYN | ACK, ack=1001), 6, src="10.0.0.2", dst="10.0.0.1"),
            0x0800),
        eth(ip4(tcp(40002, 7777, ACK, seq=1001, ack=1), 6), 0x0800),
        eth(ip4(tcp(40002, 7777, RST, seq=1001), 6), 0x0800),
        eth(ip4(tcp(40003, 9000, FIN | PSH | ACK, data=b"bye"), 6, dst="10.0.1.5"), 0x0800),
        eth(ip4(icmp(8), 1), 0x0800, vlan=10),
        eth(ip4(udp(40000, 7777), 17), 0x0800, vlan=20),
        eth(ip4(tcp(40004, 7777, SYN), 6, src="10.0.1.9"), 0x0800, vlan=20),
        eth(ip6(icmp(128), 58), 0x86DD),
        eth(ip6(udp(40000, 7777), 17), 0x86DD),
        eth(ip6(tcp(40005, 7777, SYN), 6), 0x86DD),
        eth(ip6(icmp(128), 58), 0x86DD, vlan=10),
        eth(arp(1, "10.0.0.1", "10.0.0.2"), 0x0806),
        eth(arp(2, "10.0.0.2", "10.0.0.1", sender=MAC2, target=MAC1), 0x0806, src=MAC2,
            dst=MAC1),
        eth(ip4(udp(40006, 7778), 17, src="10.0.1.1", dst="10.0.1.2"), 0x0800),
    ]


FILTERS = [
    "host 10.0.0.3", "net 10.0.1.0/24", "port 7777", "src port 40000", "udp", "tcp", "icmp",
    "icmp6", "arp", "ip6", "vlan", "vlan 20", "vlan and udp", "vlan 10 and ip6",
    "tcp[tcpflags] & tcp-syn != 0", "tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn",
    "tcp[tcpflags] & tcp-rst != 0", "not arp", "icmp or arp", "udp and not port 7777",
    "ip6 and tcp", "not (udp or tcp or icmp)", "ether src 02:00:00:00:00:02",
]


def corrupt_frames():
    """Lying headers and short snapshots, each a case tcpdump prints in its own way."""
    syn = eth(ip4(tcp(1234, 7777, SYN, options=SYN_OPTIONS), 6), 0x0800)
    ping = eth(ip4(icmp(8), 1), 0x0800)
    datagram = eth(ip4(udp(1000, 2000), 17), 0x0800)
    return [
        (eth(ip4(icmp(8), 1, ihl=4), 0x0800), None),           # IHL below 5
        (eth(ip4(icmp(8), 1, ihl=15), 0x0800), None),          # IHL beyond the datagram
        (eth(ip4(icmp(8), 1, total=2000), 0x0800), None),      # total length beyond the frame
        (eth(ip4(udp(1000, 2000, length=500), 17), 0x0800), None),  # UDP length lies
        (eth(ip4(udp(1000, 2000, length=3), 17), 0x0800), None),    # UDP length below 8
        (eth(ip4(tcp(1, 2, SYN | ACK, offset=15), 6), 0x0800), None),  # TCP offset lies
        (eth(ip4(tcp(1, 2, SYN, offset=3), 6), 0x0800), None),   # TCP offset below 5
        (eth(ip6(udp(1000, 2000), 17, length=300), 0x86DD), None),  # payload length lies
        (ping, 13), (ping, 14), (ping, 20), (ping, 36), (ping, 41),  # snapshots cut short
        (datagram, 36), (datagram, 39),
        (syn, 36), (syn, 40), (syn, 54), (syn, 60), (syn, 70),
        (eth(ip6(icmp(128), 58), 0x86DD), 50), (eth(ip6(icmp(128), 58), 0x86DD), 56),
        (eth(arp(1, "10.0.0.1", "10.0.0.2"), 0x0806), 30),
        (eth(ip4(icmp(8), 1), 0x0800, vlan=10), 16),
        (ping, None),                                            # and a whole one after all that
    ]


# --- the tests -------------------------------------------------------------------------------

def check_lines(pair_net, story, run_dir, name, path):
    """The tool prints, live, the lines tcpdump -n -r prints of tcpdump's own capture."""
    h1, h2 = pair_net.h1, pair_net.h2
    with reference(story, h2, h1, run_dir), \
         capturing(story, h2, [path, "-n", "-i", h2.intf(h1), FILTER], run_dir) as ours:
        traffic(story, h1, h2, run_dir)
        wait_marker("tcpdump's file to hold the marker",
                    lambda: read_file(h2, run_dir / "ref.pcap"))
        wait_marker("the marker line", lambda: ours.stdout)
    want = body(lines(read_file(h2, run_dir / "ref.pcap")))
    story.did(f"h2$ tcpdump -n -r ref.pcap  ({len(want)} lines up to the marker)")
    story.check(want and MARKER in want[-1], expected="tcpdump's reference capture holds the "
                "traffic up to the marker", saw=f"{len(want)} lines")
    got = body(lines(ours.result.stdout))
    story.check(got == want,
                expected=f"{name} prints tcpdump -n's {len(want)} lines (without the times) "
                f"up to '{MARKER}'",
                saw=first_difference(got, want))


def check_written_file(pair_net, story, run_dir, name, path):
    """The tool's -w file holds, byte for byte, what tcpdump's own capture holds; stopped
    by SIGTERM, the tool says how many packets it captured. Returns the file."""
    h1, h2 = pair_net.h1, pair_net.h2
    written = run_dir / "ours.pcap"
    with reference(story, h2, h1, run_dir), \
         capturing(story, h2, [path, "-U", "-i", h2.intf(h1), "-w", written, FILTER],
                   run_dir) as ours:
        traffic(story, h1, h2, run_dir)
        for pcap in (run_dir / "ref.pcap", written):
            wait_marker(f"{pcap.name} to hold the marker", lambda p=pcap: read_file(h2, p))
    want = body(records(read_file(h2, run_dir / "ref.pcap", "-xx")))
    story.did(f"h2$ tcpdump -n -xx -r ref.pcap  ({len(want)} packets up to the marker)")
    result = step(story, h2, ["tcpdump", "-n", "-xx", "-r", written])
    story.check(result.status == 0 and "reading from file" in result.stderr,
                expected=f"tcpdump reads {name}'s -w file", saw=result.summary())
    got = body(records(result.stdout))
    story.check(got == want,
                expected=f"the same {len(want)} packets, byte for byte, as tcpdump's own "
                "capture (up to the marker)",
                saw=first_difference(got, want))
    stopped = ours.result
    count = captured_count(stopped.stderr)
    in_file = len(records(result.stdout))
    story.check(stopped.status == 0 and count == in_file,
                expected=f"{name} stopped by SIGTERM: exit status 0 and 'N packets captured' "
                f"on stderr with N = the {in_file} packets in its file",
                saw=stopped.summary() + " | stderr: " + stopped.stderr.strip()[-200:])
    return written


def test_capture_lines_match_tcpdump(pair_net, tool, story, run_dir):
    check_lines(pair_net, story, run_dir, "np-capture", tool("np-capture"))


def test_pfcapture_lines_match_tcpdump(pair_net, tool, story, run_dir):
    check_lines(pair_net, story, run_dir, "np-pfcapture", tool("np-pfcapture"))


def test_capture_writes_pcap(pair_net, tool, story, run_dir):
    check_written_file(pair_net, story, run_dir, "np-capture", tool("np-capture"))


def test_pfcapture_writes_pcap(pair_net, tool, story, run_dir):
    written = check_written_file(pair_net, story, run_dir, "np-pfcapture", tool("np-pfcapture"))
    _, kept = pcap_records(written)
    shark = step(story, pair_net.h2,
                 ["tshark", "-n", "-r", written, "-T", "fields", "-e", "frame.len"], timeout=20)
    story.check(shark.status == 0 and lines(shark.stdout) == [str(w) for _, w in kept],
                expected="tshark reads the file too, with the same frame lengths",
                saw=shark.summary())


def test_pfcapture_vlan_tag_restored(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    source = "02:00:00:00:00:99"  # a MAC of our own, so the filter sees nothing else
    expression = f"ether src {source}"
    frames = [eth(ip4(icmp(8, seq=index), 1), 0x0800, vlan=vlan, src=source, dst=MAC2)
              for index, vlan in enumerate((10, 0x6000 | 11, 4094))]
    frames.append(eth(ip4(udp(40000, 7777), 17), 0x0800, src=source, dst=MAC2))
    sender = run_dir / "frame_sender.py"
    sender.write_text(FRAME_SENDER)
    with reference(story, h2, h1, run_dir, expression=expression), \
         capturing(story, h2, [tool("np-pfcapture"), "-e", "-n", "-i", h2.intf(h1),
                               expression], run_dir) as ours:
        step(story, h1, ["/usr/bin/python3", sender, h1.intf(h2), *[f.hex() for f in frames]])
        story.did(f"  (3 frames tagged VLAN 10, 11 with priority 3, 4094, then one untagged, "
                  f"all from {source}, sent on a PF_PACKET socket)")
        for text_now in (lambda: lines(read_file(h2, run_dir / "ref.pcap")),
                         lambda: lines(ours.stdout)):
            with contextlib.suppress(TimeoutError):
                wait_for(lambda t=text_now: len(t()) >= len(frames), timeout=8,
                         what="the four frames")
    want = [TIME.sub("", line) for line in lines(read_file(h2, run_dir / "ref.pcap", "-e"))]
    got = [TIME.sub("", line) for line in lines(ours.result.stdout)]
    story.check(len(want) == len(frames), expected="tcpdump sees the four frames",
                saw=" || ".join(want))
    story.check(got == want,
                expected="np-pfcapture -e shows each tag as tcpdump does ('ethertype 802.1Q "
                "(0x8100), length 102: vlan 10, p 0, …'): the receiving kernel moved the tag "
                "into the packet's metadata, to be put back",
                saw=first_difference(got, want))


def test_filter_table(tool, story, run_dir, pair_net):
    h1 = pair_net.h1
    path = run_dir / "mix.pcap"
    write_pcap(path, [(frame, None) for frame in filter_frames()])
    story.did(f"wrote {path.name}: {len(filter_frames())} frames (VLAN-tagged, TCP flags, "
              "IPv6, ARP, other nets)")
    for expression in FILTERS:
        want = [m.group(0) for m in map(TIME.match, lines(read_file(h1, path, expression))) if m]
        result = step(story, h1, [tool("np-capture"), "-n", "-r", path, expression])
        ours = [m.group(0) for m in map(TIME.match, lines(result.stdout)) if m]
        story.check(result.status == 0 and ours == want,
                    expected=f"'{expression}' selects the packets tcpdump selects: "
                    f"{', '.join(t.strip() for t in want) or 'none'}",
                    saw=result.summary())


def test_count_snaplen_link_header(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    intf = h2.intf(h1)
    written = run_dir / "short.pcap"
    tools = [
        [tool("np-capture"), "-c", "3", "-s", "60", "-e", "-n", "-i", intf, "icmp"],
        [tool("np-pfcapture"), "-c", "3", "-s", "60", "-e", "-n", "-i", intf, "icmp"],
        [tool("np-capture"), "-c", "3", "-s", "60", "-U", "-w", written, "-i", intf, "icmp"],
    ]
    with contextlib.ExitStack() as stack:
        stack.enter_context(reference(story, h2, h1, run_dir, extra=("-s", "60"),
                                      expression="icmp"))
        daemons = [stack.enter_context(capturing(story, h2, argv, run_dir)) for argv in tools]
        step(story, h1, ["ping", "-c", "2", "-i", "0.2", h2.ip4])
        results = [daemon.wait(timeout=8) for daemon in daemons]
        wait_for(lambda: len(lines(read_file(h2, run_dir / "ref.pcap"))) >= 4, timeout=5,
                 what="tcpdump's capture")
    want = [TIME.sub("", line) for line in lines(read_file(h2, run_dir / "ref.pcap", "-e"))][:3]
    for argv, result in zip(tools[:2], results[:2]):
        ours = [TIME.sub("", line) for line in lines(result.stdout)]
        story.check(
            result.status == 0 and not result.timed_out and ours == want
            and captured_count(result.stderr) == 3,
            expected=f"{argv[0].rsplit('/', 1)[-1]} -c 3 -s 60 -e exits 0 by itself after 3 "
            "lines, each as tcpdump -e prints it ('MAC > MAC, ethertype IPv4 (0x0800), length "
            f"98: …'), and '3 packets captured'; tcpdump: {' || '.join(want)}",
            saw=result.summary())
    result = results[2]
    snaplen, kept = pcap_records(written) if written.exists() else (None, [])
    story.check(result.status == 0 and snaplen == 60 and kept == [(60, 98)] * 3,
                expected="np-capture -c 3 -s 60 -w: a file with snapshot length 60 and 3 "
                "records of 60 bytes kept of 98",
                saw=f"{result.summary()}; file: snaplen {snaplen}, records {kept}")


def test_bad_filter(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    path = run_dir / "mix.pcap"
    write_pcap(path, [(frame, None) for frame in filter_frames()])
    intf = h2.intf(h1)
    for argv in ([tool("np-capture"), "-r", path, "tcp port"],
                 [tool("np-capture"), "-i", intf, "hots 10.0.0.1"],
                 [tool("np-pfcapture"), "-i", intf, "udp and"]):
        result = step(story, h2, argv)
        story.check(
            result.status == 1 and len(lines(result.stderr)) == 1 and not result.stdout
            and "filter" in result.stderr,
            expected="one line on stderr naming the filter, nothing on stdout, exit status 1",
            saw=result.summary() + " | stderr: " + result.stderr.strip()[:200])


def test_truncated_file(pair_net, tool, story, run_dir):
    h1 = pair_net.h1
    whole = run_dir / "whole.pcap"
    write_pcap(whole, [(frame, None) for frame in filter_frames()[:4]])
    data = whole.read_bytes()
    cut = run_dir / "cut.pcap"
    cut.write_bytes(data[:-30])  # the last packet's bytes end early
    story.did(f"wrote {cut.name}: 4 packets, the last one cut 30 bytes short")
    want = lines(read_file(h1, cut))
    result = step(story, h1, [tool("np-capture"), "-n", "-r", cut])
    story.check(
        result.status == 1 and lines(result.stdout) == want and len(want) == 3
        and len(lines(result.stderr)) == 2 and "truncated" in result.stderr,
        expected="the 3 whole packets as tcpdump prints them, then one error line about the "
        "truncated file (after 'reading from file …'), exit status 1",
        saw=result.summary() + " | stderr: " + result.stderr.strip()[-200:])
    header_only = run_dir / "header.pcap"
    header_only.write_bytes(data[:10])
    result = step(story, h1, [tool("np-capture"), "-n", "-r", header_only])
    story.check(result.status == 1 and len(lines(result.stderr)) == 1 and not result.stdout,
                expected="a file shorter than its 24-byte header: one error line, exit 1",
                saw=result.summary())


def test_corrupt_headers_truncated(pair_net, tool, story, run_dir):
    h1 = pair_net.h1
    path = run_dir / "corrupt.pcap"
    frames = corrupt_frames()
    write_pcap(path, frames)
    story.did(f"wrote {path.name}: {len(frames)} frames with lying headers (IHL, total "
              "length, UDP length, TCP offset, IPv6 payload length) or cut-short snapshots")
    want = [TIME.sub("", line) for line in lines(read_file(h1, path))]
    result = step(story, h1, [tool("np-capture"), "-n", "-r", path])
    ours = [TIME.sub("", line) for line in lines(result.stdout)]
    story.check(result.status == 0 and ours == want and len(want) == len(frames),
                expected=f"{len(frames)} lines, each what tcpdump prints (' [|ip]', "
                "'bad-hlen 16', 'truncated-ip - … bytes missing!', 'UDP, bad length …', "
                "'[bad hdr length …]', 'options [mss 1460,sackOK, [|tcp]', …), exit 0",
                saw=f"exit {result.status}; " + first_difference(ours, want))

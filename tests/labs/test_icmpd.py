"""Graded network tests of the icmpd lab.

Every test runs in a routed chain of two routers, dual-stack:

    h1 ------------ r1 ------------ r2 ------------ h2
    10.0.0.1        10.0.0.2        10.0.1.2        10.0.2.2
    fd00::1         10.0.1.1        10.0.2.1        fd00:0:0:2::2

np-icmpd runs on h1 in the foreground (-n), its Unix socket in the test's run_dir, and
np-udpcli sends from h1. The ICMP errors come from the kernels of r1, r2 and h2: port
unreachable from h2, the rest from a router's route table or its firewall (nft `reject`,
which obeys only the ICMP rate limit, off in every namespace, where route errors are also
limited by net.ipv4.route.error_cost). np-udpcli --recverr, which asks the kernel itself,
is the reference for what errors a scenario produces. Points and hints live in
tests/labs/icmpd.toml.
"""

from __future__ import annotations

import array
import contextlib
import os
import re
import socket
from pathlib import Path

import pytest

from harness.run import Daemon, run, wait_for

H2_V4 = "10.0.2.2"
H2_V6 = "fd00:0:0:2::2"
LINE = re.compile(r"^(\S+): (.+) \((?:ICMP type (\d+) code (\d+)|local error)\)(?: mtu (\d+))?$")
SILENT_PORT = 7  # h2 drops UDP to this port: a destination that never answers
PROHIBITED_PORT = 5000  # r2 rejects UDP to h2's port 5000: administratively prohibited
HOST_UNREACHABLE_PORT = 5001  # ... and to port 5001: host (IPv6: address) unreachable


def v4(port: int, host: str = H2_V4) -> str:
    return f"{host}:{port}"


def v6(port: int, host: str = H2_V6) -> str:
    return f"[{host}]:{port}"


# --- setting the scene --------------------------------------------------------------------

def configure(host, command: str) -> None:
    """Run a trusted configuration command in host's shell; fail the setup if it fails."""
    output = host.cmd(f"{command} && echo np-configured").strip()
    assert output.endswith("np-configured"), f"{host.name}$ {command}: {output}"


# Besides the per-destination ICMP rate limit (off in every namespace), Linux has a token
# bucket for all ICMP errors (net.ipv4.icmp_msgs_per_sec, bursts of 50), machine-wide on
# kernels before 6.12, so other tests running at the same time could use it up. An empty
# ratemask exempts every error type of these namespaces from it.
UNLIMITED_ICMP = "sysctl -qw net.ipv4.icmp_ratemask=0 && sysctl -qw net.ipv6.icmp.ratemask="


@pytest.fixture
def net(chain2_net):
    """h1 --- r1 --- r2 --- h2, no ICMP error ever held back by a rate limit."""
    for node in (chain2_net.h1, chain2_net.r1, chain2_net.r2, chain2_net.h2):
        configure(node, UNLIMITED_ICMP)
    return chain2_net


def silence_port(h2, port: int = SILENT_PORT) -> None:
    """h2 drops UDP to `port` in its firewall: no port unreachable comes back."""
    configure(
        h2,
        "nft add table inet grade && "
        "nft add chain inet grade incoming '{ type filter hook input priority 0; }' && "
        f"nft add rule inet grade incoming udp dport {port} drop",
    )


def reject_on_r2(r2) -> None:
    configure(
        r2,
        "nft add table inet grade && "
        "nft add chain inet grade passing '{ type filter hook forward priority 0; }' && "
        f"nft add rule inet grade passing ip daddr {H2_V4} udp dport {PROHIBITED_PORT} "
        "reject with icmp type admin-prohibited && "
        f"nft add rule inet grade passing ip6 daddr {H2_V6} udp dport {PROHIBITED_PORT} "
        "reject with icmpv6 type admin-prohibited && "
        f"nft add rule inet grade passing ip daddr {H2_V4} udp dport {HOST_UNREACHABLE_PORT} "
        "reject with icmp type host-unreachable && "
        f"nft add rule inet grade passing ip6 daddr {H2_V6} udp dport {HOST_UNREACHABLE_PORT} "
        "reject with icmpv6 type addr-unreachable",
    )


def small_mtu(net, mtu: int = 1280) -> None:
    """The link between r1 and r2 carries at most `mtu` bytes (1280: IPv6's minimum)."""
    configure(net.r1, f"ip link set {net.r1.intf(net.r2)} mtu {mtu}")
    configure(net.r2, f"ip link set {net.r2.intf(net.r1)} mtu {mtu}")


def listening(pid: int, path: Path) -> bool:
    """Is a Unix stream socket listening at path in the namespace of process pid?"""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/net/unix").read_text().splitlines()[1:]:
            fields = line.split()
            # Flags 00010000: accepting connections (listen was called).
            if len(fields) >= 8 and fields[7] == str(path) and fields[3] == "00010000":
                return True
    return False


@contextlib.contextmanager
def icmpd(story, host, tool, run_dir):
    """np-icmpd -n on host, listening at run_dir/icmpd.sock; yields (daemon, path)."""
    path = Path(run_dir) / "icmpd.sock"
    argv = [tool("np-icmpd"), "-n", "-s", str(path)]
    with Daemon(host, argv, run_dir=run_dir) as daemon:
        story.did(f"{host.name}$ np-icmpd -n -s {path} &  (in the background)")
        try:
            wait_for(lambda: listening(daemon.pid, path) or not daemon.alive(), timeout=5,
                     what="np-icmpd to listen")
        except TimeoutError:
            pass
        story.check(daemon.alive() and listening(daemon.pid, path),
                    expected=f"np-icmpd listening on {path} (a Unix stream socket)",
                    saw=daemon.stop().summary() if not daemon.alive() else "no socket listening")
        yield daemon, path


def udpcli_argv(tool, path, *args) -> list[str]:
    return [tool("np-udpcli"), "-s", str(path), *args]


def udpcli(story, host, tool, path, *args, timeout=10):
    result = run(host, udpcli_argv(tool, path, *args), timeout=timeout)
    story.did(result.command)
    return result


def recverr(story, host, tool, *args, timeout=10):
    result = run(host, [tool("np-udpcli"), "--recverr", *args], timeout=timeout)
    story.did(result.command)
    return result


# --- reading np-udpcli's output -----------------------------------------------------------

def errors(output: str) -> list[tuple[str, str, int | None, int | None, int | None]]:
    """[(DEST:PORT, error text, type, code, mtu)] from np-udpcli's lines, in order."""
    found = []
    for line in output.splitlines():
        m = LINE.match(line.strip())
        if m:
            type_, code, mtu = (int(g) if g is not None else None for g in m.group(3, 4, 5))
            found.append((m.group(1), m.group(2), type_, code, mtu))
    return found


def show(found) -> str:
    return " | ".join(
        f"{dest}: {text} (ICMP type {t} code {c})" + (f" mtu {mtu}" if mtu else "")
        for dest, text, t, c, mtu in found
    ) or "no error lines"


def expect_lines(story, result, want, what):
    """The run printed exactly the error lines `want` (in any order) and exited 1."""
    got = errors(result.stdout)
    story.check(
        sorted(got) == sorted(want) and result.status == 1,
        expected=f"{what}, exactly: {show(want)}; exit status 1",
        saw=f"{show(got)}; {result.ending()}" if got else result.summary(),
    )


def facts(found) -> list[tuple[str, int | None, int | None, int | None]]:
    """What two reports of one scenario share: destination, type, code, MTU (not the text,
    since icmpd maps errno its own way)."""
    return sorted((dest, t, c, mtu) for dest, _, t, c, mtu in found)


def socket_inodes(pid: int) -> set[str]:
    """The inodes of the sockets process pid holds open."""
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        with contextlib.suppress(OSError):
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    return inodes


def udp_port_inode(pid: int, port: int) -> str | None:
    """The inode of the IPv4 UDP socket bound to `port` in the namespace of process pid."""
    for line in Path(f"/proc/{pid}/net/udp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == port:
            return fields[9]
    return None


# --- the tests ------------------------------------------------------------------------------

def test_port_unreachable(net, tool, story, run_dir):
    h1, h2 = net.h1, net.h2
    silence_port(h2)
    story.did(f"h2 drops UDP to port {SILENT_PORT}")
    with icmpd(story, h1, tool, run_dir) as (_, path):
        result = udpcli(story, h1, tool, path, v4(9), v4(SILENT_PORT), v6(9), v6(SILENT_PORT))
    expect_lines(story, result, [
        (v4(9), "Connection refused", 3, 3, None),
        (v6(9), "Connection refused", 1, 4, None),
    ], "one line for each destination without a listener, none for the silent port 7")


def test_net_unreachable(net, tool, story, run_dir):
    h1, r1 = net.h1, net.r1
    # r1 has no route at all to 10.99.0.0/16 (net unreachable, code 0); an 'unreachable'
    # route to 10.98.0.0/16 answers host unreachable (code 1) on IPv4, and to fd00:98::/64
    # no route (code 0) on IPv6.
    configure(r1, "ip route add unreachable 10.98.0.0/16 && "
                  "ip -6 route add unreachable fd00:98::/64")
    story.did("r1 has 'unreachable' routes to 10.98.0.0/16 and fd00:98::/64, no route to "
              "10.99.0.0/16")
    want = {
        "10.99.0.1:7": ("Network is unreachable", 3, 0, None),
        "10.98.0.1:7": ("No route to host", 3, 1, None),
        "[fd00:98::1]:7": ("Network is unreachable", 1, 0, None),
    }
    got: dict[str, tuple] = {}
    with icmpd(story, h1, tool, run_dir) as (_, path):
        # Route errors are rate-limited (net.ipv4.route.error_cost): a destination whose
        # error did not come is tried again, alone, up to twice.
        for _ in range(3):
            missing = [d for d in want if d not in got]
            if not missing:
                break
            result = udpcli(story, h1, tool, path, "-w", "2", *missing)
            for dest, text, t, c, mtu in errors(result.stdout):
                got.setdefault(dest, (text, t, c, mtu))
            if not errors(result.stdout):
                break  # nothing at all came: no point in asking again
    story.check(
        got == want and result.status == 1,
        expected="for each destination, its line: " +
        show([(d, *w) for d, w in want.items()]),
        saw=f"{show([(d, *g) for d, g in got.items()])}; {result.ending()}" if got
        else result.summary(),
    )


def test_admin_prohibited(net, tool, story, run_dir):
    h1, r2 = net.h1, net.r2
    reject_on_r2(r2)
    story.did(f"r2 rejects UDP to h2's port {PROHIBITED_PORT} as administratively prohibited "
              f"and to port {HOST_UNREACHABLE_PORT} as host (IPv6: address) unreachable")
    with icmpd(story, h1, tool, run_dir) as (_, path):
        result = udpcli(story, h1, tool, path, v4(PROHIBITED_PORT), v6(PROHIBITED_PORT),
                        v4(HOST_UNREACHABLE_PORT), v6(HOST_UNREACHABLE_PORT))
    expect_lines(story, result, [
        (v4(PROHIBITED_PORT), "Permission denied", 3, 13, None),
        (v6(PROHIBITED_PORT), "Permission denied", 1, 1, None),
        (v4(HOST_UNREACHABLE_PORT), "No route to host", 3, 1, None),
        (v6(HOST_UNREACHABLE_PORT), "No route to host", 1, 3, None),
    ], "EACCES for administratively prohibited, EHOSTUNREACH for host unreachable")


def test_time_exceeded(net, tool, story, run_dir):
    h1 = net.h1
    with icmpd(story, h1, tool, run_dir) as (_, path):
        result = udpcli(story, h1, tool, path, "-t", "1", v4(9), v6(9))
        expect_lines(story, result, [
            (v4(9), "Connection timed out", 11, 0, None),
            (v6(9), "Connection timed out", 3, 0, None),
        ], "with -t 1, r1's time exceeded in transit for each destination")
        result = udpcli(story, h1, tool, path, "-t", "3", v4(9), v6(9))
        expect_lines(story, result, [
            (v4(9), "Connection refused", 3, 3, None),
            (v6(9), "Connection refused", 1, 4, None),
        ], "with -t 3 the datagrams reach h2: port unreachable")


def test_frag_needed(net, tool, story, run_dir):
    small_mtu(net)
    story.did("the link r1 -- r2 has an MTU of 1280 bytes")
    with icmpd(story, net.h1, tool, run_dir) as (_, path):
        result = udpcli(story, net.h1, tool, path, "-D", "-l", "1400", v4(9), v6(9))
    expect_lines(story, result, [
        (v4(9), "Message too long", 3, 4, 1280),
        (v6(9), "Message too long", 2, 0, 1280),
    ], "r1's fragmentation needed (IPv6: packet too big) with the next-hop MTU")


def test_two_clients(net, tool, story, run_dir):
    h1, h2 = net.h1, net.h2
    silence_port(h2)
    story.did(f"h2 drops UDP to port {SILENT_PORT}")
    destinations = [v4(9), v4(SILENT_PORT), v6(9), v6(SILENT_PORT)]
    want = [(v4(9), "Connection refused", 3, 3, None), (v6(9), "Connection refused", 1, 4, None)]
    with icmpd(story, h1, tool, run_dir) as (_, path):
        # The first client waits 6 s (its silent port never answers): it is still
        # registered when the second one's errors, about the same destinations, come.
        first_argv = udpcli_argv(tool, path, "-w", "6", *destinations)
        with Daemon(h1, first_argv, run_dir=run_dir, name="first") as first:
            story.did("h1$ np-udpcli -w 6 ... &  (the first client, in the background)")
            try:
                wait_for(lambda: len(errors(first.stdout)) >= 2 or not first.alive(), timeout=5,
                         what="the first client's errors")
            except TimeoutError:
                pass
            second = udpcli(story, h1, tool, path, "-w", "1.5", *destinations)
            first_result = first.wait(timeout=10)
    for result, which in ((first_result, "the first client"), (second, "the second client")):
        expect_lines(story, result, want, f"{which} hears of its own datagrams only, once each")


def test_reregister(net, tool, story, run_dir):
    h1, h2 = net.h1, net.h2
    silence_port(h2)
    story.did(f"h2 drops UDP to port {SILENT_PORT}")
    with icmpd(story, h1, tool, run_dir) as (daemon, path):
        before = len(os.listdir(f"/proc/{daemon.pid}/fd"))
        argv = udpcli_argv(tool, path, "-p", "40000", "-w", "3", v4(9), v4(SILENT_PORT))
        with Daemon(h1, argv, run_dir=run_dir, name="first") as first:
            story.did("h1$ np-udpcli -p 40000 -w 3 ... &  (the first client, in the background)")
            try:
                wait_for(lambda: errors(first.stdout) or not first.alive(), timeout=5,
                         what="the first client's error")
            except TimeoutError:
                pass
            inode = udp_port_inode(first.pid, 40000) if first.alive() else None
            kept = inode is not None and inode in socket_inodes(daemon.pid)
            first_result = first.wait(timeout=8)
        expect_lines(story, first_result, [(v4(9), "Connection refused", 3, 3, None)],
                     "the first client, from port 40000, hears of its datagram to port 9")
        story.check(not kept, expected="np-icmpd closes its copy of the client's UDP socket "
                    "once it knows the port", saw="np-icmpd still holds the socket")
        second = udpcli(story, h1, tool, path, "-p", "40000", "-w", "2", v4(10), v6(10))
        expect_lines(story, second, [
            (v4(10), "Connection refused", 3, 3, None),
            (v6(10), "Connection refused", 1, 4, None),
        ], "after it left, a second client on port 40000 hears of its own datagrams, once")
        try:
            wait_for(lambda: len(os.listdir(f"/proc/{daemon.pid}/fd")) <= before, timeout=5,
                     what="np-icmpd to close the clients' connections")
        except TimeoutError:
            pass
        after = len(os.listdir(f"/proc/{daemon.pid}/fd"))
        story.check(after <= before and daemon.alive(),
                    expected=f"once both clients left, np-icmpd is back to its {before} "
                    "descriptors: departed clients are forgotten",
                    saw=f"{after} descriptors" if daemon.alive() else daemon.stop().summary())


def test_recverr_agrees(net, tool, story, run_dir):
    h1, h2 = net.h1, net.h2
    reject_on_r2(net.r2)
    small_mtu(net)
    # A second address on h2 for each family: the path MTU that the first run's error
    # teaches h1 must not change what the second run's datagrams do.
    configure(h2, f"ip addr add 10.0.2.3/24 dev {h2.intf(net.r2)} && "
                  f"ip -6 addr add fd00:0:0:2::3/64 dev {h2.intf(net.r2)} nodad")
    story.did(f"r2 rejects UDP to h2's ports {PROHIBITED_PORT} (admin-prohibited) and "
              f"{HOST_UNREACHABLE_PORT} (host unreachable); r1 -- r2 has an MTU of 1280; "
              "h2 also has 10.0.2.3 and fd00:0:0:2::3")
    scenario = [v4(9), v6(9), v4(PROHIBITED_PORT), v6(PROHIBITED_PORT),
                v4(HOST_UNREACHABLE_PORT), v6(HOST_UNREACHABLE_PORT)]
    with icmpd(story, h1, tool, run_dir) as (_, path):
        ours = udpcli(story, h1, tool, path, *scenario)
        kernel = recverr(story, h1, tool, *scenario)
        big = ["-D", "-l", "1400"]
        ours_big = udpcli(story, h1, tool, path, *big, v4(9), v6(9))
        kernel_big = recverr(story, h1, tool, *big, v4(9, "10.0.2.3"), v6(9, "fd00:0:0:2::3"))
    want = [(v4(9), 3, 3, None), (v4(PROHIBITED_PORT), 3, 13, None),
            (v4(HOST_UNREACHABLE_PORT), 3, 1, None), (v6(9), 1, 4, None),
            (v6(PROHIBITED_PORT), 1, 1, None), (v6(HOST_UNREACHABLE_PORT), 1, 3, None)]
    for result, how in ((kernel, "with --recverr"), (ours, "through np-icmpd")):
        story.check(
            facts(errors(result.stdout)) == sorted(want),
            expected=f"{how}, the same six errors (destination, type, code): "
            + "; ".join(f"{d} {t}/{c}" for d, t, c, _ in sorted(want)),
            saw=f"{show(errors(result.stdout))}; {result.ending()}" if result.stdout
            else result.summary(),
        )
    big_facts = sorted((t, c, mtu) for _, _, t, c, mtu in errors(ours_big.stdout))
    kernel_big_facts = sorted((t, c, mtu) for _, _, t, c, mtu in errors(kernel_big.stdout))
    story.check(
        big_facts == kernel_big_facts == [(2, 0, 1280), (3, 4, 1280)],
        expected="with -D -l 1400, both ways: fragmentation needed (3/4) and packet too big "
        "(2/0), each with mtu 1280",
        saw=f"np-icmpd: {show(errors(ours_big.stdout))}; --recverr: "
        f"{show(errors(kernel_big.stdout))}",
    )


# A sender of malformed and misleading ICMP errors, run on h2 toward h1: truncated quotes,
# impossible header lengths, a bad checksum, and a well-formed error quoting a TCP segment
# from the client's port (which is not about its UDP socket).
BAD_ICMP = r'''
import socket, struct, sys
target, port = sys.argv[1], int(sys.argv[2])

def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return ~s & 0xffff

def icmp(type_, code, rest, body, good=True):
    head = struct.pack("!BBHI", type_, code, 0, rest) + body
    value = checksum(head) if good else 0x1234
    return head[:2] + struct.pack("!H", value) + head[4:]

def ip(proto, src, dst, ihl=5, length=None):
    return struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, length or 48, 0, 0, 64, proto, 0,
                       socket.inet_aton(src), socket.inet_aton(dst))

udp = struct.pack("!HHHH", port, 9, 16, 0)
quote = ip(17, target, "10.0.2.2") + udp
messages = [
    icmp(3, 3, 0, b""),                                    # no quote at all
    icmp(3, 3, 0, quote[:12]),                             # a quote cut in the IP header
    icmp(3, 3, 0, quote[:21]),                             # cut after one UDP byte
    icmp(3, 3, 0, ip(17, target, "10.0.2.2", ihl=15) + udp),  # header longer than the quote
    icmp(3, 3, 0, ip(17, target, "10.0.2.2", ihl=2) + udp),   # header shorter than 20 bytes
    icmp(3, 3, 0, quote, good=False),                      # bad checksum
    icmp(3, 3, 0, ip(6, target, "10.0.2.2") + udp),        # a TCP segment from that port
    icmp(3, 3, 0, b"\x60" + quote[1:]),                    # the quote claims IPv6
    b"\x03\x03\xfc\xfc",                                   # 4 bytes of ICMP
]
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
sent = 0
for m in messages:
    s.sendto(m, (target, 0))
    sent += 1
print(sent)
'''


def test_garbage(net, tool, story, run_dir):
    h1, h2 = net.h1, net.h2
    silence_port(h2)
    with icmpd(story, h1, tool, run_dir) as (daemon, path):
        # Garbage on the Unix socket, straight from the test (the path is the same in
        # every namespace).
        samples = 0
        for message, fds in (
            (b"hello, this is no registration", []),
            (b"R", [os.open("/dev/null", os.O_RDONLY)]),                 # not a socket
            (b"R", [socket.socket(socket.AF_INET, socket.SOCK_DGRAM)]),  # not bound
            (b"R", [socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)]),  # not UDP
            (b"R", [os.open("/dev/null", os.O_RDONLY), os.open("/dev/null", os.O_RDONLY)]),
            (os.urandom(20000), []),
            (b"", []),                                                   # connect, hang up
        ):
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
                client.settimeout(2)
                client.connect(str(path))
                numbers = [f if isinstance(f, int) else f.fileno() for f in fds]
                with contextlib.suppress(OSError):
                    if numbers:
                        rights = array.array("i", numbers).tobytes()
                        client.sendmsg([message], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, rights)])
                    elif message:
                        client.sendall(message)
                    client.recv(1)
                samples += 1
            for f in fds:
                os.close(f) if isinstance(f, int) else f.close()
        story.did(f"{samples} connections to np-icmpd's socket sent garbage: text, a file, an "
                  "unbound socket, a Unix socket, two descriptors, 20000 random bytes, nothing")
        argv = udpcli_argv(tool, path, "-p", "40001", "-w", "4", v4(9), v4(SILENT_PORT))
        with Daemon(h1, argv, run_dir=run_dir, name="client") as client:
            story.did("h1$ np-udpcli -p 40001 -w 4 ... &  (in the background)")
            try:
                wait_for(lambda: errors(client.stdout) or not client.alive(), timeout=5,
                         what="the client's error")
            except TimeoutError:
                pass
            script = Path(run_dir) / "bad_icmp.py"
            script.write_text(BAD_ICMP)
            sent = run(h2, ["/usr/bin/python3", str(script), h1.ip4, "40001"], timeout=10)
            assert sent.status == 0, f"the ICMP sender failed: {sent.summary()}"
            story.did("h2 sends h1 nine malformed ICMP errors, one quoting a TCP segment from "
                      "port 40001")
            client_result = client.wait(timeout=10)
        story.check(daemon.alive(), expected="np-icmpd still running after all that",
                    saw=daemon.stop().summary() if not daemon.alive() else "")
        expect_lines(story, client_result, [(v4(9), "Connection refused", 3, 3, None)],
                     "the client hears of its datagram to port 9, nothing of the forged errors")
        after = udpcli(story, h1, tool, path, v6(9))
        expect_lines(story, after, [(v6(9), "Connection refused", 1, 4, None)],
                     "and np-icmpd still serves a new client")

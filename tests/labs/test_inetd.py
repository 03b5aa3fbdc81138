"""Graded network tests of the inetd lab.

np-inetd runs in h2 in the foreground (-d) with a per-test inetd.conf in run_dir; clients
run in h1: nc and socat for the internal services, small Python clients where a test needs
many connections at once or a look at every reply. Before np-inetd starts, each test runs
Debian's openbsd-inetd (`inetd -d`) on the very same file in h2 and checks that it accepts
the lines the test relies on, so the file is real inetd.conf, not a dialect of our own.
What np-inetd does with its children is read from /proc (Mininet hosts share the machine's
pid namespace). Points and hints live in tests/labs/inetd.toml.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import re
import signal
import socket
import time
from pathlib import Path

from harness import zone
from harness.run import Daemon, describe, run, wait_for

OPENBSD_INETD = "/usr/sbin/inetd"
START_TIMEOUT = 5.0
RING = "".join(chr(c) for c in range(0x20, 0x7F))  # RFC 864's 95 printable characters
SECONDS_1900_TO_1970 = 2208988800

INTERNAL_CONF = """\
# every internal service, over TCP and UDP (Debian's tcp/udp: IPv4 and IPv6)
echo     stream  tcp  nowait  root  internal
echo     dgram   udp  wait    root  internal
discard  stream  tcp  nowait  root  internal
discard  dgram   udp  wait    root  internal
chargen  stream  tcp  nowait  root  internal
chargen  dgram   udp  wait    root  internal
daytime  stream  tcp  nowait  root  internal
daytime  dgram   udp  wait    root  internal
time     stream  tcp  nowait  root  internal
time     dgram   udp  wait    root  internal
"""

# Sends each argument after the first three as one datagram and prints each reply in hex
# on a line of its own ("-" when none came within argv[3] seconds).
UDP_CLIENT = r"""
import socket, sys
host, port = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(float(sys.argv[3]))
for payload in sys.argv[4:]:
    s.sendto(payload.encode(), (host, port))
    try:
        print(s.recv(65536).hex(), flush=True)
    except OSError:
        print("-", flush=True)
"""

# Opens N connections and keeps them all open; then sends a line on each and reads its
# echo, still with all of them open; prints "echoed K of N".
CONCURRENT_CLIENT = r"""
import socket, sys
host, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
conns = []
for i in range(n):
    c = socket.create_connection((host, port), timeout=8)
    conns.append(c)
echoed = 0
for i, c in enumerate(conns):
    line = b"client %d\n" % i
    c.sendall(line)
    got = b""
    try:
        while not got.endswith(b"\n"):
            chunk = c.recv(100)
            if not chunk:
                break
            got += chunk
    except OSError:
        pass
    echoed += got == line
print("echoed %d of %d" % (echoed, n), flush=True)
"""

# Connects N times in a row; each time reads until the server closes. Prints "served K":
# the connections that got an answer and then the server's EOF; stops at the first that
# did not.
SEQUENTIAL_CLIENT = r"""
import socket, sys
host, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
served = 0
for i in range(n):
    try:
        answer = b""
        with socket.create_connection((host, port), timeout=3) as c:
            while chunk := c.recv(4096):
                answer += chunk
    except OSError as e:
        print("connection %d: %s" % (i + 1, e), flush=True)
        break
    if not answer:
        print("connection %d: closed without an answer" % (i + 1), flush=True)
        break
    served += 1
print("served %d" % served, flush=True)
"""

# One connection kept open across the test: a line echoed before, then (once the file
# argv[3] exists) another one after.
LONG_CLIENT = r"""
import os, socket, sys, time
host, port, go = sys.argv[1], int(sys.argv[2]), sys.argv[3]
c = socket.create_connection((host, port), timeout=5)
def echo(line):
    c.sendall(line)
    got = b""
    while not got.endswith(b"\n"):
        chunk = c.recv(100)
        if not chunk:
            return b"(connection closed)"
        got += chunk
    return got
print("before:", echo(b"before\n").decode().strip(), flush=True)
deadline = time.monotonic() + 15
while not os.path.exists(go) and time.monotonic() < deadline:
    time.sleep(0.05)
print("after:", echo(b"after\n").decode().strip(), flush=True)
"""

# A `wait` UDP server for inetd: the socket inetd bound is descriptor 0. It answers each
# datagram with its pid, and leaves after a second without any.
WAIT_UDP_SERVER = r"""
import os, socket
s = socket.socket(fileno=0)
s.settimeout(1.0)
while True:
    try:
        data, peer = s.recvfrom(4096)
    except (TimeoutError, socket.timeout):
        break
    s.sendto(b"pid %d: %s" % (os.getpid(), data), peer)
"""


# --- /proc ------------------------------------------------------------------------------

def _stat_fields(pid: int) -> list[str] | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat[stat.rindex(")") + 2:].split()


def children(pid: int) -> dict[int, str]:
    """pid's child processes -> their state letter (R, S, Z, ...)."""
    found = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            fields = _stat_fields(int(name))
            if fields is not None and int(fields[1]) == pid:
                found[int(name)] = fields[0]
    return found


def cmdline(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")[:-1]
    except OSError:
        return []


def proc_status(pid: int) -> dict[str, str]:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    return dict(line.split(":\t", 1) for line in text.splitlines() if ":\t" in line)


def open_fds(pid: int) -> dict[int, str]:
    fds = {}
    with contextlib.suppress(OSError):
        for entry in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                fds[int(entry.name)] = os.readlink(entry)
    return fds


def listening(pid: int) -> dict[tuple[str, int], set[int]]:
    """(tcp|udp, port) -> inodes of the listening TCP / bound UDP sockets pid holds."""
    inodes = {int(t[8:-1]) for t in open_fds(pid).values() if t.startswith("socket:[")}
    found: dict[tuple[str, int], set[int]] = {}
    for table, kind, state in (("tcp", "tcp", "0A"), ("tcp6", "tcp", "0A"),
                               ("udp", "udp", "07"), ("udp6", "udp", "07")):
        try:
            rows = Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            inode = int(fields[9])
            if fields[3] == state and inode in inodes:
                port = int(fields[1].rsplit(":", 1)[1], 16)
                found.setdefault((kind, port), set()).add(inode)
    return found


def expect_children_gone(story, daemon, what: str, timeout: float = 5.0) -> None:
    """Waits until np-inetd has no child left (all servers ended and reaped)."""
    try:
        wait_for(lambda: not children(daemon.pid), timeout=timeout, what=what)
    except TimeoutError:
        story.fail(expected=f"{what} within {timeout:g} s, reaped by np-inetd",
                   saw=f"children (pid: state) {children(daemon.pid)}")


# --- starting inetd ---------------------------------------------------------------------

def service_lines(text: str) -> list[tuple[int, str, str]]:
    """(line number, service, protocol) of each service line of an inetd.conf text."""
    lines = []
    for number, line in enumerate(text.splitlines(), 1):
        fields = line.split()
        if len(fields) >= 6 and not fields[0].startswith("#"):
            lines.append((number, fields[0].rsplit(":", 1)[-1], fields[2]))
    return lines


def expect_openbsd_accepts(story, host, config: Path, run_dir: Path, good: list[int]) -> None:
    """Runs openbsd-inetd -d on config and checks that it adds the services of the lines
    numbered in `good` (and none of the others)."""
    wanted = [(s, p) for n, s, p in service_lines(config.read_text()) if n in good]
    unwanted = [(s, p) for n, s, p in service_lines(config.read_text()) if n not in good]
    argv = [OPENBSD_INETD, "-d", config]
    story.did(describe(host, argv) + "   (the real inetd, on the same file)")

    def added(stderr: str) -> set[tuple[str, str]]:
        return set(re.findall(r"^ADD: (\S+) proto=(\S+),", stderr, re.M))

    with Daemon(host, argv, run_dir=run_dir, name="openbsd-inetd") as real:
        with contextlib.suppress(TimeoutError):
            wait_for(lambda: set(wanted) <= added(real.stderr), timeout=START_TIMEOUT,
                     what="openbsd-inetd's ADD lines")
        seen = added(real.stderr)
    missing = [f"{s}/{p}" for s, p in wanted if (s, p) not in seen]
    story.check(not missing, expected="openbsd-inetd adds every good service of the file",
                saw=f"no ADD line for {', '.join(missing)}; stderr: {real.stderr[-300:]!r}")
    extra = [f"{s}/{p}" for s, p in unwanted if (s, p) in seen]
    story.check(not extra, expected="openbsd-inetd rejects the bad lines too",
                saw=f"it added {', '.join(extra)}")


def write_config(run_dir: Path, text: str, name: str = "inetd.conf") -> Path:
    path = run_dir / name
    path.write_text(text)
    return path


@contextlib.contextmanager
def inetd(story, host, tool, config: Path, run_dir: Path, ports: list[tuple[str, int]],
          check_openbsd: list[int] | None = None):
    """Starts np-inetd -d CONFIG in host, once openbsd-inetd has accepted the file, and
    waits until it holds a socket on each of `ports` ((tcp|udp, port) pairs)."""
    if check_openbsd is None:
        check_openbsd = [n for n, _, _ in service_lines(config.read_text())]
    expect_openbsd_accepts(story, host, config, run_dir, check_openbsd)
    argv = [tool("np-inetd"), "-d", config]
    story.did(describe(host, argv))
    with Daemon(host, argv, run_dir=run_dir, name="np-inetd") as daemon:
        try:
            wait_for(lambda: set(ports) <= set(listening(daemon.pid)) or not daemon.alive(),
                     timeout=START_TIMEOUT, what="np-inetd to listen")
        except TimeoutError:
            pass
        held = set(listening(daemon.pid)) if daemon.alive() else set()
        missing = sorted(set(ports) - held)
        story.check(not missing,
                    expected="np-inetd listening on " +
                    ", ".join(f"{k} port {p}" for k, p in ports),
                    saw=("nothing on " + ", ".join(f"{k} port {p}" for k, p in missing) +
                         f"; stderr: {daemon.stderr[-300:]!r}") if daemon.alive()
                    else daemon.stop().summary())
        yield daemon


def hexdump_text(hex_line: str) -> str:
    return bytes.fromhex(hex_line).decode(errors="replace") if hex_line not in ("", "-") else ""


def udp_query(story, client, server_addr: str, port: int, *payloads: str,
              wait: float = 5.0) -> list[str]:
    """The replies (hex) to each payload, '-' for none within `wait` seconds."""
    argv = ["/usr/bin/python3", "-c", UDP_CLIENT, server_addr, port, wait, *payloads]
    story.did(f"{client.name}: UDP datagrams {list(payloads)} to {server_addr} port {port}")
    result = run(client, argv, timeout=5 + (wait + 1) * len(payloads))
    replies = result.stdout.split()
    return replies + ["-"] * (len(payloads) - len(replies))


def tcp(story, client, argv, *, input: str | None = None, timeout: float = 5.0):
    argv = [str(a) for a in argv]
    story.did(describe(client, argv) + (f"  <<< {input!r}" if input is not None else ""))
    return run(client, argv, timeout=timeout, input=input)


# --- the internal services ----------------------------------------------------------------

INTERNAL_PORTS = [(k, p) for p in (7, 9, 13, 19, 37) for k in ("tcp", "udp")]


def test_echo_and_discard(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    config = write_config(run_dir, INTERNAL_CONF)
    with inetd(story, h2, tool, config, run_dir, INTERNAL_PORTS):
        for address in (h2.ip4, h2.ip6):
            result = tcp(story, h1, ["nc", "-N", address, 7], input="hello, echo\n")
            story.check(result.stdout == "hello, echo\n" and not result.timed_out,
                        expected="the line back, then the connection closed (RFC 862)",
                        saw=result.summary())
        result = tcp(story, h1, ["socat", "-t", "2", "-", f"UDP:{h2.ip4}:7"], input="udp echo\n")
        story.check(result.stdout == "udp echo\n",
                    expected="the datagram back (RFC 862)", saw=result.summary())
        big = "x" * 3000
        reply = udp_query(story, h1, h2.ip6, 7, big)[0]
        story.check(hexdump_text(reply) == big,
                    expected="a 3000-byte datagram back whole, over IPv6",
                    saw=f"{len(hexdump_text(reply))} bytes" if reply != "-" else "no reply")
        result = tcp(story, h1, ["nc", "-N", h2.ip4, 9], input="into the void\n" * 100)
        story.check(result.stdout == "" and result.status == 0 and not result.timed_out,
                    expected="nothing back, and the connection closed once we close ours "
                    "(RFC 863)", saw=result.summary())
        # Nothing comes back from discard: a second each is enough to see that.
        replies = udp_query(story, h1, h2.ip4, 9, "discard me", "and me", wait=1.0)
        story.check(replies == ["-", "-"], expected="no reply to datagrams to discard",
                    saw=f"replies {replies}")


def expect_chargen_lines(story, text: str, first: int | None, expected: str) -> int:
    """Checks that text is whole RFC 864 lines, consecutive on the ring, the first one
    starting at ring[first] (any start when None); returns the first line's start."""
    lines = text.split("\r\n")
    whole, rest = lines[:-1], lines[-1]
    bad = None
    start = RING.find(whole[0][:10]) if whole else -1
    if first is not None and start != first:
        bad = f"line 1 starts with {whole[0][:10]!r}" if whole else "no whole line"
    for k, line in enumerate(whole):
        s = (start + k) % 95
        if line != (RING * 2)[s:s + 72]:
            bad = bad or f"line {k + 1} is {line[:40]!r}… ({len(line)} characters)"
    story.check(whole and bad is None and rest == "", expected=expected,
                saw=bad or f"{len(whole)} lines, then {rest[:40]!r}")
    return start


def test_chargen(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    config = write_config(run_dir, INTERNAL_CONF)
    with inetd(story, h2, tool, config, run_dir, INTERNAL_PORTS) as daemon:
        result = tcp(story, h1, ["sh", "-c", f"nc -d {h2.ip4} 19 | head -c {74 * 100}"])
        expect_chargen_lines(story, result.stdout, 0,
                             "100 lines of 72 characters + CRLF, line k starting at the "
                             "ring's character k: ' !\"#…' then '!\"#$…' (RFC 864)")
        replies = udp_query(story, h1, h2.ip4, 19, "a", "b", "c")
        story.check("-" not in replies, expected="one reply to each of 3 datagrams",
                    saw=f"replies {replies}")
        starts = [expect_chargen_lines(story, hexdump_text(r), None,
                                       "each UDP reply one chargen line: 72 characters + CRLF")
                  for r in replies]
        story.check(starts[1] == (starts[0] + 1) % 95 and starts[2] == (starts[0] + 2) % 95,
                    expected="each datagram's line starting one character further on the ring",
                    saw=f"lines starting at ring positions {starts}")
        # The TCP server must end when its client does.
        expect_children_gone(story, daemon, "chargen's TCP server ending once its client left")


def check_clock(story, value: float, before: float, after: float, what: str) -> None:
    story.check(before - 1 <= value <= after + 1,
                expected=f"{what} within a second of h2's clock "
                f"({datetime.datetime.fromtimestamp(before):%H:%M:%S})",
                saw=f"{datetime.datetime.fromtimestamp(value):%Y-%m-%d %H:%M:%S}"
                if value else "no value")


def parse_daytime(text: str) -> float:
    """ctime()'s 24 characters + CRLF -> seconds since 1970, 0 when malformed."""
    if len(text) != 26 or not text.endswith("\r\n"):
        return 0
    try:
        return time.mktime(time.strptime(text[:24], "%a %b %d %H:%M:%S %Y"))
    except ValueError:
        return 0


def parse_time(data: bytes) -> float:
    return int.from_bytes(data, "big") - SECONDS_1900_TO_1970 if len(data) == 4 else 0


def test_daytime_and_time(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    config = write_config(run_dir, INTERNAL_CONF)
    with inetd(story, h2, tool, config, run_dir, INTERNAL_PORTS):
        before = time.time()
        day_tcp = tcp(story, h1, ["nc", "-d", h2.ip4, 13])
        day_udp = udp_query(story, h1, h2.ip6, 13, "\n")[0]
        time_tcp = tcp(story, h1, ["sh", "-c", f"nc -d {h2.ip6} 37 | od -An -v -tx1"])
        time_udp = udp_query(story, h1, h2.ip4, 37, "\n")[0]
        after = time.time()
        story.check(parse_daytime(day_tcp.stdout) > 0,
                    expected="ctime()'s 24 characters + CRLF, e.g. 'Wed Nov 25 15:19:40 2026\\r\\n' "
                    "(RFC 867)", saw=day_tcp.summary())
        check_clock(story, parse_daytime(day_tcp.stdout), before, after, "the TCP daytime")
        check_clock(story, parse_daytime(hexdump_text(day_udp)), before, after,
                    "the UDP daytime (ctime() + CRLF)")
        raw = bytes.fromhex("".join(time_tcp.stdout.split()))
        story.check(len(raw) == 4, expected="4 bytes over TCP (RFC 868), then EOF",
                    saw=f"{len(raw)} bytes" if not time_tcp.timed_out else time_tcp.summary())
        check_clock(story, parse_time(raw), before, after,
                    "the TCP time (seconds since 1900, 32 bits big-endian)")
        udp_raw = bytes.fromhex(time_udp) if time_udp != "-" else b""
        check_clock(story, parse_time(udp_raw), before, after, "the UDP time")


# --- external servers ---------------------------------------------------------------------

def test_nowait_concurrent_clients(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    config = write_config(run_dir, "7001 stream tcp nowait root /bin/cat cat\n")
    with inetd(story, h2, tool, config, run_dir, [("tcp", 7001)]) as daemon:
        argv = ["/usr/bin/python3", "-c", CONCURRENT_CLIENT, h2.ip4, 7001, 20]
        story.did(f"{h1.name}: 20 connections to port 7001 held open at once, then a line "
                  "on each")
        result = run(h1, argv, timeout=15)
        story.check(result.stdout.strip() == "echoed 20 of 20",
                    expected="each of the 20 clients served by a cat of its own at the same "
                    "time: 'echoed 20 of 20'", saw=result.summary())
        expect_children_gone(story, daemon, "the 20 servers ending with their clients")


def test_child_user_and_descriptors(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    config = write_config(run_dir, "7002 stream tcp nowait nobody:nogroup /bin/cat cat\n")
    go = run_dir / "go"
    with inetd(story, h2, tool, config, run_dir, [("tcp", 7002)]) as daemon:
        story.did(f"{h1.name}: one connection to port 7002, kept open")
        with Daemon(h1, ["/usr/bin/python3", "-c", LONG_CLIENT, h2.ip4, 7002, go],
                    run_dir=run_dir, name="client") as client:
            with contextlib.suppress(TimeoutError):
                wait_for(lambda: "before:" in client.stdout, timeout=8, what="the echo")
            story.check("before: before" in client.stdout,
                        expected="the line echoed by cat", saw=client.stdout or client.stderr
                        or "nothing")
            servers = [pid for pid in children(daemon.pid) if cmdline(pid)[:1] == ["cat"]]
            story.check(len(servers) == 1, expected="one child of np-inetd running cat",
                        saw=f"children {children(daemon.pid)}")
            status = proc_status(servers[0])
            uid, gid = status.get("Uid", "").split(), status.get("Gid", "").split()
            groups = status.get("Groups", "").split()
            nobody = str(zone.seen_id(65534))  # its id as /proc shows it to the harness
            story.check(uid == [nobody] * 4 and gid == [nobody] * 4 and set(groups) <= {nobody},
                        expected="user nobody, group nogroup, and nobody's groups only, "
                        "none of root's (Uid/Gid 65534 x 4, Groups 65534 at most: setgid, "
                        "initgroups, setuid)",
                        saw=f"Uid {' '.join(uid)}, Gid {' '.join(gid)}, Groups "
                        f"{' '.join(groups) or '(none)'}")
            fds = open_fds(servers[0])
            sockets = {fds.get(fd) for fd in (0, 1, 2)}
            story.check(len(sockets) == 1 and next(iter(sockets)).startswith("socket:")
                        and set(fds) == {0, 1, 2},
                        expected="the connection on descriptors 0, 1 and 2, nothing else open",
                        saw=", ".join(f"{fd} -> {t}" for fd, t in sorted(fds.items())))
            go.touch()
            client.wait(timeout=8)
            story.check("after: after" in client.stdout, expected="the second line echoed",
                        saw=client.stdout)


def test_wait_udp_service(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    server = run_dir / "wait_server.py"
    server.write_text(WAIT_UDP_SERVER)
    config = write_config(run_dir, f"7003 dgram udp wait root /usr/bin/python3 python3 {server}\n")
    with inetd(story, h2, tool, config, run_dir, [("udp", 7003)]) as daemon:
        replies = [hexdump_text(r) for r in udp_query(story, h1, h2.ip4, 7003, "one", "two",
                                                      "three")]
        pids = {r.split(":")[0] for r in replies}
        story.check(all(r.endswith(w) for r, w in zip(replies, ("one", "two", "three")))
                    and len(pids) == 1,
                    expected="the three datagrams answered by one server (wait: it got the "
                    "socket and kept reading it)", saw=f"replies {replies}")
        story.check(len(children(daemon.pid)) <= 1,
                    expected="at most one server at a time",
                    saw=f"children {children(daemon.pid)}")
        first = int(replies[0].split()[1].rstrip(":"))
        story.did(f"(waiting for server {first} to leave after its idle second)")
        try:
            wait_for(lambda: first not in children(daemon.pid), timeout=8, what="the server")
        except TimeoutError:
            story.fail(expected=f"server {first} gone (it leaves after a second without "
                       "datagrams) and reaped", saw=f"children {children(daemon.pid)}")
        replies = [hexdump_text(r) for r in udp_query(story, h1, h2.ip4, 7003, "again")]
        story.check(replies[0].endswith(": again") and not replies[0].startswith(f"pid {first}:"),
                    expected="a new server answering, once np-inetd watches the socket again",
                    saw=f"reply {replies[0]!r}")


def test_rate_limit(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    config = write_config(run_dir, "7004 stream tcp nowait.5 root /bin/echo echo storm\n"
                                   "7005 stream tcp nowait root /bin/echo echo calm\n"
                                   "echo stream tcp nowait root internal\n")
    with inetd(story, h2, tool, config, run_dir, [("tcp", 7004), ("tcp", 7005), ("tcp", 7)]) \
            as daemon:
        argv = ["/usr/bin/python3", "-c", SEQUENTIAL_CLIENT, h2.ip4, 7004, 20]
        story.did(f"{h1.name}: 20 connections in a row to port 7004 (nowait.5)")
        storm = run(h1, argv, timeout=15)
        with contextlib.suppress(TimeoutError):
            wait_for(lambda: re.search(r"7004.*(disabl|terminat)", daemon.stderr), timeout=5,
                     what="the log line")
        line = re.search(r"^.*7004.*(disabl|terminat).*$", daemon.stderr, re.M)
        story.check(line is not None, expected="a log line saying the service on 7004 is "
                    "disabled", saw=f"storm: {storm.stdout.strip()!r}; log: "
                    f"{daemon.stderr[-300:]!r}")
        served = re.search(r"served (\d+)", storm.stdout)
        story.check(served is not None and 5 <= int(served.group(1)) < 20,
                    expected="5 connections served, then the rest refused",
                    saw=storm.stdout.strip())
        result = tcp(story, h1, ["nc", "-N", h2.ip4, 7004], input="")
        story.check(result.status != 0 and result.stdout == "",
                    expected="port 7004 closed now (connection refused)", saw=result.summary())
        result = tcp(story, h1, ["nc", "-d", h2.ip4, 7005])
        story.check(result.stdout == "calm\n", expected="the other services serving: 'calm'",
                    saw=result.summary())
        result = tcp(story, h1, ["nc", "-N", h2.ip4, 7], input="still here\n")
        story.check(result.stdout == "still here\n", expected="echo still serving",
                    saw=result.summary())


def test_sighup_reload(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    third = "7012 stream tcp nowait root /bin/cat cat\n"
    config = write_config(run_dir, "7010 stream tcp nowait root /bin/echo echo removed\n" + third)
    go = run_dir / "go"
    with inetd(story, h2, tool, config, run_dir, [("tcp", 7010), ("tcp", 7012)]) as daemon:
        kept_sockets = listening(daemon.pid).get(("tcp", 7012))
        story.did(f"{h1.name}: a connection to port 7012, kept open")
        with Daemon(h1, ["/usr/bin/python3", "-c", LONG_CLIENT, h2.ip4, 7012, go],
                    run_dir=run_dir, name="client") as client:
            with contextlib.suppress(TimeoutError):
                wait_for(lambda: "before:" in client.stdout, timeout=8, what="the echo")
            story.check("before: before" in client.stdout, expected="the line echoed by cat",
                        saw=client.stdout or client.stderr or "nothing")
            story.did(f"(rewrote {config.name}: 7010 removed, 7011 added, 7012 as it was)")
            new_text = third + "7011 stream tcp nowait root /bin/echo echo added\n"
            config.write_text(new_text)
            expect_openbsd_accepts(story, h2, config, run_dir, [1, 2])
            story.did(f"kill -HUP {daemon.pid}")
            os.kill(daemon.pid, signal.SIGHUP)
            try:
                wait_for(lambda: ("tcp", 7011) in listening(daemon.pid)
                         and ("tcp", 7010) not in listening(daemon.pid), timeout=5,
                         what="the reload")
            except TimeoutError:
                story.fail(expected="after SIGHUP: listening on 7011, no longer on 7010",
                           saw=f"listening on {sorted(listening(daemon.pid))}; log: "
                           f"{daemon.stderr[-300:]!r}")
            result = tcp(story, h1, ["nc", "-d", h2.ip4, 7011])
            story.check(result.stdout == "added\n", expected="the new service: 'added'",
                        saw=result.summary())
            result = tcp(story, h1, ["nc", "-d", h2.ip4, 7010])
            story.check(result.status != 0 and result.stdout == "",
                        expected="the removed service refused", saw=result.summary())
            go.touch()
            client.wait(timeout=8)
            story.check("after: after" in client.stdout,
                        expected="the connection made before the reload still echoing",
                        saw=client.stdout.strip() or client.stderr.strip() or "nothing")
        story.check(listening(daemon.pid).get(("tcp", 7012)) == kept_sockets,
                    expected="the unchanged service keeping its listening socket (same "
                    "inode) across the reload",
                    saw=f"sockets {kept_sockets} before, "
                    f"{listening(daemon.pid).get(('tcp', 7012))} after")
        result = tcp(story, h1, ["nc", "-N", h2.ip4, 7012], input="new\n")
        story.check(result.stdout == "new\n", expected="the unchanged service serving new "
                    "connections", saw=result.summary())


def test_no_zombies(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    config = write_config(run_dir, "7020 stream tcp nowait.1000 root /bin/echo echo hi\n")
    with inetd(story, h2, tool, config, run_dir, [("tcp", 7020)]) as daemon:
        story.did(f"{h1.name}: 200 connections in a row to port 7020 (/bin/echo)")
        result = run(h1, ["/usr/bin/python3", "-c", SEQUENTIAL_CLIENT, h2.ip4, 7020, 200],
                     timeout=18)
        story.check("served 200" in result.stdout,
                    expected="200 connections each answered and closed by its server", saw=result.summary())
        try:
            wait_for(lambda: not children(daemon.pid), timeout=5, what="every child reaped")
        except TimeoutError:
            left = children(daemon.pid)
            zombies = [pid for pid, state in left.items() if state == "Z"]
            story.fail(expected="no child left: every server reaped (SIGCHLD, waitpid in a "
                       "loop with WNOHANG)",
                       saw=f"{len(zombies)} zombies among {len(left)} children")


def test_bad_lines_reported(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    config = write_config(run_dir, "# two good lines around two bad ones\n"
                                   "daytime stream tcp nowait root internal\n"
                                   "7030 stram tcp nowait root /bin/cat cat\n"
                                   "\n"
                                   "7031 stream tcp nowait root internal\n"
                                   "7032 stream tcp nowait root /bin/echo echo last\n")
    with inetd(story, h2, tool, config, run_dir, [("tcp", 13), ("tcp", 7032)],
               check_openbsd=[2, 6]) as daemon:
        for number in (3, 5):
            story.check(re.search(rf"{re.escape(str(config))}:{number}: \S", daemon.stderr),
                        expected=f"an error naming {config}:{number}: and what is wrong",
                        saw=f"log: {daemon.stderr[-400:]!r}")
        held = listening(daemon.pid)
        story.check(("tcp", 7030) not in held and ("tcp", 7031) not in held,
                    expected="no socket for the bad lines", saw=f"listening on {sorted(held)}")
        result = tcp(story, h1, ["nc", "-d", h2.ip4, 7032])
        story.check(result.stdout == "last\n", expected="the line after them serving",
                    saw=result.summary())


def test_daytimed(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    log_path = run_dir / "log.sock"
    log = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    log.bind(str(log_path))
    os.chmod(log_path, 0o666)  # np-daytimed runs as root of the sandbox, not of the machine
    log.settimeout(3)
    config = write_config(run_dir, f"7040 stream tcp nowait root {tool('np-daytimed')} "
                                   f"np-daytimed -L {log_path}\n")
    try:
        with inetd(story, h2, tool, config, run_dir, [("tcp", 7040)]):
            for client_address, server_address in ((h1.ip4, h2.ip4), (h1.ip6, h2.ip6)):
                before = time.time()
                result = tcp(story, h1, ["nc", "-d", server_address, 7040])
                check_clock(story, parse_daytime(result.stdout), before, time.time(),
                            "np-daytimed's answer (ctime + CRLF)")
                try:
                    datagram = log.recv(4096).decode(errors="replace")
                except OSError:
                    datagram = ""
                story.check(client_address in datagram,
                            expected=f"a log datagram naming the client, {client_address} "
                            "(getpeername on descriptor 0)", saw=repr(datagram) or "none")
    finally:
        log.close()

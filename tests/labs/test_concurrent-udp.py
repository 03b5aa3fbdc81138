"""Graded network tests of the concurrent-udp lab: np-udpd, np-tftpd and np-tftp.

The TFTP tests pair each of the student's programs with a real one in a pair topology:
Debian's tftp-hpa client (and atftp, for options) against np-tftpd on h2, and np-tftp
against tftpd-hpa on h2. Files are compared by sha256. Where a test needs to see the
packets themselves (option acknowledgements, duplicate ACKs, a client that vanishes,
malformed datagrams), a small scripted client (PROBE below) runs in h1 and reports what
came back as JSON. Points and hints live in tests/labs/concurrent-udp.toml.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from pathlib import Path

from harness.impair import impair
from harness.run import Daemon, run, wait_for

TFTPD_HPA = "/usr/sbin/in.tftpd"
SIZES = {"empty": 0, "b511": 511, "b512": 512, "b513": 513, "multi": 3 * 1024 * 1024 + 77}
FAST_RETRY_US = "300000"  # -T for the server where a test waits for its retransmissions

# A scripted TFTP client, run as `python3 -c PROBE COMMAND ARGS...` in a host; prints JSON.
PROBE = r'''
import hashlib, json, socket, struct, sys, time

def parse(p):
    op = struct.unpack("!H", p[:2])[0] if len(p) >= 2 else None
    out = {"op": op, "len": len(p)}
    if op == 3:
        out["block"] = struct.unpack("!H", p[2:4])[0]; out["size"] = len(p) - 4
    elif op == 4:
        out["block"] = struct.unpack("!H", p[2:4])[0]
    elif op == 5:
        out["code"] = struct.unpack("!H", p[2:4])[0]; out["msg"] = p[4:].split(b"\0")[0].decode("latin-1")
    elif op == 6:
        f = p[2:].split(b"\0")[:-1]
        out["options"] = {f[i].decode().lower(): f[i + 1].decode() for i in range(0, len(f) - 1, 2)}
    return out

def request(op, name, mode="octet", *opts):
    return struct.pack("!H", op) + name.encode() + b"\0" + mode.encode() + b"\0" + b"".join(o.encode() + b"\0" for o in opts)

def sock(host):
    s = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_DGRAM)
    return s

def recv(s, timeout):
    s.settimeout(timeout)
    try:
        data, addr = s.recvfrom(70000)
        return data, addr
    except socket.timeout:
        return None, None

cmd, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
args = sys.argv[4:]
s = sock(host)
result = {}
if cmd == "request":            # request OP NAME MODE [OPT VAL]...: the first reply
    s.sendto(request(int(args[0]), args[1], args[2], *args[3:]), (host, port))
    data, addr = recv(s, 5)
    result = parse(data) if data else {"op": None}
    if data:
        result["port"] = addr[1]
    if data and result["op"] == 6 and int(args[0]) == 1:   # RRQ with options: ACK 0, see DATA 1
        s.sendto(struct.pack("!HH", 4, 0), addr)
        data2, _ = recv(s, 5)
        result["next"] = parse(data2) if data2 else None
        s.sendto(struct.pack("!HH", 5, 0) + b"done\0", addr)
elif cmd == "raw":              # raw HEX...: each datagram, and what came back within 1 s
    result["replies"] = []
    for h in args:
        s.sendto(bytes.fromhex(h), (host, port))
        data, addr = recv(s, 1.0)
        result["replies"].append(parse(data) if data else None)
elif cmd == "get":              # get NAME DUPACKS STRANGER: a whole octet get, counting DATA
    dup, stranger = int(args[1]), int(args[2])
    s.sendto(request(1, args[0]), (host, port))
    counts, content, expected, tid, other = {}, b"", 1, None, None
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        data, addr = recv(s, 3)
        if data is None:
            break
        p = parse(data)
        if p["op"] != 3 or (tid and addr != tid):
            result.setdefault("other", []).append(p); continue
        tid = addr
        counts[p["block"]] = counts.get(p["block"], 0) + 1
        if p["block"] == expected % 65536:
            content += data[4:]; expected += 1
        for _ in range(1 + dup):
            s.sendto(struct.pack("!HH", 4, p["block"]), addr)
        if stranger and p["block"] == 2 and other is None:
            other = sock(host)        # another port: an unknown TID to the server
            other.sendto(struct.pack("!HH", 4, 2), addr)
            d, a = recv(other, 3)
            result["stranger_reply"] = parse(d) if d else None
        if len(data) - 4 < 512:
            result["complete"] = True; break
    result["max_copies"] = max(counts.values()) if counts else 0
    result["blocks"] = len(counts)
    result["data_packets"] = sum(counts.values())
    result["sha256"] = hashlib.sha256(content).hexdigest()
elif cmd == "vanish":           # vanish OP NAME SECONDS: start, then never answer again
    op, seconds = int(args[0]), float(args[2])
    s.sendto(request(op, args[1]), (host, port))
    start = time.monotonic(); seen = []
    first, addr = recv(s, 5)
    if first is not None:
        seen.append([0.0, parse(first)])
        if op == 2 and parse(first)["op"] == 4:      # WRQ accepted: one full block, then silence
            s.sendto(struct.pack("!HH", 3, 1) + b"x" * 512, addr)
    while time.monotonic() - start < seconds:
        data, _ = recv(s, max(0.01, seconds - (time.monotonic() - start)))
        if data is not None:
            seen.append([round(time.monotonic() - start, 2), parse(data)])
    result["seen"] = seen
print(json.dumps(result))
'''


# --- helpers -----------------------------------------------------------------------------

def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "(missing)"


def make_files(directory: Path, sizes=SIZES) -> dict[str, str]:
    """Random files of the given sizes in directory; returns name -> sha256."""
    directory.mkdir(parents=True, exist_ok=True)
    os.chmod(directory, 0o777)  # tftpd-hpa runs as user tftp: it must write here for -c
    digests = {}
    for name, size in sizes.items():
        path = directory / name
        path.write_bytes(os.urandom(size))
        os.chmod(path, 0o666)
        digests[name] = sha256(path)
    return digests


def fresh_dir(run_dir: Path, name: str) -> Path:
    path = run_dir / name
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o777)
    return path


def udp_listening(host, port: int) -> bool:
    out = run(host, ["ss", "-Hnlu", f"sport = :{port}"], timeout=5).stdout
    return bool(out.strip())


@contextlib.contextmanager
def start_server(story, host, argv, run_dir, port=69, name=None):
    """Runs a UDP server in host for the with block, once it listens on port."""
    with Daemon(host, argv, run_dir=run_dir, name=name) as daemon:
        story.did(daemon.command + " &")
        with contextlib.suppress(Exception):
            wait_for(lambda: udp_listening(host, port) or not daemon.alive(), timeout=10,
                     what="the server to listen")
        story.check(daemon.alive() and udp_listening(host, port),
                    expected=f"the server listening on UDP port {port}",
                    saw=f"{'it exited' if not daemon.alive() else 'nothing listening'}; "
                        f"stderr: {daemon.stderr.strip()[:200] or '(empty)'}")
        yield daemon


def np_tftpd(story, tool, host, directory, run_dir, *extra):
    argv = [tool("np-tftpd"), "-L", "-a", f"{host.ip4}:69", *extra, "-s", str(directory)]
    return start_server(story, host, argv, run_dir)


def tftpd_hpa(story, host, directory, run_dir, *extra):
    argv = [TFTPD_HPA, "-L", "-a", f"{host.ip4}:69", "-c", *extra, "-s", str(directory)]
    return start_server(story, host, argv, run_dir)


def probe(story, host, *args, timeout=30):
    result = run(host, ["/usr/bin/python3", "-c", PROBE, *map(str, args)], timeout=timeout)
    story.did(f"{host.name}$ (scripted TFTP client) {' '.join(map(str, args))}")
    try:
        return json.loads(result.stdout.strip().splitlines()[-1]), result
    except (ValueError, IndexError):
        return None, result


def hpa_session(story, h1, server_ip, commands, timeout=30):
    """tftp-hpa driven by commands on stdin, in binary mode, retransmitting after 1 s and
    giving up after 5 s without an answer (its defaults, 5 s and 25 s, make a failing
    test wait too long)."""
    commands = ["binary", "rexmt 1", "timeout 5", *commands]
    result = run(h1, ["tftp", server_ip], input="\n".join(commands) + "\nquit\n",
                 timeout=timeout)
    story.did(f"h1$ tftp {server_ip} <<< '{'; '.join(commands)}'")
    return result


def hpa_get(story, h1, server_ip, remote, local, mode="binary", timeout=20):
    return hpa_session(story, h1, server_ip, [mode, f"get {remote} {local}"], timeout)


def hpa_put(story, h1, server_ip, local, remote, timeout=20):
    return hpa_session(story, h1, server_ip, [f"put {local} {remote}"], timeout)


def children(pid: int) -> list[tuple[int, str]]:
    """(pid, state) of every process whose parent is pid."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if fields[1] == str(pid):
            found.append((int(entry), fields[0]))
    return found


# How the real clients report a failed transfer (tftp-hpa's exit status is 0 regardless,
# and it leaves an empty file behind: an empty file alone proves nothing).
CLIENT_FAILED = re.compile(r"Transfer timed out|Error code|aborting", re.I)


def check_same(story, want: dict[str, str], directory: Path, result, what: str,
               client_verdict: bool = True):
    """Every file in directory has the digest in want, and (client_verdict) the client that
    made the last transfer reported no failure."""
    got = {name: sha256(directory / name) for name in want}
    wrong = [name for name in want if got[name] != want[name]]
    complaint = client_verdict and CLIENT_FAILED.search(result.output)
    story.check(not wrong and not complaint,
                expected=f"{what}: every file byte-identical (sha256), no error reported",
                saw=f"differing or missing: {', '.join(wrong) or 'none'}; last run: "
                    f"{result.summary()}")


# --- np-udpd -----------------------------------------------------------------------------

UDP_CLIENT = r'''
import socket, sys, time
host, port, n, delay = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
socks = []
start = time.monotonic()
for i in range(n):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.sendto(f"delay {delay} request {i}".encode(), (host, port))
    socks.append(s)
answers = []
for s in socks:
    s.settimeout(max(0.1, 15 - (time.monotonic() - start)))
    try:
        answers.append(s.recv(1000).decode())
    except socket.timeout:
        pass
print(f"elapsed {time.monotonic() - start:.2f}")
print("\n".join(answers))
'''


def udp_burst(story, h1, h2, n, delay_ms):
    result = run(h1, ["/usr/bin/python3", "-c", UDP_CLIENT, h2.ip4, "7777", n, delay_ms],
                 timeout=25)
    story.did(f"h1$ (send {n} datagrams 'delay {delay_ms} request I' at once to "
              f"{h2.ip4}:7777, then read the answers)")
    m = re.search(r"elapsed ([\d.]+)", result.stdout)
    answers = re.findall(r"^pid (\d+): delay \d+ request (\d+)$", result.stdout, re.M)
    return (float(m.group(1)) if m else None), answers, result


def test_fork_server_concurrent(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    with start_server(story, h2, [tool("np-udpd"), "-p", "7777"], run_dir, port=7777):
        elapsed, answers, result = udp_burst(story, h1, h2, 20, 500)
        story.check(len(answers) == 20 and {int(i) for _, i in answers} == set(range(20)),
                    expected="20 answers 'pid N: delay 500 request I', one per request",
                    saw=f"{len(answers)} answers; {result.summary()}")
        story.check(elapsed is not None and 0.45 <= elapsed < 4.0,
                    expected="each answer 500 ms after its request, the 20 served at once: "
                             "all done well under the 10 s one after the other would take "
                             "(between 0.5 and 4 s)",
                    saw=f"all answered after {elapsed} s")


def test_fork_server_reaps_children(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    with start_server(story, h2, [tool("np-udpd"), "-p", "7777"], run_dir, port=7777) as server:
        for _ in range(2):
            elapsed, answers, result = udp_burst(story, h1, h2, 20, 100)
            story.check(len(answers) == 20,
                        expected="20 answers", saw=f"{len(answers)}; {result.summary()}")
        pids = {pid for pid, _ in answers}
        story.check(len(pids) > 1 and str(server.pid) not in pids,
                    expected="answers from child processes (pids other than the server's "
                             f"{server.pid}, not all the same)",
                    saw=f"pids {sorted(pids)[:5]}")
        with contextlib.suppress(Exception):
            wait_for(lambda: not children(server.pid), timeout=5, what="the children to go")
        left = children(server.pid)
        zombies = [pid for pid, state in left if state == "Z"]
        story.check(not left and server.alive(),
                    expected="no child left once every answer came (each one reaped: no "
                             "zombie), and the server still running",
                    saw=f"{len(left)} children left, {len(zombies)} of them zombies"
                        if left else "the server exited")


# --- np-tftpd with the real clients --------------------------------------------------------

def test_get_with_tftp_hpa(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    served, local = fresh_dir(run_dir, "srv"), fresh_dir(run_dir, "got")
    want = make_files(served)
    with np_tftpd(story, tool, h2, served, run_dir):
        for name in want:
            result = hpa_get(story, h1, h2.ip4, name, local / name)
            check_same(story, {name: want[name]}, local, result, "tftp-hpa's get from np-tftpd")


def test_put_with_tftp_hpa(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    served, source = fresh_dir(run_dir, "srv"), fresh_dir(run_dir, "src")
    want = make_files(source)
    with np_tftpd(story, tool, h2, served, run_dir, "-c"):
        for name in want:
            result = hpa_put(story, h1, h2.ip4, source / name, name)
            # The server renames a file into place once it has all of it: wait for that.
            with contextlib.suppress(Exception):
                wait_for(lambda: sha256(served / name) == want[name], timeout=5,
                         what="the file to arrive")
            check_same(story, {name: want[name]}, served, result, "tftp-hpa's put to np-tftpd -c")


def test_client_with_tftpd_hpa(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    served, local = fresh_dir(run_dir, "srv"), fresh_dir(run_dir, "got")
    want = make_files(served)
    with tftpd_hpa(story, h2, served, run_dir):
        statuses = []
        for name in want:
            result = run(h1, [tool("np-tftp"), h2.ip4, "get", name, str(local / name)],
                         timeout=20)
            story.did(result.command)
            statuses.append(result.status)
        check_same(story, want, local, result, "np-tftp's gets from tftpd-hpa")
        story.check(statuses == [0] * len(want), expected="exit status 0 for every get",
                    saw=f"exit statuses {statuses}")
        for name in want:
            result = run(h1, [tool("np-tftp"), h2.ip4, "put", str(local / name), "up-" + name],
                         timeout=20)
            story.did(result.command)
            story.check(result.status == 0, expected="exit status 0 after a put",
                        saw=result.summary())
        uploaded = {"up-" + name: digest for name, digest in want.items()}
        check_same(story, uploaded, served, result, "np-tftp's puts to tftpd-hpa")


def test_client_reports_failure(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    served, local = fresh_dir(run_dir, "srv"), fresh_dir(run_dir, "got")
    make_files(served, {"present": 1000})
    with tftpd_hpa(story, h2, served, run_dir):
        (local / "keep").write_bytes(b"old content\n")
        result = run(h1, [tool("np-tftp"), h2.ip4, "get", "absent", str(local / "keep")],
                     timeout=20)
        story.did(result.command)
        story.check(result.status == 1 and (local / "keep").read_bytes() == b"old content\n"
                    and "File not found" in result.stderr,
                    expected="exit status 1, the server's 'File not found' on stderr, and the "
                             "local file left as it was",
                    saw=result.summary())
        result = run(h1, [tool("np-tftp"), h2.ip4, "get", "present", str(local / "p")], timeout=20)
        story.did(result.command)
        story.check(result.status == 0 and sha256(local / "p") == sha256(served / "present"),
                    expected="exit status 0 and the file", saw=result.summary())


def test_netascii(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    served, local = fresh_dir(run_dir, "srv"), fresh_dir(run_dir, "got")
    # Lines ending in LF, a lone CR, a CR at a block boundary (offset 511), no final LF.
    text = b"first line\nsecond\rline\n" + b"x" * 487 + b"\r\n" + b"y" * 600 + b"\nend"
    (served / "notes.txt").write_bytes(text)
    with np_tftpd(story, tool, h2, served, run_dir):
        result = hpa_get(story, h1, h2.ip4, "notes.txt", local / "notes.txt", mode="ascii")
        story.check((local / "notes.txt").exists() and
                    (local / "notes.txt").read_bytes() == text,
                    expected="tftp-hpa's netascii get gives back the text byte for byte "
                             "(LF -> CR LF and CR -> CR NUL on the wire, undone by the client)",
                    saw=f"{result.summary()}; file "
                        f"{'missing' if not (local / 'notes.txt').exists() else 'differs'}")
    with tftpd_hpa(story, h2, served, run_dir):
        result = run(h1, [tool("np-tftp"), "-m", "netascii", h2.ip4, "get", "notes.txt",
                          str(local / "from-hpa.txt")], timeout=20)
        story.did(result.command)
        story.check(result.status == 0 and (local / "from-hpa.txt").exists() and
                    (local / "from-hpa.txt").read_bytes() == text,
                    expected="np-tftp -m netascii against tftpd-hpa: the same text back",
                    saw=result.summary())


def test_blksize_and_tsize(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    served, local = fresh_dir(run_dir, "srv"), fresh_dir(run_dir, "got")
    want = make_files(served, {"data": 200_000})
    with np_tftpd(story, tool, h2, served, run_dir):
        reply, result = probe(story, h1, "request", h2.ip4, 69, 1, "data", "octet",
                              "blksize", "1428", "tsize", "0")
        story.check(reply is not None and reply.get("op") == 6 and
                    reply.get("options") == {"blksize": "1428", "tsize": "200000"},
                    expected="an OACK with blksize 1428 and tsize 200000",
                    saw=f"{reply}" if reply else result.summary())
        nxt = reply.get("next") or {}
        story.check(nxt.get("op") == 3 and nxt.get("block") == 1 and nxt.get("size") == 1428,
                    expected="after ACK 0, DATA block 1 with 1428 bytes", saw=f"{nxt}")
        argv = ["atftp", "--option", "blksize 1428", "--option", "tsize", "-g", "-r", "data",
                "-l", str(local / "data"), h2.ip4]
        result = run(h1, argv, timeout=20)
        story.did(result.command)
        check_same(story, want, local, result, "atftp's get with blksize 1428 and tsize")
    with tftpd_hpa(story, h2, served, run_dir):
        result = run(h1, [tool("np-tftp"), "-b", "1428", h2.ip4, "get", "data",
                          str(local / "data2")], timeout=20)
        story.did(result.command)
        story.check(result.status == 0 and sha256(local / "data2") == want["data"],
                    expected="np-tftp -b 1428 against tftpd-hpa: the file, exit status 0",
                    saw=result.summary())


def test_block_number_rollover(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    served, local = fresh_dir(run_dir, "srv"), fresh_dir(run_dir, "got")
    # 65536 blocks of 512 bytes and a few more: the block number wraps past 65535.
    want = make_files(served, {"huge": 32 * 1024 * 1024 + 5000})
    with np_tftpd(story, tool, h2, served, run_dir):
        result = hpa_get(story, h1, h2.ip4, "huge", local / "huge", timeout=60)
        check_same(story, want, local, result, "a 32 MiB + 5000 byte get (block number wraps)")


LOSSY_SIZE = 20_000  # small: every loss costs a timeout, and the test must stay short


@contextlib.contextmanager
def lossy_link(story, net):
    """10 % loss both ways between h1 and h2, and reordering (2 ± 2 ms, 25 % overtaking)."""
    with impair(net, net.h1, net.h2, loss=0.1, delay_ms=2, jitter_ms=2, reorder=0.25), \
            impair(net, net.h2, net.h1, loss=0.1, delay_ms=2, jitter_ms=2, reorder=0.25):
        story.did("(10 % loss and reordering both ways between h1 and h2)")
        yield


def test_loss_and_reordering(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    served, local = fresh_dir(run_dir, "srv"), fresh_dir(run_dir, "got")
    want = make_files(served, {"lossy": LOSSY_SIZE})
    with np_tftpd(story, tool, h2, served, run_dir, "-c", "-T", FAST_RETRY_US), \
            lossy_link(story, pair_net):
        result = hpa_get(story, h1, h2.ip4, "lossy", local / "lossy", timeout=30)
        check_same(story, want, local, result, "tftp-hpa's get from np-tftpd over the lossy link")
        # atftp answers a repeated ACK with the DATA again, so the server's timer drives
        # the put too (tftp-hpa would wait for its own timer, restarted by every packet).
        argv = ["atftp", "--tftp-timeout", "1", "-p", "-r", "back", "-l", str(local / "lossy"),
                h2.ip4]
        result = run(h1, argv, timeout=30)
        story.did(result.command)
        with contextlib.suppress(Exception):
            wait_for(lambda: sha256(served / "back") == want["lossy"], timeout=8,
                     what="the upload")
        # The file on the server is what counts: when the server's last ACK is lost, the
        # client cannot know that the transfer completed (RFC 1350's known weakness).
        check_same(story, {"back": want["lossy"]}, served, result,
                   "atftp's put to np-tftpd over the lossy link", client_verdict=False)


def test_client_over_lossy_link(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    served, local = fresh_dir(run_dir, "srv"), fresh_dir(run_dir, "got")
    want = make_files(served, {"lossy": LOSSY_SIZE})
    with tftpd_hpa(story, h2, served, run_dir, "-T", FAST_RETRY_US):
        with lossy_link(story, pair_net):
            result = run(h1, [tool("np-tftp"), "-t", "0.5", "-b", "1024", h2.ip4, "get", "lossy",
                              str(local / "lossy")], timeout=30)
            story.did(result.command)
            story.check(result.status == 0 and sha256(local / "lossy") == want["lossy"],
                        expected="np-tftp's get from tftpd-hpa over the lossy link: the file, "
                                 "exit status 0", saw=result.summary())
        # Losing the server's very last ACK of a put can fail any client (tftpd-hpa answers
        # one repeat of the last DATA, then it is gone): loss on the way to the server only.
        with impair(pair_net, h1, h2, loss=0.1, delay_ms=2, jitter_ms=2, reorder=0.25), \
                impair(pair_net, h2, h1, delay_ms=2, jitter_ms=2, reorder=0.25):
            story.did("(10 % loss from h1 to h2, reordering both ways)")
            result = run(h1, [tool("np-tftp"), "-t", "0.5", "-b", "1024", h2.ip4, "put",
                              str(local / "lossy"), "back"], timeout=30)
            story.did(result.command)
        with contextlib.suppress(Exception):
            wait_for(lambda: sha256(served / "back") == want["lossy"], timeout=5,
                     what="the upload")
        story.check(result.status == 0 and sha256(served / "back") == want["lossy"],
                    expected="np-tftp's put to tftpd-hpa over the lossy link: the file, "
                             "exit status 0", saw=result.summary())


def test_vanishing_client(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    served, local = fresh_dir(run_dir, "srv"), fresh_dir(run_dir, "got")
    want = make_files(served, {"big": 100_000, "small": 3000})
    with np_tftpd(story, tool, h2, served, run_dir, "-T", FAST_RETRY_US) as server:
        import threading
        box = {}
        thread = threading.Thread(
            target=lambda: box.update(r=probe(story, h1, "vanish", h2.ip4, 69, 1, "big", 6)))
        thread.start()
        with contextlib.suppress(Exception):
            wait_for(lambda: len(children(server.pid)) > 0 or not thread.is_alive(), timeout=5,
                     what="a transfer to start")
        result = hpa_get(story, h1, h2.ip4, "small", local / "small")
        check_same(story, {"small": want["small"]}, local, result,
                   "another client served while the first one is silent")
        thread.join()
        seen, result = box["r"]
        packets = (seen or {}).get("seen", [])
        data1 = [t for t, p in packets if p.get("op") == 3 and p.get("block") == 1]
        story.check(len(data1) >= 3,
                    expected="DATA block 1 sent again and again on timeouts (-T 0.3 s)",
                    saw=f"{len(data1)} copies of DATA 1 in 6 s: {packets[:8]}")
        story.check(max(data1) <= 4.5,
                    expected="the server gives up after its retry limit (about 6 retries of "
                             "0.3 s), never retransmitting for ever",
                    saw=f"copies at {data1}")
        with contextlib.suppress(Exception):
            wait_for(lambda: not children(server.pid), timeout=5, what="the child to go")
        story.check(not children(server.pid) and server.alive(),
                    expected="the transfer's process gone (and reaped), the server running",
                    saw=f"children {children(server.pid)}")


def test_failed_upload_leaves_nothing(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    served = fresh_dir(run_dir, "srv")
    (served / "old").write_bytes(b"the old content\n")
    with np_tftpd(story, tool, h2, served, run_dir, "-c", "-T", FAST_RETRY_US) as server:
        seen, result = probe(story, h1, "vanish", h2.ip4, 69, 2, "old", 2.5)
        probe(story, h1, "vanish", h2.ip4, 69, 2, "new", 2.5)
        story.check(seen and seen["seen"] and seen["seen"][0][1].get("op") == 4,
                    expected="WRQ old: ACK 0", saw=f"{seen}" if seen else result.summary())
        with contextlib.suppress(Exception):
            wait_for(lambda: not children(server.pid), timeout=5, what="the children to go")
        names = sorted(p.name for p in served.iterdir())
        story.check(names == ["old"] and (served / "old").read_bytes() == b"the old content\n",
                    expected="two uploads abandoned after one block: 'old' unchanged, no "
                             "'new', no temporary file left",
                    saw=f"directory holds {names}")
    with np_tftpd(story, tool, h2, served, run_dir):
        reply, result = probe(story, h1, "request", h2.ip4, 69, 2, "created", "octet")
        story.check(reply is not None and reply.get("op") == 5 and reply.get("code") in (1, 2),
                    expected="without -c, a WRQ for a new file refused with ERROR 2 (or 1)",
                    saw=f"{reply}" if reply else result.summary())


def test_concurrent_transfers(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    served, local = fresh_dir(run_dir, "srv"), fresh_dir(run_dir, "got")
    want = make_files(served, {f"f{i}": 400_000 + i for i in range(8)})
    script = " & ".join(
        f"printf 'binary\\ntimeout 5\\nget f{i} {local}/f{i}\\n' | tftp {h2.ip4}" for i in range(8))
    with np_tftpd(story, tool, h2, served, run_dir):
        result = run(h1, ["sh", "-c", script + " & wait"], timeout=40)
        story.did(f"h1$ 8 × (tftp {h2.ip4} <<< 'binary; timeout 5; get fI') at once")
        check_same(story, want, local, result, "8 concurrent gets")


def test_paths_confined(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    served = fresh_dir(run_dir, "srv")
    (run_dir / "secret").write_text("outside\n")
    (served / "sub").mkdir()
    (served / "sub" / "inside").write_text("inside\n")
    (served / "escape").symlink_to(run_dir / "secret")
    (served / "sub" / "up").symlink_to("../../secret")
    refused = ["../secret", "/etc/passwd", f"{run_dir}/secret", "sub/../../secret", "escape",
               "sub/up"]
    with np_tftpd(story, tool, h2, served, run_dir, "-c"):
        bad = []
        for name in refused:
            reply, result = probe(story, h1, "request", h2.ip4, 69, 1, name, "octet")
            if not (reply and reply.get("op") == 5 and reply.get("code") == 2):
                bad.append(f"RRQ {name}: {reply}")
        reply, result = probe(story, h1, "request", h2.ip4, 69, 2, "../planted", "octet")
        if not (reply and reply.get("op") == 5 and reply.get("code") == 2):
            bad.append(f"WRQ ../planted: {reply}")
        story.check(not bad and not (run_dir / "planted").exists(),
                    expected="ERROR 2 (access violation) for every name that leads outside the "
                             "directory: .., absolute paths, symbolic links out",
                    saw="; ".join(bad)[:400] or "a file written outside")
        reply, result = probe(story, h1, "request", h2.ip4, 69, 1, "sub/inside", "octet")
        story.check(reply is not None and reply.get("op") == 3 and reply.get("size") == 7,
                    expected="RRQ sub/inside (inside the directory) answered with DATA 1",
                    saw=f"{reply}" if reply else result.summary())
        reply, result = probe(story, h1, "request", h2.ip4, 69, 1, "nothing-here", "octet")
        story.check(reply is not None and reply.get("op") == 5 and reply.get("code") == 1,
                    expected="RRQ of a file that does not exist: ERROR 1 (file not found)",
                    saw=f"{reply}" if reply else result.summary())


def test_malformed_packets(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    served = fresh_dir(run_dir, "srv")
    want = make_files(served, {"ok": 1500})
    junk = {
        "one byte": "01",
        "unknown opcode 9": "0009666f6f006f6374657400",
        "RRQ without NUL": "00016f6b006f63746574",
        "RRQ mode 'bogus'": "00016f6b00626f67757300",
        "RRQ without mode": "00016f6b00",
        "DATA to port 69": "00030001414141",
        "ACK to port 69": "00040001",
        "option without value": "00016f6b006f6374657400626c6b73697a6500",
        "empty": "",
    }
    with np_tftpd(story, tool, h2, served, run_dir) as server:
        replies, result = probe(story, h1, "raw", h2.ip4, 69, *[h or "00" for h in junk.values()])
        story.check(replies is not None and server.alive(),
                    expected="the server still running after malformed datagrams",
                    saw=f"{server.result.summary() if server.result else 'it exited'}")
        wrong = []
        for (what, _), reply in zip(junk.items(), replies["replies"]):
            if reply is not None and not (reply.get("op") == 5 and reply.get("code") in (0, 4)):
                wrong.append(f"{what}: {reply}")
        story.check(not wrong, expected="each malformed datagram ignored or answered with "
                                        "ERROR 4 (illegal operation)",
                    saw="; ".join(wrong)[:400])
        got, result = probe(story, h1, "get", h2.ip4, 69, "ok", 0, 0)
        story.check(got is not None and got.get("sha256") == want["ok"] and server.alive(),
                    expected="after them, a good RRQ still served in full",
                    saw=f"{got}" if got else result.summary())


def test_unknown_tid_and_duplicate_acks(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    served = fresh_dir(run_dir, "srv")
    want = make_files(served, {"file": 40 * 512 + 100})
    with np_tftpd(story, tool, h2, served, run_dir):
        got, result = probe(story, h1, "get", h2.ip4, 69, "file", 1, 1)
        story.check(got is not None and got.get("sha256") == want["file"],
                    expected="the whole file, though every ACK was sent twice and a stranger "
                             "wrote to the transfer's port",
                    saw=f"{got}" if got else result.summary())
        stranger = got.get("stranger_reply") or {}
        story.check(stranger.get("op") == 5 and stranger.get("code") == 5,
                    expected="ERROR 5 (unknown transfer ID) sent to the stranger's port",
                    saw=f"the stranger got {stranger or 'nothing'}")
        # With the bug every block from the first duplicate on goes twice; a loaded machine
        # may legitimately cost a timeout or two.
        story.check(got.get("data_packets", 0) <= got.get("blocks", 0) + 2,
                    expected="each DATA block sent once: a duplicate ACK must not make the "
                             "server send the next block again (Sorcerer's Apprentice)",
                    saw=f"{got.get('data_packets')} DATA packets for {got.get('blocks')} blocks, "
                        f"up to {got.get('max_copies')} copies of one")


# Starts a program the way inetd does for a 'dgram udp wait' service: the bound UDP
# socket as descriptor 0.
INETD_WRAPPER = r'''
import os, socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 69))
os.dup2(s.fileno(), 0)
os.execv(sys.argv[2], sys.argv[2:])
'''


def test_inetd_mode(pair_net, tool, story, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    served, local = fresh_dir(run_dir, "srv"), fresh_dir(run_dir, "got")
    want = make_files(served, {"via-inetd": 70_000})
    wrapper = run_dir / "inetd-like.py"
    wrapper.write_text(INETD_WRAPPER)
    argv = ["/usr/bin/python3", str(wrapper), h2.ip4, tool("np-tftpd"), "-s", str(served)]
    with start_server(story, h2, argv, run_dir, name="np-tftpd"):
        story.did("(np-tftpd started as inetd would: its UDP socket on descriptor 0, no -L)")
        result = hpa_get(story, h1, h2.ip4, "via-inetd", local / "via-inetd")
        check_same(story, want, local, result, "a get from np-tftpd run the inetd way")

"""Clients for the event-loop lab's graded tests (tests/labs/test_event-loop.py).

Each subcommand runs inside a topology host (`/usr/bin/python3 event_loop_clients.py CMD …`),
exercises np-echod or np-httpd in one way, and prints one JSON object on its last line of
stdout: what it saw, for the test to judge. It never decides the grade itself, and it
exits 0 whenever it could run at all.

    echo-many HOST PORT N            N connections at once, each echoes its own message
    slow HOST PORT                   a 1-byte-per-100-ms client beside a fast one
    nonreader HOST PORT              a client that sends and never reads, then another one
    half-close HOST PORT             send, shut down our side, read the echo and the end
    idle HOST PORT                   one echo, then silence: when does the server hang up?
    idle-cpu HOST PORT PID SECONDS   server CPU time over SECONDS with idle clients around
    churn HOST PORT COUNT            COUNT connections opened and closed (some by reset)
    http HOST PORT SPEC              conversations described by a JSON file (see http())
    http-workers HOST PORT PID...    connections, one by one, until every worker PID holds one
    download HOST PORT PATH          GET PATH, pause after 64 KiB ("started"), read the rest
"""

from __future__ import annotations

import json
import os
import resource
import selectors
import socket
import struct
import sys
import threading
import time

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def raise_descriptor_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def report(**fields) -> None:
    print(json.dumps(fields), flush=True)


def connect(host: str, port: int, timeout: float = 5.0) -> socket.socket:
    sock = socket.create_connection((host, port), timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def recv_exactly(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            break
        data += chunk
    return data


def echo_round(sock: socket.socket, message: bytes) -> bool:
    sock.sendall(message)
    return recv_exactly(sock, len(message)) == message


# --- echo ---------------------------------------------------------------------------

def echo_many(host: str, port: int, count: int, deadline_s: float = 12.0) -> None:
    """All connections open at once; each sends its own message once every connection
    is established, and must get exactly that message back."""
    selector = selectors.DefaultSelector()
    started = time.monotonic()
    deadline = started + deadline_s
    states = {}
    for i in range(count):
        sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
        sock.setblocking(False)
        sock.connect_ex((host, port))
        message = (f"connection {i:05d} says hello;" * 3).encode() + b"\n"
        states[sock] = {"message": message, "sent": 0, "got": b"", "done": False}
        selector.register(sock, selectors.EVENT_WRITE)
    ok = failed = 0
    first_error = ""
    last_progress = time.monotonic()
    while ok + failed < count and time.monotonic() < deadline:
        if time.monotonic() - last_progress > 5:
            break  # nothing echoed for 5 s: the rest will not be either
        for key, events in selector.select(timeout=0.2):
            last_progress = time.monotonic()
            sock, state = key.fileobj, states[key.fileobj]
            try:
                if events & selectors.EVENT_WRITE:
                    state["sent"] += sock.send(state["message"][state["sent"]:])
                    if state["sent"] == len(state["message"]):
                        selector.modify(sock, selectors.EVENT_READ)
                    continue
                chunk = sock.recv(4096)
                if not chunk:
                    raise ConnectionError("closed by the server before the whole echo")
                state["got"] += chunk
                if len(state["got"]) >= len(state["message"]):
                    if state["got"] == state["message"]:
                        ok += 1
                    else:
                        failed += 1
                        first_error = first_error or f"wrong echo: {state['got'][:60]!r}"
                    selector.unregister(sock)
            except OSError as e:
                failed += 1
                first_error = first_error or f"{type(e).__name__}: {e}"
                selector.unregister(sock)
    for sock in states:
        sock.close()
    report(count=count, ok=ok, failed=failed, missing=count - ok - failed,
           first_error=first_error, seconds=round(time.monotonic() - started, 2))


def slow(host: str, port: int) -> None:
    """One client sends 20 bytes, one per 100 ms; meanwhile another does 50 round trips.
    The fast one must not wait for the slow one."""
    result = {"slow_ok": False, "fast_ok": False}
    slow_sock = connect(host, port)
    fast_sock = connect(host, port)
    started = time.monotonic()

    def slow_client() -> None:
        message = b"slowly, byte by byte"  # 20 bytes: 2 s
        got = b""
        try:
            slow_sock.settimeout(5)
            for byte in message:
                slow_sock.sendall(bytes([byte]))
                time.sleep(0.1)
            while len(got) < len(message):
                chunk = slow_sock.recv(64)
                if not chunk:
                    break
                got += chunk
        except OSError as e:
            result["slow_error"] = str(e)
        result["slow_ok"] = got == message
        result["slow_seconds"] = round(time.monotonic() - started, 2)

    thread = threading.Thread(target=slow_client)
    thread.start()
    time.sleep(0.25)  # the slow client is well under way
    try:
        fast_started = time.monotonic()
        result["fast_ok"] = all(echo_round(fast_sock, f"fast {i}\n".encode()) for i in range(50))
        result["fast_seconds"] = round(time.monotonic() - fast_started, 2)
        result["fast_done_at"] = round(time.monotonic() - started, 2)
    except OSError as e:
        result["fast_error"] = str(e)
    thread.join(timeout=10)
    report(**result)


def nonreader(host: str, port: int) -> None:
    """A client sends as fast as it can and never reads. A server that keeps reading
    what it cannot echo grows without bound: the sender then never blocks. Once it has
    blocked for 1.5 s (or after 256 MiB, or 12 s), another client must still be served."""
    limit, chunk = 256 << 20, b"x" * 65536
    sock = connect(host, port)
    sock.setblocking(False)
    sent, last_progress, started = 0, time.monotonic(), time.monotonic()
    stalled = False
    while sent < limit and time.monotonic() - started < 12:
        try:
            sent += sock.send(chunk)
            last_progress = time.monotonic()
        except BlockingIOError:
            if time.monotonic() - last_progress > 1.5:
                stalled = True
                break
            selectors.DefaultSelector().select(timeout=0.05)
        except OSError as e:
            report(stalled=False, sent=sent, other_ok=False, error=str(e))
            return
    other_ok, other_error = False, ""
    try:
        other = connect(host, port, timeout=5)
        other_ok = echo_round(other, b"are you still there?\n")
        other.close()
    except OSError as e:
        other_error = str(e)
    report(stalled=stalled, sent=sent, other_ok=other_ok, other_error=other_error,
           seconds=round(time.monotonic() - started, 2))
    sock.close()


def half_close(host: str, port: int) -> None:
    message = b"the last words before a half-close\n" * 100
    sock = connect(host, port)
    sock.sendall(message)
    sock.shutdown(socket.SHUT_WR)
    got, eof = b"", False
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                eof = True
                break
            got += chunk
    except OSError as e:
        report(echoed=got == message, got=len(got), eof=False, error=str(e))
        return
    report(echoed=got == message, got=len(got), expected=len(message), eof=eof)


def idle(host: str, port: int) -> None:
    sock = connect(host, port, timeout=5)
    ok = echo_round(sock, b"one line, then silence\n")
    sock.settimeout(10)
    started = time.monotonic()
    try:
        data = sock.recv(1)
        how = "closed" if not data else f"sent {data!r}"
    except socket.timeout:
        how = "still open after 10 s"
    except OSError as e:
        how = f"error {e}"
    report(echo_ok=ok, how=how, seconds=round(time.monotonic() - started, 2))


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process and all its threads so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def idle_cpu(host: str, port: int, pid: int, seconds: float) -> None:
    """Connections in every state a server meets, then nothing: 20 open and idle, one
    half-closed by the client, one reset. The server's CPU time over `seconds` then."""
    raise_descriptor_limit()
    socks = [connect(host, port) for _ in range(20)]
    ok = all(echo_round(s, b"ping\n") for s in socks)
    half = connect(host, port)
    ok = ok and echo_round(half, b"half\n")
    half.shutdown(socket.SHUT_WR)
    reset = connect(host, port)
    ok = ok and echo_round(reset, b"reset\n")
    reset.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    reset.close()
    time.sleep(0.3)  # let the server deal with the half-close and the reset
    before = cpu_seconds(pid)
    time.sleep(seconds)
    used = cpu_seconds(pid) - before
    report(echo_ok=ok, cpu_seconds=round(used, 3), over=seconds)
    for s in socks + [half]:
        s.close()


def churn(host: str, port: int, count: int, batch: int = 100) -> None:
    """count connections, batch at a time: every one echoes a line, then closes; one in
    four closes with a reset (SO_LINGER 0) instead of a FIN."""
    raise_descriptor_limit()
    ok = failed = 0
    first_error = ""
    started = time.monotonic()
    linger_reset = struct.pack("ii", 1, 0)
    for first in range(0, count, batch):
        socks = []
        for i in range(first, min(first + batch, count)):
            try:
                socks.append((i, connect(host, port, timeout=3)))
            except OSError as e:
                failed += 1
                first_error = first_error or f"connect: {e}"
        for i, sock in socks:
            try:
                sock.sendall(b"churn\n")
            except OSError as e:
                failed += 1
                first_error = first_error or f"send: {e}"
        for i, sock in socks:
            if failed:  # the server does not echo: do not wait for every socket in turn
                sock.close()
                continue
            try:
                if recv_exactly(sock, 6) == b"churn\n":
                    ok += 1
                else:
                    failed += 1
                    first_error = first_error or "no echo"
                if i % 4 == 0:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger_reset)
            except OSError as e:
                failed += 1
                first_error = first_error or f"recv: {e}"
            sock.close()
        if failed:
            break  # a correct server never fails one: no need to wait for more
    report(count=count, ok=ok, failed=failed, first_error=first_error,
           seconds=round(time.monotonic() - started, 2))


# --- HTTP ---------------------------------------------------------------------------

def read_response(sock: socket.socket, buffered: bytearray, head_only: bool) -> dict | None:
    """One response from sock (bytes already received in `buffered`, which keeps what
    follows); None if the connection ended (or timed out) before a whole one."""
    while b"\r\n\r\n" not in buffered:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buffered += chunk
    end = buffered.index(b"\r\n\r\n")
    head = bytes(buffered[:end]).decode("latin-1")
    del buffered[: end + 4]
    lines = head.split("\r\n")
    parts = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = 0 if head_only else int(headers.get("content-length", "0") or 0)
    while len(buffered) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        buffered += chunk
    body = bytes(buffered[:length])
    del buffered[:length]
    return {"status_line": lines[0], "status": int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0,
            "headers": headers, "body": body.decode("latin-1"), "body_length": len(body)}


def http(host: str, port: int, spec_path: str) -> None:
    """SPEC is a JSON list of conversations, each a list of steps run on one connection:
        {"send": "GET / HTTP/1.1\\r\\n…", "responses": ["GET", "HEAD", …]}
    sends the text, then reads one response per entry (HEAD: no body). After the last
    step, waits up to 1 s to see whether the server closed the connection."""
    with open(spec_path) as f:
        conversations = json.load(f)
    results = []
    for steps in conversations:
        conversation = {"responses": [], "closed": None, "error": ""}
        try:
            sock = connect(host, port, timeout=3)
            buffered = bytearray()
            for step in steps:
                if step.get("pause"):
                    time.sleep(step["pause"])
                sock.sendall(step["send"].encode("latin-1"))
                for method in step["responses"]:
                    response = read_response(sock, buffered, method == "HEAD")
                    conversation["responses"].append(response)
                    if response is None:
                        break
            sock.settimeout(1.0)
            try:
                extra = sock.recv(65536)
                conversation["closed"] = not extra and not buffered
                conversation["extra"] = (bytes(buffered) + extra)[:200].decode("latin-1")
            except socket.timeout:
                conversation["closed"] = False
                conversation["extra"] = bytes(buffered)[:200].decode("latin-1")
            except ConnectionResetError:
                conversation["closed"] = "reset"
            sock.close()
        except OSError as e:
            conversation["error"] = f"{type(e).__name__}: {e}"
        results.append(conversation)
        if conversation["error"]:
            break  # the server does not answer: the rest would only time out too
    report(conversations=results)


def socket_count(pid: int) -> int:
    count = 0
    try:
        for name in os.listdir(f"/proc/{pid}/fd"):
            try:
                if os.readlink(f"/proc/{pid}/fd/{name}").startswith("socket:"):
                    count += 1
            except OSError:
                pass
    except OSError:
        return -1
    return count


def http_workers(host: str, port: int, pids: list[int]) -> None:
    """Keep-alive connections opened one after the other, each with one request answered
    and left open, until every worker PID holds a connection besides the listening
    socket (checked every 5 connections; at most 150 connections or 12 s)."""
    raise_descriptor_limit()
    baseline = {pid: socket_count(pid) for pid in pids}
    request = f"GET / HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
    held, answered, errors = [], 0, []
    deadline = time.monotonic() + 12
    counts = {pid: 0 for pid in pids}
    while len(held) < 150 and not errors and time.monotonic() < deadline:
        try:
            s = connect(host, port, timeout=3)
            held.append(s)
            s.sendall(request)
            if (read_response(s, bytearray(), False) or {}).get("status") == 200:
                answered += 1
        except OSError as e:
            errors.append(str(e))
        if len(held) % 5 == 0:
            counts = {pid: socket_count(pid) - baseline[pid] for pid in pids}
            if all(n > 0 for n in counts.values()):
                break
    counts = {pid: socket_count(pid) - baseline[pid] for pid in pids}
    report(answered=answered, requests=len(held),
           connections_by_worker={str(p): n for p, n in counts.items()}, errors=errors[:3])
    for s in held:
        s.close()


def download(host: str, port: int, path: str) -> None:
    sock = connect(host, port, timeout=5)
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
    buffered = bytearray()
    while b"\r\n\r\n" not in buffered or len(buffered) < 65536:
        chunk = sock.recv(65536)
        if not chunk:
            break
        buffered += chunk
    print("started", flush=True)  # the test sends SIGTERM now
    time.sleep(1.5)
    response = read_response(sock, buffered, False)
    if response is None:
        report(status=0, body_length=0, expected_length=-1)
        return
    expected = int(response["headers"].get("content-length", "-1"))
    report(status=response["status"], body_length=response["body_length"],
           expected_length=expected)


def main(argv: list[str]) -> int:
    command, host, port, *rest = argv
    port = int(port)
    if command == "echo-many":
        raise_descriptor_limit()
        echo_many(host, port, int(rest[0]))
    elif command == "slow":
        slow(host, port)
    elif command == "nonreader":
        nonreader(host, port)
    elif command == "half-close":
        half_close(host, port)
    elif command == "idle":
        idle(host, port)
    elif command == "idle-cpu":
        idle_cpu(host, port, int(rest[0]), float(rest[1]))
    elif command == "churn":
        churn(host, port, int(rest[0]))
    elif command == "http":
        http(host, port, rest[0])
    elif command == "http-workers":
        http_workers(host, port, [int(p) for p in rest])
    elif command == "download":
        download(host, port, rest[0])
    else:
        print(f"unknown command {command!r}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except OSError as e:  # the server is not there at all, typically
        report(fatal=f"{type(e).__name__}: {e}")

"""Graded network tests of the event-loop lab.

np-echod and np-httpd run in h2 (pair topology); the clients are the small Python programs
of tests/labs/event_loop_clients.py, run in h1, which print what they saw as JSON. What
cannot be seen from the wire (memory, CPU time, open descriptors, worker processes) is read
from /proc/<pid> (Mininet hosts share the machine's pid namespace). Points and hints live
in tests/labs/event-loop.toml.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
from pathlib import Path
from typing import Iterator

from harness.run import Daemon, run, wait_for

CLIENTS = Path(__file__).with_name("event_loop_clients.py")
PYTHON = "/usr/bin/python3"
ECHO_PORT = 7007
HTTP_PORT = 8080
START_TIMEOUT = 5.0


# --- helpers ---------------------------------------------------------------------------

def client(story, host, *args, timeout=25.0) -> dict:
    """Runs one client subcommand in host; returns the JSON it printed last (or a dict
    with "fatal" describing what went wrong)."""
    result = run(host, [PYTHON, CLIENTS, *args], timeout=timeout)
    story.did(f"{host.name}$ event_loop_clients.py {' '.join(str(a) for a in args)}")
    for line in reversed(result.stdout.splitlines()):
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                break
    return {"fatal": f"the client printed no result ({result.summary()}; {result.stderr[-300:]})"}


@contextlib.contextmanager
def start_server(story, host, argv, run_dir) -> Iterator[Daemon]:
    """Runs a server as a Daemon (stopped when the block ends) once it has printed its
    'listening on port' line."""
    with Daemon(host, argv, run_dir=run_dir) as server:
        story.did(server.command)
        try:
            wait_for(lambda: "listening on port" in server.stdout or not server.alive(),
                     timeout=START_TIMEOUT, what="the server to listen")
        except TimeoutError:
            pass
        story.check(server.alive() and "listening on port" in server.stdout,
                    expected="the server running, having printed 'listening on port N'",
                    saw=f"stdout {server.stdout.strip()[:200]!r}, "
                        f"stderr {server.stderr.strip()[:200]!r}"
                        + ("" if server.alive() else ", and it has exited"))
        yield server


def echod(story, tool, host, run_dir, engine="epoll", *extra):
    return start_server(story, host, [tool("np-echod"), "-p", ECHO_PORT, "--engine", engine,
                                      *extra], run_dir)


def descriptors(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def peak_memory_kib(pid: int) -> int:
    """VmHWM: the most resident memory the process has had."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def children(pid: int) -> list[int]:
    """The live processes whose parent is pid (from /proc/*/stat, which every kernel has)."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{name}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[1]) == pid and fields[0] not in ("Z", "X"):
            found.append(int(name))
    return sorted(found)


# --- echo: the shared checks, run on each engine -------------------------------------------

def check_many_connections(story, net, server) -> None:
    seen = client(story, net.h1, "echo-many", net.h2.ip4, ECHO_PORT, 1000)
    story.check(seen.get("ok") == 1000,
                expected="all 1000 connections, open at the same time, each get their own "
                         "message echoed",
                saw=seen)


def check_slow_client(story, net, server) -> None:
    seen = client(story, net.h1, "slow", net.h2.ip4, ECHO_PORT)
    story.check(seen.get("fast_ok") and seen.get("slow_ok"),
                expected="both clients echoed: the slow one (1 byte per 100 ms) and a fast "
                         "one (50 round trips)",
                saw=seen)
    story.check(seen["fast_done_at"] < seen["slow_seconds"],
                expected="the fast client done while the slow one is still sending",
                saw=f"fast client done after {seen['fast_done_at']} s, "
                    f"slow one after {seen['slow_seconds']} s")


def check_nonreader(story, net, server) -> None:
    before = peak_memory_kib(server.pid)
    seen = client(story, net.h1, "nonreader", net.h2.ip4, ECHO_PORT)
    growth = peak_memory_kib(server.pid) - before
    story.check(seen.get("other_ok"),
                expected="another client echoed while one client sends without ever reading",
                saw=seen)
    story.check(seen.get("stalled") and growth < 32 * 1024,
                expected="the client that never reads blocked (its data not taken any more "
                         "once the buffers are full) and the server's peak memory grown by "
                         "less than 32 MiB",
                saw=f"client sent {seen.get('sent', 0) >> 20} MiB, "
                    f"{'then blocked' if seen.get('stalled') else 'never blocked'}; "
                    f"server peak memory grew by {growth >> 10} MiB")


def check_half_close(story, net, server) -> None:
    seen = client(story, net.h1, "half-close", net.h2.ip4, ECHO_PORT)
    story.check(seen.get("echoed") and seen.get("eof"),
                expected="after the client's FIN (shutdown SHUT_WR): all 3500 bytes echoed, "
                         "then the server's FIN",
                saw=seen)


def check_idle_timeout(story, net, server, timeout_s=1.0) -> None:
    seen = client(story, net.h1, "idle", net.h2.ip4, ECHO_PORT)
    story.check(seen.get("echo_ok") and seen.get("how") == "closed"
                and timeout_s * 0.8 <= seen.get("seconds", 0) <= timeout_s + 4,
                expected=f"the server (-t {timeout_s:g}) closes a silent connection about "
                         f"{timeout_s:g} s after its last traffic",
                saw=seen)


def check_no_busy_loop(story, net, server) -> None:
    seen = client(story, net.h1, "idle-cpu", net.h2.ip4, ECHO_PORT, server.pid, 2)
    story.check(seen.get("echo_ok"),
                expected="22 connections echoed (then 20 left idle, one half-closed, one reset)",
                saw=seen)
    story.check(seen["cpu_seconds"] <= 0.2,
                expected="server CPU time about 0 over 2 s with nothing to do",
                saw=f"{seen['cpu_seconds']} s of CPU time in {seen['over']} s: is something "
                    f"always 'ready' (EPOLLOUT with nothing to write, a closed descriptor)?")


def check_no_descriptor_leak(story, net, server) -> None:
    baseline = descriptors(server.pid)
    seen = client(story, net.h1, "churn", net.h2.ip4, ECHO_PORT, 10000, timeout=60)
    story.check(seen.get("ok") == 10000,
                expected="10,000 connections, 100 at a time, each echoed (one in four then "
                         "reset by the client)",
                saw=seen)
    try:
        wait_for(lambda: descriptors(server.pid) <= baseline, timeout=5,
                 what="the descriptors to be closed")
    except TimeoutError:
        pass
    now = descriptors(server.pid)
    story.check(now <= baseline,
                expected=f"as many open descriptors as before ({baseline}, /proc/PID/fd)",
                saw=f"{now} descriptors open after all the clients closed")


# --- echo on the reactor ----------------------------------------------------------------

def test_echo_1000_connections(pair_net, tool, story, run_dir):
    with echod(story, tool, pair_net.h2, run_dir) as server:
        check_many_connections(story, pair_net, server)


def test_slow_client_does_not_delay_others(pair_net, tool, story, run_dir):
    with echod(story, tool, pair_net.h2, run_dir) as server:
        check_slow_client(story, pair_net, server)


def test_nonreading_client_is_bounded(pair_net, tool, story, run_dir):
    with echod(story, tool, pair_net.h2, run_dir) as server:
        check_nonreader(story, pair_net, server)


def test_half_close(pair_net, tool, story, run_dir):
    with echod(story, tool, pair_net.h2, run_dir) as server:
        check_half_close(story, pair_net, server)


def test_idle_timeout(pair_net, tool, story, run_dir):
    with echod(story, tool, pair_net.h2, run_dir, "epoll", "-t", "1") as server:
        check_idle_timeout(story, pair_net, server)


def test_no_busy_loop(pair_net, tool, story, run_dir):
    with echod(story, tool, pair_net.h2, run_dir) as server:
        check_no_busy_loop(story, pair_net, server)


def test_no_descriptor_leak(pair_net, tool, story, run_dir):
    with echod(story, tool, pair_net.h2, run_dir) as server:
        check_no_descriptor_leak(story, pair_net, server)


# --- echo on io_uring -------------------------------------------------------------------

def test_uring_1000_connections(pair_net, tool, story, run_dir):
    with echod(story, tool, pair_net.h2, run_dir, "uring") as server:
        check_many_connections(story, pair_net, server)


def test_uring_slow_and_nonreading_clients(pair_net, tool, story, run_dir):
    with echod(story, tool, pair_net.h2, run_dir, "uring") as server:
        check_slow_client(story, pair_net, server)
        check_nonreader(story, pair_net, server)


def test_uring_half_close_and_idle_timeout(pair_net, tool, story, run_dir):
    with echod(story, tool, pair_net.h2, run_dir, "uring", "-t", "1") as server:
        check_half_close(story, pair_net, server)
        check_idle_timeout(story, pair_net, server)


def test_uring_no_busy_loop_no_leak(pair_net, tool, story, run_dir):
    with echod(story, tool, pair_net.h2, run_dir, "uring") as server:
        check_no_busy_loop(story, pair_net, server)
        check_no_descriptor_leak(story, pair_net, server)


# --- HTTP -----------------------------------------------------------------------------------

INDEX = "<html><body>np-httpd test page</body></html>\n"
NOTES = "plain text notes\n" * 100


def document_root(run_dir: Path) -> Path:
    """run_dir/www with index.html, notes.txt and sub/page.html; run_dir/secret.txt
    beside it, which must never be served."""
    root = run_dir / "www"
    (root / "sub").mkdir(parents=True)
    (root / "index.html").write_text(INDEX)
    (root / "notes.txt").write_text(NOTES)
    (root / "sub" / "page.html").write_text("<p>sub page</p>\n")
    (run_dir / "secret.txt").write_text("TOP SECRET\n")
    for path in [run_dir, root, root / "sub"]:
        path.chmod(0o755)
    return root


def httpd(story, tool, host, run_dir, *extra):
    root = document_root(run_dir)
    return start_server(story, host, [tool("np-httpd"), "-p", HTTP_PORT, "-r", root, *extra],
                        run_dir)


def get(path: str, method: str = "GET", extra: str = "", version: str = "HTTP/1.1") -> str:
    return f"{method} {path} {version}\r\nHost: 10.0.0.2\r\n{extra}\r\n"


def conversations(story, net, run_dir, spec) -> list[dict]:
    spec_file = run_dir / f"spec{len(list(run_dir.glob('spec*')))}.json"
    spec_file.write_text(json.dumps(spec))
    seen = client(story, net.h1, "http", net.h2.ip4, HTTP_PORT, spec_file)
    story.check("conversations" in seen, expected="the client to talk to the server", saw=seen)
    return seen["conversations"]


def short(response) -> str:
    if response is None:
        return "no (complete) response"
    return f"{response['status_line']!r} with a {response['body_length']}-byte body"


def test_http_keep_alive(pair_net, tool, story, run_dir):
    with httpd(story, tool, pair_net.h2, run_dir):
        [talk] = conversations(story, pair_net, run_dir, [[
            {"send": get("/"), "responses": ["GET"]},
            {"send": get("/notes.txt"), "responses": ["GET"], "pause": 0.3},
        ]])
        got = talk["responses"]
        story.check(len(got) == 2 and all(r and r["status"] == 200 for r in got)
                    and got[0]["body"] == INDEX and got[1]["body"] == NOTES,
                    expected="two 200 responses on one connection, 0.3 s apart, with the "
                             "files' contents (Content-Length framing)",
                    saw=", ".join(short(r) for r in got) or talk["error"] or "nothing")
        story.check(talk["closed"] is False,
                    expected="the connection still open after the second response (HTTP/1.1 "
                             "keeps it unless told Connection: close)",
                    saw="the server closed it")


def test_http_pipelining(pair_net, tool, story, run_dir):
    with httpd(story, tool, pair_net.h2, run_dir):
        [talk] = conversations(story, pair_net, run_dir, [[
            {"send": get("/notes.txt") + get("/sub/page.html", "HEAD") + get("/")
                     + get("/missing.html") + get("/", extra="Connection: close\r\n"),
             "responses": ["GET", "HEAD", "GET", "GET", "GET"]},
        ]])
        got = talk["responses"]
        statuses = [r["status"] if r else None for r in got]
        story.check(statuses == [200, 200, 200, 404, 200]
                    and got[0]["body"] == NOTES and got[2]["body"] == INDEX,
                    expected="five requests sent in one write: five responses, in order "
                             "(200 notes.txt, 200 HEAD, 200 index.html, 404, 200)",
                    saw=", ".join(short(r) for r in got) or talk["error"] or "nothing")
        story.check(talk["closed"] is True and not talk.get("extra"),
                    expected="the connection closed after the response to 'Connection: close'",
                    saw=f"closed={talk['closed']}, then {talk.get('extra', '')!r}")


def test_http_error_statuses(pair_net, tool, story, run_dir):
    cases = [
        ("garbage", "hello server\r\n\r\n", 400),
        ("no Host in HTTP/1.1", "GET / HTTP/1.1\r\n\r\n", 400),
        ("header without colon", "GET / HTTP/1.1\r\nHost: x\r\nBroken header\r\n\r\n", 400),
        ("missing file", get("/no/such/file.html"), 404),
        ("POST", get("/", "POST"), 405),
        ("DELETE", get("/index.html", "DELETE"), 405),
        ("a 9000-byte target", get("/" + "a" * 9000), 414),
        ("40 KB of headers", get("/", extra="".join(f"X-Pad-{i}: {'p' * 1000}\r\n"
                                                    for i in range(40))), 431),
        ("HTTP/2.0", get("/", version="HTTP/2.0"), 505),
    ]
    with httpd(story, tool, pair_net.h2, run_dir):
        talks = conversations(story, pair_net, run_dir,
                              [[{"send": text, "responses": ["GET"]}] for _, text, _ in cases])
        for (what, _, status), talk in zip(cases, talks + [None] * len(cases)):
            got = talk["responses"][0] if talk and talk["responses"] else None
            story.check(got is not None and got["status"] == status,
                        expected=f"{what}: answered {status}",
                        saw=short(got) if talk else "no answer")
            if status != 404:
                story.check(talk["closed"] in (True, "reset"),
                            expected=f"{what}: the connection closed after the {status} "
                                     "(what follows a malformed request cannot be trusted)",
                            saw="the connection left open")


def test_http_head(pair_net, tool, story, run_dir):
    with httpd(story, tool, pair_net.h2, run_dir):
        [talk] = conversations(story, pair_net, run_dir, [[
            {"send": get("/notes.txt", "HEAD") + get("/"), "responses": ["HEAD", "GET"]},
        ]])
        got = talk["responses"]
        head = got[0] if got else None
        story.check(head is not None and head["status"] == 200
                    and head["headers"].get("content-length") == str(len(NOTES)),
                    expected=f"HEAD /notes.txt: 200 with Content-Length: {len(NOTES)}",
                    saw=short(head) + (f", headers {head['headers']}" if head else ""))
        story.check(len(got) == 2 and got[1] is not None and got[1]["status"] == 200
                    and got[1]["body"] == INDEX,
                    expected="no body after the HEAD's headers: the next response follows at "
                             "once (GET / -> 200 with index.html)",
                    saw=short(got[1] if len(got) > 1 else None))


def test_http_path_traversal_refused(pair_net, tool, story, run_dir):
    attempts = ["/../secret.txt", "/sub/../../secret.txt", "/%2e%2e/secret.txt",
                "/sub/%2E%2E/%2e%2e/secret.txt", "/./../www/../secret.txt"]
    with httpd(story, tool, pair_net.h2, run_dir):
        # A link inside the root that points out of it must not be followed either.
        (run_dir / "www" / "escape").symlink_to(run_dir / "secret.txt")
        talks = conversations(story, pair_net, run_dir,
                              [[{"send": get(path), "responses": ["GET"]}]
                               for path in attempts + ["/escape", "/sub/page.html"]])
        for path, talk in zip(attempts + ["/escape"], talks):
            got = talk["responses"][0] if talk["responses"] else None
            story.check(got is not None and got["status"] in (400, 403, 404)
                        and "TOP SECRET" not in got["body"],
                        expected=f"GET {path}: refused (400, 403 or 404), never the file "
                                 "outside the document root",
                        saw=short(got) + (" (the secret!)" if got and "TOP SECRET" in got["body"]
                                          else ""))
        last = talks[-1]["responses"][0] if len(talks) == len(attempts) + 2 else None
        story.check(last is not None and last["status"] == 200,
                    expected="GET /sub/page.html still served (200)", saw=short(last))


def test_http_workers_all_serve(pair_net, tool, story, run_dir):
    with httpd(story, tool, pair_net.h2, run_dir, "-w", "3") as server:
        try:
            workers = wait_for(lambda: len(children(server.pid)) == 3 and children(server.pid),
                               timeout=5, what="three worker processes")
        except TimeoutError:
            workers = children(server.pid)
        story.check(len(workers) == 3,
                    expected="np-httpd -w 3: three worker processes (children of the first)",
                    saw=f"{len(workers)} children: {workers}")
        seen = client(story, pair_net.h1, "http-workers", pair_net.h2.ip4, HTTP_PORT, *workers)
        by_worker = seen.get("connections_by_worker", {})
        story.check(seen.get("answered") == seen.get("requests")
                    and len(by_worker) == 3 and all(n > 0 for n in by_worker.values()),
                    expected="every request answered (200), and each of the 3 workers holding "
                             "some of the connections",
                    saw=seen)


def test_http_sigterm_finishes_responses(pair_net, tool, story, run_dir):
    size = 48 << 20
    with httpd(story, tool, pair_net.h2, run_dir) as server:
        with open(run_dir / "www" / "big.bin", "wb") as f:
            f.truncate(size)
        downloader = Daemon(pair_net.h1, [PYTHON, CLIENTS, "download", pair_net.h2.ip4,
                                          HTTP_PORT, "/big.bin"], run_dir=run_dir)
        story.did(f"h1$ event_loop_clients.py download {pair_net.h2.ip4} {HTTP_PORT} /big.bin "
                  f"(a {size >> 20} MiB file; the client pauses after 64 KiB)")
        with downloader:
            try:
                wait_for(lambda: "started" in downloader.stdout or not downloader.alive(),
                         timeout=10, what="the download to start")
            except TimeoutError:
                pass
            story.check("started" in downloader.stdout,
                        expected="the download under way (64 KiB received)",
                        saw=downloader.stdout.strip() or "nothing received")
            story.did(f"kill -TERM {server.pid} (np-httpd), while the response is in flight")
            os.kill(server.pid, signal.SIGTERM)
            finished = downloader.wait(timeout=20)
        seen = {}
        for line in reversed(finished.stdout.splitlines()):
            if line.startswith("{"):
                seen = json.loads(line)
                break
        story.check(seen.get("status") == 200 and seen.get("body_length") == size,
                    expected=f"the whole response delivered: 200 and {size} bytes of body",
                    saw=seen or finished.summary())
        ended = server.wait(timeout=10)
        story.check(ended.status == 0 and not ended.timed_out,
                    expected="np-httpd exits by itself, status 0, once the response is sent",
                    saw=ended.summary())

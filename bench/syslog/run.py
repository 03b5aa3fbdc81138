#!/usr/bin/python3
"""Benchmark: messages per second through the Unix socket into a file, none lost,
np-syslogd against Debian's rsyslog.

In h2 of the pair topology, each daemon in turn receives on its own socket in a fresh
directory and writes every local2 message to one file, buffered:

    np-syslogd   -n -f CONF -p SOCK          CONF: local2.*  -FILE
    rsyslogd     -n -f CONF -i PIDFILE       CONF: the same rule, after the lines rsyslog
                                             needs for a private socket (imuxsock, no rate
                                             limit) and the traditional file format

The clients are glibc's syslog(3) (tests/labs/syslog_glibc_client.c, compiled here), run
with /dev/log pointing at the daemon's socket: --clients processes at once, each sending
--messages messages, blocking when the daemon lags, as glibc does. A round times, for
each daemon, from the clients' start until the file holds every message; the order of
the daemons alternates between rounds. Prints the median rate of each and the ratio
np/rsyslog; a run that loses messages is reported, and its rate not counted. Writes
results/latest.json and latest.txt next to this file.

    sudo ./lab bench syslog [--rounds 3] [--clients 4] [--messages 25000] [--budget 180]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from harness.privileges import require_root  # noqa: E402

DAEMONS = ("np-syslogd", "rsyslogd")
CLIENT_SOURCE = ROOT / "tests" / "labs" / "syslog_glibc_client.c"
DRAIN_TIMEOUT = 60.0  # seconds for a daemon to write what the clients sent
RSYSLOG_CONF = """\
global(workDirectory="{work}")
module(load="imuxsock" SysSock.Use="off")
input(type="imuxsock" Socket="{sock}" RateLimit.Interval="0")
$ActionFileDefaultTemplate RSYSLOG_TraditionalFileFormat
"""
RULE = "local2.*  -{log}\n"
LOCAL2_INFO = 18 * 8 + 6


def daemon_argv(name: str, tool: str, work: Path) -> list[str]:
    sock, log, conf = work / "log.sock", work / "out.log", work / "syslog.conf"
    if name == "np-syslogd":
        conf.write_text(RULE.format(log=log))
        return [tool, "-n", "-f", str(conf), "-p", str(sock)]
    (work / "spool").mkdir()
    conf.write_text(RSYSLOG_CONF.format(work=work / "spool", sock=sock) + RULE.format(log=log))
    return [shutil.which("rsyslogd") or "/usr/sbin/rsyslogd", "-n", "-f", str(conf), "-i",
            str(work / "rsyslogd.pid")]


def client_argv(client: Path, sock: Path, index: int, count: int) -> list[str]:
    script = 'mount -t tmpfs tmpfs /dev && ln -s "$0" /dev/log && exec "$@"'
    return ["unshare", "-m", "--propagation", "private", "/bin/sh", "-c", script, str(sock),
            str(client), "-t", f"c{index}", "-f", str(18 << 3), "-c", str(count), "6",
            f"bench {index}"]


class LineCounter:
    """Counts the lines of a growing file, reading only what was appended."""

    def __init__(self, path: Path):
        self.path, self.offset, self.lines = path, 0, 0

    def update(self) -> int:
        try:
            with open(self.path, "rb") as f:
                f.seek(self.offset)
                data = f.read()
        except OSError:
            return self.lines
        self.offset += len(data)
        self.lines += data.count(b"\n")
        return self.lines


def one_run(host, name: str, tool: str, client: Path, clients: int, messages: int):
    """(seconds, lines written, problem or None) for one daemon."""
    from harness.run import Daemon, run, wait_for

    with tempfile.TemporaryDirectory(prefix="np-bench-syslog-") as tmp:
        work = Path(tmp)
        sock, log = work / "log.sock", work / "out.log"
        with Daemon(host, daemon_argv(name, tool, work), run_dir=work, name=name) as daemon:
            try:
                wait_for(sock.exists, timeout=10, what="the socket")
            except TimeoutError:
                return None, 0, f"{name} did not start: {daemon.stop().summary()}"
            results = [None] * clients

            def send(k):
                results[k] = run(host, client_argv(client, sock, k, messages), timeout=120)

            started = time.monotonic()
            threads = [threading.Thread(target=send, args=(k,)) for k in range(clients)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            counter, total = LineCounter(log), clients * messages
            deadline = time.monotonic() + DRAIN_TIMEOUT
            while counter.update() < total and time.monotonic() < deadline:
                time.sleep(0.01)
            elapsed = time.monotonic() - started
            failed = [r.summary() for r in results if not r.ok]
            if failed:
                return None, counter.lines, f"{name}: a client failed: {failed[0]}"
            if counter.lines < total:
                return None, counter.lines, (f"{name}: {total - counter.lines} of {total} "
                                             f"messages missing after {DRAIN_TIMEOUT:g} s")
            return elapsed, counter.lines, None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="./lab bench syslog",
        description="Messages per second into a file, np-syslogd against rsyslogd.")
    parser.add_argument("--rounds", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--clients", type=int, default=4, help="clients at once (default 4)")
    parser.add_argument("--messages", type=int, default=25000,
                        help="messages per client (default 25000)")
    parser.add_argument("--budget", type=float, default=180,
                        help="seconds for the whole run; rounds stop when it is spent")
    parser.add_argument("--tool", default=str(ROOT / "build/solutions/bin/np-syslogd"),
                        help="the np-syslogd to time (default: the solution's build)")
    args = parser.parse_args(argv)
    if not (1 <= args.rounds <= 20 and 1 <= args.clients <= 16
            and 1 <= args.messages <= 1_000_000):
        parser.error("--rounds 1-20, --clients 1-16, --messages 1-1000000")
    require_root("./lab bench syslog")
    tool = str(Path(args.tool).resolve())
    if not os.access(tool, os.X_OK):
        print(f"no np-syslogd at {tool}: build it first (./lab build --impl solutions)",
              file=sys.stderr)
        return 2
    if shutil.which("rsyslogd") is None and not Path("/usr/sbin/rsyslogd").exists():
        print("rsyslog is missing (sudo ./lab setup installs it)", file=sys.stderr)
        return 2

    from harness.topology import pair

    seconds = {name: [] for name in DAEMONS}
    problems: list[str] = []
    started = time.monotonic()
    completed = 0
    with tempfile.TemporaryDirectory(prefix="np-bench-client-") as build:
        client = Path(build) / "syslog_glibc_client"
        subprocess.run(["cc", "-O2", "-w", "-o", str(client), str(CLIENT_SOURCE)], check=True)
        with pair() as net:
            for index in range(args.rounds):
                if time.monotonic() - started > args.budget:
                    break
                order = DAEMONS if index % 2 == 0 else DAEMONS[::-1]
                for name in order:
                    elapsed, _, problem = one_run(net.h2, name, tool, client, args.clients,
                                                  args.messages)
                    if problem:
                        problems.append(f"round {index + 1}: {problem}")
                    else:
                        seconds[name].append(round(elapsed, 4))
                completed = index + 1
                print(f"  round {completed}/{args.rounds} done", file=sys.stderr, flush=True)

    total = args.clients * args.messages
    rates = {name: [total / s for s in values] for name, values in seconds.items()}
    lines = [f"syslog benchmark: {args.clients} glibc clients x {args.messages} messages "
             f"through a Unix datagram socket into one buffered file; {completed} of "
             f"{args.rounds} rounds; {time.monotonic() - started:.0f} s in all", "",
             f"{'daemon':<12} {'n':>2} {'median msg/s':>13} {'best msg/s':>11}"]
    for name in DAEMONS:
        values = rates[name]
        median = f"{statistics.median(values):13.0f}" if values else f"{'-':>13}"
        best = f"{max(values):11.0f}" if values else f"{'-':>11}"
        lines.append(f"{name:<12} {len(values):>2} {median} {best}")
    if rates["np-syslogd"] and rates["rsyslogd"]:
        ratio = statistics.median(rates["np-syslogd"]) / statistics.median(rates["rsyslogd"])
        best = max(rates["np-syslogd"]) / max(rates["rsyslogd"])
        lines += ["", f"np-syslogd/rsyslogd: {ratio:.2f} (best {best:.2f}); > 1 means faster"]
    if problems:
        lines += ["", "runs not counted:"] + [f"  {p}" for p in problems]
    text = "\n".join(lines)
    print(text)

    results = HERE / "results"
    results.mkdir(exist_ok=True)
    record = {
        "benchmark": "syslog",
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "kernel": platform.release(),
        "clients": args.clients,
        "messages_per_client": args.messages,
        "rounds_asked": args.rounds,
        "rounds_completed": completed,
        "seconds": seconds,
        "problems": problems,
    }
    (results / "latest.json").write_text(json.dumps(record, indent=2) + "\n")
    (results / "latest.txt").write_text(text + "\n")
    print("\nwrote bench/syslog/results/latest.json, bench/syslog/results/latest.txt")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

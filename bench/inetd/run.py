#!/usr/bin/python3
"""Benchmark: connections per second to inetd's internal TCP echo service, np-inetd against
Debian's openbsd-inetd, with the same inetd.conf.

In a pair topology (h1 --- h2), h2 runs one super-server at a time in the foreground
(`-d`) with this file:

    echo  stream  tcp  nowait.1000000  root  internal

(the rate limit raised so that neither disables the service half-way). A client in h1
makes --connections connections in a row, each one: connect, send a line, read it back,
close; both servers fork a child per connection for echo. Rounds alternate the two
servers. Prints median and best connections per second of each, and the ratio
np-inetd/openbsd-inetd (> 1: np-inetd is faster); writes the raw samples to
results/latest.json and the table to results/latest.txt (next to this file).

    sudo ./lab bench inetd [--rounds 5] [--connections 300] [--budget 120]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from harness.privileges import require_root  # noqa: E402

OPENBSD_INETD = "/usr/sbin/inetd"
CONFIG = "echo  stream  tcp  nowait.1000000  root  internal\n"
SERVERS = ("openbsd-inetd", "np-inetd")
START_TIMEOUT = 5.0

# n connections in a row to host:7; prints "OK seconds" or "FAIL after k: error".
CLIENT = r"""
import socket, sys, time
host, n = sys.argv[1], int(sys.argv[2])
started = time.monotonic()
for i in range(n):
    try:
        with socket.create_connection((host, 7), timeout=5) as c:
            c.sendall(b"ping\n")
            got = b""
            while not got.endswith(b"\n"):
                chunk = c.recv(64)
                if not chunk:
                    raise OSError("closed before the echo")
                got += chunk
    except OSError as e:
        print("FAIL after %d: %s" % (i, e))
        sys.exit(1)
print("OK %.6f" % (time.monotonic() - started))
"""


def listening_on_7(pid: int) -> bool:
    try:
        rows = Path(f"/proc/{pid}/net/tcp").read_text().splitlines()[1:]
    except OSError:
        return False
    return any(r.split()[1].endswith(":0007") and r.split()[3] == "0A" for r in rows)


def one_round(net, argv: list[str], connections: int, run_dir: Path) -> tuple[float | None, str]:
    """Starts the server, runs the client once; (connections per second or None, note)."""
    from harness.run import Daemon, run, wait_for

    with Daemon(net.h2, argv, run_dir=run_dir) as server:
        try:
            wait_for(lambda: listening_on_7(server.pid), timeout=START_TIMEOUT,
                     what="the echo port")
        except TimeoutError:
            return None, f"{argv[0]} did not listen on port 7: {server.stderr[-200:]!r}"
        result = run(net.h1, ["/usr/bin/python3", "-c", CLIENT, net.h2.ip4, connections],
                     timeout=connections * 0.5 + 10)
    words = result.stdout.split()
    if result.status != 0 or len(words) != 2 or words[0] != "OK":
        return None, result.summary()
    return connections / float(words[1]), ""


def table(samples: dict, connections: int) -> str:
    lines = [f"{'server':<14} {'n':>2} {'median conn/s':>13} {'best conn/s':>11}"]
    for name in SERVERS:
        values = samples[name]
        median = f"{statistics.median(values):13.0f}" if values else f"{'-':>13}"
        best = f"{max(values):11.0f}" if values else f"{'-':>11}"
        lines.append(f"{name:<14} {len(values):>2} {median} {best}")
    lines.append("")
    a, b = samples["np-inetd"], samples["openbsd-inetd"]
    if a and b:
        lines.append(f"np-inetd/openbsd-inetd: {statistics.median(a) / statistics.median(b):.2f} "
                     f"(best {max(a) / max(b):.2f})")
    lines.append(f"(connections per second, {connections} in a row per round; ratio of "
                 "medians, and of bests in brackets; > 1 means np-inetd is faster)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="./lab bench inetd",
        description="Connections per second to the internal echo service: np-inetd and "
        "openbsd-inetd.")
    parser.add_argument("--rounds", type=int, default=5, help="rounds per server (default 5)")
    parser.add_argument("--connections", type=int, default=300,
                        help="connections per round, 10-5000 (default 300)")
    parser.add_argument("--budget", type=float, default=120,
                        help="seconds for the whole run; rounds stop when it is spent "
                        "(default 120)")
    parser.add_argument("--tool", default=str(ROOT / "build/solutions/bin/np-inetd"),
                        help="the np-inetd to time (default: the solution's build)")
    args = parser.parse_args(argv)
    if args.rounds < 1 or not 10 <= args.connections <= 5000:
        parser.error("--rounds: at least 1; --connections: 10 to 5000")
    require_root("./lab bench inetd")
    tool = Path(args.tool).resolve()
    if not os.access(tool, os.X_OK):
        print(f"no np-inetd at {tool}: build it first (./lab build --impl solutions)",
              file=sys.stderr)
        return 2
    if not os.access(OPENBSD_INETD, os.X_OK):
        print("openbsd-inetd is missing (sudo ./lab setup installs it)", file=sys.stderr)
        return 2

    from harness.run import tmp_run_dir
    from harness.topology import pair

    samples: dict[str, list[float]] = {name: [] for name in SERVERS}
    problems: list[str] = []
    started = time.monotonic()
    deadline = started + args.budget
    completed = 0
    with tmp_run_dir() as run_dir, pair() as net:
        config = run_dir / "inetd.conf"
        config.write_text(CONFIG)
        argvs = {"openbsd-inetd": [OPENBSD_INETD, "-d", str(config)],
                 "np-inetd": [str(tool), "-d", str(config)]}
        for index in range(args.rounds):
            if time.monotonic() > deadline:
                break
            order = SERVERS if index % 2 == 0 else SERVERS[::-1]
            for name in order:
                rate, note = one_round(net, argvs[name], args.connections, run_dir)
                if rate is None:
                    problems.append(f"{name}, round {index + 1}: {note}")
                else:
                    samples[name].append(round(rate, 1))
            completed = index + 1
            print(f"  round {completed}/{args.rounds} done", file=sys.stderr, flush=True)
    elapsed = time.monotonic() - started

    header = (f"inetd benchmark: h1 -> internal TCP echo on h2, {args.connections} "
              f"connections in a row per round; {completed} of {args.rounds} rounds; "
              f"{elapsed:.0f} s in all")
    text = header + "\n\n" + table(samples, args.connections)
    if problems:
        text += "\n\nrounds that failed (not counted):\n" + "\n".join(f"  {p}" for p in problems)
    print(text)

    results = HERE / "results"
    results.mkdir(exist_ok=True)
    record = {
        "benchmark": "inetd",
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "kernel": platform.release(),
        "topology": "pair, client in h1, server in h2 (IPv4)",
        "config": CONFIG,
        "connections_per_round": args.connections,
        "rounds_asked": args.rounds,
        "rounds_completed": completed,
        "connections_per_second": samples,
        "problems": problems,
    }
    (results / "latest.json").write_text(json.dumps(record, indent=2) + "\n")
    (results / "latest.txt").write_text(text + "\n")
    print("\nwrote bench/inetd/results/latest.json, bench/inetd/results/latest.txt")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

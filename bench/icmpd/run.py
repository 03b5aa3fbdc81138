#!/usr/bin/python3
"""Benchmark: how fast errors come back through np-icmpd, against the kernel's own queue.

In a chain of two routers (h1 --- r1 --- r2 --- h2), np-icmpd runs on h1 and np-udpcli
sends one datagram to each of N ports of h2 where nothing listens (N port-unreachable
errors come back), two ways in turn, round after round (the order alternates):

    recverr   np-udpcli --recverr: IP_RECVERR / IPV6_RECVERR, no daemon (the reference)
    icmpd     np-udpcli through np-icmpd: raw socket, match, record, Unix socket

np-udpcli stops as soon as every destination has reported, so its wall time is the time
to hear all N errors (process start-up included, the same for both). Prints median and min
wall time and errors heard per way and family, and the ratio icmpd/recverr; writes the raw
samples to results/latest.json (next to this file).

Every namespace's ICMP ratemask is cleared, as in the lab's tests: otherwise Linux's
token bucket for ICMP errors (net.ipv4.icmp_msgs_per_sec, bursts of 50) would drop most
of them and both ways would measure the limit, not the path.

    sudo ./lab bench icmpd [--rounds 10] [--ports 100] [--budget 120]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from harness.privileges import require_root  # noqa: E402

WAYS = ("recverr", "icmpd")
FAMILIES = ("IPv4", "IPv6")
FIRST_PORT = 20000
RUN_TIMEOUT = 30.0


def listening(pid: int, path: Path) -> bool:
    for line in Path(f"/proc/{pid}/net/unix").read_text().splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 8 and fields[7] == str(path) and fields[3] == "00010000":
            return True
    return False


def measure(net, bin_dir: Path, socket_path: Path, args, samples, problems) -> int:
    from harness.run import run

    udpcli = str(bin_dir / "np-udpcli")
    destinations = {
        "IPv4": [f"{net.h2.ip4}:{FIRST_PORT + i}" for i in range(args.ports)],
        "IPv6": [f"[{net.h2.ip6}]:{FIRST_PORT + i}" for i in range(args.ports)],
    }
    deadline = time.monotonic() + args.budget
    for index in range(args.rounds):
        if time.monotonic() > deadline:
            return index
        order = WAYS if index % 2 == 0 else WAYS[::-1]
        for family in FAMILIES:
            for way in order:
                how = ["--recverr"] if way == "recverr" else ["-s", str(socket_path)]
                result = run(net.h1, [udpcli, *how, "-w", "5", *destinations[family]],
                             timeout=RUN_TIMEOUT)
                heard = len(result.stdout.splitlines())
                samples[family][way].append({"seconds": round(result.duration, 4),
                                             "errors": heard})
                if result.status != 1 or heard != args.ports:
                    problems.append(f"{family} {way} round {index + 1}: {heard} of "
                                    f"{args.ports} errors; {result.ending()}")
        print(f"  round {index + 1}/{args.rounds} done", file=sys.stderr, flush=True)
    return args.rounds


def table(samples, ports: int) -> str:
    lines = [f"{'family':<6} {'way':<8} {'n':>3} {'median ms':>10} {'min ms':>8} "
             f"{'errors heard':>13}"]
    for family in FAMILIES:
        for way in WAYS:
            runs = samples[family][way]
            if not runs:
                continue
            seconds = [r["seconds"] for r in runs]
            heard = sum(r["errors"] for r in runs)
            lines.append(f"{family:<6} {way:<8} {len(runs):>3} "
                         f"{statistics.median(seconds) * 1000:>10.1f} "
                         f"{min(seconds) * 1000:>8.1f} {heard:>6}/{ports * len(runs):<6}")
    lines.append("")
    for family in FAMILIES:
        ours = [r["seconds"] for r in samples[family]["icmpd"]]
        kernel = [r["seconds"] for r in samples[family]["recverr"]]
        if ours and kernel:
            lines.append(f"{family}: icmpd/recverr {statistics.median(ours) / statistics.median(kernel):.2f}"
                         f" (min {min(ours) / min(kernel):.2f})")
    lines.append("(ratios of medians, and of minimums in brackets; > 1 means the daemon is slower)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="./lab bench icmpd",
        description="Time N port-unreachable errors through np-icmpd and through IP_RECVERR.")
    parser.add_argument("--rounds", type=int, default=10, help="rounds (default 10)")
    parser.add_argument("--ports", type=int, default=100,
                        help="destinations per run, 1-1000 (default 100)")
    parser.add_argument("--budget", type=float, default=120,
                        help="seconds for the whole run (default 120)")
    parser.add_argument("--bin", default=str(ROOT / "build/solutions/bin"),
                        help="the directory of np-icmpd and np-udpcli (default: the "
                        "solution's build)")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds: at least 1")
    if not 1 <= args.ports <= 1000:
        parser.error("--ports: 1 to 1000")
    require_root("./lab bench icmpd")
    bin_dir = Path(args.bin).resolve()
    for tool in ("np-icmpd", "np-udpcli"):
        if not os.access(bin_dir / tool, os.X_OK):
            print(f"no {tool} in {bin_dir}: build it first (./lab build --impl solutions)",
                  file=sys.stderr)
            return 2

    from harness.run import Daemon, tmp_run_dir, wait_for
    from harness.topology import chain

    samples = {family: {way: [] for way in WAYS} for family in FAMILIES}
    problems: list[str] = []
    started = time.monotonic()
    with chain(routers=2) as net, tmp_run_dir() as run_dir:
        for node in (net.h1, net.r1, net.r2, net.h2):
            node.cmd("sysctl -qw net.ipv4.icmp_ratemask=0; sysctl -qw net.ipv6.icmp.ratemask=")
        socket_path = Path(run_dir) / "icmpd.sock"
        with Daemon(net.h1, [bin_dir / "np-icmpd", "-n", "-s", socket_path],
                    run_dir=run_dir) as daemon:
            wait_for(lambda: listening(daemon.pid, socket_path), timeout=5,
                     what="np-icmpd to listen")
            completed = measure(net, bin_dir, socket_path, args, samples, problems)
    elapsed = time.monotonic() - started

    header = (f"icmpd benchmark: h1 -> {args.ports} closed ports of h2 through 2 routers, "
              f"{completed} of {args.rounds} rounds, {elapsed:.0f} s in all")
    text = header + "\n\n" + table(samples, args.ports)
    if problems:
        text += "\n\nproblems:\n" + "\n".join(f"  {p}" for p in problems[:10])
    print(text)
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    (results / "latest.json").write_text(json.dumps(
        {"header": header, "samples": samples, "problems": problems}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

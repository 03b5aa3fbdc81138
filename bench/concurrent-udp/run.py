#!/usr/bin/python3
"""Benchmark: throughput of a TFTP get, np-tftpd against Debian's tftpd-hpa.

In a pair topology whose h2 -> h1 direction is delayed by 1 ms (the DATA direction, so
every lock-step exchange costs at least 1 ms), h1 gets one file of --size MiB (default
64) from h2 with atftp, once with blksize 512 and once with blksize 1428, from each server
in turn (the order alternates round by round):

    tftpd-hpa   /usr/sbin/in.tftpd -L -s DIR          (the reference)
    np-tftpd    the course's solution, -L -s DIR

Prints seconds and MiB/s per server and block size, and the ratio np-tftpd/tftpd-hpa of
the throughputs (1.0: as fast; below 1: slower). Every transfer is checked (sha256) and
bounded in time; the whole run stops starting new transfers after --budget seconds.
Writes results/latest.json and results/latest.txt next to this file.

    sudo ./lab bench concurrent-udp [--size 64] [--rounds 1] [--budget 1200]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from harness.privileges import require_root  # noqa: E402

SERVERS = ("tftpd-hpa", "np-tftpd")
BLOCK_SIZES = (512, 1428)
TFTPD_HPA = "/usr/sbin/in.tftpd"
DELAY_MS = 1


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def listening(host) -> bool:
    from harness.run import run
    return bool(run(host, ["ss", "-Hnlu", "sport = :69"], timeout=5).stdout.strip())


def one_get(net, server_argv, block_size, served: Path, local: Path, want: str,
            timeout: float) -> tuple[float | None, str]:
    """Starts the server, times one atftp get, stops the server: (seconds or None, problem)."""
    from harness.run import Daemon, run, wait_for
    with Daemon(net.h2, server_argv, run_dir=local.parent) as server:
        wait_for(lambda: listening(net.h2) or not server.alive(), timeout=10,
                 what="the server to listen")
        if local.exists():
            local.unlink()
        argv = ["atftp", "--option", f"blksize {block_size}", "-g", "-r", "file",
                "-l", str(local), net.h2.ip4]
        result = run(net.h1, argv, timeout=timeout)
    if not result.ok or not local.exists() or sha256(local) != want:
        return None, result.summary()
    return result.duration, ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="./lab bench concurrent-udp",
        description="TFTP get throughput over a 1 ms link: np-tftpd vs tftpd-hpa.")
    parser.add_argument("--size", type=int, default=64, help="file size in MiB (default 64)")
    parser.add_argument("--rounds", type=int, default=1, help="rounds (default 1)")
    parser.add_argument("--budget", type=float, default=1200,
                        help="seconds after which no new transfer starts (default 1200)")
    parser.add_argument("--tool", default=str(ROOT / "build/solutions/bin/np-tftpd"),
                        help="the np-tftpd to measure (default: the solution's build)")
    args = parser.parse_args(argv)
    if args.size < 1 or args.size > 256 or args.rounds < 1:
        parser.error("--size 1-256 MiB, --rounds at least 1")
    require_root("./lab bench concurrent-udp")
    tool = Path(args.tool).resolve()
    if not os.access(tool, os.X_OK):
        print(f"no np-tftpd at {tool}: build it first (./lab build --impl solutions)",
              file=sys.stderr)
        return 2
    for needed in (TFTPD_HPA, "/usr/bin/atftp"):
        if not os.access(needed, os.X_OK):
            print(f"{needed} is missing (sudo ./lab setup installs it)", file=sys.stderr)
            return 2

    from harness.impair import impair
    from harness.topology import pair

    samples = {f"{s} {b}": [] for s in SERVERS for b in BLOCK_SIZES}
    problems: list[str] = []
    started = time.monotonic()
    # A lock-step get needs one round trip per block: allow 5 ms per block, and a minute.
    timeout = 60 + args.size * 2048 * 5e-3
    with tempfile.TemporaryDirectory(prefix="np-bench-tftp-") as tmp, pair() as net:
        served = Path(tmp) / "srv"
        served.mkdir()
        os.chmod(tmp, 0o755)
        os.chmod(served, 0o755)
        source = served / "file"
        with open(source, "wb") as f:
            for _ in range(args.size):
                f.write(os.urandom(1 << 20))
        os.chmod(source, 0o644)
        want = sha256(source)
        argvs = {"tftpd-hpa": [TFTPD_HPA, "-L", "-a", f"{net.h2.ip4}:69", "-s", str(served)],
                 "np-tftpd": [str(tool), "-L", "-a", f"{net.h2.ip4}:69", "-s", str(served)]}
        with impair(net, net.h2, net.h1, delay_ms=DELAY_MS):
            for index in range(args.rounds):
                order = SERVERS if index % 2 == 0 else SERVERS[::-1]
                for block_size in BLOCK_SIZES:
                    for server in order:
                        if time.monotonic() - started > args.budget:
                            problems.append(f"budget spent: {server} {block_size} round "
                                            f"{index + 1} not run")
                            continue
                        seconds, problem = one_get(net, argvs[server], block_size, served,
                                                   Path(tmp) / "got", want, timeout)
                        if seconds is None:
                            problems.append(f"{server} blksize {block_size}: {problem}")
                        else:
                            samples[f"{server} {block_size}"].append(round(seconds, 3))
                        print(f"  round {index + 1}: {server} blksize {block_size}: "
                              f"{seconds if seconds is not None else 'failed'} s",
                              file=sys.stderr, flush=True)

    elapsed = time.monotonic() - started
    lines = [f"TFTP get of {args.size} MiB with atftp, h2 -> h1 delayed {DELAY_MS} ms; "
             f"{args.rounds} round(s), {elapsed:.0f} s in all", "",
             f"{'server':<10} {'blksize':>7} {'n':>2} {'median s':>9} {'MiB/s':>7}"]
    rate = {}
    for key, values in samples.items():
        server, block_size = key.split()
        if values:
            median = statistics.median(values)
            rate[key] = args.size / median
            lines.append(f"{server:<10} {block_size:>7} {len(values):>2} {median:>9.2f} "
                         f"{rate[key]:>7.2f}")
        else:
            lines.append(f"{server:<10} {block_size:>7} {0:>2} {'-':>9} {'-':>7}")
    lines.append("")
    for block_size in BLOCK_SIZES:
        np_rate, hpa_rate = rate.get(f"np-tftpd {block_size}"), rate.get(f"tftpd-hpa {block_size}")
        ratio = f"{np_rate / hpa_rate:.2f}" if np_rate and hpa_rate else "-"
        lines.append(f"throughput np-tftpd/tftpd-hpa, blksize {block_size}: {ratio}")
    text = "\n".join(lines)
    if problems:
        text += "\n\nproblems:\n" + "\n".join(f"  {p}" for p in problems)
    print(text)
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    record = {"benchmark": "concurrent-udp", "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
              "kernel": platform.release(), "size_mib": args.size, "delay_ms": DELAY_MS,
              "seconds": samples, "problems": problems}
    (results / "latest.json").write_text(json.dumps(record, indent=2) + "\n")
    (results / "latest.txt").write_text(text + "\n")
    print("\nwrote bench/concurrent-udp/results/latest.json, latest.txt")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

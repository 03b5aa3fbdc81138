#!/usr/bin/python3
"""Benchmark: the highest packet rate captured to a file with no drop, and the CPU time
each packet costs: np-capture (libpcap) and np-pfcapture (PF_PACKET + TPACKET_V3) against
tcpdump -w.

In pair() (h1 --- h2), a generator on h1 (generator.py, a PF_PACKET socket) sends COUNT
60-byte frames at a fixed rate to a MAC nobody has, so h2's kernel drops them at once and
only the capture sees them. On h2 each tool in turn captures them with the same options:

    TOOL -B KIB -s 128 -i h2-eth0 -w FILE 'ether src 02:00:00:00:00:99'

with each -B in turn. Once the generator is done and every tool's block timeout has passed
(tcpdump's is 1 s): SIGTERM. The tool's CPU time comes from /proc/PID/schedstat just before,
its counts (captured, dropped by kernel) from its stderr, and the packets in its file are
counted here. A rate is "kept up with" when nothing was dropped and the file holds every
frame sent. Rates rise until the generator cannot reach them. Prints per buffer, rate and
tool the packets kept, the drops and the CPU time per packet; then per tool the highest
rate kept up with and the CPU per packet (the median over the rounds), as ratios to
tcpdump. Writes the samples to results/latest.json and the table to results/latest.txt.

CPU times compare with tcpdump (built -O2) only for an optimised build: time the release
preset's (--bin build-release/solutions/bin); the default build is Debug. example.txt is
one run of RelWithDebInfo binaries on a loaded 2-core VM.

    sudo ./lab bench datalink [--packets 50000] [--rates 10000,25000,50000,100000,200000,0]
                              [--buffers 256,2048] [--budget 300]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import struct
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from harness.privileges import require_root  # noqa: E402

TOOLS = ("tcpdump", "np-capture", "np-pfcapture")
SOURCE_MAC = "02:00:00:00:00:99"
NOBODY_MAC = "02:00:00:00:00:98"
FILTER = f"ether src {SOURCE_MAC}"
SNAPLEN = "128"
SETTLE = 1.5  # seconds after the generator: longer than every tool's block timeout


def packets_in(path: Path) -> int:
    """Records in a pcap file, counted here (the tools' own count is checked against it)."""
    try:
        data = path.read_bytes()
    except OSError:
        return 0
    if len(data) < 24:
        return 0
    order = "<" if struct.unpack("<I", data[:4])[0] == 0xA1B2C3D4 else ">"
    count, offset = 0, 24
    while offset + 16 <= len(data):
        kept = struct.unpack(order + "I", data[offset + 8:offset + 12])[0]
        offset += 16 + kept
        count += offset <= len(data)
    return count


def counts(stderr: str) -> dict:
    found = {}
    for key, pattern in (("captured", r"(\d+) packets? captured"),
                         ("dropped", r"(\d+) packets? dropped by kernel")):
        m = re.search(pattern, stderr)
        found[key] = int(m.group(1)) if m else None
    return found


def cpu_seconds(pid: int) -> float | None:
    """CPU time of a running process so far, user and system, in nanoseconds from
    /proc/PID/schedstat (/proc/PID/stat counts in 10 ms ticks: too coarse here)."""
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9
    except (OSError, IndexError, ValueError):
        return None


def trial(net, argv: list[str], generator: list[str], run_dir: Path, name: str) -> dict:
    """One capture of one burst; returns the tool's counts, the file's and the generator's."""
    from harness.run import Daemon, run, wait_for

    h1, h2 = net.h1, net.h2
    # No output limit: no prlimit in front, so the daemon's pid is the tool's own.
    with Daemon(h2, argv, run_dir=run_dir, name=name, output_limit=None) as capture:
        wait_for(lambda: "listening on" in capture.stderr or not capture.alive(), timeout=10,
                 what=f"{name} to listen")
        sent = run(h1, generator, timeout=120)
        time.sleep(SETTLE)
        cpu = cpu_seconds(capture.pid)
    result = capture.result
    sample = counts(result.stderr)
    sample["cpu_s"] = cpu
    m = re.search(r"sent (\d+) in ([\d.]+) s", sent.stdout)
    sample["sent"] = int(m.group(1)) if m else 0
    sample["seconds"] = float(m.group(2)) if m else 0.0
    sample["in_file"] = packets_in(Path(argv[argv.index("-w") + 1]))
    sample["kept_up"] = (sample["dropped"] == 0 and sample["sent"] > 0
                         and sample["in_file"] == sample["sent"])
    return sample


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="./lab bench datalink",
        description="Highest rate captured to a file with no drop, and CPU per packet: "
        "tcpdump -w, np-capture -w, np-pfcapture -w.")
    parser.add_argument("--packets", type=int, default=50000,
                        help="frames per burst (default 50000)")
    parser.add_argument("--rates", default="10000,25000,50000,100000,200000,0",
                        help="frames per second to try, rising; 0 = as fast as the generator "
                        "goes (default 10000,25000,50000,100000,200000,0)")
    parser.add_argument("--buffers", default="256,2048",
                        help="kernel buffer sizes to try, -B KiB, one scenario each (default "
                        "256,2048: small enough for a consumer that falls behind to lose "
                        "packets, and tcpdump's default)")
    parser.add_argument("--budget", type=float, default=300,
                        help="seconds for the whole run (default 300)")
    parser.add_argument("--bin", default=str(ROOT / "build/solutions/bin"),
                        help="where np-capture and np-pfcapture are (default: the solution's "
                        "build)")
    args = parser.parse_args(argv)
    rates = [float(r) for r in args.rates.split(",") if r.strip()]
    buffers = [int(b) for b in args.buffers.split(",") if b.strip()]
    if args.packets < 1000 or not rates or not buffers:
        parser.error("--packets: at least 1000; --rates and --buffers: at least one each")
    require_root("./lab bench datalink")
    binaries = {"tcpdump": shutil.which("tcpdump"),
                "np-capture": str(Path(args.bin) / "np-capture"),
                "np-pfcapture": str(Path(args.bin) / "np-pfcapture")}
    for name, path in binaries.items():
        if not path or not os.access(path, os.X_OK):
            print(f"no {name} at {path}: build the solution first (./lab build --impl "
                  "solutions) or install tcpdump", file=sys.stderr)
            return 2

    from harness.run import tmp_run_dir
    from harness.topology import pair

    samples: dict[int, dict[str, dict[str, dict]]] = {}  # buffer -> rate -> tool -> counts
    started = time.monotonic()
    deadline = started + args.budget
    with pair() as net, tmp_run_dir() as run_dir:
        intf = net.h2.intf(net.h1)
        for buffer_kib in buffers:
            samples[buffer_kib] = {}
            for index, rate in enumerate(rates):
                if time.monotonic() > deadline:
                    break
                label = "max" if rate == 0 else f"{rate:.0f}"
                generator = ["/usr/bin/python3", str(HERE / "generator.py"),
                             net.h1.intf(net.h2), str(args.packets), f"{rate:.0f}", SOURCE_MAC,
                             NOBODY_MAC]
                by_tool = samples[buffer_kib][label] = {}
                order = TOOLS[index % 3:] + TOOLS[:index % 3]
                for name in order:
                    path = run_dir / f"{name}-{label}.pcap"
                    argv_tool = [binaries[name], "-B", str(buffer_kib), "-s", SNAPLEN, "-i",
                                 intf, "-w", str(path), FILTER]
                    by_tool[name] = trial(net, argv_tool, generator, run_dir, name)
                    path.unlink(missing_ok=True)
                achieved = [s["sent"] / s["seconds"] for s in by_tool.values() if s["seconds"]]
                print(f"  -B {buffer_kib}, rate {label}: done (generator reached "
                      f"{min(achieved):.0f}/s)", file=sys.stderr, flush=True)
                if rate and achieved and min(achieved) < 0.9 * rate:
                    break  # the generator cannot go faster: higher rates would repeat this
    elapsed = time.monotonic() - started

    text = "\n\n".join(report(by_rate, args, buffer_kib, elapsed if i == 0 else None)
                         for i, (buffer_kib, by_rate) in enumerate(samples.items()))
    print(text)
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    record = {
        "benchmark": "datalink",
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "kernel": platform.release(),
        "topology": "pair(): generator on h1, captures on h2's interface",
        "packets_per_burst": args.packets,
        "buffers_kib": buffers,
        "snaplen": int(SNAPLEN),
        "filter": FILTER,
        "samples": samples,  # buffer KiB -> rate -> tool -> counts
    }
    (results / "latest.json").write_text(json.dumps(record, indent=2) + "\n")
    (results / "latest.txt").write_text(text + "\n")
    print("\nwrote bench/datalink/results/latest.json, bench/datalink/results/latest.txt")
    return 0


def report(samples: dict, args, buffer_kib: int, elapsed: float | None) -> str:
    lines = []
    if elapsed is not None:
        lines += [f"datalink benchmark: {args.packets} frames of 60 bytes per burst, h1 -> h2, "
                  f"-s {SNAPLEN} -w FILE '{FILTER}'; {elapsed:.0f} s in all", ""]
    lines += [f"-B {buffer_kib} (KiB of kernel buffer)",
             f"{'rate/s':>8} {'reached/s':>10}  " + "  ".join(f"{t:>26}" for t in TOOLS),
             f"{'':>8} {'':>10}  " + "  ".join(f"{'kept  dropped  cpu us/pkt':>26}"
                                               for _ in TOOLS)]
    for label, by_tool in samples.items():
        reached = min((s["sent"] / s["seconds"] for s in by_tool.values() if s["seconds"]),
                      default=0)
        cells = []
        for name in TOOLS:
            s = by_tool.get(name)
            if not s:
                cells.append(f"{'-':>26}")
                continue
            cpu = (f"{s['cpu_s'] / s['in_file'] * 1e6:.2f}" if s["cpu_s"] is not None
                   and s["in_file"] else "-")
            mark = "" if s["kept_up"] else "*"
            cells.append(f"{s['in_file']:>8}{mark:1} {s['dropped'] if s['dropped'] is not None else '-':>7}"
                         f"  {cpu:>10}")
        lines.append(f"{label:>8} {reached:>10.0f}  " + "  ".join(cells))
    lines.append("(* = not every frame sent reached the file, or the kernel dropped some)")
    lines.append("")

    def round_rate(label, by_tool):
        """The rate asked for; for "max", the slowest the generator went in that round."""
        if label != "max":
            return float(label)
        return min((s["sent"] / s["seconds"] for s in by_tool.values() if s["seconds"]),
                   default=0.0)

    def best_rate(name):
        best = 0.0
        for label, by_tool in samples.items():
            s = by_tool.get(name)
            if s and s["kept_up"]:
                best = max(best, round_rate(label, by_tool))
        return best

    def cpu_per_packet(name):
        """The median over the rounds of CPU time per packet written."""
        values = sorted(by_tool[name]["cpu_s"] / by_tool[name]["in_file"]
                        for by_tool in samples.values()
                        if name in by_tool and by_tool[name]["cpu_s"] is not None
                        and by_tool[name]["in_file"])
        return values[len(values) // 2] if values else float("nan")

    lines.append(f"{'tool':<14} {'best rate kept/s':>17} {'vs tcpdump':>11} "
                 f"{'cpu us/pkt':>11} {'vs tcpdump':>11}")
    for name in TOOLS:
        rate, cpu = best_rate(name), cpu_per_packet(name)
        base_rate, base_cpu = best_rate("tcpdump"), cpu_per_packet("tcpdump")
        rate_ratio = f"{rate / base_rate:.2f}" if base_rate else "-"
        cpu_ratio = f"{cpu / base_cpu:.2f}" if base_cpu == base_cpu and base_cpu else "-"
        lines.append(f"{name:<14} {rate:>17.0f} {rate_ratio:>11} {cpu * 1e6:>11.2f} "
                     f"{cpu_ratio:>11}")
    lines.append("(best rate: the fastest burst with no drop and every frame in the file, 0 if "
                 "none; 'max' counts as the slowest the generator went in that round, so a best "
                 "rate there means the generator, not the tool, was the limit. cpu: the median "
                 "over the rounds)")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Benchmark: wall time of a full trace, np-traceroute against Debian's traceroute.

In a chain of five routers (h1 --- r1 ... r5 --- h2), h1 traces h2 with
`-n -q 3 -w 1 -N 16`, run by three tools in turn, round after round:

    traceroute      Debian's traceroute (the reference)
    np-traceroute   the course's solution (probes in parallel, -N 16)
    sequential      np-traceroute -N 1: one probe at a time

in two scenarios: "clean" (every router answers) and "silent r2,r4" (r2 and r4 drop the
time-exceeded errors they send, so six probes are lost and each waits out -w 1).
Prints median and min wall time per tool and scenario, and the ratios np/traceroute and
sequential/np; writes the raw samples to results/latest.json and a bar chart to
results/latest.svg (next to this file).

    sudo ./lab bench traceroute [--rounds 5] [--budget 300]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from harness.privileges import require_root  # noqa: E402

TRACE_ARGS = ["-n", "-q", "3", "-w", "1"]
TOOLS = ("traceroute", "np-traceroute", "sequential")
SCENARIOS = ("clean", "silent r2,r4")
RUN_TIMEOUT = 60.0  # seconds for one trace; the sequential one with silent hops takes ~7


def silence(router) -> None:
    """The router drops the time-exceeded errors it would send (as tests/labs do)."""
    output = router.cmd(
        "nft add table inet bench && "
        "nft add chain inet bench sending '{ type filter hook output priority 0; }' && "
        "nft add rule inet bench sending icmp type time-exceeded drop && "
        "nft add rule inet bench sending icmpv6 type time-exceeded drop && "
        "echo np-configured").strip()
    if not output.endswith("np-configured"):
        raise SystemExit(f"{router.name}: silencing failed: {output}")


def commands(np_traceroute: str, target: str) -> dict[str, list[str]]:
    reference = shutil.which("traceroute") or "traceroute"
    return {
        "traceroute": [reference, *TRACE_ARGS, "-N", "16", target],
        "np-traceroute": [np_traceroute, *TRACE_ARGS, "-N", "16", target],
        "sequential": [np_traceroute, *TRACE_ARGS, "-N", "1", target],
    }


def reached(stdout: str, target: str) -> bool:
    lines = stdout.strip().splitlines()
    return bool(lines) and target in lines[-1].split()


def measure(net, argvs, rounds: int, deadline: float, samples: dict, problems: list,
            scenario: str) -> int:
    """rounds rounds of the three tools, in an order rotated each round; returns how many
    rounds were completed before the deadline."""
    from harness.run import run

    target = net.h2.ip4
    for index in range(rounds):
        if time.monotonic() > deadline:
            return index
        order = TOOLS[index % 3:] + TOOLS[:index % 3]
        for name in order:
            result = run(net.h1, argvs[name], timeout=RUN_TIMEOUT)
            samples[scenario][name].append(round(result.duration, 4))
            if not result.ok or not reached(result.stdout, target):
                problems.append(f"{scenario}, {name}, round {index + 1}: {result.summary()}")
        print(f"  {scenario}: round {index + 1}/{rounds} done", file=sys.stderr, flush=True)
    return rounds


def table(samples: dict) -> str:
    def cell(values, f):
        return f"{f(values):7.3f}" if values else "      -"

    lines = [f"{'scenario':<14} {'tool':<14} {'n':>2} {'median s':>8} {'min s':>7}"]
    for scenario in SCENARIOS:
        for name in TOOLS:
            values = samples[scenario][name]
            lines.append(f"{scenario:<14} {name:<14} {len(values):>2} "
                         f"{cell(values, statistics.median):>8} {cell(values, min)}")
    lines.append("")
    lines.append(f"{'scenario':<14} {'np/traceroute':>20} {'sequential/np':>20}")
    for scenario in SCENARIOS:
        s = samples[scenario]

        def ratio(a, b, f):
            return f(s[a]) / f(s[b]) if s[a] and s[b] and f(s[b]) > 0 else float("nan")

        med = (ratio("np-traceroute", "traceroute", statistics.median),
               ratio("sequential", "np-traceroute", statistics.median))
        low = (ratio("np-traceroute", "traceroute", min),
               ratio("sequential", "np-traceroute", min))
        lines.append(f"{scenario:<14} {f'{med[0]:.2f} (min {low[0]:.2f})':>20} "
                     f"{f'{med[1]:.2f} (min {low[1]:.2f})':>20}")
    lines.append("(ratios of medians, and of minimums in brackets; < 1 means faster)")
    return "\n".join(lines)


def plot(samples: dict, path: Path, title: str) -> bool:
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("no plot: matplotlib is missing (sudo ./lab setup installs "
              "python3-matplotlib)", file=sys.stderr)
        return False
    matplotlib.rcParams["svg.hashsalt"] = "np-bench"  # stable ids in the SVG
    # One panel per scenario, each with its own scale: a clean trace takes milliseconds,
    # one with silent hops seconds.
    fig, axes = plt.subplots(1, len(SCENARIOS), figsize=(8, 4))
    colours = {"traceroute": "#888888", "np-traceroute": "#1f77b4", "sequential": "#ff7f0e"}
    for ax, scenario in zip(axes, SCENARIOS):
        names = [name for name in TOOLS if samples[scenario][name]]
        values = [samples[scenario][name] for name in names]
        scale, unit = (1000, "ms") if max(max(v) for v in values) < 1 else (1, "s")
        medians = [statistics.median(v) * scale for v in values]
        below = [m - min(v) * scale for m, v in zip(medians, values)]
        above = [max(v) * scale - m for m, v in zip(medians, values)]
        ax.bar(range(len(names)), medians, 0.6, yerr=[below, above], capsize=4,
               color=[colours[name] for name in names])
        for x, median in enumerate(medians):
            ax.annotate(f"{median:.3g}", (x, median), textcoords="offset points",
                        xytext=(8, 3), ha="left", va="bottom", fontsize=8)
        ax.set_xticks(range(len(names)), names, fontsize=9)
        ax.set_ylabel(f"wall time of a full trace ({unit})")
        ax.set_title(scenario, fontsize=10)
        ax.spines[["top", "right"]].set_visible(False)
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(path, metadata={"Date": None})
    plt.close(fig)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="./lab bench traceroute",
        description="Time full traces: Debian traceroute, np-traceroute, np-traceroute -N 1.")
    parser.add_argument("--rounds", type=int, default=5, help="rounds per scenario (default 5)")
    parser.add_argument("--budget", type=float, default=300,
                        help="seconds for the whole run; rounds stop when it is spent "
                        "(default 300)")
    parser.add_argument("--tool", default=str(ROOT / "build/solutions/bin/np-traceroute"),
                        help="the np-traceroute to time (default: the solution's build)")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds: at least 1")
    require_root("./lab bench traceroute")
    tool = Path(args.tool).resolve()
    if not os.access(tool, os.X_OK):
        print(f"no np-traceroute at {tool}: build it first (./lab build --impl solutions)",
              file=sys.stderr)
        return 2
    if shutil.which("traceroute") is None:
        print("Debian's traceroute is missing (sudo ./lab setup installs it)", file=sys.stderr)
        return 2

    from harness.topology import chain

    samples = {scenario: {name: [] for name in TOOLS} for scenario in SCENARIOS}
    problems: list[str] = []
    completed = {}
    started = time.monotonic()
    deadline = started + args.budget
    with chain(routers=5) as net:
        argvs = commands(str(tool), net.h2.ip4)
        for scenario in SCENARIOS:
            if scenario.startswith("silent"):
                silence(net.r2)
                silence(net.r4)
            completed[scenario] = measure(net, argvs, args.rounds, deadline, samples,
                                          problems, scenario)
    elapsed = time.monotonic() - started

    header = (f"traceroute benchmark: h1 -> h2 through 5 routers, "
              f"{' '.join(TRACE_ARGS)} -N 16 (sequential: -N 1); "
              f"rounds {', '.join(f'{s}: {n}' for s, n in completed.items())} "
              f"of {args.rounds}; {elapsed:.0f} s in all")
    text = header + "\n\n" + table(samples)
    if problems:
        text += "\n\nruns that failed or did not reach h2 (their times are still counted):\n"
        text += "\n".join(f"  {p}" for p in problems)
    print(text)

    results = HERE / "results"
    results.mkdir(exist_ok=True)
    record = {
        "benchmark": "traceroute",
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "kernel": platform.release(),
        "topology": "chain(routers=5), h1 traces h2 (IPv4)",
        "argv": {name: [Path(a).name if i == 0 else a for i, a in enumerate(argv)]
                 for name, argv in commands("np-traceroute", "<h2>").items()},
        "rounds_asked": args.rounds,
        "rounds_completed": completed,
        "seconds": samples,  # scenario -> tool -> wall times, in the order they were run
        "problems": problems,
    }
    (results / "latest.json").write_text(json.dumps(record, indent=2) + "\n")
    (results / "latest.txt").write_text(text + "\n")
    wrote = ["latest.json", "latest.txt"]
    if plot(samples, results / "latest.svg",
            f"full trace h1 → h2, 5 routers, -q 3 -w 1 "
            f"(median, whiskers min–max, {min(completed.values())} rounds)"):
        wrote.append("latest.svg")
    print(f"\nwrote {', '.join(f'bench/traceroute/results/{w}' for w in wrote)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Benchmark: what the sandbox costs a grade, and what parallel jobs buy a batch.

Two measures, each timing `./lab grade` as a whole (a separate process, as an instructor
runs it), rounds alternating so that both sides of a ratio see the same machine:

  sandbox   `./lab grade --impl solutions` (every lab, in build/) with the sandbox, and
            with NP_SANDBOX=off (everything in the grader's own namespaces, as root).
            The solutions are built first, so both sides time an up-to-date build, the
            unit tests and the network tests. Goal: the sandbox at most 10 % slower.
  jobs      a batch of --copies copies of one lab's solution (each submission is built
            from scratch in a build directory of its own, as in a real batch), graded
            with --jobs 1 and with --jobs 2.

Every run must give full marks (the sandbox's) and the same scores on both sides (the
batch's): a run that does not is listed and makes the benchmark exit 1. Prints the table;
writes results/latest.json (every sample) and results/latest.txt next to this file.

    sudo ./lab bench grading [--rounds 1] [--lab ping] [--copies 10] [--only sandbox|jobs]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from harness.privileges import require_root  # noqa: E402

LAB_COMMAND = [str(ROOT / "lab")]
RUN_TIMEOUT = 3600  # seconds for one grade of everything, or one batch


def timed(argv: list[str], env: dict) -> tuple[float, subprocess.CompletedProcess]:
    started = time.monotonic()
    run = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=RUN_TIMEOUT, stdin=subprocess.DEVNULL)
    return time.monotonic() - started, run


def grade_everything(sandboxed: bool, scratch: Path) -> tuple[float, str | None]:
    """Seconds for ./lab grade --impl solutions; a problem, or None when it scored full."""
    env = dict(os.environ)
    env.pop("NP_SANDBOX", None)
    if not sandboxed:
        env["NP_SANDBOX"] = "off"
    results = scratch / "results.json"
    seconds, run = timed([*LAB_COMMAND, "grade", "--impl", "solutions", "--json", str(results)], env)
    try:
        scored = json.loads(results.read_text())
    except (OSError, ValueError):
        return seconds, f"no results.json (exit {run.returncode}): {run.stderr.strip()[-300:]}"
    if scored["score"] != scored["max_score"]:
        return seconds, f"scored {scored['score']}/{scored['max_score']}"
    return seconds, None


def make_batch(lab: str, copies: int, directory: Path) -> None:
    """copies submissions, each holding the solution of lab as a student would hand it in."""
    for number in range(1, copies + 1):
        shutil.copytree(ROOT / "solutions" / lab, directory / f"student{number:02d}" / lab)


def grade_batch(batch: Path, lab: str, jobs: int, scratch: Path) -> tuple[float, dict[str, str], str | None]:
    """Seconds for the batch with --jobs jobs; {submission: score}; a problem or None."""
    grades = scratch / f"grades-jobs{jobs}.csv"
    seconds, run = timed([*LAB_COMMAND, "grade", lab, "--batch", str(batch), "--csv", str(grades),
                          "--jobs", str(jobs)], dict(os.environ))
    try:
        with grades.open(newline="") as file:
            rows = list(csv.DictReader(file))
    except OSError:
        return seconds, {}, f"no CSV (exit {run.returncode}): {run.stderr.strip()[-300:]}"
    scores = {row["submission"]: f"{row['total']} ({row['status']})" for row in rows}
    return seconds, scores, None


def table(samples: dict[str, list[float]], names: list[str]) -> list[str]:
    lines = [f"{'run':<28}{'n':>3}{'median s':>11}{'min s':>9}"]
    for name in names:
        values = samples.get(name) or []
        if values:
            lines.append(f"{name:<28}{len(values):>3}{statistics.median(values):>11.1f}"
                         f"{min(values):>9.1f}")
    return lines


def ratio(samples: dict[str, list[float]], top: str, bottom: str) -> str:
    if not samples.get(top) or not samples.get(bottom):
        return "n/a"
    median = statistics.median(samples[top]) / statistics.median(samples[bottom])
    best = min(samples[top]) / min(samples[bottom])
    return f"{median:.2f} (min {best:.2f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./lab bench grading", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=1, help="rounds per side (default 1)")
    parser.add_argument("--lab", default="ping", help="the batch's lab (default ping)")
    parser.add_argument("--copies", type=int, default=10, help="submissions in the batch (default 10)")
    parser.add_argument("--only", choices=["sandbox", "jobs"], help="one of the two measures")
    args = parser.parse_args(argv)
    require_root()
    if not (ROOT / "solutions" / args.lab).is_dir():
        raise SystemExit(f"no solutions/{args.lab}")

    samples: dict[str, list[float]] = {}
    problems: list[str] = []
    batch_scores: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory(prefix="np-bench-grading-") as scratch_name:
        scratch = Path(scratch_name)
        if args.only in (None, "sandbox"):
            print("building the solutions first ...", flush=True)
            subprocess.run([*LAB_COMMAND, "build", "--impl", "solutions"], cwd=ROOT, check=True,
                           capture_output=True)
            for round_number in range(args.rounds):
                order = [True, False] if round_number % 2 == 0 else [False, True]
                for sandboxed in order:
                    name = "grade, sandbox" if sandboxed else "grade, NP_SANDBOX=off"
                    seconds, problem = grade_everything(sandboxed, scratch)
                    samples.setdefault(name, []).append(seconds)
                    print(f"  {name}: {seconds:.1f} s" + (f"  ({problem})" if problem else ""), flush=True)
                    if problem:
                        problems.append(f"{name}: {problem}")
        if args.only in (None, "jobs"):
            batch = scratch / "batch"
            make_batch(args.lab, args.copies, batch)
            for round_number in range(args.rounds):
                for jobs in ([1, 2] if round_number % 2 == 0 else [2, 1]):
                    name = f"batch of {args.copies} {args.lab}, --jobs {jobs}"
                    seconds, scores, problem = grade_batch(batch, args.lab, jobs, scratch)
                    samples.setdefault(name, []).append(seconds)
                    print(f"  {name}: {seconds:.1f} s" + (f"  ({problem})" if problem else ""), flush=True)
                    if problem:
                        problems.append(f"{name}: {problem}")
                    elif len(scores) != args.copies or len(set(scores.values())) != 1:
                        problems.append(f"{name}: scores {sorted(scores.values())}")
                    batch_scores[f"jobs{jobs}"] = scores
            if len(batch_scores) == 2 and batch_scores["jobs1"] != batch_scores["jobs2"]:
                problems.append("the batch's scores differ between --jobs 1 and --jobs 2")

    names = ["grade, sandbox", "grade, NP_SANDBOX=off",
             f"batch of {args.copies} {args.lab}, --jobs 1", f"batch of {args.copies} {args.lab}, --jobs 2"]
    lines = [f"grading benchmark: {args.rounds} round(s) per side; {os.cpu_count()} CPUs, "
             f"kernel {platform.release()}", ""]
    lines += table(samples, names)
    lines += ["",
              f"sandbox/off:   {ratio(samples, names[0], names[1])}   (goal: at most 1.10)",
              f"jobs 1/jobs 2: {ratio(samples, names[2], names[3])}   (> 1: two jobs at once are faster)"]
    if batch_scores.get("jobs1"):
        lines.append(f"batch scores: {sorted(set(batch_scores['jobs1'].values()))} for every submission")
    lines += [f"PROBLEM: {problem}" for problem in problems]
    text = "\n".join(lines)
    print("\n" + text)
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    record = {"argv": sys.argv, "kernel": platform.release(), "cpus": os.cpu_count(),
              "samples": samples, "problems": problems, "batch_scores": batch_scores}
    (results / "latest.json").write_text(json.dumps(record, indent=2) + "\n")
    (results / "latest.txt").write_text(text + "\n")
    print("\nwrote bench/grading/results/latest.json, bench/grading/results/latest.txt")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

"""What the grader reports: the terminal scoreboard, results.json (Gradescope's schema),
JUnit XML, and the batch CSV (one row per submission).

The scoreboard, for one lab:

    ping: building labs/ping ... ok
      ✓ checksum of RFC 1071's example                                  5/5
      ✗ one echo reply over IPv4                                        0/10
          did       h1$ np-ping -c 1 10.0.0.2
          expected  a reply line: 64 bytes from 10.0.0.2: icmp_seq=1 …
          saw       no output; exit status 1 after 10 s
          hint      is the identifier you match in replies the one you sent?
    Score: 35/100

With several labs, a summary follows and the last line is the overall `Score: X/Y`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TextIO

from .results import GradeRun, LabResult, Progress, TestResult
from .rubric import HIDDEN_LINE
from .story import labelled

WIDTH = 76  # the scoreboard's width: points end in this column
STORY_INDENT = " " * 6

GREEN, RED, YELLOW, BOLD, DIM, RESET = "\033[32m", "\033[31m", "\033[33m", "\033[1m", "\033[2m", "\033[0m"


def use_color(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    return hasattr(stream, "isatty") and stream.isatty() and "NO_COLOR" not in os.environ \
        and os.environ.get("TERM") != "dumb"


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{RESET}" if color else text


def score_text(score: int, max_score: int) -> str:
    return f"{score}/{max_score}"


def _test_line(test: TestResult, color: bool) -> str:
    mark = _paint("✓", GREEN, color) if test.passed else _paint("✗", RED, color)
    points = score_text(test.score, test.entry.points)
    room = WIDTH - 4 - len(points) - 1
    title = test.entry.title if len(test.entry.title) <= room else test.entry.title[: room - 1] + "…"
    return f"  {mark} {title.ljust(room)} {points}"


def failure_text(test: TestResult) -> str:
    """A failed test's story and its hint, unindented (for results.json and JUnit)."""
    lines = test.story.rstrip().splitlines() if test.story else []
    if test.entry.hint:
        lines += labelled("hint", test.entry.hint)
    return "\n".join(lines)


def lab_scoreboard(lab: LabResult, color: bool = False) -> str:
    """One lab's lines: each test, each failure's story and hint, then 'Score: X/Y'."""
    lines: list[str] = []
    for error in lab.errors:
        first, *rest = error.splitlines() or [""]
        lines.append("  " + _paint("!", YELLOW, color) + " " + first)
        lines += ["      " + line for line in rest]
    if not lab.build_ok:
        lines.append("  " + _paint("the build failed:", RED, color))
        lines += [STORY_INDENT + line for line in lab.build_error.splitlines()]
    for test in lab.tests:
        lines.append(_test_line(test, color))
        if test.passed or not lab.build_ok or not lab.graded:
            continue  # one reason for the whole lab is already printed above
        lines += [STORY_INDENT + line for line in failure_text(test).splitlines()]
    if lab.hidden_points:  # a student's release: say why the maximum is short of 100
        lines.append(f"  {HIDDEN_LINE}: {lab.hidden_points} points")
    lines.append(_paint("Score: " + score_text(lab.score, lab.max_score), BOLD, color))
    return "\n".join(lines)


def summary(run: GradeRun, color: bool = False) -> str:
    """What follows the labs' boards: the grader's failure, a table of labs when there are
    several, and the overall 'Score: X/Y' (unless the one lab's board already ends with it)."""
    tail: list[str] = []
    if run.error:
        last = run.error.strip().splitlines()[-1]
        tail.append(_paint(f"the grader failed: {last}", RED, color))
    if len(run.labs) > 1:
        tail.append("Scores:")
        for lab in run.labs:
            points = score_text(lab.score, lab.max_score)
            tail.append(f"  {lab.lab.ljust(WIDTH - 4 - len(points))} {points}")
    if len(run.labs) != 1 or run.error:
        tail.append(_paint("Score: " + score_text(run.score, run.max_score), BOLD, color))
    return "\n".join(tail)


def scoreboard(run: GradeRun, color: bool = False) -> str:
    """The whole run, each lab's board then the summary; the last line is 'Score: X/Y'."""
    parts: list[str] = []
    for lab in run.labs:
        parts.append(f"{lab.lab} ({lab.impl}):")
        parts.append(lab_scoreboard(lab, color))
    tail = summary(run, color)
    return "\n".join(parts + ([tail] if tail else []))


class ConsoleProgress(Progress):
    """Says what the grader is doing, and prints each lab's scoreboard when it is done."""

    def __init__(self, stream: TextIO = sys.stdout, color: bool | None = None,
                 boards: bool = True):
        self.stream = stream
        self.color = use_color(stream) if color is None else color
        self.boards = boards

    def start(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()

    def end(self, text: str) -> None:
        color = GREEN if text == "ok" else RED if text == "FAILED" else DIM
        self.stream.write(_paint(text, color, self.color) + "\n")
        self.stream.flush()

    def lab_done(self, lab: LabResult) -> None:
        if not lab.graded:
            self.stream.write(f"{lab.lab}: " + _paint("not graded", RED, self.color) + "\n")
        if self.boards:
            self.stream.write(lab_scoreboard(lab, self.color) + "\n")
            self.stream.flush()


# --- results.json (Gradescope) ------------------------------------------------------------

def gradescope(run: GradeRun) -> dict:
    """The run in Gradescope's results.json schema."""
    tests = []
    for lab in run.labs:
        for test in lab.tests:
            entry = {
                "name": f"{lab.lab}: {test.entry.title}",
                "number": f"{lab.lab}/{test.entry.id}",
                "score": test.score,
                "max_score": test.entry.points,
                "status": "passed" if test.passed else "failed",
                "output": "" if test.passed else _lab_reason(lab) or failure_text(test),
                "visibility": test.entry.visibility,  # the rubric's words are Gradescope's
            }
            tests.append(entry)
        for error in lab.errors:
            tests.append({"name": f"{lab.lab}: grader note", "score": 0, "max_score": 0,
                          "output": error, "visibility": _note_visibility(error)})
    if run.error:
        tests.append({"name": "grader error", "score": 0, "max_score": 0, "status": "failed",
                      "output": "The grader failed; the scores above are partial.\n" + run.error,
                      "visibility": "visible"})
    summary = "\n".join(f"{lab.lab}: {lab.score}/{lab.max_score}" for lab in run.labs)
    return {
        "score": run.score,
        "max_score": run.max_score,
        "execution_time": round(run.execution_time, 1),
        "output": summary + ("\n" if summary else "") + f"Score: {run.score}/{run.max_score}",
        "visibility": "visible",
        "stdout_visibility": "visible",
        "tests": tests,
    }


def _note_visibility(note: str) -> str:
    """A grader note that speaks of hidden tests may name one: only the instructor sees it."""
    return "hidden" if "hidden" in note.lower() else "visible"


def _lab_reason(lab: LabResult) -> str:
    if not lab.build_ok:
        return "did not run: the lab did not build:\n" + lab.build_error
    return ""


def _atomic_write(path: Path, text: str) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def write_json(run: GradeRun, path: Path) -> None:
    _atomic_write(path, json.dumps(gradescope(run), indent=2, ensure_ascii=False) + "\n")


def write_batch_json(rows: list[tuple[str, GradeRun]], path: Path) -> None:
    data = [{"submission": name, **gradescope(run)} for name, run in rows]
    _atomic_write(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


# --- JUnit XML ----------------------------------------------------------------------------

def junit(run: GradeRun) -> str:
    suites = ET.Element("testsuites", name="np-labs")
    total = failures = 0
    for lab in run.labs:
        suite = ET.SubElement(suites, "testsuite", name=lab.lab)
        lab_failures = 0
        for test in lab.tests:
            case = ET.SubElement(suite, "testcase", classname=f"{lab.lab}.{test.entry.kind}",
                                 name=f"{test.entry.title} [{test.entry.id}]",
                                 time=f"{test.duration:.3f}")
            properties = ET.SubElement(case, "properties")
            properties.append(ET.Element("property", name="points",
                                         value=f"{test.score}/{test.entry.points}"))
            properties.append(ET.Element("property", name="visibility", value=test.entry.visibility))
            if not test.passed:
                lab_failures += 1
                failure = ET.SubElement(case, "failure",
                                        message=f"0/{test.entry.points}: {test.entry.title}")
                failure.text = _lab_reason(lab) or failure_text(test)
        if lab.errors:
            ET.SubElement(suite, "system-err").text = "\n".join(lab.errors)
        suite.set("tests", str(len(lab.tests)))
        suite.set("failures", str(lab_failures))
        suite.set("errors", "0")
        suite.set("time", f"{lab.duration:.3f}")
        total += len(lab.tests)
        failures += lab_failures
    errors = 0
    if run.error:
        suite = ET.SubElement(suites, "testsuite", name="grader", tests="1", failures="0", errors="1")
        case = ET.SubElement(suite, "testcase", classname="grader", name="grading finished")
        ET.SubElement(case, "error", message="the grader failed").text = run.error
        total, errors = total + 1, 1
    suites.set("tests", str(total))
    suites.set("failures", str(failures))
    suites.set("errors", str(errors))
    suites.set("time", f"{run.execution_time:.3f}")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def write_junit(run: GradeRun, path: Path) -> None:
    _atomic_write(path, junit(run))


# --- batch CSV ----------------------------------------------------------------------------

LIMIT_WORDS = re.compile(r"exceeded its ([\w /-]+ limit [\d.]+ ?\w*)")


def batch_status(run: GradeRun) -> str:
    """'graded', or what kept a submission from it: 'build failed (ping)', 'limit hit
    (ping: memory limit 1 GiB)', 'grader error' …"""
    if run.error:
        return "grader error"
    failed = [lab.lab for lab in run.labs if not lab.build_ok]
    limits = []
    for lab in run.labs:
        found = LIMIT_WORDS.search(lab.build_error + "\n".join(t.story for t in lab.tests))
        if found and f"{lab.lab}: {found.group(1)}" not in limits:
            limits.append(f"{lab.lab}: {found.group(1)}")
    parts = ([f"build failed ({', '.join(failed)})"] if failed else []) + \
        ([f"limit hit ({'; '.join(limits)})"] if limits else [])
    return "; ".join(parts) or "graded"


def batch_csv(rows: list[tuple[str, GradeRun]], labs: list[str]) -> str:
    """One row per submission: submission, each lab's score, total, status."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["submission", *labs, "total", "status"])
    for name, run in rows:
        scores = {lab.lab: lab.score for lab in run.labs}
        writer.writerow([name, *(scores.get(lab, 0) for lab in labs), run.score,
                         batch_status(run)])
    return out.getvalue()


def write_csv(rows: list[tuple[str, GradeRun]], labs: list[str], path: Path) -> None:
    _atomic_write(path, batch_csv(rows, labs))

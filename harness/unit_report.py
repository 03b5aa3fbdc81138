"""The unit tests' report: what tests/unit/gtest_main.cpp writes on a pipe the grader holds.

    run, report = run_reporting(argv, timeout=60, output_limit=1 << 20)
    report.ended["Sum.Works"].passed, report.running, report.done

A unit-test program links the student's code, so its output and its exit status prove
nothing by themselves. The grader creates a pipe, gives the program its writing end as
NP_UNIT_REPORT_FD, and reads JSON lines from the other end while the program runs:

    {"event":"start","name":"Suite.Name"}
    {"event":"end","name":"Suite.Name","passed":true,"skipped":false,"failure":"","seconds":0.001}
    {"event":"done"}

The report counts only when the program exited normally and sent "done" (counts()); a
"start" without its "end" names the test that was running when the program stopped.

told(failure) retells a test's failure text for a student: each failed assertion leads
with its message (what the test checked, with what input) and the values it saw.
"""

from __future__ import annotations

import json
import os
import re
import select
import threading
from dataclasses import dataclass, field
from pathlib import Path

from . import limits, sandbox
from .bounded import Bounded

REPORT_FD_VARIABLE = "NP_UNIT_REPORT_FD"
REPORT_LIMIT = 4 << 20  # bytes of report; beyond it the report is discarded


@dataclass
class Ended:
    """One test's outcome, as its "end" record tells it."""

    passed: bool
    skipped: bool
    failure: str  # failure (or skip) messages, each under its file:line
    seconds: float


@dataclass
class UnitReport:
    """What the program reported, checked record by record as it arrives."""

    ended: dict[str, Ended] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)  # names as they ended
    running: str | None = None  # started, not ended
    done: bool = False
    problem: str | None = None  # why the report is not well-formed, when it is not
    flooded: bool = False  # longer than REPORT_LIMIT
    size: int = 0
    _partial: bytes = b""

    def feed(self, data: bytes) -> None:
        """Take the next bytes of the report (any split into chunks)."""
        if self.problem or self.flooded:
            return
        self.size += len(data)
        if self.size > REPORT_LIMIT:
            self.flooded = True
            return
        *lines, self._partial = (self._partial + data).split(b"\n")
        for line in lines:
            self._record(line)
            if self.problem:
                return

    def counts(self, run: Bounded) -> bool:
        """Whether this report decides outcomes: well-formed, done, and the program exited
        normally (0 all passed, 1 some failed) within its limits."""
        return (self.done and not self.problem and not self.flooded and not run.timed_out
                and not run.flooded and run.status in (0, 1))

    def _record(self, line: bytes) -> None:
        try:
            record = json.loads(line.decode("ascii"))
        except (UnicodeDecodeError, ValueError):
            self.problem = "a record that is not a line of JSON"
            return
        event = record.get("event") if isinstance(record, dict) else None
        name = record.get("name") if isinstance(record, dict) else None
        if self.done:
            self.problem = "a record after its last one (done)"
        elif event == "start" and isinstance(name, str) and self.running is None:
            self.running = name
        elif event == "end" and name == self.running and self._valid_end(record):
            self.running = None
            self.ended[name] = Ended(record["passed"], record["skipped"], record["failure"],
                                     float(record["seconds"]))
            self.order.append(name)
        elif event == "done" and self.running is None:
            self.done = True
        else:
            shown = event[:20] if isinstance(event, str) and event[:20].isidentifier() else "?"
            self.problem = f"a record out of order or malformed (event {shown})"

    @staticmethod
    def _valid_end(record: dict) -> bool:
        return (isinstance(record.get("passed"), bool) and isinstance(record.get("skipped"), bool)
                and isinstance(record.get("failure"), str)
                and isinstance(record.get("seconds"), (int, float))
                and not isinstance(record.get("seconds"), bool))


class _PipeReader:
    """Reads the report pipe in a thread, so that a program writing a long report never
    blocks on a full pipe. Past REPORT_LIMIT it closes its end: the program's next write
    then fails (SIGPIPE) instead of filling the grader's memory."""

    def __init__(self, fd: int, report: UnitReport):
        self.fd, self.report = fd, report
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            while True:
                readable, _, _ = select.select([self.fd], [], [], 0.05)
                if not readable:
                    if self.stop.is_set():
                        break  # the program is gone and the pipe is empty
                    continue
                data = os.read(self.fd, 65536)
                if not data:
                    break  # a last record without its newline is torn, and ignored
                self.report.feed(data)
                if self.report.flooded:
                    break
        finally:
            os.close(self.fd)

    def join(self) -> None:
        self.stop.set()
        self.thread.join()


def run_reporting(argv: list[str], *, timeout: float, output_limit: int,
                  env: dict | None = None, cwd=None) -> tuple[Bounded, UnitReport]:
    """Run a unit-test program in the sandbox with a report pipe; how it ended and what it
    reported. Its environment is the sandbox's clean one (no GTEST_* variable left in a
    shell changes which tests run) plus the report's descriptor."""
    read_end, write_end = os.pipe()
    report = UnitReport()
    env = dict(env or {})
    env[REPORT_FD_VARIABLE] = str(write_end)
    reader = _PipeReader(read_end, report)
    # The program sees only its own directory (and a private /tmp), in the sandbox.
    view = sandbox.View.system().read_only(Path(argv[0]).parent)
    try:
        run = sandbox.run(argv, view=view, name="unit", cwd=cwd or "/tmp", env=env,
                          limits=limits.UNIT_TESTS.but(wall=timeout, output=output_limit),
                          pass_fds=(write_end,))
    finally:
        # Every process of the run is gone now (bounded_run kills its whole group); with
        # our writing end closed too, the reader sees the end of the report.
        os.close(write_end)
        reader.join()
    return run, report


# --- the failure told for a student ---------------------------------------------------------

# The line gtest_main.cpp puts above each failure: the file and line it came from.
_PART_START = re.compile(r"^(?:\S+:\d+|unknown file)(?:: skipped)?$")
_TRACE_LINE = re.compile(r"^\S+:\d+: (.*)$")
SHOWN_FAILURES = 4  # failed assertions told in full; the rest are counted
VALUE_WIDTH = 200  # characters of one printed value kept


_BYTE_OBJECT = re.compile(r"1-byte object <([0-9A-F]{2})>")  # how gtest prints a std::byte


def _short(value: str) -> str:
    value = _BYTE_OBJECT.sub(r"\1", value)
    return value if len(value) <= VALUE_WIDTH else value[:VALUE_WIDTH - 1] + "…"


def _equality(lines: list[str]) -> tuple[str, int]:
    """'Expected equality of these values:' and its items: the values in one line, and how
    many lines gtest's own text takes (a diff of multi-line strings included)."""
    items: list[list] = []  # [expression, value or None]
    used = 1
    for line in lines[1:]:
        if line.startswith("    Which is: ") and items:
            if not items[-1][0].startswith('"'):  # a literal string's value is its address
                items[-1][1] = line[len("    Which is: "):]
        elif line.startswith("  ") and not line.startswith("   "):
            items.append([line[2:], None])
        else:
            break
        used += 1
    if used < len(lines) and lines[used] == "With diff:":
        used += 1
        while used < len(lines) and lines[used][:1] in ("@", " ", "-", "+"):
            used += 1
    if len(items) != 2:
        return "\n".join(lines[:used]), used
    (left, left_value), (right, right_value) = items
    if left_value is not None and right_value is None:
        values = f"{left} is {_short(left_value)}, expected {_short(right)}"
    elif left_value is None and right_value is not None:
        values = f"{right} is {_short(right_value)}, expected {_short(left)}"
    elif left_value is not None:  # the tests write EXPECT_EQ(actual, expected)
        values = (f"{left} is {_short(left_value)}, expected {right}, "
                  f"which is {_short(right_value)}")
    else:
        values = f"{_short(left)} differs from {_short(right)}"
    return values, used


def _values(lines: list[str]) -> tuple[str, int]:
    """What gtest says an assertion saw, in one line where its shape is known, and how many
    of the lines are gtest's own (the rest is the assertion's message)."""
    first = lines[0] if lines else ""
    if first == "Expected equality of these values:":
        return _equality(lines)
    if first.startswith("Value of: "):  # EXPECT_TRUE/FALSE, EXPECT_THAT
        said = {"Actual": "", "Expected": ""}
        used = 1
        for line in lines[1:3]:
            label, _, rest = line.strip().partition(": ")
            if label not in said:
                break
            said[label] = rest
            used += 1
        value = f"{first[len('Value of: '):]} is {_short(said['Actual'])}"
        return f"{value}, expected {said['Expected']}" if said["Expected"] else value, used
    if first.startswith("Expected: ") and len(lines) > 1 and lines[1].startswith("  Actual: "):
        expected = first[len("Expected: "):].rstrip(".")  # EXPECT_THROW & co
        throws = re.fullmatch(r"(.*) throws an exception of type (.*)", expected)
        if throws:
            expected = f"{throws.group(1)} to throw {throws.group(2)}"
        return f"expected {expected}; {lines[1][len('  Actual: '):]}", 2
    if first.startswith("The difference between "):  # EXPECT_NEAR: four lines
        return " ".join(lines[:4]), min(4, len(lines))
    if first == "Failed":  # FAIL(), ADD_FAILURE(): the message is everything
        return "", 1
    return first, 1  # Expected: (a) != (b), actual: …; an exception; anything else


def _told_part(location: str, lines: list[str]) -> list[str]:
    """One failed assertion: its message first, then its values and where it is."""
    if location.endswith(": skipped"):
        return ["skipped: " + " ".join(lines).strip()]
    if "Stack trace:" in lines:
        lines = lines[:lines.index("Stack trace:")]
    context: list[str] = []
    if "Google Test trace:" in lines:
        at = lines.index("Google Test trace:")
        for line in reversed(lines[at + 1:]):  # gtest lists the innermost trace first
            match = _TRACE_LINE.match(line)
            if match:
                context.append(match.group(1))
        lines = lines[:at]
    values, used = _values(lines)
    message = " ".join(line.strip() for line in lines[used:] if line.strip())
    lead = ", ".join(context + [message] if message else context)
    where = f"({Path(location).name})" if location != "unknown file" else ""
    told = [lead] if lead else []
    told += [f"{values}  {where}".strip()] if values else [where] if where else []
    return told or ["the assertion failed"]


def told(failure: str) -> str:
    """A test's failure text (gtest_main.cpp's: each failure under its file:line) retold with
    each failed assertion's message first, then its values on one line:

        the checksum must cover header and payload (56 bytes of data)
        np::internet_checksum(request) is 4660, expected 0  (icmp_echo_test.cpp:97)
    """
    parts: list[tuple[str, list[str]]] = []
    for line in failure.strip("\n").splitlines():
        if _PART_START.match(line):
            parts.append((line, []))
        elif parts:
            parts[-1][1].append(line)
        else:
            return failure  # not the shape gtest_main.cpp writes: shown as it is
    lines: list[str] = []
    for location, body in parts[:SHOWN_FAILURES]:
        lines += _told_part(location, body)
    if len(parts) > SHOWN_FAILURES:
        more = len(parts) - SHOWN_FAILURES
        lines.append(f"… and {more} more failed assertion{'s' if more > 1 else ''}")
    return "\n".join(lines)

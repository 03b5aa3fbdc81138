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
"""

from __future__ import annotations

import json
import os
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

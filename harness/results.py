"""What grading found: a result per rubric entry, per lab and per run, and the hooks a
grader tells its progress through. harness/grade.py makes them, harness/report.py
shows and writes them; neither needs the other's code for that.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .rubric import Entry


@dataclass
class TestResult:
    __test__ = False  # not a pytest test class, whatever its name

    entry: Entry
    passed: bool
    story: str = ""  # for a failure: what the test did, expected and saw
    duration: float = 0.0

    @property
    def score(self) -> int:
        return self.entry.points if self.passed else 0


@dataclass
class LabResult:
    lab: str
    impl: str
    tests: list[TestResult] = field(default_factory=list)
    build_ok: bool = True
    build_error: str = ""  # the compiler's first error lines when the lab did not build
    errors: list[str] = field(default_factory=list)  # for the instructor: rubric mismatches …
    duration: float = 0.0
    graded: bool = True  # False when grading stopped before this lab
    hidden_points: int = 0  # in a student's release: the points of the tests it does not have

    @property
    def score(self) -> int:
        return sum(test.score for test in self.tests)

    @property
    def max_score(self) -> int:
        return sum(test.entry.points for test in self.tests)

    @property
    def full_marks(self) -> bool:
        return bool(self.tests) and self.score == self.max_score


@dataclass
class GradeRun:
    impl: str
    labs: list[LabResult] = field(default_factory=list)
    execution_time: float = 0.0
    error: str | None = None  # the grader's own failure (a traceback), if it had one

    @property
    def score(self) -> int:
        return sum(lab.score for lab in self.labs)

    @property
    def max_score(self) -> int:
        return sum(lab.max_score for lab in self.labs)


class Progress:
    """What the grader says while it works; the default says nothing."""

    def start(self, text: str) -> None:  # a step begins: "ping: building labs/ping ... "
        pass

    def end(self, text: str) -> None:  # the step's outcome: "ok"
        pass

    def lab_done(self, lab: LabResult) -> None:
        pass

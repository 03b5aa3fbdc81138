"""The invariant: every graded test passes on the solution and fails on the skeleton, and a
second run on the solution gives the same outcome for every test (no flaky tests).

The first runs grade as root; the second run is an ordinary user's `./lab grade` in its
own copy of the repository (tests/project/ordinary_user.py), so that the invariant holds
in both of the sandbox's modes: host ids of the grader's own, or a user and its
subordinate ids. This is the slow test: it grades each lab three times.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from harness import sandbox
from harness.grade import LabResult, grade

from .conftest import LABS, ROOT, require_root
from .ordinary_user import run_lab

GRADE_TIMEOUT = 3600  # seconds: the user's copy builds every solution, then grades them all
# Grades at once, as root: a skeleton's grade is mostly waiting, so two at a time take
# about half as long (374 s instead of 803 s here). Both are graded as the ids of one
# sandbox job, the ids that own build/; their builds there take turns.
WORKERS = 2

_runs: dict[tuple[str, str], LabResult] = {}
_started: set[str] = set()  # the grades started ("root", "user"): each runs once
_by_the_user: dict[str, dict[str, dict]] = {}


def _grade_every_lab_twice() -> None:
    """Every lab graded on the solutions and on the skeletons, WORKERS grades at once."""
    require_root()

    def grade_one(lab: str, impl: str) -> None:
        with sandbox.job(0):  # one job for both: the ids that own build/
            run = grade(ROOT, [lab], impl)
        assert run.error is None, run.error
        _runs[(lab, impl)] = run.labs[0]

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures = [pool.submit(grade_one, lab, impl) for lab in LABS for impl in ("labs", "solutions")]
        for future in futures:
            future.result()


def graded(lab: str, impl: str) -> LabResult:
    """The lab graded on impl as root (every lab graded once per session, on both)."""
    if "root" not in _started:
        _started.add("root")
        _grade_every_lab_twice()
    if (lab, impl) not in _runs:
        pytest.fail(f"{lab} was not graded on {impl}: the first test of this file says why", pytrace=False)
    result = _runs[(lab, impl)]
    assert result.graded and result.tests, f"{lab} was not graded: " + "; ".join(result.errors)
    return result


def graded_by_the_user(repository, lab: str) -> dict[str, dict]:
    """The lab's tests ({id: results.json entry}) in the ordinary user's grade of every
    solution (one run for the session, even when it fails)."""
    if "user" not in _started:
        _started.add("user")
        run = run_lab(repository, "grade", "--impl", "solutions", "--json", "user-results.json",
                      timeout=GRADE_TIMEOUT)
        written = repository / "user-results.json"
        assert written.exists(), f"./lab grade as an ordinary user wrote no results:\n{(run.stdout + run.stderr)[-3000:]}"
        for test in json.loads(written.read_text())["tests"]:
            if "number" in test:
                lab_name, test_id = test["number"].split("/", 1)
                _by_the_user.setdefault(lab_name, {})[test_id] = test
    return _by_the_user.get(lab, {})


def describe(result: LabResult, tests) -> str:
    return "\n".join(f"  {t.entry.id} ({t.entry.title}):\n    "
                     + (t.story or "passed").replace("\n", "\n    ") for t in tests)


@pytest.mark.parametrize("lab", LABS)
def test_solution_scores_full_marks(lab):
    result = graded(lab, "solutions")
    assert result.build_ok, f"solutions/{lab} does not build:\n{result.build_error}"
    failed = [test for test in result.tests if not test.passed]
    if failed:
        pytest.fail(f"{lab}: {result.score}/{result.max_score} on the solution; failing:\n"
                    + describe(result, failed), pytrace=False)
    assert result.max_score == 100 and not result.errors, result.errors


@pytest.mark.parametrize("lab", LABS)
def test_skeleton_fails_every_graded_test(lab):
    result = graded(lab, "labs")
    assert result.build_ok, f"labs/{lab} (the skeleton) does not build:\n{result.build_error}"
    refused = [error for error in result.errors if error.startswith("unit tests not run")]
    assert not refused, refused  # the skeleton's own code passes the integrity checks
    passing = [test for test in result.tests if test.passed]
    if passing:
        pytest.fail(f"{lab}: these graded tests pass on the skeleton, so they grade nothing:\n"
                    + "\n".join(f"  {t.entry.id} ({t.entry.title})" for t in passing), pytrace=False)


@pytest.mark.parametrize("lab", LABS)
def test_second_run_by_an_ordinary_user_gives_the_same_outcomes(lab, ordinary_user_repository):
    first = {test.entry.id: test.passed for test in graded(lab, "solutions").tests}
    second = graded_by_the_user(ordinary_user_repository, lab)
    changed = []
    for test_id, passed in first.items():
        theirs = second.get(test_id)
        if theirs is None:
            changed.append(f"{test_id} (not run)")
        elif passed != (theirs["status"] == "passed"):
            said = theirs["output"].strip().splitlines()[:1] or ["passed"]
            changed.append(f"{test_id} ({said[0]})")
    if changed:
        pytest.fail(f"{lab}: the outcome changed between the run as root and the run as an ordinary "
                    "user (a flaky test, or one the sandbox of an ordinary user breaks): "
                    + "; ".join(changed), pytrace=False)

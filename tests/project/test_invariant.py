"""The invariant: every graded test passes on the solution and fails on the skeleton, and a
second run on the solution gives the same outcome for every test (no flaky tests).

This is the slow test: it grades each lab three times through the real harness.
"""

from __future__ import annotations

import pytest

from harness.grade import LabResult, grade

from .conftest import LABS, ROOT, require_root

_runs: dict[tuple[str, str, int], LabResult] = {}


def graded(lab: str, impl: str, attempt: int = 1) -> LabResult:
    """The lab graded on impl (each (lab, impl, attempt) once per session)."""
    key = (lab, impl, attempt)
    if key not in _runs:
        require_root()
        run = grade(ROOT, [lab], impl)
        assert run.error is None, run.error
        _runs[key] = run.labs[0]
    result = _runs[key]
    assert result.graded and result.tests, f"{lab} was not graded: " + "; ".join(result.errors)
    return result


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
def test_second_run_gives_the_same_outcomes(lab):
    first = {test.entry.id: test.passed for test in graded(lab, "solutions").tests}
    second = {test.entry.id: test.passed for test in graded(lab, "solutions", 2).tests}
    changed = [test_id for test_id in first if first[test_id] != second.get(test_id)]
    if changed:
        pytest.fail(f"{lab}: flaky tests (the outcome changed between two runs on the solution): "
                    + ", ".join(changed), pytrace=False)

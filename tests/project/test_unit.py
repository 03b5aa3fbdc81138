"""The unit tests (libnp and the solutions' pure functions) pass."""

from __future__ import annotations

import subprocess

from .conftest import ROOT, built


def test_unit_tests_pass():
    built(ROOT / "build" / "CTestTestfile.cmake")
    run = subprocess.run(
        ["ctest", "--test-dir", "build", "-L", "unit", "-LE", "impl:labs", "--output-on-failure"],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-6000:]
    assert "tests passed" in output and "No tests were found" not in output, output[-2000:]

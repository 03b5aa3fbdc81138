"""./lab release writes the student repository: no solutions, no instructor-only parts, and
it builds (the command itself configures and builds it in a temporary directory)."""

from __future__ import annotations

import subprocess

from .conftest import ROOT


def test_release_has_no_solutions_and_builds(tmp_path):
    target = tmp_path / "student"
    run = subprocess.run([str(ROOT / "lab"), "release", str(target)], cwd=tmp_path,
                         capture_output=True, text=True, timeout=1200)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-4000:]
    assert "release: it builds" in output
    for gone in ("solutions", "tests/project", ".ci"):
        assert not (target / gone).exists(), f"{gone} is in the release"
    for kept in ("lab", "CMakeLists.txt", "labs.cmake", "harness/cli.py", "tests/labs/conftest.py"):
        assert (target / kept).exists(), f"{kept} is missing from the release"
    assert (target / "lab").stat().st_mode & 0o111, "./lab lost its execute bit"
    for lab in (ROOT / "labs").iterdir() if (ROOT / "labs").is_dir() else []:
        assert (target / "labs" / lab.name).is_dir()

"""./lab release writes the student repository: no solutions, no instructor-only parts, no
hidden tests, and it builds (the command itself configures and builds it in a temporary
directory)."""

from __future__ import annotations

import subprocess

from harness import release
from harness import rubric as rubrics

from . import hidden_lab
from .conftest import LABS, ROOT


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
    for lab in LABS:  # the student's ./lab check and ./lab rubric read these
        rubrics.load_lab(target, lab)
        assert rubrics.check_handout(target, lab) is None


# --- hidden tests, on the fake lab of hidden_lab.py ----------------------------------------------

def test_the_release_leaves_out_every_trace_of_the_hidden_tests(tmp_path):
    root, target = hidden_lab.make(tmp_path / "repo"), tmp_path / "student"
    files = release.write_release(root, target)
    for name in hidden_lab.HIDDEN_FILES + ["solutions/demo/main.cpp"]:
        assert name not in files and not (target / name).exists(), f"{name} is in the release"
    for name in ("tests/labs/test_demo.py", "tests/unit/demo/parse_test.cpp", "labs/demo/main.cpp"):
        assert (target / name).read_bytes() == (root / name).read_bytes()
    assert not (target / "tests" / "labs" / "hidden").exists()
    assert not (target / "tests" / "unit" / "demo" / "hidden").exists()
    # grep -r: not one word of a hidden entry, in any file
    for path in (p for p in target.rglob("*") if p.is_file()):
        text = path.read_text(errors="replace")
        for word in hidden_lab.HIDDEN_WORDS:
            assert word not in text, f"{path.relative_to(target)} has '{word}'"
    assert release.hidden_mentions(root, target) == []


def test_the_released_rubric_loads_and_its_handout_shows_the_hidden_points(tmp_path):
    root, target = hidden_lab.make(tmp_path / "repo"), tmp_path / "student"
    release.write_release(root, target)
    full, student = (rubrics.load_lab(where, hidden_lab.LAB) for where in (root, target))
    assert student.tests == full.without_hidden().tests
    assert [e.visibility for e in student.tests] == ["visible", "after_due_date"]
    assert (student.total, student.hidden_points) == (100, hidden_lab.HIDDEN_POINTS)
    assert rubrics.cross_check(student, rubrics.test_file(target, hidden_lab.LAB), target) == []
    assert rubrics.check_handout(target, hidden_lab.LAB) is None
    handout = (target / "labs" / "demo" / "README.md").read_text()
    assert "| hidden tests, graded by your instructor | | 20 |" in handout
    # A release of the release changes nothing more.
    again = tmp_path / "again"
    release.write_release(target, again)
    for name in ("tests/labs/demo.toml", "labs/demo/README.md"):
        assert (again / name).read_text() == (target / name).read_text()


def test_a_handout_that_quotes_a_hidden_test_is_pointed_out(tmp_path):
    root, target = hidden_lab.make(tmp_path / "repo"), tmp_path / "student"
    with (root / "labs" / "demo" / "README.md").open("a") as handout:
        handout.write("Mind test_secret_burst.\n")
    release.write_release(root, target)
    assert release.hidden_mentions(root, target) == [
        "labs/demo/README.md names the hidden test net:test_secret_burst"]

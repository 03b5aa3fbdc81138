"""Every rubric is valid, agrees with its tests, and matches its handout's table."""

from __future__ import annotations

import subprocess
import textwrap

import pytest

from harness import rubric as rubrics
from harness.rubric import RubricError

from . import hidden_lab
from .conftest import LABS, ROOT, built


@pytest.mark.parametrize("lab", LABS)
def test_rubric_loads_and_totals_100(lab):
    rubric = rubrics.load_lab(ROOT, lab)  # raises, naming the file, when anything is wrong
    assert rubric.total == 100
    assert rubric.lab == lab


@pytest.mark.parametrize("lab", LABS)
def test_rubric_and_network_tests_agree(lab):
    rubric = rubrics.load_lab(ROOT, lab)
    problems = rubrics.cross_check(rubric, rubrics.test_file(ROOT, lab), ROOT)
    assert not problems, "\n".join(problems)


def gtest_names(binary) -> set[str]:
    """Suite.Name of every test in a GoogleTest binary (--gtest_list_tests)."""
    listing = subprocess.run([str(binary), "--gtest_list_tests"], capture_output=True, text=True,
                             timeout=30, check=True).stdout
    names, suite = set(), ""
    for line in listing.splitlines():
        if not line.strip():
            continue
        if not line.startswith(" "):
            suite = line.split("#")[0].strip()
        else:
            names.add(suite + line.split("#")[0].strip())
    return names


@pytest.mark.parametrize("lab", LABS)
def test_unit_ids_exist_in_the_solution_unit_tests(lab):
    rubric = rubrics.load_lab(ROOT, lab)
    units = rubric.of_kind("unit")
    if not units:
        pytest.skip(f"{lab}.toml grades no unit tests")
    names = gtest_names(built(ROOT / "build" / "solutions" / "tests" / f"{lab}-unit"))
    missing = [entry.id for entry in units if entry.name not in names]
    assert not missing, f"not in {lab}-unit: {', '.join(missing)}"


@pytest.mark.parametrize("lab", LABS)
def test_handout_table_matches_the_rubric(lab):
    problem = rubrics.check_handout(ROOT, lab)
    assert problem is None, problem


# --- the rubric loader itself, on small files made here ---------------------------------------

def write(tmp_path, text, name="demo.toml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


GOOD = """\
    lab = "demo"
    [[test]]
    id = "unit:Parse.Short"
    title = "a short packet is rejected"
    points = 40
    hint = "check the length first"
    [[test]]
    id = "net:test_reply"
    title = "a reply"
    points = 60
    hint = "match the identifier"
"""


def test_a_good_rubric_loads(tmp_path):
    rubric = rubrics.load(write(tmp_path, GOOD))
    assert [(e.kind, e.name, e.points) for e in rubric.tests] == [
        ("unit", "Parse.Short", 40), ("net", "test_reply", 60)]
    assert rubric.topology == "pair"


@pytest.mark.parametrize("change, complaint", [
    (("points = 60", "points = 55"), "points total 95, must be 100"),
    (('id = "net:test_reply"', 'id = "net:reply"'), "id must be"),
    (('id = "net:test_reply"', 'id = "unit:Parse.Short"'), "appears twice"),
    (('hint = "match the identifier"', ""), "missing hint"),
    (('points = 60', 'points = "60"'), "whole number"),
    (('lab = "demo"', 'lab = "other"'), "file is named demo.toml"),
    (('title = "a reply"', 'titel = "a reply"'), "unknown key"),
])
def test_a_bad_rubric_is_an_error_naming_the_file(tmp_path, change, complaint):
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(RubricError) as error:
        rubrics.load(path)
    assert str(path) in str(error.value) and complaint in str(error.value)


def test_cross_check_names_both_directions(tmp_path):
    rubric = rubrics.load(write(tmp_path, GOOD))
    tests = tmp_path / "test_demo.py"
    tests.write_text("def helper():\n    pass\n\ndef test_other(story):\n    pass\n")
    problems = rubrics.cross_check(rubric, tests)
    assert any("net:test_reply is not a test function" in p for p in problems)
    assert any("test_other is not in" in p for p in problems)


def test_handout_table_is_rendered_checked_and_refreshed(tmp_path):
    (tmp_path / "tests" / "labs").mkdir(parents=True)
    write(tmp_path / "tests" / "labs", GOOD)
    handout = tmp_path / "labs" / "demo" / "README.md"
    handout.parent.mkdir(parents=True)
    handout.write_text(f"# Demo\n\n{rubrics.TABLE_BEGIN}\nold\n{rubrics.TABLE_END}\n\nafter\n")
    assert "differs" in rubrics.check_handout(tmp_path, "demo")
    assert rubrics.refresh_handout(tmp_path, "demo") is True
    assert rubrics.check_handout(tmp_path, "demo") is None
    assert rubrics.refresh_handout(tmp_path, "demo") is False
    text = handout.read_text()
    assert "| a short packet is rejected | unit test | 40 |" in text
    assert "| **Total** | | **100** |" in text and text.endswith("after\n")


# --- visibility and hidden tests, on the fake lab of hidden_lab.py ------------------------------

def test_visibility_is_read_and_hidden_points_counted(tmp_path):
    root = hidden_lab.make(tmp_path)
    rubric = rubrics.load_lab(root, hidden_lab.LAB)
    assert [(e.id, e.visibility) for e in rubric.tests] == [
        ("unit:Parse.Short", "visible"), ("net:test_reply", "after_due_date"),
        ("net:test_secret_burst", "hidden"), ("unit:Sealed.RejectsOverlongOption", "hidden")]
    assert [e.hidden for e in rubric.tests] == [False, False, True, True]
    assert (rubric.total, rubric.hidden_total, rubric.hidden_points) == (100, hidden_lab.HIDDEN_POINTS, 0)
    student = rubric.without_hidden()
    assert [e.id for e in student.tests] == ["unit:Parse.Short", "net:test_reply"]
    assert (student.total, student.hidden_total, student.hidden_points) == (100, 20, 20)


@pytest.mark.parametrize("change, complaint", [
    (('visibility = "after_due_date"', 'visibility = "after_published"'),
     "test 'net:test_reply': visibility 'after_published' is not one of visible, after_due_date, hidden"),
    (('visibility = "hidden"\n\n', 'visibility = "secret"\n\n'),
     "test 'net:test_secret_burst': visibility 'secret' is not one of"),
    (('lab = "demo"', 'lab = "demo"\nhidden_points = 20'), "this rubric has hidden tests of its own"),
])
def test_a_bad_visibility_is_an_error_naming_the_file_and_entry(tmp_path, change, complaint):
    path = hidden_lab.make(tmp_path) / "tests" / "labs" / "demo.toml"
    path.write_text(path.read_text().replace(*change, 1))
    with pytest.raises(RubricError) as error:
        rubrics.load(path)
    assert str(path) in str(error.value) and complaint in str(error.value)


def test_a_released_rubric_records_the_hidden_points(tmp_path):
    short = GOOD.replace("points = 60", "points = 45")
    with pytest.raises(RubricError, match="points total 85"):
        rubrics.load(write(tmp_path, short))
    rubric = rubrics.load(write(tmp_path, "hidden_points = 15\n" + short))
    assert (rubric.total, rubric.hidden_points, rubric.hidden_total) == (100, 15, 15)
    table = rubrics.render_markdown_table(rubric)
    assert "| hidden tests, graded by your instructor | | 15 |" in table
    assert table.rstrip().endswith("| **Total** | | **100** |")


def test_the_handout_table_never_names_a_hidden_test(tmp_path):
    root = hidden_lab.make(tmp_path)
    rubric = rubrics.load_lab(root, hidden_lab.LAB)
    assert rubrics.check_handout(root, hidden_lab.LAB) is None
    assert rubrics.render_markdown_table(rubric).splitlines() == [
        "| Check | Kind | Points |",
        "| --- | --- | ---: |",
        "| a short packet is rejected | unit test | 45 |",
        "| a reply to one request | network test, result shown after the due date | 35 |",
        "| hidden tests, graded by your instructor | | 20 |",
        "| **Total** | | **100** |"]
    # The student's copy of the rubric renders the same table.
    assert rubrics.render_markdown_table(rubric.without_hidden()) == rubrics.render_markdown_table(rubric)


def test_hidden_tests_and_hidden_entries_agree(tmp_path):
    root = hidden_lab.make(tmp_path)
    rubric = rubrics.load_lab(root, hidden_lab.LAB)
    assert rubrics.cross_check(rubric, rubrics.test_file(root, hidden_lab.LAB), root) == []


def _move(root, source, destination):
    """Append source's text to destination (made when missing) and delete source."""
    source, destination = root / source, root / destination
    destination.parent.mkdir(parents=True, exist_ok=True)
    old = destination.read_text() if destination.exists() else ""
    destination.write_text(old + source.read_text())
    source.unlink()


def hidden_test_in_the_students_file(root):
    _move(root, "tests/labs/hidden/test_demo_hidden.py", "tests/labs/test_demo.py")


def visible_test_in_a_hidden_file(root):
    _move(root, "tests/labs/test_demo.py", "tests/labs/hidden/test_demo_hidden.py")


def hidden_unit_test_not_marked_hidden(root):
    path = root / "tests/labs/demo.toml"
    text, mark = path.read_text(), 'visibility = "hidden"\n'
    at = text.rindex(mark)  # the last entry's: the hidden unit test
    path.write_text(text[:at] + text[at + len(mark):])


def hidden_unit_test_outside_the_hidden_directory(root):
    _move(root, "tests/unit/demo/hidden/sealed_test.cpp", "tests/unit/demo/sealed_test.cpp")


@pytest.mark.parametrize("mistake, complaint", [
    (hidden_test_in_the_students_file,
     "tests/labs/test_demo.py: test_secret_burst is marked hidden in tests/labs/demo.toml but "
     "students get this file (move it to tests/labs/hidden/test_demo_hidden.py)"),
    (visible_test_in_a_hidden_file,
     "tests/labs/hidden/test_demo_hidden.py: test_reply is in a hidden file but "
     "tests/labs/demo.toml does not mark it hidden (the release leaves this file out)"),
    (hidden_unit_test_not_marked_hidden,
     "tests/unit/demo/hidden/sealed_test.cpp: Sealed.RejectsOverlongOption is in a hidden file "
     "but tests/labs/demo.toml does not mark it hidden (the release leaves this file out)"),
    (hidden_unit_test_outside_the_hidden_directory,
     "tests/labs/demo.toml: unit:Sealed.RejectsOverlongOption is marked hidden but no TEST or "
     "TEST_F in tests/unit/demo/hidden/*.cpp declares it"),
], ids=["hidden-in-students-file", "visible-in-hidden-file", "hidden-unit-not-marked",
        "hidden-unit-not-in-hidden-dir"])
def test_cross_check_finds_what_would_leak_or_go_missing(tmp_path, mistake, complaint):
    root = hidden_lab.make(tmp_path)
    mistake(root)
    rubric = rubrics.load_lab(root, hidden_lab.LAB)
    problems = rubrics.cross_check(rubric, rubrics.test_file(root, hidden_lab.LAB), root)
    assert complaint in problems, "\n".join(problems)


@pytest.mark.parametrize("name, hidden", [
    ("tests/labs/hidden/test_ping_hidden.py", True),
    ("tests/unit/ping/hidden/burst_test.cpp", True),
    ("tests/unit/ping/hidden/frames.hpp", True),
    ("tests/labs/test_ping.py", False),
    ("tests/unit/ping/echo_test.cpp", False),
    ("tests/labs/hidden", False),
    ("labs/ping/hidden/main.cpp", False),
    ("tests/unit/hidden/x.cpp", False),
])
def test_which_paths_are_hidden(name, hidden):
    assert rubrics.is_hidden_path(name) is hidden

"""Every rubric is valid, agrees with its tests, and matches its handout's table."""

from __future__ import annotations

import subprocess
import textwrap

import pytest

from harness import rubric as rubrics
from harness.rubric import RubricError

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

"""Hostile submissions, graded in one batch with an honest one.

Each hostile submission is the ping solution with one attack added (hostile/attacks.cpp,
run by a global constructor in the unit-test program, or lines that break the build).
For every one of them: grading finishes, the honest submission's score is what it is
alone, nothing the submission started is left running, no file outside its build and
scratch directories changed, and what it tried to forge or steal gets it nothing.

The batch grades the unit tests only (the attacks run in the unit-test program or its
build); a second batch grades the network tests of an honest submission and of one
whose np-ping goes after the harness while the tests run (network_snoop).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from harness import sandbox
from harness.grade import grade_batch
from harness.rubric import Rubric, load_lab

from .conftest import ROOT, require_root

ATTACKS = Path(__file__).with_name("hostile") / "attacks.cpp"
# What each hostile submission adds to the ping solution: lines appended to a file (the
# unit tests link icmp_echo.cpp), or the name of an attack of hostile/attacks.cpp.
CASES = {
    "include_dev_zero": {"icmp_echo.cpp": '#include "/dev/zero"\n'},
    "include_outside": {"icmp_echo.cpp": f'#include "{ROOT}/solutions/ping/pinger.cpp"\n'
                                         '#include "../../../../../../etc/shadow"\n'},
    "read_solutions": "read_solutions",
    "fork_bomb": "fork_bomb",
    "memory_hog": "memory_hog",
    "output_flood": "output_flood",
    "disk_filler": "disk_filler",
    "escape_and_kill_all": "escape_and_kill_all",
    "fake_gtest_output": "fake_gtest_output",
    "define_main": {"cheat.cpp": "int main() { return 0; }\n"},
    "redefine_expect": {"icmp_echo.hpp": "#undef EXPECT_EQ\n#define EXP\\\nECT_EQ(a, b) (void)0\n"},
}
WATCHED = ["solutions", "tests/labs", "tests/unit", "harness", "labs", "common"]
# The batches use sandbox ids of their own (grading jobs HOSTILE_JOBS and up), so that what
# is left running can be told from what other runs on the machine have running.
HOSTILE_JOBS = 32


def submission(base: Path, name: str, additions: dict[str, str] | str) -> Path:
    lab = base / name / "ping"
    shutil.copytree(ROOT / "labs" / "ping", lab)
    shutil.copytree(ROOT / "solutions" / "ping", lab, dirs_exist_ok=True)
    if isinstance(additions, str):  # an attack, run by a global constructor
        additions = {"icmp_echo.cpp": f"#define NP_HOSTILE_ATTACK {additions}\n"
                                      f'#define NP_HOSTILE_REPOSITORY "{ROOT}"\n'
                                      + ATTACKS.read_text()}
    for name, text in additions.items():
        with open(lab / name, "a") as source:
            source.write("\n" + text)
    return base / name


def fingerprint() -> dict[str, str]:
    """A hash of every file the grader trusts, and the repository's top level."""
    found = {"top": " ".join(sorted(os.listdir(ROOT)))}
    for name in WATCHED:
        for path in sorted((ROOT / name).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                found[str(path)] = hashlib.sha1(path.read_bytes()).hexdigest()
    return found


def sandbox_processes() -> list[str]:
    """Processes on the machine whose owner is an id of the batches' sandboxes."""
    first = sandbox.ids_for(job=HOSTILE_JOBS).root
    left = []
    for name in os.listdir("/proc"):
        try:
            owner = os.stat(f"/proc/{name}").st_uid
            if name.isdigit() and first <= owner < first + 2 * sandbox.IDS_PER_JOB:
                left.append(Path(f"/proc/{name}/cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            continue
    return left


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    require_root()
    base = tmp_path_factory.mktemp("hostile")
    submission(base, "honest", {})
    for name, addition in CASES.items():
        submission(base, name, addition)
    full = load_lab(ROOT, "ping")
    units = Rubric(full.lab, full.path, full.of_kind("unit"), full.topology)
    before = fingerprint()
    # Two at once: a hostile submission must not reach the one graded beside it either.
    rows = dict(grade_batch(ROOT, base, ["ping"], rubrics={"ping": units}, jobs=2,
                            first_job=HOSTILE_JOBS))
    return {"rows": rows, "before": before, "after": fingerprint(), "units": units,
            "left": sandbox_processes()}


def lab_of(batch, name):
    run = batch["rows"][name]
    assert run.error is None, run.error
    return run.labs[0]


def stories(lab) -> str:
    return "\n".join(test.story for test in lab.tests) + lab.build_error


def test_every_submission_is_graded_and_the_honest_one_gets_full_marks(batch):
    assert sorted(batch["rows"]) == sorted(["honest", *CASES])
    honest = lab_of(batch, "honest")
    assert honest.score == batch["units"].total and honest.score > 0, stories(honest)


def test_nothing_is_left_running(batch):
    assert batch["left"] == []


@pytest.mark.parametrize("name", list(CASES))
def test_no_trusted_file_changed(batch, name):
    changed = [path for path in set(batch["before"]) | set(batch["after"])
               if batch["before"].get(path) != batch["after"].get(path)]
    assert changed == []


def test_including_dev_zero_fails_the_build_at_a_limit(batch):
    lab = lab_of(batch, "include_dev_zero")
    assert not lab.build_ok and lab.score == 0
    assert "limit" in lab.build_error, lab.build_error


def test_including_files_outside_the_submission_finds_nothing(batch):
    lab = lab_of(batch, "include_outside")
    assert not lab.build_ok and lab.score == 0
    assert "No such file" in lab.build_error, lab.build_error


def test_the_solutions_tests_and_results_are_out_of_reach(batch):
    # The attack ends its program (failing every test) as soon as it reads one; what it
    # wrote is looked for by test_no_trusted_file_changed.
    lab = lab_of(batch, "read_solutions")
    assert lab.score == batch["units"].total, stories(lab)


def test_a_fork_bomb_is_contained(batch):
    lab = lab_of(batch, "fork_bomb")
    assert lab.tests  # graded; whatever the bomb did ended with its run


def test_a_memory_hog_is_stopped_by_the_memory_limit(batch):
    lab = lab_of(batch, "memory_hog")
    assert lab.score == 0
    assert "memory limit" in stories(lab), stories(lab)


def test_a_flood_of_output_is_cut_off(batch):
    lab = lab_of(batch, "output_flood")
    assert lab.score == 0
    assert "printed more than" in stories(lab), stories(lab)


def test_a_disk_filler_is_stopped_by_the_disk_limit(batch):
    lab = lab_of(batch, "disk_filler")
    assert not lab.build_ok and lab.score == 0
    assert "disk limit" in lab.build_error, lab.build_error


def test_joining_the_host_network_and_killing_everything_achieve_nothing(batch):
    lab = lab_of(batch, "escape_and_kill_all")
    assert lab.score == batch["units"].total, stories(lab)


@pytest.fixture(scope="module")
def network_batch(tmp_path_factory):
    require_root()
    base = tmp_path_factory.mktemp("hostile-network")
    submission(base, "honest", {})
    submission(base, "network_snoop", "network_snoop")
    before = fingerprint()
    rows = dict(grade_batch(ROOT, base, ["ping"], first_job=HOSTILE_JOBS))
    return {"rows": rows, "before": before, "after": fingerprint(), "left": sandbox_processes()}


def test_a_program_under_test_cannot_reach_the_harness(network_batch):
    # np-ping ends with a status of its own as soon as one of its attacks works: reading
    # the solutions or the tests, signalling the harness, entering the machine's network.
    # Full marks mean that none did, and the tests went on; the trusted files unchanged
    # mean that its writes (the tests, the results) went nowhere.
    for name in ("honest", "network_snoop"):
        lab = lab_of(network_batch, name)
        assert lab.score == lab.max_score == 100, f"{name}:\n{stories(lab)}"
    assert network_batch["left"] == []
    assert network_batch["before"] == network_batch["after"]


def test_printing_gtest_success_lines_credits_nothing(batch):
    lab = lab_of(batch, "fake_gtest_output")
    assert lab.score == 0, stories(lab)


def test_a_main_in_the_library_scores_the_unit_tests_0_and_says_why(batch):
    lab = lab_of(batch, "define_main")
    assert lab.score == 0 and "main" in stories(lab), stories(lab)


def test_redefining_googletest_macros_scores_the_unit_tests_0_and_says_why(batch):
    lab = lab_of(batch, "redefine_expect")
    assert lab.score == 0 and "EXPECT_EQ" in stories(lab), stories(lab)

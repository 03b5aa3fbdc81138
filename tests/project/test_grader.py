"""The grader's machinery, on fakes: reports, the pytest plugin, unit and network runs with
their limits, a grader that fails half-way, and a submission that does not build."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import textwrap
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from harness import build as builder
from harness import grade as grader
from harness import report
from harness import rubric as rubrics
from harness.results import GradeRun, LabResult, TestResult
from harness.rubric import Entry, Rubric
from harness.story import GradedFailure, Story

from . import hidden_lab
from .conftest import ROOT

# --- the story ----------------------------------------------------------------------------


def test_a_failed_check_tells_the_story():
    story = Story()
    story.did("h1$ np-ping -c 1 10.0.0.2")
    story.did("h1$ np-ping -c 2 10.0.0.2")
    story.check(True, expected="never shown", saw="never shown")
    with pytest.raises(GradedFailure) as failure:
        story.check(False, expected="a reply line", saw="no output;\nexit status 1 after 10 s")
    assert str(failure.value) == (
        "did       h1$ np-ping -c 1 10.0.0.2\n"
        "          h1$ np-ping -c 2 10.0.0.2\n"
        "expected  a reply line\n"
        "saw       no output;\n"
        "          exit status 1 after 10 s")
    assert isinstance(failure.value, AssertionError)  # pytest counts it as a failure


def test_story_fail_without_steps():
    with pytest.raises(GradedFailure, match="^expected  x\nsaw       y$"):
        Story().fail(expected="x", saw="y")


# --- reports, from fake results -------------------------------------------------------------

UNIT = Entry("unit:Sum.Works", "sums add up", 30, "add the carries back")
NET = Entry("net:test_reply", "one echo reply over IPv4", 70, "is the identifier yours?")
STORY = "did       h1$ np-ping -c 1 10.0.0.2\nexpected  a reply line\nsaw       no output; exit status 1 after 10 s"


def fake_lab(name="ping", passed=(True, False)) -> LabResult:
    return LabResult(name, "labs", [TestResult(UNIT, passed[0], "" if passed[0] else STORY, 0.01),
                                    TestResult(NET, passed[1], "" if passed[1] else STORY, 2.5)],
                     duration=3.0)


def test_scoreboard_of_one_lab():
    board = report.scoreboard(GradeRun("labs", [fake_lab()], execution_time=3.0))
    lines = board.splitlines()
    assert lines[0] == "ping (labs):"
    assert lines[1].startswith("  ✓ sums add up ") and lines[1].endswith(" 30/30")
    assert lines[2].startswith("  ✗ one echo reply over IPv4 ") and lines[2].endswith(" 0/70")
    assert len(lines[1]) == len(lines[2]) == report.WIDTH  # points right-aligned
    assert lines[3:7] == ["      did       h1$ np-ping -c 1 10.0.0.2",
                          "      expected  a reply line",
                          "      saw       no output; exit status 1 after 10 s",
                          "      hint      is the identifier yours?"]
    assert lines[-1] == "Score: 30/100"
    assert "\033" not in board


def test_scoreboard_of_several_labs_ends_with_the_overall_score():
    run = GradeRun("labs", [fake_lab("ping"), fake_lab("traceroute", (True, True))])
    lines = report.scoreboard(run).splitlines()
    assert lines.count("Score: 30/100") == 1 and "Score: 100/100" in lines
    assert lines[-1] == "Score: 130/200"
    assert "\033[" in report.scoreboard(run, color=True)


def test_a_lab_that_did_not_build_shows_the_compiler_error_once():
    lab = LabResult("ping", "labs", [TestResult(UNIT, False, "did not run: the lab did not build"),
                                     TestResult(NET, False, "did not run: the lab did not build")],
                    build_ok=False, build_error="labs/ping/main.cpp:3:1: error: expected ';'")
    lines = report.lab_scoreboard(lab).splitlines()
    assert lines[:2] == ["  the build failed:", "      labs/ping/main.cpp:3:1: error: expected ';'"]
    assert [line[:4] for line in lines[2:4]] == ["  ✗ ", "  ✗ "] and lines[-1] == "Score: 0/100"
    assert len(lines) == 5


def test_results_json_follows_gradescope():
    run = GradeRun("labs", [fake_lab()], execution_time=3.04)
    data = report.gradescope(run)
    assert (data["score"], data["max_score"], data["execution_time"]) == (30, 100, 3.0)
    assert [t["name"] for t in data["tests"]] == ["ping: sums add up", "ping: one echo reply over IPv4"]
    for test in data["tests"]:
        assert set(test) >= {"name", "score", "max_score", "output", "visibility"}
        assert test["visibility"] == "visible"
    failed = data["tests"][1]
    assert (failed["score"], failed["max_score"]) == (0, 70)
    assert failed["output"] == STORY + "\nhint      is the identifier yours?"
    assert data["output"].endswith("Score: 30/100")


def test_junit_xml():
    suites = ET.fromstring(report.junit(GradeRun("labs", [fake_lab()])))
    assert (suites.get("tests"), suites.get("failures")) == ("2", "1")
    cases = suites.findall("testsuite/testcase")
    assert [c.get("classname") for c in cases] == ["ping.unit", "ping.net"]
    assert cases[0].find("failure") is None
    failure = cases[1].find("failure")
    assert failure.get("message") == "0/70: one echo reply over IPv4" and "expected  a reply line" in failure.text


def test_batch_csv_one_row_per_submission():
    rows = [("alice", GradeRun("x", [fake_lab("ping")])),
            ("bob", GradeRun("y", [fake_lab("ping", (True, True))]))]
    table = list(csv.reader(io.StringIO(report.batch_csv(rows, ["ping", "traceroute"]))))
    assert table == [["submission", "ping", "traceroute", "total", "status"],
                     ["alice", "30", "0", "30", "graded"], ["bob", "100", "0", "100", "graded"]]


def test_results_json_carries_each_tests_visibility():
    entries = [Entry("unit:A.B", "seen", 50, ""), Entry("net:test_c", "seen later", 30, "", "after_due_date"),
               Entry("net:test_d", "never seen", 20, "", "hidden")]
    lab = LabResult("demo", "labs", [TestResult(entry, False, STORY) for entry in entries],
                    errors=["tests/labs/hidden/test_demo_hidden.py: test_e is not in demo.toml",
                            "the harness's np-nfqdelay did not build"])
    tests = report.gradescope(GradeRun("labs", [lab]))["tests"]
    assert [(t["name"], t["visibility"]) for t in tests] == [
        ("demo: seen", "visible"), ("demo: seen later", "after_due_date"),
        ("demo: never seen", "hidden"),
        ("demo: grader note", "hidden"),  # it names a hidden test
        ("demo: grader note", "visible")]
    cases = ET.fromstring(report.junit(GradeRun("labs", [lab]))).findall("testsuite/testcase")
    assert [c.find("properties/property[@name='visibility']").get("value") for c in cases] == [
        "visible", "after_due_date", "hidden"]


# --- unit test runs: fake GoogleTest programs ------------------------------------------------

FAKE_GTEST = r"""#!/usr/bin/python3
# A stand-in for a unit-test program with tests/unit/gtest_main.cpp's report: behaviour
# chosen by MODE below.
import json, os, signal, sys, time
MODE = "{mode}"
fd = int(os.environ["NP_UNIT_REPORT_FD"])
names = next(a.split("=", 1)[1] for a in sys.argv if a.startswith("--gtest_filter=")).split(":")

def report(**record):
    os.write(fd, (json.dumps(record) + "\n").encode())

if MODE == "crash_at_start":
    os.kill(os.getpid(), signal.SIGSEGV)
if MODE == "forge":  # what a student main or global constructor could print
    for name in names:
        print("[ RUN      ] " + name + "\n[       OK ] " + name + " (0 ms)", flush=True)
    os._exit(0)
for name in names:
    if name not in ("Sum.Works", "Sum.Carries"):
        continue
    report(event="start", name=name)
    print("[ RUN      ] " + name, flush=True)
    if name == "Sum.Carries" or MODE == "crash_all":
        if MODE in ("crash", "crash_all"):
            os.kill(os.getpid(), signal.SIGSEGV)
        if MODE == "hang":
            time.sleep(600)
        if MODE == "flood":
            while True:
                sys.stdout.write("x" * 4096)
        if MODE == "flood_report":
            while True:
                os.write(fd, b"x" * 4096)
        if MODE == "exit":
            sys.exit(0)
    if name == "Sum.Works":
        report(event="end", name=name, passed=True, skipped=False, failure="", seconds=0.001)
        print("[       OK ] " + name + " (0 ms)", flush=True)
    else:
        failure = "sum_test.cpp:9\nExpected equality of these values:\n  add(1, 2)\n    Which is: 4\n  3"
        report(event="end", name=name, passed=False, skipped=False, failure=failure, seconds=0.0)
        print("[  FAILED  ] " + name + " (0 ms)", flush=True)
if MODE == "no_done":
    sys.exit(1)
report(event="done")
if MODE == "crash_at_exit":
    os.kill(os.getpid(), signal.SIGABRT)
sys.exit(1)
"""

UNIT_ENTRIES = [Entry("unit:Sum.Works", "sums", 10, ""), Entry("unit:Sum.Carries", "carries", 10, ""),
                Entry("unit:Sum.Overflow", "overflow", 10, "")]


def fake_gtest(tmp_path, mode) -> Path:
    path = tmp_path / "demo-unit"
    path.write_text(FAKE_GTEST.format(mode=mode))
    # Run by root inside the sandbox, which is not their owner: readable and runnable by all.
    path.chmod(0o755)
    tmp_path.chmod(0o755)
    return path


def unit_results(tmp_path, mode, **kwargs) -> list[TestResult]:
    results = grader.run_unit_tests(ROOT, fake_gtest(tmp_path, mode), UNIT_ENTRIES, **kwargs)
    return [results[entry.id] for entry in UNIT_ENTRIES]


def test_unit_results_come_from_the_report(tmp_path):
    works, carries, overflow = unit_results(tmp_path, "normal")
    assert works.passed and works.duration == 0.001 and not works.story
    assert not carries.passed and not overflow.passed
    assert carries.story.startswith("did       ran the unit test Sum.Carries")
    assert "expected  every assertion to hold" in carries.story
    assert "add(1, 2) is 4, expected 3  (sum_test.cpp:9)" in carries.story
    assert "has no test named Sum.Overflow" in overflow.story


def test_ok_lines_on_stdout_without_a_report_earn_nothing(tmp_path):
    results = unit_results(tmp_path, "forge")
    assert not any(result.passed for result in results)
    assert all("did not run: the unit test program exited with status 0 before starting any "
               "test" in result.story for result in results)


def test_a_crash_fails_only_the_test_it_hit(tmp_path):
    works, carries, overflow = unit_results(tmp_path, "crash")
    assert works.passed  # from the re-run without Sum.Carries
    assert "the unit test program was killed by SIGSEGV while running this test" in carries.story
    assert "has no test named Sum.Overflow" in overflow.story


def test_a_test_that_exits_fails_and_the_others_are_re_run(tmp_path):
    works, carries, _ = unit_results(tmp_path, "exit")
    assert works.passed
    assert "exited with status 0 while running this test" in carries.story


def test_a_run_that_does_not_end_normally_counts_for_nothing(tmp_path):
    for mode, saw in (("crash_at_exit", "was killed by SIGABRT after its tests had run"),
                      ("no_done", "exited with status 1 after the test Sum.Carries, before "
                                  "finishing its report"),
                      ("crash_at_start", "did not run: the unit test program was killed by "
                                         "SIGSEGV before starting any test")):
        results = unit_results(tmp_path, mode)
        assert not any(result.passed for result in results), mode
        assert all(saw in result.story for result in results), (mode, results[0].story)


def test_re_runs_are_bounded(tmp_path):
    works, carries, overflow = unit_results(tmp_path, "crash_all", reruns=1)
    assert "killed by SIGSEGV while running this test" in works.story
    assert "killed by SIGSEGV while running this test" in carries.story
    assert not overflow.passed
    assert ("did not run: the unit test program ended abnormally in all 2 runs the grader gives "
            "it (the last one was killed by SIGSEGV while running Sum.Carries)") in overflow.story


def test_a_hanging_unit_test_is_cut_off_and_the_others_still_run(tmp_path):
    started = time.monotonic()
    works, carries, _ = unit_results(tmp_path, "hang", timeout=4)
    assert time.monotonic() - started < 15
    assert works.passed
    assert "timed out after 2 s while running this test" in carries.story


def test_a_flooding_unit_test_is_cut_off_and_the_others_still_run(tmp_path):
    started = time.monotonic()
    works, carries, _ = unit_results(tmp_path, "flood", timeout=60, output_limit=64 << 10)
    assert time.monotonic() - started < 15
    assert works.passed
    assert "printed more than 64 KiB and was stopped while running this test" in carries.story


def test_a_flooded_report_is_cut_off_and_the_others_still_run(tmp_path):
    started = time.monotonic()
    works, carries, _ = unit_results(tmp_path, "flood_report", timeout=60)
    assert time.monotonic() - started < 15
    assert works.passed
    assert "sent more than 4 MiB of test report and was stopped while running this test" in carries.story


def test_a_unit_program_that_was_not_built(tmp_path):
    results = grader.run_unit_tests(ROOT, tmp_path / "missing-unit", UNIT_ENTRIES)
    assert all("did not run: the unit test program missing-unit was not built" in r.story
               for r in results.values())


# --- network tests: the plugin and the pytest run, on a fake lab ------------------------------

FAKE_NET_TESTS = '''
import os, time
import pytest

def test_passes(impl_bin, tool, story):
    assert os.environ["PATH"].split(os.pathsep)[0] == str(impl_bin)
    assert tool("np-demo").endswith("/np-demo")

def test_story_fails(story):
    story.did("h1$ np-demo 10.0.0.2")
    story.check(False, expected="a reply", saw="no output; exit status 1 after 10 s")

def test_plain_assert(story):
    story.did("h1$ np-demo -x")
    assert 1 + 1 == 3, "arithmetic"

def test_tool_missing(tool):
    tool("np-missing")

@pytest.mark.parametrize("n", [1, 2])
def test_param(n):
    assert n == 1

def test_hangs():
    if os.environ.get("FAKE_HANG"):
        time.sleep(600)

def test_after_hang():
    pass
'''

NET_ENTRIES = [Entry(f"net:{name}", name, 10, "") for name in (
    "test_passes", "test_story_fails", "test_plain_assert", "test_tool_missing", "test_param",
    "test_hangs", "test_after_hang")]


@pytest.fixture
def fake_lab_tests(tmp_path):
    labs = tmp_path / "tests" / "labs"
    labs.mkdir(parents=True)
    (labs / "test_demo.py").write_text(FAKE_NET_TESTS)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    tool = bin_dir / "np-demo"
    tool.write_text("#!/bin/sh\nexit 0\n")
    tool.chmod(0o755)
    return labs / "test_demo.py", bin_dir


def test_plugin_writes_one_line_per_test(fake_lab_tests, tmp_path):
    tests, bin_dir = fake_lab_tests
    results = tmp_path / "out.jsonl"
    import subprocess
    subprocess.run([grader.PYTHON, "-m", "pytest", str(tests), "--impl-bin", str(bin_dir),
                    "--np-results", str(results), "-q", "-p", "no:cacheprovider",
                    "-p", "harness.pytest_plugin"],
                   cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, timeout=120)
    records = {r["nodeid"].split("::")[-1]: r for r in grader.read_results(results)}
    assert set(records) == {"test_passes", "test_story_fails", "test_plain_assert", "test_tool_missing",
                            "test_param[1]", "test_param[2]", "test_hangs", "test_after_hang"}
    assert records["test_passes"]["outcome"] == "passed"
    assert records["test_story_fails"]["message"] == (
        "did       h1$ np-demo 10.0.0.2\nexpected  a reply\nsaw       no output; exit status 1 after 10 s")
    plain = records["test_plain_assert"]
    assert plain["outcome"] == "failed" and plain["message"].startswith("did       h1$ np-demo -x\nerror     AssertionError: arithmetic")
    assert records["test_tool_missing"]["outcome"] == "skipped"
    assert "np-missing was not built" in records["test_tool_missing"]["message"]
    assert records["test_param[2]"]["name"] == "test_param"
    assert all(set(r) == {"nodeid", "name", "outcome", "duration", "message"} for r in records.values())


def test_network_results_map_onto_the_rubric(fake_lab_tests):
    tests, bin_dir = fake_lab_tests
    results, extra = grader.run_net_tests(ROOT, tests, bin_dir, NET_ENTRIES[:-1])
    outcome = {entry_id[4:]: r.passed for entry_id, r in results.items()}
    assert outcome == {"test_passes": True, "test_story_fails": False, "test_plain_assert": False,
                       "test_tool_missing": False, "test_param": False, "test_hangs": True}
    assert results["net:test_tool_missing"].story.startswith("did not run: np-missing was not built")
    assert results["net:test_param"].story.startswith("[test_param[2]]")
    assert extra == ["test_after_hang"]  # ran, but the rubric does not know it: the instructor hears


def test_a_hanging_network_run_is_cut_off_and_earlier_results_kept(fake_lab_tests, monkeypatch):
    tests, bin_dir = fake_lab_tests
    monkeypatch.setenv("FAKE_HANG", "1")
    started = time.monotonic()
    results, _ = grader.run_net_tests(ROOT, tests, bin_dir, NET_ENTRIES, timeout=5, interrupt_grace=2)
    assert time.monotonic() - started < 30
    assert results["net:test_passes"].passed
    assert not results["net:test_hangs"].passed
    assert "time limit" in results["net:test_after_hang"].story


# --- the whole grader: a crash half-way, and a submission that does not build -----------------

def fake_root(tmp_path) -> Path:
    root = tmp_path / "repo"
    (root / "tests" / "labs").mkdir(parents=True)
    for lab in ("first", "second"):
        (root / "tests" / "labs" / f"{lab}.toml").write_text(textwrap.dedent(f"""\
            lab = "{lab}"
            [[test]]
            id = "unit:A.B"
            title = "{lab} works"
            points = 100
            hint = ""
            """))
    return root


def test_results_json_is_written_when_the_grader_crashes_half_way(tmp_path, monkeypatch):
    root = fake_root(tmp_path)
    monkeypatch.setattr(builder, "configure", lambda *a, **k: None)
    monkeypatch.setattr(builder, "build_helpers", lambda *a, **k: None)
    monkeypatch.setattr(builder, "build_lab", lambda root, impl, lab, **k: builder.LabBuild(
        lab, True, tmp_path, tmp_path))

    def grade_lab(root, rubric, lab_build, impl_label, **kwargs):
        if rubric.lab == "second":
            raise RuntimeError("the grader broke")
        return LabResult(rubric.lab, impl_label, [TestResult(rubric.tests[0], True)])

    monkeypatch.setattr(grader, "grade_lab", grade_lab)
    results = tmp_path / "results.json"
    with pytest.raises(RuntimeError):
        grader.grade(root, ["first", "second"], "labs", json_path=results,
                     junit_path=tmp_path / "junit.xml")
    data = json.loads(results.read_text())
    assert (data["score"], data["max_score"]) == (100, 200)
    names = [t["name"] for t in data["tests"]]
    assert names[0] == "first: first works" and names[1] == "second: second works"
    assert data["tests"][1]["output"] == "did not run: grading stopped before this lab"
    assert names[-1] == "grader error" and "the grader broke" in data["tests"][-1]["output"]
    assert ET.parse(tmp_path / "junit.xml").getroot().get("errors") == "1"


def test_a_submission_that_does_not_build_scores_0_and_grading_goes_on(tmp_path):
    batch = tmp_path / "batch"
    broken = batch / "alice" / "ping"
    broken.mkdir(parents=True)
    (broken / "main.cpp").write_text("int main() { return undeclared_thing; }\n")
    (batch / "bob").mkdir()  # handed in nothing
    csv_path = tmp_path / "grades.csv"
    rubric = Rubric("ping", tmp_path / "ping.toml", [Entry("net:test_reply_v4", "a reply", 100, "")])
    rows = grader.grade_batch(ROOT, batch, ["ping"], csv_path=csv_path, rubrics={"ping": rubric})
    alice, bob = (run.labs[0] for _, run in rows)
    assert not alice.build_ok and alice.score == 0 and alice.max_score == 100
    assert "labs/ping/main.cpp" in alice.build_error and "undeclared_thing" in alice.build_error
    assert not bob.build_ok and "no" in bob.build_error and bob.score == 0
    assert all(run.error is None for _, run in rows)
    assert list(csv.reader(csv_path.open())) == [["submission", "ping", "total", "status"],
                                                 ["alice", "0", "0", "build failed (ping)"],
                                                 ["bob", "0", "0", "build failed (ping)"]]
    assert not list((ROOT / "build").glob("sub-alice-*"))  # the build was removed after grading


def test_a_lab_handed_in_without_the_lab_it_builds_on_uses_the_course_skeleton(tmp_path):
    """icmpd links the daemons lab's library (LIBS lab:daemons): a submission of icmpd
    alone still builds, on labs/daemons, instead of failing with an unknown target."""
    submission = tmp_path / "sub"
    shutil.copytree(ROOT / "labs" / "icmpd", submission / "icmpd")
    build = tmp_path / "build"
    configure = subprocess.run(
        ["cmake", "-S", str(ROOT), "-B", str(build), "-G", "Ninja", f"-DNP_LABS_DIR={submission}",
         "-DNP_WITH_SOLUTIONS=OFF"], capture_output=True, text=True, timeout=300)
    assert configure.returncode == 0, configure.stderr[-2000:]
    assert "building on the course's skeleton of it (labs/daemons)" in configure.stdout
    compile_ = subprocess.run(["cmake", "--build", str(build), "--target", "labs-np-icmpd"],
                              capture_output=True, text=True, timeout=600)
    assert compile_.returncode == 0, compile_.stdout[-2000:]
    assert (build / "labs" / "bin" / "np-icmpd").is_file()


# --- the lab command ------------------------------------------------------------------------

@pytest.mark.parametrize("argv", [["setup"], ["test"]])
def test_commands_that_need_root_say_what_to_type(argv, monkeypatch, capsys):
    from harness import cli, machine_setup

    monkeypatch.setattr(machine_setup, "is_root", lambda: False)
    with pytest.raises(SystemExit) as end:
        cli.main(argv)
    assert end.value.code == 1
    assert capsys.readouterr().err.strip() == f"This needs root: run it as 'sudo ./lab {' '.join(argv)}'."


@pytest.mark.parametrize("argv", [["grade"], ["check", "ping"], ["shell", "ping"]])
def test_grading_needs_no_root_but_user_namespaces(argv, monkeypatch):
    from harness import cli, machine_setup, sandbox

    monkeypatch.setattr(machine_setup, "is_root", lambda: False)
    disabled = ("user namespaces are disabled on this machine (max_user_namespaces = 0): as "
                "root, run 'sysctl -w user.max_user_namespaces=15000', or grade as root")
    monkeypatch.setattr(sandbox, "user_namespaces", lambda: (False, disabled))
    with pytest.raises(SystemExit) as end:
        cli.main(argv)
    said = str(end.value.code)
    assert said == f"{disabled}; or run it as root: 'sudo ./lab {' '.join(argv)}'"


def test_bench_invents_no_numbers(capsys):
    from harness import cli

    assert cli.main(["bench", "no-such-lab"]) == 0
    assert capsys.readouterr().out.strip() == "no benchmarks yet for no-such-lab"


@pytest.mark.parametrize("arg, named", [
    ("tests/harness", True), ("tests/project/test_grader.py", True),
    ("tests/project/test_grader.py::test_junit_xml", True), ("-k", False), ("sandbox", False),
    ("harness", False), ("tests/no-such-suite", False), ("--durations=10", False),
])
def test_lab_test_runs_the_tests_named_alone(arg, named):
    from harness import cli

    assert cli.names_tests(arg) is named


def test_help_lists_the_labs_present_in_course_order(tmp_path):
    from harness import cli

    for lab in ("zeta-extra", "multicast", "ping", "event-loop"):
        (tmp_path / "labs" / lab).mkdir(parents=True)
    (tmp_path / "labs" / "README.md").write_text("not a lab")
    said = cli.parser(tmp_path).format_help().splitlines()[-1]
    assert said == "Labs, in course order: event-loop, ping, multicast, zeta-extra"
    assert cli.parser(tmp_path / "empty").format_help().splitlines()[-1] == (
        "Labs, in course order: (none yet)")


# --- hidden tests: the instructor's grade runs them, a student's release counts them apart ----

HIDDEN_FAILS = """
def test_secret_burst(story):
    story.did("h1$ np-demo --burst 1000")
    story.check(False, expected="1000 replies in order", saw="reply 17 before reply 16")
"""


@pytest.fixture
def hidden_lab_tests(tmp_path):
    """The demo lab's network tests (its unit tests need a build: left out), np-demo built."""
    root = hidden_lab.make(tmp_path / "repo")
    shutil.rmtree(root / "tests" / "unit")
    (root / "tests" / "labs" / "hidden" / "test_demo_hidden.py").write_text(HIDDEN_FAILS)
    full = rubrics.load_lab(root, hidden_lab.LAB)
    rubric = Rubric(full.lab, full.path, full.of_kind("net"))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    return rubric, root / "tests" / "labs", builder.LabBuild(hidden_lab.LAB, True, bin_dir, tmp_path)


def test_the_instructors_grade_runs_the_hidden_tests(hidden_lab_tests):
    rubric, tests_dir, lab_build = hidden_lab_tests
    result = grader.grade_lab(ROOT, rubric, lab_build, "labs", tests_dir=tests_dir)
    assert result.errors == []
    outcomes = {test.entry.id: (test.passed, test.entry.visibility) for test in result.tests}
    assert outcomes == {"net:test_reply": (True, "after_due_date"),
                        "net:test_secret_burst": (False, "hidden")}
    assert "saw       reply 17 before reply 16" in result.tests[1].story
    assert (result.score, result.max_score, result.hidden_points) == (35, 50, 0)


def test_a_hidden_test_alone_runs_with_the_labs_fixtures(hidden_lab_tests):
    """-k picking only a hidden test gives pytest only the hidden file: the plugin's fixtures
    (story) must still apply."""
    rubric, tests_dir, lab_build = hidden_lab_tests
    result = grader.grade_lab(ROOT, rubric, lab_build, "labs", keyword="burst", tests_dir=tests_dir)
    assert [test.entry.id for test in result.tests] == ["net:test_secret_burst"]
    assert result.tests[0].story.startswith("did       h1$ np-demo --burst 1000")


def test_a_students_release_scores_out_of_the_visible_points(tmp_path):
    student = rubrics.load_lab(hidden_lab.make(tmp_path), hidden_lab.LAB).without_hidden()
    lab_build = builder.LabBuild(hidden_lab.LAB, False, tmp_path, tmp_path, "main.cpp:1: error")
    result = grader.grade_lab(tmp_path, student, lab_build, "labs")
    assert (result.max_score, result.hidden_points) == (80, 20)
    lines = report.lab_scoreboard(result).splitlines()
    assert lines[-2:] == ["  hidden tests, graded by your instructor: 20 points", "Score: 0/80"]


def test_a_build_error_in_a_hidden_unit_test_is_not_quoted():
    # What g++ prints when a submission includes a hidden test to have its lines quoted.
    log = ("FAILED: CMakeFiles/labs-ping.dir/labs/ping/icmp_echo.cpp.o\n"
           f"In file included from {ROOT}/labs/ping/icmp_echo.cpp:3:\n"
           f"{ROOT}/tests/unit/ping/hidden/secret_test.cpp:12:5: error: 'expected' was not "
           "declared in this scope\n   12 |     EXPECT_EQ(expected, 42);  // the secret\n")
    impl = builder.resolve_impl(ROOT, "labs")
    said = builder.first_error_lines(log, ROOT, impl)
    assert said == builder.HIDDEN_BUILD_FAILED
    assert "secret" not in said

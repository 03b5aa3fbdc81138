"""The grader: build an implementation, run each lab's graded tests, score them by the rubric.

    run = grade(root, ["ping"], "labs", json_path=Path("results.json"))
    run.score, run.max_score, run.labs[0].tests[0].passed

Per lab: build it (a compile error scores the lab 0 and grading goes on); check that the
code the unit tests link leaves GoogleTest alone (harness/integrity.py: a violation scores
every unit test 0); run the unit tests (<impl>/tests/<lab>-unit, GoogleTest, outcomes only
from the report its trusted main writes on a pipe, re-run without a test that crashed);
run the network tests (tests/labs/test_<lab>.py, and the instructor's hidden ones in
tests/labs/hidden/test_<lab>_hidden.py when there are any, under pytest in one subprocess
with an overall time limit; the harness limits each command inside); map the outcomes onto
the rubric. Every rubric entry gets a result: one that did not run fails with the reason.
Building, the integrity checks and the unit tests run in the sandbox (harness.sandbox).
results.json (and JUnit XML) is written after each lab and at the end, also when the
grader itself fails half-way.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import Callable

from . import build as builder
from . import integrity, limits, report, sandbox, unit_report, zone
from .bounded import Bounded, bounded_run, describe_end
from .rubric import (Entry, Rubric, RubricError, cross_check, hidden_test_file_beside, load_lab,
                     net_test_functions, test_file)
from .results import GradeRun, LabResult, Progress, TestResult
from .selection import keyword_matcher
from .story import labelled
from .unit_report import UnitReport

PYTHON = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else "python3"
UNIT_TIMEOUT = 120  # seconds for one lab's unit tests, re-runs included
UNIT_OUTPUT_LIMIT = 1 << 20
UNIT_RERUNS = 5  # runs after one that ended abnormally, each without the test it ended in
UNIT_MIN_RUN = 1.0  # seconds: a re-run with less time left than this is not started
INTEGRITY_SHOWN = 5  # violations listed in each unit test's story
NET_OUTPUT_LIMIT = 4 << 20
NET_BASE_TIMEOUT = 120  # seconds for one lab's pytest run: this much ...
NET_PER_TEST_TIMEOUT = 90  # ... plus this much per network test
NET_INTERRUPT_GRACE = 30  # seconds pytest gets after SIGINT to tear its networks down
FAILURE_LINES = 12  # lines of a unit test's failure text kept in its story


# --- selection ----------------------------------------------------------------------------

def select(rubric: Rubric, keyword: str | None) -> list[Entry]:
    """The rubric's entries matching a pytest-style -k expression (all when None); a
    KeywordError when the expression is not one."""
    if not keyword:
        return list(rubric.tests)
    matches = keyword_matcher(keyword)
    return [entry for entry in rubric.tests if matches(f"{entry.id} {entry.title}")]


# --- unit tests ---------------------------------------------------------------------------

def _trim(text: str, root: Path, lines: int = FAILURE_LINES) -> str:
    text = text.replace(str(Path(root).resolve()) + "/", "").strip("\n")
    kept = text.splitlines()
    return "\n".join(kept[:lines] + (["…"] if len(kept) > lines else []))


def _how_it_ended(run: Bounded, report: UnitReport) -> str:
    """'was killed by SIGSEGV', 'exited with status 0', 'timed out after 60 s', … in words."""
    if report.flooded:
        return (f"sent more than {limits.size_text(unit_report.REPORT_LIMIT)} of test report "
                "and was stopped")
    if report.problem:
        return f"sent {report.problem} in its test report"
    if run.timed_out or run.flooded or run.status is None:
        return describe_end(run)
    if run.status < 0:
        return f"was {describe_end(run)}"
    return f"exited with status {run.status}"


def _where_it_stopped(report: UnitReport) -> str:
    """When a program that ended abnormally, outside any test, stopped."""
    if report.done:
        return "after its tests had run"
    if report.order:
        return f"after the test {report.order[-1]}, before finishing its report"
    return "before starting any test"


def run_unit_tests(root: Path, binary: Path, entries: list[Entry], timeout: float = UNIT_TIMEOUT,
                   output_limit: int = UNIT_OUTPUT_LIMIT,
                   reruns: int = UNIT_RERUNS) -> dict[str, TestResult]:
    """Run the rubric's unit tests; a result for every entry.

    Outcomes come only from the report tests/unit/gtest_main.cpp writes on a pipe
    (harness/unit_report.py), and only from a run that ended normally. When a run ends
    abnormally in a test, that test fails and the program runs again on the tests not
    decided yet (at most reruns times, all runs within timeout), so that one crashing
    test costs only itself.
    """
    results: dict[str, TestResult] = {}
    if not entries:
        return results
    shown = f"{binary.name} --gtest_filter=…"

    def story(entry: Entry, saw: str, expected: str | None = None) -> str:
        lines = labelled("did", f"ran the unit test {entry.name}  ({shown})")
        if expected:
            lines += labelled("expected", expected)
        return "\n".join(lines + labelled("saw", saw))

    if not binary.exists():
        for entry in entries:
            results[entry.id] = TestResult(entry, False, "\n".join(
                labelled("did", f"ran the unit test {entry.name}")
                + labelled("saw", f"did not run: the unit test program {binary.name} was not built")))
        return results

    pending = {entry.name: entry for entry in entries}  # not decided yet, in rubric order
    deadline = time.monotonic() + timeout
    last_abnormal = ""
    why_undecided = ""
    for attempt in range(reruns + 1):
        left = deadline - time.monotonic()
        if left < UNIT_MIN_RUN:
            why_undecided = (f"did not run: the unit tests' {timeout:g} s were used up by "
                             f"runs that ended abnormally (the last one {last_abnormal})")
            break
        # Half of what is left, so that a test that hangs leaves time to run the others.
        run_timeout = left if attempt == reruns else left / 2
        argv = [str(binary), "--gtest_color=no", "--gtest_filter=" + ":".join(pending)]
        run, report = unit_report.run_reporting(argv, timeout=run_timeout,
                                                output_limit=output_limit)
        if report.counts(run):
            for name, entry in pending.items():
                ended = report.ended.get(name)
                if ended is None:
                    results[entry.id] = TestResult(entry, False, story(
                        entry, f"did not run: {binary.name} has no test named {name}"))
                elif ended.passed:
                    results[entry.id] = TestResult(entry, True, "", ended.seconds)
                else:
                    text = _trim(unit_report.told(ended.failure), root)
                    saw = (f"the test skipped itself\n{text}".strip() if ended.skipped
                           else text or "the test failed")
                    results[entry.id] = TestResult(entry, False, story(
                        entry, saw, expected="every assertion to hold"), ended.seconds)
            pending = {}
            break
        ending = _how_it_ended(run, report)
        culprit = pending.pop(report.running, None) if report.running else None
        if culprit is None:
            where = _where_it_stopped(report)
            verdict = "did not run" if where.startswith("before") else "not counted"
            why_undecided = (f"{verdict}: the unit test program {ending} {where}; only a run "
                             "that ends normally, with its report finished, counts")
            break
        results[culprit.id] = TestResult(culprit, False, story(
            culprit, f"the unit test program {ending} while running this test",
            expected="the test to finish"))
        last_abnormal = f"{ending} while running {culprit.name}"
    else:
        if pending:
            why_undecided = (f"did not run: the unit test program ended abnormally in all "
                             f"{reruns + 1} runs the grader gives it (the last one "
                             f"{last_abnormal})")
    for entry in pending.values():
        results[entry.id] = TestResult(entry, False, story(entry, why_undecided))
    return results


def integrity_failures(lab: str, entries: list[Entry],
                       violations: list[integrity.Violation]) -> dict[str, TestResult]:
    """Every unit entry at 0, each story saying what the submission did."""
    shown = [str(violation) for violation in violations[:INTEGRITY_SHOWN]]
    if len(violations) > len(shown):
        shown.append(f"… and {len(violations) - len(shown)} more")
    results = {}
    for entry in entries:
        results[entry.id] = TestResult(entry, False, "\n".join(
            labelled("did", f"checked the code of {lab} before running its unit tests")
            + labelled("saw", "\n".join(shown))))
    return results


# --- network tests ------------------------------------------------------------------------

def read_results(path: Path) -> list[dict]:
    """The records the pytest plugin appended (JSON lines; a torn last line is skipped)."""
    records = []
    if not path.exists():
        return records
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and "name" in record and "outcome" in record:
            records.append(record)
    return records


def _network_run(root: Path, argv: list[str], scratch: Path, visible: list[Path], timeout: float,
                 output_limit: int, env: dict, interrupt_grace: float) -> Bounded:
    """pytest in the network tests' sandbox (harness/zone.py says how it is laid out), which
    shows the repository and the `visible` directories outside it (the tests and the tools,
    when they are elsewhere); or, with NP_SANDBOX=off, in the grader's own namespaces as
    before (a machine without user namespaces; never for untrusted code)."""
    if sandbox.disabled():
        return bounded_run(argv, timeout=timeout, output_limit=output_limit, cwd=root,
                           env=env, interrupt_grace=interrupt_grace)
    ids = sandbox.ids_for(count=sandbox.NETWORK_IDS)
    scratch.chmod(0o755)
    view = sandbox.network_view(root, scratch, scratch=limits.NETWORK.scratch)
    for path in visible:
        if not path.resolve().is_relative_to(root) and path.exists():
            view.read_only(path)
    # The grader's environment (pytest and the harness are ours), but the machine's own
    # PATH and HOME, which may name directories the sandbox does not show.
    passed = {key: value for key, value in env.items() if key not in ("PATH", "HOME")}
    passed[zone.ZONE_ENV] = str(sandbox.student_zone_first_id(ids))
    return sandbox.run(argv, view=view, cwd=root, env=passed, ids=ids, name="network", nest=False,
                       limits=limits.NETWORK.but(wall=timeout, output=output_limit))


def _cleanup_networks() -> None:
    """After pytest had to be killed: remove whatever its networks left (their owner is dead)."""
    try:
        from .cleanup import reap_stale  # HARNESS's
        reap_stale()
    except Exception:  # noqa: BLE001 - best effort, the grader goes on
        pass


def run_net_tests(root: Path, tests_path: Path, impl_bin: Path, entries: list[Entry],
                  select_all: bool = True, timeout: float | None = None,
                  output_limit: int = NET_OUTPUT_LIMIT,
                  interrupt_grace: float = NET_INTERRUPT_GRACE,
                  hidden_tests_path: Path | None = None) -> tuple[dict[str, TestResult], list[str]]:
    """Run the network tests under pytest; (a result per entry, records not in the rubric).

    The hidden entries' functions are in hidden_tests_path, the others' in tests_path; with
    select_all, every test of each of them that exists runs."""
    results: dict[str, TestResult] = {}
    if not entries:
        return results, []
    root = Path(root).resolve()
    timeout = timeout or NET_BASE_TIMEOUT + NET_PER_TEST_TIMEOUT * len(entries)

    def file_of(entry: Entry) -> Path:
        return Path(hidden_tests_path) if entry.hidden and hidden_tests_path else Path(tests_path)

    with tempfile.TemporaryDirectory(prefix="np-net-") as scratch:
        results_file = Path(scratch) / "results.jsonl"
        if select_all:
            files = [Path(path) for path in (tests_path, hidden_tests_path)
                     if path is not None and Path(path).exists()]
            targets = [str(path) for path in files or [tests_path]]
        else:
            targets = [f"{file_of(e)}::{e.name}" for e in entries]
        # The plugin that records the outcomes is named here, not left to a conftest.py
        # beside the tests: what credits a test is the harness's code.
        argv = [PYTHON, "-m", "pytest", *targets, "-p", "harness.pytest_plugin",
                "--impl-bin", str(impl_bin),
                "--np-results", str(results_file), "-p", "no:cacheprovider",
                "-q", "--color=no", "--tb=short", "-rN"]
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        try:
            visible = [Path(tests_path).parent, Path(impl_bin)]
            run = _network_run(root, argv, Path(scratch), visible, timeout, output_limit, env,
                               interrupt_grace)
        except BaseException:
            _cleanup_networks()  # interrupted: pytest was stopped, its networks must go too
            raise
        records = read_results(results_file)
    if run.timed_out or run.flooded or (run.status is not None and run.status < 0):
        _cleanup_networks()

    by_name: dict[str, list[dict]] = {}
    for record in records:
        by_name.setdefault(record["name"], []).append(record)
    ending = describe_end(run)
    if run.timed_out:
        why = f"the network tests ran out of their time limit ({timeout:.0f} s in all) first"
    elif run.flooded or (run.status is not None and run.status < 0):
        why = f"the network test run {ending} first"
    elif run.status in (0, 1, 5):
        why = "pytest did not run it"
    else:
        tail = "\n".join(run.output.strip().splitlines()[-6:])
        why = f"pytest stopped with {ending} first:\n{tail}"
    for entry in entries:
        mine = by_name.get(entry.name, [])
        if not mine:
            results[entry.id] = TestResult(entry, False, f"did not run: {why}")
            continue
        duration = sum(float(r.get("duration") or 0) for r in mine)
        bad = next((r for r in mine if r["outcome"] != "passed"), None)
        if bad is None:
            results[entry.id] = TestResult(entry, True, "", duration)
        else:
            message = str(bad.get("message") or bad["outcome"])
            if bad["outcome"] == "skipped":
                message = f"did not run: {message}"
            if len(mine) > 1:
                message = f"[{bad['nodeid'].split('::')[-1]}]\n{message}"
            results[entry.id] = TestResult(entry, False, message, duration)
    wanted = {entry.name for entry in entries}
    extra = sorted({r["name"] for r in records} - wanted) if select_all else []
    return results, extra


# --- one lab, and many ----------------------------------------------------------------------

def grade_lab(root: Path, rubric: Rubric, lab_build: builder.LabBuild, impl_label: str,
              keyword: str | None = None, tests_dir: Path | None = None,
              unit_timeout: float = UNIT_TIMEOUT, net_timeout: float | None = None,
              progress: Progress | None = None,
              implementation: builder.Impl | None = None) -> LabResult:
    """Score one lab whose build is done (ok or not).

    implementation: what was built; its unit tests run only after its code passed the
    integrity checks (harness/integrity.py). None skips them (tests on fakes).
    """
    progress = progress or Progress()
    started = time.monotonic()
    root = Path(root).resolve()
    lab = rubric.lab
    result = LabResult(lab, impl_label)
    entries = select(rubric, keyword)
    tests_path = (Path(tests_dir) / f"test_{lab}.py") if tests_dir else test_file(root, lab)
    hidden_path = hidden_test_file_beside(tests_path)
    result.hidden_points = rubric.hidden_points
    if not keyword:
        result.errors += cross_check(rubric, tests_path, root)

    outcomes: dict[str, TestResult] = {}
    if not lab_build.ok:
        result.build_ok, result.build_error = False, lab_build.error or "the build failed"
        for entry in entries:
            outcomes[entry.id] = TestResult(entry, False, "did not run: the lab did not build")
    else:
        units = [entry for entry in entries if entry.kind == "unit"]
        nets = [entry for entry in entries if entry.kind == "net"]
        violations = []
        if units and implementation is not None:
            progress.start(f"{lab}: checking the code the unit tests link ... ")
            violations = integrity.check_lab(root, implementation, lab)
            result.errors += [f"unit tests not run: {violation}" for violation in violations]
            progress.end("FAILED" if violations else "ok")
        if units:
            progress.start(f"{lab}: {len(units)} unit test{'s' * (len(units) != 1)} ... ")
            if violations:
                outcomes.update(integrity_failures(lab, units, violations))
            else:
                outcomes.update(run_unit_tests(root, lab_build.tests_dir / f"{lab}-unit", units,
                                               timeout=unit_timeout))
            progress.end(_tally(outcomes, units))
        if nets:
            progress.start(f"{lab}: {len(nets)} network test{'s' * (len(nets) != 1)} ... ")
            runnable = []
            for entry in nets:
                path = hidden_path if entry.hidden else tests_path
                if path.exists():
                    runnable.append(entry)
                else:
                    outcomes[entry.id] = TestResult(entry, False, f"did not run: no {path.name}")
            if runnable:
                net_results, extra = run_net_tests(root, tests_path, lab_build.bin_dir, runnable,
                                                   select_all=not keyword, timeout=net_timeout,
                                                   hidden_tests_path=hidden_path)
                outcomes.update(net_results)
                hidden_names = net_test_functions(hidden_path) if extra and hidden_path.exists() else []
                for name in extra:
                    where = hidden_path.name if name in hidden_names else tests_path.name
                    message = f"{where}: {name} ran but is not in {lab}.toml"
                    if not any(name in error for error in result.errors):
                        result.errors.append(message)
            progress.end(_tally(outcomes, nets))
    result.tests = [outcomes[entry.id] for entry in entries]
    result.duration = time.monotonic() - started + lab_build.duration
    return result


def _tally(outcomes: dict[str, TestResult], entries: list[Entry]) -> str:
    passed = sum(1 for entry in entries if outcomes[entry.id].passed)
    return f"{passed} passed, {len(entries) - passed} failed"


def not_graded(rubric: Rubric | None, lab: str, impl_label: str, why: str) -> LabResult:
    result = LabResult(lab, impl_label, graded=False)
    if rubric is not None:
        result.tests = [TestResult(entry, False, f"did not run: {why}") for entry in rubric.tests]
    result.errors.append(why)
    return result


def grade(root: Path, labs: list[str], impl: str, *, keyword: str | None = None,
          json_path: Path | None = None, junit_path: Path | None = None,
          progress: Progress | None = None, unit_timeout: float = UNIT_TIMEOUT,
          net_timeout: float | None = None, rubrics: dict[str, Rubric] | None = None) -> GradeRun:
    """Grade labs of impl ('labs', 'solutions' or a submission path).

    Never leaves without writing json_path/junit_path (when given), even if it fails itself.
    rubrics: already loaded rubrics to use instead of tests/labs/<lab>.toml (for tests).
    """
    given = rubrics or {}
    progress = progress or Progress()
    root = Path(root).resolve()
    started = time.monotonic()
    run = GradeRun(impl=impl)
    rubrics = {}

    def write() -> None:
        run.execution_time = time.monotonic() - started
        if json_path:
            report.write_json(run, json_path)
        if junit_path:
            report.write_junit(run, junit_path)

    try:
        for lab in labs:
            try:
                rubrics[lab] = given[lab] if lab in given else load_lab(root, lab)
            except RubricError as error:
                rubrics[lab] = None
                run.labs.append(not_graded(None, lab, impl, str(error)))
                progress.lab_done(run.labs[-1])
        implementation = builder.resolve_impl(root, impl)
        run.impl = implementation.label
        try:
            builder.configure(root, implementation)
            configure_error = None
        except builder.BuildError as error:
            configure_error = str(error)
        helper_error = None if configure_error else builder.build_helpers(root, implementation)
        if helper_error:
            run_note = f"the harness's np-nfqdelay did not build:\n{helper_error}"
        else:
            run_note = None
        for lab in labs:
            rubric = rubrics[lab]
            if rubric is None:
                continue
            progress.start(f"{lab}: building {implementation.source_label(lab)} ... ")
            if configure_error:
                lab_build = builder.LabBuild(lab, False, implementation.bin_dir,
                                             implementation.tests_dir, configure_error)
            else:
                lab_build = builder.build_lab(root, implementation, lab)
            progress.end("ok" if lab_build.ok else "FAILED")
            result = grade_lab(root, rubric, lab_build, implementation.label, keyword=keyword,
                               unit_timeout=unit_timeout, net_timeout=net_timeout,
                               progress=progress, implementation=implementation)
            if run_note:
                result.errors.append(run_note)
            run.labs.append(result)
            progress.lab_done(result)
            write()
    except BaseException as error:  # noqa: BLE001 - recorded, written, then re-raised
        run.error = "".join(traceback.format_exception(error)).strip()
        graded = {lab.lab for lab in run.labs}
        for lab in labs:
            if lab not in graded:
                run.labs.append(not_graded(rubrics.get(lab), lab, impl,
                                           "grading stopped before this lab"))
        raise
    finally:
        order = {lab: index for index, lab in enumerate(labs)}
        run.labs.sort(key=lambda result: order.get(result.lab, len(order)))
        write()
    return run


def grade_batch(root: Path, batch_dir: Path, labs: list[str], *, csv_path: Path | None = None,
                json_path: Path | None = None, progress: Progress | None = None,
                keep_builds: bool = False, rubrics: dict[str, Rubric] | None = None,
                unit_timeout: float = UNIT_TIMEOUT, net_timeout: float | None = None,
                on_submission: Callable[[str, GradeRun], None] | None = None,
                jobs: int = 1, first_job: int = 0) -> list[tuple[str, GradeRun]]:
    """Grade every subdirectory of batch_dir as one submission; the CSV grows as it goes.

    jobs submissions are graded at once, each in sandboxes of its own (its own range of
    ids when the grader is root: those of jobs first_job, first_job + 1 …), so that nothing
    one does reaches another. Each
    submission's build directory is removed after grading unless keep_builds. The rows
    come in the submissions' order, whatever order they finish in.
    """
    from concurrent.futures import ThreadPoolExecutor

    submissions = sorted(p for p in Path(batch_dir).iterdir() if p.is_dir() and not p.name.startswith("."))
    done: dict[str, GradeRun] = {}
    lock = threading.Lock()

    def grade_one(job: int, submission: Path) -> None:
        with sandbox.job(job):
            try:
                run = grade(root, labs, str(submission), progress=progress, rubrics=rubrics,
                            unit_timeout=unit_timeout, net_timeout=net_timeout)
            except Exception:  # noqa: BLE001 - one bad submission must not stop the batch
                run = GradeRun(impl=str(submission), error=traceback.format_exc())
                run.labs = [not_graded((rubrics or {}).get(lab) or _maybe_rubric(root, lab), lab,
                                       str(submission), "grading this submission failed")
                            for lab in labs]
        if not keep_builds:
            remove_build(root, str(submission))
        with lock:
            done[submission.name] = run
            if on_submission:
                on_submission(submission.name, run)
            rows = [(s.name, done[s.name]) for s in submissions if s.name in done]
            if csv_path:
                report.write_csv(rows, labs, csv_path)
            if json_path:
                report.write_batch_json(rows, json_path)

    jobs = max(1, jobs)
    free = list(range(first_job, first_job + jobs))  # the sandbox id ranges not in use
    free_lock = threading.Lock()

    def worker(submission: Path) -> None:
        with free_lock:
            job = free.pop()
        try:
            grade_one(job, submission)
        finally:
            with free_lock:
                free.append(job)

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(worker, submissions))
    return [(s.name, done[s.name]) for s in submissions]


def _maybe_rubric(root: Path, lab: str) -> Rubric | None:
    try:
        return load_lab(root, lab)
    except RubricError:
        return None


def remove_build(root: Path, impl: str) -> None:
    """Delete a submission's build directory (batch grading keeps the disk in check)."""
    implementation = builder.resolve_impl(root, impl)
    if implementation.name == "submission":
        shutil.rmtree(implementation.build_dir, ignore_errors=True)

"""The pytest plugin of the graded network tests (tests/labs/test_<lab>.py).

The grader loads it by name (pytest -p harness.pytest_plugin), so that what records a
test's outcome is the harness's own code, whatever is in the tests' directory;
tests/labs/conftest.py loads it too, for a run by hand.

Options:
  --impl-bin DIR      the bin directory of the implementation under test
                      (default: build/labs/bin, the student's own build)
  --np-results FILE   append one JSON line per finished test (JSON Lines) for the grader

Fixtures: impl_bin (Path), tool(name) -> absolute path of a built tool, story (a Story),
and the harness's fixtures (pair_net, chain1_net, chain2_net, run_dir).

Results are written as each test finishes, so a run that dies half-way keeps what it had.
Each line: {"nodeid", "name" (the test function), "outcome" (passed | failed | skipped |
error), "duration", "message"} where message is the story of a graded failure, or a short
form of any other exception.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from harness import zone
from harness.fixtures import chain1_net, chain2_net, pair_net, run_dir
from harness.story import GradedFailure, Story

_ROOT = Path(__file__).resolve().parents[1]  # the repository

__all__ = ["chain1_net", "chain2_net", "pair_net", "run_dir"]  # fixtures for the test files

MESSAGE_LIMIT = 2000  # characters of a failure message kept in the results
_CONFIG: dict = {}  # the pytest config, for hooks that are not given it


def pytest_addoption(parser):
    group = parser.getgroup("np-labs", "graded network tests")
    group.addoption("--impl-bin", metavar="DIR", default=None,
                    help="bin directory of the implementation under test (default build/labs/bin)")
    group.addoption("--np-results", metavar="FILE", default=None,
                    help="append per-test outcomes to FILE as JSON lines")


def _impl_bin(config) -> Path:
    given = config.getoption("--impl-bin")
    return Path(given).resolve() if given else _ROOT / "build" / "labs" / "bin"


def pytest_configure(config):
    # Mininet hosts inherit this process's environment when they start, so every process
    # started in a host finds the implementation under test first on PATH.
    bin_dir = str(_impl_bin(config))
    path = os.environ.get("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
    if path.split(os.pathsep)[0] != bin_dir:
        os.environ["PATH"] = bin_dir + os.pathsep + path
    os.environ["NP_IMPL_BIN"] = bin_dir
    config._np_reports = {}
    _CONFIG["config"] = config
    if zone.ZONE_ENV in os.environ:  # graded in the sandbox: the programs under test apart
        results = config.getoption("--np-results")
        hidden = [_ROOT, Path("/run")] + ([Path(results).parent] if results else [])
        zone.activate(zone.StudentZone.create(Path(bin_dir), hidden,
                                              int(os.environ[zone.ZONE_ENV])))


@pytest.fixture(scope="session")
def impl_bin(pytestconfig) -> Path:
    """The bin directory of the implementation under test."""
    return _impl_bin(pytestconfig)


@pytest.fixture
def tool(impl_bin):
    """tool("np-ping") -> the absolute path of that tool; skips the test when it was not built."""

    def find(name: str) -> str:
        path = impl_bin / name
        if not (path.is_file() and os.access(path, os.X_OK)):
            pytest.skip(f"{name} was not built: there is no {path} (did the build fail?)")
        return str(path)

    return find


@pytest.fixture
def story() -> Story:
    """Records what the test did; a failed story.check() tells it."""
    return Story()


# --- results for the grader -------------------------------------------------------------

def _short(text: str, limit: int = MESSAGE_LIMIT) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _message(item, call) -> str:
    """The story of a graded failure, else a short form of the exception."""
    excinfo = call.excinfo
    if excinfo is None:
        return ""
    if excinfo.errisinstance(GradedFailure):
        return str(excinfo.value)
    if excinfo.errisinstance(pytest.skip.Exception):
        return str(getattr(excinfo.value, "msg", excinfo.value))
    lines = excinfo.exconly().strip().splitlines()
    short = "\n".join(lines[:6]) + ("\n…" if len(lines) > 6 else "")
    if call.when != "call":
        short = f"the test's {call.when} failed: {short}"
    story = getattr(item, "funcargs", {}).get("story")
    if isinstance(story, Story) and story.steps:
        return story.text() + "\n" + "\n".join(
            ["error".ljust(10) + line if index == 0 else " " * 10 + line
             for index, line in enumerate(short.splitlines())])
    return short


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    report.np_message = _message(item, call)


def _append(path: str, record: dict) -> None:
    line = json.dumps(record, ensure_ascii=False) + "\n"
    # One write on an O_APPEND descriptor: whole lines even if several writers share the file.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def pytest_runtest_logreport(report):
    config = _CONFIG.get("config")
    if config is None:
        return
    state = config._np_reports.setdefault(
        report.nodeid, {"outcome": "passed", "duration": 0.0, "message": ""})
    state["duration"] += getattr(report, "duration", 0.0) or 0.0
    message = getattr(report, "np_message", "")
    if report.skipped and state["outcome"] == "passed":
        state["outcome"], state["message"] = "skipped", message or _skip_reason(report)
    elif report.failed:
        if report.when == "call":
            state["outcome"], state["message"] = "failed", message
        elif state["outcome"] in ("passed", "skipped"):
            state["outcome"], state["message"] = "error", message
    if report.when != "teardown":
        return
    del config._np_reports[report.nodeid]
    results = config.getoption("--np-results")
    if not results:
        return
    name = report.nodeid.split("::")[-1].split("[")[0]
    _append(results, {
        "nodeid": report.nodeid,
        "name": name,
        "outcome": state["outcome"],
        "duration": round(state["duration"], 3),
        "message": _short(state["message"]),
    })


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        reason = str(longrepr[2])
        return reason[len("Skipped: "):] if reason.startswith("Skipped: ") else reason
    return str(longrepr or "skipped")

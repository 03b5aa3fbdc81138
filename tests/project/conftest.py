"""Shared helpers of the project's own tests (run by ./lab test)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from harness.rubric import labs_with_rubrics  # noqa: E402

LABS = labs_with_rubrics(ROOT)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def require_root() -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root (Mininet): run it as 'sudo ./lab test'")


def built(path: Path) -> Path:
    """path, or a failure saying the build is missing."""
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} is not built: run './lab build --impl all' "
                    "(./lab test builds first)")
    return path


@pytest.fixture(autouse=True)
def readable_tmp_path(request):
    """Programs under test run as root inside the sandbox, an id that owns nothing of ours:
    a test's files must be readable by all, as a real repository's are (pytest makes its
    temporary directories 0700)."""
    if "tmp_path" in request.fixturenames:
        request.getfixturevalue("tmp_path").chmod(0o755)


@pytest.fixture(scope="session")
def ordinary_user_repository():
    """The copy of the repository of an ordinary user made for the tests (built by the
    first test that uses it, removed at the end of the session)."""
    require_root()
    import shutil

    from . import ordinary_user

    copy = ordinary_user.copy_of_the_repository(ordinary_user.ensure_user())
    yield copy
    shutil.rmtree(copy, ignore_errors=True)

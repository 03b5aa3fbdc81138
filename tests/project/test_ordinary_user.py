"""Grading without root: an ordinary user, made for this test, checks labs in its own copy
of the repository. Everything that needs privileges (network namespaces, raw sockets,
other users for inetd's servers) happens in the sandbox's user namespaces, whose root is
that user, with its subordinate ids for the others (harness/sandbox.py, harness/zone.py).
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from pathlib import Path

import pytest

from harness import sandbox

from .conftest import ROOT, require_root

USER = "np-student"
# Subordinate ids for the test's user: enough for the network tests' two sets of ids, in a
# range below the grader's own (sandbox.SANDBOX_IDS) that no account is given by useradd.
SUBORDINATE_FIRST = 0x60000000
CHECK_TIMEOUT = 1200  # seconds: a fresh copy builds libnp, the lab and its unit tests first


def ensure_user() -> pwd.struct_passwd:
    try:
        account = pwd.getpwnam(USER)
    except KeyError:
        subprocess.run(["useradd", "--create-home", "--shell", "/bin/sh", USER], check=True)
        account = pwd.getpwnam(USER)
    last = SUBORDINATE_FIRST + sandbox.NETWORK_IDS - 1
    for flag, path in (("--add-subuids", "/etc/subuid"), ("--add-subgids", "/etc/subgid")):
        Path(path).touch(exist_ok=True)  # a minimal system may have none yet
        if f"{USER}:{SUBORDINATE_FIRST}:" not in Path(path).read_text():
            subprocess.run(["usermod", flag, f"{SUBORDINATE_FIRST}-{last}", USER], check=True)
    return account


def copy_of_the_repository(account: pwd.struct_passwd) -> Path:
    """The repository as the user would clone it: its files (solutions too), no build."""
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], capture_output=True, check=True)
    copy = Path(account.pw_dir) / "labs-repository"
    shutil.rmtree(copy, ignore_errors=True)
    for name in filter(None, listed.stdout.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    for directory, _, files in os.walk(copy):
        os.chown(directory, account.pw_uid, account.pw_gid)
        for name in files:
            os.chown(os.path.join(directory, name), account.pw_uid, account.pw_gid)
    return copy


@pytest.fixture(scope="module")
def repository():
    require_root()
    account = ensure_user()
    copy = copy_of_the_repository(account)
    yield copy
    shutil.rmtree(copy, ignore_errors=True)


@pytest.mark.parametrize("lab", ["ping", "inetd"])
def test_an_ordinary_user_checks_a_lab_with_full_marks(repository, lab):
    run = subprocess.run(["/usr/sbin/runuser", "-u", USER, "--", "./lab", "check", lab, "--impl", "solutions"],
                         cwd=repository, capture_output=True, text=True, timeout=CHECK_TIMEOUT,
                         env={"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(repository.parent),
                              "LC_ALL": "C.UTF-8"})
    output = run.stdout + run.stderr
    assert run.returncode == 0 and "Score: 100/100" in output, output[-4000:]

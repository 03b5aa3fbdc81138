"""An ordinary user made for the tests, with its own copy of the repository: grading
without root (harness/sandbox.py, harness/zone.py) is tested as that user.

Everything that needs privileges (network namespaces, raw sockets, other users for inetd's
servers) happens in the sandbox's user namespaces, whose root is that user, with its
subordinate ids for the others.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from pathlib import Path

from harness import sandbox, subordinate_ids

from .conftest import ROOT

USER = "np-student"
ENVIRONMENT = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LC_ALL": "C.UTF-8"}


def ensure_user() -> pwd.struct_passwd:
    """The user, made as an administrator would: useradd, then `./lab setup --user`, which
    gives it the subordinate ids its sandbox needs (useradd's 65,536 are too few)."""
    try:
        account = pwd.getpwnam(USER)
    except KeyError:
        subprocess.run(["useradd", "--create-home", "--shell", "/bin/sh", USER], check=True)
        account = pwd.getpwnam(USER)
    setup = subprocess.run([str(ROOT / "lab"), "setup", "--user", USER], capture_output=True,
                           text=True, timeout=600)
    said = [line for line in setup.stdout.splitlines() if line.startswith("subordinate ids:")]
    assert setup.returncode == 0 and said, setup.stdout[-2000:] + setup.stderr[-2000:]
    assert subordinate_ids.largest(USER, account.pw_uid) >= sandbox.NETWORK_IDS - 1, said
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


def run_lab(repository: Path, *args: str, timeout: float) -> subprocess.CompletedProcess:
    """./lab ARGS as the user, in its copy, with an environment of its own."""
    return subprocess.run(["/usr/sbin/runuser", "-u", USER, "--", "./lab", *args],
                          cwd=repository, capture_output=True, text=True, timeout=timeout,
                          env={**ENVIRONMENT, "HOME": str(repository.parent)})

"""Checking a lab and working in its shell without root, as an ordinary user in its own
copy of the repository (tests/project/ordinary_user.py; the invariant grades every lab so
too, in test_invariant.py)."""

from __future__ import annotations

import pwd

import pytest

from .ordinary_user import ENVIRONMENT, USER, run_lab
from .terminal import Terminal

CHECK_TIMEOUT = 1200  # seconds: a fresh copy builds libnp, the lab and its unit tests first


@pytest.mark.parametrize("lab", ["ping", "inetd"])
def test_an_ordinary_user_checks_a_lab_with_full_marks(ordinary_user_repository, lab):
    run = run_lab(ordinary_user_repository, "check", lab, "--impl", "solutions", timeout=CHECK_TIMEOUT)
    output = run.stdout + run.stderr
    assert run.returncode == 0 and "Score: 100/100" in output, output[-4000:]


def test_an_ordinary_user_works_in_the_lab_shell(ordinary_user_repository):
    """./lab shell on a terminal: the topology, the lab's tool, Ctrl-C stopping only the
    command at the prompt, root inside being the user outside, exit ending it all."""
    account = pwd.getpwnam(USER)
    shell = Terminal(["/usr/sbin/runuser", "-u", USER, "--", "./lab", "shell", "ping", "--impl", "solutions"],
                     cwd=str(ordinary_user_repository),
                     env={**ENVIRONMENT, "HOME": str(ordinary_user_repository.parent), "TERM": "dumb"})
    shell.expect("mininet> ", CHECK_TIMEOUT)
    shell.type("h1 np-ping -c 1 h2\n")
    assert "1 received" in shell.expect("mininet> ", 30), shell.seen[-2000:]
    shell.type("h1 cat /proc/self/uid_map\n")
    mapped = shell.expect("mininet> ", 30).split()
    assert mapped[mapped.index("0") + 1] == str(account.pw_uid), shell.seen[-2000:]  # root here is the user
    shell.type("h1 echo sleeping; sleep 120\n")
    shell.expect("sleeping", 30)
    shell.type("\x03")  # Ctrl-C: the sleep ends, the shell goes on
    shell.expect("mininet> ", 30)
    shell.type("exit\n")
    assert shell.wait(60) == 0, shell.seen[-2000:]

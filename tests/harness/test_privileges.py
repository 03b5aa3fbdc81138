"""Without root, one sentence saying what to type, and exit status 2."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT


def test_require_root_as_nobody():
    result = subprocess.run(
        ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", sys.executable,
         "-c", "from harness.privileges import require_root; require_root(); print('ran')"],
        capture_output=True, text=True, timeout=10, cwd="/",
        env=dict(os.environ, PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1"),
    )
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == "This needs root: run it as 'sudo ./lab …'.\n"

"""Self-tests of the harness (run as root: /usr/bin/python3 -m pytest tests/harness)."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from harness import cleanup  # noqa: E402
from harness.fixtures import chain1_net, chain2_net, pair_net, run_dir  # noqa: E402

__all__ = ["chain1_net", "chain2_net", "pair_net", "run_dir"]  # fixtures for the test files


def pytest_configure(config):
    if os.geteuid() != 0:
        pytest.exit("This needs root: run it as 'sudo ./lab test'.", returncode=2)


def processes_matching(text: str, at_start: bool = False) -> list[int]:
    """Pids whose command line contains text (starts with it, with at_start), this process
    and its pytest excluded."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == os.getpid():
            continue
        try:
            cmdline = Path(f"/proc/{name}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        if cmdline.startswith(text.encode()) if at_start else text.encode() in cmdline:
            found.append(int(name))
    return found


@contextlib.contextmanager
def pinned(namespaces):
    """Hold the given network namespaces open while a test looks at them: a namespace
    that is freed can have its inode number reused by someone else's new one, and a
    concurrent run's processes would then look like our leftovers."""
    fds = []
    try:
        for ns in namespaces:
            for pid in cleanup.pids_in_netns([ns]):
                pin = cleanup.pin_netns(pid)
                if pin and pin[1] == ns:
                    fds.append(pin[0])
                    break
                if pin:
                    os.close(pin[0])
            else:
                raise AssertionError(f"no process left in {ns} to pin it by")
        yield
    finally:
        for fd in fds:
            os.close(fd)

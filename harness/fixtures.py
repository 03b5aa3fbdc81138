"""pytest fixtures for the harness's topologies, for any conftest.py to import:

    from harness.fixtures import pair_net, chain1_net, chain2_net, run_dir  # noqa: F401

Each test gets a fresh topology (building one takes about a tenth of a second), torn
down after the test whatever its outcome; run_dir is a fresh directory for the test's
sockets, pid files and logs, with a short path, removed afterwards.
"""

from __future__ import annotations

import pytest

from harness.run import tmp_run_dir
from harness.topology import chain, pair


@pytest.fixture
def pair_net():
    """h1 (10.0.0.1, fd00::1) --- h2 (10.0.0.2, fd00::2)."""
    with pair() as net:
        yield net


@pytest.fixture
def chain1_net():
    """h1 --- r1 --- h2."""
    with chain(routers=1) as net:
        yield net


@pytest.fixture
def chain2_net():
    """h1 --- r1 --- r2 --- h2."""
    with chain(routers=2) as net:
        yield net


@pytest.fixture
def run_dir():
    """A fresh per-test directory (pathlib.Path) under /tmp."""
    with tmp_run_dir() as path:
        yield path

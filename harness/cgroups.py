"""A cgroup per sandboxed run, for the limits that rlimits cannot hold: memory and processes.

    with RunCgroups("build-ping", limits) as groups:
        groups.directories     # what the run joins (empty when cgroups are not ours to make)
        …
        groups.exceeded()      # 'memory limit 1 GiB' when the kernel had to enforce it

An rlimit counts per process (RLIMIT_AS) or per user (RLIMIT_NPROC); a cgroup counts the
whole run, whatever it forks, and the kernel stops it at the limit without the grader
having to look. Both cgroup versions are used: version 2 (one tree, the usual today) and
version 1 (separate `memory` and `pids` hierarchies). Making cgroups needs root, or a
subtree delegated to the user; when neither is there the run falls back to rlimits
(harness.sandbox) and `./lab setup` says so.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from .limits import Limits

CGROUP_ROOT = Path("/sys/fs/cgroup")
GROUP = "np-sandbox"  # the parent of every run's cgroup
UNLIMITED_SWAP = "0"


def version() -> str | None:
    """'v2' or 'v1' when this machine's cgroups have memory and pids controllers; else None."""
    controllers = CGROUP_ROOT / "cgroup.controllers"
    if controllers.exists():
        found = controllers.read_text().split()
        return "v2" if {"memory", "pids"} <= set(found) else None
    if (CGROUP_ROOT / "memory" / "memory.limit_in_bytes").exists() and \
            (CGROUP_ROOT / "pids" / "cgroup.procs").exists():
        return "v1"
    return None


def _write(path: Path, text: str) -> None:
    path.write_text(text)


def _counter(path: Path, key: str) -> int:
    """The value of `key N` in a flat-keyed cgroup file (memory.events, pids.events …)."""
    try:
        for line in path.read_text().splitlines():
            name, _, value = line.partition(" ")
            if name == key:
                return int(value)
    except (OSError, ValueError):
        pass
    return 0


class RunCgroups:
    """The cgroups of one run: made on entry, removed on exit (after the run is over)."""

    def __init__(self, name: str, limits: Limits):
        self.name = f"{name}-{os.getpid()}-{time.monotonic_ns()}"
        self.limits = limits
        self.kind = version()
        self.directories: list[Path] = []

    def __enter__(self) -> "RunCgroups":
        try:
            if self.kind == "v2":
                self._make_v2()
            elif self.kind == "v1":
                self._make_v1()
        except OSError:
            self._remove()  # not ours to make (no root, no delegation): rlimits instead
            self.directories = []
        return self

    def _make_v2(self) -> None:
        parent = CGROUP_ROOT / GROUP
        parent.mkdir(exist_ok=True)
        # Controllers must be enabled from the root down to the run's parent.
        _write(CGROUP_ROOT / "cgroup.subtree_control", "+memory +pids")
        _write(parent / "cgroup.subtree_control", "+memory +pids")
        run = parent / self.name
        run.mkdir()
        self.directories = [run]
        _write(run / "memory.max", str(self.limits.memory))
        if (run / "memory.swap.max").exists():
            _write(run / "memory.swap.max", UNLIMITED_SWAP)
        _write(run / "pids.max", str(self.limits.processes))

    def _make_v1(self) -> None:
        memory = CGROUP_ROOT / "memory" / GROUP / self.name
        pids = CGROUP_ROOT / "pids" / GROUP / self.name
        for directory in (memory, pids):
            directory.parent.mkdir(exist_ok=True)
            directory.mkdir()
            self.directories.append(directory)
        _write(memory / "memory.limit_in_bytes", str(self.limits.memory))
        if (memory / "memory.memsw.limit_in_bytes").exists():  # no swapping past the limit
            _write(memory / "memory.memsw.limit_in_bytes", str(self.limits.memory))
        _write(pids / "pids.max", str(self.limits.processes))

    @property
    def enforced(self) -> bool:
        return bool(self.directories)

    def exceeded(self) -> str | None:
        """The limit the kernel enforced on this run, if it had to."""
        if not self.directories:
            return None
        if self.kind == "v2":
            run = self.directories[0]
            memory_events, pids_events = run / "memory.events", run / "pids.events"
            oom_file, oom_key = memory_events, "oom_kill"
        else:
            memory, pids = self.directories
            pids_events = pids / "pids.events"
            oom_file, oom_key = memory / "memory.oom_control", "oom_kill"
        if _counter(oom_file, oom_key) > 0:
            return self.limits.describe("memory")
        if _counter(pids_events, "max") > 0:
            return self.limits.describe("processes")
        return None

    def _remove(self) -> None:
        # The run's processes are gone, but the kernel may take a moment to let go.
        deadline = time.monotonic() + 5
        for directory in self.directories:
            while directory.exists():
                try:
                    directory.rmdir()
                except OSError:
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.01)

    def __exit__(self, *exc) -> None:
        self._remove()

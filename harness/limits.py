"""The limits every sandboxed run of submission code gets, named in one place.

    limits = Limits()                      # the defaults below
    limits = Limits(wall=60, memory=1 << 30)
    limits.describe("memory")             # 'memory limit 512 MiB'

Wall time and output are watched by the grader itself (it holds the clock and the pipes).
Memory and processes are enforced by cgroups where the machine lets the grader make them
(cgroup v2, or the v1 `memory` and `pids` hierarchies), else by rlimits (RLIMIT_AS,
RLIMIT_NPROC). CPU time, open files and file size are always rlimits. The writable
directories a run is given are size-limited too: /tmp is a tmpfs of `scratch` bytes, and
a build directory is measured while the run goes on (`disk`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace


def size_text(size: int) -> str:
    """1536 -> '1.5 KiB', 536870912 -> '512 MiB'."""
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:g} {unit}"
    return f"{size} bytes"


@dataclass(frozen=True)
class Limits:
    wall: float = 600.0  # seconds from start to end, whatever the program does
    cpu: int = 600  # seconds of CPU time (RLIMIT_CPU)
    memory: int = 1 << 30  # bytes of memory for the whole run
    processes: int = 256  # processes and threads at once, for the whole run
    open_files: int = 1024  # descriptors per process (RLIMIT_NOFILE)
    file_size: int = 256 << 20  # bytes of any one file written (RLIMIT_FSIZE)
    output: int = 4 << 20  # bytes of stdout and stderr together
    scratch: int = 256 << 20  # bytes of the run's private /tmp
    disk: int = 2 << 30  # bytes the run may add to a writable directory it is given

    def but(self, **changes) -> "Limits":
        """A copy with some limits changed."""
        return replace(self, **changes)

    def describe(self, name: str) -> str:
        """'memory limit 1 GiB', 'process limit 256', 'wall-time limit 600 s' …"""
        value = getattr(self, name)
        words = {
            "wall": ("wall-time limit", f"{value:g} s"),
            "cpu": ("CPU-time limit", f"{value} s"),
            "memory": ("memory limit", size_text(value)),
            "processes": ("process limit", str(value)),
            "open_files": ("open-file limit", str(value)),
            "file_size": ("file-size limit", size_text(value)),
            "output": ("output limit", size_text(value)),
            "scratch": ("/tmp size limit", size_text(value)),
            "disk": ("disk limit", size_text(value)),
        }[name]
        return f"{words[0]} {words[1]}"

    @staticmethod
    def names() -> list[str]:
        return [field.name for field in fields(Limits)]


# What each kind of run gets. A build compiles a whole lab with libnp and the unit tests;
# a unit-test program is small and quick; a network-test run holds a topology and the real
# tools beside the program under test.
BUILD = Limits(wall=900, cpu=1800, memory=2 << 30, processes=256, output=4 << 20, disk=1 << 30)
UNIT_TESTS = Limits(wall=120, cpu=120, memory=1 << 30, processes=64, output=1 << 20)
NETWORK = Limits(wall=3600, cpu=3600, memory=4 << 30, processes=2048, open_files=4096,
                 scratch=1 << 30)
PREPROCESS = Limits(wall=60, cpu=60, memory=1 << 30, processes=16, output=64 << 20)

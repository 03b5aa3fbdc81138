"""Running submission code in a sandbox: what it may see, who it is, how much it may use.

    view = View.system().read_only(submission).writable(build_dir)
    run = sandbox.run(["cmake", "--build", build_dir], view=view, limits=limits.BUILD)
    run.status, run.output, run.limit     # a bounded.Bounded

Every run of submission code (its build, its unit-test program) goes through here. The
program runs as root *inside* a user namespace whose root is an unprivileged id on the
machine: when the grader runs as root, a range of ids of its own that no account uses
(SANDBOX_IDS); when an ordinary user runs it, that user, with the user's subordinate ids
(/etc/subuid) for the other users inside. It has its own PID namespace (ending the run
ends everything it started), its own empty network namespace, and a file-system view
made only of what `View` lists: the system's programs and libraries read-only, the
submission read-only, its build directory writable, a private /tmp — and nothing else:
not the solutions, not other submissions, not the tests, not the results.
harness/sandbox_exec.py builds all that; the limits are those of harness/limits.py.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import os
import pwd
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import subordinate_ids
from .bounded import Bounded, bounded_run
from .cgroups import RunCgroups
from .cgroups import version as cgroup_version
from .limits import Limits

ROOT = Path(__file__).resolve().parents[1]
PYTHON = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else "python3"
SANDBOX_IDS = 0x70000000  # the first host id of the grader's own range (when it is root)
IDS_PER_SANDBOX = 65536  # ids 0..65535 inside: root, nobody (65534) and all between
# The network tests' sandbox holds two sets of such ids: the harness's, and after them the
# student zone's (harness/zone.py), so that no id of the one is an id of the other.
NETWORK_IDS = 2 * IDS_PER_SANDBOX + 1
IDS_PER_JOB = 4 * IDS_PER_SANDBOX  # host ids set apart for each parallel grading job
SYSTEM_DIRS = ["/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"]
DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"
DISK_WATCH_INTERVAL = 0.5  # seconds between two measures of a run's writable directories


class SandboxError(RuntimeError):
    """The sandbox could not be built: the machine, not the submission, is at fault."""


# --- who the program is ---------------------------------------------------------------------

@dataclass(frozen=True)
class Ids:
    """The uid and gid maps of a sandbox: (inside, outside, count) lines."""

    uid_map: tuple[tuple[int, int, int], ...]
    gid_map: tuple[tuple[int, int, int], ...]
    newidmap: bool  # written by newuidmap/newgidmap (an ordinary user's subordinate ids)

    @property
    def root(self) -> int:
        """The host uid that root inside the sandbox is."""
        return self.uid_map[0][1]

    @property
    def size(self) -> int:
        return sum(count for _, _, count in self.uid_map)


_job: contextvars.ContextVar[int] = contextvars.ContextVar("sandbox_job", default=0)


@contextlib.contextmanager
def job(number: int):
    """Sandboxes made in this block (this thread) take the ids of grading job `number`."""
    token = _job.set(number)
    try:
        yield
    finally:
        _job.reset(token)


def ids_for(job: int | None = None, count: int = IDS_PER_SANDBOX) -> Ids:
    """The ids of sandbox number `job` (default: this thread's job; parallel grading gives
    each job its own range): count of them, 0 first (an ordinary user gets what
    /etc/subuid gives it, the same for every job)."""
    job = _job.get() if job is None else job
    if os.geteuid() == 0:
        base = SANDBOX_IDS + job * IDS_PER_JOB
        line = ((0, base, count),)
        return Ids(line, line, newidmap=False)
    uid, gid = os.geteuid(), os.getegid()
    user = pwd.getpwuid(uid).pw_name
    subuid = subordinate_ids.largest_range(subordinate_ids.SUBUID, user, uid)
    subgid = subordinate_ids.largest_range(subordinate_ids.SUBGID, user, uid)
    if subuid and subgid:
        extra = min(subuid.count, subgid.count, count - 1)
        return Ids(((0, uid, 1), (1, subuid.first, extra)), ((0, gid, 1), (1, subgid.first, extra)),
                   newidmap=True)
    return Ids(((0, uid, 1),), ((0, gid, 1),), newidmap=False)


# --- what the program sees ------------------------------------------------------------------

@dataclass
class View:
    """The file system a sandboxed program sees: bind mounts on an empty root."""

    mounts: list[dict] = field(default_factory=list)
    writable_dirs: list[Path] = field(default_factory=list)

    @classmethod
    def system(cls, scratch: int = 256 << 20) -> "View":
        """The machine's programs, libraries and configuration read-only; /proc of the
        sandbox's own PID namespace; a minimal /dev; a private /tmp of `scratch` bytes."""
        view = cls()
        for directory in SYSTEM_DIRS:
            path = Path(directory)
            if path.is_symlink():  # merged /usr: /bin -> usr/bin
                view.mounts.append({"kind": "symlink", "src": os.readlink(path), "dst": directory})
            elif path.is_dir():
                view.mounts.append({"kind": "ro", "src": directory, "dst": directory})
        view.mounts += [{"kind": "proc", "dst": "/proc"}, {"kind": "dev", "dst": "/dev"},
                        {"kind": "tmpfs", "dst": "/tmp", "size": scratch}]
        return view

    def read_only(self, path: Path | str, noexec: bool = False) -> "View":
        path = str(Path(path).resolve())
        self.mounts.append({"kind": "ro", "src": path, "dst": path, "noexec": noexec})
        return self

    def writable(self, path: Path | str) -> "View":
        path = Path(path).resolve()
        self.mounts.append({"kind": "rw", "src": str(path), "dst": str(path)})
        self.writable_dirs.append(path)
        return self


# --- running --------------------------------------------------------------------------------

def _disk_usage(path: Path) -> int:
    """Bytes allocated under path (what a disk filler adds), without following links."""
    total = 0
    stack = [path]
    while stack:
        try:
            entries = os.scandir(stack.pop())
        except OSError:
            continue
        with entries:
            for entry in entries:
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                total += info.st_blocks * 512
                if entry.is_dir(follow_symlinks=False):
                    stack.append(Path(entry.path))
    return total


def _rlimits(limits: Limits, cgroups_enforced: bool) -> dict[str, int]:
    rlimits = {"cpu": limits.cpu, "nofile": limits.open_files, "fsize": limits.file_size}
    if not cgroups_enforced:  # the kernel's per-process and per-user counts instead
        rlimits["as"] = limits.memory
        rlimits["nproc"] = limits.processes
    return rlimits


def prepare_writable(path: Path, ids: Ids | None = None) -> None:
    """Make path a directory the sandbox's root may write: it must belong to that id."""
    ids = ids or ids_for()
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        return  # the user's own directory: root inside is the user
    for directory, subdirs, files in os.walk(path):
        for name in [directory, *(os.path.join(directory, n) for n in subdirs + files)]:
            try:
                if os.lstat(name).st_uid != ids.root:
                    os.lchown(name, ids.root, ids.root)
            except OSError:
                pass


def run(argv: list[str], *, view: View, limits: Limits, cwd: Path | str = "/",
        env: dict | None = None, pass_fds: tuple[int, ...] = (), name: str = "run",
        ids: Ids | None = None, kill_on_flood: bool = True,
        keep_stderr: bool = True, nest: bool = True,
        interactive: bool = False) -> Bounded:
    """Run argv in a fresh sandbox within limits; how it ended, as bounded_run reports it,
    with .limit naming the limit it exceeded. Raises SandboxError when the sandbox itself
    cannot be built. nest=False runs argv as root of the namespaces the sandbox made (its
    PID namespace among them) instead of one level further in, where every mount is
    locked: for the network tests' harness, which must own the PID namespace it works in
    (sending another process's credentials needs that) and keeps programs under test a
    level further in itself. interactive=True gives argv the terminal (stdin, stdout and
    Ctrl-C) and no wall-time or output limit: for ./lab shell, whose output is nobody's
    grade."""
    ids = ids or ids_for()
    env = {"PATH": DEFAULT_PATH, "HOME": "/tmp", "LC_ALL": "C", "TMPDIR": "/tmp",
           **(env or {})}
    for path in view.writable_dirs:
        prepare_writable(path, ids)
    if disabled():
        return _run_unconfined(argv, limits=limits, cwd=cwd, env=env, pass_fds=pass_fds,
                               kill_on_flood=kill_on_flood, keep_stderr=keep_stderr,
                               interactive=interactive)
    report_read, report_write = os.pipe()
    baselines = {path: _disk_usage(path) for path in view.writable_dirs}
    with RunCgroups(name, limits) as cgroups:
        spec = {
            "argv": [str(arg) for arg in argv], "env": env, "cwd": str(cwd),
            "uid_map": ids.uid_map, "gid_map": ids.gid_map, "newidmap": ids.newidmap,
            "mounts": view.mounts, "rlimits": _rlimits(limits, cgroups.enforced),
            "cgroups": [str(d) for d in cgroups.directories],
            "keep_fds": list(pass_fds), "report_fd": report_write, "nest": nest,
            "interactive": interactive,
        }
        launcher = [PYTHON, "-m", "harness.sandbox_exec", json.dumps(spec)]
        launcher_env = {"PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1",
                        "PATH": DEFAULT_PATH}

        next_look = [0.0]

        def watch() -> str | None:
            # Measuring a build directory takes milliseconds: twice a second is enough.
            if time.monotonic() < next_look[0]:
                return None
            next_look[0] = time.monotonic() + DISK_WATCH_INTERVAL
            for path, before in baselines.items():
                if _disk_usage(path) - before > limits.disk:
                    return limits.describe("disk")
            return None

        try:
            if interactive:
                result = _run_on_the_terminal(launcher, launcher_env, (report_write, *pass_fds))
            else:
                result = bounded_run(
                    launcher, timeout=limits.wall, output_limit=limits.output, env=launcher_env,
                    pass_fds=(report_write, *pass_fds), watch=watch if baselines else None,
                    kill_on_flood=kill_on_flood, keep_stderr=keep_stderr)
        finally:
            os.close(report_write)
        with os.fdopen(report_read, "rb") as report:
            lines = report.read().decode(errors="replace").splitlines()
        result.argv = [str(arg) for arg in argv]
        outcome = json.loads(lines[-1]) if lines else {}
        if "error" in outcome:
            raise SandboxError(f"the sandbox could not run {Path(argv[0]).name}: {outcome['error']}")
        if "exit" in outcome:
            result.status = outcome["exit"]
        elif "signal" in outcome:
            result.status = -outcome["signal"]
        elif not (result.timed_out or result.flooded or result.limit):
            result.status = -9  # init was killed before it could report: the kernel did it
        # A limit the kernel enforced counts even when the command itself lived on: a child
        # of it was killed at the memory limit, or a fork refused at the process limit.
        if not result.limit:
            result.limit = cgroups.exceeded() or (None if result.ok else _rlimit_hit(result, limits))
        return result


def disabled() -> bool:
    """NP_SANDBOX=off: run everything in the grader's own namespaces, as the grader. Only
    for code one trusts: to measure what the sandbox costs (bench/grading), or on a
    machine without user namespaces, as root."""
    return os.environ.get("NP_SANDBOX") == "off"


def _run_unconfined(argv: list[str], *, limits: Limits, cwd: Path | str, env: dict,
                    pass_fds: tuple[int, ...], kill_on_flood: bool, keep_stderr: bool,
                    interactive: bool) -> Bounded:
    """argv as the grader itself, with only the limits the grader watches (time, output)."""
    argv = [str(arg) for arg in argv]
    if interactive:
        return _run_on_the_terminal(argv, env, pass_fds, cwd=cwd)
    return bounded_run(argv, timeout=limits.wall, output_limit=limits.output, cwd=cwd,
                       env=env, pass_fds=pass_fds, kill_on_flood=kill_on_flood,
                       keep_stderr=keep_stderr)


def _run_on_the_terminal(launcher: list[str], env: dict, pass_fds: tuple[int, ...],
                         cwd: Path | str | None = None) -> Bounded:
    """The launcher with our stdin, stdout and stderr, until it ends. Ctrl-C on the terminal
    is the sandboxed program's to handle (Mininet's CLI stops the command it runs): we
    ignore it meanwhile, as a shell ignores it while a program runs in the foreground."""
    started = time.monotonic()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        status = subprocess.run(launcher, env=env, pass_fds=pass_fds, cwd=cwd).returncode
    finally:
        signal.signal(signal.SIGINT, previous)
    return Bounded(launcher, status, "", duration=time.monotonic() - started)


def student_zone_first_id(ids: Ids) -> int:
    """Where the student zone's ids start among the network sandbox's: after the harness's
    own 0..65536 when there are enough ids, else at 1 (then a harness helper that runs as
    a non-root id, tcpdump -Z, shares its id with one of the zone's)."""
    return IDS_PER_SANDBOX + 1 if ids.size >= NETWORK_IDS else 1


def network_view(root: Path, results_dir: Path, scratch: int) -> View:
    """What the network tests' sandbox sees: the system, the repository read-only (the
    tests, the harness, the built tools), the results directory, a private /tmp and /run."""
    view = View.system(scratch=scratch).read_only(root).writable(results_dir)
    view.mounts += [{"kind": "ro", "src": "/sys", "dst": "/sys"},
                    {"kind": "tmpfs", "dst": "/run", "size": 16 << 20, "mode": "0755"},
                    {"kind": "tmpfs", "dst": "/var", "size": 64 << 20, "mode": "0755"},
                    {"kind": "symlink", "src": "../run", "dst": "/var/run"},
                    {"kind": "dir", "dst": "/var/tmp"}]
    return view


def _rlimit_hit(result: Bounded, limits: Limits) -> str | None:
    """The rlimit a signal tells of: SIGXCPU for CPU time, SIGXFSZ for a file's size."""
    if result.status == -signal.SIGXCPU:
        return limits.describe("cpu")
    if result.status == -signal.SIGXFSZ:
        return limits.describe("file_size")
    return None


# --- what the machine allows ------------------------------------------------------------------

def user_namespaces() -> tuple[bool, str]:
    """Whether this machine lets us make the sandbox's user namespace; why not, in one line."""
    probe = subprocess.run(["unshare", "--user", "--map-root-user", "true"],
                           capture_output=True, text=True, timeout=10)
    if probe.returncode == 0:
        return True, "user namespaces: allowed"
    for path, bad, fix in (
            ("/proc/sys/kernel/unprivileged_userns_clone", "0",
             "sysctl -w kernel.unprivileged_userns_clone=1"),
            ("/proc/sys/kernel/apparmor_restrict_unprivileged_userns", "1",
             "sysctl -w kernel.apparmor_restrict_unprivileged_userns=0"),
            ("/proc/sys/user/max_user_namespaces", "0", "sysctl -w user.max_user_namespaces=15000")):
        try:
            if Path(path).read_text().strip() == bad:
                return False, (f"user namespaces are disabled on this machine ({Path(path).name} "
                               f"= {bad}): as root, run '{fix}', or grade as root")
        except OSError:
            continue
    return False, f"user namespaces are not available: {probe.stderr.strip() or 'unshare failed'}"


def enforcement(limits: Limits) -> list[str]:
    """How each limit is enforced on this machine, for ./lab setup."""
    kind = cgroup_version()
    with RunCgroups("probe", limits) as probe:
        cgroups = probe.enforced
    how = f"a cgroup ({kind})" if cgroups else "an rlimit"
    ids = ids_for()
    who = (f"host ids {ids.root}–{ids.root + ids.size - 1}" if os.geteuid() == 0
           else f"your uid {ids.root}" + (" and your subordinate ids" if ids.newidmap
                                          else " only (no /etc/subuid range: one user inside)"))
    return [
        f"root in the sandbox is {who}",
        "wall time, output: watched by the grader",
        f"memory: {how}{'' if cgroups else ' (RLIMIT_AS, per process)'}",
        f"processes: {how}{'' if cgroups else ' (RLIMIT_NPROC)'}",
        "CPU time, open files, file size: rlimits",
        "/tmp: a private tmpfs; build directories: measured while the run goes on",
    ]

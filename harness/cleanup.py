"""Nothing the harness makes outlives it: processes, namespaces, links, run directories.

Every process the harness starts carries NP_HARNESS_OWNER=<pid>.<start time> of the Python
process that started it (Mininet's host shells too, and so everything started from them),
and every process runs in a namespace the harness made. cleanup() kills the processes
the harness tracks and every process in its namespaces, which makes the kernel drop
the namespaces together with their veths, addresses, routes, nftables and iptables
state and qdiscs; no link of ours ever lives in the root namespace. It then removes the
run directories.

cleanup() runs from the topologies' `finally`, from atexit, and from SIGINT, SIGTERM and
SIGHUP handlers (installed by install_handlers()). It is idempotent. One exception: Ctrl-C
inside Mininet's interactive CLI (./lab shell) only interrupts the command running in the
host, as Mininet intends; the topology stays until the CLI is left.

A run killed with SIGKILL cannot clean up after itself: reap_stale(), called whenever a
topology starts, kills what such a run left behind (processes whose owner is gone, and
everything in their namespaces) and removes its run directories. Runs of other people on
the same machine have live owners and are left alone.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import Callable, Iterable

OWNER_ENV = "NP_HARNESS_OWNER"
RUN_DIR_PREFIX = "np-run-"  # /tmp/np-run-<owner>-XXXXXXXX

_lock = threading.RLock()
_processes: dict[int, subprocess.Popen] = {}
_teardowns: list[Callable[[], None]] = []  # one per live topology, newest last
_dirs: list[Path] = []
_handlers_installed = False
_token: str | None = None


# --- who we are --------------------------------------------------------------------------

def _start_time(pid: int) -> str | None:
    """The start time of pid in clock ticks since boot (field 22 of /proc/pid/stat)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: split after the last ')'.
    fields = stat[stat.rindex(")") + 2:].split()
    return fields[19]


def owner_token() -> str:
    """'<pid>.<start time>' of this process: identifies this run even across pid reuse."""
    global _token
    if _token is None:
        _token = f"{os.getpid()}.{_start_time(os.getpid())}"
    return _token


def owner_alive(token: str) -> bool:
    pid, _, start = token.partition(".")
    return pid.isdigit() and _start_time(int(pid)) == start


def marked_env(env: dict | None = None) -> dict:
    """env (default: ours) with the owner mark every harness process carries."""
    result = dict(os.environ if env is None else env)
    result[OWNER_ENV] = owner_token()
    return result


# --- what we made ------------------------------------------------------------------------

def track_process(process: subprocess.Popen) -> None:
    with _lock:
        _processes[process.pid] = process


def untrack_process(process: subprocess.Popen) -> None:
    with _lock:
        _processes.pop(process.pid, None)


def track_teardown(teardown: Callable[[], None]) -> None:
    """teardown() stops one topology; cleanup() calls it unless it was untracked."""
    with _lock:
        _teardowns.append(teardown)


def untrack_teardown(teardown: Callable[[], None]) -> None:
    with _lock:
        if teardown in _teardowns:
            _teardowns.remove(teardown)


def track_dir(path: Path) -> None:
    with _lock:
        _dirs.append(Path(path))


def untrack_dir(path: Path) -> None:
    with _lock:
        if Path(path) in _dirs:
            _dirs.remove(Path(path))


# --- processes ---------------------------------------------------------------------------

def _pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def netns_of(pid: int) -> str | None:
    """'net:[inode]' of pid's network namespace; None for a gone (or zombie) process."""
    try:
        return os.readlink(f"/proc/{pid}/ns/net")
    except OSError:
        return None


def pids_in_netns(namespaces: Iterable[str]) -> list[int]:
    wanted = set(namespaces)
    if not wanted:
        return []
    me = os.getpid()
    return [pid for pid in _pids() if pid != me and netns_of(pid) in wanted]


def _owner_of(pid: int) -> str | None:
    try:
        environ = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return None
    key = OWNER_ENV.encode() + b"="
    for entry in environ.split(b"\0"):
        if entry.startswith(key):
            return entry[len(key):].decode(errors="replace")
    return None


def kill_group(pid: int, sig: int = signal.SIGKILL) -> None:
    """Signal pid's process group (pid leads it) and pid itself; gone processes are fine."""
    for target in (lambda: os.killpg(pid, sig), lambda: os.kill(pid, sig)):
        try:
            target()
        except (ProcessLookupError, PermissionError):
            pass


def _live_group_members(pgid: int) -> list[int]:
    """Pids of pgid's process group that are not zombies (those are only waiting to be
    reaped, and run nothing)."""
    members = []
    for pid in _pids():
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if fields[2] == str(pgid) and fields[0] not in ("Z", "X"):
            members.append(pid)
    return members


def kill_group_and_wait(pgid: int, timeout: float = 3.0) -> bool:
    """SIGKILL pgid's process group and wait until none of it runs any more (a killed
    process takes a moment to die): when this returns True, nothing of it is left."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            os.killpg(pgid, signal.SIGKILL)
        except ProcessLookupError:
            return True  # an empty group: the common case, and no /proc scan
        except PermissionError:
            pass
        if not _live_group_members(pgid):
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.002)


def pin_netns(pid: int) -> tuple[int, str] | None:
    """(fd, 'net:[inode]') for pid's network namespace, or None if pid is gone. While the
    fd is open the namespace exists, so its inode cannot be reused by a namespace someone
    else makes: killing "every process in net:[inode]" then hits only what we mean."""
    try:
        fd = os.open(f"/proc/{pid}/ns/net", os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None
    return fd, os.readlink(f"/proc/self/fd/{fd}")


def kill_pids(pids: Iterable[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def kill_netns(namespaces: Iterable[str], timeout: float = 3.0) -> None:
    """SIGKILL every process in the given network namespaces until none is left; a process
    forking as fast as we kill is caught by the repeat. The namespaces must be pinned
    (pin_netns) by the caller."""
    namespaces = set(namespaces)
    deadline = time.monotonic() + timeout
    while True:
        victims = pids_in_netns(namespaces)
        if not victims or time.monotonic() > deadline:
            return
        kill_pids(victims)
        time.sleep(0.005)


def _reap(process: subprocess.Popen, timeout: float = 1.0) -> None:
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        pass


# --- cleanup -----------------------------------------------------------------------------

def cleanup() -> None:
    """Kill every process the harness started, stop every topology (killing whatever runs
    in its namespaces, which removes them with their links), remove the run directories.
    Safe to call any number of times, from a signal handler too."""
    with _lock:
        processes = list(_processes.values())
        _processes.clear()
        teardowns = list(reversed(_teardowns))
        _teardowns.clear()
        dirs = list(_dirs)
        _dirs.clear()
    for process in processes:
        if process.poll() is None:
            kill_group(process.pid)
    for teardown in teardowns:
        try:
            teardown()
        except Exception:  # noqa: BLE001 - one failed teardown must not stop the others
            pass
    for process in processes:
        _reap(process)
    for path in dirs:
        shutil.rmtree(path, ignore_errors=True)


def reap_stale() -> None:
    """Remove what runs that died without cleaning up (SIGKILL, a crash) left behind."""
    stale: list[int] = []
    owners: dict[str, bool] = {}
    for pid in _pids():
        token = _owner_of(pid)
        if token is None:
            continue
        if token not in owners:
            owners[token] = owner_alive(token)
        if not owners[token]:
            stale.append(pid)
    if stale:
        root_ns = netns_of(1)
        pins = {}
        for pid in stale:
            if netns_of(pid) not in (None, root_ns) and netns_of(pid) not in pins:
                pinned = pin_netns(pid)
                if pinned and pinned[1] != root_ns:
                    pins.setdefault(pinned[1], pinned[0])
                elif pinned:
                    os.close(pinned[0])
        try:
            kill_pids(stale)
            kill_netns(pins)
        finally:
            for fd in pins.values():
                os.close(fd)
    tmp = Path("/tmp")
    for path in tmp.glob(RUN_DIR_PREFIX + "*"):
        token = path.name[len(RUN_DIR_PREFIX):].rpartition("-")[0]
        if token and not owner_alive(token):
            shutil.rmtree(path, ignore_errors=True)


# --- when to clean up --------------------------------------------------------------------

def _in_mininet_cli(frame) -> bool:
    """Is the signal interrupting Mininet's interactive CLI (./lab shell)?"""
    while frame is not None:
        if frame.f_code.co_filename.endswith(os.path.join("mininet", "cli.py")):
            return True
        frame = frame.f_back
    return False


def _on_signal(sig, frame):
    # Ctrl-C in Mininet's CLI stops the command running in a host, and the CLI goes on
    # (it catches KeyboardInterrupt): the topology must stay. Everywhere else, clean up
    # at once, before anything else can go wrong; unwinding then finds nothing to do.
    if not (sig == signal.SIGINT and _in_mininet_cli(frame)):
        cleanup()
    previous = _previous.get(sig)
    if callable(previous):
        previous(sig, frame)  # SIGINT: Python's default raises KeyboardInterrupt
        return
    # SIG_DFL: end the way the signal would have ended us, now that nothing is left behind.
    signal.signal(sig, signal.SIG_DFL)
    os.kill(os.getpid(), sig)


_previous: dict[int, object] = {}


def install_handlers() -> None:
    """cleanup() at exit and on SIGINT, SIGTERM and SIGHUP. A handler someone else
    installed first is chained after ours; SIG_IGN is respected. Idempotent."""
    global _handlers_installed
    with _lock:
        if _handlers_installed:
            return
        _handlers_installed = True
    atexit.register(cleanup)
    if threading.current_thread() is not threading.main_thread():
        return  # signal handlers can only be set from the main thread
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        current = signal.getsignal(sig)
        if current in (signal.SIG_IGN, None):
            continue
        _previous[sig] = current
        signal.signal(sig, _on_signal)

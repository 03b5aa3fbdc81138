"""Running untrusted programs inside a topology's hosts, with limits.

    result = run(net.h1, ["np-ping", "-c", "1", net.h2.ip4], timeout=10)
    result.status, result.stdout, result.stderr, result.timed_out, result.duration
    result.command      # 'h1$ np-ping -c 1 10.0.0.2'
    result.summary()    # 'exit status 0 after 0.0 s; printed: PING 10.0.0.2 … | 64 bytes …'

    with Daemon(net.h2, ["np-server", "-p", "7"], run_dir=d) as server:
        wait_for(lambda: "listening" in server.stdout, timeout=5, what="the server to listen")
        ...
    server.result       # a Result, once stopped

A program runs with argv as given (no shell), in a session and process group of its own,
with LC_ALL=C so that numbers print the same everywhere. The time limit and the output
limit kill the whole group with SIGKILL; so does a process count over max_processes (root
is exempt from RLIMIT_NPROC, so the harness counts the session's processes itself, four
times a second). When the program itself exits, whatever it left running in its group is
killed too. Anything that escapes its group (setsid) still dies with the topology. The
watching is harness/bounded.py's supervise(), the same as for the grader's own commands.
"""

from __future__ import annotations

import contextlib
import os
import resource
import shlex
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Sequence, TypeVar

from harness import cleanup as _cleanup
from harness import zone as _zone
from harness.bounded import signal_name, stop_group, supervise
from harness.limits import size_text
from harness.topology import enter_argv

DEFAULT_TIMEOUT = 10.0
DEFAULT_OUTPUT_LIMIT = 1 << 20
DEFAULT_MAX_PROCESSES = 64
EXCERPT = 200  # characters of output quoted by Result.summary()

T = TypeVar("T")

# A crashing student binary must not leave core files in the working directory.
with contextlib.suppress(ValueError, OSError):
    resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))


# --- results -----------------------------------------------------------------------------

def _excerpt(text: str, limit: int = EXCERPT) -> str:
    """The first lines of text on one line, ' | ' between them, cut at limit characters."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    joined = " | ".join(lines)
    return joined if len(joined) <= limit else joined[: limit - 1].rstrip() + "…"


@dataclass
class Result:
    """How one run of a program ended.

    status: the exit status; negative -N when killed by signal N (as subprocess reports);
    None if it never ended (only for a Daemon that could not be killed).
    """

    command: str  # 'h1$ np-ping -c 1 10.0.0.2': the host's name and the argv, basename first
    argv: list[str]
    status: int | None
    stdout: str
    stderr: str
    timed_out: bool = False
    output_exceeded: bool = False  # printed more than output_limit bytes: killed
    too_many_processes: bool = False  # more than max_processes at once: killed
    duration: float = 0.0  # seconds from start to exit
    timeout: float | None = None
    output_limit: int | None = None
    max_processes: int | None = None
    stopped: bool = False  # a Daemon the harness stopped (SIGTERM, then SIGKILL)
    pid: int | None = None

    @property
    def ok(self) -> bool:
        """Exited by itself with status 0, within every limit."""
        return self.status == 0 and not (
            self.timed_out or self.output_exceeded or self.too_many_processes
        )

    @property
    def signal(self) -> int | None:
        """The signal that ended it, if one did."""
        return -self.status if self.status is not None and self.status < 0 else None

    @property
    def output(self) -> str:
        """stdout, then stderr."""
        return self.stdout + self.stderr

    def ending(self) -> str:
        """How it ended, in a few words: 'exit status 1 after 10.0 s'."""
        if self.output_exceeded:
            return f"killed: output over {size_text(self.output_limit or 0)}"
        if self.too_many_processes:
            return f"killed: more than {self.max_processes} processes at once"
        if self.timed_out:
            return f"timed out after {self.timeout:g} s"
        if self.status is None:
            return f"still running after {self.duration:.1f} s"
        if self.stopped:  # a Daemon still running when the test was done with it
            if self.signal == signal.SIGKILL:
                return f"ignored SIGTERM: killed by SIGKILL after {self.duration:.1f} s"
            if self.signal is not None:
                return f"stopped by {signal_name(self.signal)} after {self.duration:.1f} s"
            return f"stopped by SIGTERM after {self.duration:.1f} s, exit status {self.status}"
        if self.signal is not None:
            return f"killed by {signal_name(self.signal)} after {self.duration:.1f} s"
        return f"exit status {self.status} after {self.duration:.1f} s"

    def summary(self) -> str:
        """One or two lines for a failure story: how it ended and what it printed.

        'no output; exit status 1 after 10.0 s'
        'timed out after 10 s; printed: 64 bytes from 10.0.0.2: icmp_seq=1 …'
        'exit status 2 after 0.0 s; printed on stderr: np-ping: unknown host foo'
        """
        ending = self.ending()
        out, err = _excerpt(self.stdout), _excerpt(self.stderr)
        if not out and not err:
            return f"no output; {ending}"
        if not err:
            return f"{ending}; printed: {out}"
        if not out:
            return f"{ending}; printed on stderr: {err}"
        return f"{ending}; printed: {out}\nand on stderr: {_excerpt(self.stderr, EXCERPT // 2)}"

    def __str__(self) -> str:
        return f"{self.command}\n{self.summary()}"


# --- running -----------------------------------------------------------------------------

def _host_name(host) -> str:
    return getattr(host, "name", str(host))


def describe(host, argv: Sequence[object]) -> str:
    """'h1$ np-ping -c 1 10.0.0.2': how a command appears in a story."""
    words = [str(arg) for arg in argv]
    if words:
        words[0] = os.path.basename(words[0]) or words[0]
    return f"{_host_name(host)}$ {shlex.join(words)}"


def _environment(env: dict | None) -> dict:
    """Ours, with LC_ALL=C (tools print numbers the same everywhere), plus env."""
    result = dict(os.environ)
    result["LC_ALL"] = "C"
    result.update({key: str(value) for key, value in (env or {}).items()})
    return result


def _popen(host, argv: list[str], **kwargs) -> subprocess.Popen:
    """argv in host (a topology Host, or a bare Mininet node), in a new session; a topology
    Host decides whether it runs in the student zone (harness/zone.py)."""
    if hasattr(host, "node") and hasattr(host, "popen"):
        return host.popen(argv, **kwargs)
    kwargs.setdefault("start_new_session", True)
    process = host.popen(argv, mncmd=enter_argv(host.pid), **kwargs)
    _cleanup.track_process(process)
    return process


def _session_size(sid: int) -> int:
    """How many processes are in session sid (the run's; new sessions escape the count)."""
    count = 0
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{name}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if fields[3] == str(sid):  # field 6: session id
            count += 1
    return count


def run(
    host,
    argv: Sequence[object],
    timeout: float = DEFAULT_TIMEOUT,
    output_limit: int = DEFAULT_OUTPUT_LIMIT,
    env: dict | None = None,
    *,
    input: bytes | str | None = None,
    cwd: str | os.PathLike | None = None,
    max_processes: int = DEFAULT_MAX_PROCESSES,
) -> Result:
    """Run argv inside host and wait for it, within the limits; never raises for what the
    program does (it raises only if the program cannot be started at all).

    timeout: seconds; output_limit: bytes of stdout and stderr together; env: variables
    added to the harness's own; input: given on stdin (default: /dev/null).
    """
    argv = [str(arg) for arg in argv]
    command = describe(host, argv)
    stdin_file = None
    if input is not None:
        stdin_file = tempfile.TemporaryFile()
        stdin_file.write(input.encode() if isinstance(input, str) else input)
        stdin_file.seek(0)
    started = time.monotonic()
    try:
        process = _popen(
            host,
            argv,
            stdin=stdin_file if stdin_file is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_environment(env),
            cwd=cwd,
        )
    finally:
        if stdin_file is not None:
            stdin_file.close()

    # Root is exempt from RLIMIT_NPROC: the harness counts the run's processes itself,
    # those of its session (a child may well start a process group of its own).
    def too_many() -> str | None:
        if max_processes and _session_size(process.pid) > max_processes:
            return f"more than {max_processes} processes at once"
        return None

    try:
        seen = supervise(process, [process.stdout, process.stderr], started=started,
                         timeout=timeout, output_limit=output_limit, watch=too_many)
    finally:
        _cleanup.untrack_process(process)
    return Result(
        command=command,
        argv=argv,
        status=process.returncode,
        stdout=seen.outputs[0].decode("utf-8", errors="replace"),
        stderr=seen.outputs[1].decode("utf-8", errors="replace"),
        timed_out=seen.timed_out,
        output_exceeded=seen.flooded,
        too_many_processes=seen.limit is not None,
        duration=seen.duration,
        timeout=timeout,
        output_limit=output_limit,
        max_processes=max_processes,
        pid=process.pid,
    )


# --- daemons -----------------------------------------------------------------------------

class Daemon:
    """A program running in the background in a host while a test does other things.

    Its stdout and stderr go to files in run_dir (a fresh directory when not given);
    .stdout / .stderr read them at any moment. Leaving the `with` block (or .stop())
    sends SIGTERM to its process group, then SIGKILL after stop_timeout seconds.
    .wait(timeout) waits for it to end by itself. Both return (and keep in .result)
    a Result. output_limit caps each file it writes (RLIMIT_FSIZE; None: no cap).
    """

    def __init__(
        self,
        host,
        argv: Sequence[object],
        env: dict | None = None,
        run_dir: str | os.PathLike | None = None,
        *,
        name: str | None = None,
        stop_timeout: float = 2.0,
        output_limit: int | None = 16 << 20,
        cwd: str | os.PathLike | None = None,
    ):
        self.host = host
        self.argv = [str(arg) for arg in argv]
        self.command = describe(host, self.argv)
        self.env = env
        self.stop_timeout = stop_timeout
        self.output_limit = output_limit
        self.cwd = cwd
        self._own_dir = run_dir is None
        self.run_dir = Path(run_dir) if run_dir is not None else None
        self.name = name or os.path.basename(self.argv[0])
        self.process: subprocess.Popen | None = None
        self.result: Result | None = None
        self.stdout_path: Path | None = None
        self.stderr_path: Path | None = None
        self._started = 0.0

    def start(self) -> "Daemon":
        if self.process is not None:
            raise RuntimeError(f"{self.command}: already started")
        if self.run_dir is None:
            self.run_dir = make_run_dir()
        self.run_dir.mkdir(parents=True, exist_ok=True)
        stem = self.run_dir / self.name
        for n in range(1000):
            candidate = Path(f"{stem}.{n}" if n else str(stem))
            if not Path(f"{candidate}.out").exists():
                stem = candidate
                break
        self.stdout_path = Path(f"{stem}.out")
        self.stderr_path = Path(f"{stem}.err")
        argv = self.argv
        if self.output_limit is not None:
            # prlimit execs the program: the pid stays that of the program itself.
            argv = ["prlimit", f"--fsize={self.output_limit}", "--", *argv]
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self._started = time.monotonic()
            self.process = _popen(
                self.host,
                argv,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                env=_environment(self.env),
                cwd=self.cwd,
            )
        return self

    @property
    def pid(self) -> int:
        if self.process is None:
            raise RuntimeError(f"{self.command}: not started")
        return self.process.pid

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def _read(self, path: Path | None) -> str:
        if path is None:
            return ""
        try:
            return path.read_bytes().decode("utf-8", errors="replace")
        except OSError:
            return ""

    @property
    def stdout(self) -> str:
        """What it has printed on stdout so far."""
        return self._read(self.stdout_path)

    @property
    def stderr(self) -> str:
        return self._read(self.stderr_path)

    def _finish(self, *, timed_out: bool = False, stopped: bool = False,
                timeout: float | None = None) -> Result:
        assert self.process is not None
        status = self.process.poll()
        if status is not None:
            _cleanup.kill_group_and_wait(self.process.pid)  # whatever it left in its group
            _cleanup.untrack_process(self.process)
        self.result = Result(
            command=self.command,
            argv=self.argv,
            status=status,
            stdout=self.stdout,
            stderr=self.stderr,
            timed_out=timed_out,
            # Over its RLIMIT_FSIZE (prlimit --fsize), a write raises SIGXFSZ.
            output_exceeded=status == -signal.SIGXFSZ and self.output_limit is not None,
            stopped=stopped,
            duration=time.monotonic() - self._started,
            timeout=timeout,
            output_limit=self.output_limit,
            pid=self.process.pid,
        )
        return self.result

    def wait(self, timeout: float = DEFAULT_TIMEOUT) -> Result:
        """Wait for it to exit by itself; if it has not after timeout seconds, stop it
        and report it as timed out."""
        if self.result is not None:
            return self.result
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self._terminate()
            return self._finish(timed_out=True, timeout=timeout)
        return self._finish()

    def _terminate(self) -> None:
        stop_group(self.process, term_grace=self.stop_timeout)

    def stop(self) -> Result:
        """SIGTERM to its group, SIGKILL after stop_timeout seconds; idempotent."""
        if self.result is not None:
            return self.result
        if self.process is None:
            raise RuntimeError(f"{self.command}: not started")
        stopped = self.process.poll() is None
        if stopped:
            self._terminate()
        return self._finish(stopped=stopped)

    def __enter__(self) -> "Daemon":
        return self.start()

    def __exit__(self, *exc) -> None:
        if self.process is not None:
            self.stop()
        if self._own_dir and self.run_dir is not None:
            remove_run_dir(self.run_dir)


# --- waiting -----------------------------------------------------------------------------

def wait_for(predicate: Callable[[], T], timeout: float = 5.0, what: str = "a condition",
             interval: float = 0.005) -> T:
    """Call predicate until it returns something true, and return that; raise TimeoutError
    naming `what` once timeout seconds have passed. Polls fast at first, then every 0.1 s."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        now = time.monotonic()
        if now >= deadline:
            raise TimeoutError(f"gave up after {timeout:g} s waiting for {what}")
        time.sleep(min(interval, deadline - now))
        interval = min(interval * 2, 0.1)


# --- run directories ---------------------------------------------------------------------

def make_run_dir() -> Path:
    """A fresh directory for a test's sockets, pid files, logs and configs, with a short
    path (Unix socket paths are limited to 107 bytes); removed by cleanup() at the latest."""
    path = Path(tempfile.mkdtemp(prefix=f"{_cleanup.RUN_DIR_PREFIX}{_cleanup.owner_token()}-",
                                 dir="/tmp"))
    path.chmod(0o755)
    zone = _zone.active()
    if zone is not None:  # programs under test write here: it must be their root's
        os.chown(path, zone.harness_id(0), zone.harness_id(0))
    if not os.environ.get("NP_KEEP_RUN_DIRS"):
        _cleanup.track_dir(path)
    return path


def remove_run_dir(path: Path) -> None:
    if os.environ.get("NP_KEEP_RUN_DIRS"):
        return
    _cleanup.untrack_dir(path)
    shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def tmp_run_dir() -> Iterator[Path]:
    """with tmp_run_dir() as d: a fresh per-test directory, removed afterwards
    (kept when NP_KEEP_RUN_DIRS is set, for looking at it after a failure)."""
    path = make_run_dir()
    try:
        yield path
    finally:
        remove_run_dir(path)

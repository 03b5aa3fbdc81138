"""Running a program within limits: the one place that holds the clock, caps the output
and kills what is left.

    run = bounded_run(["cmake", "--build", "build"], timeout=900, output_limit=4 << 20)
    run.status, run.output, run.timed_out, run.flooded, run.limit
    describe_end(run)                  # 'exit status 2', 'timed out after 900 s', …

supervise() watches a program that was started in a process group of its own: it reads
its pipes (keeping at most output_limit bytes in all), stops it when its time is up, when
it prints too much, or when a watch function names a limit it went over, and when the
program is done, kills whatever it left running in its group. Both ways the harness runs
a program go through it: bounded_run() below, for the grader's own commands (a build,
pytest, the sandbox's launcher), and harness.run.run(), for a program in a topology's host.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Callable

from .cleanup import kill_group_and_wait
from .limits import size_text

WATCH_INTERVAL = 0.25  # seconds between two calls of a run's watch function
POLL = 0.05  # seconds at most between two looks at the program
TERM_GRACE = 3.0  # seconds bounded_run gives a program after SIGTERM, before SIGKILL
DRAIN = 5.0  # seconds bounded_run reads what a finished program's group still held
LAST_WORDS = 1.0  # seconds to read what a stopped program's pipes still hold, at most

Watch = Callable[[], "str | None"]  # a limit gone over, in words ('disk limit 2 GiB'), or None


# --- how a run ended ------------------------------------------------------------------------

@dataclass
class Supervised:
    """What supervise() saw of a program."""

    outputs: list[bytes]  # what each pipe carried, in the order given, at most the limit in all
    timed_out: bool = False
    flooded: bool = False  # printed more than the output limit
    limit: str | None = None  # the limit a watch function named, in words
    duration: float = 0.0  # seconds from the start to its exit, or to the limit it went over


@dataclass
class Bounded:
    """How a command of bounded_run() ended."""

    argv: list[str]
    status: int | None  # exit status; negative = killed by that signal; None = never ended
    output: str  # stdout and stderr together, at most the output limit
    timed_out: bool = False
    flooded: bool = False  # printed more than the output limit
    duration: float = 0.0
    output_limit: int = 0
    limit: str | None = None  # a limit the run hit, in words: 'memory limit 1 GiB'

    @property
    def ok(self) -> bool:
        return self.status == 0 and not self.timed_out and not self.flooded and not self.limit


def signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def describe_end(run: Bounded) -> str:
    """'exit status 1', 'killed by SIGSEGV', 'timed out after 60 s', … in words."""
    if run.limit:
        return f"exceeded its {run.limit} and was stopped"
    if run.timed_out:
        return f"timed out after {run.duration:.0f} s"
    if run.flooded:
        return f"printed more than {size_text(run.output_limit)} and was stopped"
    if run.status is None:
        return "did not end"
    if run.status < 0:
        return f"killed by {signal_name(-run.status)}"
    return f"exit status {run.status}"


# --- stopping ----------------------------------------------------------------------------------

def _signal(process: subprocess.Popen, sig: int) -> None:
    """sig to process's group, and to process itself until it is reaped (a program started
    in a host by a helper may not lead its group; once reaped, its pid may be another's)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(process.pid, sig)


def stop_group(process: subprocess.Popen, *, interrupt_grace: float = 0.0,
               term_grace: float = 0.0) -> None:
    """End process and everything in its process group: SIGINT first when there is an
    interrupt_grace (time to clean up, as pytest tears its networks down), SIGTERM when
    there is a term_grace, then SIGKILL. When it returns, nothing of the group runs."""
    for sig, grace in ((signal.SIGINT, interrupt_grace), (signal.SIGTERM, term_grace)):
        if grace > 0 and process.poll() is None:
            _signal(process, sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=grace)
    _signal(process, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)
    # A killed process takes a moment to die, and the group may hold more than process.
    kill_group_and_wait(process.pid)


# --- watching ----------------------------------------------------------------------------------

def supervise(process: subprocess.Popen, pipes: list[IO[bytes]], *, started: float,
              timeout: float, output_limit: int, kill_on_flood: bool = True,
              watch: Watch | None = None, interrupt_grace: float = 0.0, term_grace: float = 0.0,
              drain: float | None = None) -> Supervised:
    """Watch process (the leader of its own process group, started at `started`, a
    time.monotonic()) until it has exited and its pipes are closed, or it is stopped.

    It is stopped (stop_group, with the graces given) when timeout seconds have passed
    since it started, when its pipes carried more than output_limit bytes in all (unless
    not kill_on_flood: the rest is then read and dropped), or when watch, called a few
    times a second while it runs, names a limit. When it exits by itself, its group is
    killed at once, so that a child it left cannot hold the pipes; the pipes are then read
    until they close, for at most drain seconds (None: until the time limit). A program
    that was stopped has what it printed meanwhile read too, for at most drain seconds
    (None: LAST_WORDS). Interrupted itself (Ctrl-C), it stops the program the same way,
    then lets the exception go on. The pipes are closed when it returns.
    """
    seen = Supervised(outputs=[b""] * len(pipes))
    kept = [bytearray() for _ in pipes]
    total = 0
    selector = selectors.DefaultSelector()
    for index, pipe in enumerate(pipes):
        os.set_blocking(pipe.fileno(), False)
        selector.register(pipe, selectors.EVENT_READ, index)

    def read(wait: float) -> None:
        """What the pipes hold, waiting at most `wait` seconds for some."""
        nonlocal total
        for key, _ in selector.select(timeout=max(wait, 0)):
            try:
                data = os.read(key.fd, 1 << 16)
            except BlockingIOError:
                continue
            if not data:
                selector.unregister(key.fileobj)
                continue
            kept[key.data] += data[: max(output_limit - total, 0)]
            total += len(data)
            seen.flooded = seen.flooded or total > output_limit

    deadline = started + timeout
    exited_at: float | None = None
    next_watch = started + WATCH_INTERVAL
    try:
        while True:
            now = time.monotonic()
            if exited_at is None and process.poll() is not None:
                exited_at = now
                _signal(process, signal.SIGKILL)  # what it left behind goes with it
            if exited_at is not None and (not selector.get_map() or (
                    drain is not None and now >= exited_at + drain)):
                break
            if now >= deadline:
                seen.timed_out = exited_at is None
                break
            if seen.flooded and kill_on_flood:
                break
            if exited_at is None and watch is not None and now >= next_watch:
                next_watch = now + WATCH_INTERVAL
                seen.limit = watch()
                if seen.limit:
                    break
            if selector.get_map():
                read(min(POLL, deadline - now))
            else:  # it closed its pipes but runs on: wait for it
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=min(POLL, deadline - now))
        if process.poll() is None:
            stop_group(process, interrupt_grace=interrupt_grace, term_grace=term_grace)
            # What it printed while it was made to stop (a clean-up's last words) counts too.
            last = time.monotonic() + (drain if drain is not None else LAST_WORDS)
            while selector.get_map() and time.monotonic() < last:
                read(last - time.monotonic())
        else:
            kill_group_and_wait(process.pid)
    except BaseException:
        try:
            stop_group(process, interrupt_grace=interrupt_grace, term_grace=term_grace)
        except BaseException:
            _signal(process, signal.SIGKILL)
        raise
    finally:
        selector.close()
        for pipe in pipes:
            pipe.close()
    # Until it exited, or until it was found over a limit (not until it was made to stop).
    seen.duration = (exited_at if exited_at is not None else now) - started
    seen.outputs = [bytes(data) for data in kept]
    return seen


def bounded_run(argv: list[str], *, timeout: float, output_limit: int = 1 << 20,
                cwd: Path | None = None, env: dict | None = None,
                kill_on_flood: bool = True, interrupt_grace: float = 0.0,
                pass_fds: tuple[int, ...] = (), keep_stderr: bool = True,
                watch: Watch | None = None) -> Bounded:
    """Run argv in its own process group with a time limit and an output limit.

    When the time runs out (or the output overflows and kill_on_flood), the group first
    gets SIGINT and interrupt_grace seconds to clean up (0: none), then SIGTERM, then
    SIGKILL. Whatever happens, no process of the group is left running.

    pass_fds: descriptors of ours the program gets, at the same numbers (the unit tests'
    report pipe); it gets no other descriptor but 0, 1 and 2. keep_stderr=False sends stderr to
    /dev/null, so that the output is stdout alone (a preprocessor's). watch: called a few
    times a second while the program runs; when it names a limit ('disk limit 2 GiB'),
    the program is stopped as for a time-out and the run records that limit.
    """
    started = time.monotonic()
    argv = [str(arg) for arg in argv]
    process = subprocess.Popen(
        argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT if keep_stderr else subprocess.DEVNULL,
        start_new_session=True, pass_fds=tuple(pass_fds))
    seen = supervise(process, [process.stdout], started=started, timeout=timeout,
                     output_limit=output_limit, kill_on_flood=kill_on_flood, watch=watch,
                     interrupt_grace=interrupt_grace, term_grace=TERM_GRACE, drain=DRAIN)
    return Bounded(
        argv=argv, status=process.returncode,
        output=seen.outputs[0].decode("utf-8", errors="replace"),
        timed_out=seen.timed_out, flooded=seen.flooded, duration=seen.duration,
        output_limit=output_limit, limit=seen.limit)

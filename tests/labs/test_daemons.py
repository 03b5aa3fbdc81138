"""Graded network tests of the daemons lab.

np-daemond runs in h2 and is questioned from outside: its UDP service from h1, the rest
from /proc/<pid> (Mininet hosts share the machine's pid namespace, so the test sees the
daemon's /proc entries), its PID file, and a syslog socket the test binds in run_dir.
Its log datagrams are compared with what util-linux `logger -u SOCKET` sends.
Points and hints live in tests/labs/daemons.toml.

A daemon escapes the harness's process group on purpose (setsid): the `reaper` fixture
kills every process whose command line names the test's run_dir when the test ends.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import os
import re
import signal
import socket
import subprocess
import termios
import time
from pathlib import Path

import pytest

from harness import cleanup
from harness.run import Daemon, Result, describe, run, wait_for

LAUNCH_TIMEOUT = 5.0  # np-daemond (the command, not the daemon) returns at once when right
QUERY_CLIENT = r"""
import socket, sys
host, port = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(float(sys.argv[3]))
s.sendto(b"hello?\n", (host, port))
try:
    sys.stdout.write(s.recv(4096).decode(errors="replace"))
except OSError:
    sys.exit(1)
"""
# glibc's local syslog format, as logger -u sends it too: <PRI>Mmm dd hh:mm:ss IDENT[PID]: MSG
SYSLOG_LINE = re.compile(
    r"\A<(\d{1,3})>([A-Z][a-z]{2} [ 1-3]\d \d\d:\d\d:\d\d) ([^\s\[\]]+)\[(\d+)\]: (.*)\Z", re.S
)
LOG_DAEMON = 3  # facility number: PRI = facility * 8 + severity


# --- starting and finding daemons ------------------------------------------------------

@pytest.fixture
def reaper(run_dir):
    """At the end of the test, kills every process whose command line names run_dir
    (daemons started by the test, whatever state the test left them in)."""
    yield
    for _ in range(50):
        pids = processes_naming(str(run_dir))
        if not pids:
            return
        cleanup.kill_pids(pids)
        time.sleep(0.02)


def _stat_fields(pid: int) -> list[str] | None:
    """Fields 3 onwards of /proc/pid/stat (state, ppid, pgrp, session, tty_nr, ...)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat[stat.rindex(")") + 2:].split()


def alive(pid: int) -> bool:
    """Running (a zombie has finished: it only waits for its parent to reap it)."""
    fields = _stat_fields(pid)
    return fields is not None and fields[0] not in ("Z", "X")


def processes_naming(word: str) -> list[int]:
    """Live processes with `word` in one of their arguments."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit() or int(name) == os.getpid():
            continue
        try:
            argv = Path(f"/proc/{name}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(word.encode() in arg for arg in argv) and alive(int(name)):
            found.append(int(name))
    return found


def write_config(path: Path, port: int, reply: str, extra: str = "") -> Path:
    path.write_text(f"# np-daemond test configuration\nport {port}\n{extra}reply {reply}\n")
    return path


def launch(story, host, argv, run_dir: Path, *, name="launch", stdin=None, umask=None,
           cwd=None, pass_fds=()) -> Result:
    """Runs np-daemond as a shell would and waits until the command returns (the daemon
    stays behind). Its output goes to files in run_dir: a daemon that keeps them open must
    not keep us waiting."""
    argv = [str(arg) for arg in argv]
    story.did(describe(host, argv))
    out_path, err_path = run_dir / f"{name}.out", run_dir / f"{name}.err"
    kwargs = {"umask": umask} if umask is not None else {}
    started = time.monotonic()
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        process = host.popen(argv, stdin=stdin if stdin is not None else subprocess.DEVNULL,
                             stdout=out, stderr=err, cwd=cwd, pass_fds=tuple(pass_fds),
                             env=dict(os.environ, LC_ALL="C"), **kwargs)
    timed_out = False
    try:
        process.wait(timeout=LAUNCH_TIMEOUT)
    except subprocess.TimeoutExpired:
        timed_out = True
        cleanup.kill_group_and_wait(process.pid)
        process.wait()
    finally:
        cleanup.untrack_process(process)
    return Result(command=describe(host, argv), argv=argv, status=process.returncode,
                  stdout=out_path.read_text(errors="replace"),
                  stderr=err_path.read_text(errors="replace"), timed_out=timed_out,
                  duration=time.monotonic() - started, timeout=LAUNCH_TIMEOUT, pid=process.pid)


@contextlib.contextmanager
def terminal_session(story, host, argv, run_dir: Path):
    """Runs argv from a shell that leads a session whose controlling terminal is a new
    pseudo-terminal, and that stays alive afterwards (while the session leader lives, a
    process left in the session keeps the terminal). Yields (Result of argv, shell pid)."""
    argv = [str(arg) for arg in argv]
    story.did(f"(from a shell leading a session, its controlling terminal a new pty) "
              f"{describe(host, argv)}")
    status_path = run_dir / "terminal.status"
    # The shell writes np-daemond's exit status to a file, then stays (as sleep).
    script = '"$@"; printf "%s" "$?" > "$S.tmp"; mv "$S.tmp" "$S"; exec sleep 60'
    master, slave = os.openpty()
    started = time.monotonic()
    with open(run_dir / "terminal.out", "wb") as out, open(run_dir / "terminal.err", "wb") as err:
        shell = host.popen(["/bin/sh", "-c", script, "sh", *argv],
                           stdin=slave, stdout=out, stderr=err, env=dict(os.environ, LC_ALL="C",
                                                                         S=str(status_path)),
                           preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))
    os.close(slave)
    try:
        try:
            wait_for(status_path.exists, timeout=LAUNCH_TIMEOUT, what="np-daemond to return")
            status, timed_out = int(status_path.read_text()), False
        except TimeoutError:
            status, timed_out = None, True
        yield Result(command=describe(host, argv), argv=argv, status=status,
                     stdout=(run_dir / "terminal.out").read_text(errors="replace"),
                     stderr=(run_dir / "terminal.err").read_text(errors="replace"),
                     timed_out=timed_out, duration=time.monotonic() - started,
                     timeout=LAUNCH_TIMEOUT), shell.pid
    finally:
        cleanup.kill_group_and_wait(shell.pid)
        shell.wait()
        cleanup.untrack_process(shell)
        os.close(master)


def expect_started(story, result: Result) -> None:
    story.check(
        result.status == 0 and not result.timed_out,
        expected="np-daemond returns to the shell with status 0 once the daemon runs "
        "(the original process and the first child exit; the grandchild serves)",
        saw=result.summary(),
    )


def find_daemon(story, config: Path) -> int:
    """The pid of the one live process started with `config` (the parents that were on
    their way out are gone by then)."""
    try:
        pids = wait_for(lambda: len(found := processes_naming(str(config))) == 1 and found,
                        timeout=3, what="the daemon")
    except TimeoutError:
        pids = processes_naming(str(config))
        story.fail(expected=f"one daemon process running with -f {config}",
                   saw=f"{len(pids)} processes: pids {pids}" if pids else "no such process")
    return pids[0]


def start_daemon(story, host, tool, run_dir: Path, port: int, reply: str = "hello", *,
                 log_socket: Path | None = None, extra_args=(), name="d", **launch_args):
    """Writes a config, launches np-daemond in daemon mode, checks it returned 0, and
    returns (pid, config path, PID file path)."""
    config = write_config(run_dir / f"{name}.conf", port, reply)
    pid_file = run_dir / f"{name}.pid"
    argv = [tool("np-daemond"), "-f", config, "-P", pid_file]
    if log_socket is not None:
        argv += ["-L", log_socket]
    result = launch(story, host, [*argv, *extra_args], run_dir, name=name, **launch_args)
    expect_started(story, result)
    # Serving means become_daemon has returned in the daemon, even if the command that
    # started it did not wait for that.
    with contextlib.suppress(TimeoutError):
        wait_for(lambda: query(host, "127.0.0.1", port, wait=0.5) is not None, timeout=3,
                 what="the daemon to serve")
    return find_daemon(story, config), config, pid_file


def query(client, server_addr: str, port: int, wait: float = 1.0) -> str | None:
    """The reply text np-daemond sends back to one datagram from client, or None."""
    result = run(client, ["/usr/bin/python3", "-c", QUERY_CLIENT, server_addr, port, wait],
                 timeout=wait + 5)
    return result.stdout.strip() if result.status == 0 else None


def expect_reply(story, client, server, port: int, text: str, timeout: float = 3.0) -> None:
    story.did(f"{client.name}: a UDP datagram to {server.ip4} port {port}")
    seen: list[str | None] = []

    def answered():
        seen.append(query(client, server.ip4, port))
        return seen[-1] == text

    try:
        wait_for(answered, timeout=timeout, what="the reply")
    except TimeoutError:
        story.fail(expected=f"the reply '{text}'",
                   saw=f"the reply '{seen[-1]}'" if seen and seen[-1] is not None
                   else "no reply")


def proc_status(pid: int) -> dict[str, str]:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    return dict(line.split(":\t", 1) for line in text.splitlines() if ":\t" in line)


def open_fds(pid: int) -> dict[int, str]:
    """Descriptor number -> what it points at."""
    fds = {}
    with_dir = Path(f"/proc/{pid}/fd")
    for entry in with_dir.iterdir():
        try:
            fds[int(entry.name)] = os.readlink(entry)
        except OSError:
            pass
    return fds


def ancestors(pid: int) -> list[int]:
    """pid's parent, its parent's parent, ... up to (not including) 0."""
    chain = []
    while True:
        fields = _stat_fields(pid)
        if fields is None or int(fields[1]) == 0:
            return chain
        pid = int(fields[1])
        chain.append(pid)


def send_signal(story, pid: int, sig: signal.Signals) -> None:
    story.did(f"kill -{sig.name[3:]} {pid}")
    os.kill(pid, sig)


def expect_gone(story, pid: int, why: str, timeout: float = 5.0) -> None:
    try:
        wait_for(lambda: not alive(pid), timeout=timeout, what="the daemon to exit")
    except TimeoutError:
        story.fail(expected=f"the daemon exits {why}",
                   saw=f"pid {pid} still running after {timeout:g} s")


class LogListener:
    """A Unix datagram socket in run_dir standing in for /dev/log."""

    def __init__(self, path: Path):
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(path))
        os.chmod(path, 0o666)
        self.datagrams: list[bytes] = []

    def collect(self, until, timeout: float = 3.0) -> bytes | None:
        """Reads datagrams until one satisfies until(datagram); returns it, or None."""
        for datagram in self.datagrams:
            if until(datagram):
                return datagram
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            self.sock.settimeout(left)
            try:
                datagram = self.sock.recv(65536)
            except (TimeoutError, socket.timeout):
                break
            self.datagrams.append(datagram)
            if until(datagram):
                return datagram
        return None

    def seen(self) -> str:
        if not self.datagrams:
            return "no datagram on the log socket"
        return "datagrams: " + " | ".join(repr(d)[:150] for d in self.datagrams[-4:])

    def close(self):
        self.sock.close()


def parse_syslog(datagram: bytes):
    """(pri, timestamp, ident, pid, message) of a datagram in glibc's format, or None."""
    m = SYSLOG_LINE.match(datagram.decode(errors="replace"))
    if not m or "\n" in m.group(5):
        return None
    return int(m.group(1)), m.group(2), m.group(3), int(m.group(4)), m.group(5)


# --- the tests ---------------------------------------------------------------------------

def test_detached(pair_net, tool, story, run_dir, reaper):
    h1, h2 = pair_net.h1, pair_net.h2
    config = write_config(run_dir / "d.conf", 7001, "hello")
    argv = [tool("np-daemond"), "-f", config, "-P", run_dir / "d.pid"]
    with terminal_session(story, h2, argv, run_dir) as (result, shell):
        expect_started(story, result)
        expect_reply(story, h1, h2, 7001, "hello")
        pid = find_daemon(story, config)
        fields = _stat_fields(pid)
        ppid, pgrp, session, tty_nr = (int(f) for f in fields[1:5])
        # An orphan goes to the nearest ancestor that made itself a child subreaper, else
        # to pid 1. Mininet hosts share the machine's pid namespace, so that is the
        # machine's init, or a subreaper among our own ancestors (a service manager, a
        # container's init, this test process): the only processes that can adopt it.
        adopters = {1, os.getpid(), *ancestors(os.getpid())}
        story.check(
            ppid in adopters,
            expected="a parent that adopts orphans: pid 1 or a subreaper above the test "
            f"({', '.join(map(str, sorted(adopters)))}), not the command that started it",
            saw=f"PPid {ppid}",
        )
        story.check(
            session not in (shell, pid) and pgrp == session,
            expected=f"a session of its own (setsid in the first child), led by a process "
            f"that has left: session id neither the shell's ({shell}) nor its own ({pid}), "
            "and the process group that setsid made",
            saw=f"pid {pid}, session {session}, process group {pgrp}",
        )
        story.check(tty_nr == 0,
                    expected="no controlling terminal (tty_nr 0 in /proc/pid/stat), though "
                    "the shell that started it still has one",
                    saw=f"tty_nr {tty_nr}")


def test_fresh_environment(pair_net, tool, story, run_dir, reaper):
    h1, h2 = pair_net.h1, pair_net.h2
    canary = os.open(run_dir / "canary", os.O_CREAT | os.O_RDWR, 0o644)
    try:
        story.did(f"(started in {run_dir} with umask 027 and descriptor {canary} open on "
                  f"{run_dir}/canary)")
        pid, _, _ = start_daemon(story, h2, tool, run_dir, 7002, umask=0o027, cwd=run_dir,
                                 pass_fds=[canary])
    finally:
        os.close(canary)
    expect_reply(story, h1, h2, 7002, "hello")
    cwd = os.readlink(f"/proc/{pid}/cwd")
    story.check(cwd == "/", expected="working directory / (chdir)", saw=f"cwd {cwd}")
    umask = proc_status(pid).get("Umask")
    story.check(umask == "0000", expected="umask 0000", saw=f"Umask {umask}")
    fds = open_fds(pid)
    standard = {fd: fds.get(fd, "(closed)") for fd in (0, 1, 2)}
    story.check(
        all(target == "/dev/null" for target in standard.values()),
        expected="descriptors 0, 1 and 2 on /dev/null",
        saw=", ".join(f"{fd} -> {target}" for fd, target in standard.items()),
    )
    leaked = [fd for fd, target in fds.items() if target.endswith("/canary")]
    story.check(not leaked, expected="the inherited descriptor closed",
                saw=f"descriptor {leaked[0] if leaked else ''} still open on {run_dir}/canary")


def test_skip_flags(pair_net, tool, story, run_dir, reaper):
    h2 = pair_net.h2
    canary = os.open(run_dir / "canary", os.O_CREAT | os.O_RDWR, 0o644)
    stdin = os.open(run_dir / "stdin", os.O_CREAT | os.O_RDWR, 0o644)
    try:
        story.did(f"(each started in {run_dir} with umask 027, stdin a file, and descriptor "
                  f"{canary} open on {run_dir}/canary)")
        for index, step in enumerate(["chdir", "umask", "close", "reopen"]):
            pid, _, _ = start_daemon(story, h2, tool, run_dir, 7010 + index, name=step,
                                     extra_args=["--skip", step], umask=0o027, cwd=run_dir,
                                     pass_fds=[canary], stdin=stdin)
            fds = open_fds(pid)
            done = {
                "chdir": os.readlink(f"/proc/{pid}/cwd") == "/",
                "umask": proc_status(pid).get("Umask") == "0000",
                "close": not any(target.endswith("/canary") for target in fds.values()),
                "reopen": all(fds.get(fd) == "/dev/null" for fd in (0, 1, 2)),
            }
            undone = [name for name, happened in done.items() if not happened]
            story.check(
                undone == [step],
                expected=f"--skip {step}: that step left undone, and only that one",
                saw=f"steps not done: {', '.join(undone) or 'none'} (cwd "
                f"{os.readlink(f'/proc/{pid}/cwd')}, Umask {proc_status(pid).get('Umask')}, "
                f"descriptors {dict(sorted(fds.items())[:6])})",
            )
            os.kill(pid, signal.SIGKILL)
    finally:
        os.close(canary)
        os.close(stdin)


def _locks_on(path: Path) -> list[str]:
    """Lines of /proc/locks about the file at path (matched by inode)."""
    inode = os.stat(path).st_ino
    lines = Path("/proc/locks").read_text().splitlines()
    return [line for line in lines if re.search(rf" [0-9a-f]+:[0-9a-f]+:{inode} ", line)]


def test_pid_file_locked(pair_net, tool, story, run_dir, reaper):
    pid, _, pid_file = start_daemon(story, pair_net.h2, tool, run_dir, 7003)
    with contextlib.suppress(TimeoutError):
        wait_for(pid_file.exists, timeout=2, what="the PID file")
    text = pid_file.read_text() if pid_file.exists() else None
    story.check(
        text is not None and re.fullmatch(r"\d+\n", text) and int(text) == pid,
        expected=f"the PID file {pid_file} holding the daemon's pid: '{pid}\\n'",
        saw="no such file" if text is None else f"'{text!r}'",
    )
    locks = _locks_on(pid_file)
    story.check(locks, expected="a lock on the PID file in /proc/locks (fcntl, flock or OFD)",
                saw="no lock on its inode")


def test_second_instance_refused(pair_net, tool, story, run_dir, reaper):
    h1, h2 = pair_net.h1, pair_net.h2
    pid, _, pid_file = start_daemon(story, h2, tool, run_dir, 7004, reply="first")
    second = write_config(run_dir / "second.conf", 7005, "second")
    result = launch(story, h2, [tool("np-daemond"), "-f", second, "-P", pid_file], run_dir,
                    name="second")
    lines = result.stderr.strip().splitlines()
    story.check(
        result.status == 1 and not result.timed_out and len(lines) == 1
        and lines[0].startswith("np-daemond: "),
        expected="the second instance refuses: one line 'np-daemond: …' on stderr, "
        "exit status 1 (reported by the command, through the startup pipe)",
        saw=result.summary(),
    )
    try:
        wait_for(lambda: not processes_naming(str(second)), timeout=3, what="the second to end")
    except TimeoutError:
        story.fail(expected="no second daemon left running",
                   saw=f"pids {processes_naming(str(second))} still running")
    text = pid_file.read_text() if pid_file.exists() else ""
    story.check(alive(pid) and text.strip() == str(pid),
                expected=f"the first daemon still running, its PID file still '{pid}'",
                saw=f"alive: {alive(pid)}, PID file: {text.strip()!r}")
    expect_reply(story, h1, h2, 7004, "first")


def test_sighup_reload(pair_net, tool, story, run_dir, reaper):
    h1, h2 = pair_net.h1, pair_net.h2
    pid, config, pid_file = start_daemon(story, h2, tool, run_dir, 7006, reply="before")
    expect_reply(story, h1, h2, 7006, "before")
    story.did(f"(rewrote {config.name}: reply after the reload)")
    write_config(config, 7006, "after the reload")
    send_signal(story, pid, signal.SIGHUP)
    expect_reply(story, h1, h2, 7006, "after the reload")
    story.check(alive(pid) and processes_naming(str(config)) == [pid],
                expected=f"the same daemon, pid {pid}, still running (no restart)",
                saw=f"daemon pids now: {processes_naming(str(config))}")


def test_sigterm_cleanup(pair_net, tool, story, run_dir, reaper):
    pid, _, pid_file = start_daemon(story, pair_net.h2, tool, run_dir, 7007)
    with contextlib.suppress(TimeoutError):
        wait_for(pid_file.exists, timeout=2, what="the PID file")
    story.check(pid_file.exists(), expected=f"the PID file {pid_file.name} while it runs",
                saw="no PID file")
    send_signal(story, pid, signal.SIGTERM)
    expect_gone(story, pid, "on SIGTERM")
    story.check(not pid_file.exists(), expected="the PID file removed on SIGTERM",
                saw=f"{pid_file.name} still there")


def test_foreground(pair_net, tool, story, run_dir, reaper):
    h1, h2 = pair_net.h1, pair_net.h2
    config = write_config(run_dir / "fg.conf", 7008, "in the foreground")
    for sig in (signal.SIGTERM, signal.SIGINT):
        pid_file = run_dir / f"fg-{sig.name}.pid"
        argv = [tool("np-daemond"), "-n", "-f", config, "-P", pid_file]
        with Daemon(h2, argv, run_dir=run_dir) as daemon:
            story.did(daemon.command)

            def pid_written():
                return pid_file.exists() and pid_file.read_text().strip() == str(daemon.pid)

            try:
                wait_for(lambda: pid_written() or not daemon.alive(), timeout=3,
                         what="the PID file")
            except TimeoutError:
                pass
            story.check(
                daemon.alive() and pid_written(),
                expected=f"-n: the started process itself serves and writes its pid "
                f"{daemon.pid} in the PID file",
                saw=daemon.result.summary() if daemon.result else
                (f"PID file {pid_file.read_text().strip()!r}" if pid_file.exists()
                 else f"no PID file; {'running' if daemon.alive() else 'exited'}"),
            )
            expect_reply(story, h1, h2, 7008, "in the foreground")
            send_signal(story, daemon.pid, sig)
            result = daemon.wait(timeout=5)
        story.check(
            result.status == 0 and not result.timed_out,
            expected=f"exit status 0 on {sig.name}",
            saw=result.summary(),
        )
        story.check(not pid_file.exists(), expected=f"the PID file removed on {sig.name}",
                    saw=f"{pid_file.name} still there")


def test_syslog_messages(pair_net, tool, story, run_dir, reaper):
    h2 = pair_net.h2
    listener = LogListener(run_dir / "log.sock")
    try:
        story.did(f"(listening on the Unix datagram socket {listener.path})")
        pid, _, _ = start_daemon(story, h2, tool, run_dir, 7009, log_socket=listener.path)
        got = listener.collect(lambda d: parse_syslog(d) is not None)
        story.check(got is not None,
                    expected="a message at start, in glibc's format: "
                    f"<PRI>Mmm dd hh:mm:ss np-daemond[{pid}]: …",
                    saw=listener.seen())
        pri, stamp, ident, sender, _ = parse_syslog(got)
        story.check(
            ident == "np-daemond" and sender == pid and pri // 8 == LOG_DAEMON,
            expected=f"ident np-daemond, pid {pid}, facility daemon (PRI = 3 * 8 + severity)",
            saw=repr(got),
        )
        # The reference: util-linux logger sends the same format to the same socket.
        reference_argv = ["logger", "-u", listener.path, "-t", "np-daemond", f"--id={pid}",
                          "-p", "daemon.info", "reference"]
        story.did(run(h2, reference_argv, timeout=5).command)
        reference = listener.collect(lambda d: d.endswith(b": reference"))
        assert reference is not None and parse_syslog(reference), f"logger sent {reference!r}"
        ref_stamp = parse_syslog(reference)[1]

        def seconds(text):
            t = datetime.datetime.strptime(text.replace("  ", " "), "%b %d %H:%M:%S")
            return t.hour * 3600 + t.minute * 60 + t.second

        gap = abs(seconds(stamp) - seconds(ref_stamp))
        story.check(
            min(gap, 86400 - gap) <= 10,
            expected=f"the local time, as logger wrote it: {reference.decode()!r}",
            saw=repr(got),
        )
    finally:
        listener.close()


def test_bad_config_at_start(pair_net, tool, story, run_dir, reaper):
    h2 = pair_net.h2
    for name, body, line in [("typo", "port 7011\n\nprot 7012\nreply x\n", 3),
                             ("range", "reply x\nport 99999\n", 2)]:
        config = run_dir / f"{name}.conf"
        config.write_text(body)
        pid_file = run_dir / f"{name}.pid"
        story.did(f"(a configuration whose line {line} is wrong: {body.splitlines()[line - 1]!r})")
        result = launch(story, h2, [tool("np-daemond"), "-f", config, "-P", pid_file], run_dir,
                        name=name)
        lines = result.stderr.strip().splitlines()
        story.check(
            result.status == 1 and not result.timed_out and len(lines) == 1
            and lines[0].startswith(f"np-daemond: {config}:{line}: "),
            expected=f"one line 'np-daemond: {config}:{line}: …' on stderr, exit status 1",
            saw=result.summary(),
        )
        story.check(not processes_naming(str(config)) and not pid_file.exists(),
                    expected="no daemon left running, no PID file",
                    saw=f"daemon pids {processes_naming(str(config))}, "
                    f"PID file {'present' if pid_file.exists() else 'absent'}")


def test_bad_config_on_reload(pair_net, tool, story, run_dir, reaper):
    h1, h2 = pair_net.h1, pair_net.h2
    listener = LogListener(run_dir / "log.sock")
    try:
        pid, config, _ = start_daemon(story, h2, tool, run_dir, 7013, reply="still good",
                                      log_socket=listener.path)
        expect_reply(story, h1, h2, 7013, "still good")
        story.did(f"(rewrote {config.name} with a bad line 2: 'port many')")
        config.write_text("reply changed\nport many\n")
        send_signal(story, pid, signal.SIGHUP)
        marker = f"{config}:2:".encode()
        logged = listener.collect(lambda d: marker in d)
        story.check(logged is not None,
                    expected=f"the error logged, naming the file and line: '{config}:2: …'",
                    saw=listener.seen())
        parsed = parse_syslog(logged)
        story.check(parsed is not None and parsed[0] % 8 <= 4,
                    expected="in syslog's format, with severity warning or worse (PRI % 8 <= 4)",
                    saw=repr(logged))
        expect_reply(story, h1, h2, 7013, "still good")
        story.check(alive(pid), expected="the daemon still running", saw=f"pid {pid} is gone")
    finally:
        listener.close()

"""Run one command in a sandbox of its own: the program behind harness.sandbox.

    /usr/bin/python3 -m harness.sandbox_exec SPEC_JSON

harness.sandbox writes SPEC_JSON (what the command sees, its ids, its limits); this
program builds the sandbox and runs the command in it. The process tree:

    outer  (this program, as the grader's user)
      │  joins the run's cgroups, makes a user namespace whose root is an unprivileged
      │  host id, with mount, PID, network, IPC and UTS namespaces of its own
      └─ init  (pid 1 of the new PID namespace)
           │  builds the file-system view on a fresh tmpfs and pivots into it, so that
           │  nothing else of the machine's files is reachable; reaps orphans
           └─ command  (in a user and mount namespace nested in the first)
                 the nesting locks every mount the init made: the command, root inside,
                 can neither remount a read-only view writable nor unmount it to see
                 what lies beneath

When the command ends, init ends, and the kernel kills whatever else is left in the PID
namespace: nothing the command started (setsid, double fork, daemons) outlives it. When
the outer process is killed, init gets SIGKILL (PR_SET_PDEATHSIG) with the same effect.

How the command ended goes to the grader as one JSON line on the report descriptor
(spec "report_fd"), which the command never holds: {"exit": N}, {"signal": N} or
{"error": "…"} when the sandbox itself could not be built. That line is the only word
on the command's end the grader takes: the outer process's own status says nothing more.

An interactive command (spec "interactive", for ./lab shell) keeps the terminal: it stays
in the caller's session and process group, so that Ctrl-C reaches it as SIGINT, while the
outer process and init ignore that signal instead of ending the sandbox.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import platform
import resource
import select
import signal
import socket
import stat
import struct
import sys

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MNT_DETACH = 2
PR_SET_PDEATHSIG, PR_SET_DUMPABLE = 1, 4
SYS_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41, "riscv64": 41}
SIOCSIFFLAGS, IFF_UP = 0x8914, 0x1

RLIMITS = {
    "cpu": resource.RLIMIT_CPU,
    "as": resource.RLIMIT_AS,
    "nproc": resource.RLIMIT_NPROC,
    "nofile": resource.RLIMIT_NOFILE,
    "fsize": resource.RLIMIT_FSIZE,
}
DEVICES = ["null", "zero", "full", "random", "urandom", "tty"]
NEW_ROOT = "/tmp"  # where the view is built, on a tmpfs mounted over it in our namespace

libc = ctypes.CDLL(None, use_errno=True)


class SandboxError(Exception):
    """The sandbox could not be built (not the command's fault)."""


def _call(name: str, result: int, what: str = "") -> None:
    if result != 0:
        number = ctypes.get_errno()
        raise SandboxError(f"{name}{' ' + what if what else ''}: "
                           f"{errno.errorcode.get(number, number)} {os.strerror(number)}")


def unshare_namespaces(flags: int) -> None:
    _call("unshare", libc.unshare(flags))


def mount(source: str | None, target: str, fstype: str | None, flags: int,
           data: str | None = None) -> None:
    encode = lambda text: text.encode() if text is not None else None  # noqa: E731
    _call("mount", libc.mount(encode(source), encode(target), encode(fstype),
                              ctypes.c_ulong(flags), encode(data)), target)


def _write(path: str, text: str) -> None:
    with open(path, "w") as file:
        file.write(text)


# --- the outer process: ids and cgroups ---------------------------------------------------

def _map_text(lines: list[list[int]]) -> str:
    return "".join(f"{inside} {outside} {count}\n" for inside, outside, count in lines)


def _write_id_maps(pid: int, spec: dict) -> None:
    """Give the user namespace of pid its uid and gid maps: directly when we may (root, or
    only our own id), else through the setuid helpers that check /etc/subuid."""
    uid_map, gid_map = spec["uid_map"], spec["gid_map"]
    if spec.get("newidmap"):
        for helper, lines in (("newuidmap", uid_map), ("newgidmap", gid_map)):
            argv = [helper, str(pid)] + [str(n) for line in lines for n in line]
            status = os.spawnvp(os.P_WAIT, helper, argv)
            if status != 0:
                raise SandboxError(f"{' '.join(argv)} failed (exit status {status})")
        return
    if os.geteuid() != 0:  # only our own ids: the kernel then wants setgroups denied
        _write(f"/proc/{pid}/setgroups", "deny")
    _write(f"/proc/{pid}/uid_map", _map_text(uid_map))
    _write(f"/proc/{pid}/gid_map", _map_text(gid_map))


def _join_cgroups(directories: list[str]) -> None:
    for directory in directories:
        _write(os.path.join(directory, "cgroup.procs"), str(os.getpid()))


def _in_new_user_namespace(flags: int, write_maps) -> None:
    """unshare(flags, CLONE_NEWUSER among them), then have a child still outside write our
    id maps: a process cannot map a range of ids for itself."""
    go_read, go_write = os.pipe()
    helper = os.fork()
    if helper == 0:
        os.close(go_write)
        code = 1
        try:
            if os.read(go_read, 1) == b"1":
                write_maps(os.getppid())
                code = 0
        except BaseException as error:  # noqa: BLE001 - reported through the exit status
            print(f"np-sandbox: {error}", file=sys.stderr)
        os._exit(code)
    os.close(go_read)
    try:
        unshare_namespaces(flags)
    except SandboxError:
        os.close(go_write)
        os.waitpid(helper, 0)
        raise
    os.write(go_write, b"1")
    os.close(go_write)
    _, status = os.waitpid(helper, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SandboxError("could not write the user namespace's id maps")


def _become_root() -> None:
    """Root of our new user namespace (an unprivileged id outside)."""
    os.setresgid(0, 0, 0)
    os.setresuid(0, 0, 0)


# --- init: the file-system view -------------------------------------------------------------

def _make_point(path: str, is_file: bool = False) -> None:
    """An empty directory (or an empty file, to bind a file onto) at path."""
    if is_file:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if not os.path.exists(path):
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o644))
    else:
        os.makedirs(path, exist_ok=True)


def locked_flags(path: str) -> int:
    """The nosuid/nodev/noexec flags of the mount holding path: a read-only remount of a
    bind must keep them, since the kernel locked them when it copied our mount table."""
    found = os.statvfs(path).f_flag
    flags = 0
    for bit in (os.ST_NOSUID, os.ST_NODEV, os.ST_NOEXEC):
        if found & bit:
            flags |= {os.ST_NOSUID: MS_NOSUID, os.ST_NODEV: MS_NODEV, os.ST_NOEXEC: MS_NOEXEC}[bit]
    return flags


def _bind(source_fd: int, target: str, read_only: bool, noexec: bool) -> None:
    # The source's type from its descriptor: its path may be covered by now (/tmp).
    _make_point(target, is_file=not stat.S_ISDIR(os.fstat(source_fd).st_mode))
    mount(f"/proc/self/fd/{source_fd}", target, None, MS_BIND | MS_REC)
    if read_only or noexec:
        flags = MS_BIND | MS_REMOUNT | MS_NOSUID | locked_flags(target)
        flags |= (MS_RDONLY if read_only else 0) | (MS_NOEXEC if noexec else 0)
        mount(None, target, None, flags)


def _devices(target: str) -> None:
    """A minimal /dev: the harmless character devices bound from the machine's, and the
    usual links."""
    _make_point(target)
    mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=0755,size=64k")
    for name in DEVICES:
        if os.path.exists(f"/dev/{name}"):
            _make_point(f"{target}/{name}", is_file=True)
            mount(f"/dev/{name}", f"{target}/{name}", None, MS_BIND)
    for link, points_to in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"),
                            ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2")):
        os.symlink(points_to, f"{target}/{link}")
    os.makedirs(f"{target}/shm")
    mount("tmpfs", f"{target}/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=16m")
    # Pseudo-terminals of our own (Mininet talks to its host shells through them).
    os.makedirs(f"{target}/pts")
    mount("devpts", f"{target}/pts", "devpts", MS_NOSUID | MS_NOEXEC,
          "newinstance,ptmxmode=0666,mode=0620")
    os.symlink("pts/ptmx", f"{target}/ptmx")


def open_sources(mounts: list[dict]) -> dict[int, int]:
    """{mount index: O_PATH descriptor} of every bind source, opened in the new mount
    namespace (a bind needs a source there) but still with the grader's own id: the ids
    inside may not be allowed to traverse the grader's directories (a 0700 home). And
    before the view's tmpfs covers /tmp, where some sources live."""
    sources = {}
    for index, entry in enumerate(mounts):
        if entry["kind"] in ("ro", "rw"):
            try:
                sources[index] = os.open(entry["src"], os.O_PATH | os.O_CLOEXEC)
            except OSError as error:
                raise SandboxError(f"cannot show {entry['src']}: {error.strerror}") from None
    return sources


def _build_view(mounts: list[dict], sources: dict[int, int]) -> None:
    """Mount the view on a fresh tmpfs and make it the root; the machine's own root is then
    detached, so no path leads back to it."""
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    mount("tmpfs", NEW_ROOT, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m")
    for index, entry in enumerate(mounts):
        kind, target = entry["kind"], NEW_ROOT + entry["dst"]
        if kind in ("ro", "rw"):
            _bind(sources[index], target, kind == "ro", entry.get("noexec", False))
            os.close(sources[index])
        elif kind == "tmpfs":
            _make_point(target)
            mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV,
                   f"mode={entry.get('mode', '1777')},size={entry['size']}")
        elif kind == "proc":
            _make_point(target)
            mount("proc", target, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
        elif kind == "dev":
            _devices(target)
        elif kind == "dir":
            _make_point(target)
        elif kind == "symlink":
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.symlink(entry["src"], target)
        else:
            raise SandboxError(f"unknown mount kind {kind!r}")
    old = f"{NEW_ROOT}/.old-root"
    os.mkdir(old)
    _call("pivot_root", libc.syscall(SYS_PIVOT_ROOT[platform.machine()],
                                     NEW_ROOT.encode(), old.encode()))
    os.chdir("/")
    _call("umount2", libc.umount2(b"/.old-root", MNT_DETACH), "/.old-root")
    os.rmdir("/.old-root")
    # The root itself is read-only: the command writes only where the view lets it.
    mount(None, "/", None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)


def _loopback_up() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        fcntl.ioctl(sock, SIOCSIFFLAGS, struct.pack("16sH", b"lo", IFF_UP))


# --- the command ----------------------------------------------------------------------------

def _exec_command(spec: dict) -> None:
    """In the forked child: become the command. Never returns."""
    try:
        if spec.get("interactive"):  # the terminal's Ctrl-C is the command's own again
            for sig in (signal.SIGINT, signal.SIGQUIT):
                signal.signal(sig, signal.SIG_DFL)
        else:
            os.setsid()
        os.chdir(spec.get("cwd", "/"))
        user, group = spec.get("run_as", [0, 0])
        try:
            os.setgroups([])
        except PermissionError:  # setgroups is denied when only our own id is mapped
            pass
        os.setresgid(group, group, group)
        os.setresuid(user, user, user)
        for name, value in spec.get("rlimits", {}).items():
            # CPU: SIGXCPU at the limit, SIGKILL a second later for one that ignores it.
            hard = value + 1 if name == "cpu" else value
            resource.setrlimit(RLIMITS[name], (value, hard))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        keep = sorted({0, 1, 2, *spec.get("keep_fds", [])})
        for low, high in zip(keep, keep[1:] + [65536]):
            os.closerange(low + 1, high)
        for fd in keep:
            os.set_inheritable(fd, True)
        # Python ignores these two; a program under test must get the default.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
        env = spec.get("env", {})
        os.execvpe(spec["argv"][0], spec["argv"], env)
    except OSError as error:
        os.write(2, f"np-sandbox: cannot run {spec['argv'][0]}: "
                    f"{errno.errorcode.get(error.errno, error.errno)} {error.strerror}\n".encode())
        os._exit(127)
    except BaseException as error:  # noqa: BLE001 - a child must never return
        os.write(2, f"np-sandbox: {error}\n".encode())
        os._exit(127)


def _init(spec: dict, sources: dict[int, int], report, lifeline: int) -> None:
    """pid 1 of the sandbox: build the view, start the command, reap, report. Never returns."""
    code = 0
    try:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if spec.get("interactive"):  # the terminal's Ctrl-C is for the command, not for us
            for sig in (signal.SIGINT, signal.SIGQUIT):
                signal.signal(sig, signal.SIG_IGN)
        if select.select([lifeline], [], [], 0)[0]:  # the outer process is already gone
            os._exit(1)
        socket.sethostname(spec.get("hostname", "sandbox"))
        _build_view(spec["mounts"], sources)
        _loopback_up()

        def identity_maps(pid: int) -> None:
            # The nested namespace has the same ids as ours, line for line: a line of a map
            # must fall within one line of its parent's map.
            for name in ("uid_map", "gid_map"):
                _write(f"/proc/{pid}/{name}",
                       _map_text([[inside, inside, count] for inside, _, count in spec[name]]))

        ready_read, ready_write = os.pipe()
        command = os.fork()
        if command == 0:
            os.close(ready_read)
            if not spec.get("nest", True):  # root of our namespaces, which it must own
                os.close(ready_write)
                _exec_command(spec)
            try:
                # Our change of ids made us undumpable, which makes /proc/PID/uid_map
                # root's: dumpable again, so that init may write our nested maps.
                libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)
                # Nested user and mount namespaces: the mounts above are now locked.
                _in_new_user_namespace(CLONE_NEWUSER | CLONE_NEWNS, identity_maps)
                _become_root()
            except SandboxError as error:
                os.write(ready_write, str(error).encode())
                os._exit(127)
            os.close(ready_write)
            _exec_command(spec)
        os.close(ready_write)
        failure = os.read(ready_read, 4096).decode(errors="replace")
        os.close(ready_read)
        outcome = {"error": failure} if failure else None
        while True:
            try:
                pid, status = os.waitpid(-1, 0)
            except ChildProcessError:
                break
            if pid == command and outcome is None:
                outcome = ({"signal": os.WTERMSIG(status)} if os.WIFSIGNALED(status)
                           else {"exit": os.WEXITSTATUS(status)})
                break
        report(outcome or {"error": "the command vanished"})
    except BaseException as error:  # noqa: BLE001 - pid 1 must report, then go
        report({"error": str(error)})
        code = 1
    os._exit(code)  # the kernel now kills everything else in the PID namespace


def main() -> int:
    spec = json.loads(sys.argv[1])
    report_fd = spec["report_fd"]

    def report(outcome: dict) -> None:
        try:
            os.write(report_fd, (json.dumps(outcome) + "\n").encode())
        except OSError:
            pass

    try:
        _join_cgroups(spec.get("cgroups", []))
        _in_new_user_namespace(
            CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS,
            lambda pid: _write_id_maps(pid, spec))
        sources = open_sources(spec["mounts"])
        _become_root()
    except (SandboxError, OSError) as error:
        report({"error": str(error)})
        return 125
    lifeline_read, lifeline_write = os.pipe()
    init = os.fork()
    if init == 0:
        os.close(lifeline_write)
        _init(spec, sources, report, lifeline_read)
    os.close(lifeline_read)
    os.close(report_fd)  # from now on only init reports

    def stop(sig, frame):  # the grader stops the run: end it all at once
        os.kill(init, signal.SIGKILL)

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, stop)
    if spec.get("interactive"):
        for sig in (signal.SIGINT, signal.SIGQUIT):
            signal.signal(sig, signal.SIG_IGN)
    while True:
        try:
            _, status = os.waitpid(init, 0)
            break
        except InterruptedError:
            continue
    return os.waitstatus_to_exitcode(status) if not os.WIFSIGNALED(status) else -os.WTERMSIG(status)


if __name__ == "__main__":
    sys.exit(main())

"""The student zone: where the programs under test run during the network tests.

The network tests run in a sandbox of their own (harness.grade's _network_run, with the
view of harness.sandbox.network_view): a user namespace whose root is an unprivileged id,
its own PID namespace and a read-only view of the repository. pytest, Mininet and the real tools (ping, tcpdump, openbsd-inetd …) run
there as root: that is the harness zone. The programs under test run one level further
in, in the student zone: a user namespace nested in the harness's, whose ids are others
(so a program under test can neither signal, trace nor read a process of the harness),
with a mount namespace that shows neither the repository nor the results. The topology's
network namespaces belong to the student zone, so that a program under test has what a
network lab needs in them (raw and packet sockets, low ports, setuid), and the harness,
one level up, has it too.

    zone = StudentZone.create(impl_bin, hidden=[repository, results_dir], first_id=65537)
    network = zone.new_host("h1")                    # the path of h1's network namespace
    argv = zone.enter_argv("h1", cwd) + ["np-ping", "-c", "1", "10.0.0.2"]

The harness keeps both namespaces of the zone, and every host's, by holding descriptors of
them, so no process of the zone has to live for them: a program under test that kills
every process it may kill ends nothing of the topology. A command enters them through
/proc/<harness pid>/fd/<n>, which only the harness's own processes may open.
(A bind mount of a mount namespace, what `ip netns` does for network namespaces, is
refused here: the kernel allows it only in some nestings of user namespaces.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from harness import sandbox_exec as ns

ZONE_ENV = "NP_STUDENT_ZONE"  # set by the grader: "FIRST_ID" of the zone's ids in ours
IDS = 65536
DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"
HARNESS_ONLY = ["PYTHONPATH", "PYTHONDONTWRITEBYTECODE", ZONE_ENV, "PYTEST_CURRENT_TEST"]
_active: "StudentZone | None" = None


def active() -> "StudentZone | None":
    """The zone of this test run, when it runs in the sandbox (else None: programs under
    test run in the harness's own namespaces, as root, as before)."""
    return _active


def activate(zone: "StudentZone | None") -> None:
    global _active
    _active = zone


def highest_group() -> int:
    """The highest group id that exists in this user namespace (a sysctl naming groups
    may name no other)."""
    lines = Path("/proc/self/gid_map").read_text().split("\n")
    return max(int(inside) + int(count) - 1
               for inside, _, count in (line.split() for line in lines if line.strip()))


def seen_id(zone_id: int) -> int:
    """An id of a program under test (65534, nobody) as the harness reads it in /proc."""
    return _active.harness_id(zone_id) if _active else zone_id


class _Namespaces:
    """Namespaces held open by descriptors of ours; path() names one for nsenter."""

    def __init__(self):
        self.fds: dict[str, int] = {}

    def hold(self, name: str, pid: int, kind: str) -> None:
        self.fds[name] = os.open(f"/proc/{pid}/ns/{kind}", os.O_RDONLY | os.O_CLOEXEC)

    def path(self, name: str) -> str:
        return f"/proc/{os.getpid()}/fd/{self.fds[name]}"

    def release(self, name: str) -> None:
        fd = self.fds.pop(name, None)
        if fd is not None:
            os.close(fd)


@dataclass
class StudentZone:
    impl_bin: Path
    first_id: int  # the zone's root, as an id of the harness zone
    held: _Namespaces = field(default_factory=_Namespaces)

    # --- making it ---------------------------------------------------------------------

    @classmethod
    def create(cls, impl_bin: Path, hidden: list[Path], first_id: int) -> "StudentZone":
        """The zone's user and mount namespaces, made by a helper process: it hides what the
        programs under test must not see, then makes the nested user namespace, whose ids
        we map; we hold both namespaces, and let the helper go."""
        zone = cls(Path(impl_bin), first_id)
        helper = subprocess.Popen(
            [sys.executable, "-m", "harness.zone", "make", str(impl_bin), *map(str, hidden)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            env={"PYTHONPATH": str(Path(__file__).resolve().parents[1]), "PATH": DEFAULT_PATH})
        try:
            pid = int(helper.stdout.readline())  # it has made its user namespace: map it
            for name in ("uid_map", "gid_map"):
                Path(f"/proc/{pid}/{name}").write_text(f"0 {first_id} {IDS}\n")
            helper.stdin.write("mapped\n")
            helper.stdin.flush()
            if helper.stdout.readline().strip() != "ready":
                raise RuntimeError("the student zone could not be made")
            zone.held.hold("user", pid, "user")
            zone.held.hold("mnt", pid, "mnt")
        finally:
            helper.stdin.close()
            helper.wait()
        return zone

    def new_host(self, name: str) -> str:
        """A network namespace of the zone for host `name`, with a mount namespace whose
        /sys shows that network namespace's links; the network namespace's path."""
        script = "mount -t sysfs -o ro,nosuid,nodev,noexec sysfs /sys && echo ready && read line"
        helper = subprocess.Popen(
            ["nsenter", f"--user={self.held.path('user')}", f"--mount={self.held.path('mnt')}",
             "--", "unshare", "--net", "--mount", "--propagation", "private", "sh", "-c", script],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            env={"PATH": DEFAULT_PATH})
        try:
            if helper.stdout.readline().strip() != "ready":
                raise RuntimeError(f"no network namespace for {name} in the student zone")
            self.held.hold(f"net-{name}", helper.pid, "net")
            self.held.hold(f"mnt-{name}", helper.pid, "mnt")
        finally:
            helper.stdin.close()
            helper.wait()
        return self.held.path(f"net-{name}")

    def drop_host(self, name: str) -> None:
        self.held.release(f"net-{name}")
        self.held.release(f"mnt-{name}")

    # --- running in it -----------------------------------------------------------------

    def runs(self, argv: list[str]) -> bool:
        """Does argv run code of the implementation under test (anywhere in it)?"""
        prefix = str(self.impl_bin) + "/"
        return any(prefix in str(arg) for arg in argv)

    def enter_argv(self, host: str, cwd: str | os.PathLike | None) -> list[str]:
        """The prefix that runs a program as root of the zone in host's namespaces, in cwd
        (entering a mount namespace moves a process to its root). nsenter closes the
        namespace files it opened: the program gets only what the caller passes."""
        return ["nsenter", f"--user={self.held.path('user')}",
                f"--mount={self.held.path(f'mnt-{host}')}",
                f"--net={self.held.path(f'net-{host}')}", f"--wd={cwd or '/'}", "--"]

    def environment(self, env: dict | None) -> dict:
        """env as a program under test gets it: its PATH finds the implementation's tools
        first and the system's, nothing of the harness's own."""
        env = dict(os.environ if env is None else env)
        for name in HARNESS_ONLY:
            env.pop(name, None)
        env["PATH"] = f"{self.impl_bin}:{DEFAULT_PATH}"
        return env

    def harness_id(self, zone_id: int) -> int:
        """An id of the zone (a uid in its /etc/passwd) as the harness sees it in /proc."""
        return self.first_id + zone_id


# --- the helper that makes the zone (python3 -m harness.zone make IMPL_BIN HIDDEN…) ---------

def _make(impl_bin: str, hidden: list[str]) -> int:
    ns.unshare_namespaces(ns.CLONE_NEWNS)
    ns.mount(None, "/", None, ns.MS_REC | ns.MS_PRIVATE)
    keep = os.open(impl_bin, os.O_PATH | os.O_CLOEXEC)  # before a tmpfs covers it
    for path in hidden:
        ns.mount("tmpfs", path, "tmpfs", ns.MS_NOSUID | ns.MS_NODEV, "mode=0755,size=64k")
    os.makedirs(impl_bin, exist_ok=True)
    ns.mount(f"/proc/self/fd/{keep}", impl_bin, None, ns.MS_BIND | ns.MS_REC)
    ns.mount(None, impl_bin, None, ns.MS_BIND | ns.MS_REMOUNT | ns.MS_RDONLY | ns.MS_NOSUID
             | ns.locked_flags(impl_bin))
    # The nested user namespace (with a mount namespace of its own, in which every mount
    # above is locked); the harness maps its ids, since newuidmap would refuse in here.
    ns.unshare_namespaces(ns.CLONE_NEWUSER | ns.CLONE_NEWNS)
    print(os.getpid(), flush=True)
    if sys.stdin.readline().strip() != "mapped":
        return 1
    print("ready", flush=True)
    sys.stdin.readline()  # until the harness has its bind mounts
    return 0


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "make":
        sys.exit(_make(sys.argv[2], sys.argv[3:]))
    sys.exit("usage: python3 -m harness.zone make IMPL_BIN [HIDDEN…]")

"""Nothing is left behind: after a normal run, Ctrl-C, SIGTERM, or a run killed outright."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import ROOT, pinned, processes_matching
from harness import cleanup
from harness.run import Daemon, wait_for
from harness.topology import chain, pair

# A run that builds a topology, starts a daemon, a hung foreground program and a delay
# helper, says "ready" with its namespaces and then waits to be interrupted.
SCRIPT = textwrap.dedent("""
    import faulthandler, signal, sys
    faulthandler.register(signal.SIGUSR1)  # where it hangs, if it ever does
    from harness.impair import impair
    from harness.run import Daemon, run
    from harness.topology import chain
    tag = sys.argv[1]
    with chain(routers=1) as net:
        Daemon(net.h1, ["sleep", "1000." + tag]).start()
        impair(net, net.r1, net.h2, delay_ms=10)
        print("ready", *(h.netns for h in net.hosts.values()), flush=True)
        run(net.h2, ["sh", "-c", "trap '' TERM INT; sleep 2000." + tag], timeout=60)
""")


def leftovers(namespaces: list[str], tag: str) -> list[str]:
    found = [f"process {pid} in a namespace of the run"
             for pid in cleanup.pids_in_netns(namespaces)]
    found += [f"process {pid} of the run" for pid in processes_matching("." + tag)]
    links = subprocess.run(["ip", "-o", "link", "show"], capture_output=True, text=True).stdout
    found += [line for line in links.splitlines() if "h1-eth" in line or "r1-eth" in line]
    return found


def start_run(tmp_path: Path, tag: str):
    script = tmp_path / "interrupted_run.py"
    script.write_text(SCRIPT)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    # SIGINT as at a terminal, even when this test runs as a background job (which has
    # SIGINT ignored, and the harness respects an ignored signal).
    child = subprocess.Popen([sys.executable, str(script), tag], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    line = child.stdout.readline()  # bounded: the run either prints "ready" or dies
    assert line.startswith("ready"), child.stderr.read()
    namespaces = line.split()[1:]
    assert len(namespaces) == 3 and not leftovers([], "x-none")
    wait_for(lambda: processes_matching("2000." + tag), timeout=5, what="the hung program")
    assert processes_matching("1000." + tag) and cleanup.pids_in_netns(namespaces)
    return child, namespaces


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_run_leaves_nothing(tmp_path, sig):
    tag = f"{os.getpid()}{int(sig)}"
    child, namespaces = start_run(tmp_path, tag)
    with pinned(namespaces):
        child.send_signal(sig)
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGUSR1)
            time.sleep(0.5)
            child.kill()
            pytest.fail(f"the run did not end on {sig.name}:\n{child.communicate()[1]}")
        assert child.returncode != 0
        assert leftovers(namespaces, tag) == []


def test_killed_run_is_reaped_by_the_next(tmp_path):
    # SIGKILL leaves no chance to clean up: the next run's reap_stale() does it.
    tag = f"{os.getpid()}9"
    child, namespaces = start_run(tmp_path, tag)
    with pinned(namespaces):
        child.kill()
        child.wait(timeout=5)
        assert processes_matching("1000." + tag)  # the daemon outlived its run...
        with pair():
            pass  # ...until the next topology starts
        assert leftovers(namespaces, tag) == []


def test_normal_run_leaves_nothing():
    tag = f"{os.getpid()}0"
    pins = []
    with chain(routers=1) as net:
        namespaces = [h.netns for h in net.hosts.values()]
        pins = [cleanup.pin_netns(h.pid)[0] for h in net.hosts.values()]
        daemon = Daemon(net.h1, ["sleep", "1000." + tag]).start()
        # A process the harness lost track of (as one that escapes its session with
        # setsid would be) still dies with its namespace.
        escaped = net.h2.popen(["sleep", "3000." + tag])
        cleanup.untrack_process(escaped)
        # The sleep itself, not nsenter still on its way into the namespace (whose
        # command line holds the same words).
        wait_for(lambda: processes_matching("sleep 3000." + tag, at_start=True), timeout=5,
                 what="the sleep")
    try:
        assert leftovers(namespaces, tag) == []
    finally:
        for fd in pins:
            os.close(fd)
    assert daemon.process.poll() is not None and escaped.wait(timeout=5) == -9
    cleanup.cleanup()  # idempotent, nothing to do


CLI_SCRIPT = textwrap.dedent("""
    from mininet.cli import CLI
    from harness.topology import pair
    with pair() as net:
        CLI(net.mininet)
        print("CLI left", flush=True)
""")


class Reader:
    """A process's stdout, read up to a given text at a time (what follows is kept)."""

    def __init__(self, process):
        self.process = process
        self.buffer = b""

    def until(self, text: str, timeout: float = 10) -> str:
        deadline = time.monotonic() + timeout
        while text.encode() not in self.buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self.process.stdout], [], [], max(left, 0))
            chunk = os.read(self.process.stdout.fileno(), 4096) if ready else b""
            if not chunk:
                pytest.fail(f"no {text!r} from the CLI; it printed:\n{self.buffer.decode()}")
            self.buffer += chunk
        end = self.buffer.index(text.encode()) + len(text)
        seen, self.buffer = self.buffer[:end], self.buffer[end:]
        return seen.decode()


def test_ctrl_c_in_the_mininet_cli_keeps_the_topology(tmp_path):
    # In ./lab shell, Ctrl-C stops the command in the host, as in Mininet; no cleanup.
    script = tmp_path / "cli.py"
    script.write_text(CLI_SCRIPT)
    cli = subprocess.Popen([sys.executable, str(script)], stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           env=dict(os.environ, PYTHONPATH=str(ROOT)),
                           preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    output = Reader(cli)
    try:
        output.until("mininet> ")
        cli.stdin.write(b"h1 ping -i 0.05 h2\n")
        cli.stdin.flush()
        output.until("icmp_seq=2 ")
        cli.send_signal(signal.SIGINT)
        output.until("packet loss")
        output.until("mininet> ")  # typed before the prompt, it would go to the host
        cli.stdin.write(b"h1 ping -c 1 -W 2 h2\nexit\n")
        cli.stdin.flush()
        after = output.until("CLI left")
        assert "1 received" in after
        assert cli.wait(timeout=10) == 0
    finally:
        cli.kill()
        cli.wait()

"""run(), Daemon, wait_for and run directories: limits hold, nothing is left running."""

from __future__ import annotations

import os
import time

import pytest

from conftest import processes_matching
from harness.run import Daemon, Result, run, tmp_run_dir, wait_for


def test_status_output_and_command(pair_net):
    h1 = pair_net.h1
    result = run(h1, ["/bin/sh", "-c", "echo out; echo err >&2; exit 3"])
    assert (result.status, result.stdout, result.stderr) == (3, "out\n", "err\n")
    assert not result.timed_out and not result.ok
    assert result.command == "h1$ sh -c 'echo out; echo err >&2; exit 3'"
    assert result.summary() == "exit status 3 after 0.0 s; printed: out\nand on stderr: err"
    ok = run(h1, ["ping", "-c", "1", pair_net.h2.ip4])
    assert ok.ok and ok.command == "h1$ ping -c 1 10.0.0.2"
    assert ok.summary().startswith("exit status 0 after 0.0 s; printed: PING 10.0.0.2 (10.0.0.2)")
    assert run(h1, ["cat"], input="typed\n").stdout == "typed\n"
    assert run(h1, ["sh", "-c", "echo $NP_TEST_VAR"], env={"NP_TEST_VAR": "x"}).stdout == "x\n"
    silent = run(h1, ["false"])
    assert silent.summary() == "no output; exit status 1 after 0.0 s"
    crashed = run(h1, ["sh", "-c", "kill -SEGV $$"])
    assert crashed.signal == 11 and crashed.summary() == "no output; killed by SIGSEGV after 0.0 s"


def test_timeout_kills_the_whole_group(pair_net):
    # A hung program that ignores SIGTERM and SIGINT, with a child of its own. (The tags
    # in the sleeps' arguments are unique, so that a concurrent run cannot confuse us.)
    tag = f"1000.{os.getpid()}1"
    started = time.monotonic()
    result = run(pair_net.h1, ["sh", "-c", f"trap '' TERM INT; echo waiting; sleep {tag}; true"],
                 timeout=0.5)
    assert result.timed_out and time.monotonic() - started < 2
    assert result.summary() == "timed out after 0.5 s; printed: waiting"
    assert processes_matching(f"sleep {tag}") == []


def test_output_limit(pair_net):
    started = time.monotonic()
    result = run(pair_net.h1, ["yes"], timeout=10, output_limit=100_000)
    assert result.output_exceeded and len(result.stdout) == 100_000
    assert time.monotonic() - started < 2
    assert result.summary().startswith("killed: output over 97.6562 KiB; printed: y | y")
    big = run(pair_net.h1, ["yes"], timeout=10)
    assert big.summary().startswith("killed: output over 1 MiB")


def test_process_limit(pair_net):
    tag = f"1000.{os.getpid()}2"
    result = run(pair_net.h1, ["sh", "-c", f"while :; do sleep {tag} & done"], timeout=10,
                 max_processes=30)
    assert result.too_many_processes and result.duration < 3
    assert "killed: more than 30 processes at once" in result.summary()
    assert processes_matching(f"sleep {tag}") == []


def test_leftover_children_are_killed(pair_net):
    tag = f"1000.{os.getpid()}3"
    result = run(pair_net.h1, ["sh", "-c", f"sleep {tag} & echo started"], timeout=5)
    assert result.status == 0 and result.stdout == "started\n" and result.duration < 1
    assert processes_matching(f"sleep {tag}") == []


def test_daemon_stop_and_wait(pair_net, run_dir):
    h1, h2 = pair_net.h1, pair_net.h2
    tag = f"1000.{os.getpid()}4"
    with Daemon(h2, ["sh", "-c", f"trap '' TERM; echo up; exec sleep {tag}"], run_dir=run_dir,
                stop_timeout=0.3) as hung:
        wait_for(lambda: "up" in hung.stdout, timeout=5, what="the daemon to start")
        assert hung.alive() and (run_dir / "sh.out").exists()
    assert hung.result.status == -9
    assert hung.result.summary() == "ignored SIGTERM: killed by SIGKILL after 0.3 s; printed: up"
    assert processes_matching(f"sleep {tag}") == []
    with Daemon(h1, ["ping", "-c", "2", "-i", "0.1", h2.ip4], run_dir=run_dir) as pinger:
        done = pinger.wait(timeout=5)
    assert done.status == 0 and "2 received" in done.stdout and done.pid == pinger.pid
    with Daemon(h1, ["sleep", "1000"]) as sleeper:
        late = sleeper.wait(timeout=0.2)
    assert late.timed_out and late.summary() == "no output; timed out after 0.2 s"


def test_wait_for():
    assert wait_for(lambda: 42, timeout=1, what="the answer") == 42
    started = time.monotonic()
    with pytest.raises(TimeoutError, match="waiting for the impossible"):
        wait_for(lambda: False, timeout=0.2, what="the impossible")
    assert 0.2 <= time.monotonic() - started < 0.5


def test_tmp_run_dir():
    with tmp_run_dir() as path:
        assert path.is_dir() and len(str(path / "server.sock")) < 80
        (path / "x").write_text("x")
    assert not path.exists()


def test_result_summary_formats():
    base = dict(command="h1$ np-ping", argv=["np-ping"], stderr="")
    assert Result(status=1, stdout="", duration=10.0, **base).summary() == (
        "no output; exit status 1 after 10.0 s")
    assert Result(status=-9, stdout="64 bytes from 10.0.0.2: icmp_seq=1\n", timed_out=True,
                  timeout=10, duration=10.0, **base).summary() == (
        "timed out after 10 s; printed: 64 bytes from 10.0.0.2: icmp_seq=1")
    long = Result(status=0, stdout="x" * 500, duration=1, **base).summary()
    assert len(long) < 260 and long.endswith("…")
    assert Result(status=-9, stdout="", output_exceeded=True, output_limit=1 << 20,
                  **base).summary() == "no output; killed: output over 1 MiB"


def test_daemon_output_limit(pair_net, run_dir):
    with Daemon(pair_net.h1, ["yes"], run_dir=run_dir, output_limit=50_000) as flood:
        result = flood.wait(timeout=5)
    assert result.output_exceeded and len(result.stdout) == 50_000
    assert result.summary().startswith("killed: output over 48.8281 KiB; printed: y | y")

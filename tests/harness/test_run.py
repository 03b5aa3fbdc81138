"""The bounded runner (harness/bounded.py) as the grader's commands use it, and as run()
and Daemon use it in a topology's hosts; wait_for and run directories. Limits hold and
nothing is left running."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from conftest import processes_matching
from harness.bounded import bounded_run, describe_end
from harness.run import Daemon, Result, run, tmp_run_dir, wait_for


# --- bounded_run: a command of the grader's own ------------------------------------------

def test_bounded_run_status_and_output():
    run_ = bounded_run(["/bin/sh", "-c", "echo out; echo err >&2; exit 3"], timeout=10)
    assert (run_.status, run_.output, run_.ok) == (3, "out\nerr\n", False)
    assert describe_end(run_) == "exit status 3"
    quiet = bounded_run(["/bin/sh", "-c", "echo out; echo err >&2"], timeout=10, keep_stderr=False)
    assert (quiet.status, quiet.output, quiet.ok) == (0, "out\n", True)
    crashed = bounded_run(["/bin/sh", "-c", "kill -SEGV $$"], timeout=10)
    assert describe_end(crashed) == "killed by SIGSEGV"


def test_bounded_run_timeout_stops_the_whole_group():
    # SIGINT and SIGTERM ignored: SIGKILL ends it, and its child with it.
    tag = f"1000.{os.getpid()}5"
    run_ = bounded_run(["/bin/sh", "-c", f"trap '' TERM INT; sleep {tag} & echo waiting; wait"],
                       timeout=1)
    assert run_.timed_out and run_.output == "waiting\n"
    assert describe_end(run_) == "timed out after 1 s"  # from the start to the time limit
    assert processes_matching(f"sleep {tag}") == []


def test_bounded_run_gives_an_interrupt_grace_first():
    tag = f"1000.{os.getpid()}6"
    run_ = bounded_run(["/bin/sh", "-c", f"trap 'echo cleaned up; exit 0' INT; sleep {tag} & wait"],
                       timeout=0.5, interrupt_grace=5)
    assert run_.timed_out and run_.output == "cleaned up\n"
    # A shell's background child ignores SIGINT: it is killed with the group all the same.
    assert processes_matching(f"sleep {tag}") == []


def test_bounded_run_output_limit():
    started = time.monotonic()
    flood = bounded_run(["yes"], timeout=10, output_limit=100_000)
    assert flood.flooded and len(flood.output) == 100_000 and time.monotonic() - started < 2
    assert describe_end(flood) == "printed more than 97.6562 KiB and was stopped"
    # Without kill_on_flood it runs to its end; what is over the limit is dropped.
    lived = bounded_run(["/bin/sh", "-c", "head -c 300000 /dev/zero; echo; echo done >&2"],
                        timeout=10, output_limit=1000, kill_on_flood=False)
    assert lived.flooded and lived.status == 0 and len(lived.output) == 1000


def test_bounded_run_stops_at_a_limit_its_watch_names():
    looks = []

    def watch():
        looks.append(time.monotonic())
        return "disk limit 1 KiB" if len(looks) >= 2 else None

    run_ = bounded_run(["sleep", "30"], timeout=10, watch=watch)
    assert run_.limit == "disk limit 1 KiB" and not run_.timed_out and run_.duration < 2
    assert describe_end(run_) == "exceeded its disk limit 1 KiB and was stopped"


def test_bounded_run_leaves_no_process_behind(tmp_path):
    marker = tmp_path / "child.pid"
    run_ = bounded_run(["/bin/sh", "-c", f"sleep 300 & echo $! > {marker}; wait"], timeout=1)
    assert run_.timed_out
    pid = int(marker.read_text())
    assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2]
    tag = f"1000.{os.getpid()}7"
    done = bounded_run(["/bin/sh", "-c", f"sleep {tag} & echo started"], timeout=5)
    assert done.ok and done.output == "started\n" and done.duration < 1
    assert processes_matching(f"sleep {tag}") == []


# --- run and Daemon: a program in a host --------------------------------------------------

def timeless(summary: str) -> str:
    """A summary with how long the program ran left out: that depends on how busy the
    machine is, not on the harness."""
    return re.sub(r"after \d+\.\d s", "after … s", summary)



def test_status_output_and_command(pair_net):
    h1 = pair_net.h1
    result = run(h1, ["/bin/sh", "-c", "echo out; echo err >&2; exit 3"])
    assert (result.status, result.stdout, result.stderr) == (3, "out\n", "err\n")
    assert not result.timed_out and not result.ok
    assert result.command == "h1$ sh -c 'echo out; echo err >&2; exit 3'"
    assert timeless(result.summary()) == "exit status 3 after … s; printed: out\nand on stderr: err"
    ok = run(h1, ["ping", "-c", "1", pair_net.h2.ip4])
    assert ok.ok and ok.command == "h1$ ping -c 1 10.0.0.2"
    assert timeless(ok.summary()).startswith("exit status 0 after … s; printed: PING 10.0.0.2 (10.0.0.2)")
    assert run(h1, ["cat"], input="typed\n").stdout == "typed\n"
    assert run(h1, ["sh", "-c", "echo $NP_TEST_VAR"], env={"NP_TEST_VAR": "x"}).stdout == "x\n"
    silent = run(h1, ["false"])
    assert timeless(silent.summary()) == "no output; exit status 1 after … s"
    crashed = run(h1, ["sh", "-c", "kill -SEGV $$"])
    assert crashed.signal == 11
    assert timeless(crashed.summary()) == "no output; killed by SIGSEGV after … s"


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
    assert timeless(hung.result.summary()) == "ignored SIGTERM: killed by SIGKILL after … s; printed: up"
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

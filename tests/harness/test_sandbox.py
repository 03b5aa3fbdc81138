"""The sandbox that every run of submission code goes through (harness.sandbox)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from harness import limits, sandbox

QUICK = limits.UNIT_TESTS.but(wall=20)


def shell(script: str, view: sandbox.View | None = None, run_limits: limits.Limits = QUICK,
          **kwargs):
    return sandbox.run(["sh", "-c", script], view=view or sandbox.View.system(),
                       limits=run_limits, **kwargs)


def processes_running(marker: str) -> list[int]:
    """Pids of the machine whose command line holds marker (a sleep of an odd length,
    so that other runs on the machine never match)."""
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                if marker.encode() in Path(f"/proc/{name}/cmdline").read_bytes():
                    found.append(int(name))
            except OSError:
                pass
    return found


def test_root_inside_is_an_unprivileged_id_outside(tmp_path):
    view = sandbox.View.system().writable(tmp_path)
    run = shell(f"id -u; touch {tmp_path}/made", view)
    assert run.output == "0\n", run.output
    owner = (tmp_path / "made").stat().st_uid
    assert owner == sandbox.ids_for().root and (owner != 0 or os.geteuid() != 0)


def test_only_the_view_is_visible(tmp_path):
    shown, hidden = tmp_path / "shown", tmp_path / "hidden"
    shown.mkdir()
    hidden.mkdir()
    (shown / "a").write_text("a")
    (hidden / "secret").write_text("TOP SECRET")
    view = sandbox.View.system().read_only(shown)
    run = shell(f"cat {shown}/a; echo; cat {hidden}/secret; ls {sandbox.ROOT}/solutions", view)
    assert run.output.startswith("a\n"), run.output
    assert "TOP SECRET" not in run.output and run.output.count("No such file") == 2, run.output


def test_read_only_stays_read_only_even_for_root_inside(tmp_path):
    (tmp_path / "file").write_text("before")
    view = sandbox.View.system().read_only(tmp_path)
    sandbox.prepare_writable(tmp_path)  # owned by root inside: only the mount can stop it
    run = shell(f"echo after > {tmp_path}/file; mount -o remount,rw {tmp_path}; "
                f"umount {tmp_path}; echo after > {tmp_path}/file", view)
    assert (tmp_path / "file").read_text() == "before", run.output


def test_writable_directory_and_private_tmp(tmp_path):
    view = sandbox.View.system().writable(tmp_path)
    run = shell(f"echo made > {tmp_path}/out; echo private > /tmp/x; ls /tmp", view)
    assert run.status == 0, run.output
    assert (tmp_path / "out").read_text() == "made\n"
    assert not Path("/tmp/x").exists() or Path("/tmp/x").read_text() != "private\n"


def test_no_network_but_loopback():
    run = shell("ip -o link | cut -d: -f2; ip -o addr show lo | head -1")
    assert [line.strip() for line in run.output.splitlines()][:1] == ["lo"], run.output


def test_nothing_it_started_outlives_it():
    run = shell("setsid sh -c 'sleep 301.25' & (sleep 301.25 &) ; echo started")
    assert run.output == "started\n"
    assert processes_running("301.25") == []


def test_cannot_join_the_machines_network_namespace():
    run = shell("nsenter --net=/proc/1/ns/net ip -o link; echo status $?")
    assert "status 0" not in run.output, run.output


def test_kill_everything_kills_only_the_sandbox():
    run = shell("kill -9 -1; echo still here")
    assert run.output.endswith("still here\n")


def test_a_fork_bomb_is_held_by_the_process_limit():
    run = shell("bomb() { sleep 302.5 | bomb & }; bomb; sleep 2; echo done",
                run_limits=QUICK.but(processes=32, wall=10))
    assert not run.timed_out or run.limit, run.output[-300:]
    assert processes_running("302.5") == []


def test_a_memory_hog_is_stopped_and_named():
    run = shell("python3 -c 'a = []\nwhile True: a.append(bytearray(1 << 24))'",
                run_limits=QUICK.but(memory=128 << 20))
    assert run.status != 0
    assert run.limit == "memory limit 128 MiB" or "MemoryError" in run.output, run.output[-300:]


def test_output_flood_is_cut_off():
    run = shell("yes", run_limits=QUICK.but(output=64 << 10))
    assert run.flooded and len(run.output) <= 64 << 10


def test_a_disk_filler_is_stopped_at_the_disk_limit(tmp_path):
    view = sandbox.View.system().writable(tmp_path)
    run = shell(f"i=0; while true; do head -c 4194304 /dev/zero > {tmp_path}/f$i || exit 1; "
                "i=$((i+1)); done", view, run_limits=QUICK.but(disk=32 << 20))
    assert run.limit == "disk limit 32 MiB", run.output[-300:]
    assert sum(f.stat().st_size for f in tmp_path.iterdir()) < 256 << 20


def test_file_size_limit():
    run = sandbox.run(["dd", "if=/dev/zero", "of=/tmp/big", "bs=1M", "count=2"],
                      view=sandbox.View.system(), limits=QUICK.but(file_size=1 << 20))
    assert run.status == -signal.SIGXFSZ and run.limit == "file-size limit 1 MiB", run.output


def test_cpu_time_limit():
    run = sandbox.run(["python3", "-c", "while True: pass"], view=sandbox.View.system(),
                      limits=QUICK.but(cpu=1, wall=20))
    assert run.status == -signal.SIGXCPU
    assert run.limit == "CPU-time limit 1 s"


def test_a_descriptor_passed_in_is_the_only_one_besides_0_1_2():
    read_end, write_end = os.pipe()
    try:
        run = sandbox.run(["python3", "-c", f"import os; os.write({write_end}, b'hello'); "
                           "print(sorted(int(fd) for fd in os.listdir('/proc/self/fd')))"],
                          view=sandbox.View.system(), limits=QUICK, pass_fds=(write_end,))
    finally:
        os.close(write_end)
    with os.fdopen(read_end) as pipe:
        assert pipe.read() == "hello"
    # 0, 1, 2, the descriptor passed in, and the one listdir had open
    assert eval(run.output)[:4] == [0, 1, 2, 3] and write_end in eval(run.output), run.output


@pytest.mark.parametrize("missing", ["/no/such/program"])
def test_a_program_that_cannot_start_is_exit_127(missing):
    run = sandbox.run([missing], view=sandbox.View.system(), limits=QUICK)
    assert run.status == 127 and "cannot run /no/such/program" in run.output


def test_np_sandbox_off_runs_in_the_graders_own_namespaces(tmp_path, monkeypatch):
    """Only for trusted code (bench/grading): the same call, unconfined, and the writable
    directories it is given made as they are for a sandbox."""
    monkeypatch.setenv("NP_SANDBOX", "off")
    target = tmp_path / "out"
    run = shell(f"echo hi > {target}/file && cat /proc/self/uid_map",
                view=sandbox.View.system().writable(target))
    assert run.ok, run.output
    assert (target / "file").read_text() == "hi\n"
    assert run.output.split()[:3] == ["0", "0", "4294967295"]  # the machine's own ids

#!/usr/bin/python3
"""Benchmark of the event-loop lab: np-httpd against nginx, and threads against events.

Everything runs on the loopback interface of one Mininet host (a network namespace of its
own: nothing else on the machine shares its ports), in two parts:

1. np-httpd vs nginx. Both serve the same 4 KiB file with one worker (np-httpd without
   -w; nginx with worker_processes 1, access log off, sendfile on) to the same wrk load
   (-t 2 -c 64, --duration each), alternating, --rounds rounds. Prints requests/s and
   p99 latency (medians) and the ratio np-httpd/nginx.

2. Threads vs events. np-echod's three engines (epoll, uring, threads) under a closed-loop
   load from echo_load.cpp (built here with g++): N connections, each sending 64 bytes and
   waiting for the echo before sending again, for N in 1 .. --max-connections (2,000 by
   default: the bound for a 2-core machine where the client shares the cores with the
   server). Prints round trips/s and p50/p99 latency per engine and N, and the memory
   each idle connection costs (the server's VmRSS with 1,000 idle connections open, minus
   without, per connection; kernel memory such as a thread's kernel stack is not in it).

Writes results/latest.json, results/latest.txt and results/threads-vs-events.png next to
this file.

    sudo ./lab bench event-loop [--quick] [--bin DIR] [--max-connections N]
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from harness.privileges import require_root  # noqa: E402

ENGINES = ("epoll", "uring", "threads")
CONNECTION_STEPS = (1, 10, 50, 100, 500, 1000, 2000, 5000, 10000)
IDLE_CONNECTIONS = 1000
HTTP_PORT, NGINX_PORT, ECHO_PORT = 8080, 8081, 7007
FILE_SIZE = 4096


# --- helpers -------------------------------------------------------------------------------

def wait_port(host, port: int, timeout: float = 5.0) -> bool:
    """Until something accepts connections on 127.0.0.1:port in host."""
    from harness.run import run
    probe = (f"import socket,sys\ntry: socket.create_connection(('127.0.0.1',{port}),0.5)\n"
             f"except OSError: sys.exit(1)")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if run(host, [sys.executable, "-c", probe], timeout=3).status == 0:
            return True
        time.sleep(0.1)
    return False


def vm_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def wrk_figures(text: str) -> tuple[float, float] | None:
    """(requests/s, p99 latency in ms) from wrk --latency output."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    p99 = re.search(r"^\s*99%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    if not rps or not p99:
        return None
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    return float(rps.group(1)), float(p99.group(1)) * scale


def nginx_config(run_dir: Path, root: Path) -> Path:
    temp = run_dir / "nginx-temp"
    temp.mkdir(exist_ok=True)
    paths = "".join(f"    {name}_temp_path {temp}/{name};\n"
                    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    config = run_dir / "nginx.conf"
    config.write_text(
        f"worker_processes 1;\ndaemon off;\npid {run_dir}/nginx.pid;\n"
        f"error_log {run_dir}/nginx-error.log;\n"
        "events { worker_connections 4096; }\n"
        "http {\n    access_log off;\n    sendfile on;\n    keepalive_requests 1000000;\n"
        "    default_type text/html;\n" + paths +
        f"    server {{ listen 127.0.0.1:{NGINX_PORT}; root {root}; }}\n}}\n")
    return config


# --- part 1: np-httpd vs nginx -----------------------------------------------------------------

def http_part(host, bin_dir: Path, run_dir: Path, rounds: int, duration: int) -> dict:
    from harness.run import Daemon, run

    root = run_dir / "www"
    root.mkdir()
    (root / "index.html").write_text("<!-- np bench -->\n" + "x" * (FILE_SIZE - 18) + "\n")
    for path in (run_dir, root):
        path.chmod(0o755)
    (root / "index.html").chmod(0o644)
    servers = {
        "np-httpd": ([str(bin_dir / "np-httpd"), "-p", HTTP_PORT, "-r", root], HTTP_PORT),
        "nginx": (["nginx", "-p", run_dir, "-c", nginx_config(run_dir, root), "-e", "stderr"],
                  NGINX_PORT),
    }
    samples = {name: [] for name in servers}
    problems = []
    daemons = [Daemon(host, argv, run_dir=run_dir, name=name)
               for name, (argv, _) in servers.items()]
    for daemon in daemons:
        daemon.start()
    try:
        for name, (_, port) in servers.items():
            if not wait_port(host, port):
                raise SystemExit(f"{name} does not listen on port {port}; "
                                 f"see {run_dir} ({name}.err)")
        for index in range(rounds):
            for name in (list(servers) if index % 2 == 0 else list(servers)[::-1]):
                port = servers[name][1]
                result = run(host, ["wrk", "-t", "2", "-c", "64", "-d", f"{duration}s", "--latency",
                                    f"http://127.0.0.1:{port}/index.html"], timeout=duration + 30)
                figures = wrk_figures(result.stdout)
                if figures is None:
                    problems.append(f"{name}, round {index + 1}: {result.summary()}")
                else:
                    samples[name].append(figures)
            print(f"  http: round {index + 1}/{rounds} done", file=sys.stderr, flush=True)
    finally:
        for daemon in daemons:
            daemon.stop()
    return {"samples": samples, "problems": problems}


def http_table(part: dict) -> str:
    lines = [f"{'server':<10} {'n':>2} {'requests/s':>11} {'p99 ms':>8}"]
    medians = {}
    for name, values in part["samples"].items():
        if not values:
            lines.append(f"{name:<10}  0           -        -")
            continue
        rps = statistics.median(v[0] for v in values)
        p99 = statistics.median(v[1] for v in values)
        medians[name] = (rps, p99)
        lines.append(f"{name:<10} {len(values):>2} {rps:>11.0f} {p99:>8.2f}")
    if len(medians) == 2:
        (a_rps, a_p99), (b_rps, b_p99) = medians["np-httpd"], medians["nginx"]
        lines.append(f"np-httpd/nginx: throughput {a_rps / b_rps:.2f}, p99 latency "
                     f"{a_p99 / b_p99:.2f} (medians; throughput > 1 or latency < 1: np-httpd "
                     "ahead)")
    return "\n".join(lines)


# --- part 2: threads vs events -------------------------------------------------------------------

def build_load_generator(out_dir: Path) -> Path:
    compiler = shutil.which("g++") or shutil.which("c++")
    if compiler is None:
        raise SystemExit("no C++ compiler to build echo_load")
    target = out_dir / "echo_load"
    subprocess.run([compiler, "-O2", "-std=c++20", "-o", str(target),
                    str(HERE / "echo_load.cpp")], check=True)
    return target


def echo_part(host, bin_dir: Path, run_dir: Path, load: Path, steps: list[int],
              seconds: float) -> dict:
    from harness.run import Daemon, run, wait_for

    points = {engine: [] for engine in ENGINES}
    memory = {}
    problems = []
    for engine in ENGINES:
        argv = [str(bin_dir / "np-echod"), "-p", ECHO_PORT, "--engine", engine]
        with Daemon(host, argv, run_dir=run_dir, name=f"np-echod-{engine}") as server:
            wait_for(lambda: "listening" in server.stdout or not server.alive(), timeout=5,
                     what="np-echod to listen")
            # Memory per idle connection, on a fresh server.
            before = vm_rss_kib(server.pid)
            holder = Daemon(host, [load, "127.0.0.1", ECHO_PORT, IDLE_CONNECTIONS, 0, "--hold"],
                            run_dir=run_dir, name=f"hold-{engine}")
            with holder:
                try:
                    wait_for(lambda: "ready" in holder.stdout, timeout=30,
                             what="the idle connections")
                    time.sleep(0.3)  # threads started, buffers settled
                    after = vm_rss_kib(server.pid)
                    memory[engine] = round((after - before) / IDLE_CONNECTIONS, 1)
                except TimeoutError:
                    problems.append(f"{engine}: idle connections not ready: {holder.stdout}")
            for count in steps:
                result = run(host, [load, "127.0.0.1", ECHO_PORT, count, seconds],
                             timeout=seconds + 60)
                try:
                    figures = json.loads(result.stdout.strip().splitlines()[-1])
                except (ValueError, IndexError):
                    problems.append(f"{engine}, {count} connections: {result.summary()}")
                    continue
                points[engine].append(figures)
                print(f"  {engine:<7} {count:>5} connections: {figures['rps']:>9.0f} round "
                      f"trips/s, p99 {figures['p99_us'] / 1000:.2f} ms", file=sys.stderr,
                      flush=True)
    return {"points": points, "memory_kib_per_idle_connection": memory, "problems": problems}


def echo_table(part: dict) -> str:
    lines = [f"{'connections':>11} " + " ".join(f"{e + ' rt/s':>13} {e + ' p99 ms':>14}"
                                                 for e in ENGINES)]
    counts = sorted({p["connections"] for ps in part["points"].values() for p in ps})
    for count in counts:
        cells = []
        for engine in ENGINES:
            point = next((p for p in part["points"][engine] if p["connections"] == count), None)
            cells.append(f"{point['rps']:>13.0f} {point['p99_us'] / 1000:>14.2f}" if point
                         else f"{'-':>13} {'-':>14}")
        lines.append(f"{count:>11} " + " ".join(cells))
    peaks = {e: max((p["rps"] for p in part["points"][e]), default=0) for e in ENGINES}
    last = {e: part["points"][e][-1]["rps"] if part["points"][e] else 0 for e in ENGINES}
    lines.append("")
    lines.append("peak round trips/s:   " + ", ".join(f"{e} {peaks[e]:.0f}" for e in ENGINES))
    lines.append("at the most connections, as a share of the peak: " +
                 ", ".join(f"{e} {last[e] / peaks[e]:.2f}" if peaks[e] else f"{e} -"
                           for e in ENGINES))
    if peaks["threads"]:
        lines.append("peak ratio epoll/threads "
                     f"{peaks['epoll'] / peaks['threads']:.2f}, uring/threads "
                     f"{peaks['uring'] / peaks['threads']:.2f}")
    memory = part["memory_kib_per_idle_connection"]
    lines.append(f"memory per idle connection (server VmRSS, KiB, {IDLE_CONNECTIONS} open): " +
                 ", ".join(f"{e} {memory.get(e, '-')}" for e in ENGINES))
    return "\n".join(lines)


def plot(part: dict, path: Path, title: str) -> bool:
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("no plot: matplotlib is missing (apt-get install python3-matplotlib)",
              file=sys.stderr)
        return False
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    colours = {"epoll": "#1f77b4", "uring": "#2ca02c", "threads": "#d62728"}
    for engine in ENGINES:
        points = part["points"][engine]
        if not points:
            continue
        x = [p["connections"] for p in points]
        left.plot(x, [p["rps"] for p in points], "o-", color=colours[engine], label=engine)
        right.plot(x, [p["p99_us"] / 1000 for p in points], "o-", color=colours[engine],
                   label=engine)
    for ax, label in ((left, "round trips per second"), (right, "p99 latency (ms)")):
        ax.set_xscale("log")
        ax.set_xlabel("concurrent connections")
        ax.set_ylabel(label)
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(fontsize=8)
    right.set_yscale("log")
    left.set_ylim(bottom=0)
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="./lab bench event-loop",
        description="np-httpd vs nginx (wrk), and np-echod's engines as connections grow.")
    parser.add_argument("--bin", default=str(ROOT / "build/solutions/bin"),
                        help="directory with np-httpd and np-echod (default: the solution's build)")
    parser.add_argument("--max-connections", type=int, default=2000,
                        help="the largest number of concurrent connections (default 2000)")
    parser.add_argument("--quick", action="store_true",
                        help="one wrk round of 2 s, 1 s per load point")
    parser.add_argument("--skip-http", action="store_true", help="only threads vs events")
    parser.add_argument("--skip-echo", action="store_true", help="only np-httpd vs nginx")
    args = parser.parse_args(argv)
    require_root("./lab bench event-loop")
    bin_dir = Path(args.bin).resolve()
    for tool in ("np-httpd", "np-echod"):
        if not (bin_dir / tool).is_file():
            print(f"no {tool} in {bin_dir}: build it first", file=sys.stderr)
            return 1
    missing = [t for t in ("wrk", "nginx") if shutil.which(t) is None and not args.skip_http]
    if missing:
        print(f"missing {', '.join(missing)} (apt-get install wrk nginx-light)", file=sys.stderr)
        return 1
    rounds, duration, seconds = (1, 2, 1.0) if args.quick else (3, 5, 2.0)
    steps = [n for n in CONNECTION_STEPS if n <= args.max_connections]

    from harness.run import tmp_run_dir
    from harness.topology import pair

    results = HERE / "results"
    results.mkdir(exist_ok=True)
    load = build_load_generator(results)
    started = time.monotonic()
    with pair() as net, tmp_run_dir() as run_dir:
        host = net.h1  # everything on h1's own loopback
        http = (http_part(host, bin_dir, run_dir, rounds, duration) if not args.skip_http
                else {"samples": {}, "problems": []})
        echo = (echo_part(host, bin_dir, run_dir, load, steps, seconds) if not args.skip_echo
                else {"points": {e: [] for e in ENGINES}, "memory_kib_per_idle_connection": {},
                      "problems": []})
    text = "\n".join([
        f"event-loop benchmark, {platform.node()}, {platform.release()}, "
        f"{len(__import__('os').sched_getaffinity(0))} CPUs, "
        f"{time.monotonic() - started:.0f} s",
        "",
        f"1. np-httpd vs nginx: one worker each, {FILE_SIZE}-byte file, "
        f"wrk -t 2 -c 64 -d {duration}s, {rounds} round(s)",
        http_table(http) if not args.skip_http else "(skipped)",
        "",
        f"2. threads vs events: np-echod engines, 64-byte echo round trips, closed loop, "
        f"{seconds:g} s per point, 1..{steps[-1]} connections (the bound: --max-connections)",
        echo_table(echo) if not args.skip_echo else "(skipped)",
    ] + [f"problem: {p}" for p in http["problems"] + echo["problems"]])
    print(text)
    (results / "latest.txt").write_text(text + "\n")
    (results / "latest.json").write_text(json.dumps({"http": http, "echo": echo}, indent=2) + "\n")
    wrote = ["latest.txt", "latest.json"]
    if not args.skip_echo and plot(echo, results / "threads-vs-events.png",
            f"np-echod: threads vs events ({platform.node()}, "
            f"{len(__import__('os').sched_getaffinity(0))} CPUs)"):
        wrote.append("threads-vs-events.png")
    print(f"\nwrote {', '.join(f'bench/event-loop/results/{w}' for w in wrote)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Run a lab's preprocessor commands in one sandbox (harness/integrity.py's macro check).

    /usr/bin/python3 preprocess_batch.py SPEC_FILE

A sandbox costs a quarter of a second to build; a lab has dozens of translation units and
headers to preprocess. So the integrity check starts one sandbox per lab and this program
runs the commands in it, each bounded on its own as harness.bounded.bounded_run would:

    SPEC_FILE  {"workers": 2, "timeout": 60, "output_limit": 67108864,
                "results": "/…/results.json",
                "commands": [{"argv": […], "cwd": "/…", "output": "/…/0.i"}, …]}

Each command's standard output goes to its output file, cut off at output_limit (the
command is then killed: "flooded"); its standard error is dropped. results.json lists,
in the commands' order, {"status": exit status or -signal, "timed_out", "flooded",
"duration"}. It runs as root of the sandbox with nothing of the harness importable, so
it imports only the standard library.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

CHUNK = 1 << 16


def _kill(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def run_one(command: dict, timeout: float, output_limit: int) -> dict:
    """One command, its output into its file; how it ended."""
    started = time.monotonic()
    ended = {"status": None, "timed_out": False, "flooded": False}
    with open(command["output"], "wb") as output:
        try:
            process = subprocess.Popen(command["argv"], cwd=command["cwd"], stdin=subprocess.DEVNULL,
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                       start_new_session=True)
        except OSError as error:
            return {**ended, "status": 127, "error": str(error), "duration": 0.0}
        written = 0
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            while True:
                left = started + timeout - time.monotonic()
                if left <= 0:
                    ended["timed_out"] = True
                    _kill(process)
                    break
                if not selector.select(left):
                    continue
                data = os.read(process.stdout.fileno(), CHUNK)
                if not data:
                    break
                if written + len(data) > output_limit:
                    ended["flooded"] = True
                    _kill(process)
                    break
                output.write(data)
                written += len(data)
        process.stdout.close()
        ended["status"] = process.wait()
    ended["duration"] = time.monotonic() - started
    return ended


def main(spec_file: str) -> int:
    with open(spec_file) as file:
        spec = json.load(file)
    with ThreadPoolExecutor(max_workers=max(1, spec["workers"])) as pool:
        results = list(pool.map(lambda command: run_one(command, spec["timeout"], spec["output_limit"]),
                                spec["commands"]))
    with open(spec["results"], "w") as file:
        json.dump(results, file)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

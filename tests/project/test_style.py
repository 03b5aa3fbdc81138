"""Our style, enforced by tools rather than by review: clang-format for the layout of every
C++ file, clang-tidy (the checks in .clang-tidy) for the code students read as the model
answer, and pyflakes for the Python of the harness, the tests, the benches and the slides.
Each test names the file, the line and the finding, and the command that fixes or shows it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .conftest import ROOT, built

CPP_SUFFIXES = {".cpp", ".hpp", ".h", ".c", ".cc"}
CPP_DIRS = ["common", "labs", "solutions", "tests", "harness", "bench"]
PYTHON_DIRS = ["harness", "tests", "bench", "slides"]
SHOWN = 15  # findings quoted in a failure; the command given shows them all


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed: './lab setup' installs it")
    return path


def repository_files(dirs: list[str], suffixes: set[str]) -> list[Path]:
    """The files under dirs with one of the suffixes, build trees left out."""
    found = []
    for name in dirs:
        for path in (ROOT / name).rglob("*"):
            if path.suffix in suffixes and path.is_file() and "build" not in path.parts[len(ROOT.parts):-1]:
                found.append(path)
    return sorted(found)


def shown(findings: list[str]) -> str:
    more = f"\n... and {len(findings) - SHOWN} more" if len(findings) > SHOWN else ""
    return "\n".join(findings[:SHOWN]) + more


def test_cpp_is_clang_formatted():
    files = repository_files(CPP_DIRS, CPP_SUFFIXES)
    run = subprocess.run([tool("clang-format"), "--dry-run", "--Werror", *map(str, files)],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    # clang-format reports each misformatted spot as "file:line:col: error: code should be
    # clang-formatted" followed by the line; the first line of each is enough to find it.
    findings = sorted({":".join(line.replace(f"{ROOT}/", "").split(":")[:2])
                       for line in run.stderr.splitlines() if ": error: " in line})
    if run.returncode != 0 and not findings:
        findings = [f"clang-format failed (exit status {run.returncode}): {run.stderr.strip()}"]
    if findings:
        pytest.fail(f"{len(findings)} lines are not formatted as .clang-format says; "
                    f"'clang-format -i FILE' fixes them:\n{shown(findings)}", pytrace=False)


def tidy_sources() -> list[Path]:
    """The translation units clang-tidy reads: libnp, the harness's C++, and every lab built
    as its solution, i.e. the given code once plus the files students write. (The skeleton's
    stubs of those files are left out: they are TODOs; the compiler's warnings cover them.)"""
    commands = json.loads(built(ROOT / "build" / "compile_commands.json").read_text())
    sources = set()
    for command in commands:
        path = Path(command["file"])
        if not path.is_absolute():
            path = Path(command["directory"]) / path
        inside = path.relative_to(ROOT).parts if path.is_relative_to(ROOT) else ()
        if inside[:1] in (("common",), ("harness",)) or inside[:3] == ("build", "tree", "solutions"):
            sources.add(path)
    return sorted(sources)


def tidy_findings(source: Path) -> list[str]:
    run = subprocess.run([tool("clang-tidy"), "-p", str(ROOT / "build"), "--quiet", str(source)],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    findings = []
    for line in run.stdout.splitlines():
        if ": error: " in line or ": warning: " in line:
            # Name the file where it lives, not through the build's tree of links.
            location, _, message = line.partition(": ")
            path = Path(location.split(":")[0])
            if path.exists():
                real = path.resolve()
                location = location.replace(str(path), str(real.relative_to(ROOT))
                                            if real.is_relative_to(ROOT) else str(real))
            findings.append(f"{location}: {message.replace(',-warnings-as-errors', '')}")
    if run.returncode != 0 and not findings:
        findings.append(f"{source.relative_to(ROOT)}: clang-tidy failed (exit status "
                        f"{run.returncode}): {(run.stderr.strip().splitlines() or [''])[-1]}")
    return findings


def test_cpp_passes_clang_tidy():
    sources = tidy_sources()
    assert sources, "build/compile_commands.json lists no sources of labs, solutions or libnp"
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        per_source = list(pool.map(tidy_findings, sources))
    # A header's finding comes once from each translation unit that includes it.
    findings = sorted({finding for found in per_source for finding in found})
    if findings:
        pytest.fail(f"clang-tidy (.clang-tidy) has {len(findings)} findings in {len(sources)} "
                    f"translation units; 'clang-tidy -p build FILE' shows one file's:\n"
                    f"{shown(findings)}", pytrace=False)


def test_python_passes_pyflakes():
    targets = [str(ROOT / name) for name in PYTHON_DIRS if (ROOT / name).is_dir()]
    run = subprocess.run([tool("pyflakes3"), *targets], cwd=ROOT, capture_output=True,
                         text=True, timeout=600)
    findings = [line.replace(f"{ROOT}/", "") for line in (run.stdout + run.stderr).splitlines()
                if line.strip()]
    if run.returncode != 0 or findings:
        pytest.fail(f"pyflakes has {len(findings)} findings ('pyflakes3 harness tests bench "
                    f"slides' shows them):\n{shown(findings)}", pytrace=False)

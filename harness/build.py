"""Building an implementation for grading: labs/, solutions/, or a submission elsewhere.

    impl = resolve_impl(root, "labs")          # or "solutions", or a path
    configure(root, impl)                      # raises BuildError when CMake itself fails
    lab = build_lab(root, impl, "ping")        # LabBuild: ok, bin_dir, tests_dir, error

labs and solutions build in build/ (the default preset); a submission, which is a
directory of lab directories or a repository with labs/ inside, builds in
build/sub-<name>-<hash> with NP_LABS_DIR pointing at its labs and without solutions.
Warnings are errors when the environment has CI (or NP_WERROR=1) set.

Configuring and building run in the sandbox (harness.sandbox): a build compiles code
that may be hostile (`#include "/dev/zero"`), and CMake runs the unit-test programs it
builds to list their tests. The sandbox shows the build the repository read-only (for a
submission: only what building it needs, not the solutions, not the network tests) and
the build directory writable, and nothing else.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .bounded import Bounded, bounded_run, describe_end

if TYPE_CHECKING:
    from .sandbox import View

BUILD_TIMEOUT = 900  # seconds for one configure or build step
BUILD_OUTPUT_LIMIT = 4 << 20
ERROR_LINES = 8  # compiler lines shown for a failed build


class BuildError(Exception):
    """CMake could not configure the build at all (not one lab's compile error)."""

    def __init__(self, message: str, log: str = ""):
        super().__init__(message)
        self.log = log


# --- what to build ------------------------------------------------------------------------

@dataclass
class Impl:
    """An implementation to build: where its labs are and where the build goes."""

    name: str  # "labs", "solutions" or "submission"
    label: str  # for messages: "labs", "solutions", or the submission's path
    labs_dir: Path  # the directory holding <lab>/ directories
    build_dir: Path
    cmake_args: list[str] = field(default_factory=list)
    preset: str | None = None

    @property
    def target_prefix(self) -> str:
        return "solutions" if self.name == "solutions" else "labs"

    @property
    def bin_dir(self) -> Path:
        return self.build_dir / self.target_prefix / "bin"

    @property
    def tests_dir(self) -> Path:
        return self.build_dir / self.target_prefix / "tests"

    def source_label(self, lab: str) -> str:
        if self.name == "submission":
            return str(self.labs_dir / lab)
        return f"{self.name}/{lab}"


def werror() -> bool:
    """Warnings are errors in CI (CI set) or when NP_WERROR=1 is in the environment."""
    return bool(os.environ.get("CI")) or os.environ.get("NP_WERROR", "").upper() in ("1", "ON", "TRUE")


def sanitized(path: Path) -> str:
    """A build-directory name for a submission: its base name, made safe, and a short hash."""
    path = Path(path).resolve()
    base = re.sub(r"[^A-Za-z0-9_.-]+", "_", path.name).strip("._") or "submission"
    digest = hashlib.sha1(str(path).encode()).hexdigest()[:8]
    return f"{base[:40]}-{digest}"


def resolve_impl(root: Path, impl: str) -> Impl:
    """labs | solutions | a path to a submission (a dir of lab dirs, or a repo with labs/)."""
    root = Path(root).resolve()
    flag = f"-DNP_WERROR={'ON' if werror() else 'OFF'}"
    if impl in ("labs", "solutions"):
        return Impl(impl, impl, root / impl, root / "build", [flag], preset="default")
    path = Path(impl).expanduser()
    if not path.is_dir():
        raise BuildError(f"{impl}: not 'labs', 'solutions', or a submission directory")
    path = path.resolve()
    labs_dir = path / "labs" if (path / "labs").is_dir() else path
    build_dir = root / "build" / f"sub-{sanitized(path)}"
    args = ["-G", "Ninja", "-DCMAKE_BUILD_TYPE=Debug", f"-DNP_LABS_DIR={labs_dir}",
            "-DNP_WITH_SOLUTIONS=OFF", flag]
    return Impl("submission", str(path), labs_dir, build_dir, args)


def declared_labs(root: Path) -> dict[str, list[str]]:
    """{lab: [tools]} from the np_add_lab(<lab> TOOL <tool> | TOOLS <tools...>) lines of
    labs.cmake."""
    path = Path(root) / "labs.cmake"
    if not path.exists():
        return {}
    labs: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0]
        match = re.search(r"np_add_lab\s*\(\s*([\w.-]+)\s+TOOLS?\s+([^)]*)\)", line)
        if match:
            words = match.group(2).split()
            tools = words[: words.index("LIBS")] if "LIBS" in words else words
            labs[match.group(1)] = tools
    return labs


def lab_dependencies(root: Path, lab: str) -> list[str]:
    """The labs that lab builds on (LIBS lab:<other> in labs.cmake), and theirs, in turn."""
    path = Path(root) / "labs.cmake"
    direct: dict[str, list[str]] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            match = re.search(r"np_add_lab\s*\(\s*([\w.-]+)\s+[^)]*\bLIBS\s+([^)]*)\)",
                              line.split("#", 1)[0])
            if match:
                direct[match.group(1)] = [word[4:] for word in match.group(2).split()
                                          if word.startswith("lab:")]
    found: list[str] = []
    pending = list(direct.get(lab, []))
    while pending:
        other = pending.pop(0)
        if other != lab and other not in found:
            found.append(other)
            pending += direct.get(other, [])
    return found


def _env() -> dict:
    env = dict(os.environ)
    env.setdefault("CLICOLOR_FORCE", "0")
    env["NINJA_STATUS"] = "[%f/%t] "
    return env


# What building a submission reads of the repository: the build's own files, libnp, the
# unit tests and the course's skeletons (a lab handed in without the lab it builds on
# links the skeleton of that one).
SUBMISSION_BUILD_READS = ["CMakeLists.txt", "labs.cmake", "cmake", "common", "tests/unit", "labs"]


def build_view(root: Path, impl: Impl, writable: bool = True) -> "View":
    """What a sandboxed configure or build of impl sees; writable=False shows the build
    directory read-only (to read what the build made, as the integrity checks do)."""
    from . import sandbox

    view = sandbox.View.system()
    if impl.name == "submission":
        for name in SUBMISSION_BUILD_READS:
            if (Path(root) / name).exists():
                view.read_only(Path(root) / name)
        view.read_only(impl.labs_dir)
    else:  # the course's own labs and solutions
        view.read_only(root)
    return view.writable(impl.build_dir) if writable else view.read_only(impl.build_dir)


_build_dir_locks: dict[Path, threading.Lock] = {}
_build_dir_locks_guard = threading.Lock()


def _build_dir_lock(build_dir: Path) -> threading.Lock:
    """The lock of a build directory: grades running in threads of one process (the labs
    and the solutions share build/) take turns to configure and build there."""
    with _build_dir_locks_guard:
        return _build_dir_locks.setdefault(Path(build_dir).resolve(), threading.Lock())


def sandboxed_build_step(root: Path, impl: Impl, argv: list[str], timeout: float,
                         name: str) -> Bounded:
    """One configure or build command of impl, in the sandbox, within the build limits."""
    from . import limits, sandbox

    impl.build_dir.mkdir(parents=True, exist_ok=True)
    env = {"CLICOLOR_FORCE": "0", "NINJA_STATUS": "[%f/%t] "}
    for key in ("CI", "NP_WERROR"):
        if key in os.environ:
            env[key] = os.environ[key]
    with _build_dir_lock(impl.build_dir):
        return sandbox.run(argv, view=build_view(root, impl), limits=limits.BUILD.but(wall=timeout),
                           cwd=Path(root).resolve(), env=env, name=name, kill_on_flood=False)


def configure(root: Path, impl: Impl, timeout: float = BUILD_TIMEOUT) -> None:
    """Configure impl's build directory; BuildError with CMake's output when that fails."""
    root = Path(root).resolve()
    if impl.preset:
        argv = ["cmake", "--preset", impl.preset, *impl.cmake_args]
    else:
        argv = ["cmake", "-S", str(root), "-B", str(impl.build_dir), *impl.cmake_args]
    run = sandboxed_build_step(root, impl, argv, timeout, "configure")
    if not run.ok:
        raise BuildError(f"cmake could not configure {impl.build_dir} ({describe_end(run)}):\n"
                         + first_error_lines(run.output, root, impl), run.output)


NOISE = re.compile(r"^(\[\d+/\d+\] |ninja: |FAILED: |/usr/bin/\S+ )")


HIDDEN_UNIT_TEST = re.compile(r"tests/unit/[^/\s]+/hidden/")
HIDDEN_BUILD_FAILED = ("the build stopped in the instructor's hidden unit tests (what the compiler "
                       "said there is not shown): keep the interfaces the handout gives")


def _through_the_tree(impl: Impl, text: str) -> str:
    """Paths into the build's tree of links (cmake/np_lab.cmake: B/tree/<impl>/<lab>/<file>,
    a lab built on the course's skeleton) as the files they link to: the author's own, or
    the skeleton's given code."""
    tree = re.escape(str(impl.build_dir / "tree")) + r"/[\w.-]+/[\w.-]+/[\w.+-]+"

    def real(match: re.Match) -> str:
        link = Path(match.group(0))
        return str(link.resolve()) if link.is_symlink() else match.group(0)

    return re.sub(tree, real, text)


def first_error_lines(log: str, root: Path, impl: Impl, count: int = ERROR_LINES) -> str:
    """The first compiler (or CMake) error of a log and the lines after it, without the
    build tool's own lines, paths shortened."""
    pattern = re.compile(r"(error|Error|undefined reference|fatal|No such file)")
    chosen: list[str] = []
    for lines in ([line for line in log.splitlines() if not NOISE.match(line)], log.splitlines()):
        start = next((i for i, line in enumerate(lines) if pattern.search(line)), None)
        if start is not None:
            chosen = lines[start:start + count]
            break
    else:
        chosen = log.strip().splitlines()[-count:]
    text = _through_the_tree(impl, "\n".join(chosen))
    shown = impl.name if impl.name != "submission" else "labs"
    for old, new in ((str(impl.labs_dir) + "/", f"{shown}/"), (str(Path(root).resolve()) + "/", "")):
        text = text.replace(old, new)
    if HIDDEN_UNIT_TEST.search(text):
        # The compiler quotes the lines it stops at: shown to the student, they would be
        # the instructor's hidden tests, and code could #include one just to have it quoted.
        return HIDDEN_BUILD_FAILED
    return text


@dataclass
class LabBuild:
    lab: str
    ok: bool
    bin_dir: Path
    tests_dir: Path
    error: str = ""  # the first error lines when the build failed
    log: str = ""
    duration: float = 0.0


def lab_targets(root: Path, impl: Impl, lab: str) -> list[str]:
    tools = declared_labs(root).get(lab, [])
    targets = [f"{impl.target_prefix}-{tool}" for tool in tools]
    unit_dir = Path(root) / "tests" / "unit" / lab
    if any(unit_dir.glob("*.cpp")) or any(unit_dir.glob("hidden/*.cpp")):
        targets.append(f"{impl.target_prefix}-{lab}-unit")
    return targets


def build_lab(root: Path, impl: Impl, lab: str, timeout: float = BUILD_TIMEOUT) -> LabBuild:
    """Build one lab's tool and unit tests; a compile error makes ok False, never raises."""
    root = Path(root).resolve()
    result = LabBuild(lab, False, impl.bin_dir, impl.tests_dir)
    if lab not in declared_labs(root):
        result.error = f"{lab} is not a lab of this repository (labs.cmake)"
        return result
    if not (impl.labs_dir / lab).is_dir():
        result.error = f"there is no {impl.source_label(lab)}/ directory"
        return result
    # The tool first, then the unit tests: a student's own compile error is shown before
    # any error it causes in our unit tests.
    for target in lab_targets(root, impl, lab):
        run = sandboxed_build_step(root, impl, ["cmake", "--build", str(impl.build_dir),
                                                "--target", target], timeout, f"build-{lab}")
        result.duration += run.duration
        result.log += run.output
        if run.timed_out:
            result.error = f"the build took longer than {timeout:.0f} s and was stopped"
            return result
        if run.limit:
            result.error = f"the build exceeded its {run.limit} and was stopped"
            return result
        if not run.ok:
            result.error = first_error_lines(run.output, root, impl)
            return result
    result.ok = True
    return result


def build_helpers(root: Path, impl: Impl, timeout: float = BUILD_TIMEOUT) -> str | None:
    """Build the harness's own programs (np-nfqdelay) in build/, where the harness looks for
    them, whatever impl is; None when that worked, else the error."""
    if not (Path(root) / "harness" / "nfqdelay" / "CMakeLists.txt").exists():
        return None
    main = resolve_impl(root, "labs")
    try:
        if not (main.build_dir / "CMakeCache.txt").exists():
            configure(root, main, timeout)
    except BuildError as error:
        return str(error)
    run = bounded_run(["cmake", "--build", str(main.build_dir), "--target", "np-nfqdelay"],
                      timeout=timeout, output_limit=BUILD_OUTPUT_LIMIT, cwd=root, env=_env(),
                      kill_on_flood=False)
    return None if run.ok else first_error_lines(run.output, root, main)


def build_everything(root: Path, impl: Impl, timeout: float = BUILD_TIMEOUT) -> Bounded:
    """cmake --build of the whole build directory (every lab, both impls, all tests)."""
    return sandboxed_build_step(root, impl, ["cmake", "--build", str(impl.build_dir)], timeout,
                                "build")

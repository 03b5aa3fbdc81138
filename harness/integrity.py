"""Checks that a submission leaves GoogleTest alone, made before its unit tests run.

    problems = check_lab(root, impl, "ping")   # [] when the lab's unit tests may run
    str(problems[0])  # 'labs/ping/icmp.hpp redefines EXPECT_EQ: a submission may not …'

A unit-test program links the student's library and includes the student's headers
before GoogleTest's, so a submission could change what the tests check without passing
them: a main or a GoogleTest function of its own in the library, a #define of EXPECT_EQ
in a header, a header that stands in for <gtest/gtest.h>. Checked here, on the student's
files only (the graded lab's directory and those of the labs it builds on):

- the student's static libraries define no main and nothing of namespace testing (nm);
  either would replace GoogleTest's own at link time;
- no student file #defines or #undefs a GoogleTest macro name, main or testing. The
  compiler finds them, not a regex: each translation unit (the lab's own and the unit
  tests', and each header alone) is preprocessed with -E -dD by its compile command from
  compile_commands.json, so line splices, comments and conditionals read as the compiler
  reads them, and each directive is attributed to the file its line marker names. A
  student file can rename itself with #line or a line marker, so in the unit tests'
  translation units a directive for a name GoogleTest defines must also be one of
  GoogleTest's own, whatever file it claims (gtest.h preprocessed alone, with nothing of
  the student's on the include path);
- no student file has the path of a system header (gtest/gtest.h, vector, …), which the
  lab's include path would let it replace.

The preprocessor runs under a time, output and memory limit: a student file may include
/dev/zero.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import build as builder
from . import limits, sandbox
from .bounded import Bounded, bounded_run, describe_end

PREPROCESS_TIMEOUT = 60  # seconds for one translation unit
PREPROCESS_OUTPUT_LIMIT = 64 << 20  # a unit test's TU with gtest.h is about 3 MiB
PREPROCESS_MEMORY_LIMIT = 1 << 30
NM_TIMEOUT = 60
NM_OUTPUT_LIMIT = 64 << 20
PREPROCESS_WORKERS = 4  # preprocessors run at once (at most one per CPU)
MAX_HEADERS = 200  # header files in a lab's directories: a lab has a few dozen at most
HEADER_SUFFIXES = {".h", ".hh", ".hpp", ".hxx", ".h++", ".inc", ".inl", ".ipp", ".tpp"}

# The names a submission may not touch: GoogleTest's macros (gmock's too), and the two
# names the unit-test programs rely on.
GOOGLETEST_MACRO = re.compile(
    r"(TEST|TEST_F|TEST_P|TYPED_TEST\w*|INSTANTIATE_\w+|REGISTER_TYPED_TEST\w*|FRIEND_TEST"
    r"|EXPECT_\w+|ASSERT_\w+|FAIL|SUCCEED|ADD_FAILURE\w*|GTEST_\w+|GMOCK_\w+|MOCK_\w+"
    r"|ON_CALL|SCOPED_TRACE|RUN_ALL_TESTS)")
RESERVED_NAMES = {"main", "testing"}
MACRO_RULE = "a submission may not redefine GoogleTest's macros"
RESERVED_RULE = "a submission may not turn main or testing into a macro"
MAIN_RULE = "the unit tests bring their own main, so a lab's library may not define one"
TESTING_RULE = "a submission may not define GoogleTest's symbols (namespace testing)"
SHADOW_RULE = "a submission may not stand in for a system header"
UNCHECKED_RULE = "the unit tests run only on code that could be checked"

LINE_MARKER = re.compile(r'^# (\d+) "((?:[^"\\]|\\.)*)"')
DIRECTIVE = re.compile(r"^#(define|undef) ([A-Za-z_]\w*)")
# An entity of namespace testing, mangled: _ZN7testing…, and the same behind a vtable,
# typeinfo, guard variable, thunk or local-entity prefix, or with cv/ref qualifiers.
TESTING_SYMBOL = re.compile(r"^_Z(?:T[VTIS]|GV|GR|T[hvc][hvn0-9_]*|Z)*N[rVKRO]*7testing")


@dataclass(frozen=True)
class Violation:
    """One thing a submission did that its unit tests may not run with."""

    file: str  # as the student knows it: labs/ping/icmp_echo.hpp
    did: str  # "redefines EXPECT_EQ"
    rule: str  # why that is not allowed

    def __str__(self) -> str:
        return f"{self.file} {self.did}: {self.rule}"


def guarded(name: str) -> bool:
    return name in RESERVED_NAMES or GOOGLETEST_MACRO.fullmatch(name) is not None


class _Lab:
    """The student's directories of one lab, and how to show their files."""

    def __init__(self, root: Path, impl: builder.Impl, lab: str):
        self.root, self.impl, self.lab = Path(root).resolve(), impl, lab
        names = [lab] + builder.lab_dependencies(self.root, lab)
        self.labs = [name for name in names if (impl.labs_dir / name).is_dir()]
        self.dirs = [Path(os.path.normpath(impl.labs_dir / name)) for name in self.labs]
        self.real_dirs = [directory.resolve() for directory in self.dirs]
        self._student: dict[tuple[str, str], bool] = {}

    def is_student_file(self, path: str | Path, cwd: Path | None = None) -> bool:
        """Whether path (relative to cwd) is in the student's directories, as written or
        once symbolic links are followed."""
        key = (str(path), str(cwd))
        if key not in self._student:
            self._student[key] = self._in_student_dirs(Path(cwd or self.root) / path)
        return self._student[key]

    def _in_student_dirs(self, path: Path) -> bool:
        plain = Path(os.path.normpath(path))
        if any(plain.is_relative_to(directory) for directory in self.dirs):
            return True
        try:
            real = path.resolve()
        except (OSError, RuntimeError):
            return False
        return any(real.is_relative_to(directory) for directory in self.real_dirs)

    def shown(self, path: str | Path, cwd: Path | None = None) -> str:
        """labs/ping/x.hpp for a student file (whatever the submission's path), else the
        path relative to the repository."""
        plain = Path(os.path.normpath(Path(cwd or self.root) / path))
        prefix = self.impl.name if self.impl.name != "submission" else "labs"
        if plain.is_relative_to(self.impl.labs_dir):
            return f"{prefix}/{plain.relative_to(self.impl.labs_dir)}"
        if plain.is_relative_to(self.root):
            return str(plain.relative_to(self.root))
        return str(plain)

    def files(self) -> list[Path]:
        found = []
        for directory in self.dirs:
            found += sorted(path for path in directory.rglob("*") if path.is_file())
        return found

    def library(self, name: str) -> Path:
        """The static library CMake makes of a lab (np_lab.cmake: <impl>-<lab>)."""
        return self.impl.build_dir / f"lib{self.impl.target_prefix}-{name}.a"


def check_lab(root: Path, impl: builder.Impl, lab: str) -> list[Violation]:
    """Everything in the student's files of lab that its unit tests may not run with."""
    context = _Lab(root, impl, lab)
    found: list[Violation] = []
    found += check_libraries(context)
    commands = _compile_commands(impl.build_dir)
    found += check_header_paths(context, commands)
    found += check_macros(context, commands)
    unique: list[Violation] = []
    for violation in found:
        if violation not in unique:
            unique.append(violation)
    return unique


# --- the libraries ----------------------------------------------------------------------

def check_libraries(context: _Lab) -> list[Violation]:
    """No main and nothing of namespace testing defined in the student's static libraries."""
    found: list[Violation] = []
    for name in context.labs:
        library = context.library(name)
        if not library.exists():
            continue  # a lab of mains only builds no library
        # nm reads what the submission's build wrote: in the sandbox too.
        run = sandbox.run(["nm", "--defined-only", "--format=posix", library], name="nm",
                          view=sandbox.View.system().read_only(library.parent),
                          limits=limits.PREPROCESS.but(wall=NM_TIMEOUT, output=NM_OUTPUT_LIMIT),
                          keep_stderr=False)
        if not run.ok:
            found.append(Violation(context.shown(library), f"could not be read by nm "
                                   f"({describe_end(run)})", UNCHECKED_RULE))
            continue
        member = library.name
        testing_symbols: dict[str, list[str]] = {}
        for line in run.output.splitlines():
            if line.endswith(":") and "[" in line:
                member = line[line.rindex("[") + 1:-2]
                continue
            symbol = line.split(" ", 1)[0]
            if symbol == "main":
                found.append(Violation(_member_source(context, name, member), "defines main",
                                       MAIN_RULE))
            elif TESTING_SYMBOL.match(symbol):
                testing_symbols.setdefault(member, []).append(symbol)
        for member, symbols in testing_symbols.items():
            more = f" (and {len(symbols) - 1} more symbols)" if len(symbols) > 1 else ""
            found.append(Violation(_member_source(context, name, member),
                                   f"defines {_demangled(symbols[0])}{more}", TESTING_RULE))
    return found


def _member_source(context: _Lab, lab: str, member: str) -> str:
    """The student file an archive member was compiled from (CMake names it <file>.o)."""
    source = context.impl.labs_dir / lab / member.removesuffix(".o")
    if source.is_file():
        return context.shown(source)
    return f"{context.shown(context.library(lab))}({member})"


def _demangled(symbol: str) -> str:
    run = bounded_run(["c++filt", symbol], timeout=NM_TIMEOUT, keep_stderr=False)
    text = run.output.strip() if run.ok else ""
    return text.splitlines()[0] if text else symbol


# --- the headers' paths -----------------------------------------------------------------

def check_header_paths(context: _Lab, commands: list[dict]) -> list[Violation]:
    """No student file sits where an #include <…> of a system header would find it first."""
    compiler = next((_arguments(entry)[0] for entry in commands), "c++")
    run = bounded_run([compiler, "-xc++", "-E", "-v", "/dev/null"],
                      timeout=PREPROCESS_TIMEOUT, output_limit=1 << 20)
    lines = run.output.splitlines()
    start = next((i for i, line in enumerate(lines) if "#include <...> search starts" in line), None)
    if start is None:
        return [Violation(compiler, "did not list its system include directories "
                          f"({describe_end(run)})", UNCHECKED_RULE)]
    system_dirs = []
    for line in lines[start + 1:]:
        if not line.startswith(" "):
            break
        system_dirs.append(Path(line.strip()))
    found = []
    for directory in context.dirs:
        for path in sorted(path for path in directory.rglob("*") if path.is_file()):
            relative = path.relative_to(directory)
            for system_dir in system_dirs:
                if (system_dir / relative).is_file():
                    found.append(Violation(context.shown(path), f"has the name of the system "
                                           f"header <{relative}>", SHADOW_RULE))
                    break
    return found


# --- the macros -------------------------------------------------------------------------

def _compile_commands(build_dir: Path) -> list[dict]:
    path = Path(build_dir) / "compile_commands.json"
    try:
        entries = json.loads(path.read_text())
    except (OSError, ValueError):
        return []
    return [entry for entry in entries if isinstance(entry, dict) and "file" in entry]


def _arguments(entry: dict) -> list[str]:
    if isinstance(entry.get("arguments"), list):
        return [str(arg) for arg in entry["arguments"]]
    return shlex.split(entry.get("command", ""))


DROPPED_WITH_VALUE = {"-o", "-MF", "-MT", "-MQ"}
DROPPED = {"-c", "-MD", "-MMD", "-P", "-Werror"}


def _preprocess_arguments(entry: dict, source: str | None = None,
                          include: str | None = None) -> list[str]:
    """The entry's compile command turned into -E -dD to stdout; with source, of that
    file instead, and with include, of that file included first (a header alone)."""
    arguments = _arguments(entry)
    out: list[str] = []
    skip = False
    for argument in arguments[1:]:
        if skip:
            skip = False
        elif argument in DROPPED_WITH_VALUE:
            skip = True
        elif argument in DROPPED or argument == entry["file"]:
            continue
        else:
            out.append(argument)
    out += ["-E", "-dD", "-w"]
    if include:
        out += ["-include", include]
    return [arguments[0], *out, source or entry["file"]]


def _reference_arguments(entry: dict, source: str) -> list[str]:
    """The entry's command without any include directory: what gtest.h alone defines,
    with nothing of the student's on the include path."""
    arguments = _preprocess_arguments(entry, source)
    out = [arguments[0]]
    skip = False
    for argument in arguments[1:-1]:
        if skip:
            skip = False
        elif argument in ("-I", "-isystem", "-iquote", "-idirafter", "-include"):
            skip = True
        elif re.match(r"^-(I|isystem|iquote|idirafter)", argument):
            continue
        else:
            out.append(argument)
    return out + [source]


class _Preprocessed:
    """The #define and #undef directives of one preprocessed translation unit, each with
    the file its line marker names."""

    def __init__(self, output: str):
        self.directives: list[tuple[str, str, str]] = []  # (file, name, whole line)
        current = ""
        for line in output.splitlines():
            if line.startswith("# "):
                marker = LINE_MARKER.match(line)
                if marker:
                    current = _unescape(marker.group(2))
                continue
            directive = DIRECTIVE.match(line)
            if directive and guarded(directive.group(2)):
                self.directives.append((current, directive.group(2), line.rstrip()))


def _unescape(text: str) -> str:
    """A file name as a line marker writes it: \\\\ and \\" escaped, odd bytes in octal."""
    raw = re.sub(r"\\([0-7]{1,3}|.)", lambda m: chr(int(m.group(1), 8)) if m.group(1).isdigit()
                 else m.group(1), text)
    try:
        return raw.encode("latin-1").decode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return raw


def _preprocess_all(context: "_Lab", commands: list[tuple[list[str], str]],
                    scratch: str) -> list[Bounded]:
    """Each (arguments, cwd) through the preprocessor, how each ended and what it printed.
    All in one sandbox, the sandbox of the submission's build (and our scratch files): a
    hostile file may `#include "/dev/zero"`. harness/preprocess_batch.py runs them there,
    each within PREPROCESS_TIMEOUT and PREPROCESS_OUTPUT_LIMIT; the sandbox's memory limit
    stops a preprocessor that grows past it, and the story names the limit."""
    outputs = Path(scratch) / "preprocessed"
    driver = Path(scratch) / "preprocess_batch.py"
    shutil.copyfile(Path(__file__).with_name("preprocess_batch.py"), driver)
    spec = {"workers": max(1, min(PREPROCESS_WORKERS, os.cpu_count() or 1)),
            "timeout": PREPROCESS_TIMEOUT, "output_limit": PREPROCESS_OUTPUT_LIMIT,
            "results": str(outputs / "results.json"),
            "commands": [{"argv": arguments, "cwd": cwd, "output": str(outputs / f"{index}.i")}
                         for index, (arguments, cwd) in enumerate(commands)]}
    spec_file = Path(scratch) / "preprocess.json"
    spec_file.write_text(json.dumps(spec))
    # The build directory read-only: a preprocessor writes nothing there, and a writable
    # one would be handed to the sandbox's ids, from whichever grade is building in it.
    view = builder.build_view(context.root, context.impl, writable=False)
    view.read_only(scratch).writable(outputs)
    rounds = -(-len(commands) // spec["workers"])
    batch_limits = limits.PREPROCESS.but(wall=PREPROCESS_TIMEOUT * rounds + 30,
                                         memory=PREPROCESS_MEMORY_LIMIT)
    run = sandbox.run([sandbox.PYTHON, str(driver), str(spec_file)], view=view, name="preprocess",
                      limits=batch_limits)
    try:
        ended = json.loads((outputs / "results.json").read_text())
    except (OSError, ValueError):
        ended = []  # the batch itself was stopped: every command is told so below
    runs = []
    for index, (arguments, _) in enumerate(commands):
        if index >= len(ended):
            runs.append(Bounded(arguments, None, "", timed_out=run.timed_out,
                                duration=run.duration, limit=run.limit))
            continue
        end = ended[index]
        # When the kernel stopped a preprocessor at the sandbox's memory limit, the failed
        # commands are those it stopped (the compiler driver reports its cc1plus killed).
        stopped_at_the_limit = bool(run.limit) and end["status"] != 0 and not (
            end["timed_out"] or end["flooded"])
        runs.append(Bounded(
            arguments, end["status"],
            # Even a failed run's output: the directives it got through are checked too.
            (outputs / f"{index}.i").read_text(errors="replace"),
            timed_out=end["timed_out"], flooded=end["flooded"], duration=end["duration"],
            output_limit=PREPROCESS_OUTPUT_LIMIT,
            limit=run.limit if stopped_at_the_limit else None))
    return runs


def check_macros(context: _Lab, commands: list[dict]) -> list[Violation]:
    """No #define or #undef of a guarded name in a student file, in any of the lab's
    translation units, the unit tests' or a student header alone."""
    prefix = context.impl.target_prefix
    unit_dir = f"CMakeFiles/{prefix}-{context.lab}-unit.dir/"
    units, sources, seen = [], [], set()
    for entry in commands:
        cwd = entry.get("directory", str(context.impl.build_dir))
        if unit_dir in entry.get("output", "") + " ".join(_arguments(entry)):
            units.append(entry)
        elif context.is_student_file(entry["file"], Path(cwd)) and entry["file"] not in seen:
            seen.add(entry["file"])
            sources.append(entry)
    if not units:
        return [Violation(f"{prefix}-{context.lab}-unit", "has no compile command in "
                          "compile_commands.json to check the headers with", UNCHECKED_RULE)]
    headers = [path for path in context.files() if path.suffix in HEADER_SUFFIXES]
    if len(headers) > MAX_HEADERS:
        return [Violation(context.shown(context.dirs[0]), f"holds {len(headers)} header files",
                          f"more than {MAX_HEADERS} are too many to check")]

    found: list[Violation] = []
    with tempfile.TemporaryDirectory(prefix="np-integrity-") as scratch:
        Path(scratch).chmod(0o755)  # read by root inside the sandbox, which is not its owner
        empty = Path(scratch) / "header_alone.cpp"
        empty.write_text("")
        reference_source = Path(scratch) / "googletest_alone.cpp"
        reference_source.write_text(
            "#include <gtest/gtest.h>\n#include <gtest/gtest-spi.h>\n"
            "#if __has_include(<gmock/gmock.h>)\n#include <gmock/gmock.h>\n#endif\n")
        checks = [(entry, _preprocess_arguments(entry), entry["file"], "unit") for entry in units]
        checks += [(entry, _preprocess_arguments(entry), entry["file"], "source")
                   for entry in sources]
        checks += [(units[0], _preprocess_arguments(units[0], str(empty), str(header)),
                    str(header), "header") for header in headers]
        reference = (_reference_arguments(units[0], str(reference_source)),
                     units[0].get("directory", scratch))
        reference_run, *runs = _preprocess_all(
            context, [reference] + [(check[1], check[0].get("directory", scratch)) for check in checks],
            scratch)
        if not reference_run.ok:
            return [Violation("gtest.h", "could not be preprocessed "
                              f"({describe_end(reference_run)})", UNCHECKED_RULE)]
        reference = _Preprocessed(reference_run.output).directives
        googletest_lines = {line for _, _, line in reference}
        googletest_names = {name for _, name, _ in reference} | RESERVED_NAMES

        for (entry, arguments, checked, kind), run in zip(checks, runs):
            cwd = Path(entry.get("directory", scratch))
            # A translation unit of the build compiled, so it must preprocess. A header
            # alone need not (a leftover that includes a file no longer there): the
            # directives the preprocessor got through are checked all the same.
            if not run.ok and (kind != "header" or run.timed_out or run.flooded
                               or run.status is None or run.status < 0):
                found.append(Violation(context.shown(checked, cwd), "could not be preprocessed "
                                       f"({describe_end(run)})", UNCHECKED_RULE))
                continue
            for file, name, line in _Preprocessed(run.output).directives:
                did = "redefines" if line.startswith("#define") else "undefines"
                rule = RESERVED_RULE if name in RESERVED_NAMES else MACRO_RULE
                if file and context.is_student_file(file, cwd):
                    found.append(Violation(context.shown(file, cwd), f"{did} {name}", rule))
                elif (kind == "unit" and name in googletest_names
                      and line not in googletest_lines):
                    found.append(Violation(context.shown(checked, cwd),
                                           f"{did} {name} in a part marked as "
                                           f"{context.shown(file, cwd)}", rule))
    return _merge_kinds(found)


def _merge_kinds(found: list[Violation]) -> list[Violation]:
    """One violation per file and name: an #undef then a #define is a redefinition."""
    redefined = {(v.file, v.did.split(" ", 1)[1]) for v in found if v.did.startswith("redefines")}
    return [v for v in found
            if not (v.did.startswith("undefines") and (v.file, v.did.split(" ", 1)[1]) in redefined)]

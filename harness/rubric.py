"""Rubrics: the points of each graded test, one TOML file per lab (tests/labs/<lab>.toml).

    lab = "ping"
    topology = "pair"                      # optional: what './lab shell ping' builds
    [[test]]
    id = "unit:EchoRequest.ChecksumVerifies"   # GoogleTest Suite.Name in <lab>-unit
    title = "an echo request's checksum verifies"
    points = 5
    hint = "…"
    [[test]]
    id = "net:test_reply_v4"                 # a test function in tests/labs/test_<lab>.py
    …

The points of a lab total 100. The handout's rubric table (between the markers below in
labs/<lab>/README.md) is generated from the rubric, and checked against it.

Visibility. An entry may say who sees its result, in Gradescope's words (results.json
carries it for each test):

    visibility = "visible"          # the default: the student has the test and sees it
    visibility = "after_due_date"   # the student has the test; Gradescope shows its
                                    # result only after the due date
    visibility = "hidden"           # the student never gets the test: only the
                                    # instructor's grade runs it

Hidden tests live apart, so that './lab release' can leave them out whole:

    tests/labs/hidden/test_<lab>_hidden.py   hidden network tests (harness/pytest_plugin.py
                                             applies; not test_<lab>.py again, because
                                             pytest cannot import two modules of one name
                                             in one run)
    tests/unit/<lab>/hidden/*.cpp            hidden unit tests (TEST or TEST_F), built into
                                             the same <lab>-unit program

An entry marked hidden must be a test in a hidden file, and every test in a hidden file
must be an entry marked hidden (cross_check): nothing hidden reaches the students by
mistake, and nothing they are graded on goes missing from their copy.

The release's copy of a rubric has no hidden entries; it records their points instead
(`hidden_points = 15`), so that it still totals 100. The handout's table never names a
hidden test: it shows their points on one line.
"""

from __future__ import annotations

import ast
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

TOTAL = 100
TABLE_BEGIN = "<!-- rubric:begin -->"
TABLE_END = "<!-- rubric:end -->"

# The course order, written here and nowhere else; a lab named here counts once
# its directory labs/<lab> exists (labs_present), and one not named comes after, by name.
COURSE_ORDER = [
    "event-loop", "concurrent-udp", "daemons", "inetd", "syslog", "raw-sockets", "ping",
    "traceroute", "icmpd", "datalink", "multicast",
]

UNIT_ID = re.compile(r"^unit:[A-Za-z0-9_/]+\.[A-Za-z0-9_/]+$")
NET_ID = re.compile(r"^net:test_[A-Za-z0-9_]+$")
TOPOLOGY = re.compile(r"^(pair|chain[1-9])$")
TEST_KEYS = {"id", "title", "points", "hint", "visibility"}
TOP_KEYS = {"lab", "topology", "hidden_points", "test"}
VISIBLE, AFTER_DUE_DATE, HIDDEN = "visible", "after_due_date", "hidden"
VISIBILITIES = (VISIBLE, AFTER_DUE_DATE, HIDDEN)  # Gradescope's, less after_published
HIDDEN_DIR = "hidden"
# A GoogleTest test as declared in a source file: TEST(Suite, Name) or TEST_F(Suite, Name).
GTEST_DECLARATION = re.compile(r"^\s*TEST(?:_F)?\s*\(\s*(\w+)\s*,\s*(\w+)\s*\)", re.MULTILINE)


class RubricError(Exception):
    """A rubric file is missing or wrong; the message names the file."""


@dataclass(frozen=True)
class Entry:
    """One graded test."""

    id: str
    title: str
    points: int
    hint: str
    visibility: str = VISIBLE

    @property
    def hidden(self) -> bool:
        return self.visibility == HIDDEN

    @property
    def kind(self) -> str:
        """'unit' or 'net'."""
        return self.id.split(":", 1)[0]

    @property
    def name(self) -> str:
        """The gtest 'Suite.Name' or the pytest function name."""
        return self.id.split(":", 1)[1]


@dataclass
class Rubric:
    lab: str
    path: Path
    tests: list[Entry] = field(default_factory=list)
    topology: str = "pair"
    hidden_points: int = 0  # a release's copy: the points of the hidden tests left out of it

    @property
    def total(self) -> int:
        return sum(entry.points for entry in self.tests) + self.hidden_points

    @property
    def hidden_total(self) -> int:
        """The points of the hidden tests, whether this copy has them or only records them."""
        return sum(entry.points for entry in self.tests if entry.hidden) + self.hidden_points

    def without_hidden(self) -> Rubric:
        """The student's copy: the hidden entries gone, their points recorded."""
        return Rubric(self.lab, self.path, [entry for entry in self.tests if not entry.hidden],
                      self.topology, self.hidden_total)

    def of_kind(self, kind: str) -> list[Entry]:
        return [entry for entry in self.tests if entry.kind == kind]

    def entry(self, test_id: str) -> Entry | None:
        return next((entry for entry in self.tests if entry.id == test_id), None)


def rubric_path(root: Path, lab: str) -> Path:
    return Path(root) / "tests" / "labs" / f"{lab}.toml"


def test_file(root: Path, lab: str) -> Path:
    return Path(root) / "tests" / "labs" / f"test_{lab}.py"


def hidden_test_file_beside(test_path: Path) -> Path:
    """tests/labs/test_<lab>.py -> tests/labs/hidden/test_<lab>_hidden.py"""
    test_path = Path(test_path)
    return test_path.parent / HIDDEN_DIR / f"{test_path.stem}_hidden.py"


def hidden_unit_dir(root: Path, lab: str) -> Path:
    return Path(root) / "tests" / "unit" / lab / HIDDEN_DIR


def is_hidden_path(name: str) -> bool:
    """Whether a repository path (relative, with '/') is part of the hidden tests."""
    parts = name.split("/")
    return (parts[:3] == ["tests", "labs", HIDDEN_DIR] and len(parts) > 3
            or parts[:2] == ["tests", "unit"] and len(parts) > 4 and parts[3] == HIDDEN_DIR)


def handout_path(root: Path, lab: str) -> Path:
    return Path(root) / "labs" / lab / "README.md"


def _where(path: Path, root: Path | None) -> str:
    """The path as a user should read it: relative to the repository when inside it."""
    path = Path(path)
    if root is not None:
        try:
            return str(path.resolve().relative_to(Path(root).resolve()))
        except ValueError:
            pass
    return str(path)


def load(path: Path, root: Path | None = None) -> Rubric:
    """Read and validate one rubric; any problem raises RubricError naming the file."""
    path = Path(path)
    where = _where(path, root)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RubricError(f"{where}: no such rubric") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise RubricError(f"{where}: not valid TOML: {error}") from None

    problems: list[str] = []
    unknown = set(data) - TOP_KEYS
    if unknown:
        problems.append(f"unknown key(s) {', '.join(sorted(unknown))}")
    lab = data.get("lab")
    if not isinstance(lab, str) or not lab:
        problems.append("'lab' must be the lab's directory name")
        lab = path.stem
    elif lab != path.stem:
        problems.append(f"lab = \"{lab}\" but the file is named {path.name}")
    topology = data.get("topology", "pair")
    if not isinstance(topology, str) or not TOPOLOGY.match(topology):
        problems.append(f"topology {topology!r} is not 'pair' or 'chainN' (N = 1-9)")
        topology = "pair"
    hidden_points = data.get("hidden_points", 0)
    if not isinstance(hidden_points, int) or isinstance(hidden_points, bool) or hidden_points < 0:
        problems.append("hidden_points must be a whole number, 0 or more")
        hidden_points = 0

    entries: list[Entry] = []
    raw_tests = data.get("test", [])
    # A release's copy of a lab whose tests are all hidden has no entry left, only points.
    if not isinstance(raw_tests, list) or not raw_tests and not hidden_points:
        problems.append("no [[test]] entries")
        raw_tests = []
    seen: set[str] = set()
    for number, raw in enumerate(raw_tests, 1):
        label = f"test #{number}"
        if not isinstance(raw, dict):
            problems.append(f"{label} is not a table")
            continue
        test_id = raw.get("id")
        if isinstance(test_id, str):
            label = f"test {test_id!r}"
        extra = set(raw) - TEST_KEYS
        if extra:
            problems.append(f"{label}: unknown key(s) {', '.join(sorted(extra))}")
        missing = [key for key in ("id", "title", "points", "hint") if key not in raw]
        if missing:
            problems.append(f"{label}: missing {', '.join(missing)}")
            continue
        if not isinstance(test_id, str) or not (UNIT_ID.match(test_id) or NET_ID.match(test_id)):
            problems.append(f"{label}: id must be 'unit:Suite.Name' or 'net:test_function'")
            continue
        if test_id in seen:
            problems.append(f"{label} appears twice")
            continue
        seen.add(test_id)
        title, points, hint = raw["title"], raw["points"], raw["hint"]
        if not isinstance(title, str) or not title.strip() or "\n" in title:
            problems.append(f"{label}: title must be one non-empty line")
            continue
        if not isinstance(points, int) or isinstance(points, bool) or points <= 0:
            problems.append(f"{label}: points must be a whole number above 0")
            continue
        if not isinstance(hint, str):
            problems.append(f"{label}: hint must be a string")
            continue
        visibility = raw.get("visibility", VISIBLE)
        if visibility not in VISIBILITIES:
            problems.append(f"{label}: visibility {visibility!r} is not one of "
                            f"{', '.join(VISIBILITIES)}")
            continue
        entries.append(Entry(test_id, title.strip(), points, hint.strip(), visibility))

    if hidden_points and any(entry.hidden for entry in entries):
        problems.append("hidden_points is what a release's copy records in place of its hidden "
                        "tests, but this rubric has hidden tests of its own")
    rubric = Rubric(lab=lab, path=path, tests=entries, topology=topology,
                    hidden_points=hidden_points)
    if not problems and rubric.total != TOTAL:
        problems.append(f"points total {rubric.total}, must be {TOTAL}")
    if problems:
        raise RubricError(f"{where}: " + "; ".join(problems))
    return rubric


def load_lab(root: Path, lab: str) -> Rubric:
    return load(rubric_path(root, lab), root)


def lab_order(name: str) -> tuple[int, str]:
    return (COURSE_ORDER.index(name) if name in COURSE_ORDER else len(COURSE_ORDER), name)


def labs_present(root: Path) -> list[str]:
    """Every lab this repository has (a directory labs/<lab>), in course order."""
    directory = Path(root) / "labs"
    names = [path.name for path in directory.iterdir() if path.is_dir()] if directory.is_dir() else []
    return sorted(names, key=lab_order)


def labs_with_rubrics(root: Path) -> list[str]:
    """Every lab that has tests/labs/<lab>.toml, in course order."""
    directory = Path(root) / "tests" / "labs"
    names = [path.stem for path in directory.glob("*.toml")] if directory.is_dir() else []
    return sorted(names, key=lab_order)


def net_test_functions(path: Path) -> list[str]:
    """The names of the module-level test functions in a graded test file, in order."""
    tree = ast.parse(Path(path).read_text(encoding="utf-8"), filename=str(path))
    return [
        node.name
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test")
    ]


def gtest_declarations(directory: Path) -> dict[str, Path]:
    """{'Suite.Name': file} for each TEST or TEST_F in the directory's *.cpp files."""
    found: dict[str, Path] = {}
    for path in sorted(Path(directory).glob("*.cpp")):
        for suite, name in GTEST_DECLARATION.findall(path.read_text(encoding="utf-8", errors="replace")):
            found.setdefault(f"{suite}.{name}", path)
    return found


def cross_check(rubric: Rubric, test_path: Path, root: Path | None = None) -> list[str]:
    """Mismatches between a rubric and its tests, both ways: its net: entries and the test
    functions of test_path and of the hidden file beside it, and its hidden unit: entries
    and the TESTs of tests/unit/<lab>/hidden/ (see the module's docstring)."""
    test_path = Path(test_path)
    repository = test_path.parent.parent.parent  # of <repository>/tests/labs/test_<lab>.py
    return (_check_net_file(rubric, test_path, False, root)
            + _check_net_file(rubric, hidden_test_file_beside(test_path), True, root)
            + _check_hidden_units(rubric, hidden_unit_dir(repository, rubric.lab), root))


def _check_net_file(rubric: Rubric, path: Path, hidden: bool, root: Path | None) -> list[str]:
    """The net: entries that belong in path (the hidden ones, or the others) against its
    test functions."""
    where, rubric_where = _where(path, root), _where(rubric.path, root)
    nets = rubric.of_kind("net")
    wanted = [entry.name for entry in nets if entry.hidden == hidden]
    elsewhere = {entry.name for entry in nets if entry.hidden != hidden}
    if not path.exists():
        kind = "hidden network tests" if hidden else "network tests"
        return [f"{rubric_where} lists {kind} but {where} does not exist"] if wanted else []
    present = net_test_functions(path)
    problems = [f"{rubric_where}: net:{name} is not a test function in {where}"
                for name in wanted if name not in present]
    for name in present:
        if name in wanted:
            continue
        if name not in elsewhere:
            problems.append(f"{where}: {name} is not in {rubric_where} (every graded test needs points)")
        elif hidden:
            problems.append(f"{where}: {name} is in a hidden file but {rubric_where} does not mark "
                            "it hidden (the release leaves this file out)")
        else:
            hidden_where = _where(hidden_test_file_beside(path), root)
            problems.append(f"{where}: {name} is marked hidden in {rubric_where} but students get "
                            f"this file (move it to {hidden_where})")
    return problems


def _check_hidden_units(rubric: Rubric, directory: Path, root: Path | None) -> list[str]:
    """The hidden unit: entries against the TESTs declared in tests/unit/<lab>/hidden/."""
    where, rubric_where = _where(directory, root), _where(rubric.path, root)
    declared = gtest_declarations(directory)
    units = {entry.name: entry for entry in rubric.of_kind("unit")}
    problems = [f"{rubric_where}: unit:{name} is marked hidden but no TEST or TEST_F in "
                f"{where}/*.cpp declares it"
                for name, entry in units.items() if entry.hidden and name not in declared]
    for name, path in declared.items():
        entry = units.get(name)
        if entry is None:
            problems.append(f"{_where(path, root)}: {name} is not in {rubric_where} (a test in a "
                            "hidden file must be graded, marked hidden)")
        elif not entry.hidden:
            problems.append(f"{_where(path, root)}: {name} is in a hidden file but {rubric_where} "
                            "does not mark it hidden (the release leaves this file out)")
    return problems


# --- the handout's table ------------------------------------------------------------------

def _cell(text: str) -> str:
    return text.replace("|", "\\|")


HIDDEN_LINE = "hidden tests, graded by your instructor"


def render_markdown_table(rubric: Rubric) -> str:
    """The rubric as a Markdown table for the handout. The handout goes to the students, so
    the hidden tests are one line of points, never their titles; the table is the same from
    the instructor's rubric and from the release's copy of it."""
    lines = [
        "| Check | Kind | Points |",
        "| --- | --- | ---: |",
    ]
    for entry in rubric.tests:
        if entry.hidden:
            continue
        kind = "unit test" if entry.kind == "unit" else "network test"
        if entry.visibility == AFTER_DUE_DATE:
            kind += ", result shown after the due date"
        lines.append(f"| {_cell(entry.title)} | {kind} | {entry.points} |")
    if rubric.hidden_total:
        lines.append(f"| {HIDDEN_LINE} | | {rubric.hidden_total} |")
    lines.append(f"| **Total** | | **{rubric.total}** |")
    return "\n".join(lines) + "\n"


def _split_handout(text: str, where: str) -> tuple[str, str, str]:
    """(before, table, after) around the rubric markers; RubricError when they are missing."""
    begin, end = text.find(TABLE_BEGIN), text.find(TABLE_END)
    if begin < 0 or end < 0 or end < begin:
        raise RubricError(f"{where}: no '{TABLE_BEGIN}' … '{TABLE_END}' section for the rubric table")
    start = begin + len(TABLE_BEGIN)
    return text[:start], text[start:end], text[end:]


def check_handout(root: Path, lab: str, rubric: Rubric | None = None) -> str | None:
    """None when labs/<lab>/README.md's rubric table matches the rubric, else what is wrong."""
    rubric = rubric or load_lab(root, lab)
    path = handout_path(root, lab)
    where = _where(path, root)
    if not path.exists():
        return f"{where} does not exist"
    try:
        _, table, _ = _split_handout(path.read_text(encoding="utf-8"), where)
    except RubricError as error:
        return str(error)
    if table.strip() != render_markdown_table(rubric).strip():
        return (f"{where}: the rubric table differs from {_where(rubric.path, root)} "
                f"(refresh it with './lab rubric --refresh {lab}')")
    return None


def refresh_handout(root: Path, lab: str, rubric: Rubric | None = None) -> bool:
    """Rewrite the table in labs/<lab>/README.md from the rubric; True when it changed."""
    rubric = rubric or load_lab(root, lab)
    path = handout_path(root, lab)
    text = path.read_text(encoding="utf-8")
    before, table, after = _split_handout(text, _where(path, root))
    new = before + "\n" + render_markdown_table(rubric) + after
    if new == text:
        return False
    path.write_text(new, encoding="utf-8")
    return True

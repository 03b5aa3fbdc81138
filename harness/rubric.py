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

# The course order (DESIGN.md); labs not listed here come after, alphabetically.
COURSE_ORDER = [
    "event-loop", "concurrent-udp", "daemons", "inetd", "syslog", "raw-sockets", "ping",
    "traceroute", "icmpd", "datalink", "multicast",
]

UNIT_ID = re.compile(r"^unit:[A-Za-z0-9_/]+\.[A-Za-z0-9_/]+$")
NET_ID = re.compile(r"^net:test_[A-Za-z0-9_]+$")
TOPOLOGY = re.compile(r"^(pair|chain[1-9])$")
TEST_KEYS = {"id", "title", "points", "hint"}
TOP_KEYS = {"lab", "topology", "test"}


class RubricError(Exception):
    """A rubric file is missing or wrong; the message names the file."""


@dataclass(frozen=True)
class Entry:
    """One graded test."""

    id: str
    title: str
    points: int
    hint: str

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

    @property
    def total(self) -> int:
        return sum(entry.points for entry in self.tests)

    def of_kind(self, kind: str) -> list[Entry]:
        return [entry for entry in self.tests if entry.kind == kind]

    def entry(self, test_id: str) -> Entry | None:
        return next((entry for entry in self.tests if entry.id == test_id), None)


def rubric_path(root: Path, lab: str) -> Path:
    return Path(root) / "tests" / "labs" / f"{lab}.toml"


def test_file(root: Path, lab: str) -> Path:
    return Path(root) / "tests" / "labs" / f"test_{lab}.py"


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

    entries: list[Entry] = []
    raw_tests = data.get("test", [])
    if not isinstance(raw_tests, list) or not raw_tests:
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
        entries.append(Entry(test_id, title.strip(), points, hint.strip()))

    rubric = Rubric(lab=lab, path=path, tests=entries, topology=topology)
    if not problems and rubric.total != TOTAL:
        problems.append(f"points total {rubric.total}, must be {TOTAL}")
    if problems:
        raise RubricError(f"{where}: " + "; ".join(problems))
    return rubric


def load_lab(root: Path, lab: str) -> Rubric:
    return load(rubric_path(root, lab), root)


def lab_order(name: str) -> tuple[int, str]:
    return (COURSE_ORDER.index(name) if name in COURSE_ORDER else len(COURSE_ORDER), name)


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


def cross_check(rubric: Rubric, test_path: Path, root: Path | None = None) -> list[str]:
    """Mismatches between a rubric's net: entries and the test functions of its test file."""
    where, rubric_where = _where(test_path, root), _where(rubric.path, root)
    wanted = [entry.name for entry in rubric.of_kind("net")]
    if not Path(test_path).exists():
        return [f"{rubric_where} lists network tests but {where} does not exist"] if wanted else []
    present = net_test_functions(test_path)
    problems = [f"{rubric_where}: net:{name} is not a test function in {where}"
                for name in wanted if name not in present]
    problems += [f"{where}: {name} is not in {rubric_where} (every graded test needs points)"
                 for name in present if name not in wanted]
    return problems


# --- the handout's table ------------------------------------------------------------------

def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown_table(rubric: Rubric) -> str:
    """The rubric as a Markdown table for the handout."""
    lines = [
        "| Check | Kind | Points |",
        "| --- | --- | ---: |",
    ]
    for entry in rubric.tests:
        kind = "unit test" if entry.kind == "unit" else "network test"
        lines.append(f"| {_cell(entry.title)} | {kind} | {entry.points} |")
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

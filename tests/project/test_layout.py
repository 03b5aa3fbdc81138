"""The given code exists once. A lab's given code lives in its skeleton, labs/<lab>/; its
solution, solutions/<lab>/, holds only the files a student writes, each replacing a
skeleton file that marks the student's work with TODO(student). The build puts the
two together (cmake/np_lab.cmake: a solution is built on top of its skeleton). The
lab's handout, labs/<lab>/README.md, lists exactly those files as what a student writes."""

from __future__ import annotations

import itertools
import re
from difflib import SequenceMatcher

import pytest

from .conftest import LABS, ROOT


def students_files(lab):
    """(name, solution's file, skeleton's file) for each file of solutions/<lab>/; the
    test is skipped in a student's release, which has no solutions/."""
    solution, skeleton = ROOT / "solutions" / lab, ROOT / "labs" / lab
    if not solution.is_dir():
        pytest.skip(f"no solutions/{lab} (a student's release)")
    return [(path.relative_to(solution), path, skeleton / path.relative_to(solution))
            for path in sorted(p for p in solution.rglob("*") if p.is_file())]


@pytest.mark.parametrize("lab", LABS)
def test_a_solution_holds_only_what_a_student_writes(lab):
    problems = []
    for name, path, counterpart in students_files(lab):
        if not counterpart.is_file():
            problems.append(f"solutions/{lab}/{name} has no counterpart in labs/{lab}/: a file a "
                            "student writes starts as a skeleton there")
        elif path.read_bytes() == counterpart.read_bytes():
            problems.append(f"solutions/{lab}/{name} is identical to labs/{lab}/{name}: given code "
                            "lives once, in labs/ (delete the solution's copy)")
        elif "TODO(student)" not in counterpart.read_text(errors="replace"):
            problems.append(f"labs/{lab}/{name} has no TODO(student), yet solutions/{lab}/{name} "
                            "replaces it: mark what the student writes")
    assert not problems, "\n".join(problems)


# A student's file holds the student's work only: stubs and their contracts in the
# skeleton, the complete functions in the solution. A run of this many lines of code that
# both versions share is a given function written twice; it belongs in a file of its own.
SHARED_CODE_LIMIT = 6


def code_lines(path):
    """(line number, text) of the lines that are code: not blank, not a comment, not an
    #include or #pragma, not a lone brace or a namespace's opening or closing line."""
    lines = []
    for number, line in enumerate(path.read_text(errors="replace").splitlines(), start=1):
        text = line.strip()
        if (not text or text.startswith(("//", "#include", "#pragma"))
                or re.fullmatch(r"[{}();,]*\s*(//.*)?", text)
                or re.fullmatch(r"namespace\s*\w*\s*\{|}\s*//\s*namespace.*", text)):
            continue
        lines.append((number, text))
    return lines


@pytest.mark.parametrize("lab", LABS)
def test_a_students_file_holds_no_given_code(lab):
    problems = []
    for name, path, counterpart in students_files(lab):
        if not counterpart.is_file():
            continue  # test_a_solution_holds_only_what_a_student_writes says so
        ours, theirs = code_lines(counterpart), code_lines(path)
        matcher = SequenceMatcher(None, [text for _, text in ours], [text for _, text in theirs],
                                  autojunk=False)
        run = max(matcher.get_matching_blocks(), key=lambda block: block.size)
        if run.size >= SHARED_CODE_LIMIT:
            first, last = ours[run.a][0], ours[run.a + run.size - 1][0]
            problems.append(f"labs/{lab}/{name}:{first}-{last}: {run.size} lines of code are also "
                            f"in solutions/{lab}/{name}: given code lives once, in a file of its "
                            f"own in labs/{lab}/")
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


# Each handout says which files the student writes, in a table that this test reads.
SECTION = "## What is given and what you write"
TABLE_HEAD = ["| file | what it is | you write |", "|---|---|---|"]


def table_rows(lab):
    """The cells of each row of the table under SECTION in labs/<lab>/README.md."""
    lines = (ROOT / "labs" / lab / "README.md").read_text().splitlines()
    if SECTION not in lines:
        pytest.fail(f"labs/{lab}/README.md has no section '{SECTION}'")
    section = lines[lines.index(SECTION) + 1:]
    end = next((i for i, line in enumerate(section) if line.startswith("## ")), len(section))
    section = section[:end]
    for i in range(len(section) - 1):
        if section[i:i + 2] == TABLE_HEAD:
            rows = itertools.takewhile(lambda line: line.startswith("|"), section[i + 2:])
            return [[cell.strip() for cell in row.strip().strip("|").split("|")] for row in rows]
    pytest.fail(f"labs/{lab}/README.md: '{SECTION}' has no table headed "
                f"'{TABLE_HEAD[0]}' and '{TABLE_HEAD[1]}'")


@pytest.mark.parametrize("lab", LABS)
def test_the_handout_lists_the_files_a_student_writes(lab):
    solution = ROOT / "solutions" / lab
    if not solution.is_dir():
        pytest.skip(f"no solutions/{lab} (a student's release)")
    handout, problems, listed = f"labs/{lab}/README.md", [], set()
    for row in table_rows(lab):
        if len(row) != 3:
            problems.append(f"{handout}: a table row without 3 cells: {' | '.join(row)}")
            continue
        files, _, you_write = row
        if you_write == "given":
            continue
        # Any other row is the student's: it names one file alone, so that every file of
        # solutions/<lab>/ has a row of its own and a glob or a header cannot hide one.
        names = re.findall(r"`([^`]+)`", files)
        if len(names) != 1 or files != f"`{names[0]}`":
            problems.append(f"{handout}: the row of {files} must name one file in backticks, "
                            "or say 'given' in its third column")
        elif not (solution / names[0]).is_file():
            problems.append(f"{handout}: the row of {files} says a student writes it, but "
                            f"solutions/{lab}/ has no such file")
        else:
            listed.add(names[0])
    for path in sorted(solution.rglob("*")):
        name = str(path.relative_to(solution))
        if path.is_file() and name not in listed:
            problems.append(f"{handout}: no row of its own for `{name}`, which a student writes "
                            f"(solutions/{lab}/{name})")
    assert not problems, "\n".join(problems)

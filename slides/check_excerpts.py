#!/usr/bin/env python3
"""Checks that the code shown on slides is the code in the repository.

A fenced code block whose nearest non-blank line before it is

    <!-- excerpt: common/src/checksum.cpp -->

must consist of lines of that file (path from the repository's root), in the file's
order; indentation and trailing blanks are ignored, so an excerpt may be dedented. A line
holding only `…` or `// …` marks an elision and is skipped. On a mismatch this prints
`slides/DECK.md:LINE: ...` and exits 1.

    check_excerpts.py [DECK.md ...]     (default: every NN-*.md beside this script)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MARKER = re.compile(r"^\s*<!--\s*excerpt:\s*(\S+)\s*-->\s*$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
ELISIONS = {"…", "// …", "# …"}


def closes(line: str, fence: str) -> bool:
    """Whether `line` closes a code block opened with `fence` (CommonMark's rule)."""
    closing = FENCE.match(line)
    return bool(closing) and closing.group(1)[0] == fence[0] \
        and len(closing.group(1)) >= len(fence) and line.strip() == closing.group(1)


def blocks(lines: list[str]):
    """Yields (marker path or None, marker line, first code line number, code lines)."""
    i = 0
    while i < len(lines):
        opened = FENCE.match(lines[i])
        if not opened:
            i += 1
            continue
        fence = opened.group(1)
        j = i - 1
        while j >= 0 and not lines[j].strip():
            j -= 1
        marker = MARKER.match(lines[j]) if j >= 0 else None
        body_start = i + 1
        k = body_start
        while k < len(lines) and not closes(lines[k], fence):
            k += 1
        yield (marker.group(1) if marker else None, j + 1, body_start + 1, lines[body_start:k])
        i = k + 1


def check_deck(deck: Path) -> list[str]:
    problems: list[str] = []
    lines = deck.read_text(encoding="utf-8").split("\n")
    try:
        name = deck.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        name = deck.name
    for source, marker_line, first, code in blocks(lines):
        if source is None:
            continue
        path = ROOT / source
        if source.startswith("/") or ".." in Path(source).parts or not path.is_file():
            problems.append(f"{name}:{marker_line}: excerpt source '{source}' is not a file "
                            "of this repository")
            continue
        file_lines = [l.strip() for l in path.read_text(encoding="utf-8").split("\n")]
        pos = 0
        for offset, line in enumerate(code):
            wanted = line.strip()
            if not wanted or wanted in ELISIONS:
                continue
            try:
                pos = file_lines.index(wanted, pos) + 1
            except ValueError:
                where = "after the previous line in" if wanted in file_lines else "in"
                problems.append(f"{name}:{first + offset}: '{wanted}' is not {where} {source}")
                break
    return problems


def main(argv: list[str]) -> int:
    decks = [Path(a) for a in argv] or sorted(HERE.glob("[0-9][0-9]-*.md"))
    problems: list[str] = []
    for deck in decks:
        problems += check_deck(deck)
    for p in problems:
        print(f"check_excerpts: {p}", file=sys.stderr)
    if not problems:
        print(f"check_excerpts: {len(decks)} decks, every excerpt matches its file")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

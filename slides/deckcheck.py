#!/usr/bin/env python3
"""What the slide build checks in the decks' Markdown, and the helpers it needs.

    deckcheck.py check [SLIDES_DIR]      lint every deck; exit 1 naming deck and line
    deckcheck.py count DECK.md           print the number of slides in a deck
    deckcheck.py inline HTML_DIR FIG_DIR replace figure paths in rendered HTML by data: URIs

A deck is a file named NN-topic.md. Slides are separated by a line holding only `---`
with a blank line before it (without the blank line CommonMark reads a heading
underline, not a separator); `---` inside fenced code separates nothing. Marp renders a
missing image as a broken box without failing, so image references are checked here.
"""

from __future__ import annotations

import base64
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

DECK_GLOB = "[0-9][0-9]-*.md"
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])( *\1){2,} *$")
MD_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_IMAGE = re.compile(r"<img\b[^>]*\bsrc=\"([^\"]+)\"", re.IGNORECASE)
LAB_LINK = re.compile(r"labs/([a-z0-9-]+)/README\.md")


@dataclass
class Slide:
    line: int  # 1-based line number of the slide's first line in the deck
    lines: list[str] = field(default_factory=list)


@dataclass
class Deck:
    path: Path
    front_matter: dict[str, str]
    slides: list[Slide]
    problems: list[str]  # "deck.md:12: what is wrong"


def deck_paths(slides_dir: Path) -> list[Path]:
    return sorted(slides_dir.glob(DECK_GLOB))


def parse(path: Path) -> Deck:
    """Splits a deck into its front matter and slides, noting what is malformed."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    problems: list[str] = []

    def problem(lineno: int, what: str) -> None:
        problems.append(f"{path.name}:{lineno}: {what}")

    front: dict[str, str] = {}
    start = 0
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() == "---":
                for entry in lines[1:i]:
                    key, sep, value = entry.partition(":")
                    if sep and not entry.startswith((" ", "#")):
                        front[key.strip()] = value.strip()
                start = i + 1
                break
        else:
            problem(1, "front matter is not closed by '---'")
    else:
        problem(1, "no front matter: a deck starts with '---', 'marp: true', ... '---'")

    slides = [Slide(line=start + 1)]
    fence: str | None = None
    for i in range(start, len(lines)):
        line = lines[i]
        opened = FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence) \
                    and line.strip() == opened.group(1):
                fence = None
            slides[-1].lines.append(line)
            continue
        if opened:
            fence = opened.group(1)
            slides[-1].lines.append(line)
            continue
        if THEMATIC_BREAK.match(line):
            previous = lines[i - 1] if i > start else ""
            if line.strip() != "---":
                problem(i + 1, "separate slides with '---' only")
            elif previous.strip() != "":
                problem(i + 1, "'---' right after text is a heading underline: put a blank line before it")
            else:
                slides.append(Slide(line=i + 2))
            continue
        slides[-1].lines.append(line)
    if fence is not None:
        problem(len(lines), "a code block is not closed")
    return Deck(path=path, front_matter=front, slides=slides, problems=problems)


def slide_count(path: Path) -> int:
    return len(parse(path).slides)


def image_refs(slide: Slide) -> list[tuple[int, str]]:
    """(line number, target) of every image a slide shows, outside code blocks."""
    refs: list[tuple[int, str]] = []
    fence = False
    for offset, line in enumerate(slide.lines):
        if FENCE.match(line):
            fence = not fence
            continue
        if fence:
            continue
        for pattern in (MD_IMAGE, HTML_IMAGE):
            for match in pattern.finditer(line):
                refs.append((slide.line + offset, match.group(1)))
    return refs


def lint(deck: Deck) -> list[str]:
    problems = list(deck.problems)
    name = deck.path.name
    if deck.front_matter.get("marp") != "true":
        problems.append(f"{name}:1: front matter lacks 'marp: true'")
    if deck.front_matter.get("theme") != "np":
        problems.append(f"{name}:1: front matter lacks 'theme: np' (slides/theme/np.css)")
    for slide in deck.slides:
        for lineno, target in image_refs(slide):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):
                problems.append(f"{name}:{lineno}: image '{target}' is not a local file "
                                "(the build renders offline)")
                continue
            file = (deck.path.parent / target).resolve()
            if not file.is_file():
                problems.append(f"{name}:{lineno}: image '{target}' does not exist")
            elif not target.startswith("figures/"):
                problems.append(f"{name}:{lineno}: image '{target}' is not in figures/")
    last = "\n".join(deck.slides[-1].lines)
    if not LAB_LINK.search(last) or "./lab check" not in last:
        problems.append(f"{name}:{deck.slides[-1].line}: the last slide must point to the lab "
                        "(labs/<lab>/README.md and 'sudo ./lab check <lab>')")
    return problems


def check(slides_dir: Path) -> int:
    decks = deck_paths(slides_dir)
    if not decks:
        print(f"deckcheck: no decks ({DECK_GLOB}) in {slides_dir}", file=sys.stderr)
        return 1
    problems: list[str] = []
    for path in decks:
        problems += lint(parse(path))
    for p in problems:
        print(f"deckcheck: {p}", file=sys.stderr)
    return 1 if problems else 0


def inline_figures(html_dir: Path, figures_dir: Path) -> int:
    """Makes each rendered HTML file stand alone: figure paths become data: URIs."""
    ref = re.compile(r"(?<=[\"(;])figures/([A-Za-z0-9._-]+\.svg)")
    status = 0
    for html in sorted(html_dir.glob("*.html")):
        text = html.read_text(encoding="utf-8")

        def data_uri(match: re.Match[str]) -> str:
            svg = (figures_dir / match.group(1)).read_bytes()
            return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")

        text = ref.sub(data_uri, text)
        if "figures/" in text:
            print(f"deckcheck: {html.name}: a figure reference was left un-inlined", file=sys.stderr)
            status = 1
        html.write_text(text, encoding="utf-8")
    return status


def main(argv: list[str]) -> int:
    if len(argv) >= 1 and argv[0] == "check" and len(argv) <= 2:
        return check(Path(argv[1]) if len(argv) == 2 else Path(__file__).parent)
    if len(argv) == 2 and argv[0] == "count":
        print(slide_count(Path(argv[1])))
        return 0
    if len(argv) == 3 and argv[0] == "inline":
        return inline_figures(Path(argv[1]), Path(argv[2]))
    print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The lecture decks build: every deck renders to HTML and PDF, one PDF page per slide,
with every figure present and inlined, and the build refuses broken decks.

Run: /usr/bin/python3 -m pytest tests/slides
Needs what slides/build.sh needs (node and npm, chromium) and pdfinfo (poppler-utils).
Outside CI a missing tool skips the rendering tests; in CI (CI=true) it fails them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SLIDES = ROOT / "slides"
BUILD = SLIDES / "build.sh"
sys.path.insert(0, str(SLIDES))

import deckcheck  # noqa: E402  (slides/deckcheck.py)

DECKS = deckcheck.deck_paths(SLIDES)


def missing_tools() -> list[str]:
    missing = []
    if not Path(os.environ.get("CHROME_PATH", "/usr/bin/chromium")).exists():
        missing.append("chromium")
    if not shutil.which("node") or not shutil.which("npm"):
        missing.append("nodejs/npm")
    if not shutil.which("pdfinfo"):
        missing.append("pdfinfo (poppler-utils)")
    return missing


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Runs the whole build once, into a temporary directory."""
    missing = missing_tools()
    if missing:
        message = "slides: missing " + ", ".join(missing) + " (sudo ./lab setup installs them)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    out = tmp_path_factory.mktemp("slides")
    result = subprocess.run([str(BUILD), str(out)], capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"slides/build.sh failed:\n{result.stdout}\n{result.stderr}"
    return out


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    match = re.search(r"^Pages:\s+(\d+)$", info.stdout, re.MULTILINE)
    assert match, f"pdfinfo printed no page count for {pdf.name}:\n{info.stdout}"
    return int(match.group(1))


def test_there_is_a_deck_per_topic():
    names = [d.stem for d in DECKS]
    assert names[0] == "00-intro"
    for topic in ("event-driven", "concurrent-udp", "daemons", "inetd", "syslog",
                  "raw-sockets", "ping", "traceroute", "icmpd", "datalink", "multicast"):
        assert any(topic in n for n in names), f"no deck about {topic}: {names}"


@pytest.mark.parametrize("deck", DECKS, ids=[d.stem for d in DECKS])
def test_deck_is_well_formed(deck: Path):
    assert deckcheck.lint(deckcheck.parse(deck)) == []


@pytest.mark.parametrize("deck", DECKS, ids=[d.stem for d in DECKS])
def test_deck_renders_one_pdf_page_per_slide(built: Path, deck: Path):
    html = built / f"{deck.stem}.html"
    pdf = built / f"{deck.stem}.pdf"
    assert html.is_file() and html.stat().st_size > 0, f"{deck.name}: no HTML"
    assert pdf.is_file() and pdf.stat().st_size > 0, f"{deck.name}: no PDF"
    slides = deckcheck.slide_count(deck)
    assert pdf_pages(pdf) == slides, f"{deck.name}: {slides} slides in the Markdown"
    assert len(re.findall(r"<svg\b[^>]*\bdata-marpit-svg", html.read_text(encoding="utf-8"))) == slides


@pytest.mark.parametrize("deck", DECKS, ids=[d.stem for d in DECKS])
def test_html_stands_alone(built: Path, deck: Path):
    text = (built / f"{deck.stem}.html").read_text(encoding="utf-8")
    assert "figures/" not in text, f"{deck.name}: a figure is referenced, not inlined"
    assert not re.search(r"""(src|href)=["']https?://""", text), f"{deck.name}: loads from the network"
    for _, target in (ref for s in deckcheck.parse(deck).slides for ref in deckcheck.image_refs(s)):
        assert target.startswith("figures/")
    figures = {t for s in deckcheck.parse(deck).slides for _, t in deckcheck.image_refs(s)}
    assert text.count("data:image/svg+xml;base64,") >= len(figures)


def test_slide_separators_are_counted_outside_code():
    text = "---\nmarp: true\ntheme: np\n---\n\n# One\n\n```text\n---\n```\n\n---\n\n# Two\n"
    deck = Path(os.environ.get("TMPDIR", "/tmp")) / "np-slides-count-test.md"
    deck.write_text(text, encoding="utf-8")
    try:
        parsed = deckcheck.parse(deck)
        assert len(parsed.slides) == 2 and parsed.problems == []
        deck.write_text(text.replace("# One\n\n```text\n---\n```\n", "# One\ntext\n---\n"))
        assert any("heading underline" in p for p in deckcheck.parse(deck).problems)
    finally:
        deck.unlink()


def copy_sources(tmp_path: Path) -> Path:
    """The slides folder without node_modules, beside a copy of what excerpts quote."""
    copy = tmp_path / "slides"
    shutil.copytree(SLIDES, copy, ignore=shutil.ignore_patterns("node_modules"))
    for part in ("common", "solutions"):
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, tmp_path / part)
    return copy


def test_build_fails_naming_a_deck_with_a_missing_image(tmp_path: Path):
    copy = copy_sources(tmp_path)
    deck = copy / "99-broken.md"
    deck.write_text("---\nmarp: true\ntheme: np\n---\n\n# A\n\n![w:300](figures/nowhere.svg)\n\n"
                    "---\n\n# Lab\n\n`labs/ping/README.md`, `sudo ./lab check ping`\n")
    result = subprocess.run([str(copy / "build.sh"), str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "99-broken.md:8: image 'figures/nowhere.svg' does not exist" in result.stderr


def test_excerpt_checker_names_deck_and_line(tmp_path: Path):
    copy = copy_sources(tmp_path)
    deck = copy / "98-excerpt.md"
    deck.write_text("# x\n\n<!-- excerpt: common/src/checksum.cpp -->\n\n```cpp\n"
                    "std::uint16_t internet_checksum(std::span<const std::byte> data) {\n"
                    "    return 42;  // not in the file\n```\n")
    result = subprocess.run([sys.executable, str(copy / "check_excerpts.py"), str(deck)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "98-excerpt.md:7: 'return 42;  // not in the file' is not in common/src/checksum.cpp" \
        in result.stderr

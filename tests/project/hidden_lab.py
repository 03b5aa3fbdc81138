"""A fake lab, 'demo', with a test of each visibility, laid out as harness/rubric.py says:
the rubric and handout, a visible network test file, a hidden one, and a hidden unit test."""

from __future__ import annotations

import textwrap
from pathlib import Path

from harness import rubric as rubrics

LAB = "demo"
RUBRIC = """\
    # The demo lab's rubric. The burst check below stays with the instructor.
    lab = "demo"

    [[test]]
    id = "unit:Parse.Short"
    title = "a short packet is rejected"
    points = 45
    hint = "check the length first"

    [[test]]
    id = "net:test_reply"
    title = "a reply to one request"
    points = 35
    hint = "match the identifier"
    visibility = "after_due_date"

    [[test]]
    id = "net:test_secret_burst"
    title = "a burst of a thousand requests is answered in order"
    points = 15
    hint = "keep one queue per client, not one per server"
    visibility = "hidden"

    [[test]]
    id = "unit:Sealed.RejectsOverlongOption"
    title = "an option longer than its packet is refused"
    points = 5
    hint = "compare the option's length with what is left"
    visibility = "hidden"
"""
VISIBLE_TESTS = "def test_reply(story):\n    pass\n"
HIDDEN_TESTS = "def test_secret_burst(story):\n    pass\n"
HIDDEN_UNIT = "#include <gtest/gtest.h>\n\nTEST(Sealed, RejectsOverlongOption) {\n    EXPECT_TRUE(true);\n}\n"
HIDDEN_POINTS = 20

# What must not reach a student: every word of the hidden entries, and their files.
HIDDEN_WORDS = ["test_secret_burst", "a burst of a thousand requests is answered in order",
                "keep one queue per client, not one per server", "Sealed",
                "RejectsOverlongOption", "an option longer than its packet is refused",
                "compare the option's length with what is left", "stays with the instructor"]
HIDDEN_FILES = ["tests/labs/hidden/test_demo_hidden.py", "tests/unit/demo/hidden/sealed_test.cpp"]


def make(root: Path) -> Path:
    """Write the demo lab into root (a repository's top) and return root."""
    root = Path(root)
    files = {
        "tests/labs/demo.toml": textwrap.dedent(RUBRIC),
        "tests/labs/test_demo.py": VISIBLE_TESTS,
        "tests/labs/hidden/test_demo_hidden.py": HIDDEN_TESTS,
        "tests/unit/demo/parse_test.cpp": "#include <gtest/gtest.h>\n\nTEST(Parse, Short) {}\n",
        "tests/unit/demo/hidden/sealed_test.cpp": HIDDEN_UNIT,
        "labs/demo/README.md": f"# Demo\n\n{rubrics.TABLE_BEGIN}\n{rubrics.TABLE_END}\n",
        "labs/demo/main.cpp": "int main() { return 0; }\n",
        "solutions/demo/main.cpp": "int main() { return 0; }\n",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    rubrics.refresh_handout(root, LAB)
    return root

"""The checks a submission's code passes before its unit tests run (harness/integrity.py):
on a small fake lab with its own compile_commands.json, on the course's own code, and on a
submission built and graded for real."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import textwrap
import time
from pathlib import Path

import pytest

from harness import build as builder
from harness import grade as grader
from harness import integrity
from harness.rubric import Rubric

from .conftest import ROOT, built

HONEST_HEADER = """\
#pragma once
// A comment may say #define EXPECT_EQ(a, b) without defining anything.
/* #undef ASSERT_TRUE */
#if 0
#define EXPECT_TRUE(x) true
#endif
#define DEMO_ANSWER 42
int answer();
"""

DEMO_TEST = """\
#include "demo.hpp"

#include <gtest/gtest.h>

TEST(Demo, Answers) { EXPECT_EQ(answer(), DEMO_ANSWER); }
"""


class FakeLab:
    """labs/demo of a submission, with the compile commands CMake would have written."""

    def __init__(self, tmp_path: Path):
        self.labs = tmp_path / "submission"
        self.dir = self.labs / "demo"
        self.dir.mkdir(parents=True)
        self.build = tmp_path / "build"
        self.build.mkdir()
        # The unit tests' sources are where the sandboxed preprocessor sees them (in a real
        # check, tests/unit of the repository; here, inside the build directory).
        tests = self.build / "tests"
        tests.mkdir()
        (tests / "demo_test.cpp").write_text(DEMO_TEST)
        self.write("demo.hpp", HONEST_HEADER)
        self.write("demo.cpp", '#include "demo.hpp"\nint answer() { return DEMO_ANSWER; }\n')
        flags = f"-I{self.dir} -std=c++20"
        self.commands = [
            {"directory": str(self.build), "file": str(tests / "demo_test.cpp"),
             "command": f"/usr/bin/c++ {flags} -DGTEST_HAS_PTHREAD=1 -o "
                        f"CMakeFiles/labs-demo-unit.dir/demo_test.cpp.o -c {tests}/demo_test.cpp"},
            {"directory": str(self.build), "file": str(self.dir / "demo.cpp"),
             "command": f"/usr/bin/c++ {flags} -o CMakeFiles/labs-demo.dir/demo.cpp.o "
                        f"-c {self.dir}/demo.cpp"}]
        (self.build / "compile_commands.json").write_text(json.dumps(self.commands))
        self.impl = builder.Impl("submission", str(self.labs), self.labs, self.build)

    def write(self, name: str, text: str) -> None:
        path = self.dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

    def check(self) -> list[str]:
        return [str(violation) for violation in integrity.check_lab(ROOT, self.impl, "demo")]


@pytest.fixture
def lab(tmp_path) -> FakeLab:
    return FakeLab(tmp_path)


def test_an_honest_lab_passes(lab):
    assert lab.check() == []


def test_a_spliced_define_is_found_by_the_compiler(lab):
    lab.write("demo.hpp", HONEST_HEADER + "#define EXP\\\nECT_EQ(a, b) SUCCEED()\n")
    assert lab.check() == ["labs/demo/demo.hpp redefines EXPECT_EQ: a submission may not "
                           "redefine GoogleTest's macros"]


def test_an_undef_then_a_define_is_one_redefinition(lab):
    lab.write("extra/cheat.hpp", "#include <gtest/gtest.h>\n#undef ASSERT_TRUE\n"
                                 "#define ASSERT_TRUE(c) SUCCEED()\n")
    lab.write("demo.hpp", HONEST_HEADER + '#include "extra/cheat.hpp"\n')
    assert lab.check() == ["labs/demo/extra/cheat.hpp redefines ASSERT_TRUE: a submission may "
                           "not redefine GoogleTest's macros"]


def test_main_and_testing_may_not_become_macros(lab):
    lab.write("demo.cpp", '#include "demo.hpp"\n#define main student_main\n#undef testing\n'
                          "int answer() { return DEMO_ANSWER; }\n")
    assert lab.check() == [
        "labs/demo/demo.cpp redefines main: a submission may not turn main or testing into a macro",
        "labs/demo/demo.cpp undefines testing: a submission may not turn main or testing into a macro"]


@pytest.mark.parametrize("disguise", ['#line 1 "/usr/include/gtest/gtest.h"',
                                      '# 1 "/usr/include/gtest/internal/gtest-port.h" 1 3 4'])
def test_a_define_that_claims_another_file_is_still_found(lab, disguise):
    lab.write("demo.hpp", HONEST_HEADER + "#include <gtest/gtest.h>\n" + disguise
              + "\n#undef EXPECT_EQ\n#define EXPECT_EQ(a, b) SUCCEED()\n")
    found = lab.check()
    assert any("demo_test.cpp redefines EXPECT_EQ in a part marked as /usr/include/gtest/" in v
               for v in found), found


def test_a_file_that_stands_in_for_googletests_header_is_found(lab):
    lab.write("gtest/gtest.h", "#pragma once\n#include_next <gtest/gtest.h>\n")
    assert lab.check() == ["labs/demo/gtest/gtest.h has the name of the system header "
                           "<gtest/gtest.h>: a submission may not stand in for a system header"]


def test_a_header_that_includes_dev_zero_is_cut_off(lab, monkeypatch):
    monkeypatch.setattr(integrity, "PREPROCESS_MEMORY_LIMIT", 1 << 30)
    lab.write("demo.hpp", HONEST_HEADER + '#include "/dev/zero"\n')
    started = time.monotonic()
    found = lab.check()
    assert time.monotonic() - started < 60
    # The sandbox's memory limit stops the preprocessor, and the story names it.
    assert any("demo_test.cpp could not be preprocessed (exceeded its memory limit 1 GiB" in v
               for v in found), found


def test_a_library_with_main_or_googletest_symbols_is_found(lab):
    lab.write("cheat.cpp", "int main() { return 0; }\nnamespace testing {\nint forged = 100;\n"
                           "struct Fake {\n    virtual ~Fake();\n};\nFake::~Fake() = default;\n}\n")
    objects = lab.build / "objects"
    objects.mkdir()
    for source in ("demo.cpp", "cheat.cpp"):
        subprocess.run(["c++", "-std=c++20", "-c", str(lab.dir / source), "-o",
                        str(objects / f"{source}.o")], check=True, timeout=120)
    subprocess.run(["ar", "rcs", str(lab.build / "liblabs-demo.a"), *sorted(objects.iterdir())],
                   check=True, timeout=60)
    found = lab.check()
    assert found[0] == ("labs/demo/cheat.cpp defines main: the unit tests bring their own main, "
                        "so a lab's library may not define one")
    # the variable, and the class's three destructors, vtable, typeinfo and typeinfo name
    assert re.fullmatch(r"labs/demo/cheat\.cpp defines testing::\S+ \(and 6 more symbols\): a "
                        r"submission may not define GoogleTest's symbols \(namespace testing\)",
                        found[1]), found
    assert len(found) == 2


# --- the course's own code, and a submission graded for real --------------------------------

@pytest.mark.parametrize("impl", ["labs", "solutions"])
def test_the_course_code_passes(impl):
    """ping here; every lab's, skeleton and solution, in test_invariant.py's grading."""
    implementation = builder.resolve_impl(ROOT, impl)
    built(implementation.tests_dir / "ping-unit")
    assert [str(violation) for violation in integrity.check_lab(ROOT, implementation, "ping")] == []


def test_a_submission_that_tampers_with_googletest_gets_0_for_its_unit_tests(tmp_path):
    submission = tmp_path / "mallory"
    ping = submission / "ping"
    shutil.copytree(ROOT / "labs" / "ping", ping)  # the whole lab, as a student hands it in
    shutil.copytree(ROOT / "solutions" / "ping", ping, dirs_exist_ok=True)
    (ping / "cheat.hpp").write_text(textwrap.dedent("""\
        #pragma once
        #include <gtest/gtest.h>
        #undef EXPECT_EQ
        #define EXP\\
        ECT_EQ(a, b) SUCCEED()
        """))
    header = ping / "icmp_echo.hpp"
    header.write_text('#include "cheat.hpp"\n' + header.read_text())
    (ping / "cheat_main.cpp").write_text("int main() { return 0; }\n")
    (ping / "cheat_testing.cpp").write_text("namespace testing {\nint forged_marks = 100;\n}\n")
    rubric = grader.load_lab(ROOT, "ping")
    units = Rubric("ping", rubric.path, rubric.of_kind("unit"))
    try:
        run = grader.grade(ROOT, ["ping"], str(submission), rubrics={"ping": units})
    finally:
        grader.remove_build(ROOT, str(submission))
    result = run.labs[0]
    assert result.build_ok, result.build_error
    assert result.score == 0 and all(not test.passed for test in result.tests)
    expected = ["labs/ping/cheat_main.cpp defines main", "labs/ping/cheat_testing.cpp defines "
                "testing::forged_marks", "labs/ping/cheat.hpp redefines EXPECT_EQ"]
    for violation in expected:
        assert any(violation in error for error in result.errors), result.errors
    # cheat.hpp includes gtest.h into the library too, which leaves some of its symbols there
    story = result.tests[0].story
    assert story.startswith("did       checked the code of ping before running its unit tests\n"
                            "saw       labs/ping/cheat_main.cpp defines main: ")
    assert story.endswith("more") and len(story.splitlines()) == 2 + grader.INTEGRITY_SHOWN

"""The given code exists once. A lab's given code lives in its skeleton, labs/<lab>/; its
solution, solutions/<lab>/, holds only the files a student writes, each replacing a
skeleton file that marks the student's work with TODO(student). The build puts the
two together (cmake/np_lab.cmake: a solution is built on top of its skeleton)."""

from __future__ import annotations

import pytest

from .conftest import LABS, ROOT


@pytest.mark.parametrize("lab", LABS)
def test_a_solution_holds_only_what_a_student_writes(lab):
    solution, skeleton = ROOT / "solutions" / lab, ROOT / "labs" / lab
    if not solution.is_dir():
        pytest.skip(f"no solutions/{lab} (a student's release)")
    problems = []
    for path in sorted(p for p in solution.rglob("*") if p.is_file()):
        name = path.relative_to(solution)
        counterpart = skeleton / name
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

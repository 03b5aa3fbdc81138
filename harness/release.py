"""The student release: the repository's files less what only the instructor may have.

    files = write_release(root, target)     # then './lab release' proves that it builds

Left out: solutions/, the project's own tests, CI, and the hidden tests (the files that
harness/rubric.py's docstring names). A rubric with hidden entries is rewritten without
them, recording their points (hidden_points), so that the student's copy still loads and
totals 100; a rubric without hidden entries is copied as it is. The handouts need no
change: their tables never name a hidden test.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from .rubric import (VISIBLE, Rubric, RubricError, is_hidden_path,
                     labs_with_rubrics, load, load_lab, rubric_path)

INSTRUCTOR_ONLY = ("solutions/", "tests/project/", ".ci/")
LEFT_OUT = ", ".join(INSTRUCTOR_ONLY) + " and the hidden tests"


def repository_files(root: Path) -> list[str]:
    """The repository's files, relative: git's tracked and not ignored; else a walk."""
    root = Path(root)
    if (root / ".git").exists() and shutil.which("git"):
        run = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--cached", "--others",
                              "--exclude-standard"], capture_output=True)
        if run.returncode == 0:
            return sorted({name for name in run.stdout.decode().split("\0") if name})
    files = []
    skip = re.compile(r"^(\.git|build[^/]*|__pycache__|\.pytest_cache|\.cache)$")
    for directory, subdirs, names in os.walk(root):
        subdirs[:] = [d for d in subdirs if not skip.match(d)]
        for name in names:
            if name.endswith(".pyc"):
                continue
            files.append(Path(directory, name).relative_to(root).as_posix())
    return sorted(files)


def release_files(root: Path) -> list[str]:
    """The files a student gets."""
    root = Path(root)
    return [name for name in repository_files(root)
            if not name.startswith(INSTRUCTOR_ONLY) and not is_hidden_path(name)
            and ((root / name).exists() or (root / name).is_symlink())]


def _toml_string(text: str) -> str:
    # JSON's escapes are all TOML's too; DEL is the one control character JSON leaves raw.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def student_rubric_text(rubric: Rubric) -> str:
    """The student's copy of a rubric with hidden entries: written afresh from its data, so
    that no comment of the instructor's about a hidden test comes along."""
    copy = rubric.without_hidden()
    lines = [
        f"# The {copy.lab} lab's rubric, as the students have it. Hidden tests, graded by the",
        f"# instructor, are worth hidden_points more; the points total {copy.total}.",
        f"lab = {_toml_string(copy.lab)}",
        f"topology = {_toml_string(copy.topology)}",
        f"hidden_points = {copy.hidden_points}",
    ]
    for entry in copy.tests:
        lines += ["", "[[test]]", f"id = {_toml_string(entry.id)}",
                  f"title = {_toml_string(entry.title)}", f"points = {entry.points}",
                  f"hint = {_toml_string(entry.hint)}"]
        if entry.visibility != VISIBLE:
            lines.append(f"visibility = {_toml_string(entry.visibility)}")
    return "\n".join(lines) + "\n"


def write_student_rubric(rubric: Rubric, path: Path) -> None:
    """Write the student's copy and read it back: it must be the instructor's, less hidden."""
    Path(path).write_text(student_rubric_text(rubric), encoding="utf-8")
    expected = rubric.without_hidden()
    written = load(path)
    if (written.tests, written.hidden_points, written.topology) != (
            expected.tests, expected.hidden_points, expected.topology):
        raise RubricError(f"{path}: the student's copy of {rubric.lab}'s rubric does not read "
                          "back as written")


def write_release(root: Path, target: Path) -> list[str]:
    """Copy the student's files into target; the labs' rubrics without their hidden entries.
    Returns the files written. A rubric that does not load stops it (RubricError): what it
    hides cannot be known."""
    root, target = Path(root), Path(target)
    with_hidden = {}
    for lab in labs_with_rubrics(root):
        rubric = load_lab(root, lab)
        if any(entry.hidden for entry in rubric.tests):
            with_hidden[rubric_path(root, lab).relative_to(root).as_posix()] = rubric
    files = release_files(root)
    for name in files:
        source, destination = root / name, target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        if name in with_hidden:
            write_student_rubric(with_hidden[name], destination)
        elif source.is_symlink():
            destination.symlink_to(os.readlink(source))
        else:
            shutil.copy2(source, destination)
    return files


def hidden_mentions(root: Path, target: Path) -> list[str]:
    """Where the release in target still names a hidden test of root's rubrics (by its id's
    name or its title): a handout or a slide that quotes one. Worth a look, not always a leak."""
    needles = {}
    for lab in labs_with_rubrics(root):
        for entry in load_lab(root, lab).tests:
            if entry.hidden:
                needles[entry.name] = entry.id
                needles[entry.title] = entry.id
    found = []
    for path in sorted(Path(target).rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # binary: not something a student reads a test's name from
        for needle, test_id in needles.items():
            if needle in text:
                found.append(f"{path.relative_to(target)} names the hidden test {test_id}")
    return found

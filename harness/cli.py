"""The `lab` command: ./lab <command> [options]   (./lab --help, ./lab <command> --help)

  setup                         install the Debian packages; check the kernel's features
  build [--impl labs|solutions|all]
  check <lab> [--impl …] [-k PATTERN]
                                build one lab, run its graded tests, print the scoreboard;
                                exit 0 only at full marks
  grade [<lab>…] [--impl labs|solutions|PATH] [--json FILE] [--junit FILE]
        [--batch DIR --csv FILE]
                                grade labs (all when none named); exit 0 whenever grading ran
  test [PYTEST-ARGS…]           the project's own tests (unit, harness, invariant), or
                                those named (./lab test tests/harness)
  shell <lab> [--impl …]        a Mininet CLI in the lab's topology, the tools on PATH
  release <dir>                 the student repository: everything but solutions/ and the
                                hidden tests, built
  rubric [<lab>…] [--refresh]   check the rubrics against their tests (hidden ones too) and
                                the handouts' rubric tables (or rewrite the tables)
  bench [<lab>]                 list the benchmarks, or run a lab's (bench/<lab>/run.py)
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import build as builder
from . import machine_setup
from .bounded import bounded_run, describe_end
from .release import LEFT_OUT, hidden_mentions, write_release
from .rubric import (RubricError, check_handout, cross_check, labs_present, labs_with_rubrics,
                     load_lab, refresh_handout, rubric_path, test_file)
from .sandbox import SandboxError
from .selection import KeywordError, keyword_matcher

ROOT = Path(__file__).resolve().parents[1]
PYTHON = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable
# What a benchmark run needs beyond a build (bench/<lab>/run.py).
BENCH_PACKAGES = ["mininet", "nftables", "traceroute", "python3-matplotlib"]


def need_root(argv: list[str]) -> None:
    machine_setup.require_root(argv)


def need_sandbox(argv: list[str]) -> None:
    """Root, or an ordinary user on a machine that allows user namespaces: submission code
    runs in the sandbox either way, so grading needs no root of its own."""
    if machine_setup.is_root():
        return
    from . import sandbox

    allowed, words = sandbox.user_namespaces()
    if not allowed:
        raise SystemExit(f"{words}; or run it as root: 'sudo ./lab {' '.join(argv)}'")
    import pwd

    from . import subordinate_ids

    user = pwd.getpwuid(os.geteuid()).pw_name
    if subordinate_ids.largest(user, os.geteuid()) < sandbox.NETWORK_IDS - 1:
        print(f"note: {user} has too few subordinate ids (/etc/subuid) for the sandbox to keep "
              f"the programs under test apart from the harness: ask for "
              f"'sudo ./lab setup --user {user}'", file=sys.stderr)


def need_packages(argv: list[str], packages: list[str] | None = None) -> None:
    machine_setup.ensure_packages(packages or machine_setup.PACKAGES, argv, quiet=True)


def known_lab(lab: str) -> str:
    labs = labs_with_rubrics(ROOT)
    if lab not in labs:
        raise SystemExit(f"unknown lab '{lab}': the labs with graded tests are "
                         f"{', '.join(labs) or '(none yet)'}")
    return lab


def _elapsed(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds // 60:.0f} min {seconds % 60:.0f} s"


# --- setup --------------------------------------------------------------------------------

def cmd_setup(args, argv) -> int:
    need_root(argv)
    machine_setup.ensure_packages(machine_setup.PACKAGES, argv)
    grant_subordinate_ids(args.user)
    ok = machine_setup.report_kernel(machine_setup.kernel_features())
    ok = report_sandbox() and ok
    print("setup: ready" if ok else "setup: the kernel lacks what is marked ✗ above")
    return 0 if ok else 1


def grant_subordinate_ids(users: list[str]) -> None:
    """Give the named accounts (default: every ordinary one) the subordinate ids their
    sandbox maps when they grade without root (harness/subordinate_ids.py)."""
    import pwd

    from . import sandbox
    from . import subordinate_ids as subids

    needed = sandbox.NETWORK_IDS - 1
    try:
        accounts = [pwd.getpwnam(user) for user in users] if users else subids.ordinary_accounts()
    except KeyError as error:
        raise SystemExit(f"setup: there is no account {error.args[0]}") from None
    if not accounts:
        print("subordinate ids: no ordinary accounts yet; for one made later, run "
              "'sudo ./lab setup --user NAME'")
        return
    granted, enough = [], []
    for account in accounts:
        if subids.largest(account.pw_name, account.pw_uid) >= needed:
            enough.append(account.pw_name)
            continue
        try:
            first = subids.grant(account, needed, below=sandbox.SANDBOX_IDS)
        except (RuntimeError, subprocess.CalledProcessError) as error:
            said = getattr(error, "stderr", None) or str(error)
            raise SystemExit(f"setup: could not give {account.pw_name} subordinate ids: "
                             f"{said.strip()}") from None
        granted.append(f"{account.pw_name} ({first}–{first + needed - 1})")
    if granted:
        print(f"subordinate ids: {needed} given to " + ", ".join(granted)
              + " for grading without root")
    if enough:
        print("subordinate ids: enough already: " + ", ".join(enough))


def report_sandbox() -> bool:
    """Say how submission code is confined here; False when it cannot be."""
    from . import limits, sandbox

    allowed, words = sandbox.user_namespaces()
    print(f"sandbox: {words}")
    if allowed:
        for line in sandbox.enforcement(limits.BUILD):
            print(f"  {line}")
    return allowed


# --- build --------------------------------------------------------------------------------

def cmd_build(args, argv) -> int:
    need_packages(argv, machine_setup.BUILD_PACKAGES)
    from .report import ConsoleProgress

    progress = ConsoleProgress()
    impl = builder.resolve_impl(ROOT, "labs" if args.impl == "all" else args.impl)
    progress.start("configuring build/ ... ")
    try:
        builder.configure(ROOT, impl)
    except builder.BuildError as error:
        progress.end("FAILED")
        print(error, file=sys.stderr)
        return 1
    progress.end("ok")
    if args.impl == "all":
        progress.start("building everything in build/ ... ")
        run = builder.build_everything(ROOT, impl)
        progress.end("ok" if run.ok else "FAILED")
        if not run.ok:
            print(builder.first_error_lines(run.output, ROOT, impl), file=sys.stderr)
        return 0 if run.ok else 1
    failed = 0
    helper_error = builder.build_helpers(ROOT, impl)
    if helper_error:
        failed += 1
        print("the harness's np-nfqdelay did not build:\n" + helper_error)
    for lab in builder.declared_labs(ROOT):
        if not (impl.labs_dir / lab).is_dir():
            continue
        progress.start(f"{lab}: building {impl.source_label(lab)} ... ")
        result = builder.build_lab(ROOT, impl, lab)
        progress.end("ok" if result.ok else "FAILED")
        if not result.ok:
            failed += 1
            print("\n".join("    " + line for line in result.error.splitlines()))
    if not failed:
        print(f"the tools are in {impl.bin_dir.relative_to(ROOT)}/")
    return 1 if failed else 0


# --- check and grade ------------------------------------------------------------------------

def cmd_check(args, argv) -> int:
    known_lab(args.lab)
    need_sandbox(argv)
    need_packages(argv)
    from .grade import grade
    from .report import ConsoleProgress, summary

    if args.k:
        try:
            keyword_matcher(args.k)
        except KeywordError as error:
            raise SystemExit(f"-k {args.k!r}: {error}")
    progress = ConsoleProgress()
    run = grade(ROOT, [args.lab], args.impl, keyword=args.k, progress=progress)
    tail = summary(run, progress.color)
    if tail:
        print(tail)
    lab = run.labs[0] if run.labs else None
    if lab is not None and args.k and not lab.tests:
        print(f"no graded test of {args.lab} matches -k {args.k!r}")
    return 0 if lab is not None and lab.full_marks and not run.error else 1


def cmd_grade(args, argv) -> int:
    labs = [known_lab(lab) for lab in args.labs] or labs_with_rubrics(ROOT)
    need_sandbox(argv)
    need_packages(argv)
    from .grade import grade, grade_batch
    from .report import ConsoleProgress, score_text, summary

    if args.batch:
        if args.junit:
            raise SystemExit("--junit is for one submission; with --batch use --csv (and --json)")
        batch = Path(args.batch)
        if not batch.is_dir():
            raise SystemExit(f"{args.batch}: not a directory of submissions")
        csv_path = Path(args.csv or "grades.csv")

        def said(name, run) -> None:
            scores = ", ".join(f"{lab.lab} {score_text(lab.score, lab.max_score)}" for lab in run.labs)
            failed = "  (the grader failed on it)" if run.error else ""
            print(f"{name}: {scores}; total {score_text(run.score, run.max_score)}{failed}", flush=True)

        rows = grade_batch(ROOT, batch, labs, csv_path=csv_path,
                           json_path=Path(args.json) if args.json else None,
                           # Several at once: one line per submission, no steps in between.
                           progress=ConsoleProgress(boards=False) if args.jobs == 1 else None,
                           keep_builds=args.keep_builds, jobs=args.jobs,
                           on_submission=said)
        print(f"{len(rows)} submissions graded; scores in {csv_path}")
        return 0
    if args.csv:
        raise SystemExit("--csv goes with --batch DIR")
    progress = ConsoleProgress()
    run = grade(ROOT, labs, args.impl, json_path=Path(args.json) if args.json else None,
                junit_path=Path(args.junit) if args.junit else None, progress=progress)
    tail = summary(run, progress.color)
    if tail:
        print(tail)
    for path in (args.json, args.junit):
        if path:
            print(f"wrote {path}")
    return 1 if run.error or not all(lab.graded for lab in run.labs) else 0


# --- test ---------------------------------------------------------------------------------

DEFAULT_TEST_DIRS = ("tests/project", "tests/harness", "tests/slides")


def names_tests(arg: str) -> bool:
    """Whether a pytest argument names tests to run (tests/harness, a file, file::test):
    a path inside the repository, not an option or an option's value (-k sandbox)."""
    if arg.startswith("-"):
        return False
    path = arg.split("::", 1)[0]
    return ("/" in path or path.endswith(".py")) and (ROOT / path).exists()


def cmd_test(args, argv) -> int:
    need_root(argv)
    need_packages(argv)
    os.environ["NP_WERROR"] = "1"  # also for the grading the tests do: the same build flags
    impl = builder.resolve_impl(ROOT, "labs")
    print("building everything in build/ with warnings as errors ...", flush=True)
    steps = [["cmake", "--preset", "default", *impl.cmake_args], ["cmake", "--build", "build"]]
    for step in steps:
        status = subprocess.run(step, cwd=ROOT, stdin=subprocess.DEVNULL).returncode
        if status != 0:
            print(f"'{' '.join(step)}' failed (exit status {status}): the tests cannot run",
                  file=sys.stderr)
            return status
    # Tests named on the command line run alone; else every suite of the project.
    named = [arg for arg in args.pytest_args if names_tests(arg)]
    dirs = [] if named else [d for d in DEFAULT_TEST_DIRS if (ROOT / d).is_dir()]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    sys.stdout.flush()
    sys.stderr.flush()
    os.chdir(ROOT)
    # pytest takes over this process: its summary is the last line, its status ours.
    os.execve(PYTHON, [PYTHON, "-m", "pytest", *dirs, "-q", "-p", "no:cacheprovider",
                       *args.pytest_args], env)
    return 1  # not reached


# --- shell --------------------------------------------------------------------------------

def cmd_shell(args, argv) -> int:
    known_lab(args.lab)
    need_sandbox(argv)
    need_packages(argv)
    from .report import ConsoleProgress

    try:
        topology_name = load_lab(ROOT, args.lab).topology
    except RubricError as error:  # the shell needs only the topology: say so, go on
        print(f"note: {error}", file=sys.stderr)
        import tomllib
        try:
            topology_name = str(tomllib.loads(rubric_path(ROOT, args.lab).read_text()).get("topology", "pair"))
        except (OSError, ValueError):
            topology_name = "pair"
    impl = builder.resolve_impl(ROOT, args.impl)
    progress = ConsoleProgress()
    progress.start(f"{args.lab}: building {impl.source_label(args.lab)} ... ")
    try:
        builder.configure(ROOT, impl)
        result = builder.build_lab(ROOT, impl, args.lab)
    except builder.BuildError as error:
        progress.end("FAILED")
        print(error, file=sys.stderr)
        return 1
    progress.end("ok" if result.ok else "FAILED")
    if not result.ok:
        print("\n".join("    " + line for line in result.error.splitlines()))
        print("(the shell starts anyway, with whatever was built before)")
    builder.build_helpers(ROOT, impl)
    session = [PYTHON, "-m", "harness.shell_session", topology_name, str(impl.bin_dir)]
    from . import limits, sandbox

    if sandbox.disabled():
        need_root(argv)  # the machine's own namespaces: Mininet needs root
    with tempfile.TemporaryDirectory(prefix="np-shell-") as scratch:
        ids = sandbox.ids_for(count=sandbox.NETWORK_IDS)
        Path(scratch).chmod(0o755)
        view = sandbox.network_view(ROOT, Path(scratch), scratch=limits.NETWORK.scratch)
        if not impl.bin_dir.resolve().is_relative_to(ROOT):
            view.read_only(impl.bin_dir)
        env = {"PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1",
               **{key: os.environ[key] for key in ("TERM", "LANG", "COLUMNS", "LINES", "NP_SANDBOX")
                  if key in os.environ}}
        run = sandbox.run(session, view=view, cwd=ROOT, env=env, ids=ids, name="shell",
                          nest=False, interactive=True, limits=limits.NETWORK)
    return 0 if run.status == 0 else 1


# --- release ------------------------------------------------------------------------------

def cmd_release(args, argv) -> int:
    target = Path(args.dir).resolve()
    if target == ROOT or ROOT in target.parents:
        raise SystemExit(f"{args.dir}: choose a directory outside this repository")
    if target.exists() and any(target.iterdir()):
        raise SystemExit(f"{args.dir}: exists and is not empty")
    if not (ROOT / "solutions").is_dir():
        print("note: there is no solutions/ here: this already looks like a release")
    need_packages(argv, machine_setup.BUILD_PACKAGES)
    files = write_release(ROOT, target)
    print(f"release: {len(files)} files copied to {args.dir} (left out: {LEFT_OUT})")
    for mention in hidden_mentions(ROOT, target):
        print(f"release: note: {mention}")
    if args.no_build:
        return 0
    print("release: configuring and building it in a temporary directory ...", flush=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="np-release-build-") as scratch:
        werror = f"-DNP_WERROR={'ON' if builder.werror() else 'OFF'}"
        for step in (["cmake", "-S", str(target), "-B", scratch, "-G", "Ninja", werror],
                     ["cmake", "--build", scratch]):
            run = bounded_run(step, timeout=builder.BUILD_TIMEOUT, output_limit=4 << 20,
                              kill_on_flood=False)
            if not run.ok:
                print(f"release: '{' '.join(step[:2])}' failed ({describe_end(run)}):",
                      file=sys.stderr)
                print("\n".join(run.output.strip().splitlines()[-20:]), file=sys.stderr)
                return 1
    print(f"release: it builds ({_elapsed(time.monotonic() - started)})")
    return 0


# --- rubric and bench -----------------------------------------------------------------------

def cmd_rubric(args, argv) -> int:
    labs = [known_lab(lab) for lab in args.labs] or labs_with_rubrics(ROOT)
    bad = 0
    for lab in labs:
        try:
            rubric = load_lab(ROOT, lab)
        except RubricError as error:
            print(error)
            bad += 1
            continue
        # The tests agree with the rubric, hidden ones in hidden files only: checked here,
        # where an instructor adding tests looks first, not only when grading.
        mismatches = cross_check(rubric, test_file(ROOT, lab), ROOT)
        for mismatch in mismatches:
            print(f"{lab}: {mismatch}")
        bad += bool(mismatches)
        if args.refresh:
            changed = refresh_handout(ROOT, lab, rubric)
            print(f"{lab}: {'table rewritten' if changed else 'table already up to date'}")
        else:
            problem = check_handout(ROOT, lab, rubric)
            print(f"{lab}: {problem or 'the handout table matches the rubric'}")
            bad += problem is not None
    return 1 if bad else 0


def cmd_bench(args, argv) -> int:
    bench = ROOT / "bench"
    entries = sorted(p for p in bench.iterdir() if not p.name.startswith(".")) if bench.is_dir() else []
    if args.lab:
        place = bench / args.lab
        script = place / "run.py"
        if script.is_file():  # a benchmark of its own: run it, with the arguments given
            need_root(argv)
            need_packages(argv, BENCH_PACKAGES)
            return subprocess.run([PYTHON, str(script), *args.rest], cwd=ROOT,
                                  stdin=subprocess.DEVNULL).returncode
        if not place.exists():
            print(f"no benchmarks yet for {args.lab}")
            return 0
        entries = sorted(place.rglob("*")) if place.is_dir() else [place]
    if not entries:
        print("no benchmarks yet")
        return 0
    print("benchmarks (bench/README.md; run one with ./lab bench <lab>):")
    for path in entries:
        print(f"  {path.relative_to(ROOT)}{'/' if path.is_dir() else ''}")
    return 0


def cmd_slides(args, argv) -> int:
    need_packages(argv)
    build = ROOT / "slides" / "build.sh"
    return subprocess.run([str(build), *([args.outdir] if args.outdir else [])], cwd=ROOT,
                          stdin=subprocess.DEVNULL).returncode


# --- the command line ---------------------------------------------------------------------

def parser(root: Path = ROOT) -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="./lab", description="Network Programming Labs: build, check, grade and explore the labs.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Labs, in course order: " + (", ".join(labs_present(root)) or "(none yet)"))
    sub = top.add_subparsers(dest="command", metavar="<command>")
    sub.required = True

    p = sub.add_parser("setup", help="install the Debian packages, give accounts the sandbox's "
                       "subordinate ids, check the kernel's features")
    p.add_argument("--user", action="append", default=[], metavar="NAME",
                   help="give this account subordinate ids (default: every ordinary account)")
    p.set_defaults(run=cmd_setup)

    p = sub.add_parser("build", help="build the labs, the solutions, or everything")
    p.add_argument("--impl", choices=["labs", "solutions", "all"], default="labs")
    p.set_defaults(run=cmd_build)

    impl_help = "labs (your code, the default), solutions, or the path of a submission"
    p = sub.add_parser("check", help="build one lab and run its graded tests (exit 0 at full marks)")
    p.add_argument("lab")
    p.add_argument("--impl", default="labs", help=impl_help)
    p.add_argument("-k", metavar="PATTERN", help="only the tests matching PATTERN (pytest's -k)")
    p.set_defaults(run=cmd_check)

    p = sub.add_parser("grade", help="grade labs and write the reports (exit 0 whenever grading ran)")
    p.add_argument("labs", nargs="*", metavar="lab", help="labs to grade (default: all)")
    p.add_argument("--impl", default="labs", help=impl_help)
    p.add_argument("--json", metavar="FILE", help="write results.json (Gradescope's schema)")
    p.add_argument("--junit", metavar="FILE", help="write JUnit XML")
    p.add_argument("--batch", metavar="DIR", help="grade every subdirectory of DIR as a submission")
    p.add_argument("--csv", metavar="FILE", help="with --batch: the scores, one row per submission "
                                                 "(default grades.csv)")
    p.add_argument("--jobs", type=int, default=1, metavar="N",
                   help="with --batch: grade N submissions at once (default 1)")
    p.add_argument("--keep-builds", action="store_true",
                   help="with --batch: keep each submission's build directory")
    p.set_defaults(run=cmd_grade)

    p = sub.add_parser("test", help="the project's own test suite")
    p.add_argument("pytest_args", nargs=argparse.REMAINDER,
                   help="passed on to pytest (./lab test -k sandbox --durations=10); tests "
                        "named by path run alone (./lab test tests/harness)")
    p.set_defaults(run=cmd_test)

    p = sub.add_parser("shell", help="a Mininet CLI with the lab's topology and its tools on PATH")
    p.add_argument("lab")
    p.add_argument("--impl", default="labs", help=impl_help)
    p.set_defaults(run=cmd_shell)

    p = sub.add_parser("release", help="write the student repository (no solutions/, no hidden "
                                       "tests) and build it")
    p.add_argument("dir")
    p.add_argument("--no-build", action="store_true", help="copy only; do not prove it builds")
    p.set_defaults(run=cmd_release)

    p = sub.add_parser("rubric", help="check the rubrics against their tests and the handouts' tables")
    p.add_argument("labs", nargs="*", metavar="lab")
    p.add_argument("--refresh", action="store_true", help="rewrite the tables from the rubrics")
    p.set_defaults(run=cmd_rubric)

    p = sub.add_parser("slides", help="render every lecture deck to HTML and PDF")
    p.add_argument("outdir", nargs="?", help="where to write them (default build/slides)")
    p.set_defaults(run=cmd_slides)

    p = sub.add_parser("bench", help="list the benchmarks, or run those of a lab",
                       description="With no lab: list bench/. With a lab that has "
                       "bench/<lab>/run.py: run it (needs root); arguments after the lab "
                       "go to it (./lab bench traceroute --help).")
    p.add_argument("lab", nargs="?")
    p.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    p.set_defaults(run=cmd_bench)
    return top


def _terminated(sig, frame):
    raise KeyboardInterrupt  # like Ctrl-C: reports written, children stopped, then we go


def main(argv: list[str] | None = None) -> int:
    """The command line (argv None: sys.argv, and SIGTERM/SIGHUP handled like Ctrl-C)."""
    if argv is None:
        argv = sys.argv[1:]
        for sig in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, _terminated)
    argv = list(argv)
    if argv[:1] == ["test"]:  # everything after 'test' is pytest's, options first included
        args = parser().parse_args(["test"])
        args.pytest_args = [arg for arg in argv[1:2] if arg != "--"] + argv[2:]
    else:
        args = parser().parse_args(argv)
    try:
        return args.run(args, argv)
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except (builder.BuildError, RubricError, SandboxError) as error:
        # SandboxError: the machine could not make a sandbox (not the submission's fault).
        print(f"lab: {error}" if isinstance(error, SandboxError) else error, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

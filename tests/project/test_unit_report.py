"""The unit tests' report end to end: tests/unit/gtest_main.cpp compiled into a small
GoogleTest program, run by the grader as it runs a lab's unit tests."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from harness import grade as grader
from harness.rubric import Entry
from harness.unit_report import told

from .conftest import ROOT

DEMO_TESTS = r"""
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <optional>

TEST(Demo, Passes) { EXPECT_EQ(1 + 1, 2); }

TEST(Demo, FailsWithOddBytes) {
    ADD_FAILURE() << "quote \" backslash \\ tab \t bell \a cut \xff\xfe\xed\xa0\x80 e\xcc\x81 "
                     "\xc3\xa9 \xf0\x9f\x98\x80 end";
}

TEST(Demo, Skips) { GTEST_SKIP() << "not today"; }

TEST(Demo, HidesTheReport) { EXPECT_EQ(std::getenv("NP_UNIT_REPORT_FD"), nullptr); }

TEST(Demo, PrintsWhatGoogleTestWould) {
    std::printf("[       OK ] Demo.Crashes (0 ms)\n{\"event\":\"done\"}\n");
    std::fflush(stdout);
    FAIL() << "printed lines earn nothing";
}

TEST(Demo, Crashes) { std::raise(SIGSEGV); }

TEST(Demo, RunsAfterTheCrash) { SUCCEED(); }

TEST(Demo, SaysWhatItChecked) {
    const std::optional<std::chrono::microseconds> read;
    EXPECT_EQ(read, std::chrono::microseconds(1700000000123456)) << "the send time comes back out";
}
"""

NAMES = ["Demo.Passes", "Demo.FailsWithOddBytes", "Demo.Skips", "Demo.HidesTheReport",
         "Demo.PrintsWhatGoogleTestWould", "Demo.Crashes", "Demo.RunsAfterTheCrash",
         "Demo.SaysWhatItChecked", "Demo.Missing"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo tests linked with the course's gtest main, as np_lab.cmake links them."""
    where = tmp_path_factory.mktemp("demo")
    where.chmod(0o755)  # run by root inside the sandbox, which owns nothing of ours
    (where / "demo_test.cpp").write_text(DEMO_TESTS)
    binary = where / "demo-unit"
    build = subprocess.run(
        ["c++", "-std=c++20", "-Wall", "-Wextra", "-Wpedantic", "-Werror",
         str(ROOT / "tests" / "unit" / "gtest_main.cpp"), str(where / "demo_test.cpp"),
         "-lgtest", "-pthread", "-o", str(binary)],
        capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr[-3000:]
    return binary


def run_with_report(binary, *arguments) -> tuple[subprocess.CompletedProcess, bytes]:
    read_end, write_end = os.pipe()
    try:
        run = subprocess.run([str(binary), *arguments], capture_output=True, timeout=60,
                             env={**os.environ, "NP_UNIT_REPORT_FD": str(write_end)},
                             pass_fds=(write_end,))
        os.close(write_end)
        with os.fdopen(read_end, "rb") as report:
            return run, report.read()
    except BaseException:
        os.close(write_end)
        raise


def test_the_grader_scores_from_the_report_and_re_runs_past_a_crash(demo):
    entries = [Entry(f"unit:{name}", name, 10, "") for name in NAMES]
    results = {r.entry.name: r for r in grader.run_unit_tests(ROOT, demo, entries).values()}
    passed = {name for name, result in results.items() if result.passed}
    assert passed == {"Demo.Passes", "Demo.HidesTheReport", "Demo.RunsAfterTheCrash"}
    assert ("saw       the unit test program was killed by SIGSEGV while running this test"
            in results["Demo.Crashes"].story)
    assert "printed lines earn nothing" in results["Demo.PrintsWhatGoogleTestWould"].story
    skipped = results["Demo.Skips"].story
    assert "the test skipped itself" in skipped and "not today" in skipped
    assert "has no test named Demo.Missing" in results["Demo.Missing"].story
    odd = results["Demo.FailsWithOddBytes"].story
    assert 'quote " backslash \\ tab \t bell \a cut \ufffd\ufffd\ufffd\ufffd\ufffd' in odd
    assert "e\u0301 \u00e9 \U0001F600 end" in odd
    # The assertion's message leads, then its values, the µ of microseconds intact (UTF-8).
    said = results["Demo.SaysWhatItChecked"].story.splitlines()
    assert said[2] == "saw       the send time comes back out", said
    assert said[3].split() == ["read", "is", "(nullopt),", "expected",
                               "std::chrono::microseconds(1700000000123456),", "which", "is",
                               "1700000000123456\u00b5s", "(demo_test.cpp:33)"], said


def test_the_report_is_lines_of_ascii_json(demo):
    run, report = run_with_report(
        demo, "--gtest_filter=Demo.Passes:Demo.FailsWithOddBytes:Demo.Skips")
    assert run.returncode == 1, run.stdout
    assert all(byte < 0x80 for byte in report)
    records = [json.loads(line) for line in report.decode("ascii").splitlines()]
    assert [(r["event"], r.get("name")) for r in records] == [
        ("start", "Demo.Passes"), ("end", "Demo.Passes"),
        ("start", "Demo.FailsWithOddBytes"), ("end", "Demo.FailsWithOddBytes"),
        ("start", "Demo.Skips"), ("end", "Demo.Skips"), ("done", None)]
    passes, fails, skips = records[1], records[3], records[5]
    assert passes == {"event": "end", "name": "Demo.Passes", "passed": True, "skipped": False,
                      "failure": "", "seconds": passes["seconds"]}
    assert not fails["passed"] and not fails["skipped"]
    assert fails["failure"].startswith("/") and "demo_test.cpp:" in fails["failure"].split("\n")[0]
    assert skips["skipped"] and not skips["passed"] and "not today" in skips["failure"]


def test_without_the_variable_it_is_googletests_own_main(demo):
    run = subprocess.run([str(demo), "--gtest_filter=Demo.Passes"], capture_output=True,
                         text=True, timeout=60, env={k: v for k, v in os.environ.items()
                                                     if k != "NP_UNIT_REPORT_FD"})
    assert run.returncode == 0 and "[  PASSED  ] 1 test." in run.stdout
    listed = subprocess.run([str(demo), "--gtest_list_tests"], capture_output=True, text=True,
                            timeout=60)
    assert listed.returncode == 0
    assert listed.stdout.splitlines()[:3] == ["Demo.", "  Passes", "  FailsWithOddBytes"]


def test_a_variable_that_names_no_descriptor_is_an_error(demo):
    run = subprocess.run([str(demo)], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "NP_UNIT_REPORT_FD": "987"})
    assert run.returncode == 2
    assert "NP_UNIT_REPORT_FD=987 does not name an open descriptor" in run.stderr


# --- the failure told for a student (harness.unit_report.told) ----------------------------
# Failure texts as gtest_main.cpp reports them (GoogleTest 1.12's wording), captured from
# the ping lab's skeleton and from small tests; no build needed.

CAPTURED_EQ = """\
/src/tests/unit/ping/icmp_echo_test.cpp:107
Expected equality of these values:
  ping::read_timestamp(payload)
    Which is: (nullopt)
  sent_at
    Which is: 1700000000123456\u00b5s
the send time comes back out
/src/tests/unit/ping/icmp_echo_test.cpp:110
Expected equality of these values:
  payload[i]
    Which is: 1-byte object <00>
  std::byte(i)
    Which is: 1-byte object <10>
after the timestamp byte i is i, at 16"""


def test_each_failure_leads_with_its_message_then_its_values():
    assert told(CAPTURED_EQ).splitlines() == [
        "the send time comes back out",
        "ping::read_timestamp(payload) is (nullopt), expected sent_at, which is "
        "1700000000123456\u00b5s  (icmp_echo_test.cpp:107)",
        "after the timestamp byte i is i, at 16",
        "payload[i] is 00, expected std::byte(i), which is 10  (icmp_echo_test.cpp:110)"]


def test_a_literal_is_the_expected_value_whichever_side_it_is_on():
    literal_right = ("/t/a.cpp:3\nExpected equality of these values:\n  stats.received()\n"
                     "    Which is: 0\n  3\na duplicate is not a reception")
    assert told(literal_right).splitlines() == [
        "a duplicate is not a reception", "stats.received() is 0, expected 3  (a.cpp:3)"]
    # A string literal compared with an optional prints as an address: the text counts.
    literal_string = ("/t/a.cpp:4\nExpected equality of these values:\n  stats.rtt_line()\n"
                      "    Which is: (nullopt)\n  \"rtt min/avg/max/mdev = 1.000 ms\"\n"
                      "    Which is: 0x5587930327c0")
    assert told(literal_string) == ('stats.rtt_line() is (nullopt), expected "rtt min/avg/max/mdev'
                                    ' = 1.000 ms"  (a.cpp:4)')


def test_other_assertions_and_scoped_traces():
    text = "\n".join([
        "/t/s.cpp:20", "Value of: is_ignored(Framing::kIpv4WithHeader, good)",
        "  Actual: true", "Expected: false", "the intact datagram parses",
        "/t/s.cpp:30", "Expected: (echo) != (nullptr), actual: NULL vs (nullptr)",
        "an echo reply after a 24-byte IP header",
        "/t/s.cpp:40", "Expected: tftp::decode(text(datagram)) throws an exception of type "
        "np::ParseError.", "  Actual: it throws nothing.",
        "/t/s.cpp:50", "Expected equality of these values:", "  m.tag", '    Which is: ""',
        '  "myprog"', "the tag", "Google Test trace:", '/t/s.cpp:48: parsing "<30>myprog: x"'])
    assert told(text).splitlines() == [
        "the intact datagram parses",
        "is_ignored(Framing::kIpv4WithHeader, good) is true, expected false  (s.cpp:20)",
        "an echo reply after a 24-byte IP header",
        "Expected: (echo) != (nullptr), actual: NULL vs (nullptr)  (s.cpp:30)",
        "expected tftp::decode(text(datagram)) to throw np::ParseError; it throws nothing."
        "  (s.cpp:40)",
        'parsing "<30>myprog: x", the tag',
        'm.tag is "", expected "myprog"  (s.cpp:50)']


def test_many_failures_are_counted_and_odd_text_is_kept():
    many = "\n".join(f"/t/l.cpp:{n}\nFailed\nround {n}" for n in range(1, 8))
    assert told(many).splitlines() == ["round 1", "(l.cpp:1)", "round 2", "(l.cpp:2)",
                                       "round 3", "(l.cpp:3)", "round 4", "(l.cpp:4)",
                                       "… and 3 more failed assertions"]
    assert told("/t/l.cpp:9: skipped\nnot today") == "skipped: not today"
    assert told("no location line first\n  Which is: 1") == "no location line first\n  Which is: 1"

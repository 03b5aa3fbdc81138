"""-k PATTERN: pytest's keyword language over the rubric's ids and titles."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness import cli
from harness.grade import select
from harness.rubric import Entry, Rubric
from harness.selection import KeywordError, keyword_matcher

RUBRIC = Rubric("ping", Path("ping.toml"), [
    Entry("unit:Checksum.Rfc1071Example", "checksum of RFC 1071's example", 5, ""),
    Entry("net:test_echo_reply_ipv4", "one echo reply over IPv4", 10, ""),
    Entry("net:test_echo_reply_ipv6", "one echo reply over IPv6", 10, ""),
])


@pytest.mark.parametrize("pattern, chosen", [
    ("echo", ["net:test_echo_reply_ipv4", "net:test_echo_reply_ipv6"]),
    ("ECHO and not ipv6", ["net:test_echo_reply_ipv4"]),
    ("rfc or (echo and IPV6)", ["unit:Checksum.Rfc1071Example", "net:test_echo_reply_ipv6"]),
    ("unit:", ["unit:Checksum.Rfc1071Example"]),
    ("nothing", []),
])
def test_a_pattern_chooses_by_id_and_title_case_aside(pattern, chosen):
    assert [entry.id for entry in select(RUBRIC, pattern)] == chosen


def test_no_pattern_chooses_everything_and_an_empty_one_nothing():
    assert select(RUBRIC, None) == RUBRIC.tests
    assert not keyword_matcher("  ")("anything")


@pytest.mark.parametrize("pattern, said", [
    ("echo and", "at column 9: expected not OR left parenthesis OR identifier; got end of input"),
    ("(echo", "at column 6: expected right parenthesis; got end of input"),
    ("echo ipv4", "at column 6: expected end of input; got identifier"),
    ("echo @ or", 'at column 6: unexpected character "@"'),
])
def test_a_bad_pattern_says_where_in_one_line(pattern, said):
    with pytest.raises(KeywordError) as error:
        keyword_matcher(pattern)
    assert str(error.value) == said


def test_check_refuses_a_bad_pattern_before_building(monkeypatch):
    monkeypatch.setattr(cli, "need_sandbox", lambda argv: None)
    monkeypatch.setattr(cli, "need_packages", lambda argv, packages=None: None)
    monkeypatch.setattr("harness.grade.grade", lambda *a, **k: pytest.fail("graded anyway"))
    with pytest.raises(SystemExit) as stop:
        cli.main(["check", "ping", "-k", "echo and"])
    assert str(stop.value) == ("-k 'echo and': at column 9: expected not OR left parenthesis "
                               "OR identifier; got end of input")

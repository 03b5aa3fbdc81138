"""Finding subordinate ids for `./lab setup --user` (harness/subordinate_ids.py), on files
of the test's own: where a new range goes, and whom it counts as having enough."""

from __future__ import annotations

import pytest

from harness import subordinate_ids as subids


@pytest.fixture
def files(tmp_path, monkeypatch):
    """Empty /etc/subuid and /etc/subgid of the test's own, and login.defs's defaults."""
    monkeypatch.setattr(subids, "SUBUID", tmp_path / "subuid")
    monkeypatch.setattr(subids, "SUBGID", tmp_path / "subgid")
    monkeypatch.setattr(subids, "LOGIN_DEFS", tmp_path / "login.defs")

    def write(subuid: str, subgid: str | None = None) -> None:
        subids.SUBUID.write_text(subuid)
        subids.SUBGID.write_text(subuid if subgid is None else subgid)

    return write


def test_the_first_range_starts_at_sub_uid_min(files):
    files("")
    assert subids.free_range(131072, below=1 << 31) == 100000


def test_a_new_range_goes_after_the_ranges_in_either_file(files):
    # useradd's ranges for two accounts, and a longer one only in subgid
    files("alice:100000:65536\nbob:165536:65536\n",
          "alice:100000:65536\nbob:165536:65536\ncarol:231072:100000\n")
    assert subids.free_range(131072, below=1 << 31) == 331072


def test_a_gap_big_enough_is_used(files):
    files("alice:100000:65536\nbob:500000:65536\n")
    assert subids.free_range(131072, below=1 << 31) == 165536
    assert subids.free_range(400000, below=1 << 31) == 565536  # the gap is too small


def test_no_room_below_the_graders_own_ids_is_an_error(files):
    files("alice:100000:65536\n")
    with pytest.raises(RuntimeError, match="no 131072 free subordinate ids"):
        subids.free_range(131072, below=200000)


def test_an_account_has_what_its_largest_range_in_both_files_gives(files):
    files("alice:100000:65536\nalice:300000:131072\n1001:500000:200000\n",
          "alice:100000:65536\n1001:500000:200000\n")
    assert subids.largest("alice", 1000) == 65536  # subgid has only the small range
    assert subids.largest("bob", 1001) == 200000  # a line may name the uid
    assert subids.largest("carol", 1002) == 0


def test_malformed_lines_are_skipped(files):
    files("# a comment\nalice:100000\nalice:x:65536\nalice:100000:65536\n")
    assert subids.largest("alice", 1000) == 65536


def test_setup_says_in_one_line_when_no_range_can_be_given(files, monkeypatch):
    from harness import cli

    files("")

    def full(*args, **kwargs):
        raise RuntimeError("no 131072 free subordinate ids below 200000")

    monkeypatch.setattr(subids, "grant", full)
    with pytest.raises(SystemExit) as end:
        cli.grant_subordinate_ids(["root"])
    assert str(end.value.code) == ("setup: could not give root subordinate ids: "
                                   "no 131072 free subordinate ids below 200000")

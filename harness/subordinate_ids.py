"""Subordinate ids (/etc/subuid, /etc/subgid): the extra ids an ordinary user's sandbox maps.

When an ordinary user grades, root in the sandbox is that user and every other id inside
(inetd's `nobody`, the programs under test apart from the harness) is one of the user's
subordinate ids, mapped by the setuid newuidmap and newgidmap, which check these files.
Debian's useradd gives each new account 65,536 of them; the network tests want
sandbox.NETWORK_IDS - 1 (two sets of 65,536 ids and one more), so `./lab setup` grants a
range that large to the accounts that lack one. A grant is one more line per account in
each file (usermod --add-subuids), the same range in both, in ids no other line uses.
"""

from __future__ import annotations

import pwd
import subprocess
from dataclasses import dataclass
from pathlib import Path

SUBUID, SUBGID = Path("/etc/subuid"), Path("/etc/subgid")
LOGIN_DEFS = Path("/etc/login.defs")


@dataclass(frozen=True)
class Range:
    owner: str
    first: int
    count: int

    @property
    def end(self) -> int:
        return self.first + self.count


def ranges(path: Path) -> list[Range]:
    """The lines of a subordinate id file (none when it does not exist)."""
    found = []
    try:
        lines = path.read_text().splitlines()
    except FileNotFoundError:
        return found
    for line in lines:
        parts = line.strip().split(":")
        if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
            found.append(Range(parts[0], int(parts[1]), int(parts[2])))
    return found


def largest_range(path: Path, user: str, uid: int) -> Range | None:
    """The user's largest range in a subordinate id file (lines name it or its uid)."""
    mine = [r for r in ranges(path) if r.owner in (user, str(uid))]
    return max(mine, key=lambda r: r.count, default=None)


def largest(user: str, uid: int) -> int:
    """How many subordinate ids the user has in one range, in both files (the fewer)."""
    found = [largest_range(path, user, uid) for path in (SUBUID, SUBGID)]
    return min(r.count if r else 0 for r in found)


def _login_defs(name: str, default: int) -> int:
    try:
        for line in LOGIN_DEFS.read_text().splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[0] == name and parts[1].isdigit():
                return int(parts[1])
    except OSError:
        pass
    return default


def ordinary_accounts() -> list[pwd.struct_passwd]:
    """The people's accounts (uids UID_MIN..UID_MAX of login.defs), not the system's."""
    low, high = _login_defs("UID_MIN", 1000), _login_defs("UID_MAX", 60000)
    return sorted((a for a in pwd.getpwall() if low <= a.pw_uid <= high), key=lambda a: a.pw_uid)


def free_range(count: int, below: int) -> int:
    """The first id from SUB_UID_MIN on where count ids are nobody's in either file."""
    taken = sorted(ranges(SUBUID) + ranges(SUBGID), key=lambda r: r.first)
    first = _login_defs("SUB_UID_MIN", 100000)
    for used in taken:
        if used.end <= first:
            continue
        if used.first >= first + count:
            break
        first = used.end
    if first + count > below:
        raise RuntimeError(f"no {count} free subordinate ids below {below}")
    return first


def grant(account: pwd.struct_passwd, count: int, below: int) -> int:
    """Give account count more subordinate uids and gids (the same range); its first id."""
    first = free_range(count, below)
    span = f"{first}-{first + count - 1}"
    for path, flag in ((SUBUID, "--add-subuids"), (SUBGID, "--add-subgids")):
        path.touch(exist_ok=True)  # usermod wants the file to exist
        subprocess.run(["usermod", flag, span, account.pw_name], check=True,
                       capture_output=True, text=True)
    return first

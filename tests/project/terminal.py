"""A program on a pseudo-terminal, typed at as a person would: for ./lab shell's tests."""

from __future__ import annotations

import os
import pty
import select
import signal
import time


class Terminal:
    """argv started on a new pseudo-terminal; type() writes, expect() reads on."""

    def __init__(self, argv: list[str], cwd: str, env: dict):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the program, its terminal the pty
            try:
                os.chdir(cwd)
                os.execvpe(argv[0], argv, env)
            finally:
                os._exit(127)
        self.seen = ""  # everything the program wrote, for a failure's message
        self._unread = ""

    def type(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def expect(self, token: str, timeout: float) -> str:
        """What the program writes until token (included); AssertionError at the deadline."""
        deadline = time.monotonic() + timeout
        while token not in self._unread:
            left = deadline - time.monotonic()
            if left <= 0 or not self._read(left):
                raise AssertionError(f"expected {token!r} within {timeout:g} s; the terminal "
                                     f"showed:\n{self.seen[-3000:]}")
        upto = self._unread.index(token) + len(token)
        said, self._unread = self._unread[:upto], self._unread[upto:]
        return said

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True  # nothing yet: the caller looks at its deadline
        try:
            data = os.read(self.fd, 65536).decode(errors="replace")
        except OSError:  # EIO: the program ended and closed the terminal
            return False
        self.seen += data
        self._unread += data
        return bool(data)

    def wait(self, timeout: float) -> int:
        """The program's exit status; killed (and a failure) when it outlives timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._read(0.2)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)
        raise AssertionError(f"still running after {timeout:g} s:\n{self.seen[-3000:]}")

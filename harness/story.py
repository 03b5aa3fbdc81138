"""A graded test's failure told as a short story: what it did, what it expected, what it saw.

    story.did("h1$ np-ping -c 1 10.0.0.2")
    story.check(ok, expected="a reply line: 64 bytes from …", saw=result.summary())

A failed check raises GradedFailure, whose message is the story:

    did       h1$ np-ping -c 1 10.0.0.2
    expected  a reply line: 64 bytes from …
    saw       no output; exit status 1 after 10 s

The grader prints it under the failed test and adds the rubric's hint.
"""

from __future__ import annotations

from typing import NoReturn

LABEL_WIDTH = 10  # "expected" plus two spaces: the column where the text starts


class GradedFailure(AssertionError):
    """A graded test failed; str(error) is the whole story, ready to print."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def labelled(label: str, text: object) -> list[str]:
    """'label     text' with continuation lines of text aligned under its first line."""
    lines = str(text).rstrip("\n").splitlines() or [""]
    out = [label.ljust(LABEL_WIDTH) + lines[0]]
    out += [" " * LABEL_WIDTH + line for line in lines[1:]]
    return [line.rstrip() for line in out]


def _text(value: object) -> str:
    """Text of a story part; a harness Result stands for its summary()."""
    summary = getattr(value, "summary", None)
    if callable(summary):
        return str(summary())
    return str(value)


class Story:
    """The steps a test took, in order, and the way its failures are told."""

    def __init__(self) -> None:
        self.steps: list[str] = []

    def did(self, step: object) -> None:
        """Record one step (a command as 'h1$ np-ping …', or an action in words).

        A harness Result is recorded by its .command.
        """
        command = getattr(step, "command", None)
        self.steps.append(str(command if isinstance(command, str) else step))

    def text(self, expected: object = None, saw: object = None) -> str:
        """The story so far, ending with what was expected and what was seen."""
        lines: list[str] = []
        for index, step in enumerate(self.steps):
            lines += labelled("did" if index == 0 else "", step)
        if expected is not None:
            lines += labelled("expected", _text(expected))
        if saw is not None:
            lines += labelled("saw", _text(saw))
        return "\n".join(lines)

    def check(self, condition: object, expected: object, saw: object) -> None:
        """Raise GradedFailure telling the story when condition is false."""
        if not condition:
            self.fail(expected=expected, saw=saw)

    def fail(self, expected: object, saw: object) -> NoReturn:
        """Fail the test now, telling the story."""
        raise GradedFailure(self.text(expected=expected, saw=saw))

    def __str__(self) -> str:
        return self.text()

"""Choosing graded tests with -k PATTERN, in pytest's keyword language.

    matches = keyword_matcher("echo and not ipv6")   # KeywordError for a bad pattern
    matches("net:test_echo_reply one echo reply over IPv4")   # True

The language is the one pytest documents for its own -k: words joined by `and`, `or`,
`not` and parentheses; a word holds when it appears in the text, case aside; an empty
pattern matches nothing. It is written here rather than borrowed because pytest keeps
its parser private, and because a rubric's unit tests (GoogleTest) are not pytest's
items: the grader matches every rubric entry's id and title the same way.
"""

from __future__ import annotations

import re
from typing import Callable, Iterator

Matcher = Callable[[str], bool]  # a text -> whether the pattern holds for it
_Test = Callable[[Callable[[str], bool]], bool]  # (does this word appear?) -> verdict

_WORD = re.compile(r"(?:\w|:|\+|-|\.|\[|\]|\\|/)+")  # what pytest takes for one word
_OPERATORS = ("or", "and", "not")
# Token kinds as pytest's messages name them, so that an error reads the same as its.
_LEFT, _RIGHT, _WORD_KIND, _END = "left parenthesis", "right parenthesis", "identifier", "end of input"


class KeywordError(ValueError):
    """A pattern that is not in the language; its text is one line for the user."""

    def __init__(self, column: int, message: str):
        super().__init__(f"at column {column}: {message}")


def _tokens(pattern: str) -> Iterator[tuple[str, str, int]]:
    """(kind, text, column) for each token, column counted from 1, then the end."""
    position = 0
    while position < len(pattern):
        char = pattern[position]
        if char in " \t":
            position += 1
        elif char in "()":
            yield (_LEFT if char == "(" else _RIGHT), char, position + 1
            position += 1
        else:
            word = _WORD.match(pattern, position)
            if word is None:
                raise KeywordError(position + 1, f'unexpected character "{char}"')
            text = word.group()
            yield (text if text in _OPERATORS else _WORD_KIND), text, position + 1
            position = word.end()
    yield _END, "", len(pattern) + 1


class _Parser:
    """Recursive descent over pytest's grammar:

        pattern:  either? END
        either:   both ('or' both)*
        both:     negated ('and' negated)*
        negated:  'not' negated | '(' either ')' | word
    """

    def __init__(self, pattern: str):
        # Read a token at a time, as pytest does: the first error met is the one told.
        self.tokens = _tokens(pattern)
        self.current = next(self.tokens)

    def _accept(self, kind: str) -> tuple[str, str, int] | None:
        token = self.current
        if token[0] != kind:
            return None
        if kind != _END:
            self.current = next(self.tokens)
        return token

    def _expected(self, *kinds: str):
        kind, _, column = self.current
        raise KeywordError(column, f"expected {' OR '.join(kinds)}; got {kind}")

    def pattern(self) -> _Test:
        if self._accept(_END):
            return lambda appears: False
        test = self.either()
        if not self._accept(_END):
            self._expected(_END)
        return test

    def either(self) -> _Test:
        tests = [self.both()]
        while self._accept("or"):
            tests.append(self.both())
        return lambda appears: any(test(appears) for test in tests)

    def both(self) -> _Test:
        tests = [self.negated()]
        while self._accept("and"):
            tests.append(self.negated())
        return lambda appears: all(test(appears) for test in tests)

    def negated(self) -> _Test:
        if self._accept("not"):
            inner = self.negated()
            return lambda appears: not inner(appears)
        if self._accept(_LEFT):
            inner = self.either()
            if not self._accept(_RIGHT):
                self._expected(_RIGHT)
            return inner
        word = self._accept(_WORD_KIND)
        if word is None:
            self._expected("not", _LEFT, _WORD_KIND)
        return lambda appears: appears(word[1])


def keyword_matcher(pattern: str) -> Matcher:
    """A function telling whether a text matches pattern; KeywordError when pattern is
    not in the language (checked here, before any text is matched)."""
    test = _Parser(pattern).pattern()

    def matches(text: str) -> bool:
        text = text.lower()
        return test(lambda word: word.lower() in text)

    return matches

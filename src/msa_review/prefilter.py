"""A cheap first test for rule patterns: the words a match cannot do without.

`(?:disabl|deactivat|revok)\\w*\\s+...` can only match a sentence that contains "disabl",
"deactivat" or "revok". Python's regex engine tries every alternative at every position
of every sentence; `str.find` on the lowercased sentence is many times faster, and most
sentences of a contract concern none of a given rule's words. A guarded pattern answers
exactly like the pattern it wraps: the words are derived from the pattern's own parse,
and a sentence that might fold case in a way plain lowercasing does not (the Kelvin sign,
the long s, the dotless i) is always handed to the regex.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from typing import Any

from re import _constants as _sre  # type: ignore[attr-defined]  # the regex engine's own parser
from re import _parser as _parse  # type: ignore[attr-defined]

MIN_WORD = 3  # a guard of shorter words would pass nearly every sentence
# Characters that match an ASCII letter under re.IGNORECASE though .lower() does not make
# them one (tests/test_prefilter.py derives this set from the regex engine itself).
CASE_FOLD_TRAPS = frozenset("\u0130\u0131\u017f\u212a")

_repeats = {_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", _sre.MAX_REPEAT)}


def _best(candidates: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective alternative: its shortest word longest, then the fewest words."""
    useful = [words for words in candidates if words and min(map(len, words)) >= MIN_WORD]
    if not useful:
        return None
    return max(useful, key=lambda words: (min(map(len, words)), -len(words)))


def _sequence(items: Any) -> frozenset[str] | None:
    """Words of which every match of the sequence contains at least one, or None."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            candidates.append(frozenset(["".join(run)]))
            run.clear()

    for op, argument in items:
        if op == _sre.LITERAL and argument < 128:
            run.append(chr(argument).lower())
            continue
        close_run()
        found = _item(op, argument)
        if found is not None:
            candidates.append(found)
    close_run()
    return _best(candidates)


def _item(op: Any, argument: Any) -> frozenset[str] | None:
    if op == _sre.SUBPATTERN:
        return _sequence(argument[-1])
    if op in _repeats:
        low, _high, body = argument
        return _sequence(body) if low >= 1 else None
    if op == _sre.BRANCH:
        words: set[str] = set()
        for alternative in argument[1]:
            found = _sequence(alternative)
            if found is None:
                return None  # one alternative without a necessary word: no guard
            words |= found
        return frozenset(words)
    return None  # classes, anchors, lookarounds, backreferences: nothing certain


def necessary_words(pattern: re.Pattern[str] | str, flags: int = 0) -> frozenset[str] | None:
    """Lowercase words one of which every match contains, or None when none is certain."""
    if isinstance(pattern, re.Pattern):
        pattern, flags = pattern.pattern, pattern.flags
    try:
        parsed = _parse.parse(pattern, flags)
    except Exception:  # noqa: BLE001 - an unexpected parse: no guard, never a wrong answer
        return None
    return _sequence(list(parsed))


# The last text folded: a rule's patterns test the same sentence one after another.
_last: tuple[str | None, str | None] = (None, None)


def _folded(text: str) -> str | None:
    """The text lowercased, or None when lowercasing cannot stand in for IGNORECASE."""
    global _last
    last_text, last_folded = _last  # one tuple, read and written whole: safe across threads
    if text is last_text:
        return last_folded
    folded = text.lower() if text.isascii() or CASE_FOLD_TRAPS.isdisjoint(text) else None
    _last = (text, folded)
    return folded


class GuardedPattern:
    """A compiled pattern that skips the regex when a text lacks every necessary word."""

    __slots__ = ("_compiled", "_source", "_flags", "_words")

    def __init__(self, pattern: re.Pattern[str] | None = None, source: str = "",
                 flags: int = 0) -> None:
        # Given a source instead of a pattern, it compiles on first use: most of a
        # playbook's patterns never run on a given contract.
        self._compiled = pattern
        self._source = pattern.pattern if pattern is not None else source
        self._flags = pattern.flags if pattern is not None else flags
        self._words: tuple[str, ...] | None | bool = False  # False: not derived yet

    @property
    def _pattern(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return self._compiled

    def _cannot_match(self, string: str, pos: int, endpos: int) -> bool:
        if self._words is False:  # on first use: many patterns of a playbook never run
            self._words = self.words
        if self._words is None or pos != 0 or endpos < len(string):
            return False
        folded = _folded(string)
        if folded is None:
            return False
        for word in self._words:  # type: ignore[union-attr]
            if word in folded:
                return False
        return True

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if self._cannot_match(string, pos, endpos):
            return None
        return self._pattern.search(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0,
                 endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        if self._cannot_match(string, pos, endpos):
            return iter(())
        return self._pattern.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        if self._cannot_match(string, pos, endpos):
            return []
        return self._pattern.findall(string, pos, endpos)

    @property
    def words(self) -> tuple[str, ...] | None:
        if self._words is False:
            found = necessary_words(self._source, self._flags)
            self._words = tuple(sorted(found, key=len)) if found is not None else None
        return self._words  # type: ignore[return-value]

    def __getattr__(self, name: str) -> Any:  # match, fullmatch, sub, pattern, flags, ...
        return getattr(self._pattern, name)

    def __reduce__(self) -> tuple[Any, ...]:
        return (GuardedPattern, (None, self._source, self._flags))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, GuardedPattern):
            return (self._source, self._flags) == (other._source, other._flags)
        return self._pattern == other

    def __hash__(self) -> int:
        return hash((self._source, self._flags))

    def __repr__(self) -> str:
        return f"GuardedPattern({self._source!r})"


def guard(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern behind its guard (typed as the pattern it stands for)."""
    return GuardedPattern(pattern)  # type: ignore[return-value]


def guard_lazily(source: str, flags: int) -> re.Pattern[str]:
    """A guard that compiles its pattern only when a text gets past the word check."""
    return GuardedPattern(None, source, flags)  # type: ignore[return-value]

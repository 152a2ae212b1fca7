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
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from re import _constants as _sre  # type: ignore[attr-defined]  # the regex engine's own parser
from re import _parser as _parse  # type: ignore[attr-defined]

MIN_WORD = 3  # a guard of shorter words would pass nearly every sentence
# Characters that match an ASCII letter under re.IGNORECASE though .lower() does not make
# them one (tests/test_prefilter.py derives this set from the regex engine itself).
CASE_FOLD_TRAPS = frozenset("\u0130\u0131\u017f\u212a")

_repeats = {_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", _sre.MAX_REPEAT)}


def _best(useful: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective set of words: its shortest word longest, then the fewest words."""
    if not useful:
        return None
    return max(useful, key=lambda words: (min(map(len, words)), -len(words)))


# How necessary words are derived: stored word sets of another derivation are not reused.
DERIVATION = 4
WORD_START = "\x01"  # before a word: it must start a word there ("\\bvoice" is not in "invoice")
_BOUNDARIES = {_sre.AT_BOUNDARY, _sre.AT_BEGINNING, _sre.AT_BEGINNING_STRING}
_ZERO_WIDTH = {_sre.ASSERT, _sre.ASSERT_NOT}


def _is_word_character(character: str) -> bool:
    return character.isalnum() or character == "_"  # the regex engine's Unicode \w


def _sequence(items: Any, at_start: bool = False, bounds: bool = True) -> list[frozenset[str]]:
    """Sets of words such that every match of the sequence contains a word of each set.
    `at_start`: the sequence begins where a word boundary has been asserted."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []
    run_at_start = False

    def close_run() -> None:
        if run:
            word = "".join(run)
            if run_at_start and _is_word_character(word[0]):
                word = WORD_START + word
            candidates.append(frozenset([word]))
            run.clear()

    for op, argument in items:
        if run and run[-1] == " " and _is_white_space(op, argument, at_least=0):
            continue  # "\\s\\s*": more of the same run of white space
        if _is_white_space(op, argument):
            # any white space reads as one space: the index folds each run of it so
            if not run or run[-1] != " ":
                if not run:
                    run_at_start = False
                run.append(" ")
            at_start = False
            continue
        if op == _sre.LITERAL and argument < 128:
            if not run:
                run_at_start = at_start
            run.append(chr(argument).lower())
            continue
        close_run()
        candidates.extend(_item(op, argument, at_start, bounds))
        if op == _sre.AT:
            at_start = bounds and argument in _BOUNDARIES
        elif op not in _ZERO_WIDTH:
            at_start = False
    close_run()
    return [words for words in candidates if words and min(map(len, words)) >= MIN_WORD]


_SPACE_CLASS = [(_sre.CATEGORY, _sre.CATEGORY_SPACE)]


def _is_white_space(op: Any, argument: Any, at_least: int = 1) -> bool:
    """A literal space, "\\s", or "\\s+": some white space and nothing else (with
    at_least=0, "\\s*" and "\\s?" too)."""
    if op == _sre.LITERAL:
        return chr(argument).isspace()
    if op == _sre.IN:
        return list(argument) == _SPACE_CLASS
    if op in _repeats:
        low, _high, body = argument
        return low >= at_least and len(body) == 1 and _is_white_space(*body[0])
    return False


def _item(op: Any, argument: Any, at_start: bool, bounds: bool) -> list[frozenset[str]]:
    if op == _sre.SUBPATTERN:
        _group, add_flags, _del_flags, body = argument
        if add_flags & (re.ASCII | re.LOCALE):  # "(?a:...)": an ASCII \b inside
            bounds = False
        return _sequence(body, at_start and bounds, bounds)
    if op in _repeats:
        low, _high, body = argument
        # the first repetition starts here; the words of any repetition are necessary
        return _sequence(body, at_start, bounds) if low >= 1 else []
    if op == _sre.BRANCH:
        words: set[str] = set()
        for alternative in argument[1]:
            found = _best(_sequence(alternative, at_start, bounds))
            if found is None:
                return []  # one alternative without a necessary word: no guard
            words |= found
        return [frozenset(words)]
    return []  # classes, anchors, lookarounds, backreferences: nothing certain


def occurs(word: str, text: str) -> bool:
    """Whether the (lowercase) word is in the text, at the start of a word if it asks so."""
    if not word.startswith(WORD_START):
        return word in text
    word = word[1:]
    position = text.find(word)
    while position >= 0:
        if position == 0 or not _is_word_character(text[position - 1]):
            return True
        position = text.find(word, position + 1)
    return False


def necessary_word_sets(pattern: re.Pattern[str] | str, flags: int = 0) -> list[frozenset[str]]:
    """Sets of lowercase words such that every match contains a word of each set: for
    `terminat\\w* .{0,100}for convenience`, [{"terminat"}, {"for convenience"}]."""
    if isinstance(pattern, re.Pattern):
        pattern, flags = pattern.pattern, pattern.flags
    try:
        parsed = _parse.parse(pattern, flags)
    except Exception:  # noqa: BLE001 - an unexpected parse: no guard, never a wrong answer
        return []
    # Word starts only where \b means what _is_word_character says (not ASCII or LOCALE).
    bounds = not parsed.state.flags & (re.ASCII | re.LOCALE)
    # The most selective first: a text without its words is dismissed soonest.
    return sorted(_sequence(list(parsed), bounds=bounds),
                  key=lambda words: (-min(map(len, words)), len(words)))


# The last text folded: a rule's patterns test the same sentence one after another.
_last: tuple[str | None, str | None] = (None, None)


_WHITE_SPACE = re.compile(r"\s+")


def _fold(text: str) -> str | None:
    """The text lowercased, each run of white space one space; None when lowercasing
    cannot stand in for IGNORECASE."""
    if text.isascii() or CASE_FOLD_TRAPS.isdisjoint(text):
        return _WHITE_SPACE.sub(" ", text.lower())
    return None


def _folded(text: str) -> str | None:
    """_fold, remembering the last text: a rule's patterns test the same sentence in turn."""
    global _last
    last_text, last_folded = _last  # one tuple, read and written whole: safe across threads
    if text is last_text:
        return last_folded
    folded = _fold(text)
    _last = (text, folded)
    return folded


_SEPARATOR = "\x00"  # between texts in the index: no necessary word contains it

_automata: dict[frozenset[str], Any] = {}  # vocabulary -> automaton: one per playbook


def _automaton(vocabulary: frozenset[str]) -> Any:
    """An automaton that finds the words of the vocabulary, word-start marks removed."""
    automaton = _automata.get(vocabulary)
    if automaton is None:
        import ahocorasick

        automaton = ahocorasick.Automaton()
        for word in {word.removeprefix(WORD_START) for word in vocabulary}:
            automaton.add_word(word, word)
        automaton.make_automaton()
        _automata[vocabulary] = automaton
    return automaton


class WordIndex:
    """Which of a document's texts a guarded pattern might match, for all texts at once.

    Asking every sentence of a contract whether it holds one of a pattern's words costs a
    Python call per sentence and pattern. Here the texts are lowercased and joined, and the
    words of the playbook's vocabulary are all found in one Aho-Corasick pass over them; a
    word outside it is looked up with `str.find`. The texts it returns are exactly those the
    guard would let through: a text that cannot be lowercased safely is returned for every
    pattern.
    """

    def __init__(self, texts: Sequence[str], vocabulary: frozenset[str] = frozenset()) -> None:
        folded = [_fold(text) for text in texts]
        self._folded = folded
        self.size = len(texts)
        self._always = frozenset(index for index, text in enumerate(folded) if text is None)
        self._joined = _SEPARATOR.join(text or "" for text in folded)
        self._starts: list[int] = []
        position = 0
        for text in folded:
            self._starts.append(position)
            position += len(text or "") + len(_SEPARATOR)
        self._found: dict[str, frozenset[int]] = {}
        self._vocabulary = frozenset(word for word in vocabulary if word and _SEPARATOR not in word)

    def _scan(self) -> None:
        """Find every word of the vocabulary in one pass over the texts."""
        vocabulary, self._vocabulary = self._vocabulary, frozenset()
        automaton = _automaton(vocabulary)
        starting = {word[1:] for word in vocabulary if word.startswith(WORD_START)}
        hits: dict[str, list[int]] = {word: [] for word in vocabulary}
        for index, text in enumerate(self._folded):
            if not text:
                continue
            found: set[str] = set()
            for end, word in automaton.iter(text):
                found.add(word)
                start = end - len(word) + 1
                if word in starting and (start == 0 or not _is_word_character(text[start - 1])):
                    found.add(WORD_START + word)
            for word in found & hits.keys():
                hits[word].append(index)
        self._found.update((word, self._always.union(indices)) for word, indices in hits.items())

    def containing(self, word: str) -> frozenset[int]:
        """The indices of the texts that contain the (lowercase) word (at a word start, if
        it begins with WORD_START)."""
        found = self._found.get(word)
        if found is None and word in self._vocabulary:
            self._scan()
            found = self._found[word]
        if found is None:
            marked = word.startswith(WORD_START)
            plain = word[1:] if marked else word
            indices = set(self._always)
            joined, starts = self._joined, self._starts
            position = joined.find(plain)
            while position >= 0:
                index = bisect_right(starts, position) - 1
                if not marked or occurs(word, self._folded[index] or ""):
                    indices.add(index)
                # On to the next text: one look per text is enough.
                following = starts[index + 1] if index + 1 < len(starts) else len(joined)
                position = joined.find(plain, following)
            found = self._found[word] = frozenset(indices)
        return found

    def matching(self, pattern: re.Pattern[str]) -> frozenset[int] | None:
        """The indices of the texts that hold a word of each of the pattern's word sets,
        or None when the pattern has no necessary words (every text may match)."""
        word_sets = pattern.word_sets if isinstance(pattern, GuardedPattern) else ()
        if not word_sets or any(_SEPARATOR in word for words in word_sets for word in words):
            return None
        result = self._holding(word_sets[0])
        for words in word_sets[1:]:
            if not result:
                break
            result &= self._holding(words)
        return result

    def _holding(self, words: frozenset[str]) -> frozenset[int]:
        """The texts that contain any of the words."""
        return frozenset().union(*(self.containing(word) for word in words))

    def candidates(self, patterns: Iterable[re.Pattern[str]]) -> list[tuple[int, list[re.Pattern[str]]]]:
        """The texts any of the patterns might match, in order, each with those patterns."""
        by_text: dict[int, list[re.Pattern[str]]] = {}
        for pattern in patterns:
            indices = self.matching(pattern)
            for index in range(self.size) if indices is None else indices:
                by_text.setdefault(index, []).append(pattern)
        return sorted(by_text.items())


class GuardedPattern:
    """A compiled pattern that skips the regex when a text lacks the words of one of its
    necessary word sets."""

    __slots__ = ("_compiled", "_source", "_flags", "_word_sets")

    def __init__(self, pattern: re.Pattern[str] | None = None, source: str = "",
                 flags: int = 0, word_sets: Iterable[Iterable[str]] | None = None) -> None:
        # Given a source instead of a pattern, it compiles on first use: most of a
        # playbook's patterns never run on a given contract.
        self._compiled = pattern
        self._source = pattern.pattern if pattern is not None else source
        self._flags = pattern.flags if pattern is not None else flags
        # Given word sets (derived by an earlier run from the same source) save a parse.
        self._word_sets: tuple[frozenset[str], ...] | None = (
            None if word_sets is None else tuple(frozenset(words) for words in word_sets))

    @property
    def compiled(self) -> re.Pattern[str]:
        """The pattern itself, for texts already known to hold its words (WordIndex)."""
        return self._pattern

    @property
    def _pattern(self) -> re.Pattern[str]:
        if self._compiled is None:
            from msa_review import pattern_cache

            self._compiled = pattern_cache.compile(self._source, self._flags)
        return self._compiled

    def _cannot_match(self, string: str, pos: int, endpos: int) -> bool:
        if pos != 0 or endpos < len(string):
            return False
        word_sets = self._word_sets
        if word_sets is None:  # on first use: many patterns of a playbook never run
            word_sets = self.word_sets
        if not word_sets:
            return False
        folded = _folded(string)
        if folded is None:
            return False
        # The text must hold a word of every set.
        return not all(any(occurs(word, folded) for word in words) for words in word_sets)

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
    def word_sets(self) -> tuple[frozenset[str], ...]:
        """Every set of words a match needs one of (see necessary_word_sets)."""
        if self._word_sets is None:
            self._word_sets = tuple(necessary_word_sets(self._source, self._flags))
        return self._word_sets

    def __getattr__(self, name: str) -> Any:  # match, fullmatch, sub, pattern, flags, ...
        return getattr(self._pattern, name)

    def __reduce__(self) -> tuple[Any, ...]:
        return (GuardedPattern, (None, self._source, self._flags, self._word_sets))

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


def guard_lazily(source: str, flags: int,
                 word_sets: Iterable[Iterable[str]] | None = None) -> re.Pattern[str]:
    """A guard that compiles its pattern only when a text gets past the word check."""
    return GuardedPattern(None, source, flags, word_sets)  # type: ignore[return-value]

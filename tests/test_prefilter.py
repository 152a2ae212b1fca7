"""Guarded patterns answer exactly like the regex they wrap, only sooner."""

from __future__ import annotations

import pickle
import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from msa_review.playbook import Playbook, compile_pattern
from msa_review.prefilter import (CASE_FOLD_TRAPS, WORD_START, GuardedPattern, guard,
                                  necessary_word_sets, occurs)


def words(source: str) -> set[str] | None:
    """The most selective of the pattern's necessary word sets (the first), or None."""
    found = necessary_word_sets(re.compile(source, re.IGNORECASE))
    return set(found[0]) if found else None


def test_necessary_words_come_from_the_parse() -> None:
    assert words(r"kill[-\s]?switch") == {"switch"}
    assert words(r"(?:disabl|deactivat|revok)\w*\s+apps?") == {"disabl", "deactivat", "revok"}
    assert words(r"(?:disabl|deactivat|revok)\w*\s+builds?") == {" build"}  # fewer, as long
    assert words(r"terminat\w* .{0,100}for convenience") == {"for convenience"}
    assert words(r"(?s)^(?!.*breach).*\bterminat\w*") == {WORD_START + "terminat"}
    assert words(r"(?:app|play)\s+store") == {" store"}
    assert words(r"(?:foo|\w+)") is None  # an alternative without a word: no guard
    assert words(r"\d+ days?") == {" day"}
    assert words(r"(?:notice)?\s*\d+") is None  # optional words are not necessary


def test_a_word_after_a_boundary_must_start_a_word() -> None:
    assert words(r"\b(?:voice|(?<!cloud\s)video)") == {WORD_START + "voice", WORD_START + "video"}
    assert words(r"\bos\s+x\b") == {WORD_START + "os x"}
    assert words(r"\bos\b") == {WORD_START + "os"}  # two letters suffice at a word start
    assert words(r"^notice") == {WORD_START + "notice"}
    assert words(r"\b-notice") == {"-notice"}  # \b before a non-word character: no mark
    assert words(r"\Bvoice") == {"voice"}
    assert words(r"(?a)\bvoice") == {"voice"}  # ASCII \b: "é" is no word character there
    assert words(r"(?a:\bvoice)") == {"voice"}
    assert words(r"\b\w+ voice") == {" voice"}


def test_white_space_reads_as_one_space() -> None:
    # "\\s+", "\\s" and literal white space become one space: the index folds runs of it
    assert words(r"call\s+transfer") == {"call transfer"}
    assert words(r"push\s\s*notifications?") == {"push notification"}
    assert words(r"a \t\s+days") == {"a days"}
    assert words(r"call\s?transfer") == {"transfer"}  # optional white space breaks the word
    from msa_review.prefilter import WordIndex

    index = WordIndex(["Call\n  transfer", "call-transfer", "call \u00a0transfer"])
    assert index.containing("call transfer") == {0, 2}
    assert occurs(WORD_START + "voice", "the voice app") and occurs(WORD_START + "voice", "voice")
    assert not occurs(WORD_START + "voice", "an invoice") and not occurs(WORD_START + "voice", "_voice")
    assert occurs(WORD_START + "voice", "invoice, then voice")


def test_the_case_fold_traps_are_all_the_characters_lowercasing_misses() -> None:
    any_letter = re.compile("[a-z]", re.IGNORECASE)
    traps = set()
    for code in range(128, sys.maxunicode + 1):
        character = chr(code)
        if any_letter.fullmatch(character) and not (
                len(character.lower()) == 1 and character.lower().isascii()):
            traps.add(character)
    assert traps <= CASE_FOLD_TRAPS
    assert traps  # the regex engine does fold a few: the check above is not empty-handed


def test_a_text_with_a_trap_goes_to_the_regex() -> None:
    pattern = compile_pattern("disable builds", "test")
    assert isinstance(pattern, GuardedPattern)
    assert pattern.search("Provider may di\u017fable builds")  # the long s folds to s
    assert pattern.search("Provider may DISABLE BUILDS")
    assert pattern.search("Provider may keep builds") is None


def test_guarded_patterns_pickle_and_delegate() -> None:
    pattern = compile_pattern("terminat\\w* for convenience", "test")
    copy = pickle.loads(pickle.dumps(pattern))
    assert copy == pattern and hash(copy) == hash(pattern)
    assert copy.pattern == pattern.pattern and copy.flags == pattern.flags
    assert copy.sub("X", "may terminate for convenience") == "may X"
    assert [m.span() for m in copy.finditer("a terminated for convenience")] == [(2, 28)]


def test_the_shipped_rules_are_guarded(playbook: Playbook) -> None:
    located = [pattern for rule in playbook.rules for pattern in rule.locate]
    assert all(isinstance(pattern, GuardedPattern) for pattern in located)
    assert sum(bool(pattern.word_sets) for pattern in located) >= len(located) - 1  # type: ignore[attr-defined]


def test_a_pattern_without_necessary_words_always_runs() -> None:
    pattern = compile_pattern(r"\d+", "test")
    assert pattern.word_sets == ()  # type: ignore[attr-defined]
    assert pattern.search("within 30 days").group(0) == "30"  # type: ignore[union-attr]


SOURCES = [
    r"(?:disabl|deactivat|revok|shut\w*\s+(?:down|off))\w*\s+.{0,40}(?:builds?|apps?)",
    r"(?s)^(?!.*(?:breach|default)).*\bterminat\w* .{0,20}notice",
    r"(?:CLIENT|VENDOR) may terminat\w*",
    r"developer (?:program )?accounts?",
    r"\b(?:thirty|60|sixty) days?\b",
    r"\b(?:voice|(?<!cloud\s)video)\w*.{0,20}\b(?:apps?|builds?)",
    r"(?:^|\s)notice\b|\bos\s+x\b",
]
PIECES = ["disable", "Deactivated", "revok", "shut down", "builds", "app", "terminate",
          "Terminating", "notice", "breach", "CLIENT", "client", "VENDOR", "may", "developer",
          "program", "Accounts", "sixty", "60", "days", "day", "\u017f", "\u0131", "\u212a",
          "\u2019", " ", "  ", ".", "\n", "x", "voice", "invoice", "_video", "\u00e9video",
          "Video", "cloud", "os", "OS", "cost"]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(SOURCES), st.lists(st.sampled_from(PIECES), max_size=25))
def test_guarded_and_plain_patterns_agree(source: str, pieces: list[str]) -> None:
    plain = re.compile(source, re.IGNORECASE)
    guarded = guard(plain)
    text = " ".join(pieces)
    expected = plain.search(text)
    found = guarded.search(text)
    assert (found.span() if found else None) == (expected.span() if expected else None)
    assert [m.span() for m in guarded.finditer(text)] == [m.span() for m in plain.finditer(text)]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(SOURCES),
       st.lists(st.lists(st.sampled_from(PIECES), max_size=12), min_size=1, max_size=8))
def test_the_word_index_never_drops_a_text_the_pattern_matches(source: str,
                                                               texts: list[list[str]]) -> None:
    from msa_review.prefilter import WordIndex

    plain = re.compile(source, re.IGNORECASE)
    guarded = guard(plain)
    joined = [" ".join(pieces) for pieces in texts]
    index = WordIndex(joined)
    kept = index.matching(guarded)
    matched = {number for number, text in enumerate(joined) if plain.search(text)}
    assert matched <= (set(range(len(joined))) if kept is None else kept)
    # and it is a real filter: a text without the first word set's words is not kept
    if kept is not None:
        first = guarded.word_sets[0]  # type: ignore[attr-defined]
        for number in kept:
            folded = joined[number].lower()
            assert any(occurs(word, folded) for word in first) or not CASE_FOLD_TRAPS.isdisjoint(joined[number])
    located = dict(index.candidates([guarded]))
    assert matched <= set(located)
    # Found in one pass over a vocabulary (as a playbook's rules do) or word by word: the same.
    vocabulary = frozenset(word for words in guarded.word_sets for word in words)  # type: ignore[attr-defined]
    assert WordIndex(joined, vocabulary).matching(guarded) == kept


def test_a_vocabulary_pass_finds_what_str_find_finds() -> None:
    from msa_review.prefilter import WordIndex

    texts = ["Provider may terminate.", "", "TERMINATION FOR CONVENIENCE", "\u212aelvin terms",
             "no match here", "terminate terminate"]
    words = ["terminat", "convenience", "term", "absent", "e t", WORD_START + "term",
             WORD_START + "minat"]
    by_find = WordIndex(texts)
    by_pass = WordIndex(texts, frozenset(words))
    for word in words:
        assert by_pass.containing(word) == by_find.containing(word)
    assert by_pass.containing("terminat") == {0, 2, 3, 5}  # 3: cannot fold safely, always kept
    assert by_pass.containing(WORD_START + "minat") == {3}  # never at the start of a word


def test_word_sets_need_every_set() -> None:
    pattern = compile_pattern(r"terminat\w* .{0,100}for convenience", "test")
    # every match holds each of these; the most selective comes first
    assert pattern.word_sets == (  # type: ignore[attr-defined]
        frozenset({"for convenience"}), frozenset({"terminat"}))
    from msa_review.prefilter import WordIndex

    index = WordIndex(["CLIENT may terminate for convenience.", "Convenience fee applies.",
                       "Provider may terminate for breach."])
    assert index.matching(pattern) == {0}


def test_an_optional_space_matches_none_or_any_white_space() -> None:
    pattern = compile_pattern("voice ?mails? in MP3", "test")
    assert pattern.search("voicemails in MP3") and pattern.search("voice\n mail in MP3")
    assert pattern.search("voicemail inMP3") is None  # a plain space still needs white space

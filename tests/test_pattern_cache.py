"""Patterns compiled from stored code match exactly like patterns compiled afresh."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from msa_review import pattern_cache

SOURCES = [
    (r"(?P<days>\d+)\s+(?:business\s+)?days?", re.IGNORECASE),
    (r"(?s)^(?!.*breach).*\bterminat\w*", 0),
    (r"[\u00c0-\u024f]+|(?-i:CLIENT)\s+may", re.IGNORECASE),
]
TEXTS = ["within 30 Business Days", "CLIENT may terminate", "client may", "Zoë terminates",
         "terminated for breach", ""]


@pytest.fixture
def fresh_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("MSA_REVIEW_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(pattern_cache, "_known", None)
    monkeypatch.setattr(pattern_cache, "_added", {})
    monkeypatch.setattr(pattern_cache, "_target", [])
    return tmp_path


def _same(left: re.Pattern[str], right: re.Pattern[str]) -> None:
    assert (left.pattern, left.flags, left.groups, left.groupindex) == (
        right.pattern, right.flags, right.groups, right.groupindex)
    for text in TEXTS:
        assert [(m.span(), m.groups()) for m in left.finditer(text)] == [
            (m.span(), m.groups()) for m in right.finditer(text)]


def test_stored_code_gives_the_same_patterns(fresh_cache: Path) -> None:
    for source, flags in SOURCES:
        _same(pattern_cache.compile(source, flags), re.compile(source, flags))
    pattern_cache.save()
    stored = list(fresh_cache.glob("patterns-*.marshal"))
    assert len(stored) == 1
    pattern_cache._known = None  # a new run reads the file
    assert set(pattern_cache._load()) == {(source, int(flags)) for source, flags in SOURCES}
    for source, flags in SOURCES:
        _same(pattern_cache.compile(source, flags), re.compile(source, flags))
    assert not pattern_cache._added  # nothing compiled afresh


def test_a_damaged_file_costs_a_compile_only(fresh_cache: Path) -> None:
    source, flags = SOURCES[0]
    pattern_cache.compile(source, flags)
    pattern_cache.save()
    path = next(fresh_cache.glob("patterns-*.marshal"))
    path.write_bytes(path.read_bytes()[:40])  # truncated
    pattern_cache._known = None
    _same(pattern_cache.compile(source, flags), re.compile(source, flags))


def test_a_bad_entry_is_compiled_afresh(fresh_cache: Path) -> None:
    source, flags = SOURCES[0]
    pattern_cache._known = {(source, flags): (flags, [0, 1, 2], 0, {}, ())}  # not valid code
    _same(pattern_cache.compile(source, flags), re.compile(source, flags))


def test_errors_are_those_of_re(fresh_cache: Path) -> None:
    with pytest.raises(re.error):
        pattern_cache.compile("kill[- ?switch")

"""How rule patterns are read: spaces are white space, an optional space is optional."""

from __future__ import annotations

from msa_review.playbook import compile_pattern


def test_an_optional_space_matches_with_and_without_white_space() -> None:
    pattern = compile_pattern(r"voice ?mails? (?:\w+ )?as WAV", "test")
    assert pattern.search("all voicemail as WAV files")
    assert pattern.search("all voice  mails, kept as WAV") is None  # the comma is no space
    assert pattern.search("voice\nmail files as WAV")
    assert pattern.search("voicemail  as WAV")


def test_a_space_is_a_run_of_white_space() -> None:
    pattern = compile_pattern(r"terminate for convenience", "test")
    assert pattern.search("terminate\n  for convenience")
    assert pattern.search("terminatefor convenience") is None

"""Who holds a phrase: the subject read past a leading aside."""

from __future__ import annotations

from msa_review.language.roles import analyse


def _holders(tagged: str, phrase: str) -> set[str]:
    position = tagged.index(phrase)
    return set(analyse(tagged, position, position + len(phrase)).holders)


def test_as_between_the_parties_is_not_the_subject() -> None:
    assert _holders("As between the parties, VENDOR owns all Usage Data.", "owns") == {"vendor"}
    assert _holders("As between CLIENT and VENDOR, CLIENT owns the Subscriber Data.", "owns") == {"client"}


def test_either_party_stays_both() -> None:
    assert _holders("Either party may terminate this Agreement.", "terminate") == {"client", "vendor"}

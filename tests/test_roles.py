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


def _reading(tagged: str, phrase: str) -> tuple[set[str], bool]:
    position = tagged.index(phrase)
    reading = analyse(tagged, position, position + len(phrase))
    return set(reading.holders), reading.negated


def test_the_party_a_clause_entitles_holds_the_right() -> None:
    text = "A change of control of VENDOR shall entitle CLIENT to terminate this Agreement."
    assert _reading(text, "terminate") == ({"client"}, False)
    text = "A change of control of VENDOR shall not entitle CLIENT to terminate this Agreement."
    assert _reading(text, "terminate") == ({"client"}, True)


def test_a_negative_subject_denies_the_grant() -> None:
    text = ("No change of control of VENDOR, and no assignment by VENDOR, shall constitute a "
            "breach of this Agreement or entitle CLIENT to terminate it.")
    assert _reading(text, "terminate") == ({"client"}, True)
    text = "Nothing in this clause gives CLIENT the right to terminate this Agreement."
    assert _reading(text, "terminate") == ({"client"}, True)
    # a negative in an earlier clause of the sentence does not reach the grant
    text = ("Nothing restricts a merger of VENDOR; however, a change of control of VENDOR "
            "shall entitle CLIENT to terminate this Agreement.")
    assert _reading(text, "terminate") == ({"client"}, False)

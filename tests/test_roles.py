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


def test_a_figure_repeating_a_number_in_words_opens_no_list_item() -> None:
    text = ("CLIENT may, within one hundred and twenty (120) days after the change of control, "
            "terminate this Agreement.")
    assert _holders(text, "terminate") == {"client"}
    assert _holders("VENDOR may, from the thirtieth (30th) day, suspend the Service.",
                    "suspend") == {"vendor"}
    # A real list item still opens a clause of its own.
    text = "CLIENT shall pay the fees when due; and (2) VENDOR may terminate this Agreement."
    assert _holders(text, "terminate") == {"vendor"}
    assert _holders("CLIENT shall give notice (2) VENDOR may terminate.", "terminate") == {"vendor"}


def test_a_closed_relative_clause_does_not_negate_the_phrase() -> None:
    text = ("In the event any proceeding is brought against a party which is not withdrawn "
            "within sixty (60) days, CLIENT may terminate this Agreement.")
    assert _reading(text, "terminate") == ({"client"}, False)
    # The phrase's own negation still counts, and so does one inside an open relative clause.
    text = "VENDOR, which remains the owner, shall not terminate this Agreement."
    assert _reading(text, "terminate") == ({"vendor"}, True)


def test_the_party_a_device_allows_to_act_holds_the_power() -> None:
    text = "CLIENT acknowledges that the App includes a licence check which allows VENDOR to deactivate it remotely."
    position = text.index("deactivate")
    reading = analyse(text, position, position + len("deactivate"))
    assert (set(reading.holders), reading.negated, bool(reading.modal)) == ({"vendor"}, False, True)


def test_the_modal_of_a_closed_relative_clause_is_not_the_phrases_own() -> None:
    text = ("CLIENT may then, with the prior consent of VENDOR, which shall not be unreasonably "
            "withheld, terminate this Agreement.")
    position = text.index("terminate")
    reading = analyse(text, position, position + len("terminate"))
    assert (set(reading.holders), reading.negated, reading.modal) == ({"client"}, False, "may")


def test_lead_ins_before_a_condition_are_not_the_subject() -> None:
    text = ("Without derogating from the above, in the event of a change of control in CLIENT, "
            "VENDOR may terminate this Agreement upon thirty (30) days' notice.")
    assert _holders(text, "terminate") == {"vendor"}
    text = "For the avoidance of doubt, if VENDOR is acquired, CLIENT may terminate."
    assert _holders(text, "terminate") == {"client"}

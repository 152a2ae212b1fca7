from __future__ import annotations

from msa_review.extract import extract_bytes
from msa_review.language.amendments import deleted_paragraphs

_AGREEMENT = (
    "MASTER SERVICES AGREEMENT\n\n"
    "4. Support\n\n"
    "4.1 Response. Provider shall respond to tickets within four hours.\n\n"
    "4.2 Updates. Provider shall ship a compatible build within 15 days of each iOS release.\n\n"
    "9. Term\n\n"
    "9.1 Term. This Agreement runs for forty-eight (48) months.\n\n"
)


def _kept(text: str) -> dict[str, bool]:
    document = extract_bytes("a.txt", text.encode())
    deleted = deleted_paragraphs(document)
    return {paragraph.text[:3]: paragraph.index not in deleted
            for paragraph in document.paragraphs if paragraph.text[:3] in ("4.1", "4.2", "9.1")}


def test_a_section_replaced_in_its_entirety_is_taken_out() -> None:
    kept = _kept(_AGREEMENT + "AMENDMENT NO. 2\n\n1. Section 4.2 of the Agreement is hereby deleted in "
                 "its entirety and replaced with the following:\n\n\"4.2 Updates. Provider shall use "
                 "reasonable efforts to ship compatible builds.\"\n")
    assert kept == {"4.1": True, "4.2": False, "9.1": True}


def test_a_mere_mention_of_amendments_deletes_nothing() -> None:
    kept = _kept(_AGREEMENT + "10. Amendment. This Agreement may be amended only in writing. "
                 "Section 4.2 of the Agreement survives termination.\n")
    assert all(kept.values())


def test_a_schedule_section_is_not_deleted_by_an_agreement_amendment() -> None:
    kept = _kept("SCHEDULE 1\n\n4.2 Updates. Within 15 days.\n\nAMENDMENT\n\nSection 4.2 of Schedule 1 "
                 "is deleted in its entirety.\n")
    assert all(kept.values())


def test_words_replaced_with_the_section_named_first() -> None:
    from msa_review.language.amendments import as_amended, replacements

    document = extract_bytes("a.txt", (_AGREEMENT + "AMENDMENT\n\n2. In Section 9.1 of the Agreement, the words "
                                       "\"forty-eight (48) months\" are deleted and replaced with \"twelve (12) "
                                       "months\".\n").encode())
    assert as_amended("This Agreement runs for forty-eight (48) months.", "9.1", replacements(document)) == (
        "This Agreement runs for twelve (12) months.")

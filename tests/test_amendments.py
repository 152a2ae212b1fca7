from __future__ import annotations

from msa_review.extract import extract_bytes
from msa_review.language.amendments import find_amendments

_AGREEMENT = (
    "MASTER SERVICES AGREEMENT\n\n"
    "4. Support\n\n"
    "4.1 Response. Provider shall respond to tickets within four hours.\n\n"
    "4.2 Updates. Provider shall ship a compatible build within 15 days of each iOS release.\n\n"
    "9. Term\n\n"
    "9.1 Term. This Agreement runs for forty-eight (48) months.\n\n"
)


def _read(text: str) -> tuple[object, dict[str, str | None]]:
    document = extract_bytes("a.txt", text.encode())
    amendments = find_amendments(document)
    rewritten = {paragraph.text[:3]: amendments.rewrite(paragraph, paragraph.text)
                 for paragraph in document.paragraphs if paragraph.text[:3] in ("4.1", "4.2", "9.1")}
    return amendments, rewritten


def test_a_section_replaced_in_its_entirety_is_taken_out() -> None:
    _, rewritten = _read(_AGREEMENT + "AMENDMENT NO. 2\n\n1. Section 4.2 of the Agreement is hereby deleted in "
                         "its entirety and replaced with the following:\n\n\"4.2 Updates. Provider shall use "
                         "reasonable efforts to ship compatible builds.\"\n")
    assert rewritten["4.2"] is None
    assert rewritten["4.1"] is not None and rewritten["9.1"] is not None


def test_words_replaced_in_a_section_are_read_as_amended() -> None:
    _, rewritten = _read(_AGREEMENT + "AMENDMENT\n\n2. In Section 9.1 of the Agreement, the words \"forty-eight "
                         "(48) months\" are deleted and replaced with \"twelve (12) months\".\n")
    assert rewritten["9.1"] == "9.1 Term. This Agreement runs for twelve (12) months."
    _, rewritten = _read(_AGREEMENT + "AMENDMENT\n\n2. Section 9.1 of the Agreement is amended by deleting the words "
                         "\"forty-eight (48) months\" and replacing them with \"six (6) months\".\n")
    assert rewritten["9.1"] == "9.1 Term. This Agreement runs for six (6) months."


def test_a_mere_mention_of_amendments_changes_nothing() -> None:
    amendments, rewritten = _read(_AGREEMENT + "10. Amendment. This Agreement may be amended only in writing. "
                                  "Section 4.2 of the Agreement survives termination.\n")
    assert not amendments.deleted and not amendments.replaced
    assert all(value is not None for value in rewritten.values())


def test_a_schedule_section_is_not_rewritten_by_an_agreement_amendment() -> None:
    _, rewritten = _read("SCHEDULE 1\n\n4.2 Updates. Within 15 days.\n\n" + "AMENDMENT\n\nSection 4.2 of Schedule 1 "
                         "is deleted in its entirety.\n")
    assert rewritten["4.2"] is not None

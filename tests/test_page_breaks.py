"""A paragraph that a page break cut mid-sentence is read on into the next one."""

from __future__ import annotations

from msa_review.engine import Context, prepare
from msa_review.extract import extract_bytes

PREAMBLE = ('This Agreement is made between Northwind Telecom Ltd. ("Customer") and '
            'Brightwave Voice Inc. ("Provider").\n\n')


def _paragraph_of(text: str, words: str) -> str:
    context: Context = prepare(extract_bytes("msa.txt", (PREAMBLE + text).encode()))
    candidate = next(c for c in context.candidates if words in c.sentence.text)
    return context.paragraph_text(candidate)


def test_a_sentence_cut_by_a_page_number_reads_on() -> None:
    text = ("12.1 This Agreement renews automatically for successive one-year terms until terminated"
            "\n\n-3-\n\n"
            "by either party on sixty (60) days' written notice before the end of the term.\n\n"
            "12.2 Fees are due monthly.\n")
    paragraph = _paragraph_of(text, "renews automatically")
    assert "sixty (60) days' written notice" in paragraph
    assert "Fees are due" not in paragraph


def test_a_paragraph_ending_on_an_article_reads_on_into_a_capital() -> None:
    text = ("Either party may give notice of its intention not to renew the\n\n"
            "7 Agreement, which notice must be given not less than thirty (30) days before the "
            "renewal date.\n")
    assert "thirty (30) days" in _paragraph_of(text, "intention not to renew")


def test_a_finished_paragraph_does_not_read_on() -> None:
    text = ("This Agreement renews automatically for successive one-year terms.\n\n"
            "either party may end it on sixty (60) days' notice.\n\n"
            "Provider shall host the Application on servers located in the European Union\n\n"
            "Payment Terms\n")
    assert "sixty" not in _paragraph_of(text, "renews automatically")
    assert "Payment" not in _paragraph_of(text, "servers located")  # a capital after a noun


def test_a_schedule_item_title_reads_on_into_its_content() -> None:
    text = ("SCHEDULE 1 - ITEMS\n\n"
            "Item 5 - Pilot Period\n\n"
            "Twenty-one (21) days from the first test build.\n\n"
            "Item 6 - Support Hours\n\n"
            "Business hours in London.\n")
    paragraph = _paragraph_of(text, "Item 5")
    assert "Twenty-one (21) days" in paragraph
    assert "Support Hours" not in paragraph


def test_an_item_title_does_not_read_into_the_next_title() -> None:
    text = "Item 5 - Pilot Period\n\nItem 6 - Support Hours\n\nBusiness hours in London.\n"
    assert "Support" not in _paragraph_of(text, "Item 5")

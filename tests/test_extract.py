"""Extractors: every format lands in the same document model."""

from __future__ import annotations

from dataclasses import replace

import pytest
from builders import softphone_docx, text_pdf

from msa_review.errors import InputError
from msa_review.extract import extract_bytes
from msa_review.extract.structure import recognise_section

LONG_CLAUSE = (
    "Either party may terminate this Agreement for convenience upon sixty (60) days prior "
    "written notice to the other party, provided that notwithstanding anything contrary the "
    "extraordinarily important obligations survive."
)


def _offsets_hold(document) -> None:
    for paragraph in document.paragraphs:
        assert document.text[paragraph.start: paragraph.end] == paragraph.text


def test_text_offsets_point_into_the_file() -> None:
    raw = (
        "MASTER SERVICES AGREEMENT\n\n"
        'Made between Acme Telecom Ltd. ("Customer") and SoftVoice Inc. ("Provider").\n\n'
        "12. TERM AND TERMINATION\n"
        "12.3 Termination for Convenience. Either party may terminate.\n"
        "(a) first item\n(b) second item\n"
    )
    document = extract_bytes("msa.txt", raw.encode())
    assert document.text == raw
    _offsets_hold(document)
    numbers = [(s.number, s.heading, s.level) for s in document.sections]
    assert ("12", "TERM AND TERMINATION", 1) in numbers
    assert ("12.3", "Termination for Convenience", 2) in numbers
    items = [p.text for p in document.paragraphs if p.section_number == "12.3"]
    assert items[1:] == ["(a) first item", "(b) second item"]


def test_markdown_headings() -> None:
    raw = "# Master Agreement\n\n## 7. Exit\n\n7.1 Data Export. Provider shall export.\n"
    document = extract_bytes("msa.md", raw.encode())
    assert document.format == "markdown"
    assert [(s.number, s.heading) for s in document.sections][1:] == [("7", "Exit"), ("7.1", "Data Export")]


@pytest.mark.parametrize("line, expected", [
    ("ARTICLE 5 - TERM", ("5", "TERM", True)),
    ("Section 12.3 Termination for Convenience.", ("12.3", "Termination for Convenience", True)),
    ("12.3 Termination. Either party may terminate.", ("12.3", "Termination", False)),
    ("12 months after the Effective Date, the fee rises.", None),
    ("Section 5 shall survive termination.", None),
    ("DEFINITIONS", (None, "DEFINITIONS", True)),
    # civil-law numbering, a title in sentence case after a dash
    ("Art. 14 - Cambio di controllo (Change of control)", ("14", "Cambio di controllo (Change of control)", True)),
    ("Article 9: Service levels", ("9", "Service levels", True)),
    ("Art. 3 The Supplier shall host the platform.", ("3", None, False)),
    ("Article 7 - The licence ends on termination. It cannot be renewed.", ("7", None, False)),
])
def test_section_marks(line: str, expected: tuple | None) -> None:
    mark = recognise_section(line)
    if expected is None:
        assert mark is None
    else:
        assert mark is not None
        assert (mark.number, mark.heading, mark.is_heading_only) == expected


def test_docx_numbering_tables_tracked_changes_and_headers() -> None:
    document = extract_bytes("msa.docx", softphone_docx())
    _offsets_hold(document)
    texts = [p.text for p in document.paragraphs]
    # Word's automatic numbering is rendered as the reader sees it.
    assert "1. Term and Termination" in texts
    assert any(t.startswith("1.1 Termination for Convenience.") for t in texts)
    assert any(t.startswith("1.2 No Kill Switch.") for t in texts)
    assert "(a) first listed item of the clause;" in texts
    assert "2. App Stores" in texts
    # Tracked changes read as the current text.
    published = next(t for t in texts if t.startswith("2.1 "))
    assert "Customer's own Apple Developer account" in published
    assert "Provider's developer account" not in published
    # Tables in reading order, one row a paragraph.
    assert "Setup fee | USD 5,000" in texts
    # The running header and footer are not body text.
    assert not any("Confidential" in t for t in texts)
    sections = {s.number: s for s in document.sections}
    assert sections["1.1"].heading == "Termination for Convenience"
    assert sections["1"].level == 1 and sections["1.2"].level == 2


def test_pdf_headers_page_numbers_and_hyphenation() -> None:
    raw = text_pdf([
        ["MASTER SERVICES AGREEMENT", "12. TERM AND TERMINATION",
         "12.3 Termination for Convenience. " + LONG_CLAUSE],
        ["12.4 No Kill Switch. Provider shall not remotely disable any build of the Application.",
         "Some more body text that is on page two of the agreement and goes on."],
    ])
    document = extract_bytes("msa.pdf", raw)
    _offsets_hold(document)
    assert document.pages == 2
    texts = [p.text for p in document.paragraphs]
    assert not any("Confidential" in t or "Page 1 of 2" in t for t in texts)
    clause = next(p for p in document.paragraphs if p.section_number == "12.3")
    assert clause.text == "12.3 Termination for Convenience. " + LONG_CLAUSE
    assert clause.page == 1
    kill_switch = next(p for p in document.paragraphs if p.section_number == "12.4")
    assert kill_switch.page == 2
    assert kill_switch.text.endswith("Application.")
    assert texts[-1].startswith("Some more body text")


def test_text_table_rows_are_entries_of_their_own() -> None:
    raw = (b"Annex 2 - Fees\n\n"
           b"Item                            | Amount\n"
           b"Setup fee (one-off)             | CHF 18,000.00\n"
           b"Fee per Active User and month   | CHF 1.80\n"
           b"These amounts exclude VAT.\n")
    texts = [p.text for p in extract_bytes("fees.txt", raw).paragraphs]
    assert "Setup fee (one-off)             | CHF 18,000.00" in texts
    assert "Fee per Active User and month   | CHF 1.80" in texts
    assert "These amounts exclude VAT." in texts
    # A soft-wrapped clause is still one paragraph.
    wrapped = extract_bytes("clause.txt", b"7.1 The Vendor shall not\nremotely disable the App.\n")
    assert [p.text for p in wrapped.paragraphs] == ["7.1 The Vendor shall not\nremotely disable the App."]


def test_docx_bullets_are_list_items() -> None:
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("10.1 The Licensee shall pay:")
    document.add_paragraph("a set-up fee of EUR 4,500; and", style="List Bullet")
    document.add_paragraph("a monthly fee of EUR 0.90 per Active User.", style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    texts = [p.text for p in extract_bytes("fees.docx", buffer.getvalue()).paragraphs]
    assert texts == ["10.1 The Licensee shall pay:", "• a set-up fee of EUR 4,500; and",
                     "• a monthly fee of EUR 0.90 per Active User."]


def test_pdf_line_that_carries_on_a_sentence_is_not_a_heading() -> None:
    raw = text_pdf([[
        "12.2 Cap. EACH PARTY'S AGGREGATE LIABILITY SHALL NOT EXCEED THE FEES PAID IN THE TWELVE "
        "(12) MONTHS PRECEDING THE CLAIM.",
        "1. Set-up fee (one single payment, invoiced on the Launch Date): FOUR THOUSAND FIVE "
        "HUNDRED EUROS (EUR 4,500).",
        "FEES AND PAYMENT",
        "Fees are invoiced monthly in advance.",
    ]], line_width=60)
    paragraphs = extract_bytes("msa.pdf", raw).paragraphs
    texts = [p.text for p in paragraphs]
    cap = next(p for p in paragraphs if p.section_number == "12.2")
    assert cap.text.endswith("TWELVE (12) MONTHS PRECEDING THE CLAIM.")
    fee = next(p for p in paragraphs if p.text.startswith("1. Set-up fee"))
    assert fee.text.endswith("FOUR THOUSAND FIVE HUNDRED EUROS (EUR 4,500).")
    # A heading after a finished sentence is still a heading.
    heading = next(p for p in paragraphs if p.text == "FEES AND PAYMENT")
    assert heading.kind == "heading"
    assert texts[-1] == "Fees are invoiced monthly in advance."


def _lines(*texts: str) -> list[tuple[int, object]]:
    """Lines of one page at an even pitch, as pdfium gives them (hyphen marked by \\x02)."""
    from msa_review.extract.pdf import Line

    return [(1, Line(text.rstrip("\x02"), 700.0 - 14 * number, 690.0 - 14 * number, 72.0,
                     hyphenated=text.endswith("\x02")))
            for number, text in enumerate(texts)]


def test_pdf_line_end_hyphens_of_compounds_stay_those_of_broken_words_go() -> None:
    from msa_review.extract.pdf import blocks_from_lines

    body = _lines(
        "14.2 The agreement continues on a month-to\x02",
        "month basis; either party may end it within twenty\x02",
        "one (21) days, and the Subscriber\x02",
        "level usage records and each subscriber level report stay with the agree\x02",
        "ment of the parties, which this agreement and the whole text records.",
    )
    [block] = blocks_from_lines(body)
    assert "a month-to-month basis" in block.text  # a chain of hyphens
    assert "within twenty-one (21) days" in block.text  # a number in words
    assert "the Subscriber-level usage records" in block.text  # two words of their own
    assert "stay with the agreement of the parties" in block.text  # written whole elsewhere


def test_pdf_symbol_font_bullets_are_list_items() -> None:
    from msa_review.extract.pdf import _merge_runs, blocks_from_lines

    lines = _merge_runs([((72.0, 690.0, 400.0, 700.0), "Availability does not count:"),
                         ((72.0, 676.0, 400.0, 686.0), "\uf0b7  scheduled maintenance;"),
                         ((72.0, 662.0, 400.0, 672.0), "\uf0b7  emergency maintenance.")])
    texts = [block.text for block in blocks_from_lines([(1, line) for line in lines])]
    assert texts == ["Availability does not count:", "\u2022  scheduled maintenance;",
                     "\u2022  emergency maintenance."]


def test_a_title_line_heads_the_lines_below_it() -> None:
    raw = (b"Item 3 - Initial Term and renewal periods\n"
           b"Initial Term: three (3) years from the Commencement Date.\n\n"
           b"7.1 The Vendor shall not\nremotely disable the App.\n")
    texts = [p.text for p in extract_bytes("items.txt", raw).paragraphs]
    assert texts[:2] == ["Item 3 - Initial Term and renewal periods",
                         "Initial Term: three (3) years from the Commencement Date."]
    assert texts[2] == "7.1 The Vendor shall not\nremotely disable the App."  # a wrap, not a title
    from msa_review.extract.pdf import blocks_from_lines

    long = "Supplier shall provide the Services described in this Agreement with due care and"
    body = _lines(*[long] * 8, "skill.")
    # The schedule's lines, below a paragraph gap.
    body += [(1, replace(line, top=line.top - 30, bottom=line.bottom - 30)) for _, line in _lines(
        *[""] * 9, "Item 3 - Initial Term and renewal periods",
        "Initial Term: three (3) years from the Commencement Date.",
        "12. Change of control", "12.1 The Contractor shall notify the Purchaser.")[9:]]
    texts = [block.text for block in blocks_from_lines(body)]
    assert texts[-4:] == ["Item 3 - Initial Term and renewal periods",
                          "Initial Term: three (3) years from the Commencement Date.",
                          "12. Change of control", "12.1 The Contractor shall notify the Purchaser."]


@pytest.mark.parametrize("name, raw, code", [
    ("empty.txt", b"   \n\n", "empty"),
    ("notes.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "legacy_doc"),
    ("broken.docx", b"PK\x03\x04 not really a zip", "corrupt"),
    ("broken.pdf", b"%PDF-1.4 garbage", "corrupt"),
    ("image.png", b"\x89PNG\r\n", "unsupported_format"),
])
def test_unreadable_inputs_have_codes(name: str, raw: bytes, code: str) -> None:
    with pytest.raises(InputError) as caught:
        extract_bytes(name, raw)
    assert caught.value.code == code


def test_latin1_text_is_decoded_with_a_warning() -> None:
    document = extract_bytes("msa.txt", "Provider’s fee is 5 € — payable.".encode("cp1252"))
    assert "Provider’s" in document.text
    assert document.warnings

"""Contracts built by the tests themselves: DOCX with Word numbering, tables, tracked
changes and running headers; PDF with running headers, page numbers and hyphenation."""

from __future__ import annotations

import io
from typing import Any

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

_NUMBERING_XML = f"""
<w:abstractNum xmlns:w="{W}" w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%3)"/></w:lvl>
</w:abstractNum>
"""


def _numbering(document: Any) -> str:
    """Add a multilevel list (1. / 1.1 / (a)) to the document; return its numId."""
    from docx.oxml import parse_xml

    numbering = document.part.numbering_part.element
    abstract = parse_xml(_NUMBERING_XML)
    first_num = numbering.find(f"{{{W}}}num")
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = parse_xml(f'<w:num xmlns:w="{W}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    numbering.append(num)
    return "90"


def _number(paragraph: Any, num_id: str, level: int) -> None:
    from docx.oxml import parse_xml

    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.append(parse_xml(
        f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def _tracked(paragraph: Any, kept: str, inserted: str, deleted: str) -> None:
    from docx.oxml import parse_xml

    paragraph.add_run(kept)
    paragraph._p.append(parse_xml(
        f'<w:del xmlns:w="{W}" w:id="1" w:author="Vendor" w:date="2026-01-01T00:00:00Z">'
        f'<w:r><w:delText xml:space="preserve">{deleted}</w:delText></w:r></w:del>'))
    paragraph._p.append(parse_xml(
        f'<w:ins xmlns:w="{W}" w:id="2" w:author="Vendor" w:date="2026-01-01T00:00:00Z">'
        f'<w:r><w:t xml:space="preserve">{inserted}</w:t></w:r></w:ins>'))


def softphone_docx() -> bytes:
    """A short MSA with auto-numbered clauses, a table, a tracked change and a header."""
    import docx

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Brightwave MSA - Confidential"
    section.footer.paragraphs[0].text = "Page 1"
    document.add_heading("Master Services Agreement", level=0)
    document.add_paragraph(
        'This Agreement is made between Northwind Telecom Ltd. ("Customer") and Brightwave '
        'Voice Inc. ("Provider").')
    num_id = _numbering(document)
    heading = document.add_paragraph("Term and Termination", style="Heading 1")
    _number(heading, num_id, 0)
    clause = document.add_paragraph(
        "Termination for Convenience. Either party may terminate this Agreement for "
        "convenience upon sixty (60) days' prior written notice.")
    _number(clause, num_id, 1)
    clause = document.add_paragraph(
        "No Kill Switch. Provider shall not, during or after the Transition Period, remotely "
        "disable any build of the Application already distributed to End Users.")
    _number(clause, num_id, 1)
    item = document.add_paragraph("first listed item of the clause;")
    _number(item, num_id, 2)
    item = document.add_paragraph("second listed item of the clause.")
    _number(item, num_id, 2)
    heading = document.add_paragraph("App Stores", style="Heading 1")
    _number(heading, num_id, 0)
    clause = document.add_paragraph()
    _tracked(clause, "The Application shall be published under ",
             "Customer's own Apple Developer account and Google Play Console account.",
             "Provider's developer account.")
    _number(clause, num_id, 1)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Fee"
    table.cell(0, 1).text = "Amount"
    table.cell(1, 0).text = "Setup fee"
    table.cell(1, 1).text = "USD 5,000"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def text_pdf(pages: list[list[str]], header: str = "Brightwave MSA - Confidential",
             line_width: int = 88) -> bytes:
    """A PDF whose pages hold the given paragraphs, with a running header and page numbers.

    Lines are wrapped by hand at `line_width` characters; a word that does not fit is split
    with a hyphen, as typesetters do.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    width, height = A4
    for number, paragraphs in enumerate(pages, start=1):
        pdf.setFont("Helvetica", 9)
        pdf.drawString(72, height - 40, header)
        pdf.drawString(width / 2, 30, f"Page {number} of {len(pages)}")
        pdf.setFont("Helvetica", 10)
        y = height - 90
        for paragraph in paragraphs:
            for line in _wrap(paragraph, line_width):
                pdf.drawString(72, y, line)
                y -= 14
            y -= 10
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if len(candidate) <= width:
            current = candidate
            continue
        room = width - len(current) - 2
        if room >= 4 and len(word) >= 9 and word.isalpha():
            lines.append(f"{current} {word[:room]}-".strip())
            current = word[room:]
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


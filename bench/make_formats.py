#!/usr/bin/env python3
"""Render every benchmark contract (bench/msas/*.txt) as DOCX and PDF.

    python bench/make_formats.py [OUTDIR]          # default: bench/msas/build/

The gold labels are written against the plain text; the DOCX and PDF renderings let the
benchmark measure accuracy per input format. Both renderings keep the text of every
paragraph exactly as written (section numbers such as "5.3" stay in the text) and add what
real contracts in those formats carry:

* DOCX: section headings in Word's "Heading 1" / "Heading 2" styles, the contract title in
  "Title", body paragraphs as paragraphs, bullet lists in "List Bullet", A4 pages, a running
  header "<title> – Confidential" and a footer "Page N of M" built from PAGE / NUMPAGES
  fields, both in the section header/footer (not in the body).
* PDF (reportlab platypus): A4 pages, the same running header line and a "Page N of M"
  footer on every page, body text wrapped in paragraphs, headings in bold.

Output is deterministic: fixed document dates and metadata, fixed ZIP timestamps in the
DOCX, reportlab's invariant mode for the PDF.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

HERE = Path(__file__).resolve().parent
SOURCE_DIR = HERE / "msas"
DEFAULT_OUT = SOURCE_DIR / "build"

FIXED_DATE = dt.datetime(2026, 1, 1, 0, 0, 0)
ZIP_DATE = (2026, 1, 1, 0, 0, 0)
AUTHOR = "msa-review benchmark"

# --------------------------------------------------------------------------------------
# Reading the plain text into typed blocks
# --------------------------------------------------------------------------------------

_KEYWORD = re.compile(
    r"^(?:article|section|clause|part|schedule|exhibit|annex|appendix)\s+"
    r"(?P<number>[0-9]+(?:\.[0-9]+)*|[IVXLC]+|[A-Z])\b\.?\s*(?:[-–—:]\s*)?(?P<rest>.*)$",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"^(?P<number>\d{1,3}(?:\.\d{1,3})*)\.?\s+(?P<rest>\S.*)$")
_SMALL_WORDS = {"a", "an", "and", "of", "the", "for", "to", "in", "on", "or", "by", "with",
                "upon"}
_LIST_ITEM = re.compile(r"^\((?:[a-z]{1,3}|[ivx]{1,5}|\d{1,2})\)\s")
_SUB_SUB = re.compile(r"^\d{1,3}\.\d{1,3}\.\d{1,3}\s")


@dataclass
class Block:
    kind: str  # title, subtitle, h1, h2, body, bullet, item
    text: str


def _title_case(words: str) -> bool:
    tokens = re.findall(r"[A-Za-z][A-Za-z'’-]*", words)
    if not tokens:
        return False
    significant = [t for t in tokens if t.lower() not in _SMALL_WORDS]
    return bool(significant) and all(t[0].isupper() for t in significant)


def _is_short_heading_text(text: str) -> bool:
    """A line that reads as a heading: short, no sentence inside it, no trailing full stop."""
    return (
        0 < len(text) <= 80
        and not re.search(r"[.;!?]\s", text)
        and not text.endswith((".", ",", ";", ":"))
        and "____" not in text
    )


def classify(line: str) -> Block:
    """The kind of one line of a contract (each paragraph is one line in the sources)."""
    markdown = re.match(r"^(#{1,6})\s+(.*)$", line)
    if markdown:
        level = len(markdown.group(1))
        text = markdown.group(2).strip()
        return Block("title" if level == 1 else "h1" if level == 2 else "h2", text)
    if re.match(r"^[-*+]\s+", line):
        return Block("bullet", re.sub(r"^[-*+]\s+", "", line))
    keyword = _KEYWORD.match(line)
    if keyword:
        rest = keyword.group("rest").strip().rstrip(".:")
        short = len(line) <= 80 and not re.search(r"[.;!?]\s", rest)
        if short and (not rest or rest.isupper() or _title_case(rest)):
            number = keyword.group("number")
            sub_part = line.lower().startswith("part") and number.isalpha() and len(number) == 1
            return Block("h2" if "." in number or sub_part else "h1", line)
        return Block("body", line)
    numbered = _NUMBERED.match(line)
    if numbered and _is_short_heading_text(numbered.group("rest")):
        return Block("h2" if "." in numbered.group("number") else "h1", line)
    letters = re.sub(r"[^A-Za-z]", "", line)
    if len(letters) >= 3 and line.upper() == line and _is_short_heading_text(line):
        return Block("h1", line)
    if (
        _is_short_heading_text(line)
        and len(line.split()) <= 4
        and ":" not in line
        and not re.search(r"\d", line)
        and _title_case(line)
    ):
        return Block("h1", line)
    if _LIST_ITEM.match(line) or _SUB_SUB.match(line):
        return Block("item", line)
    return Block("body", line)


def read_blocks(text: str) -> list[Block]:
    """Blank-line separated blocks; every line of a block is its own paragraph."""
    blocks: list[Block] = []
    chunks = [c for c in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n")) if c.strip()]
    for index, chunk in enumerate(chunks):
        lines = [ln.strip() for ln in chunk.split("\n") if ln.strip()]
        if any("____" in ln for ln in lines):  # a signature block
            blocks.extend(Block("body", ln) for ln in lines)
            continue
        if index == 0:
            first = lines[0]
            blocks.append(Block("title", re.sub(r"^#+\s*", "", first)))
            blocks.extend(Block("subtitle", ln) for ln in lines[1:])
            continue
        blocks.extend(classify(ln) for ln in lines)
    return blocks


def contract_title(blocks: list[Block]) -> str:
    return next(b.text for b in blocks if b.kind == "title")


def _bold_spans(text: str) -> list[tuple[str, bool]]:
    """Split Markdown **bold** markup into (text, bold) runs; the markers are dropped."""
    parts = re.split(r"\*\*(.+?)\*\*", text)
    return [(part, i % 2 == 1) for i, part in enumerate(parts) if part]


# --------------------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------------------


def _add_field(paragraph, instruction: str, placeholder: str) -> None:
    """A complex field (PAGE, NUMPAGES) with a cached result, as Word writes it."""

    def fld_char(kind: str):
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    fld_char("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    fld_char("separate")
    paragraph.add_run(placeholder)
    fld_char("end")


def _add_runs(paragraph, text: str) -> None:
    for part, bold in _bold_spans(text):
        run = paragraph.add_run(part)
        if bold:
            run.bold = True


def build_docx(blocks: list[Block], out: Path) -> None:
    title = contract_title(blocks)
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(25)

    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)

    header = section.header.paragraphs[0]
    header.text = f"{title} – Confidential"
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _add_field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _add_field(footer, "NUMPAGES", "1")

    style_of = {"title": "Title", "subtitle": "Subtitle", "h1": "Heading 1", "h2": "Heading 2",
                "bullet": "List Bullet", "body": "Normal", "item": "Normal"}
    for block in blocks:
        paragraph = document.add_paragraph(style=style_of[block.kind])
        _add_runs(paragraph, block.text)
        if block.kind == "item":
            paragraph.paragraph_format.left_indent = Mm(8)

    core = document.core_properties
    core.title = title[:255]  # the property's limit; a long opening sentence is cut
    core.subject = "White-label softphone MSA (msa-review benchmark)"
    core.author = AUTHOR
    core.last_modified_by = AUTHOR
    core.created = FIXED_DATE
    core.modified = FIXED_DATE
    core.last_printed = FIXED_DATE
    core.revision = 1
    core.keywords = "msa-review benchmark"
    core.comments = ""

    buffer = io.BytesIO()
    document.save(buffer)
    _write_zip_deterministically(buffer.getvalue(), out)


def _write_zip_deterministically(data: bytes, out: Path) -> None:
    """Rewrite the package with fixed timestamps so that identical input gives identical bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))


# --------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 22 * mm


def _numbered_canvas(header_text: str):
    class NumberedCanvas(rl_canvas.Canvas):
        """Defers page output until the total page count is known ("Page N of M")."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._saved_page_states: list[dict] = []

        def showPage(self):  # noqa: N802 (reportlab API)
            self._saved_page_states.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._saved_page_states)
            for state in self._saved_page_states:
                self.__dict__.update(state)
                self._draw_running_lines(total)
                super().showPage()
            super().save()

        def _draw_running_lines(self, total: int) -> None:
            self.saveState()
            self.setFont("Helvetica", 8)
            top = PAGE_HEIGHT - MARGIN + 8 * mm
            self.drawString(MARGIN, top, header_text)
            self.setLineWidth(0.4)
            self.line(MARGIN, top - 2 * mm, PAGE_WIDTH - MARGIN, top - 2 * mm)
            self.drawCentredString(PAGE_WIDTH / 2, MARGIN - 10 * mm,
                                   f"Page {self._pageNumber} of {total}")
            self.restoreState()

    return NumberedCanvas


def _pdf_styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13.5, spaceAfter=6)
    return {
        "title": ParagraphStyle("title", parent=body, fontName="Helvetica-Bold", fontSize=15,
                                leading=19, alignment=TA_CENTER, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontName="Helvetica-Bold",
                                   fontSize=11, alignment=TA_CENTER, spaceAfter=10),
        "h1": ParagraphStyle("h1", parent=body, fontName="Helvetica-Bold", fontSize=11.5,
                             leading=15, spaceBefore=10, spaceAfter=6, keepWithNext=1),
        "h2": ParagraphStyle("h2", parent=body, fontName="Helvetica-Bold", fontSize=10.5,
                             leading=14, spaceBefore=6, spaceAfter=4, keepWithNext=1),
        "body": body,
        "item": ParagraphStyle("item", parent=body, leftIndent=8 * mm),
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=8 * mm, bulletIndent=3 * mm),
    }


def _markup(text: str) -> str:
    return "".join(f"<b>{escape(part)}</b>" if bold else escape(part)
                   for part, bold in _bold_spans(text))


def build_pdf(blocks: list[Block], out: Path) -> None:
    title = contract_title(blocks)
    styles = _pdf_styles()
    story = []
    for block in blocks:
        if block.kind == "bullet":
            story.append(Paragraph(_markup(block.text), styles["bullet"], bulletText="•"))
        else:
            story.append(Paragraph(_markup(block.text), styles[block.kind]))
        if block.kind == "subtitle":
            story.append(Spacer(1, 2 * mm))
    document = SimpleDocTemplate(
        str(out),
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author=AUTHOR,
        subject="White-label softphone MSA (msa-review benchmark)",
        creator=AUTHOR,
        keywords="msa-review benchmark",
        invariant=1,
    )
    document.build(story, canvasmaker=_numbered_canvas(f"{title} – Confidential"))


# --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", nargs="?", default=str(DEFAULT_OUT),
                        help=f"output folder (default: {DEFAULT_OUT})")
    parser.add_argument("--source", default=str(SOURCE_DIR),
                        help=f"folder holding the .txt contracts (default: {SOURCE_DIR})")
    args = parser.parse_args(argv)

    source = Path(args.source)
    outdir = Path(args.outdir)
    contracts = sorted(source.glob("*.txt"))
    if not contracts:
        print(f"no .txt contracts in {source}", file=sys.stderr)
        return 1
    outdir.mkdir(parents=True, exist_ok=True)
    for path in contracts:
        blocks = read_blocks(path.read_text(encoding="utf-8"))
        build_docx(blocks, outdir / f"{path.stem}.docx")
        build_pdf(blocks, outdir / f"{path.stem}.pdf")
        headings = sum(b.kind in ("h1", "h2") for b in blocks)
        print(f"{path.stem}: {len(blocks)} paragraphs, {headings} headings -> .docx, .pdf")
    print(f"wrote {2 * len(contracts)} files to {outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

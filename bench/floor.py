"""The floor for any spaCy-based contract reviewer: what no such tool can avoid doing.

Start Python, import spaCy, build a blank English pipeline with a sentencizer, extract the
text (pypdfium2 for PDF, python-docx for DOCX) and tokenise it paragraph by paragraph.
Files are handled one after another in this one process.

    python bench/floor.py contract.pdf [more.docx ...]
"""

from __future__ import annotations

import io
import sys

import spacy


def _paragraphs_of_page(text: str) -> list[str]:
    """Lines joined into paragraphs: a line ending a sentence ends its paragraph."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if line:
            current.append(line)
        if current and (not line or line.endswith((".", ":", ";"))):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def pdf_paragraphs(raw: bytes) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(raw)
    paragraphs: list[str] = []
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            textpage.close()
            page.close()
            paragraphs.extend(_paragraphs_of_page(text))
    finally:
        pdf.close()
    return paragraphs


def docx_paragraphs(raw: bytes) -> list[str]:
    import docx

    document = docx.Document(io.BytesIO(raw))
    paragraphs = [paragraph.text for paragraph in document.paragraphs if paragraph.text.strip()]
    for table in document.tables:
        for row in table.rows:
            paragraphs.append(" | ".join(cell.text for cell in row.cells))
    return paragraphs


def main(paths: list[str]) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    for path in paths:
        with open(path, "rb") as stream:
            raw = stream.read()
        paragraphs = pdf_paragraphs(raw) if path.lower().endswith(".pdf") else docx_paragraphs(raw)
        sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(paragraphs))
        print(f"{path}: {len(paragraphs)} paragraphs, {sentences} sentences")


if __name__ == "__main__":
    main(sys.argv[1:])

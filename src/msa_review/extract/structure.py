"""From blocks of text to the document model: section numbers, headings and levels.

Every extractor hands over a list of Block (text as the reader sees it, plus what the
format knows: page, whether a style marks it a heading). This module is the one place
that recognises "12.3 Termination for Convenience." or "ARTICLE 5 - TERM" and builds the
sections, so every format is read the same way.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from msa_review.model import Document, Paragraph, Section

PARAGRAPH_SEPARATOR = "\n\n"

_ROMAN = r"[IVXLC]{1,6}"
# "Section 12.3", "ARTICLE V", "Clause 4", "Art. 12" at the start of a paragraph.
_KEYWORD_NUMBER = re.compile(
    rf"^(?:§\s*|(?:section|article|clause|part)\s+|art\.\s*)(?P<number>\d+(?:\.\d+)*|{_ROMAN})\b\.?"
    r"\s*(?:[-–—:.]\s*)?",
    re.IGNORECASE,
)
# "12.", "12.3", "12.3.1", "12.3." followed by a capitalised heading or sentence.
_BARE_NUMBER = re.compile(r"^(?P<number>\d{1,3}(?:\.\d{1,3})*)(?P<dot>\.?)\)?\s+(?=[\"“'(A-Z])")
_MARKDOWN_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<rest>.*)$")
# A run-in heading: "Termination for Convenience. Either party may ..."
_RUN_IN = re.compile(r"^(?P<heading>[A-Z][^.:;!?\n]{1,80}?)(?:\.|:)\s+(?=\S)")
# An order-form or cover-page line, "Initial term: 24 months": a short label, a colon, a
# value. Consecutive ones are separate entries, not one soft-wrapped paragraph.
_LABEL_LINE = re.compile(r"^[A-Z][A-Za-z()/&'’ -]{1,40}:[ \t]+\S")


def is_label_line(line: str) -> bool:
    match = _LABEL_LINE.match(line.strip())
    return match is not None and len(match.group(0).split(":")[0].split()) <= 5


# A table row in plain text: cells divided by "|" (a Markdown or pipe table). Tabs are not
# enough: "1.<tab>TERM. The initial term ..." opens a clause that wraps onto plain lines.
_TABLE_ROW = re.compile(r"^\s*\|?[^|\n]*\S[^|\n]*\|\s*\S")


def is_table_row(line: str) -> bool:
    """A line of a plain-text table. Each row is an entry of its own, as a table's rows
    are in Word: rows run together would read one row's amount as the next one's."""
    return _TABLE_ROW.match(line) is not None


# A bullet drawn from a symbol font (Word's Symbol and Wingdings bullets come out of a PDF
# as private-use characters) or as another glyph: read as "•", which list readers know.
_BULLET_GLYPH = re.compile(
    r"^(\s*)[\uf000-\uf0ff\u25aa\u25a0\u25a1\u25cf\u25cb\u25e6\u2023\u27a2\u25ba\u27a4\u2043\u2219](?=\s)")


def normalise_bullet(text: str) -> str:
    return _BULLET_GLYPH.sub(lambda match: match.group(1) + "\u2022", text, count=1)


_SMALL_WORDS = {"a", "an", "and", "of", "the", "for", "to", "in", "on", "or", "by", "with", "upon"}


@dataclass
class Block:
    """A paragraph as an extractor found it."""

    text: str
    page: int | None = None
    heading_level: int | None = None  # set when the format marks a heading (styles, '#')
    kind: str = "body"
    start: int | None = None  # offsets into the source text, for plain-text input


@dataclass(frozen=True)
class SectionMark:
    number: str | None
    heading: str | None
    level: int
    is_heading_only: bool


_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SENTENCE_INSIDE = re.compile(r"[.;!?]\s")


def _looks_like_title(words: str) -> bool:
    tokens = _WORD.findall(words)
    if not tokens or len(tokens) > 10:
        return False
    if words.isupper():
        return True
    significant = [token for token in tokens if token.lower() not in _SMALL_WORDS]
    return bool(significant) and all(token[0].isupper() for token in significant)


# "Item 3 - Initial term", "Part 2: Fees": a word, a number, a dash or colon, a title.
_NUMBERED_TITLE = re.compile(r"^[A-Z][a-z]+\s+\d{1,3}[A-Za-z]?\s*[-–—:]\s*[A-Z]")


def is_title_line(line: str) -> bool:
    """A short line that titles what follows, with no sentence end: "Fees and Payment",
    "Item 3 - Initial Term and renewal periods"."""
    stripped = line.strip()
    return (0 < len(stripped) <= 80 and not stripped.endswith((".", ",", ";", ":"))
            and not _SENTENCE_INSIDE.search(stripped)
            and (_looks_like_title(stripped) or _NUMBERED_TITLE.match(stripped) is not None))


def _heading_only(rest: str) -> bool:
    """A short line with no sentence in it: 'TERM AND TERMINATION', 'Fees'."""
    stripped = rest.strip().rstrip(".:")
    return (bool(stripped) and len(stripped) <= 90 and _looks_like_title(stripped)
            and not _SENTENCE_INSIDE.search(stripped))


def _titled(mark: str, rest: str) -> bool:
    """"Art. 14 - Change of control": after a keyword, its number and a dash or a colon, a
    short line in sentence case is the section's title too."""
    stripped = rest.strip()
    return (bool(re.search(r"[-–—:]\s*$", mark)) and len(_WORD.findall(stripped)) <= 10
            and len(stripped) <= 90 and not stripped.endswith((".", ";", ","))
            and not _SENTENCE_INSIDE.search(stripped))


def _level_of(number: str) -> int:
    return number.count(".") + 1 if number[0].isdigit() else 1


def recognise_section(text: str, heading_level: int | None = None) -> SectionMark | None:
    """The section mark a paragraph opens with, if any."""
    line = text.strip()
    if not line:
        return None
    markdown = _MARKDOWN_HEADING.match(line)
    if markdown:
        heading_level = len(markdown.group("hashes"))
        line = markdown.group("rest").strip()
    number: str | None = None
    rest = line
    match = _KEYWORD_NUMBER.match(line)
    if match and line[match.end():match.end() + 1].islower():
        match = None  # "Section 5 shall survive ..." refers to a section, it does not open one
    keyword = match is not None
    if match:
        number = match.group("number")
        rest = line[match.end():]
    else:
        match = _BARE_NUMBER.match(line)
        # "12 Months" is not a section; a bare number needs a dot or a style to be one.
        if match and ("." in match.group("number") or match.group("dot") or heading_level):
            number = match.group("number").rstrip(".")
            rest = line[match.end():]
    if number is None:
        if heading_level is not None or (line.isupper() and len(line) > 3 and _heading_only(line)):
            return SectionMark(None, line.rstrip(".:").strip() or None, heading_level or 1, True)
        return None
    level = heading_level if heading_level and not number[0].isdigit() else _level_of(number)
    titled = keyword and _titled(line[:len(line) - len(rest)], rest)
    if not rest.strip() or _heading_only(rest) or titled:
        heading = rest.strip().rstrip(".:").strip() or None
        return SectionMark(number, heading, level, True)
    run_in = _RUN_IN.match(rest)
    heading = None
    if run_in and _looks_like_title(run_in.group("heading")):
        heading = run_in.group("heading").strip()
    return SectionMark(number, heading, level, False)


def build_document(
    path: str,
    format: str,
    blocks: list[Block],
    *,
    source_text: str | None = None,
    pages: int | None = None,
    raw: bytes = b"",
    warnings: list[str] | None = None,
) -> Document:
    """Lay blocks out as one text (or keep source_text's offsets) and group them into sections."""
    pieces: list[str] = []
    position = 0
    paragraphs: list[Paragraph] = []
    sections: list[Section] = [Section(number=None, heading=None, level=0)]
    for block in blocks:
        text = block.text
        if not text.strip():
            continue
        if source_text is not None and block.start is not None:
            start = block.start
        else:
            if pieces:
                pieces.append(PARAGRAPH_SEPARATOR)
                position += len(PARAGRAPH_SEPARATOR)
            start = position
            pieces.append(text)
            position += len(text)
        mark = recognise_section(text, block.heading_level)
        kind = block.kind
        if mark is not None:
            sections.append(Section(number=mark.number, heading=mark.heading, level=mark.level))
            if mark.is_heading_only:
                kind = "heading"
        current = sections[-1]
        paragraph = Paragraph(
            index=len(paragraphs) + 1,
            start=start,
            end=start + len(text),
            text=text,
            page=block.page,
            kind=kind,
            section_number=current.number,
            section_heading=current.heading,
        )
        paragraphs.append(paragraph)
        current.paragraphs.append(paragraph)
    full_text = source_text if source_text is not None else "".join(pieces)
    return Document(
        path=path,
        format=format,
        text=full_text,
        paragraphs=paragraphs,
        sections=[section for section in sections if section.paragraphs],
        pages=pages,
        sha256=hashlib.sha256(raw).hexdigest() if raw else "",
        warnings=list(warnings or []),
    )

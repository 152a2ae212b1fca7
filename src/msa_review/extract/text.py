"""Plain text and Markdown: the decoded file is the document's text, offsets point into it."""

from __future__ import annotations

import codecs
import re

from msa_review.errors import InputError
from msa_review.extract.structure import (Block, build_document, is_label_line, is_table_row,
                                          is_title_line, recognise_section)
from msa_review.model import Document

_BLANK_LINES = re.compile(r"\n[ \t\f\v]*\n\s*")
# A line that opens a new paragraph even without a blank line before it.
_LINE_OPENER = re.compile(
    r"^\s*(?:#{1,6}\s|[-*+\u2022]\s|\d{1,3}(?:\.\d{1,3})+\.?\s|\d{1,3}\.\s|\([a-z0-9]{1,4}\)\s|"
    r"(?:section|article)\s+\d)",
    re.IGNORECASE,
)


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Control characters no text file holds (tab, line feed, form feed and carriage return do).
_CONTROL_BYTES = bytes(set(range(32)) - {9, 10, 11, 12, 13}) + b"\x7f"


def decode(raw: bytes, warnings: list[str]) -> str:
    """UTF-8 (with or without BOM) or UTF-16; anything else falls back to Windows-1252
    (Latin-1 for its five unassigned bytes) with a warning, never refused."""
    utf16 = _utf16_codec(raw)
    if utf16:
        text = raw.decode(utf16, errors="replace")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="_latin1_fallback")
            warnings.append("the file is not UTF-8; it was decoded as Windows-1252/Latin-1")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _utf16_codec(raw: bytes) -> str | None:
    """UTF-16 by its BOM, or without one by the NUL high bytes of ASCII text."""
    if raw.startswith(_UTF16_BOMS):
        return "utf-16"
    sample = raw[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _latin1_fallback(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    return error.object[error.start: error.end].decode("latin-1"), error.end


codecs.register_error("_latin1_fallback", _latin1_fallback)


def looks_binary(raw: bytes) -> bool:
    """Many control characters in the first 64 KB: an image, an archive, random bytes."""
    if _utf16_codec(raw):
        return False
    sample = raw[: 1 << 16]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > max(len(sample) // 20, 4)


def _split_block(text: str, start: int) -> list[Block]:
    """Split a blank-line block where a line opens a heading, a list item or a new clause."""
    lines = text.split("\n")
    blocks: list[Block] = []
    current_start = start
    current: list[str] = []
    offset = start
    for number, line in enumerate(lines):
        opens = number > 0 and (bool(_LINE_OPENER.match(line)) or (
            is_label_line(line) and is_label_line(lines[number - 1])) or (
            is_table_row(line) or is_table_row(lines[number - 1])))
        # A block's first line that is a title ("Item 3 - Initial Term") heads what follows.
        follows_heading = number > 0 and len(current) == 1 and (
            (recognise_section(current[0]) is not None
             and recognise_section(current[0]).is_heading_only)  # type: ignore[union-attr]
            or is_title_line(current[0]))
        if current and (opens or follows_heading):
            body = "\n".join(current)
            blocks.append(Block(text=body, start=current_start))
            current = []
            current_start = offset
        current.append(line)
        offset += len(line) + 1
    if current:
        blocks.append(Block(text="\n".join(current), start=current_start))
    return blocks


def _trimmed(block: Block) -> Block:
    stripped = block.text.strip()
    leading = len(block.text) - len(block.text.lstrip())
    assert block.start is not None
    return Block(text=stripped, start=block.start + leading)


def blocks_of(text: str) -> list[Block]:
    blocks: list[Block] = []
    position = 0
    for separator in [*_BLANK_LINES.finditer(text), None]:
        end = separator.start() if separator else len(text)
        chunk = text[position:end]
        if chunk.strip():
            blocks.extend(_trimmed(block) for block in _split_block(chunk, position) if block.text.strip())
        if separator:
            position = separator.end()
    return blocks


def extract_text(path: str, raw: bytes, format: str = "text") -> Document:
    warnings: list[str] = []
    if looks_binary(raw):
        raise InputError(f"{path}: binary data, not a text file", code="unsupported_format",
                         hint="msa-review reads .docx, .pdf, .txt and .md")
    text = decode(raw, warnings)
    if "\x00" in text:
        # A NUL would end the text for some readers; a space keeps every offset in place.
        text = text.replace("\x00", " ")
        warnings.append("the file holds NUL bytes; they were read as spaces")
    if not text.strip():
        raise InputError(f"{path}: the file holds no text", code="empty")
    return build_document(path, format, blocks_of(text), source_text=text, raw=raw, warnings=warnings)

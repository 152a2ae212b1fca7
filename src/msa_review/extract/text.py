"""Plain text and Markdown: the decoded file is the document's text, offsets point into it."""

from __future__ import annotations

import re

from msa_review.errors import InputError
from msa_review.extract.structure import Block, build_document, recognise_section
from msa_review.model import Document

_BLANK_LINES = re.compile(r"\n[ \t\f\v]*\n\s*")
# A line that opens a new paragraph even without a blank line before it.
_LINE_OPENER = re.compile(
    r"^\s*(?:#{1,6}\s|[-*+]\s|\d{1,3}(?:\.\d{1,3})+\.?\s|\d{1,3}\.\s|\([a-z0-9]{1,4}\)\s|"
    r"(?:section|article)\s+\d)",
    re.IGNORECASE,
)


def decode(raw: bytes, warnings: list[str]) -> str:
    """UTF-8 (with or without BOM); anything else falls back to Windows-1252 with a warning."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        warnings.append("the file is not UTF-8; it was decoded as Windows-1252/Latin-1")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _split_block(text: str, start: int) -> list[Block]:
    """Split a blank-line block where a line opens a heading, a list item or a new clause."""
    lines = text.split("\n")
    blocks: list[Block] = []
    current_start = start
    current: list[str] = []
    offset = start
    for number, line in enumerate(lines):
        opens = number > 0 and bool(_LINE_OPENER.match(line))
        follows_heading = (
            number > 0 and len(current) == 1 and recognise_section(current[0]) is not None
            and recognise_section(current[0]).is_heading_only  # type: ignore[union-attr]
        )
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
    if b"\x00" in raw[:4096] and raw.count(b"\x00") > len(raw) // 20:
        raise InputError(f"{path}: binary data, not a text file", code="unsupported_format")
    text = decode(raw, warnings)
    text = text.replace("\x00", " ")
    if not text.strip():
        raise InputError(f"{path}: the file holds no text", code="empty")
    return build_document(path, format, blocks_of(text), source_text=text, raw=raw, warnings=warnings)

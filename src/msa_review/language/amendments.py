"""Amendments bound with the agreement they change.

An amendment that prevails over the agreement rewrites it: "Section 3.2 of the Agreement is
deleted in its entirety and replaced with the following: ..." takes the original section out
(its replacement, quoted in the amendment, is read where it stands), and "Section 10.1 of the
Agreement is amended by deleting the words "thirty-six months" and replacing them with
"twenty-four months"" changes the words of the original section. Only the agreement's own
sections are rewritten ("of the Agreement"), and only sections that stand before the
amendment; a schedule's sections with the same number are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from msa_review.model import Document, Paragraph

_SECTION = r"(?:Section|Clause|Article|Paragraph)\s+(?P<number>\d{1,3}(?:\.\d{1,3}){0,3})"
_OF_AGREEMENT = r"\s+of\s+(?:the|this)\s+(?:Agreement|MSA|Master\s+(?:Services?\s+)?Agreement)\b"
_OPEN = "[\"“]"
_CLOSE = "[\"”]"

# "Section 3.2 of the Agreement is hereby deleted in its entirety (and replaced ...)"
_DELETED = re.compile(
    _SECTION + _OF_AGREEMENT + r"\s+(?:is|shall\s+be)\s+(?:hereby\s+)?"
    r"(?:deleted|replaced|amended\s+and\s+restated)\s+in\s+(?:its|their)\s+entirety",
    re.IGNORECASE,
)
# "Section 10.1 of the Agreement is amended by deleting the words "X" and replacing them
# with "Y"", "In Section 12.1 of the Agreement, the words "X" are deleted and replaced with "Y""
_WORDS_REPLACED = re.compile(
    r"(?:" + _SECTION + _OF_AGREEMENT + r"\s+(?:is|shall\s+be)\s+(?:hereby\s+)?amended\s+by\s+"
    r"(?:deleting|replacing)\s+(?:the\s+words?\s+)?" + _OPEN + r"(?P<old>[^\"“”]{1,200})" + _CLOSE +
    r"\s+(?:and\s+replacing\s+(?:it|them)\s+)?with\s+" + _OPEN + r"(?P<new>[^\"“”]{1,200})" + _CLOSE +
    r"|\bIn\s+(?:Section|Clause|Article|Paragraph)\s+(?P<number2>\d{1,3}(?:\.\d{1,3}){0,3})"
    + _OF_AGREEMENT + r",?\s+the\s+words?\s+" + _OPEN + r"(?P<old2>[^\"“”]{1,200})" + _CLOSE +
    r"\s+(?:is|are)\s+(?:hereby\s+)?(?:deleted\s+and\s+)?replaced\s+(?:with|by)\s+" + _OPEN +
    r"(?P<new2>[^\"“”]{1,200})" + _CLOSE + ")",
    re.IGNORECASE,
)


@dataclass
class Amendments:
    deleted: set[int] = field(default_factory=set)  # indexes of paragraphs taken out
    replaced: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # index -> (old, new)

    def rewrite(self, paragraph: Paragraph, text: str) -> str | None:
        """The text as amended, or None when the amendment deleted it."""
        if paragraph.index in self.deleted:
            return None
        for old, new in self.replaced.get(paragraph.index, []):
            text = text.replace(old, new)
        return text


def _section(document: Document, number: str, before: int) -> list[Paragraph]:
    """The first run of paragraphs numbered as the section, before the amendment."""
    run: list[Paragraph] = []
    for paragraph in document.paragraphs:
        if paragraph.start >= before:
            break
        inside = paragraph.section_number == number or (
            paragraph.section_number or "").startswith(number + ".")
        if inside:
            run.append(paragraph)
        elif run:
            break
    return run


def find_amendments(document: Document) -> Amendments:
    amendments = Amendments()
    text = document.text
    if "amend" not in text.lower():
        return amendments
    for match in _DELETED.finditer(text):
        amendments.deleted.update(p.index for p in _section(document, match.group("number"), match.start()))
    for match in _WORDS_REPLACED.finditer(text):
        number = match.group("number") or match.group("number2")
        old = match.group("old") or match.group("old2")
        new = match.group("new") or match.group("new2")
        for paragraph in _section(document, number, match.start()):
            if old in paragraph.text:
                amendments.replaced.setdefault(paragraph.index, []).append((old, new))
    return amendments

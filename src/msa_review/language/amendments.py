"""Amendments that replace words of a numbered section: "Section 10.1 of the Agreement is
amended by deleting the words "thirty-six (36) months" and replacing them with "twenty-four
(24) months"". A clause of that section is read as amended."""

from __future__ import annotations

import re
from dataclasses import dataclass

from msa_review.model import Document, Paragraph

_QUOTED = r"[\"“]([^\"“”]{1,200})[\"”]"
# A section of the agreement or of a schedule ("Section 6(c) of Statement of Work No. 1"): the
# words replaced are looked for in the clauses numbered as that section.
_AMENDMENT = re.compile(
    r"\b(?:Section|Clause|Article)\s+(?P<number>\d+(?:\.\d+)*)(?:\s*\([a-z0-9]{1,3}\))*"
    r"(?:\s+of\s+(?:the|this)\s+(?:Agreement|Contract|MSA|Master\s+(?:Services?\s+)?Agreement)"
    r"|\s+of\s+(?:the\s+)?(?:Statement\s+of\s+Work|SOW|Schedule|Exhibit|Annex|Appendix|Order\s+Form)"
    r"(?:\s+(?:No\.?\s*)?[\w-]{1,6})?)?"
    r"\s+(?:is|shall\s+be|are)\s+(?:hereby\s+)?amended\s+by\s+"
    r"(?:deleting|replacing|substituting|striking(?:\s+out)?)\s+(?:the\s+(?:words?|figures?|text)\s+)?"
    + _QUOTED
    + r"\s+(?:and\s+(?:replacing|substituting|inserting)\s+(?:it|them|the\s+same|therefor)\s+)?"
    r"(?:with|by|for)\s+(?:the\s+(?:words?|figures?|text)\s+)?" + _QUOTED,
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Replacement:
    section: str  # "10.1": the section and its subsections
    old: str
    new: str


# "In Section 12.1 of the Agreement, the words "up to 180 days" are deleted and replaced with
# "up to 60 days"": the same replacement, the section named first.
_IN_SECTION = re.compile(
    r"\bIn\s+(?:Section|Clause|Article)\s+(?P<number>\d+(?:\.\d+)*)"
    r"\s+of\s+(?:the|this)\s+(?:Agreement|Contract|MSA|Master\s+(?:Services?\s+)?Agreement),?"
    r"\s+the\s+(?:words?|figures?|text)\s+" + _QUOTED +
    r"\s+(?:is|are)\s+(?:hereby\s+)?(?:deleted\s+and\s+)?(?:replaced|substituted)\s+(?:with|by)\s+" + _QUOTED,
    re.IGNORECASE,
)


def replacements(document: Document) -> list[Replacement]:
    """The word replacements the document's amendments make, in the order written (a later
    amendment applies after an earlier one)."""
    found = [(match.start(), Replacement(match.group("number"), match.group(2), match.group(3)))
             for pattern in (_AMENDMENT, _IN_SECTION) for match in pattern.finditer(document.text)]
    return [replacement for _, replacement in sorted(found, key=lambda item: item[0])]


def _within(section: str, number: str) -> bool:
    """Section `section` is `number` or one of its subsections ("10.1.2" of "10.1")."""
    return section == number or section.startswith(number + ".")


def as_amended(text: str, section: str | None, found: list[Replacement]) -> str:
    """The text of a clause of `section` with the replacements made to that section."""
    if not section or not found:
        return text
    for replacement in found:
        if _within(section, replacement.section):
            text = text.replace(replacement.old, replacement.new)
    return text


# "Section 3.2 of the Agreement is hereby deleted in its entirety (and replaced with the
# following: ...)": the original section is no longer read; its replacement, quoted in the
# amendment, is read where it stands. Only the agreement's own sections, standing before the
# amendment (the first run of paragraphs so numbered, not a schedule's namesake).
_DELETED = re.compile(
    r"\b(?:Section|Clause|Article|Paragraph)\s+(?P<number>\d{1,3}(?:\.\d{1,3}){0,3})"
    r"\s+of\s+(?:the|this)\s+(?:Agreement|Contract|MSA|Master\s+(?:Services?\s+)?Agreement)\b"
    r"\s+(?:is|shall\s+be)\s+(?:hereby\s+)?(?:deleted|replaced|amended\s+and\s+restated)\s+in\s+(?:its|their)\s+entirety",
    re.IGNORECASE,
)


def _section_before(document: Document, number: str, before: int) -> list[Paragraph]:
    run: list[Paragraph] = []
    for paragraph in document.paragraphs:
        if paragraph.start >= before:
            break
        if _within(paragraph.section_number or "", number):
            run.append(paragraph)
        elif run:
            break
    return run


def deleted_paragraphs(document: Document) -> set[int]:
    """The indexes of the paragraphs of sections an amendment deletes in their entirety."""
    deleted: set[int] = set()
    for match in _DELETED.finditer(document.text):
        deleted.update(p.index for p in _section_before(document, match.group("number"), match.start()))
    return deleted

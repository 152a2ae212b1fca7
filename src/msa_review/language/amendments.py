"""Amendments that replace words of a numbered section: "Section 10.1 of the Agreement is
amended by deleting the words "thirty-six (36) months" and replacing them with "twenty-four
(24) months"". A clause of that section is read as amended."""

from __future__ import annotations

import re
from dataclasses import dataclass

from msa_review.model import Document

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


def replacements(document: Document) -> list[Replacement]:
    """The word replacements the document's amendments make, in the order written (a later
    amendment applies after an earlier one)."""
    return [Replacement(match.group("number"), match.group(2), match.group(3))
            for match in _AMENDMENT.finditer(document.text)]


def as_amended(text: str, section: str | None, found: list[Replacement]) -> str:
    """The text of a clause of `section` with the replacements made to that section."""
    if not section or not found:
        return text
    for replacement in found:
        if section == replacement.section or section.startswith(replacement.section + "."):
            text = text.replace(replacement.old, replacement.new)
    return text

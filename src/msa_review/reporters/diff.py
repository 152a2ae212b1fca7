"""Word-level difference between a clause and its proposed wording, for redlines.

The result is a list of segments (kept, deleted, inserted) such that the kept and deleted
segments spell the original and the kept and inserted segments spell the proposal. Short
islands of common words between two changes ("the", "of the") are folded into the change:
a lawyer reads "~~Provider may~~ Either party may" more easily than a word salad.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

EQUAL, DELETE, INSERT = "equal", "delete", "insert"
# "(30)" stays one token, so "thirty (30)" becomes "sixty (60)" as a whole.
_TOKEN = re.compile(r"\s+|\(\w+\)|\w+(?:['’]\w+)*|[^\w\s]")
_MIN_KEPT_WORDS = 3  # an island of fewer words between two changes becomes part of them


@dataclass(frozen=True)
class Segment:
    kind: str  # equal | delete | insert
    text: str


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _words(parts: list[str]) -> int:
    return sum(1 for part in parts if part.strip() and re.match(r"\w", part))


def word_diff(original: str, proposed: str) -> list[Segment]:
    """Segments turning `original` into `proposed`, word by word."""
    before, after = tokens(original), tokens(proposed)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    opcodes = matcher.get_opcodes()
    raw: list[tuple[str, list[str], list[str]]] = []  # kind, deleted/kept tokens, inserted tokens
    for position, (tag, a_start, a_end, b_start, b_end) in enumerate(opcodes):
        kept = before[a_start:a_end]
        inner = 0 < position < len(opcodes) - 1
        if tag == "equal" and inner and _words(kept) < _MIN_KEPT_WORDS:
            raw.append(("change", kept, after[b_start:b_end]))
        elif tag == "equal":
            raw.append(("equal", kept, []))
        else:
            raw.append(("change", kept, after[b_start:b_end]))
    segments: list[Segment] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            segments.append(Segment(DELETE, "".join(deleted)))
        if inserted:
            segments.append(Segment(INSERT, "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for kind, old, new in raw:
        if kind == "equal":
            flush()
            segments.append(Segment(EQUAL, "".join(old)))
        else:
            deleted.extend(old)
            inserted.extend(new)
    flush()
    return _merge(segments)


def _merge(segments: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for segment in segments:
        if not segment.text:
            continue
        if merged and merged[-1].kind == segment.kind:
            merged[-1] = Segment(segment.kind, merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return merged


def original_of(segments: list[Segment]) -> str:
    return "".join(segment.text for segment in segments if segment.kind != INSERT)


def proposal_of(segments: list[Segment]) -> str:
    return "".join(segment.text for segment in segments if segment.kind != DELETE)

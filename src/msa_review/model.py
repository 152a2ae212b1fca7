"""The one document model every extractor produces and everything downstream reads.

A document is its full extracted text plus a list of paragraphs that point into it by
character offsets, grouped into numbered sections. For plain text the full text is the
file's decoded text, so offsets point into the file itself; for DOCX and PDF it is the
paragraphs joined by blank lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Paragraph:
    """One block of body text: a paragraph, a list item, a table row or a heading."""

    index: int  # 1-based position among the document's paragraphs
    start: int  # character offsets into Document.text
    end: int
    text: str
    page: int | None = None  # 1-based page for PDF input, None otherwise
    kind: str = "body"  # body | heading | table
    section_number: str | None = None
    section_heading: str | None = None


@dataclass
class Section:
    """A numbered (or unnumbered) part of the contract and the paragraphs it holds."""

    number: str | None
    heading: str | None
    level: int
    paragraphs: list[Paragraph] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.paragraphs[0].start if self.paragraphs else 0

    @property
    def end(self) -> int:
        return self.paragraphs[-1].end if self.paragraphs else 0

    @property
    def label(self) -> str:
        parts = [part for part in (self.number, self.heading) if part]
        return " ".join(parts) if parts else "(preamble)"


@dataclass
class Document:
    path: str
    format: str  # docx | pdf | text | markdown
    text: str
    paragraphs: list[Paragraph]
    sections: list[Section]
    pages: int | None = None
    sha256: str = ""
    warnings: list[str] = field(default_factory=list)

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph holding a character offset (binary search over paragraph starts)."""
        low, high = 0, len(self.paragraphs) - 1
        while low <= high:
            middle = (low + high) // 2
            paragraph = self.paragraphs[middle]
            if offset < paragraph.start:
                high = middle - 1
            elif offset >= paragraph.end:
                low = middle + 1
            else:
                return paragraph
        return None

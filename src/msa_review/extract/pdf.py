"""PDF: text through pypdfium2 (fast), paragraphs rebuilt from lines.

Running headers, footers and page numbers are the lines that repeat at the top or bottom
of the pages; they are dropped. Words hyphenated across line ends are joined. pdfplumber,
which is built on the same pdfium, is not needed on this path: the line text is enough.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from msa_review.errors import InputError
from msa_review.extract.limits import Limits, check_pdf_streams
from msa_review.extract.structure import (Block, build_document, is_label_line, is_title_line,
                                          normalise_bullet, recognise_section)
from msa_review.extract.text import _LINE_OPENER
from msa_review.model import Document

_PAGE_NUMBER = re.compile(
    r"^\s*(?:page\s+)?[-–—(]?\s*\d{1,4}\s*[-–—)]?\s*(?:(?:of|/)\s*\d{1,4})?\s*$", re.IGNORECASE
)
_DIGITS = re.compile(r"\d+")
_EDGE_LINES = 3  # how many lines at each edge of a page may be a running header/footer
_SENTENCE_END = re.compile(r"[.:;!?\"”)]\s*$")


def _open(path: str, raw: bytes, password: str | None) -> object:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(raw, password=password)
    except pdfium.PdfiumError as error:
        message = str(error).lower()
        if "password" in message:
            raise InputError(
                f"{path}: the PDF is encrypted" + (" and the password is wrong" if password else ""),
                code="encrypted",
                hint="pass its password with --password",
            ) from None
        reason = re.search(r"PDFium: ([^)]*)", str(error))
        raise InputError(f"{path}: not a readable PDF ({reason.group(1).lower() if reason else error})",
                         code="corrupt") from None


@dataclass(frozen=True)
class Line:
    text: str
    top: float  # PDF user space: larger is higher on the page
    bottom: float
    left: float
    hyphenated: bool = False  # the line ends with a word broken by a hyphen


def _page_lines(textpage: object) -> list[Line]:
    """Text runs of a page (pdfium's rectangles) merged into lines, top to bottom.

    The page text is read once and cut at pdfium's line breaks; each line's rectangle comes
    from its character range. Reading each rectangle's text by its bounds instead costs a
    search over the whole page per rectangle, which made PDF extraction quadratic per page.
    """
    text = textpage.get_text_range()  # type: ignore[attr-defined]
    if len(text) != textpage.count_chars():  # type: ignore[attr-defined]
        return _merge_runs(_runs_by_bounds(textpage))  # text and char indices disagree
    runs: list[tuple[tuple[float, float, float, float], str]] = []
    position = 0
    for segment in text.split("\r\n"):
        start = position
        position += len(segment) + 2
        if not segment.strip():
            continue
        count = textpage.count_rects(start, len(segment))  # type: ignore[attr-defined]
        if count == 1:
            runs.append((textpage.get_rect(0), segment))  # type: ignore[attr-defined]
            continue
        for index in range(count):  # several runs on one line: read each by its bounds
            rect = textpage.get_rect(index)  # type: ignore[attr-defined]
            runs.append((rect, textpage.get_text_bounded(*rect)))  # type: ignore[attr-defined]
    return _merge_runs(runs)


def _runs_by_bounds(textpage: object) -> list[tuple[tuple[float, float, float, float], str]]:
    runs = []
    for index in range(textpage.count_rects()):  # type: ignore[attr-defined]
        rect = textpage.get_rect(index)  # type: ignore[attr-defined]
        runs.append((rect, textpage.get_text_bounded(*rect)))  # type: ignore[attr-defined]
    return runs


def _merge_runs(runs: list[tuple[tuple[float, float, float, float], str]]) -> list[Line]:
    lines: list[Line] = []
    for (left, bottom, right, top), text in runs:
        text = text.replace("\r", "").replace("\n", " ").replace("\x00", "")
        hyphenated = text.endswith(("\x02", "\ufffe"))
        text = normalise_bullet(text.rstrip("\x02\ufffe").replace("\x02", "-").replace("\ufffe", ""))
        if not text.strip():
            continue
        if lines and abs(lines[-1].top - top) < 0.5 * (top - bottom) and left >= lines[-1].left:
            previous = lines[-1]
            lines[-1] = Line(previous.text + " " + text, max(previous.top, top),
                             min(previous.bottom, bottom), previous.left, hyphenated)
        else:
            lines.append(Line(text, top, bottom, left, hyphenated))
    return lines


def page_lines(path: str, raw: bytes, password: str | None = None,
               limits: Limits | None = None) -> list[list[Line]]:
    """The text lines of every page, in order."""
    import pypdfium2 as pdfium

    limits = limits or Limits()
    pdf = _open(path, raw, password)
    try:
        count = len(pdf)  # type: ignore[arg-type]
        if count > limits.max_pdf_pages:
            raise InputError(f"{path}: {count} pages, over the limit of {limits.max_pdf_pages}",
                             code="too_large", hint="raise it with --max-pages")
        pages: list[list[Line]] = []
        for number in range(count):
            try:
                page = pdf[number]  # type: ignore[index]
            except pdfium.PdfiumError:
                raise InputError(f"{path}: page {number + 1} of the PDF is damaged",
                                 code="corrupt") from None
            try:
                textpage = page.get_textpage()
                try:
                    pages.append(_page_lines(textpage))
                finally:
                    textpage.close()
            except pdfium.PdfiumError:
                raise InputError(f"{path}: the text of page {number + 1} cannot be read",
                                 code="corrupt") from None
            finally:
                page.close()
        return pages
    finally:
        pdf.close()  # type: ignore[attr-defined]


def _mask(line: Line) -> str:
    return _DIGITS.sub("#", line.text.strip())


def _running_lines(pages: list[list[Line]]) -> set[str]:
    """Edge lines that recur on many pages, digits masked ('Page 3 of 9' ~ 'Page 4 of 9')."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        edges = lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]
        counts.update({_mask(line) for line in edges})
    threshold = max(2, (len(pages) + 1) // 2)
    return {line for line, seen in counts.items() if seen >= threshold}


def _body_lines(pages: list[list[Line]]) -> list[tuple[int, Line]]:
    running = _running_lines(pages)
    body: list[tuple[int, Line]] = []
    for number, lines in enumerate(pages, start=1):
        edge = set(range(min(_EDGE_LINES, len(lines)))) | set(
            range(max(0, len(lines) - _EDGE_LINES), len(lines)))
        for position, line in enumerate(lines):
            if position in edge and (_mask(line) in running or _PAGE_NUMBER.match(line.text)):
                continue
            body.append((number, line))
    return body


_BROKEN_WORD = re.compile(r"[A-Za-z]-$")
_LAST_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*-?$")
_LETTERS = re.compile(r"[A-Za-z]+")
_COMPOUND = re.compile(r"\b[a-z]+(?:-[a-z]+)+\b")
_TENS = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
_UNITS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}


class Lexicon:
    """The words and hyphenated compounds a document writes inside its lines: they tell a
    compound broken at its own hyphen ("twenty-" / "one") from a word a typesetter broke
    ("agree-" / "ment"). Read from the lines when a first line-end hyphen asks."""

    def __init__(self, lines: list[Line]) -> None:
        self._lines = lines
        self._words: set[str] | None = None
        self._compounds: set[str] = set()

    def _read(self) -> set[str]:
        if self._words is None:
            self._words = set()
            for line in self._lines:
                # A line's first and last words may be halves of a broken one: not counted.
                rest = line.text.lower().split(None, 1)[1:]
                inner = rest[0].rsplit(None, 1)[:-1] if rest else []
                if inner:
                    self._words.update(_LETTERS.findall(inner[0]))
                    self._compounds.update(_COMPOUND.findall(inner[0]))
        return self._words

    def keeps_hyphen(self, head: str, tail: str) -> bool:
        """Whether `head-` at a line's end and `tail` on the next are one hyphenated word."""
        head, tail = head.lower(), tail.lower()
        words = self._read()
        if f"{head}-{tail}" in self._compounds:
            return True  # written so elsewhere
        if head.replace("-", "") + tail in words:
            return False  # written as one word elsewhere
        if "-" in head:
            return True  # a chain: "month-to-" / "month"
        if head in _TENS and tail in _UNITS:
            return True  # "twenty-" / "one"
        # Both halves words of their own ("Subscriber-" / "level"), not syllables ("termi-").
        return head in words and tail in words


_NO_LEXICON = Lexicon([])


def _join(previous: str, line: Line, hyphenated: bool, lexicon: Lexicon = _NO_LEXICON) -> str:
    text = line.text.strip()
    broken = not hyphenated and text[:1].islower() and text[:1].isascii() and bool(
        _BROKEN_WORD.search(previous))
    if not (hyphenated or broken):
        return previous + " " + text
    head = previous[:-1] if broken else previous
    last, first = _LAST_WORD.search(head), _LETTERS.match(text)
    if last and first and lexicon.keeps_hyphen(last.group(0), first.group(0)):
        return head + "-" + text
    return head + text


def blocks_from_lines(body: list[tuple[int, Line]]) -> list[Block]:
    pitches = [previous.top - line.top for (page_a, previous), (page_b, line) in zip(body, body[1:])
               if page_a == page_b and 0 < previous.top - line.top < 4 * (line.top - line.bottom + 1)]
    # Line pitch inside a paragraph: the lower quartile, as paragraph gaps are the rarer ones.
    pitch = sorted(pitches)[len(pitches) // 4] if pitches else 0.0
    lengths = [len(line.text.strip()) for _, line in body if len(line.text.strip()) > 20]
    lexicon = Lexicon([line for _, line in body])
    typical = statistics.median(lengths) if lengths else 80.0
    blocks: list[Block] = []
    text = ""
    page: int | None = None
    previous: Line | None = None
    previous_page = 0
    previous_heading = False  # whether the line before was read as a heading
    headings: dict[str, bool] = {}  # each line is asked twice: as itself, then as the previous

    def is_heading(line: str) -> bool:
        known = headings.get(line)
        if known is None:
            known = headings[line] = _is_heading_line(line)
        return known

    for number, line in body:
        stripped = line.text.strip()
        gap = previous is not None and number == previous_page and pitch > 0 and (
            previous.top - line.top > 1.35 * pitch)
        short_end = previous is not None and len(previous.text.strip()) < 0.75 * typical and bool(
            _SENTENCE_END.search(previous.text))
        # A line that carries on the sentence of the line above is not a heading, however
        # it looks ("FOUR THOUSAND FIVE HUNDRED" / "EUROS (EUR 4,500)."), unless it has a number.
        carries_on = (previous is not None and number == previous_page and not gap
                      and not previous_heading and _carries_a_sentence(previous.text)
                      and _unnumbered(stripped))
        heading = is_heading(stripped) and not carries_on
        new_paragraph = (
            not text
            or gap
            or short_end
            # "Section 4.1." wrapped to the start of a line is a reference, not a new clause;
            # after a line that ends a sentence, or stops short ("12. Change of control"), a
            # number opens one.
            or (bool(_LINE_OPENER.match(stripped)) and (
                previous is None or bool(_SENTENCE_END.search(previous.text))
                or len(previous.text.strip()) < 0.6 * typical))
            or (previous is not None and is_label_line(stripped) and is_label_line(previous.text))
            or previous_heading
            or heading
            # A short title line ("Item 3 - Initial Term") heads the lines below it.
            or (previous is not None and len(previous.text.strip()) < 0.6 * typical
                and is_title_line(previous.text))
        )
        if new_paragraph:
            if text:
                blocks.append(Block(text=text, page=page))
            text, page = stripped, number
        else:
            text = _join(text, line, previous.hyphenated if previous else False, lexicon)
        previous, previous_page, previous_heading = line, number, heading
    if text:
        blocks.append(Block(text=text, page=page))
    return blocks


def _carries_a_sentence(line: str) -> bool:
    """A line of words that stops mid-sentence (not a label line or a rule of underscores)."""
    return (not _SENTENCE_END.search(line) and any(character.isalpha() for character in line)
            and not is_label_line(line))


def _unnumbered(line: str) -> bool:
    mark = recognise_section(line)
    return mark is None or mark.number is None


def _is_heading_line(line: str) -> bool:
    mark = recognise_section(line)
    return mark is not None and mark.is_heading_only


def extract_pdf(path: str, raw: bytes, password: str | None = None,
                limits: Limits | None = None) -> Document:
    if not raw.lstrip()[:1024].startswith(b"%PDF") and b"%PDF" not in raw[:1024]:
        raise InputError(f"{path}: not a PDF file (no %PDF header)", code="corrupt")
    check_pdf_streams(path, raw, limits or Limits())
    pages = page_lines(path, raw, password, limits)
    if not any(line.text.strip() for lines in pages for line in lines):
        raise InputError(
            f"{path}: the PDF has no text layer (a scan or images only)",
            code="no_text_layer" if pages else "empty",
            hint="OCR it first, e.g. ocrmypdf in.pdf out.pdf" if pages else None,
        )
    blocks = blocks_from_lines(_body_lines(pages))
    return build_document(path, "pdf", blocks, pages=len(pages), raw=raw)

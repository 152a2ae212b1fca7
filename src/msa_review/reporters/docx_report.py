"""The Word redline: the contract with native tracked changes and comments for each gap.

For DOCX input it is the original document, formatting kept, with each proposed
replacement as deletions and insertions (word by word) and each fallback clause as an
inserted paragraph, all by author "msa-review", plus a comment at the evidence explaining
the gap. For PDF and text input it is a new document built from the extracted text with
the same marks. The lawyer accepts or rejects each change in Word or LibreOffice.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from msa_review.findings import Review
from msa_review.model import Document
from msa_review.reporters import Options
from msa_review.reporters.diff import DELETE, EQUAL, INSERT, word_diff
from msa_review.reporters.view import DocumentView, FindingView, build_document
from msa_review.reporters.wordml import (
    Normalised,
    Revisions,
    anchor_comment,
    find_in,
    normalise,
    outer,
    paragraph_text,
    q,
    split_runs,
)
from msa_review.scan import Result

AUTHOR = "msa-review"
INITIALS = "MR"


def report(results: list[Result], options: Options) -> bytes:
    reviews = [result for result in results if isinstance(result, Review)]
    if not reviews:
        raise ValueError("no readable contract to redline")
    return redline(reviews[0], options)


def redline(review: Review, options: Options, original: bytes | None = None) -> bytes:
    """The Word redline of one review; `original` is the DOCX file's bytes (read from the
    document's path when not given)."""
    import docx

    view = build_document(review)
    source = review.document
    if source.format == "docx":
        raw = original if original is not None else _read_original(source)
        word = docx.Document(io.BytesIO(raw))
        paragraphs = _body_paragraphs(word)
        by_index: dict[int, Any] = {}
    else:
        word, by_index = _document_from_text(source, options)
        paragraphs = _body_paragraphs(word)
    now = options.now or datetime.now(UTC).replace(microsecond=0)
    editor = _Editor(word, source, paragraphs, by_index, Revisions(word.element, AUTHOR, now))
    # Every place is found in the text as reviewed, before any change moves the text.
    plans = [editor.plan(finding) for finding in view.findings if finding.is_gap]
    # Comments alone leave the text as it is, so they go first; a replacement rewrites it.
    for plan in sorted(plans, key=lambda plan: plan.action != "comment"):
        editor.execute(plan)
    _set_properties(word, view, options)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _read_original(source: Document) -> bytes:
    """The DOCX file again, as it was when it was reviewed: offsets must still fit."""
    import hashlib

    from msa_review.errors import InputError

    try:
        raw = Path(source.path).read_bytes()
    except OSError as error:
        raise InputError(f"{source.path}: cannot be read again for the redline "
                         f"({error.strerror})", code="not_found") from None
    if source.sha256 and hashlib.sha256(raw).hexdigest() != source.sha256:
        raise InputError(f"{source.path}: the file changed while it was reviewed",
                         code="changed", hint="scan it again")
    return raw


def _body_paragraphs(word: Any) -> list[Any]:
    body = word.element.body
    return [p for p in body.iter(q("p")) if not any(
        ancestor.tag == q("txbxContent") for ancestor in p.iterancestors())]


def _document_from_text(source: Document, options: Options) -> tuple[Any, dict[int, Any]]:
    """A plain Word document holding the extracted text, headings styled as headings."""
    import docx

    word = docx.Document()
    kind = {"pdf": "PDF", "markdown": "Markdown file"}.get(source.format, "text file")
    word.sections[0].header.paragraphs[0].text = (
        f"Redline of {Path(source.path).name}, built from the text of the {kind}")
    levels = {paragraph.index: section.level for section in source.sections
              for paragraph in section.paragraphs}
    by_index: dict[int, Any] = {}
    for paragraph in source.paragraphs:
        text = " ".join(paragraph.text.split("\n"))  # hard-wrapped lines join; offsets keep
        if paragraph.kind == "heading":
            made = word.add_heading(text, level=min(max(levels.get(paragraph.index, 1), 1), 3))
        else:
            made = word.add_paragraph(text)
        by_index[paragraph.index] = made._p
    return word, by_index


def _set_properties(word: Any, view: DocumentView, options: Options) -> None:
    properties = word.core_properties
    properties.comments = (f"Redline by {AUTHOR} {options.tool_version}: "
                           f"{view.verdict.headline}. {view.verdict.detail}")
    if not properties.title:
        properties.title = f"Redline of {view.name}"


@dataclass
class _Plan:
    """Where one finding's marks go, found before any change is made."""

    finding: FindingView
    action: str  # replace | insert | comment
    paragraph: Any | None  # the Word paragraph (insert: the one to insert after)
    start: int = 0  # replace, comment: offsets in the paragraph's visible text
    end: int = 0
    note: str = ""


class _Editor:
    def __init__(self, word: Any, source: Document, paragraphs: list[Any],
                 by_index: dict[int, Any], revisions: Revisions):
        self.word = word
        self.source = source
        self.paragraphs = paragraphs
        self.by_index = by_index
        self.revisions = revisions
        self.last_inserted: dict[int, Any] = {}  # anchor paragraph -> last paragraph inserted
        self.edited: set[int] = set()  # paragraphs a replacement has rewritten

    # -- locating model text in the Word paragraphs --

    def _candidates(self, index: int | None) -> list[Any]:
        if index is not None and index in self.by_index:
            return [self.by_index[index]] + [p for p in self.paragraphs
                                             if p is not self.by_index[index]]
        if index is None:
            return self.paragraphs
        # Nearest first: model paragraph numbers count non-empty Word paragraphs roughly.
        return sorted(self.paragraphs, key=lambda p: abs(self.paragraphs.index(p) + 1 - index))

    def locate(self, text: str, index: int | None) -> tuple[Any, int, int] | None:
        for paragraph in self._candidates(index):
            found = find_in(paragraph_text(paragraph)[0], text)
            if found:
                return paragraph, found[0], found[1]
        return None

    def locate_paragraph(self, index: int | None) -> Any | None:
        if index is None:
            return None
        if index in self.by_index:
            return self.by_index[index]
        model = self.source.paragraphs[index - 1] if 0 < index <= len(self.source.paragraphs) else None
        if model is None:
            return None
        found = self.locate(model.text, index)
        return found[0] if found else None

    # -- applying one finding --

    def plan(self, finding: FindingView) -> _Plan:
        redline = finding.redline
        if redline is None:
            evidence = finding.evidence[0] if finding.evidence else None
            found = self.locate(evidence.quote, evidence.paragraph) if evidence else None
            return _Plan(finding, "comment", *(found or (None, 0, 0)))
        if redline.action == "replace" and redline.original:
            found = self.locate(redline.original, redline.anchor_paragraph)
            if found:
                return _Plan(finding, "replace", *found)
            start = self.locate(redline.original[:60], redline.anchor_paragraph)
            return _Plan(finding, "insert", start[0] if start else None, note=(
                "The quoted clause could not be matched in the Word text; the proposed wording "
                "is inserted after it."))
        return _Plan(finding, "insert", self.locate_paragraph(redline.anchor_paragraph))

    def execute(self, plan: _Plan) -> None:
        finding = plan.finding
        if plan.action == "replace" and plan.paragraph is not None:
            if id(plan.paragraph) in self.edited:  # another finding already rewrote it
                self._insert(finding, plan.paragraph, note=(
                    "This clause is also changed for another finding; the proposed wording "
                    "is inserted after it."))
                return
            self.edited.add(id(plan.paragraph))
            self._replace(finding, plan.paragraph, plan.start, plan.end)
        elif plan.action == "insert":
            self._insert(finding, plan.paragraph, plan.note)
        elif plan.paragraph is not None:
            self._comment_only(finding, plan.paragraph, plan.start, plan.end)

    def _replace(self, finding: FindingView, paragraph: Any, start: int, end: int) -> None:
        redline = finding.redline
        assert redline is not None
        # The word diff is taken against the Word text itself (it may lack a list number the
        # extracted text has), then each segment is placed in the paragraph's visible text.
        visible = paragraph_text(paragraph)[0]
        segments = word_diff(normalise(visible[start:end]), redline.text)
        edges = _segment_edges(visible, start, end,
                               [(segment.kind, segment.text) for segment in segments])
        spans = split_runs(paragraph, [start, end] + [edge for _, edge, _ in edges])
        touched: list[Any] = []
        previous_run: Any | None = None
        cursor_element: Any | None = None  # insert after this; None: before the quote
        first_in_quote = next((span.run for span in spans if span.start >= start
                               and span.end > span.start), None)
        for kind, edge_start, text in edges:
            if kind == INSERT:
                like = previous_run if previous_run is not None else first_in_quote
                insertion = self.revisions.insertion(text, like)
                if cursor_element is not None:
                    cursor_element.addnext(insertion)
                elif first_in_quote is not None:
                    outer(first_in_quote).addprevious(insertion)
                else:
                    paragraph.append(insertion)
                cursor_element = insertion
                touched.append(insertion)
                continue
            edge_end = edge_start + len(text)
            for span in spans:
                if span.end <= span.start or not (edge_start <= span.start and span.end <= edge_end):
                    continue
                element = self.revisions.delete(span.run) if kind == DELETE else span.run
                previous_run = span.run
                cursor_element = element
                touched.append(element)
        if touched:
            self._comment(finding, touched[0], touched[-1])

    def _insert(self, finding: FindingView, anchor: Any | None, note: str = "") -> None:
        assert finding.redline is not None
        text = finding.redline.text
        like = anchor
        if anchor is None:
            body = self.word.element.body
            anchor_key = -1
            after = self.last_inserted.get(anchor_key)
            new = self.revisions.inserted_paragraph(text, None)
            if after is not None:
                after.addnext(new)
            else:
                section_properties = body.find(q("sectPr"))
                if section_properties is not None:
                    section_properties.addprevious(new)
                else:
                    body.append(new)
        else:
            anchor_key = id(anchor)
            after = self.last_inserted.get(anchor_key, anchor)
            new = self.revisions.inserted_paragraph(text, like)
            after.addnext(new)
        self.last_inserted[anchor_key] = new
        insertion = new.find(q("ins"))
        self._comment(finding, insertion, insertion, note)

    def _comment_only(self, finding: FindingView, paragraph: Any, start: int, end: int) -> None:
        spans = split_runs(paragraph, [start, end])
        inside = [span.run for span in spans if start <= span.start and span.end <= end
                  and span.end > span.start]
        if inside:
            self._comment(finding, outer(inside[0]), outer(inside[-1]))

    def _comment(self, finding: FindingView, first: Any, last: Any, note: str = "") -> None:
        heading = (f"{finding.status_label.upper()} · {finding.severity_label} · "
                   f"{finding.title} ({finding.rule_id})")
        lines = [heading, finding.explanation]
        if finding.why:
            lines.append(f"Why it matters: {finding.why}")
        if finding.redline is not None:
            replaced_here = finding.redline.action == "replace" and not note
            lines.append("Proposed: the tracked changes here." if replaced_here
                         else "Proposed: the inserted clause.")
        if note:
            lines.append(note)
        comment = self.word.comments.add_comment(text="\n".join(lines), author=AUTHOR,
                                                 initials=INITIALS)
        anchor_comment(first, last, comment.comment_id)


def _segment_edges(text: str, start: int, end: int,
                   segments: list[tuple[str, str]]) -> list[tuple[str, int, str]]:
    """Each segment with its start in the paragraph text; inserted text has no extent there.

    Segments spell the whitespace-normalised quote; the paragraph may space it differently,
    so kept and deleted text is measured in the paragraph itself.
    """
    quote = Normalised(text[start:end])
    edges: list[tuple[str, int, str]] = []
    position = 0  # in the normalised quote
    for kind, segment in segments:
        if kind == INSERT:
            edges.append((kind, start + quote.start_of(position) if position else start, segment))
            continue
        begin = start + (quote.start_of(position) if position < len(quote.text) else len(
            text[start:end]))
        position += len(segment)
        finish = start + quote.end_of(position)
        edges.append((kind, begin, text[begin:finish]))
    return [(kind, edge, segment) for kind, edge, segment in edges
            if kind == INSERT or segment] or [(EQUAL, start, text[start:end])]

"""Tracked changes and comment anchors in WordprocessingML, on python-docx's lxml tree.

python-docx (1.2) writes the comments part; revision marks (`w:ins`, `w:del`) it does not
write, so they are made here. A paragraph is seen as its visible text (runs outside
deletions) with each run's span in it; a change splits runs at its edges, wraps deleted
runs in `w:del` (their text becoming `w:delText`) and adds new runs, with the formatting
of the run they follow, inside `w:ins`.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_RUNS = (".//w:r[not(ancestor::w:del) and not(ancestor::w:moveFrom)"
         " and not(ancestor::w:txbxContent)]")
_IDS = "//@w:id"
_EMPHASIS = ("b", "bCs", "i", "iCs", "u", "strike", "dstrike", "highlight", "color", "shd",
             "caps", "smallCaps", "vanish", "rStyle")
_CHARACTER = {"tab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-"}


def q(name: str) -> str:
    return f"{{{W}}}{name}"


def _local(element: Any) -> str:
    return str(element.tag).rsplit("}", 1)[-1]


def child_text(child: Any) -> str:
    tag = _local(child)
    if tag == "t":
        return child.text or ""
    return _CHARACTER.get(tag, "")


@dataclass
class RunSpan:
    run: Any
    start: int
    end: int


def runs_of(paragraph: Any) -> list[Any]:
    return list(_xpath(_RUNS)(paragraph))


def _xpath(expression: str) -> Any:
    from lxml import etree

    return etree.XPath(expression, namespaces={"w": W})


def paragraph_text(paragraph: Any) -> tuple[str, list[RunSpan]]:
    """The visible text of a paragraph and where each run sits in it."""
    spans: list[RunSpan] = []
    parts: list[str] = []
    offset = 0
    for run in runs_of(paragraph):
        text = "".join(child_text(child) for child in run)
        spans.append(RunSpan(run, offset, offset + len(text)))
        parts.append(text)
        offset += len(text)
    return "".join(parts), spans


class Normalised:
    """Whitespace-collapsed text with a map back to positions in the original text."""

    def __init__(self, text: str):
        chars: list[str] = []
        positions: list[int] = []
        for position, char in enumerate(text):
            if char.isspace():
                if not chars or chars[-1] == " ":
                    continue
                chars.append(" ")
            else:
                chars.append(char)
            positions.append(position)
        while chars and chars[-1] == " ":
            chars.pop()
            positions.pop()
        self.text = "".join(chars)
        self.positions = positions
        self.length = len(text)

    def start_of(self, index: int) -> int:
        return self.positions[index] if index < len(self.positions) else self.length

    def end_of(self, index: int) -> int:
        """The original position just after normalised character `index - 1`."""
        return self.positions[index - 1] + 1 if index > 0 else 0


def normalise(text: str) -> str:
    return " ".join(text.split())


_LABEL = re.compile(r"^(?:\(?[0-9A-Za-z]{1,4}(?:\.[0-9]{1,3})*[.)]?\s+)")


def find_in(paragraph_text_: str, quote: str) -> tuple[int, int] | None:
    """Where a (whitespace-normalised) quote sits in a paragraph's text, as original offsets.

    The extracted text may carry a list number Word renders itself ("5.3 "), so a quote
    that is not found is tried again without a leading number.
    """
    haystack = Normalised(paragraph_text_)
    wanted = normalise(quote)
    for candidate in (wanted, _LABEL.sub("", wanted, count=1)):
        if not candidate:
            continue
        index = haystack.text.find(candidate)
        if index >= 0:
            return haystack.start_of(index), haystack.end_of(index + len(candidate))
    return None


def split_run_at(run: Any, offset: int) -> Any:
    """Split a run so that its first `offset` characters stay and the rest move to a new run
    right after it (same formatting). Returns the new run."""
    tail = copy.deepcopy(run)
    for child in list(tail):
        if _local(child) != "rPr":
            tail.remove(child)
    position = 0
    moving = False
    for child in list(run):
        if _local(child) == "rPr":
            continue
        if moving:
            tail.append(child)  # lxml moves the element
            continue
        text = child_text(child)
        if position + len(text) <= offset:
            position += len(text)
            if position == offset:
                moving = True
            continue
        # the split falls inside this text node
        cut = offset - position
        rest = copy.deepcopy(child)
        child.text = text[:cut]
        rest.text = text[cut:]
        child.set(XML_SPACE, "preserve")
        rest.set(XML_SPACE, "preserve")
        tail.append(rest)
        moving = True
    run.addnext(tail)
    return tail


def split_runs(paragraph: Any, offsets: list[int]) -> list[RunSpan]:
    """Split runs so that every offset falls on a run boundary; return the new spans."""
    for offset in sorted(set(offsets)):
        _, spans = paragraph_text(paragraph)
        for span in spans:
            if span.start < offset < span.end:
                split_run_at(span.run, offset - span.start)
                break
    return paragraph_text(paragraph)[1]


class Revisions:
    """Makes revision marks and comment anchors with one author, date and id counter."""

    def __init__(self, root: Any, author: str, date: datetime):
        self.author = author
        self.date = date.strftime("%Y-%m-%dT%H:%M:%SZ")
        ids = [int(value) for value in _xpath(_IDS)(root)
               if str(value).lstrip("-").isdigit()]
        self._next_id = max(ids, default=0) + 1

    def _mark(self, name: str) -> Any:
        from lxml import etree

        element = etree.Element(q(name), nsmap={"w": W})
        element.set(q("id"), str(self._next_id))
        element.set(q("author"), self.author)
        element.set(q("date"), self.date)
        self._next_id += 1
        return element

    def delete(self, run: Any) -> Any:
        """Wrap a run in `w:del`; its text becomes deleted text. Returns the wrapper."""
        wrapper = self._mark("del")
        run.addprevious(wrapper)
        wrapper.append(run)
        for child in run:
            if _local(child) == "t":
                child.tag = q("delText")
            elif _local(child) == "instrText":
                child.tag = q("delInstrText")
        return wrapper

    def insertion(self, text: str, like: Any | None, *, plain: bool = False) -> Any:
        """A `w:ins` holding one run with `text`, formatted like the run `like` (its font and
        size only, when `plain`: a new clause does not inherit a bold run-in heading)."""
        from lxml import etree

        wrapper = self._mark("ins")
        run = etree.SubElement(wrapper, q("r"))
        properties = like.find(q("rPr")) if like is not None else None
        if properties is not None:
            properties = copy.deepcopy(properties)
            dropped = ("rPrChange",) + (_EMPHASIS if plain else ())
            for child in list(properties):
                if _local(child) in dropped:
                    properties.remove(child)
            run.append(properties)
        node = etree.SubElement(run, q("t"))
        node.text = text
        node.set(XML_SPACE, "preserve")
        return wrapper

    def inserted_paragraph(self, text: str, like: Any | None) -> Any:
        """A new paragraph, its text and its paragraph mark tracked as inserted."""
        from lxml import etree

        paragraph = etree.Element(q("p"), nsmap={"w": W})
        properties = etree.SubElement(paragraph, q("pPr"))
        style = like.find(f"{q('pPr')}/{q('pStyle')}") if like is not None else None
        if style is not None and not re.match(r"(?i)heading|title", style.get(q("val"), "")):
            properties.append(copy.deepcopy(style))
        mark = etree.SubElement(properties, q("rPr"))
        mark.append(self._mark("ins"))
        body_runs = [run for run in runs_of(like) if "".join(map(child_text, run)).strip()] \
            if like is not None else []
        paragraph.append(self.insertion(text, body_runs[-1] if body_runs else None, plain=True))
        return paragraph


def outer(run: Any) -> Any:
    """The element that stands for a run among its siblings: its `w:del` wrapper, if any."""
    parent = run.getparent()
    return parent if parent is not None and _local(parent) == "del" else run


def anchor_comment(first: Any, last: Any, comment_id: int) -> None:
    """Mark the range first..last (siblings or not) as the text a comment refers to."""
    from lxml import etree

    start = etree.Element(q("commentRangeStart"), nsmap={"w": W})
    start.set(q("id"), str(comment_id))
    end = etree.Element(q("commentRangeEnd"), nsmap={"w": W})
    end.set(q("id"), str(comment_id))
    reference = etree.Element(q("r"), nsmap={"w": W})
    properties = etree.SubElement(reference, q("rPr"))
    etree.SubElement(properties, q("rStyle")).set(q("val"), "CommentReference")
    etree.SubElement(reference, q("commentReference")).set(q("id"), str(comment_id))
    first.addprevious(start)
    last.addnext(end)
    end.addnext(reference)

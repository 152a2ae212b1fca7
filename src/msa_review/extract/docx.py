"""DOCX with python-docx: body paragraphs and tables in reading order.

Word keeps automatic list numbering out of the paragraph text ("12.3" lives in
numbering.xml), so it is rendered here the way Word shows it. Tracked changes read as the
current text: insertions kept, deletions dropped. Headers and footers are not part of the
body and are never read.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from msa_review.errors import InputError
from msa_review.extract.limits import Limits, check_members, check_zip
from msa_review.extract.structure import Block, build_document, normalise_bullet
from msa_review.model import Document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
_TEXT_NODES = (
    ".//w:t[not(ancestor::w:del) and not(ancestor::w:moveFrom)]"
    " | .//w:tab[not(ancestor::w:del)] | .//w:br[not(ancestor::w:del)]"
    " | .//w:noBreakHyphen[not(ancestor::w:del)]"
)
_HEADING_STYLE = re.compile(r"^(?:heading|überschrift|titre|título)\s*(\d)$", re.IGNORECASE)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAX_NUMBER = 32767  # Word's own ceiling for a list's start value
_LEVELS = 9  # list levels 0..8


def _int(value: str | None, default: int, low: int = 0, high: int = _MAX_NUMBER) -> int:
    """An attribute as an int, clamped to what Word allows; a damaged value reads as default."""
    try:
        number = int(value) if value is not None else default
    except ValueError:
        return default
    return min(max(number, low), high)


def _q(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class _Numbering:
    """Renders Word's automatic numbering: counters per list, per level."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId -> ilvl -> level
    abstract_of: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def from_part(cls, element: Any) -> "_Numbering":
        numbering = cls()
        if element is None:
            return numbering
        abstract_levels: dict[str, dict[int, _Level]] = {}
        for abstract in element.findall(_q("abstractNum")):
            levels: dict[int, _Level] = {}
            for lvl in abstract.findall(_q("lvl")):
                level = _Level()
                fmt = lvl.find(_q("numFmt"))
                text = lvl.find(_q("lvlText"))
                start = lvl.find(_q("start"))
                if fmt is not None:
                    level.fmt = fmt.get(_q("val"), "decimal")
                if text is not None:
                    level.text = text.get(_q("val"), "")
                if start is not None:
                    level.start = _int(start.get(_q("val")), 1)
                levels[_int(lvl.get(_q("ilvl")), 0, high=_LEVELS - 1)] = level
            abstract_levels[abstract.get(_q("abstractNumId"), "")] = levels
        for num in element.findall(_q("num")):
            num_id = num.get(_q("numId"), "")
            abstract_ref = num.find(_q("abstractNumId"))
            abstract_id = abstract_ref.get(_q("val"), "") if abstract_ref is not None else ""
            numbering.abstract_of[num_id] = abstract_id
            numbering.levels[num_id] = abstract_levels.get(abstract_id, {})
            for override in num.findall(_q("lvlOverride")):
                start = override.find(_q("startOverride"))
                if start is not None:
                    numbering.overrides.setdefault(num_id, {})[
                        _int(override.get(_q("ilvl")), 0, high=_LEVELS - 1)
                    ] = _int(start.get(_q("val")), 1)
        return numbering

    def render(self, num_id: str, ilvl: int) -> str:
        levels = self.levels.get(num_id)
        if not levels or num_id == "0":
            return ""
        # Lists that share an abstract definition continue one another, as in Word.
        key = self.abstract_of.get(num_id, num_id)
        counters = self.counters.setdefault(key, [0] * 9)
        starts = [self._start(num_id, level) for level in range(9)]
        if counters[ilvl] == 0:
            counters[ilvl] = starts[ilvl]
        else:
            counters[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        level = levels.get(ilvl, _Level())
        if level.fmt == "bullet":
            # Word draws the bullet from a symbol font; "•" says the same: a list item,
            # which a lead-in ending in ":" reads with its items.
            return "•"
        if level.fmt == "none":
            return ""

        def number(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            value = counters[index] or starts[index]
            fmt = levels.get(index, _Level()).fmt
            return _format_number(value, fmt if index != ilvl else level.fmt)

        return re.sub(r"%(\d)", number, level.text).strip()

    def _start(self, num_id: str, ilvl: int) -> int:
        override = self.overrides.get(num_id, {}).get(ilvl)
        if override is not None:
            return override
        level = self.levels.get(num_id, {}).get(ilvl)
        return level.start if level else 1


def _roman(value: int) -> str:
    numerals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = []
    for amount, numeral in numerals:
        while value >= amount:
            out.append(numeral)
            value -= amount
    return "".join(out)


def _letters(value: int) -> str:
    letter = chr(ord("a") + (value - 1) % 26)
    return letter * ((value - 1) // 26 + 1)


def _format_number(value: int, fmt: str) -> str:
    value = min(value, _MAX_NUMBER)  # a damaged list must not spell out a million letters
    if fmt == "lowerLetter":
        return _letters(value)
    if fmt == "upperLetter":
        return _letters(value).upper()
    if fmt == "lowerRoman":
        return _roman(value)
    if fmt == "upperRoman":
        return _roman(value).upper()
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


@functools.cache
def _text_nodes() -> Any:
    """The text-node query, compiled once (compiling it per paragraph was most of its cost)."""
    from lxml import etree

    return etree.XPath(_TEXT_NODES, namespaces=NS)


def _paragraph_text(p: Any) -> str:
    parts: list[str] = []
    for node in _text_nodes()(p):
        tag = node.tag.rsplit("}", 1)[-1]
        if tag == "t":
            parts.append(node.text or "")
        elif tag == "tab":
            parts.append("\t")
        elif tag == "br":
            parts.append("\n")
        else:
            parts.append("-")
    return "".join(parts)


def _style_info(styles: dict[str, tuple[int | None, tuple[str, int] | None]], p: Any) -> tuple[
    int | None, tuple[str, int] | None
]:
    style = p.find(f"{_q('pPr')}/{_q('pStyle')}")
    style_id = style.get(_q("val")) if style is not None else None
    return styles.get(style_id or "", (None, None))


def _num_pr(p: Any) -> tuple[str, int] | None:
    num_pr = p.find(f"{_q('pPr')}/{_q('numPr')}")
    if num_pr is None:
        return None
    num_id = num_pr.find(_q("numId"))
    ilvl = num_pr.find(_q("ilvl"))
    if num_id is None:
        return None
    level = _int(ilvl.get(_q("val")), 0, high=_LEVELS - 1) if ilvl is not None else 0
    return num_id.get(_q("val"), "0"), level


def _styles_table(document: Any) -> dict[str, tuple[int | None, tuple[str, int] | None]]:
    """style id -> (heading level, numbering the style carries)."""
    table: dict[str, tuple[int | None, tuple[str, int] | None]] = {}
    try:
        styles = document.styles.element
    except (KeyError, AttributeError):
        return table
    for style in styles.findall(_q("style")):
        style_id = style.get(_q("styleId"), "")
        name_el = style.find(_q("name"))
        name = name_el.get(_q("val"), "") if name_el is not None else ""
        level: int | None = None
        heading = _HEADING_STYLE.match(name.strip()) or _HEADING_STYLE.match(style_id)
        if heading:
            level = int(heading.group(1))
        elif name.strip().lower() == "title":
            level = 1
        outline = style.find(f"{_q('pPr')}/{_q('outlineLvl')}")
        if level is None and outline is not None:
            value = _int(outline.get(_q("val")), 9, high=9)
            level = value + 1 if value < 9 else None
        num = _num_pr(style)
        table[style_id] = (level, num)
    return table


def _check_container(path: str, raw: bytes, limits: Limits) -> None:
    if raw.startswith(_OLE_MAGIC):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o" in raw:
            raise InputError(
                f"{path}: the document is password-protected",
                code="encrypted",
                hint="remove the password in Word (File > Info > Protect Document) and scan again",
            )
        raise InputError(
            f"{path}: a legacy Word 97-2003 (.doc) file, not DOCX",
            code="legacy_doc",
            hint="convert it, e.g. libreoffice --headless --convert-to docx FILE",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile as error:
        raise InputError(f"{path}: not a valid DOCX file ({error})", code="corrupt") from None
    with archive:
        check_zip(path, archive, limits)
        if "word/document.xml" not in archive.namelist():
            raise InputError(f"{path}: not a Word document (no word/document.xml)", code="corrupt")
        check_members(path, raw, archive, limits)


def extract_docx(path: str, raw: bytes, limits: Limits | None = None) -> Document:
    import docx  # imported here: only DOCX input pays for it
    from docx.opc.exceptions import PackageNotFoundError

    limits = limits or Limits()
    _check_container(path, raw, limits)
    try:
        document = docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise InputError(f"{path}: not a valid DOCX file ({error})", code="corrupt") from None
    except InputError:  # the time limit, say: not a damaged file
        raise
    except Exception as error:  # lxml syntax errors and the like: a damaged part
        raise InputError(f"{path}: the DOCX file is damaged ({type(error).__name__})",
                         code="corrupt") from None
    try:
        numbering_part = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        numbering_part = None
    numbering = _Numbering.from_part(numbering_part)
    styles = _styles_table(document)
    blocks: list[Block] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            blocks.extend(_paragraph_blocks(child, numbering, styles))
        elif tag == "tbl":
            blocks.extend(_table_blocks(child))
        elif tag == "sdt":  # content controls wrap ordinary paragraphs
            for p in child.iter(_q("p")):
                blocks.extend(_paragraph_blocks(p, numbering, styles))
    return build_document(path, "docx", blocks, raw=raw)


def _paragraph_blocks(p: Any, numbering: _Numbering, styles: dict[str, Any]) -> list[Block]:
    heading_level, style_num = _style_info(styles, p)
    outline = p.find(f"{_q('pPr')}/{_q('outlineLvl')}")
    if outline is not None and heading_level is None:
        value = _int(outline.get(_q("val")), 9, high=9)
        heading_level = value + 1 if value < 9 else None
    text = _paragraph_text(p)
    num = _num_pr(p) or style_num
    label = numbering.render(*num) if num else ""
    if not text.strip():
        return []
    if label:
        text = f"{label} {text.lstrip()}"
    return [Block(text=normalise_bullet(text.strip()), heading_level=heading_level)]


def _table_blocks(tbl: Any) -> list[Block]:
    """One block per table row, cells joined by ' | ' (nested tables read in place)."""
    blocks: list[Block] = []
    for row in tbl.findall(_q("tr")):
        cells = []
        for cell in row.findall(_q("tc")):
            cell_text = " ".join(
                _paragraph_text(p).strip() for p in cell.iter(_q("p")) if _paragraph_text(p).strip()
            )
            cells.append(cell_text)
        if any(cells):
            blocks.append(Block(text=" | ".join(cells), kind="table"))
    return blocks

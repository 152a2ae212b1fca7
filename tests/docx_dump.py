"""A Word redline as readable text, for gold files and assertions.

Deleted text shows as [-...-], inserted text as [+...+], a paragraph whose mark is
inserted starts with (+), a comment's range as {N: ... :N}; the comments follow.
"""

from __future__ import annotations

import io
from typing import Any

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def q(name: str) -> str:
    return f"{{{W}}}{name}"


def _state(element: Any, paragraph: Any) -> str:
    for ancestor in element.iterancestors():
        if ancestor is paragraph:
            break
        if ancestor.tag == q("del"):
            return "del"
        if ancestor.tag == q("ins"):
            return "ins"
    return "kept"


def paragraph_line(paragraph: Any) -> str:
    parts: list[tuple[str, str]] = []
    for element in paragraph.iter():
        if element.tag in (q("t"), q("delText")):
            parts.append((_state(element, paragraph), element.text or ""))
        elif element.tag == q("tab"):
            parts.append((_state(element, paragraph), "\t"))
        elif element.tag == q("commentRangeStart"):
            parts.append(("mark", "{" + element.get(q("id")) + ": "))
        elif element.tag == q("commentRangeEnd"):
            parts.append(("mark", " :" + element.get(q("id")) + "}"))
    out: list[str] = []
    previous = "kept"
    for state, text in parts:
        if state != previous:
            out.append({"del": "-]", "ins": "+]"}.get(previous, ""))
            out.append({"del": "[-", "ins": "[+"}.get(state, ""))
            previous = state if state != "mark" else "kept"
        out.append(text)
    out.append({"del": "-]", "ins": "+]"}.get(previous, ""))
    marker = paragraph.find(f"{q('pPr')}/{q('rPr')}/{q('ins')}")
    style = paragraph.find(f"{q('pPr')}/{q('pStyle')}")
    prefix = "(+) " if marker is not None else ""
    label = f"<{style.get(q('val'))}> " if style is not None else ""
    return prefix + label + "".join(out)


def dump(raw: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(raw))
    lines = [paragraph_line(p) for p in document.element.body.iter(q("p"))]
    lines.append("")
    lines.append("--- comments ---")
    for comment in document.comments:
        lines.append(f"{comment.comment_id} {comment.author} ({comment.initials}):")
        lines.extend(f"    {paragraph.text}" for paragraph in comment.paragraphs)
    return "\n".join(lines) + "\n"

"""Jinja environments for report templates: the shipped ones, or a firm's own file.

Contract text is untrusted. HTML templates are always autoescaped, whatever their name;
Markdown templates escape with the `md` filter. A user's template runs sandboxed and may
extend the shipped one (`{% extends "reports/report.html.j2" %}`) to override a block.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from msa_review.resources import templates_dir

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_BLOCK_OPENER = re.compile(r"^(?:[#+\-=]|\d+[.)])")


def markdown_escape(value: object) -> str:
    """Text that renders literally in Markdown, HTML included (`<script>` stays text)."""
    return _escape_inline(" ".join(str(value).split()))


def markdown_redline(segments: list[Any]) -> str:
    """A word-level redline in Markdown: ~~deleted~~ and **inserted**, spaces outside marks."""
    marks = {"delete": "~~", "insert": "**"}
    parts = []
    for segment in segments:
        text = re.sub(r"\s", " ", segment.text)
        core = text.strip()
        if not core:
            parts.append(text)
            continue
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()):]
        mark = marks.get(segment.kind, "")
        parts.append(f"{lead}{mark}{_escape_inline(core, at_line_start=False)}{mark}{trail}")
    return _escape_line_start("".join(parts))


def _escape_inline(text: str, at_line_start: bool = True) -> str:
    text = text.replace("&", "&amp;")
    text = _MARKDOWN_SPECIAL.sub(lambda match: {"<": "&lt;", ">": "&gt;"}.get(
        match.group(1), "\\" + match.group(1)), text)
    return _escape_line_start(text) if at_line_start else text


def _escape_line_start(text: str) -> str:
    # Text placed at the start of a line must not open a heading, a list or a quote.
    return _BLOCK_OPENER.sub(
        lambda match: match.group(0)[:-1] + "\\" + match.group(0)[-1], text, count=1)


def environment(*, html: bool, user_template: Path | None = None) -> Any:
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    loaders: list[Any] = [jinja2.FileSystemLoader(str(templates_dir()))]
    if user_template is not None:
        loaders.insert(0, jinja2.FileSystemLoader(str(user_template.resolve().parent)))
    options: dict[str, Any] = {
        "loader": jinja2.ChoiceLoader(loaders),
        "autoescape": html,
        "undefined": jinja2.StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
    }
    env = SandboxedEnvironment(**options) if user_template is not None else jinja2.Environment(
        **options)
    env.filters["md"] = markdown_escape
    env.filters["md_redline"] = markdown_redline
    return env


def render(shipped_name: str, view: Any, *, html: bool, user_template: Path | None = None) -> str:
    env = environment(html=html, user_template=user_template)
    name = user_template.name if user_template is not None else shipped_name
    return str(env.get_template(name).render(report=view))

"""Output formats: one module per format, each with one `report(results, options)` function."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from msa_review.scan import Result

FORMATS = ("text", "json", "csv", "html", "markdown", "docx")
BINARY_FORMATS = ("docx",)  # written to a file with -o, never to a terminal


@dataclass
class Options:
    color: bool = False
    tool_version: str = ""
    template: Path | None = None  # a firm's own HTML or Markdown template
    now: datetime | None = None  # the date of tracked changes (Word); None: the current time
    extra: dict[str, object] = field(default_factory=dict)


def reporter(name: str) -> Callable[[list["Result"], Options], str | bytes]:
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}")
    module = importlib.import_module(f"msa_review.reporters.{name}_report")
    return module.report  # type: ignore[no-any-return]

"""Output formats: one module per format, each with one `report(results, options)` function."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from msa_review.scan import Result

FORMATS = ("text", "json", "csv")


@dataclass
class Options:
    color: bool = False
    tool_version: str = ""
    extra: dict[str, object] = field(default_factory=dict)


def reporter(name: str) -> Callable[[list["Result"], Options], str]:
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}")
    module = importlib.import_module(f"msa_review.reporters.{name}_report")
    return module.report  # type: ignore[no-any-return]

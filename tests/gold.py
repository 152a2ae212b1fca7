"""Gold files: each report's output, locked down. `pytest --update-gold` accepts a change.

Reports are rendered with the tool version "<version>"; the parts that still differ from
run to run (dates, the checkout's path) are scrubbed before comparing, so a gold file
changes only when the report does.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

GOLD_DIR = Path(__file__).resolve().parent / "gold"
ROOT = Path(__file__).resolve().parent.parent
_DATES = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z?")


def scrub(text: str) -> str:
    text = text.replace(str(ROOT), "<repo>")
    return _DATES.sub("<date>", text)


class Gold:
    def __init__(self, update: bool):
        self.update = update

    def check(self, name: str, actual: str) -> None:
        path = GOLD_DIR / name
        actual = scrub(actual)
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        assert path.exists(), f"no gold file {path.name}: run `python3 -m pytest --update-gold`"
        expected = path.read_text(encoding="utf-8")
        if actual != expected:
            diff = "".join(difflib.unified_diff(
                expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                f"gold/{name}", "actual", n=2))
            raise AssertionError(
                f"{name} differs from its gold file (accept a deliberate change with "
                f"`python3 -m pytest --update-gold`):\n{diff[:6000]}")

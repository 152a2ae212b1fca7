"""Progress of a batch on a terminal, and the closing summary line.

The bar (files done / total, rate, time left) is drawn on stderr only when stderr is a
terminal; redirected to a file or a pipe it draws nothing, so logs stay clean.
"""

from __future__ import annotations

import shutil
import time
from typing import TextIO

from msa_review.findings import SEVERITY_ORDER, Review
from msa_review.scan import Failure, Result


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class ProgressBar:
    """`[#####-----] 120/500 files  14.2/s  ETA 0:27`, redrawn at most ten times a second."""

    def __init__(self, total: int, stream: TextIO, *, enabled: bool | None = None) -> None:
        self.total = total
        self.stream = stream
        self.enabled = stream.isatty() if enabled is None else enabled
        self.done = 0
        self.started = time.monotonic()
        self._drawn_at = 0.0
        self._width = 0
        self._first_done: float | None = None  # the rate is measured from here: no start-up

    def advance(self, result: Result | None = None) -> None:
        self.done += 1
        now = time.monotonic()
        if self._first_done is None:
            self._first_done = now
        if self.enabled and (now - self._drawn_at >= 0.1 or self.done == self.total):
            self._drawn_at = now
            self._draw(now)

    def line(self, now: float | None = None) -> str:
        now = now if now is not None else time.monotonic()
        if self.done >= 2 and self._first_done is not None and now > self._first_done:
            rate = (self.done - 1) / (now - self._first_done)
        else:
            rate = self.done / (now - self.started) if now > self.started else 0.0
        remaining = (self.total - self.done) / rate if rate > 0 else None
        columns = shutil.get_terminal_size((80, 20)).columns
        counts = f" {self.done}/{self.total} files  {rate:.1f}/s"
        counts += f"  ETA {_duration(remaining)}" if remaining is not None else "  ETA -:--"
        bar_width = max(10, min(40, columns - len(counts) - 3))
        filled = bar_width * self.done // self.total if self.total else bar_width
        return f"[{'#' * filled}{'-' * (bar_width - filled)}]{counts}"

    def _draw(self, now: float) -> None:
        text = self.line(now)
        self.stream.write("\r" + text.ljust(self._width))
        self.stream.flush()
        self._width = len(text)

    def close(self) -> None:
        """Erase the bar so what follows starts on a clean line."""
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0


def summary_line(results: list[Result], *, from_cache: int = 0,
                 seconds: float | None = None) -> str:
    """`500 files: scanned 498, unreadable 2; gaps: critical 4, high 10, medium 7, low 1`."""
    reviews = [result for result in results if isinstance(result, Review)]
    unreadable = sum(1 for result in results if isinstance(result, Failure))
    gaps = {severity: 0 for severity in SEVERITY_ORDER}
    for review in reviews:
        for finding in review.findings:
            if finding.is_gap:
                gaps[finding.severity] = gaps.get(finding.severity, 0) + 1
    line = f"{len(results)} files: scanned {len(reviews)}, unreadable {unreadable}; gaps: "
    line += ", ".join(f"{severity} {count}" for severity, count in gaps.items())
    if from_cache:
        line += f"; {from_cache} from cache"
    if seconds is not None:
        line += f"; {_duration(seconds)}"
    return line

"""The cycle collector's pace in msa-review's own processes (the command line, batch workers).

A run builds its long-lived objects first (spaCy's vocabulary and tokenizer rules, the
playbook's patterns) and then makes little cyclic garbage. At the collector's default pace
it walks all of them again and again, for nothing.
Library callers keep their own settings: only the entry points call these.
"""

from __future__ import annotations

import gc

THRESHOLDS = (200_000, 20, 20)  # allocations before a young collection; young ones per older


def collect_rarely() -> None:
    gc.set_threshold(*THRESHOLDS)


def keep_what_is_built() -> None:
    """Everything alive now stays: the collector stops walking it, and processes forked
    from here keep sharing its memory pages instead of copying them."""
    gc.freeze()

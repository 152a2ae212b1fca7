"""Rule test cases as data: tests/cases/<group>/<name>.yaml holds the cases of rule group.name.

The loading and running live in msa_review.cases (`msa-review rules validate` runs them too).
"""

from __future__ import annotations

from pathlib import Path

from msa_review.cases import CASE_KINDS, DEFAULT_PREAMBLE, Case
from msa_review.cases import load_cases as _load_cases

CASES_DIR = Path(__file__).resolve().parent / "cases"

__all__ = ["CASES_DIR", "CASE_KINDS", "DEFAULT_PREAMBLE", "Case", "load_cases"]


def load_cases(root: Path = CASES_DIR) -> list[Case]:
    return _load_cases(root)

"""Scanning: from paths to reviews, one result per input, unreadable inputs reported."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from msa_review.errors import InputError
from msa_review.extract.limits import Limits
from msa_review.findings import Review
from msa_review.playbook import Playbook

SCANNABLE = (".docx", ".pdf", ".txt", ".md", ".markdown")


@dataclass
class Failure:
    """An input that could not be read: its path and the error a user can act on."""

    path: str
    error: InputError

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path, "error": self.error.as_dict()}


Result = Review | Failure


def expand(paths: list[str]) -> list[str]:
    """Files as given; folders walked recursively for contract files, hidden ones skipped."""
    files: list[str] = []
    for given in paths:
        path = Path(given)
        if path.is_dir() and path.suffix.lower() not in SCANNABLE:
            for root, folders, names in os.walk(path):
                folders[:] = sorted(folder for folder in folders if not folder.startswith("."))
                for name in sorted(names):
                    if not name.startswith(".") and Path(name).suffix.lower() in SCANNABLE:
                        files.append(str(Path(root) / name))
        else:
            files.append(given)
    return files


def scan_file(path: str, playbook: Playbook, *, password: str | None = None,
              limits: Limits | None = None) -> Result:
    from msa_review.engine import review
    from msa_review.extract import extract

    try:
        document = extract(path, password=password, limits=limits)
    except InputError as error:
        return Failure(path, error)
    return review(document, playbook)

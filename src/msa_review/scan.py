"""Scanning: from paths to reviews, one result per input, unreadable inputs reported."""

from __future__ import annotations

from dataclasses import dataclass

from msa_review.errors import InputError
from msa_review.extract.limits import Limits
from msa_review.findings import Review
from msa_review.playbook import Playbook


@dataclass
class Failure:
    """An input that could not be read: its path and the error a user can act on."""

    path: str
    error: InputError

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path, "error": self.error.as_dict()}


Result = Review | Failure


def scan_file(path: str, playbook: Playbook, *, password: str | None = None,
              limits: Limits | None = None) -> Result:
    """Extract and review one file within the limits; any failure comes back as a Failure."""
    from msa_review.engine import review
    from msa_review.extract import extract
    from msa_review.extract.limits import time_limit

    limits = limits or Limits()
    try:
        with time_limit(limits.seconds, path):
            document = extract(path, password=password, limits=limits)
            return review(document, playbook)
    except InputError as error:
        return Failure(path, error)
    except Exception as error:  # noqa: BLE001 -- a defect met on a damaged file must not end the batch
        return Failure(path, unexpected_error(path, error))


def unexpected_error(path: str, error: Exception) -> InputError:
    """An exception no extractor anticipated, as an error a user can read (no traceback)."""
    if isinstance(error, MemoryError):
        return InputError(f"{path}: ran out of memory reading the file", code="too_large")
    if isinstance(error, RecursionError):
        return InputError(f"{path}: nested too deeply to read", code="corrupt")
    return InputError(f"{path}: could not be read ({type(error).__name__})",
                      code="internal_error", hint="a defect in msa-review; please report it")

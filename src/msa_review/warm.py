"""Imported once by the process that forks the workers: load and warm the heavy parts.

Reviewing a short sample here builds the spaCy pipeline and every lazy cache, so each
worker forked afterwards starts warm. Failing here costs only speed, never a result.
"""

from __future__ import annotations

from msa_review.collector import collect_rarely, keep_what_is_built

_SAMPLE = b"""MASTER SERVICES AGREEMENT

This Agreement is made between Sample Telecom Ltd. ("Customer") and Sample Apps Inc. ("Provider").

1. Term

1.1 Either party may terminate this Agreement for convenience on sixty (60) days' written notice.
"""


def warm() -> None:
    collect_rarely()
    try:
        from msa_review.engine import review
        from msa_review.extract import extract_bytes
        from msa_review.playbook import load_playbook

        review(extract_bytes("warm-up.txt", _SAMPLE), load_playbook())
        from msa_review import pattern_cache

        pattern_cache.save()  # workers exit without running exit handlers
    except Exception:  # noqa: BLE001 - warming is an optimisation only
        pass
    for reader in ("docx", "pypdfium2"):  # the DOCX and PDF extractors import them lazily
        try:
            __import__(reader)
        except ImportError:
            pass


warm()
keep_what_is_built()  # workers are forked from this process

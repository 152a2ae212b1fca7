"""What a review returns: plain data, which reporters only format."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from msa_review.language.parties import Parties
from msa_review.model import Document

SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}
STATUS_ORDER = {"conflict": 0, "missing": 1, "partial": 2, "met": 3, "not_applicable": 4}
GAP_STATUSES = ("conflict", "missing", "partial")


@dataclass(frozen=True)
class Evidence:
    quote: str
    section: str | None
    heading: str | None
    page: int | None
    paragraph: int
    start: int
    end: int

    def as_dict(self) -> dict[str, Any]:
        return {"quote": self.quote, "section": self.section, "heading": self.heading,
                "page": self.page, "paragraph": self.paragraph, "start": self.start,
                "end": self.end}


@dataclass(frozen=True)
class Redline:
    action: str  # replace | insert
    original: str | None
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"action": self.action, "original": self.original, "text": self.text}


@dataclass
class Finding:
    rule_id: str
    title: str
    status: str
    severity: str
    explanation: str
    params: dict[str, Any] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    redline: Redline | None = None
    why: str = ""

    @property
    def is_gap(self) -> bool:
        return self.status in GAP_STATUSES

    @property
    def fingerprint(self) -> str:
        """Identity that survives edits elsewhere: rule, status and normalised quotes."""
        quotes = " ".join(re.sub(r"\W+", " ", item.quote).strip().lower() for item in self.evidence)
        return hashlib.sha256(f"{self.rule_id}|{self.status}|{quotes}".encode()).hexdigest()[:16]

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "title": self.title,
            "status": self.status,
            "severity": self.severity,
            "params": dict(self.params),
            "explanation": self.explanation,
            "evidence": [item.as_dict() for item in self.evidence],
            "redline": self.redline.as_dict() if self.redline else None,
            "fingerprint": self.fingerprint,
        }


@dataclass
class Review:
    document: Document
    parties: Parties
    findings: list[Finding]

    def ordered(self) -> list[Finding]:
        """Gaps first by severity, then the rest; stable within a severity by rule id."""
        return sorted(self.findings, key=lambda finding: (
            not finding.is_gap, SEVERITY_ORDER[finding.severity], STATUS_ORDER[finding.status],
            finding.rule_id))

    def summary(self) -> dict[str, int]:
        counts = {status: 0 for status in ("met", "partial", "conflict", "missing", "not_applicable")}
        for finding in self.findings:
            counts[finding.status] += 1
        return counts

    def gaps_at_or_above(self, severity: str) -> list[Finding]:
        if severity == "never":
            return []
        limit = SEVERITY_ORDER[severity]
        return [f for f in self.findings if f.is_gap and SEVERITY_ORDER[f.severity] <= limit]

    def as_dict(self) -> dict[str, Any]:
        document = self.document
        return {
            "path": document.path,
            "sha256": document.sha256,
            "format": document.format,
            "pages": document.pages,
            "parties": {"client": self.parties.client.as_dict(),
                        "vendor": self.parties.vendor.as_dict()},
            "findings": [finding.as_dict() for finding in self.ordered()],
            "summary": self.summary(),
            "warnings": list(document.warnings),
        }

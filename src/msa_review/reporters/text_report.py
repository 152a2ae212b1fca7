"""A compact per-contract summary for a terminal."""

from __future__ import annotations

import textwrap

from msa_review.findings import Finding, Review
from msa_review.reporters import Options
from msa_review.scan import Failure, Result

_STATUS_LABEL = {"met": "MET", "partial": "PARTIAL", "conflict": "CONFLICT", "missing": "MISSING",
                 "not_applicable": "N/A"}
_COLOR = {"met": "32", "partial": "33", "conflict": "31;1", "missing": "31",
          "not_applicable": "2"}


def _paint(text: str, status: str, options: Options) -> str:
    return f"\033[{_COLOR[status]}m{text}\033[0m" if options.color else text


def _finding_lines(finding: Finding, options: Options) -> list[str]:
    label = _paint(f"{_STATUS_LABEL[finding.status]:<9}", finding.status, options)
    lines = [f"  {label} {finding.severity:<8} {finding.rule_id}  {finding.title}"]
    if finding.is_gap:
        lines += textwrap.wrap(finding.explanation, 88, initial_indent=" " * 21,
                               subsequent_indent=" " * 21)
        for evidence in finding.evidence[:1]:
            quote = " ".join(evidence.quote.split())
            if len(quote) > 160:
                quote = quote[:157] + "..."
            lines.append(f"{'':21}{evidence.location}: \"{quote}\"")
    return lines


def _review_lines(review: Review, options: Options) -> list[str]:
    document = review.document
    parties = review.parties
    client = parties.client.name or parties.display("client")
    vendor = parties.vendor.name or parties.display("vendor")
    summary = review.summary()
    lines = [
        f"{document.path}  [{document.format}"
        + (f", {document.pages} pages" if document.pages else "") + "]",
        f"  client: {client} ({', '.join(parties.client.aliases) or 'not defined'})"
        f"   vendor: {vendor} ({', '.join(parties.vendor.aliases) or 'not defined'})",
        "  " + "  ".join(f"{_STATUS_LABEL[status].lower()} {count}" for status, count in summary.items()),
    ]
    for warning in document.warnings:
        lines.append(f"  warning: {warning}")
    for finding in review.ordered():
        lines += _finding_lines(finding, options)
    return lines


def report(results: list[Result], options: Options) -> str:
    blocks = []
    for result in results:
        if isinstance(result, Failure):
            blocks.append(f"{result.path}\n  error [{result.error.code}]: {result.error.line()}")
        else:
            blocks.append("\n".join(_review_lines(result, options)))
    return "\n\n".join(blocks) + "\n"

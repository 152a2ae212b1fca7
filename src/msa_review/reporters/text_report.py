"""A compact per-contract summary for a terminal: verdict, scorecard, then each finding.

Colour only when asked (the CLI turns it on for a terminal unless NO_COLOR is set);
without colour the output is plain text for logs and pipes.
"""

from __future__ import annotations

import re
import textwrap

from msa_review.reporters import Options
from msa_review.reporters.view import DocumentView, FailureView, FindingView, build_report
from msa_review.scan import Result

WIDTH = 88
INDENT = " " * 4
_STATUS_LABEL = {"met": "MET", "partial": "PARTIAL", "conflict": "CONFLICT", "missing": "MISSING",
                 "not_applicable": "N/A"}
_STATUS_COLOR = {"met": "32", "partial": "33", "conflict": "1;31", "missing": "31",
                 "not_applicable": "2"}
_SEVERITY_COLOR = {"critical": "1;31", "high": "31", "medium": "33", "low": "2"}
_VERDICT_COLOR = {"reject": "1;31", "negotiate": "1;33", "minor": "33", "clear": "1;32"}
# Contract text is untrusted: control characters (escape sequences) never reach a terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class _Painter:
    def __init__(self, enabled: bool):
        self.enabled = enabled

    def __call__(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.enabled and code else text


def _plain(text: str | None) -> str:
    return _CONTROL.sub("", text or "")


def _wrap(text: str, indent: str = INDENT) -> list[str]:
    return textwrap.wrap(" ".join(_plain(text).split()), WIDTH, initial_indent=indent,
                         subsequent_indent=indent) or [indent.rstrip()]


def _shorten(text: str, limit: int) -> str:
    text = " ".join(_plain(text).split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def _finding_lines(finding: FindingView, paint: _Painter) -> list[str]:
    status = paint(f"{_STATUS_LABEL[finding.status]:<9}", _STATUS_COLOR[finding.status])
    severity = paint(f"{finding.severity:<8}", _SEVERITY_COLOR.get(finding.severity, ""))
    lines = [f"  {status} {severity} {paint(finding.rule_id, '1')}  {_plain(finding.title)}"]
    if not finding.is_gap:
        return lines
    lines += _wrap(finding.explanation)
    for evidence in finding.evidence[:1]:
        lines += _wrap(f"{evidence.location}: \"{_shorten(evidence.quote, 200)}\"")
    if finding.redline is not None:
        verb = "replace with" if finding.redline.action == "replace" else "insert"
        lines += _wrap(f"{verb}: \"{_shorten(finding.redline.text, 200)}\"")
    return lines


def _document_lines(document: DocumentView, paint: _Painter) -> list[str]:
    facts = [document.format] + ([f"{document.pages} pages"] if document.pages else [])
    lines = [f"{paint(_plain(document.path), '1')}  [{', '.join(facts)}]"]
    for party in document.parties:
        role = party.role
        if party.identified:
            aliases = " or ".join(f'"{alias}"' for alias in party.aliases) or "no defined term"
            name = _plain(party.name) or "(name not stated)"
            lines.append(f"  {role}: {name} ({_plain(aliases)})")
        else:
            lines.append(f"  {role}: not identified")
    verdict = document.verdict
    lines.append(f"  {paint(verdict.headline, _VERDICT_COLOR[verdict.level])}: "
                 f"{document.scorecard.gaps} of {document.scorecard.checks} checks show a gap")
    lines.append("  " + "  ".join(f"{_STATUS_LABEL[count.key].lower()} {count.count}"
                                  for count in document.scorecard.statuses))
    for warning in document.warnings:
        lines.append(f"  warning: {_plain(warning)}")
    for finding in document.findings:
        if finding.is_gap:
            lines.append("")  # gaps carry several lines: keep them apart
        lines += _finding_lines(finding, paint)
    return lines


def _failure_lines(failure: FailureView) -> list[str]:
    line = f"  error [{failure.code}]: {_plain(failure.message)}"
    return [_plain(failure.path), line + (f" ({_plain(failure.hint)})" if failure.hint else "")]


def report(results: list[Result], options: Options) -> str:
    paint = _Painter(options.color)
    view = build_report(results, options.tool_version)
    blocks = ["\n".join(_failure_lines(entry) if isinstance(entry, FailureView)
                        else _document_lines(entry, paint)) for entry in view.entries]
    return "\n\n".join(blocks) + "\n"

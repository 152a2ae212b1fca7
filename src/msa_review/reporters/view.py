"""View models: what every human-facing report shows, computed once, formatted elsewhere.

Reporters fill these typed dataclasses from the review results and hand them to a
template (HTML, Markdown) or a writer (terminal, Word). All decisions a reader sees (the
verdict, the scorecard, where an inserted clause goes, the word-level redline) are made
here, so every format says the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from msa_review.findings import SEVERITY_ORDER, Evidence, Finding, Review
from msa_review.model import Document, Section
from msa_review.reporters.diff import INSERT, Segment, word_diff

STATUS_LABELS = {"met": "Met", "partial": "Partial", "conflict": "Conflict", "missing": "Missing",
                 "not_applicable": "Not applicable"}
SEVERITY_LABELS = {"critical": "Critical", "high": "High", "medium": "Medium", "low": "Low"}
ROLE_LABELS = {"client": "Client (the operator)", "vendor": "Vendor (the app supplier)",
               "other": "Other party (role not recognised)"}

# Where a clause the contract lacks belongs: the last section whose heading matches the
# rule's group. Groups not listed here (or not found) go at the end of the contract.
SECTION_HINTS = {
    "exit": r"terminat|exit|transition|wind[- ]down",
    "term": r"\bterm\b|renewal|duration|terminat",
    "ownership": r"intellectual property|ownership|publication|app stores?|marks|brand",
    "data": r"\bdata\b|privacy|protection|confidential",
    "license": r"licen[cs]|fees|pric|payment|charges",
    "sla": r"service levels?|\bsla\b|availability|support",
    "scope": r"services|scope|deliverables|application",
}


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class EvidenceView:
    quote: str
    location: str  # "§5.5 Effect of Termination, paragraph 24"
    section: str | None
    heading: str | None
    page: int | None
    paragraph: int
    start: int
    end: int


@dataclass(frozen=True)
class RedlineView:
    action: str  # replace | insert
    original: str | None
    text: str
    segments: list[Segment]  # the word-level redline; one insertion for `insert`
    placement: str  # what to do, in words: "Replace the clause in §5.3 ..." / "Insert ..."
    anchor_paragraph: int | None  # insert after this paragraph index; None: at the end
    anchor_start: int | None = None  # replace: offsets of the clause in the document text
    anchor_end: int | None = None


@dataclass(frozen=True)
class ParamView:
    name: str
    label: str
    value: str


@dataclass(frozen=True)
class FindingView:
    anchor: str  # the HTML id: the rule id, so report.html#exit.no-kill-switch works
    rule_id: str
    title: str
    status: str
    status_label: str
    severity: str
    severity_label: str
    is_gap: bool
    why: str
    explanation: str
    params: list[ParamView]
    evidence: list[EvidenceView]
    redline: RedlineView | None
    fingerprint: str


@dataclass(frozen=True)
class PartyView:
    role: str
    role_label: str
    name: str | None
    aliases: list[str]

    @property
    def identified(self) -> bool:
        return bool(self.name or self.aliases)


@dataclass(frozen=True)
class Verdict:
    level: str  # reject | negotiate | minor | clear
    headline: str
    detail: str


@dataclass(frozen=True)
class Scorecard:
    statuses: list[Count]
    gap_severities: list[Count]
    gaps: int
    checks: int
    critical_gaps: list[FindingView]


@dataclass(frozen=True)
class DocumentView:
    number: int  # 1-based position in the report
    path: str
    name: str
    format: str
    pages: int | None
    paragraphs: int
    sha256: str
    warnings: list[str]
    parties: list[PartyView]
    verdict: Verdict
    scorecard: Scorecard
    findings: list[FindingView]  # gaps first by severity, then the rest
    failed: bool = False

    @property
    def gaps(self) -> list[FindingView]:
        return [finding for finding in self.findings if finding.is_gap]

    @property
    def covered(self) -> list[FindingView]:
        return [finding for finding in self.findings if not finding.is_gap]


@dataclass(frozen=True)
class FailureView:
    number: int
    path: str
    name: str
    code: str
    message: str
    hint: str | None
    failed: bool = True


@dataclass(frozen=True)
class ReportView:
    tool: str
    version: str
    title: str  # names the contract(s): the page title
    heading: str  # the report's main heading; each contract then has its own
    entries: list[DocumentView | FailureView]
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def documents(self) -> list[DocumentView]:
        return [entry for entry in self.entries if isinstance(entry, DocumentView)]

    @property
    def failures(self) -> list[FailureView]:
        return [entry for entry in self.entries if isinstance(entry, FailureView)]


def build_report(results: list[Any], version: str) -> ReportView:
    """The view of a whole run: one entry per input, in input order."""
    from msa_review.scan import Failure

    entries: list[DocumentView | FailureView] = []
    several = len(results) > 1
    for number, result in enumerate(results, start=1):
        if isinstance(result, Failure):
            entries.append(FailureView(number, result.path, PurePath(result.path).name,
                                       result.error.code, result.error.message, result.error.hint))
        else:
            entries.append(build_document(result, number, f"d{number}-" if several else ""))
    if len(entries) == 1:
        title, heading = f"Contract review: {entries[0].name}", "Contract review"
    else:
        title = heading = f"Contract review: {len(entries)} contracts"
    return ReportView("msa-review", version, title, heading, entries)


def build_document(review: Review, number: int = 1, id_prefix: str = "") -> DocumentView:
    document = review.document
    findings = [build_finding(finding, document, id_prefix) for finding in review.ordered()]
    parties = [
        PartyView("client", ROLE_LABELS["client"], review.parties.client.name,
                  list(review.parties.client.aliases)),
        PartyView("vendor", ROLE_LABELS["vendor"], review.parties.vendor.name,
                  list(review.parties.vendor.aliases)),
    ] + [PartyView("other", ROLE_LABELS["other"], party.name, list(party.aliases))
         for party in review.parties.others]
    scorecard = build_scorecard(review, findings)
    return DocumentView(
        number=number,
        path=document.path,
        name=PurePath(document.path).name,
        format=document.format,
        pages=document.pages,
        paragraphs=len(document.paragraphs),
        sha256=document.sha256,
        warnings=list(document.warnings),
        parties=parties,
        verdict=build_verdict(scorecard),
        scorecard=scorecard,
        findings=findings,
    )


def build_scorecard(review: Review, findings: list[FindingView]) -> Scorecard:
    statuses = [Count(status, STATUS_LABELS[status], count)
                for status, count in review.summary().items()]
    gaps = [finding for finding in findings if finding.is_gap]
    severities = [Count(severity, SEVERITY_LABELS[severity],
                        sum(1 for finding in gaps if finding.severity == severity))
                  for severity in SEVERITY_ORDER]
    return Scorecard(statuses, severities, len(gaps), len(findings),
                     [finding for finding in gaps if finding.severity == "critical"])


def build_verdict(scorecard: Scorecard) -> Verdict:
    by_severity = {count.key: count.count for count in scorecard.gap_severities}
    gaps = scorecard.gaps
    counted = ", ".join(f"{count.count} {count.key}" for count in scorecard.gap_severities
                        if count.count)
    of_checks = f"{gaps} of {scorecard.checks} checks show a gap ({counted})."
    if by_severity.get("critical"):
        return Verdict("reject", "Do not sign as drafted",
                       f"{of_checks} Critical gaps can cost the operator its subscriber base "
                       "or its data; each needs the proposed wording or an equivalent.")
    if by_severity.get("high"):
        return Verdict("negotiate", "Negotiate before signing",
                       f"{of_checks} No critical gap, but the high-severity ones belong in the "
                       "negotiation.")
    if gaps:
        return Verdict("minor", "Acceptable with minor changes",
                       f"{of_checks} None is critical or high.")
    return Verdict("clear", "Meets the checklist",
                   f"All {scorecard.checks} checks are met or do not apply.")


def build_finding(finding: Finding, document: Document, id_prefix: str = "") -> FindingView:
    return FindingView(
        anchor=id_prefix + finding.rule_id,
        rule_id=finding.rule_id,
        title=finding.title,
        status=finding.status,
        status_label=STATUS_LABELS.get(finding.status, finding.status),
        severity=finding.severity,
        severity_label=SEVERITY_LABELS.get(finding.severity, finding.severity),
        is_gap=finding.is_gap,
        why=" ".join(finding.why.split()),
        explanation=_sentence(finding.explanation),
        params=[ParamView(name, name.replace("_", " "), format_value(value))
                for name, value in finding.params.items()],
        evidence=[build_evidence(item) for item in finding.evidence],
        redline=build_redline(finding, document),
        fingerprint=finding.fingerprint,
    )


def build_evidence(evidence: Evidence) -> EvidenceView:
    return EvidenceView(
        quote=" ".join(evidence.quote.split()),
        location=location(evidence.section, evidence.heading, evidence.page, evidence.paragraph),
        section=evidence.section,
        heading=evidence.heading,
        page=evidence.page,
        paragraph=evidence.paragraph,
        start=evidence.start,
        end=evidence.end,
    )


def location(section: str | None, heading: str | None, page: int | None,
             paragraph: int | None) -> str:
    parts = []
    label = " ".join(part for part in (f"§{section}" if section else None, heading) if part)
    if label:
        parts.append(label)
    if page:
        parts.append(f"page {page}")
    elif paragraph:
        parts.append(f"paragraph {paragraph}")
    return ", ".join(parts)


def build_redline(finding: Finding, document: Document) -> RedlineView | None:
    redline = finding.redline
    if redline is None:
        return None
    if redline.action == "replace" and redline.original:
        evidence = finding.evidence[0] if finding.evidence else None
        text = _fit_to_clause(redline.text, evidence, document)
        where = (f" in {location(evidence.section, evidence.heading, evidence.page, evidence.paragraph)}"
                 if evidence else "")
        return RedlineView(
            action="replace",
            original=" ".join(redline.original.split()),
            text=text,
            segments=word_diff(" ".join(redline.original.split()), text),
            placement=f"Replace the quoted clause{where} with:",
            anchor_paragraph=evidence.paragraph if evidence else None,
            anchor_start=evidence.start if evidence else None,
            anchor_end=evidence.end if evidence else None,
        )
    anchor, placement = insertion_point(finding, document)
    return RedlineView("insert", None, redline.text, [Segment(INSERT, redline.text)], placement,
                       anchor)


# "No Kill Switch. ", "Termination for Convenience. ": a short title-case run-in heading.
_RUN_IN_HEADING = re.compile(
    r"^[A-Z][\w'’-]*(?: (?:[A-Z][\w'’-]*|of|and|for|the|to|in|on|or|a|an)){0,6}\. (?=[A-Z])")


def _fit_to_clause(text: str, evidence: Evidence | None, document: Document) -> str:
    """Drop the proposal's run-in heading when the quoted clause does not open its paragraph.

    "5.3 Termination for Convenience. Provider may ..." is replaced by "Either party may
    ...", not by "... Convenience. Termination for Convenience. Either party may ...": the
    paragraph keeps its own heading. A clause that opens its paragraph takes the proposal
    whole.
    """
    if evidence is None:
        return text
    paragraph = document.paragraph_at(evidence.start)
    if paragraph is None or not document.text[paragraph.start:evidence.start].strip():
        return text
    heading = _RUN_IN_HEADING.match(text)
    return text[heading.end():] if heading else text


def insertion_point(finding: Finding, document: Document) -> tuple[int | None, str]:
    """After the evidence; else at the end of the section the rule belongs in; else at the end."""
    if finding.evidence:
        evidence = finding.evidence[-1]
        where = location(evidence.section, evidence.heading, evidence.page, evidence.paragraph)
        return evidence.paragraph, f"Insert after the clause in {where}:"
    group = finding.rule_id.split(".", 1)[0]
    hint = SECTION_HINTS.get(group)
    if hint:
        section, last = _section_matching(document, hint)
        if section is not None and last is not None:
            return last, f"Insert at the end of §{section.label}:" if section.number else (
                f"Insert at the end of {section.label}:")
    last_paragraph = document.paragraphs[-1].index if document.paragraphs else None
    return last_paragraph, "Insert as a new clause at the end of the contract:"


def _section_matching(document: Document, hint: str) -> tuple[Section | None, int | None]:
    """The last top-most section whose heading matches, and the last paragraph it spans."""
    pattern = re.compile(hint, re.IGNORECASE)
    sections = document.sections
    chosen: int | None = None
    for position, section in enumerate(sections):
        matches = bool(section.heading and pattern.search(section.heading) and section.paragraphs)
        if matches and (chosen is None or section.level <= sections[chosen].level):
            chosen = position
    if chosen is None:
        return None, None
    level = sections[chosen].level
    last = sections[chosen].paragraphs[-1].index
    for section in sections[chosen + 1:]:
        if section.level <= level:
            break
        if section.paragraphs:
            last = section.paragraphs[-1].index
    return sections[chosen], last


def format_value(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sentence(text: str) -> str:
    """Explanations come as clauses ("only Provider holds this right"); show them as a sentence."""
    text = " ".join(text.split())
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."

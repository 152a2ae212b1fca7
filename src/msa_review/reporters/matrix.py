"""The portfolio matrix, contracts x checks: the view model behind the CSV, the Markdown
table and the HTML dashboard of a batch."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from msa_review.findings import SEVERITY_ORDER, STATUS_ORDER, Review
from msa_review.scan import Failure, Result

STATUS_LABEL = {"met": "met", "partial": "partial", "conflict": "CONFLICT",
                "missing": "MISSING", "not_applicable": "n/a"}


@dataclass(frozen=True)
class Check:
    """A column: one rule of the playbook."""

    rule_id: str
    title: str = ""
    severity: str = ""

    @property
    def group(self) -> str:
        return self.rule_id.split(".", 1)[0]


@dataclass(frozen=True)
class Row:
    """A contract: who it is between, and each check's status (or why it was unreadable)."""

    path: str
    sha256: str = ""
    client: str = ""
    vendor: str = ""
    error_code: str = ""
    error_message: str = ""
    statuses: dict[str, str] = field(default_factory=dict)  # rule id -> status
    params: dict[str, dict[str, Any]] = field(default_factory=dict)  # rule id -> parameters
    gaps: dict[str, int] = field(default_factory=dict)  # severity -> number of gaps

    @property
    def readable(self) -> bool:
        return not self.error_code

    @property
    def worst(self) -> str:
        """The most urgent status of the row, for sorting: conflict, missing, partial, met."""
        if not self.statuses:
            return ""
        return min(self.statuses.values(), key=STATUS_ORDER.__getitem__)


@dataclass(frozen=True)
class Matrix:
    checks: list[Check]
    rows: list[Row]

    def param_columns(self) -> list[tuple[str, str]]:
        """(rule id, parameter) pairs found in any contract, by rule then parameter name."""
        found = {(rule_id, name) for row in self.rows for rule_id, params in row.params.items()
                 for name in params}
        order = {check.rule_id: index for index, check in enumerate(self.checks)}
        return sorted(found, key=lambda pair: (order.get(pair[0], len(order)), pair))


def _party_name(review: Review, role: str) -> str:
    party = review.parties.client if role == "client" else review.parties.vendor
    return party.name or ""


def build_matrix(results: list[Result], rule_ids: list[str] | None = None) -> Matrix:
    """Columns: the playbook's rule ids when given, else every rule found, in id order."""
    known: dict[str, Check] = {}
    for result in results:
        if isinstance(result, Review):
            for finding in result.findings:
                known.setdefault(finding.rule_id,
                                 Check(finding.rule_id, finding.title, finding.severity))
    ids = list(rule_ids) if rule_ids is not None else sorted(known)
    checks = [known.get(rule_id, Check(rule_id)) for rule_id in ids]
    rows = []
    for result in results:
        if isinstance(result, Failure):
            rows.append(Row(path=result.path, error_code=result.error.code,
                            error_message=result.error.line()))
            continue
        gaps = {severity: 0 for severity in SEVERITY_ORDER}
        for finding in result.findings:
            if finding.is_gap:
                gaps[finding.severity] = gaps.get(finding.severity, 0) + 1
        rows.append(Row(
            path=result.document.path, sha256=result.document.sha256,
            client=_party_name(result, "client"), vendor=_party_name(result, "vendor"),
            statuses={finding.rule_id: finding.status for finding in result.findings},
            params={finding.rule_id: dict(finding.params) for finding in result.findings
                    if finding.params},
            gaps=gaps))
    return Matrix(checks, rows)


def options_rule_ids(extra: dict[str, object]) -> list[str] | None:
    value = extra.get("rule_ids")
    return [str(item) for item in value] if isinstance(value, (list, tuple)) else None


def markdown_table(matrix: Matrix) -> str:
    """The matrix as a Markdown table: one row per contract, one column per check."""

    def cell(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")

    header = ["Contract", "Client", "Vendor", *(check.rule_id for check in matrix.checks)]
    lines = ["| " + " | ".join(cell(item) for item in header) + " |",
             "|" + "---|" * len(header)]
    for row in matrix.rows:
        statuses = [STATUS_LABEL.get(row.statuses.get(check.rule_id, ""), "")
                    for check in matrix.checks]
        contract = row.path if row.readable else f"{row.path} (unreadable: {row.error_code})"
        values = [contract, row.client, row.vendor, *statuses]
        lines.append("| " + " | ".join(cell(value) for value in values) + " |")
    return "\n".join(lines) + "\n"

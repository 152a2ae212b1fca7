"""The portfolio dashboard (index.html of `--format html -o DIR`): contracts x checks.

One self-contained page: the matrix coloured by status, each cell linking to the finding
in that contract's report. It reads without JavaScript; a small inline script adds
sorting and filtering. The page is rendered from a view model by a Jinja template
(templates/dashboard/index.html.j2), with every value escaped: contract text is
untrusted input.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from typing import Any

from msa_review.findings import SEVERITY_ORDER, STATUS_ORDER
from msa_review.reporters import Options
from msa_review.reporters.matrix import (
    STATUS_LABEL,
    Check,
    Matrix,
    Row,
    build_matrix,
    options_rule_ids,
)
from msa_review.resources import templates_dir
from msa_review.scan import Result

STATUSES = ("conflict", "missing", "partial", "met", "not_applicable")


@dataclass(frozen=True)
class Cell:
    rule_id: str
    status: str  # "" when the contract has no finding for the check
    label: str
    href: str | None  # the finding in the contract's report
    sort_key: int


@dataclass(frozen=True)
class DashboardRow:
    row: Row
    report_href: str | None
    cells: list[Cell]
    search: str  # what the text filter matches: path, client, vendor
    gap_total: int


@dataclass(frozen=True)
class Dashboard:
    title: str
    tool_version: str
    checks: list[Check]
    groups: list[str]
    rows: list[DashboardRow]
    contracts: int
    unreadable: int
    gaps: dict[str, int]  # severity -> gaps over the portfolio
    status_totals: dict[str, int]
    status_labels: dict[str, str]
    statuses: tuple[str, ...]
    severities: tuple[str, ...]
    linked: bool


def build_dashboard(matrix: Matrix, report_files: dict[str, str], options: Options) -> Dashboard:
    """`report_files` maps a contract's path to its report file, relative to index.html."""
    rows = []
    gaps: Counter[str] = Counter({severity: 0 for severity in SEVERITY_ORDER})
    totals: Counter[str] = Counter({status: 0 for status in STATUSES})
    for row in matrix.rows:
        report = report_files.get(row.path)
        cells = []
        for check in matrix.checks:
            status = row.statuses.get(check.rule_id, "")
            cells.append(Cell(
                rule_id=check.rule_id, status=status, label=STATUS_LABEL.get(status, ""),
                href=f"{report}#{check.rule_id}" if report and status else None,
                sort_key=STATUS_ORDER.get(status, len(STATUS_ORDER))))
            if status:
                totals[status] += 1
        gaps.update(row.gaps)
        rows.append(DashboardRow(
            row=row, report_href=report, cells=cells,
            search=f"{row.path} {row.client} {row.vendor}".lower(),
            gap_total=sum(row.gaps.values())))
    groups = list(dict.fromkeys(check.group for check in matrix.checks))
    return Dashboard(
        title=str(options.extra.get("title") or "Contract portfolio"),
        tool_version=options.tool_version, checks=matrix.checks, groups=groups, rows=rows,
        contracts=len(matrix.rows),
        unreadable=sum(1 for row in matrix.rows if not row.readable),
        gaps=dict(gaps), status_totals=dict(totals), status_labels=STATUS_LABEL,
        statuses=STATUSES, severities=tuple(SEVERITY_ORDER), linked=bool(report_files))


@functools.cache
def _template() -> Any:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir() / "dashboard")),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return environment.get_template("index.html.j2")


def render_dashboard(dashboard: Dashboard) -> str:
    return str(_template().render(dashboard=dashboard))


def report(results: list[Result], options: Options) -> str:
    """The dashboard alone, with links to the reports named in options.extra["report_files"]."""
    matrix = build_matrix(results, options_rule_ids(options.extra))
    report_files = options.extra.get("report_files")
    links = {str(key): str(value) for key, value in report_files.items()} if isinstance(
        report_files, dict) else {}
    return render_dashboard(build_dashboard(matrix, links, options))

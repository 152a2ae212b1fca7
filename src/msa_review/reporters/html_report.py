"""The HTML gap report: one self-contained, autoescaped file (templates/reports/report.html.j2)."""

from __future__ import annotations

from msa_review.reporters import Options
from msa_review.reporters.templating import render
from msa_review.reporters.view import build_report
from msa_review.scan import Result

TEMPLATE = "reports/report.html.j2"


def report(results: list[Result], options: Options) -> str:
    view = build_report(results, options.tool_version)
    return render(TEMPLATE, view, html=True, user_template=options.template)

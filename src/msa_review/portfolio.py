"""Outputs of a batch that are more than one report: a folder of HTML reports with the
portfolio dashboard, and the Markdown matrix followed by each contract's report."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from msa_review.findings import Review
from msa_review.output import write_atomically
from msa_review.reporters import Options
from msa_review.scan import Result

REPORTS_FOLDER = "reports"


def _registered(name: str) -> bool:
    from msa_review import reporters

    return name in reporters.FORMATS


def report_file_names(paths: list[str]) -> dict[str, str]:
    """A distinct, readable file name per contract: `vendors--acme--msa.pdf.html`."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for path in paths:
        parts = [part for part in Path(path).parts if part not in ("/", "\\", ".", "..")]
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", "--".join(parts) or "contract").strip("-.")
        if len(stem) > 100:
            stem = stem[:80] + "-" + hashlib.sha256(path.encode()).hexdigest()[:12]
        name, number = f"{stem}.html", 2
        while name.lower() in used:
            name, number = f"{stem}-{number}.html", number + 1
        used.add(name.lower())
        names[path] = name
    return names


def write_html_portfolio(results: list[Result], options: Options, directory: Path) -> list[Path]:
    """index.html (the dashboard) and, when the `html` format is registered, one report per
    readable contract in reports/, each finding at `#<rule id>`. Returns the files written."""
    from msa_review import reporters
    from msa_review.reporters.dashboard import report as dashboard_report

    written: list[Path] = []
    links: dict[str, str] = {}
    if _registered("html"):
        contract_report = reporters.reporter("html")
        reviews = [result for result in results if isinstance(result, Review)]
        names = report_file_names([review.document.path for review in reviews])
        for review in reviews:
            target = directory / REPORTS_FOLDER / names[review.document.path]
            write_atomically(target, contract_report([review], options))
            written.append(target)
            links[review.document.path] = f"{REPORTS_FOLDER}/{names[review.document.path]}"
    index = directory / "index.html"
    extra = dict(options.extra, report_files=links)
    write_atomically(index, dashboard_report(results, Options(
        color=False, tool_version=options.tool_version, extra=extra)))
    written.append(index)
    return written


def markdown_portfolio(results: list[Result], options: Options) -> str:
    """The matrix table, then each contract's Markdown report when that format exists."""
    from msa_review import reporters
    from msa_review.reporters.matrix import build_matrix, markdown_table, options_rule_ids

    matrix = build_matrix(results, options_rule_ids(options.extra))
    text = "# Contract portfolio\n\n" + markdown_table(matrix)
    if _registered("markdown"):
        text += "\n" + reporters.reporter("markdown")(results, options)
    return text

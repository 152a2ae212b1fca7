"""The portfolio matrix as CSV: one row per contract, one column per check.

Columns: path, sha256, client, vendor, error (the code of an unreadable input), then one
column per rule id holding its status; with the option `params`, one more column per
parameter found (`<rule id>.<parameter>`). Cells that a spreadsheet would run as a formula
are prefixed with an apostrophe: contract text is untrusted input.
"""

from __future__ import annotations

import csv
import io

from msa_review.reporters import Options
from msa_review.reporters.matrix import build_matrix, options_rule_ids
from msa_review.scan import Result

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def report(results: list[Result], options: Options) -> str:
    matrix = build_matrix(results, options_rule_ids(options.extra))
    param_columns = matrix.param_columns() if options.extra.get("params") else []
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(["path", "sha256", "client", "vendor", "error",
                     *(check.rule_id for check in matrix.checks),
                     *(f"{rule_id}.{name}" for rule_id, name in param_columns)])
    for row in matrix.rows:
        writer.writerow([
            _safe(row.path), row.sha256, _safe(row.client), _safe(row.vendor), row.error_code,
            *(row.statuses.get(check.rule_id, "") for check in matrix.checks),
            *(_safe(row.params.get(rule_id, {}).get(name)) for rule_id, name in param_columns),
        ])
    return stream.getvalue()

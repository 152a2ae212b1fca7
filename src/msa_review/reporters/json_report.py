"""JSON output, a public interface: see docs/json-output.md and schema/report.schema.json."""

from __future__ import annotations

import json

from msa_review.reporters import Options
from msa_review.scan import Failure, Result

SCHEMA_VERSION = 1


def document_payload(result: Result) -> dict[str, object]:
    return result.as_dict() if not isinstance(result, Failure) else result.as_dict()


def report(results: list[Result], options: Options) -> str:
    payload = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "msa-review", "version": options.tool_version},
        "documents": [document_payload(result) for result in results],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=False) + "\n"

"""A scan result as plain JSON-able data, and back.

A review crosses process boundaries (worker processes, a Dask cluster) and sits in the
result cache as this data. Rebuilding it gives back the very same dataclasses, so every
reporter formats a cached or remote result exactly as it formats a fresh one.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from msa_review.errors import InputError
from msa_review.findings import Evidence, Finding, Redline, Review
from msa_review.language.parties import Parties, Party
from msa_review.model import Document, Paragraph, Section
from msa_review.scan import Failure, Result

FORMAT_VERSION = 1  # bump when the shape below changes; old cache entries are then ignored


def result_to_data(result: Result) -> dict[str, Any]:
    if isinstance(result, Failure):
        return {"failure": {"path": result.path, **result.error.as_dict()}}
    return {"review": _review_to_data(result)}


def result_from_data(data: dict[str, Any], path: str | None = None) -> Result:
    """Rebuild a result; `path` renames it (the same bytes found under another name)."""
    if "failure" in data:
        failure = data["failure"]
        old_path = failure["path"]
        new_path = path if path is not None else old_path
        error = InputError(failure["message"].replace(old_path, new_path), code=failure["code"],
                           hint=failure.get("hint"))
        return Failure(new_path, error)
    return _review_from_data(data["review"], path)


def _fields(item: Any, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    # Every dataclass field, so a field added to the model later travels without a change here.
    return {field.name: getattr(item, field.name) for field in fields(item)
            if field.name not in skip}


def _review_to_data(review: Review) -> dict[str, Any]:
    document = review.document
    position = {id(paragraph): number for number, paragraph in enumerate(document.paragraphs)}
    parties = review.parties
    return {
        "document": {
            **_fields(document, skip=("paragraphs", "sections")),
            "warnings": list(document.warnings),
            "paragraphs": [_fields(paragraph) for paragraph in document.paragraphs],
            "sections": [
                {**_fields(section, skip=("paragraphs",)),
                 # Sections share the document's paragraph objects: store positions, not copies.
                 "paragraphs": [position[id(paragraph)] if id(paragraph) in position
                                else _fields(paragraph) for paragraph in section.paragraphs]}
                for section in document.sections
            ],
        },
        "parties": {
            **_fields(parties, skip=("client", "vendor", "others")),
            "client": _party_to_data(parties.client),
            "vendor": _party_to_data(parties.vendor),
            "others": [_party_to_data(party) for party in parties.others],
        },
        "findings": [
            {**_fields(finding, skip=("evidence", "redline", "params")),
             "params": dict(finding.params),
             "evidence": [_fields(item) for item in finding.evidence],
             "redline": _fields(finding.redline) if finding.redline else None}
            for finding in review.findings
        ],
    }


def _party_to_data(party: Party) -> dict[str, Any]:
    return {**_fields(party, skip=("aliases",)), "aliases": list(party.aliases)}


def _review_from_data(data: dict[str, Any], path: str | None) -> Review:
    source = dict(data["document"])
    paragraphs = [Paragraph(**item) for item in source.pop("paragraphs")]
    sections = [
        Section(**{**item, "paragraphs": [
            paragraphs[ref] if isinstance(ref, int) else Paragraph(**ref)
            for ref in item["paragraphs"]]})
        for item in source.pop("sections")
    ]
    if path is not None:
        source["path"] = path
    document = Document(**source, paragraphs=paragraphs, sections=sections)
    party_data = dict(data["parties"])
    parties = Parties(
        **{key: value for key, value in party_data.items()
           if key not in ("client", "vendor", "others")},
        client=Party(**party_data["client"]), vendor=Party(**party_data["vendor"]),
        others=[Party(**item) for item in party_data["others"]])
    findings = [
        Finding(**{**item,
                   "evidence": [Evidence(**evidence) for evidence in item["evidence"]],
                   "redline": Redline(**item["redline"]) if item["redline"] else None})
        for item in data["findings"]
    ]
    return Review(document, parties, findings)

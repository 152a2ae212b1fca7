"""Rule test cases as data, and running them through the engine.

A case is a short contract text and the status (and parameters) its rule must give:

    - name: vendor only
      kind: fail                  # pass | fail | trap
      text: |
        Provider may terminate this Agreement for convenience on ninety (90) days' notice.
      status: conflict
      params: {notice_days: 90, mutual: false}
      preamble: ...               # optional; default: Customer / Provider

The shipped cases live in `tests/cases/<group>/<name>.yaml`; a playbook folder of one's own
keeps each rule's cases beside it, in `<group>/<name>.cases.yaml`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from msa_review.errors import PlaybookError
from msa_review.playbook import CASES_SUFFIXES, STATUSES, Playbook, rule_id_for

DEFAULT_PREAMBLE = (
    'This Master Services Agreement is made between Northwind Telecom Ltd. ("Customer") and '
    'Brightwave Voice Inc. ("Provider").\n'
)
CASE_KINDS = ("pass", "fail", "trap")
_CASE_KEYS = {"name", "kind", "text", "status", "params", "preamble"}


@dataclass
class Case:
    rule_id: str
    name: str
    kind: str
    text: str
    status: str
    params: dict[str, Any] = field(default_factory=dict)
    preamble: str = DEFAULT_PREAMBLE
    path: Path | None = None

    @property
    def contract(self) -> str:
        return f"{self.preamble}\n{self.text}"

    @property
    def label(self) -> str:
        return f"{self.rule_id}:{self.kind}:{self.name}"


@dataclass
class Outcome:
    """One case run: the status and parameters found, and what differed from the case."""

    case: Case
    status: str | None  # None: the playbook has no such rule
    params: dict[str, Any]
    problems: list[str]
    explanation: str = ""

    @property
    def passed(self) -> bool:
        return not self.problems


def load_case_file(path: Path, rule_id: str) -> list[Case]:
    """The cases of one file; a malformed one fails naming the file and the key."""
    where = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise PlaybookError(f"{where}: cannot be read as YAML: {error}") from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise PlaybookError(f"{where}: a cases file holds a list of cases")
    cases = []
    for index, item in enumerate(data):
        here = f"{where}: [{index}]"
        if not isinstance(item, dict):
            raise PlaybookError(f"{here}: expected a mapping")
        for key in item:
            if key not in _CASE_KEYS:
                raise PlaybookError(f"{here}: unknown key '{key}'")
        for key in ("name", "kind", "text", "status"):
            if key not in item:
                raise PlaybookError(f"{here}: missing required key '{key}'")
        if item["kind"] not in CASE_KINDS:
            raise PlaybookError(f"{here}.kind: must be one of {', '.join(CASE_KINDS)}")
        if item["status"] not in STATUSES:
            raise PlaybookError(f"{here}.status: must be one of {', '.join(STATUSES)}")
        params = item.get("params") or {}
        if not isinstance(params, dict):
            raise PlaybookError(f"{here}.params: expected a mapping")
        cases.append(Case(rule_id=rule_id, name=str(item["name"]), kind=item["kind"],
                          text=str(item["text"]), status=item["status"], params=params,
                          preamble=str(item.get("preamble", DEFAULT_PREAMBLE)), path=path))
    return cases


def load_cases(root: Path) -> list[Case]:
    """A folder of case files laid out like the rules: `<group>/<name>.yaml`."""
    cases = []
    for path in sorted(root.rglob("*.yaml")):
        cases.extend(load_case_file(path, rule_id_for(path, root)))
    return cases


def cases_beside(root: Path) -> list[Case]:
    """A playbook folder's cases: `<group>/<name>.cases.yaml` beside `<group>/<name>.yaml`."""
    paths = sorted(path for suffix in CASES_SUFFIXES for path in root.rglob(f"*{suffix}"))
    cases = []
    for path in paths:
        cases.extend(load_case_file(path, rule_id_for(path, root)))
    return cases


def run_case(case: Case, playbook: Playbook) -> Outcome:
    """Scan the case's text with the playbook; compare its rule's finding with the case."""
    from msa_review.engine import review
    from msa_review.extract import extract_bytes

    document = extract_bytes("case.txt", case.contract.encode())
    findings = {finding.rule_id: finding for finding in review(document, playbook).findings}
    finding = findings.get(case.rule_id)
    if finding is None:
        return Outcome(case, None, {}, [f"the playbook has no rule {case.rule_id}"])
    problems = []
    if finding.status != case.status:
        problems.append(f"expected {case.status}, got {finding.status}")
    for name, value in case.params.items():
        if finding.params.get(name) != value:
            problems.append(f"{name}: expected {value!r}, got {finding.params.get(name)!r}")
    if finding.status != "missing":
        if not finding.evidence:
            problems.append("no evidence quoted (every finding other than missing quotes it)")
        for evidence in finding.evidence:
            if document.text[evidence.start: evidence.end] != evidence.quote:
                problems.append(f"evidence {evidence.start}-{evidence.end} does not quote the "
                                "contract")
    return Outcome(case, finding.status, dict(finding.params), problems, finding.explanation)


def lacking_kinds(cases: list[Case], rule_ids: list[str]) -> dict[str, list[str]]:
    """Rules of `rule_ids` without a pass, fail or trap case, and the kinds they lack."""
    kinds: dict[str, set[str]] = {}
    for case in cases:
        kinds.setdefault(case.rule_id, set()).add(case.kind)
    return {rule_id: sorted(set(CASE_KINDS) - kinds.get(rule_id, set()))
            for rule_id in rule_ids if set(CASE_KINDS) - kinds.get(rule_id, set())}

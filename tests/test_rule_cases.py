"""Every rule's pass, fail and trap cases, one pytest id each."""

from __future__ import annotations

import pytest
from rule_cases import CASE_KINDS, Case, load_cases

from msa_review.engine import review
from msa_review.extract import extract_bytes
from msa_review.playbook import Playbook

CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=[f"{c.rule_id}:{c.kind}:{c.name}" for c in CASES])
def test_case(case: Case, playbook: Playbook) -> None:
    document = extract_bytes("case.txt", case.contract.encode())
    findings = {finding.rule_id: finding for finding in review(document, playbook).findings}
    finding = findings[case.rule_id]
    assert finding.status == case.status, finding.explanation
    for name, value in case.params.items():
        assert finding.params.get(name) == value, f"{name}: {finding.params}"
    if finding.status != "missing":
        assert finding.evidence, "every finding other than missing quotes the contract"
        for evidence in finding.evidence:
            assert document.text[evidence.start: evidence.end] == evidence.quote


def test_every_rule_has_pass_fail_and_trap_cases(playbook: Playbook) -> None:
    kinds: dict[str, set[str]] = {}
    for case in CASES:
        kinds.setdefault(case.rule_id, set()).add(case.kind)
    lacking = {rule.id: sorted(set(CASE_KINDS) - kinds.get(rule.id, set()))
               for rule in playbook.rules if set(CASE_KINDS) - kinds.get(rule.id, set())}
    assert not lacking, f"rules without pass/fail/trap cases: {lacking}"


def test_cases_name_known_rules(playbook: Playbook) -> None:
    known = {rule.id for rule in playbook.rules}
    assert {case.rule_id for case in CASES} <= known

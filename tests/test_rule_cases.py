"""Every rule's pass, fail and trap cases, one pytest id each."""

from __future__ import annotations

import pytest
from rule_cases import Case, load_cases

from msa_review.cases import lacking_kinds, run_case
from msa_review.playbook import Playbook

CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=[case.label for case in CASES])
def test_case(case: Case, playbook: Playbook) -> None:
    outcome = run_case(case, playbook)
    assert outcome.passed, "; ".join(outcome.problems) + f" ({outcome.explanation})"


def test_every_rule_has_pass_fail_and_trap_cases(playbook: Playbook) -> None:
    lacking = lacking_kinds(CASES, [rule.id for rule in playbook.rules])
    assert not lacking, f"rules without pass/fail/trap cases: {lacking}"


def test_cases_name_known_rules(playbook: Playbook) -> None:
    known = {rule.id for rule in playbook.rules}
    assert {case.rule_id for case in CASES} <= known

"""Defined terms in their usual layouts, and clauses read with the definitions they use."""

from __future__ import annotations

from msa_review.engine import review
from msa_review.extract import extract_bytes
from msa_review.language.parties import find_definitions
from msa_review.playbook import Playbook


def test_a_definitions_list_with_colons_or_dashes() -> None:
    text = ('1. Definitions\n\n"Exit Period": the period of six (6) months after termination;\n'
            '1.2 "Fees" – the charges in Schedule 2.\nThe "Services": whatever is ordered.\n')
    definitions = find_definitions(text)
    assert definitions["Exit Period"] == '"Exit Period": the period of six (6) months after termination;'
    assert definitions["Fees"] == '1.2 "Fees" – the charges in Schedule 2.'
    assert "Services" not in definitions  # a quoted word inside a sentence defines nothing


def test_a_parameter_comes_from_the_definition_a_clause_uses(playbook: Playbook) -> None:
    contract = (
        'This Agreement is made between Harbour Telecom Ltd ("Customer") and Apps Ltd ("Supplier").\n\n'
        '1. Definitions\n\n"Exit Period": the period of six (6) months starting on the date of termination;\n\n'
        "2. Exit\n\n2.1 During the Exit Period the Supplier shall continue to provide the Services at "
        "the Service Levels and shall assist the Customer in migrating its End Users to a "
        "replacement supplier.\n").encode()
    findings = {finding.rule_id: finding for finding in review(
        extract_bytes("exit.txt", contract), playbook).findings}
    assert findings["exit.transition-assistance"].params.get("transition_days") == 180


def test_order_form_lines_are_separate_paragraphs() -> None:
    text = b"2. ORDER\n\nBundle: Full Feature\nInitial term: 24 months\nPlatforms: iOS and Android\n"
    document = extract_bytes("order.txt", text)
    assert [paragraph.text for paragraph in document.paragraphs][-3:] == [
        "Bundle: Full Feature", "Initial term: 24 months", "Platforms: iOS and Android"]

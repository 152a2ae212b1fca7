"""A clause is read as a later amendment of its section leaves it."""

from __future__ import annotations

from msa_review.engine import review
from msa_review.extract import extract_bytes
from msa_review.language.amendments import as_amended, replacements
from msa_review.playbook import Playbook

_CONTRACT = (
    'This Agreement is made between Northwind Mobile Ltd ("Customer") and Appworks Ltd '
    '("Supplier").\n\n'
    "8. Term\n\n8.2 Initial Term. This Agreement shall commence on the Effective Date and continue "
    "for an initial term of forty-eight (48) months.\n\n"
    "9. Fees\n\n9.1 The Customer shall pay a monthly platform fee of USD 900.\n\n"
    "AMENDMENT NO. 1\n\n"
    "1. Term. Section 8.2 of the Agreement is amended by deleting the words \"forty-eight (48) "
    "months\" and replacing them with \"eighteen (18) months\".\n\n"
    "2. Fees. Section 4(b) of Schedule 2 is amended by replacing \"USD 900\" with \"USD 700\".\n")


def test_replacements_in_the_agreement_and_in_a_schedule() -> None:
    found = replacements(extract_bytes("amended.txt", _CONTRACT.encode()))
    assert [(item.section, item.old, item.new) for item in found] == [
        ("8.2", "forty-eight (48) months", "eighteen (18) months"), ("4", "USD 900", "USD 700")]


def test_a_replacement_applies_to_its_section_and_subsections() -> None:
    found = replacements(extract_bytes("amended.txt", _CONTRACT.encode()))
    assert as_amended("for forty-eight (48) months", "8.2", found) == "for eighteen (18) months"
    assert as_amended("for forty-eight (48) months", "8.2.1", found) == "for eighteen (18) months"
    assert as_amended("for forty-eight (48) months", "8.21", found) == "for forty-eight (48) months"
    assert as_amended("for forty-eight (48) months", None, found) == "for forty-eight (48) months"
    # the schedule's section 4, not the body's section 9 that happens to name the same amount
    assert as_amended("(b) a platform fee of USD 900", "4", found) == "(b) a platform fee of USD 700"
    assert as_amended("a monthly platform fee of USD 900", "9.1", found) == (
        "a monthly platform fee of USD 900")


def test_the_term_is_read_as_amended(playbook: Playbook) -> None:
    findings = {finding.rule_id: finding for finding in review(
        extract_bytes("amended.txt", _CONTRACT.encode()), playbook).findings}
    assert findings["term.length"].params.get("initial_term_months") == 18
    assert findings["term.length"].status == "met"

"""The change-of-control redline, pasted into a contract, reads as the clause it asks for."""

from __future__ import annotations

from msa_review.engine import review
from msa_review.extract import extract_bytes
from msa_review.playbook import Playbook
from msa_review.redlines import environment

PREAMBLE = ('This Agreement is made between Carrier One S.A. ("Customer") and Brightwave Voice '
            'Inc. ("Provider").\n\n')


def test_redline_is_met_with_its_own_window(playbook: Playbook) -> None:
    clause = environment().get_template("redlines/exit/change-of-control.j2").render(
        client="Customer", vendor="Provider", params={}, status="missing", rule=None)
    document = extract_bytes("redline.txt", (PREAMBLE + clause + "\n").encode())
    finding = next(finding for finding in review(document, playbook).findings
                   if finding.rule_id == "exit.change-of-control")
    assert finding.status == "met"
    assert finding.params["window_days"] == 90

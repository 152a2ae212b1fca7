"""A right's parameter read per holder: its min binds the vendor's clause, its max the client's."""

from __future__ import annotations

from pathlib import Path

import pytest

from msa_review.errors import PlaybookError
from msa_review.kinds import _per_party
from msa_review.playbook import load_rule

RULE = """\
title: Exit at will
severity: high
kind: right
locate: ['for convenience']
right:
  verb: terminat\\w*
  holder: mutual
  per_holder: {name}
params:
  notice_days: {{type: days, near: notice, min: 60, max: 90}}
"""


def test_per_holder_must_name_a_parameter_of_the_rule(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(RULE.format(name="notice_days"))
    bad.write_text(RULE.format(name="notice"))
    assert load_rule(good, "house.good").right["per_holder"] == "notice_days"
    with pytest.raises(PlaybookError, match="per_holder"):
        load_rule(bad, "house.bad")


@pytest.mark.parametrize(("text", "expected"), [
    (("Either party may terminate for convenience on not less than thirty (30) days' notice "
      "where given by CLIENT and not less than six (6) months where given by VENDOR."),
     {"CLIENT": 30, "VENDOR": 180}),
    (("Either party may terminate for convenience on ninety (90) days' notice from VENDOR "
      "or thirty (30) days' notice from CLIENT."), {"CLIENT": 30, "VENDOR": 90}),
    (("Either party may terminate for convenience on notice: in the case of CLIENT, thirty "
      "(30) days; in the case of VENDOR, ninety (90) days."), {"CLIENT": 30, "VENDOR": 90}),
    (("Either party may terminate for convenience on sixty (60) days' notice (in the case of "
      "termination by CLIENT) or six (6) months' notice (in the case of termination by VENDOR)."),
     {"CLIENT": 60, "VENDOR": 180}),
    (("Either party may terminate for convenience on ninety (90) days' notice if VENDOR is the "
      "terminating party, or thirty (30) days' notice if CLIENT is the terminating party."),
     {"CLIENT": 30, "VENDOR": 90}),
    (("Either party may terminate for convenience, CLIENT on thirty (30) days' notice and VENDOR "
      "on ninety (90) days' notice."), {"CLIENT": 30, "VENDOR": 90}),
    # one value for both, or a value for one party only: nothing to split
    (("Either party may terminate for convenience on sixty (60) days' notice given by "
      "registered letter."), {}),
    (("Either party may terminate for convenience on sixty (60) days' notice, and ninety "
      "(90) days where given by VENDOR."), {}),
])
def test_a_clause_both_hold_may_give_each_party_its_own_notice(
        tmp_path: Path, text: str, expected: dict[str, int]) -> None:
    path = tmp_path / "rule.yaml"
    path.write_text(RULE.format(name="notice_days"))
    notice_days = next(param for param in load_rule(path, "house.rule").params
                       if param.name == "notice_days")
    found = _per_party(notice_days, text)
    assert {party: value["notice_days"] for party, value in found.items()} == expected

"""A right's parameter read per holder: its min binds the vendor's clause, its max the client's."""

from __future__ import annotations

from pathlib import Path

import pytest

from msa_review.errors import PlaybookError
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

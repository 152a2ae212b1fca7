"""A rule file that validated once is compiled lazily next time; a changed one is checked."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from msa_review.engine import review
from msa_review.errors import PlaybookError
from msa_review.extract import extract
from msa_review.findings import Review
from msa_review.playbook import _ValidatedRules, load_playbook
from msa_review.resources import rules_dir

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "brightwave-softphone-msa.txt"


def _payload(result: Review) -> str:
    return json.dumps(result.as_dict(), sort_keys=True)


def test_second_load_is_lazy_and_gives_the_same_review() -> None:
    first = load_playbook()
    validated = _ValidatedRules().path
    assert validated.is_file() and len(json.loads(validated.read_text())) >= len(first.rules)
    second = load_playbook()
    lazy = second.rules[0].locate[0]
    assert lazy._compiled is None  # type: ignore[attr-defined]  # not compiled until needed
    document = extract(EXAMPLE)
    assert _payload(review(document, first)) == _payload(review(document, second))
    assert first.digest == second.digest


def test_a_changed_rule_file_is_validated_again(tmp_path: Path) -> None:
    folder = tmp_path / "own" / "exit"
    folder.mkdir(parents=True)
    rule = folder / "kill-switch-strict.yaml"
    shutil.copy(rules_dir() / "exit" / "no-kill-switch.yaml", rule)
    load_playbook([tmp_path / "own"])  # validated and remembered
    rule.write_text(rule.read_text().replace("kill[- ]?switch", "kill[- ?switch", 1))
    with pytest.raises(PlaybookError, match="does not compile"):
        load_playbook([tmp_path / "own"])


def test_only_the_files_of_the_playbook_loaded_are_kept(tmp_path: Path) -> None:
    folder = tmp_path / "own" / "exit"
    folder.mkdir(parents=True)
    rule = folder / "kill-switch-strict.yaml"
    rule.write_text("# stricter\n" + (rules_dir() / "exit" / "no-kill-switch.yaml").read_text())
    shipped = len(load_playbook().rules)
    load_playbook([tmp_path / "own"])
    path = _ValidatedRules().path
    assert len(json.loads(path.read_text())) == shipped + 1
    rule.write_text(rule.read_text().replace("remotely", "remotely or otherwise", 1))
    load_playbook([tmp_path / "own"])  # the edited file replaces its old version's entry
    assert len(json.loads(path.read_text())) == shipped + 1
    load_playbook()  # nothing new, but an entry is not of this playbook: it goes
    assert len(json.loads(path.read_text())) == shipped

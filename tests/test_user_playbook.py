"""A playbook of one's own: --rules folders, settings files, and `rules validate`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from msa_review import validate as validate_module
from msa_review.cli import main
from msa_review.config import Config, apply_config, configured_playbook, find_config
from msa_review.errors import PlaybookError
from msa_review.playbook import Playbook

CONTRACT = (
    'This Master Services Agreement is made between Northwind Telecom Ltd. ("Customer") and '
    'Brightwave Voice Inc. ("Provider").\n\n'
    "12.3 Termination for Convenience. Either party may terminate this Agreement for "
    "convenience upon sixty (60) days' prior written notice to the other party.\n\n"
    "14.1 Escrow. Provider shall deposit the source code of the Application in escrow.\n"
)
ESCROW_RULE = """\
title: Source code escrow
severity: medium
locate:
  - escrow
requires:
  - name: a release condition
    any: releas\\w*
    message: the escrow names no release condition
"""
ESCROW_CASES = """\
- name: with a release condition
  kind: pass
  text: |
    Provider shall deposit the source code in escrow, released to Customer on Provider's insolvency.
  status: met
- name: no release condition
  kind: fail
  text: |
    Provider shall deposit the source code in escrow.
  status: partial
- name: no escrow at all
  kind: trap
  text: |
    The parties shall meet every quarter.
  status: missing
"""
OWN_EXIT_RULE = """\
title: Our own exit rule
severity: low
locate:
  - terminat\\w* .{0,40}convenience
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def findings(result: Result) -> dict[str, dict[str, object]]:
    assert result.exit_code in (0, 1), result.output + result.stderr
    document = json.loads(result.stdout)["documents"][0]
    return {finding["rule_id"]: finding for finding in document["findings"]}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with a contract and a playbook folder `own` (new group, an override)."""
    (tmp_path / "own" / "house").mkdir(parents=True)
    (tmp_path / "own" / "house" / "escrow.yaml").write_text(ESCROW_RULE)
    (tmp_path / "own" / "house" / "escrow.cases.yaml").write_text(ESCROW_CASES)
    (tmp_path / "own" / "exit").mkdir()
    (tmp_path / "own" / "exit" / "termination-convenience.yaml").write_text(OWN_EXIT_RULE)
    (tmp_path / "contract.txt").write_text(CONTRACT)
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --rules ------------------------------------------------------------------------------------

def test_scan_runs_a_new_rule_and_an_override_from_rules(project: Path) -> None:
    found = findings(run("scan", "contract.txt", "--rules", "own", "--format", "json"))
    assert found["house.escrow"]["status"] == "partial"
    assert found["house.escrow"]["severity"] == "medium"
    assert found["exit.termination-convenience"]["title"] == "Our own exit rule"
    assert found["exit.termination-convenience"]["severity"] == "low"
    shipped = findings(run("scan", "contract.txt", "--format", "json"))
    assert "house.escrow" not in shipped
    assert shipped["exit.termination-convenience"]["title"] != "Our own exit rule"


def test_rules_lists_own_rules_and_skips_case_files(project: Path) -> None:
    result = run("rules", "--rules", "own")
    assert result.exit_code == 0, result.stderr
    lines = {line.split()[0]: line for line in result.output.splitlines()}
    assert "house.escrow" in lines
    assert "Our own exit rule" in lines["exit.termination-convenience"]
    assert not any(".cases" in rule_id for rule_id in lines)


@pytest.mark.parametrize("command", [["rules"], ["scan", "contract.txt"],
                                     ["rules", "validate", "own"]])
def test_an_invalid_rule_file_exits_2_naming_file_and_key(project: Path,
                                                          command: list[str]) -> None:
    (project / "own" / "house" / "broken.yaml").write_text(ESCROW_RULE + "colour: red\n")
    result = run(*command, "--rules", "own")
    assert result.exit_code == 2
    assert "broken.yaml" in result.stderr and "colour" in result.stderr


# settings files -----------------------------------------------------------------------------

SETTINGS = """\
disable = ["exit.no-kill-switch"]
fail-on = "never"
[params."exit.termination-convenience".notice_days]
min = 90
[severity]
"exit.termination-convenience" = "critical"
"""


def test_settings_file_overrides_thresholds_severity_and_fail_on(project: Path) -> None:
    before = findings(run("scan", "contract.txt", "--no-config", "--format", "json"))
    assert before["exit.termination-convenience"]["status"] == "met"
    (project / "msa-review.toml").write_text(SETTINGS)
    result = run("scan", "contract.txt", "--format", "json")
    assert result.exit_code == 0  # fail-on = "never"
    after = findings(result)
    assert after["exit.termination-convenience"]["status"] == "partial"
    assert after["exit.termination-convenience"]["severity"] == "critical"
    assert "90" in str(after["exit.termination-convenience"]["explanation"])
    assert run("scan", "contract.txt", "--fail-on", "critical").exit_code == 1
    ignored = findings(run("scan", "contract.txt", "--no-config", "--format", "json"))
    assert ignored["exit.termination-convenience"]["status"] == "met"


def test_settings_rules_are_relative_to_the_file_found_in_a_parent(project: Path,
                                                                   monkeypatch: pytest.MonkeyPatch
                                                                   ) -> None:
    (project / "msa-review.toml").write_text('rules = ["own"]\n')
    (project / "deep" / "er").mkdir(parents=True)
    monkeypatch.chdir(project / "deep" / "er")
    result = run("rules")
    assert result.exit_code == 0, result.stderr
    assert "house.escrow" in result.output
    assert find_config(Path.cwd()) == project / "msa-review.toml"


def test_pyproject_table_and_which_file_wins(project: Path) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config(project) is None  # no [tool.msa-review]: passed over
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.msa-review]\ndisable = ["exit.termination-convenience"]\n')
    assert find_config(project) == project / "pyproject.toml"
    assert "exit.termination-convenience" not in run("rules").output
    (project / "msa-review.toml").write_text('fail-on = "low"\n')
    assert find_config(project) == project / "msa-review.toml"
    assert "exit.termination-convenience" in run("rules").output


def test_config_option_names_the_file(project: Path) -> None:
    (project / "elsewhere.toml").write_text('[severity]\n"exit.no-kill-switch" = "low"\n')
    result = run("rules", "--config", "elsewhere.toml")
    line = next(line for line in result.output.splitlines() if line.startswith("exit.no-kill"))
    assert line.split()[1] == "low"
    assert run("rules", "--config", "elsewhere.toml", "--no-config").exit_code == 2


@pytest.mark.parametrize(("text", "key"), [
    ('disable = ["term.no-such-rule"]\n', "disable: no rule 'term.no-such-rule'"),
    ('[params."exit.no-such"]\nx = {min = 1}\n', 'params."exit.no-such"'),
    ('[params."exit.termination-convenience".notice_dayz]\nmin = 90\n', "notice_dayz"),
    ('[params."exit.termination-convenience".notice_days]\nmin = "90"\n',
     'params."exit.termination-convenience".notice_days.min: expected a number'),
    ('[params."exit.termination-convenience".notice_days]\nmean = 90\n', "notice_days.mean"),
    ('[params."exit.termination-convenience".notice_days]\nmin = 120\nmax = 90\n', "above"),
    ('[severity]\n"exit.no-kill-switch" = "urgent"\n', 'severity."exit.no-kill-switch"'),
    ('fail-on = "sometimes"\n', "fail-on"),
    ("threshold = 1\n", "threshold: unknown key"),
    ('rules = ["missing-folder"]\n', "rules: "),
    ("rules = \n", "not valid TOML"),
])
def test_an_invalid_settings_file_exits_2_naming_file_and_key(project: Path, text: str,
                                                              key: str) -> None:
    (project / "msa-review.toml").write_text(text)
    for command in (["rules"], ["scan", "contract.txt"]):
        result = run(*command)
        assert result.exit_code == 2, result.output
        assert "msa-review.toml" in result.stderr and key in result.stderr


def test_pyproject_errors_name_the_tool_table(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.msa-review]\nfail-on = "severe"\n')
    result = run("rules")
    assert result.exit_code == 2
    assert "pyproject.toml: tool.msa-review.fail-on" in result.stderr


def test_overrides_are_part_of_the_digest(project: Path) -> None:
    plain = configured_playbook([], no_config=True)
    (project / "msa-review.toml").write_text(SETTINGS.replace("min = 90", "min = 75"))
    with_75 = configured_playbook([], cwd=project)
    (project / "msa-review.toml").write_text(SETTINGS)
    with_90 = configured_playbook([], cwd=project)
    again = configured_playbook([], cwd=project)
    digests = {plain.playbook.digest, with_75.playbook.digest, with_90.playbook.digest}
    assert len(digests) == 3
    assert again.playbook.digest == with_90.playbook.digest
    assert with_90.fail_on == "never" and plain.fail_on is None
    rule = with_90.playbook.by_id()["exit.termination-convenience"]
    assert next(p for p in rule.params if p.name == "notice_days").minimum == 90


def test_overrides_leave_the_loaded_playbook_alone(playbook: Playbook, tmp_path: Path) -> None:
    config = Config(path=tmp_path / "msa-review.toml", disable=("exit.no-kill-switch",),
                    severity={"exit.termination-convenience": "low"})
    changed = apply_config(playbook, config)
    assert "exit.no-kill-switch" in playbook.by_id()
    assert "exit.no-kill-switch" not in changed.by_id()
    assert playbook.by_id()["exit.termination-convenience"].severity == "high"
    assert changed.by_id()["exit.termination-convenience"].severity == "low"
    with pytest.raises(PlaybookError, match="no rule 'nope.nope'"):
        apply_config(playbook, Config(path=tmp_path / "x.toml", disable=("nope.nope",)))


def test_cache_is_not_reused_across_a_changed_threshold(project: Path) -> None:
    assert findings(run("scan", "contract.txt", "--format", "json"))[
        "exit.termination-convenience"]["status"] == "met"
    (project / "msa-review.toml").write_text(SETTINGS)
    assert findings(run("scan", "contract.txt", "--format", "json"))[
        "exit.termination-convenience"]["status"] == "partial"


# rules validate -----------------------------------------------------------------------------

def test_validate_passes_a_good_playbook(project: Path) -> None:
    (project / "own" / "exit" / "termination-convenience.yaml").unlink()
    result = run("rules", "validate", "own")
    assert result.exit_code == 0, result.output
    assert "1 rules of own, 3 cases: 3 passed, 0 failed" in result.output


def test_validate_reports_each_failing_case(project: Path) -> None:
    cases = ESCROW_CASES.replace("  status: partial", "  status: met")
    (project / "own" / "house" / "escrow.cases.yaml").write_text(cases)
    result = run("rules", "validate", "own")
    assert result.exit_code == 1
    failing = [line for line in result.output.splitlines() if line.startswith("FAIL")]
    assert failing == [("FAIL house.escrow:fail:no release condition "
                        "(own/house/escrow.cases.yaml): expected met, got partial")]
    assert "3 cases: 2 passed, 1 failed" in result.output
    assert "note: exit.termination-convenience has no fail, pass, trap case" in result.output


def test_validate_reports_params(project: Path) -> None:
    (project / "own" / "exit" / "termination-convenience.cases.yaml").write_text(
        "- name: sixty days\n  kind: pass\n  text: |\n"
        "    Either party may terminate this Agreement for convenience on sixty (60) days' "
        "written notice.\n  status: met\n  params: {notice_days: 90}\n")
    (project / "own" / "exit" / "termination-convenience.yaml").unlink()
    result = run("rules", "validate", "own")
    assert result.exit_code == 1
    assert "notice_days: expected 90, got 60" in result.output


def test_validate_applies_the_settings_file(project: Path) -> None:
    (project / "own" / "exit" / "termination-convenience.yaml").unlink()
    (project / "msa-review.toml").write_text(
        '[severity]\n"house.escrow" = "low"\n[params."exit.termination-convenience".notice_days]'
        "\nmin = 90\n")
    (project / "own" / "exit" / "termination-convenience.cases.yaml").write_text(
        "- name: sixty days is short for us\n  kind: fail\n  text: |\n"
        "    Either party may terminate this Agreement for convenience on sixty (60) days' "
        "written notice.\n  status: partial\n")
    assert run("rules", "validate", "own").exit_code == 0
    assert run("rules", "validate", "own", "--no-config").exit_code == 1


@pytest.mark.parametrize(("text", "key"), [
    ("- name: x\n  kind: sometimes\n  text: a\n  status: met\n", "kind"),
    ("- name: x\n  kind: pass\n  text: a\n  status: fine\n", "status"),
    ("- name: x\n  kind: pass\n  text: a\n", "missing required key 'status'"),
    ("- name: x\n  kind: pass\n  text: a\n  status: met\n  expect: met\n", "unknown key 'expect'"),
    ("name: x\n", "a cases file holds a list"),
])
def test_validate_exits_2_on_an_invalid_case_file(project: Path, text: str, key: str) -> None:
    (project / "own" / "house" / "escrow.cases.yaml").write_text(text)
    result = run("rules", "validate", "own")
    assert result.exit_code == 2
    assert "escrow.cases.yaml" in result.output and key in result.output


def test_validate_without_a_folder_runs_the_checkout_cases(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    cases = tmp_path / "cases" / "exit"
    cases.mkdir(parents=True)
    (cases / "termination-convenience.yaml").write_text(
        "- name: vendor only\n  kind: fail\n  text: |\n    Provider may terminate this "
        "Agreement for convenience on ninety (90) days' written notice.\n  status: met\n")
    monkeypatch.setattr(validate_module, "shipped_cases_dir", lambda: tmp_path / "cases")
    monkeypatch.chdir(tmp_path)
    result = run("rules", "validate")
    assert result.exit_code == 1
    assert "FAIL exit.termination-convenience:fail:vendor only" in result.output
    assert "expected met, got conflict" in result.output
    assert "1 cases: 0 passed, 1 failed" in result.output


def test_validate_without_cases_installed_checks_the_rules_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validate_module, "shipped_cases_dir", lambda: None)
    monkeypatch.chdir(tmp_path)
    result = run("rules", "validate")
    assert result.exit_code == 0
    assert "ships no test cases" in result.output


def test_the_checkout_has_its_cases() -> None:
    folder = validate_module.shipped_cases_dir()
    assert folder is not None and (folder / "exit" / "termination-convenience.yaml").is_file()


def test_validate_takes_the_options_of_rules_too(project: Path) -> None:
    (project / "extra" / "exit").mkdir(parents=True)
    (project / "extra" / "exit" / "termination-convenience.yaml").write_text(
        OWN_EXIT_RULE.replace("severity: low", "severity: high"))
    (project / "own" / "exit" / "termination-convenience.yaml").unlink()
    (project / "own" / "exit" / "termination-convenience.cases.yaml").write_text(
        "- name: any termination for convenience\n  kind: pass\n  text: |\n"
        "    Provider may terminate for convenience.\n  status: met\n")
    assert run("rules", "validate", "own").exit_code == 1  # the shipped rule: a conflict
    assert run("rules", "--rules", "extra", "validate", "own").exit_code == 0

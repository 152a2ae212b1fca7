"""The command line end to end: formats, exit codes, unreadable inputs."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from msa_review.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "brightwave-softphone-msa.txt"


def test_scan_example_json(tmp_path: Path) -> None:
    out = tmp_path / "review.json"
    result = CliRunner().invoke(main, ["scan", str(EXAMPLE), "--format", "json", "-o", str(out)])
    assert result.exit_code == 1, result.output  # the example has high and critical gaps
    payload = json.loads(out.read_text())
    assert payload["schema_version"] == 1
    assert payload["tool"]["name"] == "msa-review"
    document = payload["documents"][0]
    assert document["parties"]["client"] == {"name": "Northwind Telecom Ltd.", "aliases": ["Customer"]}
    assert document["parties"]["vendor"]["aliases"] == ["Provider"]
    findings = {f["rule_id"]: f for f in document["findings"]}
    text = EXAMPLE.read_text()
    assert findings["ownership.app-store-account"]["status"] == "conflict"
    assert findings["exit.no-kill-switch"]["status"] == "conflict"
    convenience = findings["exit.termination-convenience"]
    assert convenience["status"] == "conflict"
    assert convenience["params"] == {"notice_days": 30, "mutual": False}
    for finding in document["findings"]:
        for evidence in finding["evidence"]:
            assert text[evidence["start"]: evidence["end"]] == evidence["quote"]
        if finding["status"] in ("partial", "conflict", "missing"):
            assert finding["redline"]["text"]
    redline = findings["exit.termination-convenience"]["redline"]
    assert redline["action"] == "replace"
    assert "Customer" in redline["text"] and "Provider" in redline["text"]


def test_fail_on_never_and_text_output() -> None:
    result = CliRunner().invoke(main, ["scan", str(EXAMPLE), "--fail-on", "never"])
    assert result.exit_code == 0
    assert "CONFLICT" in result.output
    assert "exit.no-kill-switch" in result.output


def test_unreadable_input_is_reported_and_others_still_scanned(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 nothing here")
    result = CliRunner().invoke(main, ["scan", str(broken), str(EXAMPLE), "--format", "json"])
    assert result.exit_code == 3
    payload = json.loads(result.stdout)
    assert payload["documents"][0]["error"]["code"] == "corrupt"
    assert payload["documents"][1]["findings"]
    assert "[corrupt]" in result.stderr


def test_usage_error_exit_code() -> None:
    result = CliRunner().invoke(main, ["scan", str(EXAMPLE), "--fail-on", "sometimes"])
    assert result.exit_code == 2


def test_refuses_to_overwrite_an_input() -> None:
    result = CliRunner().invoke(main, ["scan", str(EXAMPLE), "-o", str(EXAMPLE)])
    assert result.exit_code == 2
    assert EXAMPLE.read_text().startswith("MASTER SERVICES AGREEMENT")


def test_extract_command_shows_sections() -> None:
    result = CliRunner().invoke(main, ["extract", str(EXAMPLE)])
    assert result.exit_code == 0
    assert "[5.3 Termination for Convenience]" in result.output
    result = CliRunner().invoke(main, ["extract", str(EXAMPLE), "--format", "json"])
    sections = json.loads(result.output)["sections"]
    assert any(s["number"] == "5.5" and s["heading"] == "Effect of Termination" for s in sections)


def test_rules_lists_the_checks() -> None:
    result = CliRunner().invoke(main, ["rules"])
    assert result.exit_code == 0
    assert "exit.no-kill-switch" in result.output

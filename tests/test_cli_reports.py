"""The report formats from the command line."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from msa_review.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "brightwave-softphone-msa.txt"


def test_html_report_file(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["scan", str(EXAMPLE), "--format", "html", "-o", str(out)])
    assert result.exit_code == 1, result.output
    html = out.read_text()
    assert html.startswith("<!DOCTYPE html>")
    assert 'id="exit.no-kill-switch"' in html
    assert "Northwind Telecom Ltd." in html and "“Customer”" in html
    assert "<del>" in html and "<ins>" in html


def test_markdown_report_to_stdout() -> None:
    result = CliRunner().invoke(main, ["scan", str(EXAMPLE), "--format", "markdown",
                                       "--fail-on", "never"])
    assert result.exit_code == 0
    assert result.output.startswith("# Contract review: brightwave-softphone-msa.txt")
    assert "### Verdict: " in result.output


def test_text_report_has_no_colour_when_piped_or_when_no_color_is_set() -> None:
    result = CliRunner().invoke(main, ["scan", str(EXAMPLE), "--fail-on", "never"])
    assert "\x1b[" not in result.output
    result = CliRunner().invoke(main, ["scan", str(EXAMPLE), "--fail-on", "never", "--color"])
    assert "\x1b[" in result.output


def test_own_template(tmp_path: Path) -> None:
    template = tmp_path / "firm.html.j2"
    template.write_text("<h1>{{ report.title }}</h1>{% for d in report.documents %}"
                        "{{ d.verdict.headline }}{% endfor %}")
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["scan", str(EXAMPLE), "--format", "html", "-o", str(out),
                                       "--template", str(template), "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    assert out.read_text() == ("<h1>Contract review: brightwave-softphone-msa.txt</h1>"
                               "Do not sign as drafted")


def test_broken_template_is_a_usage_error(tmp_path: Path) -> None:
    template = tmp_path / "broken.html.j2"
    template.write_text("{% for d in report.documents %}")
    result = CliRunner().invoke(main, ["scan", str(EXAMPLE), "--format", "html",
                                       "--template", str(template)])
    assert result.exit_code == 2
    assert "broken.html.j2" in result.stderr


def test_template_needs_a_templated_format(tmp_path: Path) -> None:
    template = tmp_path / "t.j2"
    template.write_text("x")
    result = CliRunner().invoke(main, ["scan", str(EXAMPLE), "--format", "json",
                                       "--template", str(template)])
    assert result.exit_code == 2


def test_word_redline_of_an_unreadable_contract_writes_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 nothing here")
    out = tmp_path / "redline.docx"
    result = CliRunner().invoke(main, ["scan", str(broken), "--format", "docx", "-o", str(out)])
    assert result.exit_code == 3
    assert not out.exists()

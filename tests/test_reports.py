"""The reports a person reads: gold files, escaping, ordering, anchors, the JSON Schema."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from report_fixtures import fixture_review

from msa_review.errors import InputError
from msa_review.reporters import FORMATS, Options, reporter
from msa_review.scan import Failure, scan_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "brightwave-softphone-msa.txt"
SCHEMA = json.loads((ROOT / "schema" / "report.schema.json").read_text())
OPTIONS = Options(tool_version="<version>")


def render(name: str, results: list[object], options: Options = OPTIONS) -> str:
    output = reporter(name)(results, options)  # type: ignore[arg-type]
    assert isinstance(output, str)
    return output


@pytest.mark.parametrize("name, file", [("html", "fixture.html"), ("markdown", "fixture.md"),
                                        ("text", "fixture.txt"), ("json", "fixture.json")])
def test_report_matches_gold(name: str, file: str, gold: object) -> None:
    gold.check(file, render(name, [fixture_review()]))  # type: ignore[attr-defined]


def test_docx_redline_matches_gold(gold: object) -> None:
    from docx_dump import dump

    raw = reporter("docx")([fixture_review()], OPTIONS)
    assert isinstance(raw, bytes)
    gold.check("fixture.docx.txt", dump(raw))  # type: ignore[attr-defined]


def test_every_format_is_registered() -> None:
    assert set(FORMATS) >= {"text", "json", "html", "markdown", "docx"}
    for name in FORMATS:
        assert callable(reporter(name))


# -- HTML --------------------------------------------------------------------------------


class _Elements(HTMLParser):
    """The elements and attributes a browser would build."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.tags


def test_html_escapes_contract_text() -> None:
    html = render("html", [fixture_review()])
    tags = elements(html)
    names = {tag for tag, _ in tags}
    assert "script" not in names and "img" not in names and "b" not in names
    assert not any(key.startswith("on") for _, attrs in tags for key in attrs)
    assert "&lt;script&gt;alert(&#34;quote&#34;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Acme &lt;b&gt;Telecom&lt;/b&gt; Ltd." in html
    assert "Voxel &amp; Sons Inc." in html


def test_html_is_self_contained_and_accessible() -> None:
    html = render("html", [fixture_review()])
    tags = elements(html)
    names = [tag for tag, _ in tags]
    assert "link" not in names and "script" not in names and "iframe" not in names
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", html)
    assert "@import" not in html and "url(" not in html
    assert ("html", {"lang": "en"}) in tags
    assert "main" in names and "header" in names and "footer" in names
    assert names.count("h1") == 1
    assert "@media print" in html


def test_html_findings_are_ordered_and_anchored_by_rule_id() -> None:
    html = render("html", [fixture_review()])
    ids = [attrs["id"] for tag, attrs in elements(html) if tag == "article" and "finding"
           in (attrs.get("class") or "")]
    assert ids == ["ownership.app-store-account", "exit.transition-assistance",
                   "exit.termination-convenience", "scope.os-updates", "sla.scope",
                   "license.model", "exit.termination-cause", "exit.escrow"]
    assert 'href="#ownership.app-store-account"' in html  # named among the critical gaps


def test_html_redline_marks_deletions_and_insertions() -> None:
    html = render("html", [fixture_review()])
    assert "<del>Provider</del><ins>Either party</ins> may terminate" in html
    # The clause keeps its paragraph's run-in heading; the proposal's own is not added.
    assert "App Store Accounts" not in html and "<ins>Termination for Convenience" not in html
    assert "Insert at the end of §2 TERM AND TERMINATION:" in html
    assert "<ins>Transition Assistance. For one hundred and eighty (180) days" in html
    assert "Insert as a new clause at the end of the contract:" in html


def test_several_documents_get_distinct_anchors_and_failures_show() -> None:
    failure = Failure("contracts/broken.pdf", InputError("contracts/broken.pdf: damaged",
                                                          code="corrupt", hint="re-export it"))
    html = render("html", [fixture_review("a.txt"), fixture_review("b.txt"), failure])
    ids = [attrs["id"] for tag, attrs in elements(html) if attrs.get("id")]
    assert len(ids) == len(set(ids))
    assert "d1-exit.escrow" in ids and "d2-exit.escrow" in ids
    assert "[corrupt]" in html and "re-export it" in html


def test_user_template_can_extend_the_shipped_one(tmp_path: Path) -> None:
    template = tmp_path / "firm.html.j2"
    template.write_text('{% extends "reports/report.html.j2" %}'
                        "{% block footer %}<footer>Privileged &amp; confidential: "
                        "{{ report.documents[0].parties[0].name }}</footer>{% endblock %}")
    html = render("html", [fixture_review()], Options(tool_version="x", template=template))
    assert "Privileged &amp; confidential: Acme &lt;b&gt;Telecom&lt;/b&gt; Ltd." in html
    assert "not legal advice" not in html


def test_user_template_is_autoescaped_whatever_its_name(tmp_path: Path) -> None:
    template = tmp_path / "plain.j2"
    template.write_text("{% for d in report.documents %}{{ d.parties[0].name }}{% endfor %}")
    html = render("html", [fixture_review()], Options(tool_version="x", template=template))
    assert html == "Acme &lt;b&gt;Telecom&lt;/b&gt; Ltd."


# -- Markdown ----------------------------------------------------------------------------


def test_markdown_escapes_markup_and_marks_the_redline() -> None:
    markdown = render("markdown", [fixture_review()])
    assert "<script" not in markdown and "<img" not in markdown and "<b>" not in markdown
    assert "&lt;script&gt;" in markdown
    assert "~~Provider~~**Either party** may terminate" in markdown
    assert '<a id="exit.no-kill-switch">' not in markdown
    assert '<a id="exit.escrow"></a>' in markdown


def test_markdown_escape_keeps_text_literal() -> None:
    from msa_review.reporters.templating import markdown_escape

    assert markdown_escape("*bold* [link](x) `code` <b> & 1. item") == (
        r"\*bold\* \[link\](x) \`code\` &lt;b&gt; &amp; 1. item")
    assert markdown_escape("# not a heading") == r"\# not a heading"
    assert markdown_escape("12. not a list") == r"12\. not a list"


# -- Terminal ----------------------------------------------------------------------------


def test_text_report_colours_only_when_asked_and_strips_control_characters() -> None:
    review = fixture_review()
    review.findings[1].explanation = "evil \x1b]0;title\x07 text"
    plain = render("text", [review])
    assert "\x1b" not in plain and "\x07" not in plain
    coloured = render("text", [review], Options(color=True, tool_version="x"))
    assert "\x1b[1;31mCONFLICT" in coloured
    assert coloured.count("\x1b]") == 0


# -- JSON and its schema -----------------------------------------------------------------


def test_schema_is_valid_and_describes_the_fixture_and_a_failure() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    failure = Failure("x.pdf", InputError("x.pdf: damaged", code="corrupt"))
    payload = json.loads(render("json", [fixture_review(), failure]))
    jsonschema.Draft202012Validator(SCHEMA).validate(payload)


def test_schema_validates_a_real_review(playbook: object) -> None:
    result = scan_file(str(EXAMPLE), playbook)  # type: ignore[arg-type]
    payload = json.loads(render("json", [result]))
    jsonschema.Draft202012Validator(SCHEMA).validate(payload)


@pytest.mark.parametrize("damage", [
    lambda d: d["findings"][0].update(status="unknown"),
    lambda d: d["findings"][0].update(severity="urgent"),
    lambda d: d["findings"][0].pop("fingerprint"),
    lambda d: d["findings"][0]["evidence"][0].update(start="12"),
    lambda d: d["findings"][0].update(redline={"action": "replace", "original": None, "text": "x"}),
    lambda d: d.update(parties={"client": {"name": None}}),
    lambda d: d["summary"].pop("missing"),
])
def test_schema_rejects_broken_output(damage: object) -> None:
    payload = json.loads(render("json", [fixture_review()]))
    damage(payload["documents"][0])  # type: ignore[operator]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(SCHEMA).validate(payload)

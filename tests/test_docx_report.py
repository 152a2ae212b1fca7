"""The Word redline: native tracked changes and comments that Word and LibreOffice open."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx_dump import dump, q
from report_fixtures import contract_docx, fixture_review

from msa_review.cli import main
from msa_review.extract import extract_bytes
from msa_review.reporters import Options
from msa_review.reporters.docx_report import redline

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "brightwave-softphone-msa.txt"
OPTIONS = Options(tool_version="test")


@pytest.fixture(scope="module")
def original() -> bytes:
    return contract_docx()


@pytest.fixture(scope="module")
def redlined(original: bytes) -> bytes:
    return redline(fixture_review("acme.docx", original), OPTIONS, original)


def _body(raw: bytes) -> object:
    import docx

    return docx.Document(io.BytesIO(raw))


def test_reopens_with_tracked_changes_by_msa_review(redlined: bytes) -> None:
    body = _body(redlined).element.body  # type: ignore[attr-defined]
    marks = [element for element in body.iter(q("ins"), q("del"))]
    authors = {mark.get(q("author")) for mark in marks if mark.getparent().tag != q("rPr")}
    assert authors == {"msa-review"}
    assert sum(1 for mark in marks if mark.tag == q("del")) >= 3
    ids = Counter(mark.get(q("id")) for mark in marks)
    assert max(ids.values()) == 1, "revision ids must be unique"
    assert all(mark.get(q("date")) for mark in marks)


def test_comments_are_anchored_at_each_gap(redlined: bytes) -> None:
    document = _body(redlined)
    comments = list(document.comments)  # type: ignore[attr-defined]
    assert len(comments) == 6  # the fixture's six gaps, one without a redline
    assert {comment.author for comment in comments} == {"msa-review"}
    body = document.element.body  # type: ignore[attr-defined]
    starts = {element.get(q("id")) for element in body.iter(q("commentRangeStart"))}
    ends = {element.get(q("id")) for element in body.iter(q("commentRangeEnd"))}
    references = {element.get(q("id")) for element in body.iter(q("commentReference"))}
    assert starts == ends == references == {str(comment.comment_id) for comment in comments}
    texts = " ".join(comment.text for comment in comments)
    assert "exit.transition-assistance" in texts and "Why it matters" in texts


def test_original_formatting_header_and_untouched_text_are_kept(original: bytes,
                                                                redlined: bytes) -> None:
    document = _body(redlined)
    assert document.sections[0].header.paragraphs[0].text == "Acme / Voxel MSA - Confidential"  # type: ignore[attr-defined]
    bold = [run.text for paragraph in document.paragraphs for run in paragraph.runs  # type: ignore[attr-defined]
            if run.bold]
    assert "2.1 Termination for Convenience. " in bold
    italic = [run.text for paragraph in document.paragraphs for run in paragraph.runs  # type: ignore[attr-defined]
              if run.italic]
    assert "terminate" in italic
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]  # type: ignore[attr-defined]
    assert headings == ["MASTER SERVICES AGREEMENT", "1. SERVICES", "2. TERM AND TERMINATION",
                        "3. GENERAL"]
    assert "3.1 This Agreement is governed by the laws of England and Wales." in dump(redlined)


def test_accepting_every_change_gives_the_proposed_wording(redlined: bytes) -> None:
    # msa-review's own DOCX reader takes tracked changes as accepted.
    accepted = extract_bytes("accepted.docx", redlined).text
    assert ("2.1 Termination for Convenience. Either party may terminate this Agreement for "
            "convenience upon sixty (60) days' prior written notice.") in accepted
    assert "onerror" not in accepted and "<script>" not in accepted
    assert "Transition Assistance. For one hundred and eighty (180) days" in accepted
    assert accepted.rstrip().endswith("Fees. Customer shall pay USD 1.00 per Active User per month.")
    # The missing clause goes at the end of the section its rule belongs in.
    assert accepted.index("Transition Assistance") < accepted.index("3. GENERAL")
    assert accepted.index("2.2 Termination for Cause") < accepted.index("Transition Assistance")


def test_rejecting_every_change_gives_the_original(original: bytes, redlined: bytes) -> None:
    document = _body(redlined)
    body = document.element.body  # type: ignore[attr-defined]
    for inserted in list(body.iter(q("ins"))):
        parent = inserted.getparent()
        if parent.tag == q("rPr"):  # an inserted paragraph: drop the paragraph
            paragraph = parent.getparent().getparent()
            paragraph.getparent().remove(paragraph)
        elif inserted.getparent() is not None:
            parent.remove(inserted)
    for deleted in list(body.iter(q("del"))):
        for node in deleted.iter(q("delText")):
            node.tag = q("t")
        for child in list(deleted):
            deleted.addprevious(child)
        deleted.getparent().remove(deleted)
    buffer = io.BytesIO()
    document.save(buffer)  # type: ignore[attr-defined]
    assert extract_bytes("rejected.docx", buffer.getvalue()).text == extract_bytes(
        "original.docx", original).text


def test_text_input_becomes_a_new_document_with_the_same_marks() -> None:
    raw = redline(fixture_review(), OPTIONS)
    text = dump(raw)
    assert "[-Provider-][+Either party+] may terminate" in text
    assert "(+) {" in text  # inserted paragraphs, commented
    document = _body(raw)
    assert "built from the text" in document.sections[0].header.paragraphs[0].text  # type: ignore[attr-defined]


def test_cli_writes_a_word_redline(tmp_path: Path) -> None:
    out = tmp_path / "redline.docx"
    result = CliRunner().invoke(main, ["scan", str(EXAMPLE), "--format", "docx", "-o", str(out)])
    assert result.exit_code == 1, result.output
    document = _body(out.read_bytes())
    assert len(list(document.comments)) >= 1  # type: ignore[attr-defined]
    assert any(True for _ in document.element.body.iter(q("del")))  # type: ignore[attr-defined]


def test_cli_redlines_a_docx_input(tmp_path: Path) -> None:
    source = tmp_path / "msa.docx"
    source.write_bytes(contract_docx())
    out = tmp_path / "redline.docx"
    result = CliRunner().invoke(main, ["scan", str(source), "--format", "docx", "-o", str(out),
                                       "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    assert _body(out.read_bytes()).sections[0].header.paragraphs[0].text == (  # type: ignore[attr-defined]
        "Acme / Voxel MSA - Confidential")


def test_cli_docx_needs_an_output_file_and_one_contract(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["scan", str(EXAMPLE), "--format", "docx"])
    assert result.exit_code == 2 and "-o FILE" in result.output
    second = tmp_path / "second.txt"
    second.write_bytes(EXAMPLE.read_bytes())
    result = CliRunner().invoke(main, ["scan", str(EXAMPLE), str(second), "--format", "docx",
                                       "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 2 and "one contract" in result.output


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_it_and_keeps_the_tracked_changes(redlined: bytes,
                                                            tmp_path: Path) -> None:
    source = tmp_path / "redline.docx"
    source.write_bytes(redlined)
    out = tmp_path / "out"
    completed = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
         "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(source)],
        capture_output=True, text=True, timeout=180, check=False)
    saved = out / "redline.docx"
    assert saved.exists(), completed.stderr
    body = _body(saved.read_bytes()).element.body  # type: ignore[attr-defined]
    authors = {mark.get(q("author")) for mark in body.iter(q("ins"), q("del"))}
    assert "msa-review" in authors
    assert len(list(_body(saved.read_bytes()).comments)) == 6  # type: ignore[attr-defined]


def test_numbered_clauses_and_the_other_sides_tracked_changes() -> None:
    """Word numbering is not in the paragraph text, and the vendor's own pending changes
    stay as they are, with ours made on top of them."""
    import builders

    from msa_review.findings import Evidence, Finding, Redline, Review
    from msa_review.language.parties import find_parties

    raw = builders.softphone_docx()
    document = extract_bytes("vendor.docx", raw)

    def finding(rule_id: str, marker: str, proposal: str) -> Finding:
        paragraph = next(p for p in document.paragraphs if marker in p.text)
        evidence = Evidence(paragraph.text, paragraph.section_number, paragraph.section_heading,
                            None, paragraph.index, paragraph.start, paragraph.end)
        return Finding(rule_id, rule_id, "partial", "critical", "weak", evidence=[evidence],
                       redline=Redline("replace", paragraph.text, proposal))

    review = Review(document, find_parties(document), [
        finding("exit.no-kill-switch", "Kill Switch",
                "No Kill Switch. Provider shall not, at any time, remotely disable any build of "
                "the Application already distributed to End Users."),
        finding("ownership.app-store-account", "published under",
                "The Application shall be published under Customer's own Apple Developer "
                "Program account and Customer's own Google Play Console account."),
    ])
    redlined = redline(review, OPTIONS, raw)
    accepted = extract_bytes("accepted.docx", redlined).text
    assert ("1.2 No Kill Switch. Provider shall not, at any time, remotely disable any build"
            in accepted)
    assert ("2.1 The Application shall be published under Customer's own Apple Developer "
            "Program account and Customer's own Google Play Console account.") in accepted
    body = _body(redlined).element.body  # type: ignore[attr-defined]
    authors = Counter(mark.get(q("author")) for mark in body.iter(q("ins"), q("del")))
    assert authors["Vendor"] == 2 and authors["msa-review"] >= 3


def test_pdf_input_becomes_a_word_document_with_the_marks() -> None:
    import builders

    from msa_review.findings import Evidence, Finding, Redline, Review
    from msa_review.language.parties import find_parties

    raw = builders.text_pdf([
        [('This Agreement is made between Northwind Telecom Ltd. ("Customer") and Brightwave '
         'Voice Inc. ("Provider").'), "5. TERM AND TERMINATION"],
        [("5.3 Termination for Convenience. Provider may terminate this Agreement for "
         "convenience at any time upon thirty (30) days' prior written notice to Customer.")],
    ])
    document = extract_bytes("vendor.pdf", raw)
    paragraph = next(p for p in document.paragraphs if "Provider may terminate" in p.text)
    quote = paragraph.text[paragraph.text.index("Provider may"):]
    start = paragraph.start + paragraph.text.index("Provider may")
    evidence = Evidence(quote, paragraph.section_number, paragraph.section_heading,
                        paragraph.page, paragraph.index, start, start + len(quote))
    review = Review(document, find_parties(document), [Finding(
        "exit.termination-convenience", "Mutual termination for convenience", "conflict", "high",
        "only Provider holds this right", evidence=[evidence],
        redline=Redline("replace", quote, "Either party may terminate this Agreement for "
                                          "convenience upon sixty (60) days' prior written "
                                          "notice."))])
    redlined = redline(review, OPTIONS, None)
    word = _body(redlined)
    assert word.sections[0].header.paragraphs[0].text.endswith("text of the PDF")  # type: ignore[attr-defined]
    accepted = extract_bytes("accepted.docx", redlined).text
    assert ("5.3 Termination for Convenience. Either party may terminate this Agreement for "
            "convenience upon sixty (60) days' prior written notice.") in accepted
    assert len(list(word.comments)) == 1  # type: ignore[attr-defined]


def test_a_docx_changed_since_it_was_reviewed_is_not_redlined(tmp_path: Path) -> None:
    from msa_review.errors import InputError

    source = tmp_path / "msa.docx"
    source.write_bytes(contract_docx())
    review = fixture_review(str(source), source.read_bytes())
    source.write_bytes(redline(review, OPTIONS))  # read from its path: still the same file
    with pytest.raises(InputError) as raised:
        redline(review, OPTIONS)
    assert raised.value.code == "changed"

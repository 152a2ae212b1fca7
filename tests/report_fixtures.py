"""A fixed review for the reporters' tests: built by hand, so gold files change only when a
report's format does, not when the rules or the engine do.

The contract carries markup in its text, as a hostile or careless draft might: every
report must show it as text.
"""

from __future__ import annotations

from msa_review.extract import extract_bytes
from msa_review.findings import Evidence, Finding, Redline, Review
from msa_review.language.parties import Parties, Party

CONTRACT = """MASTER SERVICES AGREEMENT

This Agreement is made between Acme <b>Telecom</b> Ltd. ("Customer") and Voxel & Sons Inc. ("Provider").

1. SERVICES

1.1 Scope. Provider shall provide the Application for iOS and Android.

1.2 Publication. The Application will be published under Provider's Apple Developer account <script>alert("quote")</script>.

2. TERM AND TERMINATION

2.1 Termination for Convenience. Provider may terminate this Agreement for convenience upon thirty (30) days' notice <img src=x onerror=alert(1)>.

2.2 Termination for Cause. Either Party may terminate this Agreement for material breach that remains uncured thirty (30) days after notice.

3. GENERAL

3.1 This Agreement is governed by the laws of England and Wales.
"""

WHY = {
    "ownership.app-store-account": "Whoever owns the store accounts owns the install base.",
    "exit.transition-assistance": "Without a wind-down period subscribers lose service on exit.",
    "exit.termination-convenience": "The operator needs the same exit as the vendor.",
    "scope.os-updates": "A new iOS release can break the app <i>overnight</i>.",
}


def contract_docx() -> bytes:
    """CONTRACT as Word would have it: heading styles, bold run-in headings, a clause split
    into differently formatted runs, a running header."""
    import io

    import docx

    word = docx.Document()
    word.sections[0].header.paragraphs[0].text = "Acme / Voxel MSA - Confidential"
    for block in CONTRACT.strip().split("\n\n"):
        if block.isupper() or block[:2].rstrip(".").isdigit() and block.split(" ", 1)[1].isupper():
            word.add_heading(block, level=1)
            continue
        paragraph = word.add_paragraph()
        number_heading, dot, rest = block.partition(". ")
        if dot and number_heading[:1].isdigit() and "." in number_heading:
            paragraph.add_run(number_heading + ". ").bold = True
            block = rest
        if "terminate" in block:
            before, _, after = block.partition("terminate")
            paragraph.add_run(before)
            paragraph.add_run("terminate").italic = True
            paragraph.add_run(after)
        else:
            paragraph.add_run(block)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _evidence(document_text: str, quote: str, document: object) -> Evidence:
    start = document_text.index(quote)
    paragraph = document.paragraph_at(start)  # type: ignore[attr-defined]
    return Evidence(quote, paragraph.section_number, paragraph.section_heading, paragraph.page,
                    paragraph.index, start, start + len(quote))


def fixture_review(path: str = "contracts/acme-voxel-msa.txt", raw: bytes | None = None) -> Review:
    """The review of CONTRACT; `raw` gives the same contract in another format (DOCX)."""
    document = extract_bytes(path, raw if raw is not None else CONTRACT.encode())
    text = document.text
    publication = ("The Application will be published under Provider's Apple Developer account "
                   "<script>alert(\"quote\")</script>.")
    convenience = ("Provider may terminate this Agreement for convenience upon thirty (30) days' "
                   "notice <img src=x onerror=alert(1)>.")
    scope = "Provider shall provide the Application for iOS and Android."
    cause = ("Either Party may terminate this Agreement for material breach that remains uncured "
             "thirty (30) days after notice.")
    findings = [
        Finding(
            rule_id="exit.termination-cause", title="Termination for cause", status="met",
            severity="high", explanation="The contract covers this.",
            params={"cure_days": 30}, evidence=[_evidence(text, cause, document)]),
        Finding(
            rule_id="ownership.app-store-account",
            title="App published under the client's store accounts", status="conflict",
            severity="critical",
            explanation="the app is published under Provider's account",
            evidence=[_evidence(text, publication, document)],
            redline=Redline("replace", publication,
                            "App Store Accounts. Provider shall publish the Application "
                            "exclusively under "
                            "Customer's own Apple Developer Program account."),
            why=WHY["ownership.app-store-account"]),
        Finding(
            rule_id="exit.termination-convenience", title="Mutual termination for convenience",
            status="conflict", severity="high",
            explanation="only Provider holds this right; the notice period is 30 days",
            params={"notice_days": 30, "mutual": False},
            evidence=[_evidence(text, convenience, document)],
            redline=Redline("replace", convenience,
                            "Termination for Convenience. Either party may terminate this "
                            "Agreement for convenience upon sixty (60) days' prior written "
                            "notice."),
            why=WHY["exit.termination-convenience"]),
        Finding(
            rule_id="exit.transition-assistance", title="Transition assistance",
            status="missing", severity="critical",
            explanation="Nothing in the contract addresses this.",
            redline=Redline("insert", None,
                            "Transition Assistance. For one hundred and eighty (180) days after "
                            "termination Provider shall continue to provide the Services at the "
                            "contracted service levels."),
            why=WHY["exit.transition-assistance"]),
        Finding(
            rule_id="scope.os-updates", title="Compatibility with new OS releases",
            status="missing", severity="high",
            explanation="Nothing in the contract addresses this.",
            redline=Redline("insert", None,
                            "OS Updates. Provider shall release a compatible build within thirty "
                            "(30) days of each new iOS or Android release."),
            why=WHY["scope.os-updates"]),
        Finding(
            rule_id="sla.scope", title="What the SLA covers", status="partial",
            severity="medium", explanation="an uptime figure with no scope",
            evidence=[_evidence(text, scope, document)]),  # a gap with no redline template
        Finding(
            rule_id="license.model", title="Pricing model", status="missing", severity="low",
            explanation="Nothing in the contract addresses this.",
            redline=Redline("insert", None, "Fees. Customer shall pay USD 1.00 per Active User "
                                            "per month.")),
        Finding(
            rule_id="exit.escrow", title="Source code escrow", status="not_applicable",
            severity="medium", explanation="Does not apply to this contract."),
    ]
    parties = Parties(client=Party("client", "Acme <b>Telecom</b> Ltd.", ["Customer"]),
                      vendor=Party("vendor", "Voxel & Sons Inc.", ["Provider"]))
    return Review(document, parties, findings)

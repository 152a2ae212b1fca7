"""Benchmark contracts: realistic white-label softphone MSAs of any length, as DOCX and PDF.

The text varies the clauses of examples/brightwave-softphone-msa.txt: a preamble with two
parties and their defined names, numbered articles and clauses with run-in headings,
definitions, service levels, fees, term and termination, exit and transition, app store
accounts, data, liability, a service-level table and as many service schedules as it takes
to reach the length asked for. Every contract is seeded, so a run is reproducible.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field

WORDS_PER_PAGE = 465  # 11 pt Times on A4 with the margins below

CLIENTS = [("Northwind Telecom Ltd.", "Customer"), ("Fjordline Mobile AS", "Operator"),
           ("Kestrel Networks plc", "Customer"), ("Alder Communications GmbH", "Licensee"),
           ("Bluebay Carrier Services Inc.", "Operator"), ("Tamarind Telecom S.A.", "Customer")]
VENDORS = [("Brightwave Voice Inc.", "Provider"), ("SoftVoice Labs Ltd.", "Supplier"),
           ("Callisto Apps B.V.", "Provider"), ("Nimbus Dialer LLC", "Vendor"),
           ("Orbital SIP Corp.", "Licensor")]
NUMBERS = {5: "five", 7: "seven", 10: "ten", 14: "fourteen", 15: "fifteen", 20: "twenty",
           30: "thirty", 45: "forty-five", 60: "sixty", 90: "ninety", 120: "one hundred and twenty",
           12: "twelve", 24: "twenty-four", 36: "thirty-six", 3: "three", 6: "six", 2: "two"}
FEATURES = ["Voice Calling", "Video Calling", "Instant Messaging", "Push Notifications",
            "Call Recording", "Voicemail", "Presence", "Contact Synchronisation", "Call Transfer",
            "Conference Calling", "Number Porting", "Emergency Calling", "Provisioning Portal",
            "Branding and Theming", "Analytics Dashboard", "SIP Trunk Integration"]


def spelled(number: int) -> str:
    return f"{NUMBERS.get(number, str(number))} ({number})"


@dataclass
class Contract:
    """A contract as paragraphs: (kind, text), kind one of title, heading, clause, row."""

    client: str
    client_alias: str
    vendor: str
    vendor_alias: str
    paragraphs: list[tuple[str, str]] = field(default_factory=list)

    def words(self) -> int:
        return sum(len(text.split()) for _, text in self.paragraphs)


def _definitions(c: str, v: str, rng: random.Random) -> list[tuple[str, str]]:
    terms = [
        ("Application", f"means the softphone application branded with {c}'s Marks and built by "
                        f"{v} on the Platform for iOS and Android, including every update, patch "
                        "and new version made available during the Term"),
        ("Active User", "means an End User account that is registered on the Platform and has "
                        "placed or received at least one call during a calendar month"),
        (f"{c} Data", "means all data relating to End Users, including provisioning records, SIP "
                      "credentials, feature flags, call detail records, contact lists and push "
                      "notification tokens, in whatever form held"),
        ("End User", f"means a subscriber of {c} who installs and uses the Application"),
        ("Platform", f"means the hosted provisioning and signalling platform operated by {v}"),
        ("Business Day", "means a day other than a Saturday, Sunday or public holiday in London"),
        ("Service Levels", "means the availability and response commitments set out in Article 5"),
        ("Service Credit", "means the amount credited to the monthly fee when a Service Level is "
                           "missed, calculated as set out in Article 5"),
        ("Transition Period", f"means the period following termination or expiry during which {v} "
                              "provides the Transition Services"),
        ("Store Accounts", "means the Apple Developer Program account and the Google Play Console "
                           "account under which the Application is published"),
        ("Source Code", "means the human-readable code of the Application together with build "
                        "scripts, signing configuration and documentation"),
        ("Confidential Information", "means all information disclosed by a Party that is marked "
                                     "confidential or would reasonably be understood to be so"),
        ("Marks", f"means the trade marks, logos and trade dress of {c}"),
        ("Documentation", f"means the user and technical manuals {v} makes available"),
        ("Release", "means a build of the Application submitted to an app store"),
    ]
    rng.shuffle(terms)
    return terms


def _clauses(c: str, v: str, rng: random.Random) -> dict[str, list[tuple[str, str]]]:
    """Article title -> [(run-in heading, clause text)], numbers and wording varied."""
    notice = rng.choice([30, 60, 90, 120])
    cure = rng.choice([15, 30, 45, 60])
    uptime = rng.choice(["99.5", "99.9", "99.95"])
    credit = rng.choice([5, 10, 15])
    transition = rng.choice([3, 6, 12])
    convenience = rng.choice([
        f"Either Party may terminate this Agreement for convenience at any time upon "
        f"{spelled(notice)} days' prior written notice to the other Party.",
        f"{v} may terminate this Agreement for convenience at any time upon {spelled(notice)} "
        f"days' prior written notice to {c}.",
        f"{c} may terminate this Agreement for convenience upon {spelled(notice)} days' written "
        f"notice, and {v} may do so upon not less than {spelled(max(notice, 90))} days' notice.",
    ])
    kill_switch = rng.choice([
        f"{v} shall not, during the Term or at any time after it, remotely disable, deactivate "
        "or degrade any build of the Application already distributed to End Users.",
        f"Upon termination or expiry of this Agreement, all licences granted to {c} end, and {v} "
        "may disable or deactivate any build of the Application, including builds already "
        "distributed to End Users.",
        f"During the Term, {v} shall not remotely disable any build of the Application "
        "distributed to End Users, save where required by law.",
    ])
    store = rng.choice([
        f"{v} shall compile, sign and submit each build of the Application, and the Application "
        f"will be published under {c}'s Apple Developer account and {c}'s Google Play Console "
        f"account, to which {c} grants {v} developer access.",
        f"{v} shall compile, sign and submit each build of the Application to the Apple App Store "
        f"and Google Play, and the Application will be published under {v}'s Apple Developer "
        f"account and {v}'s Google Play Console account.",
    ])
    return {
        "SERVICES": [
            ("Scope", f"{v} shall provide the Application for iOS and Android, together with the "
                      "Platform, with voice calling, video calling, instant messaging, push "
                      "notifications and call recording, as described in the Schedules."),
            ("Updates", f"{v} will use commercially reasonable efforts to keep the Application "
                        "compatible with each new major release of iOS and Android within "
                        f"{spelled(rng.choice([30, 60, 90]))} days of its general availability."),
            ("Publication", store),
            ("Subcontractors", f"{v} may use subcontractors to perform the Services, remaining "
                               f"responsible for their acts and omissions as for its own."),
            ("Cooperation", f"{c} shall provide {v} with the SIP endpoints, branding assets and "
                            "test accounts reasonably required to build and test each Release."),
        ],
        "SERVICE LEVELS": [
            ("Availability", f"{v} shall ensure that the Platform is available at least "
                             f"{uptime}% of the time in each calendar month, excluding Scheduled "
                             "Maintenance notified at least five (5) Business Days in advance."),
            ("Service Credits", f"If availability in a month falls below the Service Level, {c} "
                                f"shall receive a Service Credit of {credit}% of the monthly "
                                "platform fee for each full 0.1% below the Service Level, up to "
                                "fifty percent (50%) of that fee."),
            ("Incident Response", f"{v} shall respond to a Severity 1 incident within thirty (30) "
                                  "minutes and restore service or provide a workaround within "
                                  "four (4) hours, at any hour of any day."),
            ("Reporting", f"{v} shall report monthly on availability, incidents, crash rates of "
                          "the Application and the Service Credits due."),
            ("Chronic Failure", f"If {v} misses the availability Service Level in three (3) "
                                f"consecutive months, {c} may terminate this Agreement without "
                                "penalty by written notice."),
        ],
        "FEES AND PAYMENT": [
            ("Fees", f"{c} shall pay a one-off setup fee of USD {rng.choice([5, 8, 12])},000 and "
                     f"a monthly platform fee of USD {rng.choice([600, 900, 1200])}."),
            ("Usage", f"{c} shall pay USD 1.{rng.randint(10, 90)} per Active User per month, "
                      "invoiced monthly in arrears."),
            ("Price Changes", f"{v} may change its prices once in any twelve (12) month period "
                              f"upon {spelled(rng.choice([30, 60, 90]))} days' notice to {c}."),
            ("Payment", f"Invoices are payable within {spelled(30)} days of receipt; undisputed "
                        "late amounts bear interest at two percent (2%) above the base rate."),
        ],
        "DATA AND SECURITY": [
            ("Ownership", f"As between the Parties, {c} owns all {c} Data. {v} shall process "
                          f"{c} Data solely to provide the Services and on {c}'s instructions."),
            ("Export", f"{v} shall, at {c}'s request at any time, export all {c} Data in a "
                       "documented, machine-readable format such as CSV or JSON within "
                       f"{spelled(rng.choice([10, 15, 30]))} days of the request."),
            ("Security", f"{v} shall maintain appropriate technical and organisational measures "
                         "and notify any personal data breach without undue delay and in any "
                         "event within forty-eight (48) hours."),
            ("Deletion", f"After the Transition Period {v} shall delete all {c} Data and certify "
                         "the deletion in writing, unless the law requires it to be kept."),
        ],
        "TERM AND TERMINATION": [
            ("Term", "This Agreement commences on the Effective Date and continues for an initial "
                     f"term of {spelled(rng.choice([24, 36]))} months (the \"Initial Term\")."),
            ("Renewal", "This Agreement renews automatically for successive twelve (12) month "
                        "periods unless either Party gives written notice of non-renewal at "
                        f"least {spelled(rng.choice([60, 90, 120]))} days before the end of the "
                        "then-current term."),
            ("Termination for Convenience", convenience),
            ("Termination for Cause", "Either Party may terminate this Agreement if the other "
                                      "Party commits a material breach that remains uncured "
                                      f"{spelled(cure)} days after written notice."),
            ("Insolvency", "Either Party may terminate this Agreement with immediate effect if "
                           "the other Party becomes insolvent or enters into liquidation."),
        ],
        "EXIT AND TRANSITION": [
            ("Effect of Termination", kill_switch),
            ("Transition Services", f"For a Transition Period of {spelled(transition)} months "
                                    f"after termination for any reason, {v} shall continue to "
                                    f"provide the Services and shall cooperate with {c} and any "
                                    "successor provider to migrate End Users."),
            ("Store Transfer", f"{v} shall, on request, transfer the Application listing and its "
                               f"reviews to {c}'s Store Accounts within thirty (30) days."),
            ("Source Code Escrow", f"{v} shall deposit the Source Code with an independent escrow "
                                   f"agent and update the deposit with each Release; {c} may "
                                   f"obtain the deposit if {v} ceases to do business."),
        ],
        "LIABILITY": [
            ("Cap", "Each Party's total liability under this Agreement shall not exceed the "
                    "fees paid in the twelve (12) months preceding the claim."),
            ("Exclusions", "Neither Party shall be liable for indirect or consequential loss, "
                           "loss of profit or loss of goodwill."),
            ("Indemnity", f"{v} shall indemnify {c} against third-party claims that the "
                          "Application infringes their intellectual property rights."),
        ],
        "GENERAL": [
            ("Governing Law", "This Agreement is governed by the laws of England and Wales."),
            ("Notices", "Notices shall be in writing and delivered by hand, by courier or by "
                        "email to the addresses set out above."),
            ("Assignment", "Neither Party may assign this Agreement without the prior written "
                           "consent of the other Party, not to be unreasonably withheld."),
            ("Force Majeure", "Neither Party is liable for delay caused by events beyond its "
                              "reasonable control, provided it notifies the other Party promptly."),
            ("Entire Agreement", "This Agreement, with its Schedules, is the entire agreement "
                                 "between the Parties on its subject matter."),
        ],
    }


def _schedule_clauses(feature: str, c: str, v: str, rng: random.Random) -> list[tuple[str, str]]:
    hours = rng.choice([2, 4, 8, 24])
    pool = [
        ("Description", f"{v} shall provide {feature} as part of the Application on iOS and "
                        f"Android, configurable per End User through the provisioning portal."),
        ("Configuration", f"{c} may enable or disable {feature} for groups of End Users; {v} "
                          "shall apply a change within one (1) Business Day of the request."),
        ("Service Level", f"{feature} is covered by the availability Service Level; a fault "
                          f"affecting more than five percent (5%) of End Users is a Severity 1 "
                          "incident."),
        ("Fault Handling", f"{v} shall acknowledge a fault in {feature} within {spelled(hours)} "
                           "hours and keep a log of every fault, its cause and its resolution."),
        ("Changes", f"{v} shall not withdraw {feature} or materially reduce its functionality "
                    f"during the Term without {c}'s prior written consent."),
        ("Testing", f"Before each Release, {v} shall test {feature} against the acceptance "
                    f"criteria agreed with {c} and share the test report on request."),
        ("Data", f"Any {c} Data processed by {feature} is processed only within the European "
                 "Economic Area and only for the purpose of providing the Services."),
        ("Documentation", f"{v} shall keep the Documentation for {feature} current and make it "
                          "available to the support staff of the Operator."),
        ("Fees", f"{feature} is included in the monthly platform fee unless the order form "
                 f"states an additional fee of USD {rng.randint(1, 9)}00 per month."),
        ("Exit", f"On termination, {v} shall provide {c} with the configuration of {feature} "
                 "and its historic usage data in a machine-readable format."),
    ]
    rng.shuffle(pool)
    return pool[: rng.randint(6, 10)]


def make_contract(seed: int, pages: int) -> Contract:
    """A contract of about `pages` pages of 11 pt text, seeded."""
    rng = random.Random(seed)
    (client, c), (vendor, v) = rng.choice(CLIENTS), rng.choice(VENDORS)
    contract = Contract(client, c, vendor, v)
    add = contract.paragraphs.append
    add(("title", "MASTER SERVICES AGREEMENT"))
    add(("clause", "White-Label Softphone Services"))
    add(("clause", f"This Master Services Agreement (the \"Agreement\") is entered into as of "
                   f"1 March 2026 (the \"Effective Date\") by and between {client}, a company "
                   f"incorporated in England and Wales (\"{c}\"), and {vendor}, a Delaware "
                   f"corporation (\"{v}\"). {c} and {v} are each a \"Party\" and together the "
                   f"\"Parties\"."))
    article = 1
    add(("heading", f"{article}. DEFINITIONS"))
    for number, (term, meaning) in enumerate(_definitions(c, v, rng), start=1):
        add(("clause", f"{article}.{number} \"{term}\" {meaning}."))
    for title, clauses in _clauses(c, v, rng).items():
        article += 1
        add(("heading", f"{article}. {title}"))
        for number, (heading, text) in enumerate(clauses, start=1):
            add(("clause", f"{article}.{number} {heading}. {text}"))
        if title == "SERVICE LEVELS":
            add(("row", "Severity | Response | Restoration | Service Credit"))
            for cells in (("1", "30 minutes", "4 hours", "10%"),
                          ("2", "2 hours", "1 Business Day", "5%"),
                          ("3", "1 Business Day", "5 Business Days", "0%")):
                add(("row", " | ".join(cells)))
    target = pages * WORDS_PER_PAGE
    schedule = 0
    while contract.words() < target:
        schedule += 1
        feature = FEATURES[(schedule - 1) % len(FEATURES)]
        suffix = f" ({(schedule - 1) // len(FEATURES) + 1})" if schedule > len(FEATURES) else ""
        add(("heading", f"SCHEDULE {schedule} - {feature.upper()}{suffix}"))
        for number, (heading, text) in enumerate(_schedule_clauses(feature, c, v, rng), start=1):
            add(("clause", f"{schedule}.{number} {heading}. {text}"))
            if contract.words() >= target:
                break
    return contract


def to_docx(contract: Contract) -> bytes:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    section = document.sections[0]
    running = f"{contract.vendor} - Master Services Agreement - Confidential"
    section.header.paragraphs[0].text = running
    document.styles["Normal"].font.size = Pt(10)
    rows: list[list[str]] = []

    def flush_table() -> None:
        if rows:
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for cells, row in zip(rows, table.rows):
                for text, cell in zip(cells, row.cells):
                    cell.text = text
            rows.clear()

    for kind, text in contract.paragraphs:
        if kind == "row":
            rows.append([cell.strip() for cell in text.split("|")])
            continue
        flush_table()
        if kind == "title":
            document.add_heading(text, level=0)
        elif kind == "heading":
            document.add_heading(text, level=1)
        else:
            document.add_paragraph(text)
    flush_table()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_pdf(contract: Contract) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table
    from xml.sax.saxutils import escape

    body = ParagraphStyle("body", fontName="Times-Roman", fontSize=11, leading=14.7,
                          spaceAfter=5, alignment=4)
    heading = ParagraphStyle("heading", parent=body, fontName="Times-Bold", spaceBefore=6,
                             alignment=0)
    title = ParagraphStyle("title", parent=heading, fontSize=14, leading=18, alignment=1)
    running = f"{contract.vendor} - Master Services Agreement - Confidential"

    def decorate(canvas: object, document: object) -> None:
        canvas.saveState()  # type: ignore[attr-defined]
        canvas.setFont("Times-Italic", 8)  # type: ignore[attr-defined]
        canvas.drawString(2 * cm, A4[1] - 1.2 * cm, running)  # type: ignore[attr-defined]
        canvas.drawCentredString(A4[0] / 2, 1.2 * cm,  # type: ignore[attr-defined]
                                 f"Page {document.page}")  # type: ignore[attr-defined]
        canvas.restoreState()  # type: ignore[attr-defined]

    story: list[object] = []
    rows: list[list[str]] = []
    for kind, text in contract.paragraphs:
        if kind == "row":
            rows.append([cell.strip() for cell in text.split("|")])
            continue
        if rows:
            story.append(Table(rows))
            rows = []
        style = {"title": title, "heading": heading}.get(kind, body)
        story.append(Paragraph(escape(text), style))
    if rows:
        story.append(Table(rows))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, leftMargin=2.2 * cm, rightMargin=2.2 * cm,
                      topMargin=2 * cm, bottomMargin=2 * cm, title="Master Services Agreement",
                      invariant=1).build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()


def main(folder: str, plan: list[str]) -> None:
    """Write each NAME:SEED:PAGES of the plan as NAME.pdf (and NAME.docx outside batch/)."""
    from pathlib import Path

    import pypdfium2

    root = Path(folder)
    for item in plan:
        name, seed, pages = item.rsplit(":", 2)
        contract = make_contract(int(seed), int(pages))
        pdf = to_pdf(contract)
        (root / f"{name}.pdf").write_bytes(pdf)
        if not name.startswith("batch/"):
            (root / f"{name}.docx").write_bytes(to_docx(contract))
            document = pypdfium2.PdfDocument(pdf)
            (root / f"{name}.pages").write_text(str(len(document)))
            (root / f"{name}.words").write_text(str(contract.words()))
            document.close()


if __name__ == "__main__":
    import sys

    main(sys.argv[1], sys.argv[2:])

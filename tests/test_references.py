"""A clause's requirements are read in the sections and schedules it refers to."""

from __future__ import annotations

from msa_review.engine import prepare
from msa_review.extract import extract_bytes

CONTRACT = """MASTER SERVICES AGREEMENT

This Agreement is made between Northwind Telecom Ltd. ("Customer") and Brightwave Voice Inc. ("Provider").

7. SERVICE LEVELS

7.1 Provider shall meet the service levels set out in Schedule 2 and the reporting duties in Section 9.

9. REPORTING

9.1 Provider shall report availability monthly.

9.2 Reports are due within ten (10) days.

10. GENERAL

10.1 This Agreement is governed by English law.

SCHEDULE 1 - FEES

The setup fee is USD 5,000.

SCHEDULE 2 - SERVICE LEVELS

Provider shall keep the provisioning servers and push notification delivery available 99.9% of each calendar month.

SCHEDULE 3 - CONTACTS

Support is reached at the portal.
"""


def test_referenced_sections_and_schedules_are_read() -> None:
    context = prepare(extract_bytes("msa.txt", CONTRACT.encode()))
    clause = next(c for c in context.candidates if "Schedule 2" in c.tagged)
    referenced = context.referenced_text(clause.tagged)
    assert "push notification delivery" in referenced  # Schedule 2, up to Schedule 3
    assert "Support is reached" not in referenced and "setup fee" not in referenced
    assert "report availability monthly" in referenced and "ten (10) days" in referenced
    assert "governed by English law" not in referenced
    assert "VENDOR shall keep" in referenced  # tagged like every clause


def test_a_lead_in_is_read_with_its_list_items() -> None:
    text = (
        'This Agreement is made between Northwind Telecom Ltd. ("Customer") and Brightwave '
        'Voice Inc. ("Provider").\n\n'
        "16.2 Within ten Business Days after Customer's request, Provider shall deliver to Customer:\n"
        "(a) all provisioning records, in CSV;\n"
        "(b) all call detail records, in JSON.\n\n"
        "17. GENERAL\n"
    )
    context = prepare(extract_bytes("msa.txt", text.encode()))
    lead_in = next(c for c in context.candidates if "shall deliver" in c.sentence.text)
    assert lead_in.sentence.text.endswith("deliver to Customer:")  # the quote stays the lead-in
    assert "deliver to CLIENT all provisioning records, in CSV; all call detail records" in lead_in.tagged


def test_an_order_form_line_reads_as_a_clause() -> None:
    text = (
        'This Order Form is made between Northwind Telecom Ltd. ("Customer") and Brightwave '
        'Voice Inc. ("Provider").\n\n'
        "Initial term: 24 months from the end of the Pilot\n\n"
        "Notes on this order form: none.\n"
    )
    context = prepare(extract_bytes("order.txt", text.encode()))
    line = next(c for c in context.candidates if c.sentence.text.startswith("Initial term"))
    assert line.tagged == "The Initial term is 24 months from the end of the Pilot"
    assert line.sentence.text == "Initial term: 24 months from the end of the Pilot"


def test_plain_english_end_reads_as_terminate() -> None:
    text = (
        'This Agreement is made between Northwind Telecom Ltd. ("Customer") and Brightwave '
        'Voice Inc. ("Provider").\n\n'
        "9.2 Customer may end this Agreement if Provider seriously breaches it. The weekend "
        "support window ends the day.\n"
    )
    context = prepare(extract_bytes("msa.txt", text.encode()))
    tagged = [c.tagged for c in context.candidates]
    assert any("CLIENT may terminate this Agreement" in t for t in tagged)
    assert any("window ends the day" in t for t in tagged)


HEADINGS = """MASTER SERVICES AGREEMENT

This Agreement is made between Northwind Telecom Ltd. ("Customer") and Brightwave Voice Inc. ("Provider").

14. TERMINATION FOR CAUSE

14.1 Either party may terminate this Agreement if the other party commits a material breach.

15. TERMINATION

15.2 Customer may terminate this Agreement (in whole) after a change of control of Provider; Provider shall confirm it.

16. FEES

16.1 No fee is payable on termination under Clause 14.1, Section 15.2 or Schedule 1 (Fees), or under Clause 16.1 (Fees).
"""


def test_a_referenced_section_is_named_by_its_heading_or_first_sentence() -> None:
    context = prepare(extract_bytes("msa.txt", HEADINGS.encode()))
    clause = next(c for c in context.candidates if c.tagged.startswith("16.1"))
    read = context.with_headings(clause.tagged)
    # no heading of its own: the enclosing heading and its first sentence, tagged, no brackets
    assert "Clause 14.1 (TERMINATION FOR CAUSE: Either party may terminate this Agreement if " \
        "the other party commits a material breach)" in read
    assert "Section 15.2 (TERMINATION: CLIENT may terminate this Agreement  in whole  after " \
        "a change of control of VENDOR)" in read
    assert "Schedule 1 (Fees), or" in read  # schedules and named references stay as written
    assert "Clause 16.1 (Fees)" in read and "(Fees) (" not in read
    assert clause.tagged.count("(") == 2  # the clause itself is left as it was


def test_a_grant_elsewhere_outweighs_a_negated_inapplicability() -> None:
    from msa_review.playbook import load_playbook
    from msa_review.engine import review

    playbook = load_playbook()
    playbook.rules = [rule for rule in playbook.rules if rule.id == "data.aggregated-use"]
    preamble = HEADINGS.split("14.")[0]
    banned = preamble + "Provider shall not use Customer Data to improve its products.\n"
    granted = banned + ("Provider may use aggregated, anonymised statistics derived from Customer "
                        "Data to improve its products.\n")
    status = {name: review(extract_bytes("msa.txt", text.encode()), playbook).findings[0].status
              for name, text in (("banned", banned), ("granted", granted))}
    assert status == {"banned": "not_applicable", "granted": "met"}


LISTED = """MASTER SERVICES AGREEMENT

This Agreement is made between Northwind Telecom Ltd. ("Customer") and Brightwave Voice Inc. ("Provider").

14. TERMINATION

14.1 Customer may terminate this Agreement at once by written notice if:

(a) Provider commits a material breach and fails to remedy it within thirty (30) days; or

(b) Provider becomes insolvent.

14.2 Customer may terminate this Agreement after a change of control of Provider.

14.3 No fee is payable on a termination under clauses 14.1 or 14.2, nor under Articles 14.1, 14.2 and 14.3 (Fees), nor within Sections 14.1, 30 days.
"""


def test_every_number_of_a_list_of_references_is_named() -> None:
    context = prepare(extract_bytes("msa.txt", LISTED.encode()))
    clause = next(c for c in context.candidates if c.tagged.startswith("14.3"))
    read = context.with_headings(clause.tagged)
    # a lead-in ending with a colon is read with its first item
    first = ("(TERMINATION: CLIENT may terminate this Agreement at once by written notice if: "
             "VENDOR commits a material breach and fails to remedy it within thirty  30  days)")
    second = "(TERMINATION: CLIENT may terminate this Agreement after a change of control of VENDOR)"
    assert f"under clauses 14.1 {first} or 14.2 {second}, nor" in read
    assert f"Articles 14.1 {first}, 14.2 {second} and 14.3 (Fees)" in read  # named by the contract
    assert "(Fees) (" not in read
    assert f"Sections 14.1 {first}, 30 days" in read  # a duration is not a section number


def test_each_section_of_a_plural_reference_is_named() -> None:
    text = HEADINGS.replace(
        "16.1 No fee", "16.2 A fee is payable on any early termination other than under "
        "Clauses 14.1 and 15.2, or Sections 14, 15.2, or under clause 14.1 or 15.2.\n\n16.1 No fee")
    context = prepare(extract_bytes("msa.txt", text.encode()))
    clause = next(c for c in context.candidates if c.tagged.startswith("16.2"))
    read = context.with_headings(clause.tagged)
    assert "Clauses 14.1 (TERMINATION FOR CAUSE: Either party may terminate" in read
    assert "and 15.2 (TERMINATION: CLIENT may terminate" in read
    assert "Sections 14 (TERMINATION FOR CAUSE), 15.2 (TERMINATION:" in read
    assert "under clause 14.1 (TERMINATION FOR CAUSE: Either party" in read
    assert "or 15.2 (TERMINATION: CLIENT may terminate" in read


def test_a_lead_in_section_is_named_with_its_first_item() -> None:
    text = HEADINGS.replace(
        "16.1 No fee", "15.3 Either party may terminate this Agreement at once if the other party:\n"
        "(a) commits a material breach it does not remedy within thirty days; or\n"
        "(b) becomes insolvent.\n\n16.2 No fee is due on termination under Section 15.3.\n\n16.1 No fee")
    context = prepare(extract_bytes("msa.txt", text.encode()))
    clause = next(c for c in context.candidates if c.tagged.startswith("16.2"))
    assert ("Section 15.3 (TERMINATION: Either party may terminate this Agreement at once if the "
            "other party: commits a material breach it does not remedy within thirty days)"
            ) in context.with_headings(clause.tagged)


def test_a_schedule_whose_title_line_is_not_marked_as_a_heading() -> None:
    text = HEADINGS.replace("16. FEES", "16. EXIT\n\n16.3 Schedule 4 applies in full during the exit "
                            "period.\n\n17. FEES") + (
        "\nSchedule 4 - Service levels\n\nSchedule 3 - Prices\n\nThe prices are fixed.\n\n"
        "Schedule 4 - Service levels\n\nAvailability of 99.9% each month, measured at the SBC.\n\n"
        "Schedule 5 - Contacts\n\nThe account manager.\n")
    context = prepare(extract_bytes("msa.txt", text.encode()))
    read = context.referenced_text("as Schedule 4 says")
    assert "Availability of 99.9% each month" in read and "account manager" not in read


CITED = """MASTER SERVICES AGREEMENT

This Agreement is made between Northwind Telecom Ltd. ("Customer") and Brightwave Voice Inc. ("Provider").

12. TERMINATION

12.1 Customer may terminate this Agreement on ninety (90) days' notice.

12.2 Customer may terminate this Agreement within sixty (60) days after a change of control of Provider.

13. FEES

13.1 If Customer terminates under Clause 12.2, Customer shall pay the exit fee.

13.2 No exit fee is due on a termination under Clause 12.2.

13.3 Any termination under Clause 12 is notified in writing.

13.4 A termination under Clause 12.1 costs the remaining fees.
"""


def test_clauses_elsewhere_that_cite_a_located_section_are_read_with_it() -> None:
    context = prepare(extract_bytes("msa.txt", CITED.encode()))
    exit_clause = next(c for c in context.candidates if c.tagged.startswith("12.2"))
    cited_by = context.cited_by([exit_clause])
    assert "shall pay the exit fee" in cited_by  # cites 12.2 by number
    assert "notified in writing" in cited_by  # cites the section that holds 12.2
    assert "No exit fee" not in cited_by  # a clause that spares it applies nothing to it
    assert "remaining fees" not in cited_by  # cites another subsection
    assert "ninety" not in cited_by and "sixty" not in cited_by  # not the clause itself


def test_civil_law_articles_are_named_by_their_titles() -> None:
    # "Art. 13 - Risoluzione (Termination for breach)": the abbreviation reads as "Article",
    # and the title's own brackets do not break the bracket that names the reference.
    text = ('This Agreement is made between Sonetta S.r.l. ("Supplier") and Telefonia Nord S.p.A. '
            '("Client").\n\n'
            "Art. 13 - Risoluzione (Termination for breach)\n\n"
            "13.1 Either Party may terminate this Agreement for material breach.\n\n"
            "Art. 14 - Recesso\n\n"
            "14.1 No fee is due on termination by the Client under Art. 13.\n")
    context = prepare(extract_bytes("msa.txt", text.encode()))
    clause = next(c.tagged for c in context.candidates if c.tagged.startswith("14.1"))
    assert "under Article 13." in clause
    assert "under Article 13 (Risoluzione Termination for breach)." in context.with_headings(clause)

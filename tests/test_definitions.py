"""Defined terms in their usual layouts, and clauses read with the definitions they use."""

from __future__ import annotations

from msa_review.engine import review
from msa_review.extract import extract_bytes
from msa_review.language.parties import find_definitions
from msa_review.playbook import Playbook


def test_a_definitions_list_with_colons_or_dashes() -> None:
    text = ('1. Definitions\n\n"Exit Period": the period of six (6) months after termination;\n'
            '1.2 "Fees" – the charges in Schedule 2.\nThe "Services": whatever is ordered.\n')
    definitions = find_definitions(text)
    assert definitions["Exit Period"] == '"Exit Period": the period of six (6) months after termination;'
    assert definitions["Fees"] == '1.2 "Fees" – the charges in Schedule 2.'
    assert "Services" not in definitions  # a quoted word inside a sentence defines nothing


def test_a_definitions_list_run_together_after_semicolons() -> None:
    text = ('"Brand Assets": the logos and app name, in whatever form; "Customer Data": all data '
            'relating to End Users, including call detail records; "Fees": the charges.\n')
    definitions = find_definitions(text)
    assert definitions["Customer Data"].startswith('"Customer Data": all data relating to End Users')
    assert "Brand Assets" in definitions


def test_a_parameter_comes_from_the_definition_a_clause_uses(playbook: Playbook) -> None:
    contract = (
        'This Agreement is made between Harbour Telecom Ltd ("Customer") and Apps Ltd ("Supplier").\n\n'
        '1. Definitions\n\n"Exit Period": the period of six (6) months starting on the date of termination;\n\n'
        "2. Exit\n\n2.1 During the Exit Period the Supplier shall continue to provide the Services at "
        "the Service Levels and shall assist the Customer in migrating its End Users to a "
        "replacement supplier.\n").encode()
    findings = {finding.rule_id: finding for finding in review(
        extract_bytes("exit.txt", contract), playbook).findings}
    assert findings["exit.transition-assistance"].params.get("transition_days") == 180


def test_order_form_lines_are_separate_paragraphs() -> None:
    text = b"2. ORDER\n\nBundle: Full Feature\nInitial term: 24 months\nPlatforms: iOS and Android\n"
    document = extract_bytes("order.txt", text)
    assert [paragraph.text for paragraph in document.paragraphs][-3:] == [
        "Bundle: Full Feature", "Initial term: 24 months", "Platforms: iOS and Android"]


def _parties(preamble: str) -> tuple[object, object]:
    from msa_review.language.parties import find_parties

    parties = find_parties(extract_bytes("p.txt", preamble.encode()))
    return (parties.client.name, parties.client.aliases), (parties.vendor.name, parties.vendor.aliases)


def test_parties_introduced_by_hereinafter_on_their_own_line() -> None:
    client, vendor = _parties(
        'AGREEMENT\n\nbetween\n\nElbe Mobil GmbH, Dresden, represented by its managing director\n\n'
        '- hereinafter "the Principal" -\n\nand\n\nKlangwerk Systems GmbH, Stuttgart\n\n'
        '- hereinafter "the Contractor" -\n\n§ 1 Subject matter\n\n(1) The Contractor develops an app.\n')
    assert client == ("Elbe Mobil GmbH", ["Principal"])
    assert vendor == ("Klangwerk Systems GmbH", ["Contractor"])


def test_parties_introduced_by_a_capitalised_hereinafter_paragraph() -> None:
    client, vendor = _parties(
        'BETWEEN THE UNDERSIGNED:\n\nVOXLINE SAS, a simplified joint-stock company, whose '
        'registered office is in Nantes, France,\n\nHereinafter referred to as "the Licensor",\n\n'
        'AND:\n\nMARELLA TELECOM SA, a public limited company, whose registered office is in '
        'Namur, Belgium,\n\nHereinafter referred to as "the Licensee",\n\n'
        'ARTICLE 1 - PURPOSE\n\nThe Licensor licenses the Application to the Licensee.\n')
    assert client == ("MARELLA TELECOM SA", ["Licensee"])
    assert vendor == ("VOXLINE SAS", ["Licensor"])
    client, vendor = _parties(
        'BETWEEN:\n\nVoxaris SARL, a company registered in Lille, France,\n\n'
        'HEREINAFTER CALLED "the Licensor",\n\nAND:\n\n'
        'Nordlink Mobile AB, a company registered in Malmo, Sweden,\n\n'
        'HEREINAFTER CALLED "the Licensee",\n\n1. The Licensor grants a licence.\n')
    assert client == ("Nordlink Mobile AB", ["Licensee"])
    assert vendor == ("Voxaris SARL", ["Licensor"])


def test_parties_named_by_a_bare_role_in_brackets() -> None:
    client, vendor = _parties(
        "PARTIES\n\nTessel Communications Pte. Ltd., of 80 Robinson Road, Singapore (Supplier)\n\n"
        "Bunda Telecom Pty Ltd (ACN 614 228 907), of Melbourne VIC 3000 (Licensee)\n\n"
        "1. The Supplier shall host the Platform (Schedule 2).\n")
    assert client == ("Bunda Telecom Pty Ltd", ["Licensee"])
    assert vendor == ("Tessel Communications Pte. Ltd.", ["Supplier"])


def test_continental_amounts() -> None:
    from msa_review.language.quantities import money

    assert [(m.amount, m.currency) for m in money("EUR 18.000,00 and EUR 0,95; USD 1,234.56")] == [
        (18000.0, "EUR"), (0.95, "EUR"), (1234.56, "USD")]


def test_currency_codes_beyond_the_common_ones() -> None:
    from msa_review.language.quantities import money

    found = money("KRW 1,500 per user, MXN 20,000.00 once and 3,000 AED a month; try 5 times, pen 2")
    assert [(m.amount, m.currency) for m in found] == [
        (1500.0, "KRW"), (20000.0, "MXN"), (3000.0, "AED")]


def test_a_definition_that_points_to_a_schedule_is_read_with_the_schedule() -> None:
    text = ('1.1 "Net Revenue" has the meaning given in Schedule 3.\n\n'
            '2.1 "Go-Live Date" means the date the App is first published.\n\n'
            'SCHEDULE 3\n\n1. "Net Revenue" means the amounts received from subscribers, net of VAT.\n\n'
            '2. "Go-Live Date" means something else entirely.\n')
    definitions = find_definitions(text)
    assert "has the meaning given in Schedule 3" in definitions["Net Revenue"]
    assert "net of VAT" in definitions["Net Revenue"]
    # a term defined in full the first time keeps its first definition
    assert "something else" not in definitions["Go-Live Date"]


def test_a_term_given_its_value_on_a_statement_of_work_line() -> None:
    text = ("13.1 This Agreement continues for the Initial Term set out in the SOW.\n\n"
            "8.1 Initial Term: eighteen (18) months from acceptance.\n\nPlatforms: iOS\n")
    definitions = find_definitions(text)
    assert definitions["Initial Term"] == "8.1 Initial Term: eighteen (18) months from acceptance."
    assert "Platforms" not in definitions  # one word: a label, not a defined term


def test_the_company_buys_from_the_service_provider() -> None:
    client, vendor = _parties(
        "AGREEMENT\n\nBY AND BETWEEN\n\nAL NOOR TELECOM W.L.L., a limited liability company "
        "incorporated in Bahrain, having its registered office at Building 2504, Road 2832, "
        "Block 428, Seef District, Manama (hereinafter referred to as \"the Company\", which "
        "expression shall include its successors)\n\nAND\n\nVEDA SOFTWARE PRIVATE LIMITED, a "
        "company incorporated in India (hereinafter referred to as \"the Service Provider\")\n\n"
        "1. The Service Provider shall develop the App.\n")
    assert client == ("AL NOOR TELECOM W.L.L.", ["Company"])
    assert vendor == ("VEDA SOFTWARE PRIVATE LIMITED", ["Service Provider"])


def test_a_dictionary_that_does_not_quote_its_terms() -> None:
    text = ("21. Dictionary\n\nRun-Off Period means the period of ninety (90) days after expiry.\n"
            "21.2 Service Credit means a credit under Schedule 2.\n"
            "The Supplier means well but this line defines nothing.\n")
    definitions = find_definitions(text)
    assert definitions["Run-Off Period"] == "Run-Off Period means the period of ninety (90) days after expiry."
    assert definitions["Service Credit"] == "21.2 Service Credit means a credit under Schedule 2."
    assert not any("Supplier" in term for term in definitions)


def test_a_bulleted_definitions_list_ends_each_definition_at_its_full_stop() -> None:
    text = ('- "Customer Data" means the account data Customer submits, namely usernames.\n'
            '- "Usage Data" means data about the Service, including call detail records.\n')
    definitions = find_definitions(text)
    assert definitions["Customer Data"] == ('"Customer Data" means the account data Customer '
                                            'submits, namely usernames.')
    assert "call detail records" in definitions["Usage Data"]


def test_amounts_in_rand_singapore_dollars_and_a_code_before_a_symbol() -> None:
    from msa_review.language.quantities import money

    found = money("R95,000.00 once, then SGD 1,200 a month, CAD $7,500.00 and R18.50; see R2 and R1.10.3")
    assert [(m.amount, m.currency) for m in found] == [
        (95000.0, "ZAR"), (1200.0, "SGD"), (7500.0, "CAD"), (18.5, "ZAR")]


def test_a_fortnight_is_two_weeks() -> None:
    from msa_review.language.quantities import durations

    assert [(d.value, d.unit, d.days) for d in durations("for a fortnight, then two fortnights")] == [
        (2, "week", 14), (4, "week", 28)]


def test_neutral_party_labels_take_their_roles_from_the_grant() -> None:
    client, vendor = _parties(
        'LICENCE AGREEMENT\n\nSakura Mobile Co., Ltd., with its head office in Osaka (hereinafter "Party A"), '
        'and Minato Apps K.K., with its head office in Kobe (hereinafter "Party B"), agree as follows.\n\n'
        'Article 1\nParty B grants to Party A a non-exclusive licence to use the Application.\n'
        'Article 2\nParty A shall pay to Party B the fees in Appendix 1.\n')
    assert client == ("Sakura Mobile Co., Ltd.", ["Party A"])
    assert vendor == ("Minato Apps K.K.", ["Party B"])


def test_first_and_second_party_follow_the_appointment() -> None:
    client, vendor = _parties(
        'DISTRIBUTION AGREEMENT\n\nBETWEEN:\n\n(1) DUNE APPS LIMITED, a company registered in Abu Dhabi '
        'whose office is at Tower 4, Al Reem Island (the "First Party"); and\n\n(2) OASIS TELECOM L.L.C., '
        'a company registered in Sharjah (the "Second Party").\n\n'
        'WHEREAS the First Party has developed a softphone software platform;\n'
        'WHEREAS the Second Party wishes to offer its subscribers an app under its own brand;\n'
        '1. The First Party appoints the Second Party as its distributor.\n')
    assert client[1] == ["Second Party"] and client[0].startswith("OASIS TELECOM")
    assert vendor[1] == ["First Party"] and vendor[0].startswith("DUNE APPS")


def test_neutral_labels_without_any_conduct_stay_unassigned() -> None:
    client, vendor = _parties(
        'AGREEMENT\n\nAlfa Mobile Co., Ltd. (hereinafter "Party A") and Beta Apps K.K. '
        '(hereinafter "Party B") agree as follows.\n\nArticle 1\nThis Agreement is governed by Japanese law.\n')
    assert client == (None, []) and vendor == (None, [])


def test_short_company_alias_is_the_counterparty_of_a_role() -> None:
    client, vendor = _parties(
        'RESELLER AGREEMENT\n\nPARTIES\n\n1. KEA SOFTWARE LIMITED (company number 123), a company incorporated in '
        'New Zealand ("Kea")\n\n2. ALPINE NET LIMITED (company number 456), a company incorporated in New Zealand '
        '("Reseller")\n\nBACKGROUND\n\nA. Kea has developed a softphone platform.\n')
    assert client == ("ALPINE NET LIMITED", ["Reseller"])
    assert vendor == ("KEA SOFTWARE LIMITED", ["Kea"])


def test_capitalised_role_words_introduced_simply_as() -> None:
    client, vendor = _parties(
        'SOFTWARE LICENCE AGREEMENT\n\nARARA SISTEMAS LTDA., a limited liability company in Recife, '
        'hereinafter referred to simply as "LICENSOR"; and\n\nSERTAO TELECOM S.A., a corporation in Natal, '
        'hereinafter referred to simply as "LICENSEE";\n\nCLAUSE ONE\n')
    assert client == ("SERTAO TELECOM S.A.", ["LICENSEE"])
    assert vendor == ("ARARA SISTEMAS LTDA.", ["LICENSOR"])


def test_role_word_the_lexicon_lacks_takes_the_other_side_of_a_polish_preamble() -> None:
    client, vendor = _parties(
        'AGREEMENT\n\nconcluded between:\n\nWisla Soft spółka z ograniczoną odpowiedzialnością, with its registered '
        'office in Kraków, represented by Jan Kowal, President of the Management Board, hereinafter referred to '
        'as "the Service Provider",\n\nand\n\nOdra Telekom spółka akcyjna, with its registered office in Wrocław, '
        'represented by Anna Nowak, Proxy, hereinafter referred to as "the Subscriber",\n\n§ 1\n\n'
        'The Service Provider grants to the Subscriber a licence to the App.\n')
    assert client == ("Odra Telekom spółka akcyjna", ["Subscriber"])
    assert vendor == ("Wisla Soft spółka z ograniczoną odpowiedzialnością", ["Service Provider"])


def test_a_party_described_by_its_office_counts_without_a_known_company_form() -> None:
    client, vendor = _parties(
        'AGREEMENT\n\nconcluded between:\n\nWarta Soft Systems, with its registered office in Poznań, represented '
        'by Ewa Lis, hereinafter referred to as "the Service Provider",\n\nand\n\nNotec Net Kooperatywa, with its '
        'registered office in Piła, represented by Adam Bór, hereinafter referred to as "the Subscriber",\n\n'
        '§ 1\n\nThe Software, hereinafter referred to as "the Product", is licensed.\n\n'
        '§ 2\n\nThe Subscriber shall pay the monthly fee.\n')
    assert client[1] == ["Subscriber"]
    assert vendor[1] == ["Service Provider"]


def test_two_companies_named_without_roles_stay_unassigned() -> None:
    client, vendor = _parties(
        'COLLABORATION AGREEMENT\n\nThis agreement is between Helix Labs Inc. ("Helix") and Nordbio AG '
        '("Nordbio").\n\n1. Helix grants to Nordbio a licence to the Helix Patents, and Nordbio grants to '
        'Helix a licence to the Nordbio Patents.\n2. Helix shall pay to Nordbio the milestone payments.\n')
    assert client == (None, []) and vendor == (None, [])


def test_a_defined_role_word_joins_a_party_known_by_its_short_name() -> None:
    client, vendor = _parties(
        'RESELLER AGREEMENT\n\nThis agreement is between Kauri Apps Limited ("Kauri"), a New Zealand company, '
        'and Rimu Networks Limited (the "Reseller").\n\nWHEREAS Kauri has developed a softphone platform.\n\n'
        '"Licensor" means Kauri.\n')
    assert vendor[1] == ["Kauri", "Licensor"]


def test_amounts_in_brazilian_reais() -> None:
    from msa_review.language.quantities import money

    found = money("a setup fee of R$ 28.000,00, then BRL 3.500,00 a month and $1.15 per user")
    assert [(m.amount, m.currency) for m in found] == [
        (28000.0, "BRL"), (3500.0, "BRL"), (1.15, "USD")]


def test_a_short_company_alias_that_hosts_and_invoices_is_the_supplier() -> None:
    client, vendor = _parties(
        'SUBSCRIPTION AGREEMENT\n\nThis Agreement is made between Osprey Cloud Voice, Inc., a Delaware corporation '
        '("Osprey"), and Lakeside Telecom, LLC, an Ohio limited liability company ("Customer").\n\n'
        'Osprey operates a hosted calling platform. Customer wishes to subscribe to Osprey\'s platform.\n'
        '1. Customer grants Osprey access to its store accounts. Osprey grants Customer a licence to the app.\n'
        '2. Osprey will invoice the fees monthly.\n')
    assert client == ("Lakeside Telecom, LLC", ["Customer"])
    assert vendor[1] == ["Osprey"] and vendor[0].startswith("Osprey Cloud Voice")


def test_money_in_indian_grouping_and_grouped_by_spaces() -> None:
    from msa_review.language.quantities import money

    found = money("INR 12,50,000 once; SEK 48 500 a month; EUR 7 250,50 a year; EUR 0,95 per user; "
                  "USD 300 per 100 users")
    assert [(m.amount, m.currency) for m in found] == [
        (1250000.0, "INR"), (48500.0, "SEK"), (7250.5, "EUR"), (0.95, "EUR"), (300.0, "USD")]


def test_an_order_form_item_with_a_full_stop_gives_a_term_its_quantity() -> None:
    text = ("9.1 Exit Period. Upon termination, Provider will keep the Services running for the "
            "Exit Period stated in the Order Form.\n\nORDER FORM\n\n12. Exit Period. Four (4) "
            "months.\n13. Support Hours. 8am to 6pm.\n")
    definitions = find_definitions(text)
    assert definitions["Exit Period"] == "12. Exit Period. Four (4) months."
    assert "Support Hours" not in definitions  # no quantity, and no clause uses it

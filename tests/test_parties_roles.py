"""Party roles from the preamble, when only one party is named by a role word."""

from __future__ import annotations

import pytest

from msa_review.extract import extract_bytes
from msa_review.language.parties import find_parties

BODY = "\n\n1. SERVICES\n\n1.1 The Services are described in Schedule 1.\n"


@pytest.mark.parametrize("vendor, client", [("Provider", "Telco"), ("Vendor", "MNO"), ("Licensor", "Licensee")])
def test_the_other_of_two_parties_is_the_counterparty(vendor: str, client: str) -> None:
    text = (f'This Agreement is made between Voxa Systems Ltd ("{vendor}") and '
            f'Telmar Mobile plc ("{client}").' + BODY)
    parties = find_parties(extract_bytes("msa.txt", text.encode()))
    assert parties.vendor.aliases == [vendor] and parties.client.aliases == [client]
    assert parties.client.name == "Telmar Mobile plc" and not parties.others


def test_with_two_unknown_parties_no_role_is_guessed() -> None:
    text = ('This Agreement is made between Voxa Systems Ltd ("Provider"), Telmar Mobile plc '
            '("Telmar") and Orbit Holdings Ltd ("Orbit").' + BODY)
    parties = find_parties(extract_bytes("msa.txt", text.encode()))
    assert parties.vendor.aliases == ["Provider"] and parties.client.aliases == []
    assert [party.aliases for party in parties.others] == [["Telmar"], ["Orbit"]]

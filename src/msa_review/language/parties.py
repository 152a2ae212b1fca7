"""Parties and defined terms, from the preamble and the definitions.

'Acme Telecom Ltd. ("Customer")' defines an alias; the alias's word tells the role:
the client buys the app (Customer, Licensee, Operator...), the vendor supplies it
(Provider, Licensor, Vendor...). Contracts written as "you" and "we" get those roles too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from msa_review.model import Document

CLIENT_WORDS = ("customer", "client", "licensee", "operator", "reseller", "partner", "you",
                "subscriber", "buyer", "purchaser", "carrier", "distributor", "sublicensee")
VENDOR_WORDS = ("provider", "vendor", "supplier", "licensor", "company", "we", "developer",
                "contractor", "service provider", "seller", "manufacturer", "consultant")

_QUOTE_OPEN = "\"“'‘"
_QUOTE_CLOSE = "\"”'’"
# Acme Telecom Ltd., a company incorporated in England ("Customer")
_ALIAS = re.compile(
    rf"(?P<name>[A-Z][\w&.,'’\- ]{{1,120}}?)\s*,?\s*(?:\([^()]{{0,160}}?\)\s*)?"
    rf"\(\s*(?:hereinafter\s+(?:referred\s+to\s+as\s+)?|referred\s+to\s+(?:herein\s+)?as\s+|"
    rf"the\s+|each\s+a\s+|collectively\s+)?(?:the\s+)?[{_QUOTE_OPEN}](?P<alias>[A-Z][\w .&\-]{{0,40}}?)"
    rf"[{_QUOTE_CLOSE}]\s*(?:or\s+[{_QUOTE_OPEN}](?P<alias2>[A-Z][\w .&\-]{{0,40}}?)[{_QUOTE_CLOSE}]\s*)?\)"
)
_DEFINITION = re.compile(
    rf"[{_QUOTE_OPEN}](?P<term>[A-Z][\w .&/\-]{{1,60}}?)[{_QUOTE_CLOSE}]\s*(?:\([^)]*\)\s*)?"
    r"(?:means|shall\s+mean|has\s+the\s+meaning|refers\s+to|shall\s+refer\s+to|includes|is\s+defined)\b"
)
_INLINE_DEFINITION = re.compile(
    rf"\((?:the\s+|each\s+a\s+|an?\s+)?[{_QUOTE_OPEN}](?P<term>[A-Z][\w .&/\-]{{1,60}}?)[{_QUOTE_CLOSE}]\)"
)
_ENTITY_SUFFIX = re.compile(
    r"\b(?:Inc|Ltd|LLC|L\.L\.C|GmbH|AG|S\.A|SA|B\.V|BV|N\.V|plc|PLC|Corp|Corporation|Limited|"
    r"Company|Co|s\.r\.o|a\.s|AB|Oy|Pty|LLP|LP|SAS|SARL|S\.p\.A|Incorporated)\b\.?"
)


@dataclass
class Party:
    role: str  # client | vendor | unknown
    name: str | None
    aliases: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "aliases": list(self.aliases)}


@dataclass
class Parties:
    client: Party
    vendor: Party
    others: list[Party] = field(default_factory=list)
    second_person: bool = False  # the contract speaks to "you" (client) as "we" (vendor)
    definitions: dict[str, str] = field(default_factory=dict)

    def aliases_of(self, role: str) -> list[str]:
        party = self.client if role == "client" else self.vendor
        return party.aliases

    def display(self, role: str) -> str:
        """The name a redline should use: the contract's own defined term."""
        party = self.client if role == "client" else self.vendor
        if party.aliases:
            return party.aliases[0]
        return "Customer" if role == "client" else "Provider"


def role_of(alias: str) -> str:
    words = alias.lower().strip()
    for word in VENDOR_WORDS:
        if re.search(rf"\b{word}\b", words):
            # "Service Provider Customer" is rare; the last role word decides.
            if not any(re.search(rf"\b{c}\b", words) for c in CLIENT_WORDS) or words.endswith(word):
                return "vendor"
    for word in CLIENT_WORDS:
        if re.search(rf"\b{word}\b", words):
            return "client"
    return "unknown"


def _clean_name(name: str) -> str:
    name = re.sub(r"^(?:and|by|between|among|with|from|to|the|this|agreement)\b[\s,]*", "", name.strip(),
                  flags=re.IGNORECASE)
    # "SoftVoice Inc., a Delaware corporation" -> keep up to the entity suffix.
    suffix = _ENTITY_SUFFIX.search(name)
    if suffix:
        name = name[: suffix.end()]
    return name.strip(" ,")


def find_parties(document: Document, preamble_chars: int = 6000) -> Parties:
    text = document.text
    head = text[:preamble_chars]
    client = Party("client", None)
    vendor = Party("vendor", None)
    others: list[Party] = []
    for match in _ALIAS.finditer(head):
        aliases = [alias.strip() for alias in (match.group("alias"), match.group("alias2")) if alias]
        role = role_of(aliases[0])
        if aliases[0].lower() in ("agreement", "effective date", "parties", "party"):
            continue
        name = _clean_name(match.group("name"))
        party = client if role == "client" else vendor if role == "vendor" else None
        if party is None:
            if not _ENTITY_SUFFIX.search(match.group("name")):
                continue
            others.append(Party("unknown", name, aliases))
            continue
        if party.name is None:
            party.name = name
        for alias in aliases:
            if alias not in party.aliases:
                party.aliases.append(alias)
    definitions = find_definitions(text)
    for term in definitions:
        role = role_of(term)
        party = client if role == "client" else vendor if role == "vendor" else None
        if party is not None and not party.aliases and len(term.split()) <= 2:
            party.aliases.append(term)
    second_person = _speaks_to_you(text) and not client.aliases
    if second_person:
        client.aliases.append("you")
        if not vendor.aliases:
            vendor.aliases.append("we")
    # Two unnamed parties with entity names: the tool cannot tell roles, keep them known.
    return Parties(client=client, vendor=vendor, others=others, second_person=second_person,
                   definitions=definitions)


def _speaks_to_you(text: str) -> bool:
    sample = text[:50_000]
    return len(re.findall(r"\byou(?:r)?\b", sample, re.IGNORECASE)) >= 5 and len(
        re.findall(r"\b(?:we|us|our)\b", sample, re.IGNORECASE)
    ) >= 5


def find_definitions(text: str) -> dict[str, str]:
    """Defined term -> the sentence (or clause) that defines it."""
    definitions: dict[str, str] = {}
    for match in _DEFINITION.finditer(text):
        term = match.group("term").strip()
        end = _sentence_end(text, match.end())
        definitions.setdefault(term, text[match.start(): end])
    for match in _INLINE_DEFINITION.finditer(text):
        term = match.group("term").strip()
        if term in definitions:
            continue
        start = _sentence_start(text, match.start())
        definitions[term] = text[start: _sentence_end(text, match.end())]
    return definitions


def _sentence_end(text: str, position: int) -> int:
    match = re.compile(r"\.(?=\s+[A-Z(\"“]|\s*$)|\n\s*\n").search(text, position)
    end = match.end() if match else len(text)
    return min(end, position + 1500)


def _sentence_start(text: str, position: int) -> int:
    window_start = max(0, position - 600)
    window = text[window_start:position]
    boundaries = [m.end() for m in re.finditer(r"\.\s+(?=[A-Z(\"“])|\n\s*\n", window)]
    return window_start + (boundaries[-1] if boundaries else 0)

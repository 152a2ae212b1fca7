"""Parties and defined terms, from the preamble and the definitions.

'Acme Telecom Ltd. ("Customer")' defines an alias; the alias's word tells the role:
the client buys the app (Customer, Licensee, Operator...), the vendor supplies it
(Provider, Licensor, Vendor...). Contracts written as "you" and "we" get those roles too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from msa_review.model import Document

# The operator's end users ("subscribers") are not a party to the contract.
CLIENT_WORDS = ("customer", "client", "licensee", "operator", "reseller", "partner", "you",
                "buyer", "purchaser", "carrier", "distributor", "sublicensee", "franchisee",
                "principal")
VENDOR_WORDS = ("provider", "vendor", "supplier", "licensor", "company", "we", "developer",
                "contractor", "service provider", "seller", "manufacturer", "consultant",
                "franchisor")

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
    # plain drafting: 'An "Active User" is an End User account that ...'
    r"(?:means|shall\s+mean|has\s+the\s+meaning|refers\s+to|shall\s+refer\s+to|includes|is\s+defined|"
    r"(?:is|are)\s+(?:an?|any|each|every)\s)"
)
# A definitions list in the form '"Exit Period": the period of six months ...' (or with a
# dash), one term at the start of each line, after an optional number, or after the
# semicolon that ends the previous one where a PDF runs the list together.
_LISTED_DEFINITION = re.compile(
    rf"(?m)(?:^|(?<=;\s))[ \t]*(?:\(?(?:\d{{1,3}}(?:\.\d{{1,3}})*|[a-z]{{1,3}})[.)]?[ \t]+)?[{_QUOTE_OPEN}](?P<term>[A-Z][\w .&/\-]{{1,60}}?)[{_QUOTE_CLOSE}]"
    r"[ \t]*(?::|[-–—])[ \t]"
)
# An order form or statement of work giving a defined term its value on a line of its own:
# "8.1 Initial Term: eighteen (18) months" for an agreement that runs "for the Initial Term"
# (or, with a full stop, "17. Transition Period. Six (6) months.": only a quantity then, since
# a section heading reads the same way).
_LABEL_DEFINITION = re.compile(
    r"(?m)^[ \t]*(?:\d{1,3}(?:\.\d{1,3})*\.?[ \t]+)?(?P<term>[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){1,4})"
    r"(?:[ \t]*:[ \t]+\S|[ \t]*\.[ \t]+(?=(?:[A-Za-z-]+[ \t]+){1,4}\(\d+\)|\d))"
)
# A dictionary that does not quote its terms: "Transition Period means the period ...", one
# term at the start of a line.
_UNQUOTED_DEFINITION = re.compile(
    r"(?m)^[ \t]*(?:\d{1,3}(?:\.\d{1,3})*\.?[ \t]+)?(?!(?:The|This|That|A|An|Each|Any|It)\b)"
    r"(?P<term>[A-Z][\w-]*(?:[ \t]+[A-Z][\w-]*){0,4})[ \t]+(?:means|shall mean)\b"
)
_INLINE_DEFINITION = re.compile(
    rf"\((?:the\s+|each\s+a\s+|an?\s+)?[{_QUOTE_OPEN}](?P<term>[A-Z][\w .&/\-]{{1,60}}?)[{_QUOTE_CLOSE}]\)"
)
_ENTITY_SUFFIX = re.compile(
    r"\b(?:Co\.,?\s+Ltd|Pty\.?\s+Ltd|PTY\.?\s+LTD|Pty\.?\s+Limited|Pte\.?\s+Ltd|PTE\.?\s+LTD|Inc|INC|Ltd|LTD|LLC|L\.L\.C|GmbH|GMBH|AG|S\.A|SA|B\.V|BV|N\.V|plc|PLC|Corp|CORP|"
    r"Corporation|CORPORATION|Limited|LIMITED|Company|COMPANY|Co|s\.r\.o|a\.s|AB|Oy|Pty|PTY|LLP|LP|"
    r"SAS|SARL|S\.p\.A|S\.L|S\.R\.L|S\.r\.l|ApS|KG|SE|AS|ASA|Incorporated|INCORPORATED|W\.L\.L|DAC|"
    # Brazilian, Japanese and Polish company forms.
    r"LTDA|Ltda|K\.K|sp\.\s?z\s?o\.o|spółka\s+z\s+ograniczoną\s+odpowiedzialnością|spółka\s+akcyjna)\b\.?"
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
        """The name a redline should use: the contract's own defined term ("you" and "we"
        do not take a possessive well, so a short name or the role stands in for them)."""
        party = self.client if role == "client" else self.vendor
        for alias in party.aliases:
            if alias not in ("you", "we"):
                return alias
        if party.name and len(party.name) <= 40:
            return party.name
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


_PAREN = re.compile(r"\(([^()]{0,240})\)")
_QUOTED = re.compile(rf"[{_QUOTE_OPEN}]([^{_QUOTE_OPEN}{_QUOTE_CLOSE}]{{1,40}})[{_QUOTE_CLOSE}]")
_NOT_PARTIES = {"agreement", "effective date", "parties", "party", "terms", "msa", "order",
                "this agreement", "the agreement", "contract"}
# "Bundara Telecom Pty Ltd, ... Melbourne VIC 3000 (Licensee)": a bare role word in brackets.
_BARE_ROLE = re.compile(r"^\s*(?:the\s+)?([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s*$")
# '- hereinafter "the Principal" -' on its own line below the party's name, or a sentence of
# its own: 'Hereinafter referred to as "the Licensor",'.
_HEREINAFTER = re.compile(
    rf"\b(?i:hereinafter)\s+(?:(?i:referred\s+to\s+(?:simply\s+)?as|called|named|also|designated(?:\s+as)?)\s+)?:?\s*"
    rf"[{_QUOTE_OPEN}](?:the\s+)?(?P<alias>[A-Z][\w .&\-]{{0,40}}?)[{_QUOTE_CLOSE}]")
_NAME_START = re.compile(r"(?:\bbetween|\band|\bby|\bamong|\bwith|\n|^|[.;:])\s*", re.IGNORECASE)


def _pronoun_role(alias: str) -> str | None:
    lowered = alias.lower()
    if lowered in ("we", "us", "our", "ours"):
        return "vendor"
    if lowered in ("you", "your", "yours"):
        return "client"
    return None


_ENTITY_NAME = re.compile(
    r"[A-Z][\w&'’-]*(?:[ \t]+(?:[A-Z&][\w&.'’-]*|of|and|de|du|von|van))*?,?[ \t]+" + _ENTITY_SUFFIX.pattern
)


def _name_before(head: str, position: int, floor: int = 0, reach: int = 240) -> str:
    """The party's name: the last company name before its alias, else the words that open
    the party's description ("the telecommunications operator ... ("you")")."""
    window = head[max(floor, position - reach):position]
    starts = [match.end() for match in _NAME_START.finditer(window)]
    segment = window[starts[-1]:] if starts else window
    entities = list(_ENTITY_NAME.finditer(window))
    if entities:
        return entities[-1].group(0).strip(" ,")
    return segment.split(",")[0].strip(" ,")


def find_parties(document: Document, preamble_chars: int = 6000) -> Parties:
    text = document.text
    head = text[:preamble_chars]
    client = Party("client", None)
    vendor = Party("vendor", None)
    others: list[Party] = []
    previous_end = 0
    named: dict[str, str] = {}  # alias -> the name it was given to
    # Aliases in brackets, and those a "hereinafter" gives outside brackets, in order.
    introductions = [(paren.start(), paren.end(), _aliases_in(paren.group(1)), "hereinafter" in paren.group(1).lower())
                     for paren in _PAREN.finditer(head)]
    introductions += [(match.start(), match.end(), [match.group("alias").strip()], True)
                      for match in _HEREINAFTER.finditer(head)
                      if not any(start <= match.start() < end for start, end, _, _ in introductions)]
    for start, end, aliases, hereinafter in sorted(introductions, key=lambda item: item[0]):
        aliases = [alias for alias in aliases if alias.lower() not in _NOT_PARTIES]
        if not aliases:
            continue
        roles = [_pronoun_role(alias) or role_of(alias) for alias in aliases]
        known = [role for role in roles if role != "unknown"]
        # "Party A", "the First Party": a neutral label that only a party takes.
        neutral = bool(_NEUTRAL_LABEL.match(aliases[0]))
        # A party's long description may stand between its name and its role word; any
        # other alias ("the App") takes only a name close before it.
        name = _name_before(head, start, previous_end, reach=600 if known or neutral or hereinafter else 240)
        previous_start, previous_end = previous_end, end
        has_entity = bool(_ENTITY_SUFFIX.search(name))
        if not known:
            # "Acme Corp. ("Acme")": a party of unknown role, when it looks like an entity.
            # ("..., with its registered office in ..., hereinafter "the Subscriber"": a
            # party described as one, even where its company form is not recognised)
            described = hereinafter and bool(_PARTY_DESCRIPTION.search(head[previous_start:start]))
            if (has_entity or neutral or described) and len(aliases[0].split()) <= 3:
                others.append(Party("unknown", name, aliases))
            continue
        role = known[0]
        # "("Licensee Data")" defines data, not a party: a party alias is a role word, a
        # pronoun, or a short name given to a company.
        if not has_entity and not any(
            alias.lower() in CLIENT_WORDS + VENDOR_WORDS or _pronoun_role(alias) for alias in aliases
        ):
            continue
        party = client if role == "client" else vendor
        if party.name is None and name:
            party.name = name
        for alias in aliases:
            named.setdefault(alias, name)
            if alias not in party.aliases and alias.lower() not in ("we", "us", "our", "you", "your"):
                party.aliases.append(alias)
        if any(_pronoun_role(alias) for alias in aliases):
            for pronoun in ("you",) if role == "client" else ("we",):
                if pronoun not in party.aliases:
                    party.aliases.append(pronoun)
    _company_as_client(client, vendor, named)
    _roles_by_conduct(client, vendor, others, text)
    definitions = find_definitions(text)
    for term in definitions:
        if term.lower() not in CLIENT_WORDS + VENDOR_WORDS:
            continue
        role = role_of(term)
        party = client if role == "client" else vendor if role == "vendor" else None
        # (also beside a short name the party was recognised by: "Acme" and "Licensor")
        if party is not None and not any(role_of(alias) != "unknown" for alias in party.aliases):
            party.aliases.append(term)
    second_person = _speaks_to_you(text) and ("you" in client.aliases or not client.aliases)
    if second_person:
        if "you" not in client.aliases:
            client.aliases.append("you")
        if "we" not in vendor.aliases and (not vendor.aliases or _mentions_we(text)):
            vendor.aliases.append("we")
    return Parties(client=client, vendor=vendor, others=others, second_person=second_person,
                   definitions=definitions)


_PARTY_DESCRIPTION = re.compile(
    r"\b(?:registered (?:office|address|number)|represented by|incorporated (?:in|under)|company number|"
    r"with its (?:head|principal) office)\b", re.IGNORECASE)
_NEUTRAL_LABEL = re.compile(r"^(?:Party\s+[A-Z1-9]|(?:First|Second)\s+Party|Party\s+of\s+the\s+(?:First|Second)\s+Part)$")


def _conduct_cues(alias: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """What a supplier does (grants the licence, owns the software, is paid, appoints a
    distributor) and what its customer does (is granted, pays, is appointed, sells under its
    own brand to its subscribers), said of one party's alias."""
    a = rf"(?:the\s+)?{re.escape(alias)}(?![\w-])"
    supplier = (
        rf"{a}\s+(?:hereby\s+)?(?:grants?|appoints?|(?:shall|will)\s+invoice|invoices)\b|"
        rf"\bsubscribe\s+to\s+{a}[’']s\b|"
        rf"{a}\s+(?:operates|hosts|provides|supplies)\s+(?:a|an|its|the)\s+(?:[\w-]+\s+){{0,3}}?(?:platform|software|application|solution)\b|"
        rf"\b(?:licen[cs]\w*|granted|supplied|developed)\s+by\s+{a}|"
        rf"{a}\s+(?:has\s+developed|develops|is\s+the\s+(?:sole\s+)?owner\s+of)\b[^.;]{{0,80}}?\b(?:platform|software|application|solution)|"
        rf"\b(?:pay|paid|payable)\s+to\s+{a}"
    )
    customer = (
        rf"\bgrants?\s+(?:to\s+)?{a}|\b(?:licen[cs]\w*|granted)\s+to\s+{a}|"
        rf"{a}\s+shall\s+pay\b|\b(?:payable|paid)\s+by\s+{a}|\bappoints?\s+{a}|\bappoint\s+{a}|"
        rf"{a}\s+wishes\s+to\s+(?:offer|resell|distribute|provide|use)\b|"
        rf"{a}[’']s\s+(?:own\s+)?(?:brand|subscribers|customers|end\s+users)\b|"
        rf"\b(?:subscribers?|customers?)\s+of\s+{a}"
    )
    return re.compile(supplier), re.compile(customer)


def _conduct_score(alias: str, text: str) -> int:
    supplier, customer = _conduct_cues(alias)
    sample = text[:80_000]
    return len(supplier.findall(sample)) - len(customer.findall(sample))


def _roles_by_conduct(client: Party, vendor: Party, others: list[Party], text: str) -> None:
    """Parties named without a role word ("Party A", "the First Party", a short company
    name) take their roles from what the agreement has them do: the one that grants the
    licence and is paid supplies; the one granted it, paying, selling to its own subscribers,
    buys. The counterparty of a party of known role takes the other role."""
    candidates = [other for other in others if other.aliases][:2]
    if not candidates or (client.aliases and vendor.aliases):
        return
    scores = [_conduct_score(other.aliases[0], text) for other in candidates]
    assigned: list[tuple[Party, Party]] = []
    if not client.aliases and not vendor.aliases:
        # Two companies of unknown role may be partners of any kind (a collaboration, a joint
        # venture): only labels that a translation gives for a buyer and a seller are read.
        if len(candidates) < 2 or not all(_NEUTRAL_LABEL.match(other.aliases[0]) for other in candidates):
            return
        high, low = (0, 1) if scores[0] > scores[1] else (1, 0)
        # Each must lean its own way, or one must lean clearly.
        if scores[high] - scores[low] < 2 or scores[high] < 0 or scores[low] > 0:
            return
        assigned = [(vendor, candidates[high]), (client, candidates[low])]
    elif len(candidates) == 1:
        missing = vendor if client.aliases else client
        leans = scores[0] if missing is vendor else -scores[0]
        if leans < 1:  # the counterparty must also act the part at least once
            return
        assigned = [(missing, candidates[0])]
    else:
        return
    for party, other in assigned:
        party.name = party.name or other.name
        party.aliases.extend(alias for alias in other.aliases if alias not in party.aliases)
        others.remove(other)


def _company_as_client(client: Party, vendor: Party, named: dict[str, str]) -> None:
    """"the Company" and "the Service Provider": the company is the one buying. "Company"
    names the vendor only when nothing else does."""
    if client.aliases or "Company" not in vendor.aliases:
        return
    others = [alias for alias in vendor.aliases if alias != "Company"]
    if not others:
        return
    client.aliases, client.name = ["Company"], named.get("Company") or None
    vendor.aliases, vendor.name = others, named.get(others[0]) or vendor.name


def _aliases_in(bracketed: str) -> list[str]:
    """The quoted aliases in a bracket, or a bare role word: "(Supplier)", "(the Customer)"."""
    quoted = [re.sub(r"^the\s+", "", alias.strip()) for alias in _QUOTED.findall(bracketed)]
    if quoted:
        return quoted
    bare = _BARE_ROLE.match(bracketed)
    if bare and bare.group(1).lower() in CLIENT_WORDS + VENDOR_WORDS:
        return [bare.group(1)]
    return []


def _mentions_we(text: str) -> bool:
    return len(re.findall(r"\b(?:we|us|our)\b", text[:50_000], re.IGNORECASE)) >= 5


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
        _define(definitions, term, text[match.start(): end])
    for match in _LABEL_DEFINITION.finditer(text):
        term = match.group("term")
        if term in definitions or f"the {term}" not in text:
            continue  # a label, not a term the agreement uses
        line_end = text.find("\n", match.end())
        definitions[term] = text[match.start(): len(text) if line_end < 0 else line_end]
    for match in _LISTED_DEFINITION.finditer(text):
        line_end = text.find("\n", match.end())
        end = min(_sentence_end(text, match.end()), len(text) if line_end < 0 else line_end)
        _define(definitions, match.group("term").strip(), text[match.start(): end])
    for match in _UNQUOTED_DEFINITION.finditer(text):
        line_end = text.find("\n", match.end())
        definitions.setdefault(match.group("term"),
                               text[match.start(): len(text) if line_end < 0 else line_end])
    for match in _INLINE_DEFINITION.finditer(text):
        term = match.group("term").strip()
        if term in definitions:
            continue
        start = _sentence_start(text, match.start())
        definitions[term] = text[start: _sentence_end(text, match.end())]
    return definitions


# '"Relevant Revenue" has the meaning given in Schedule 3': a definition that only points to
# where the term is defined, read with that definition when the document holds it.
_POINTER = re.compile(r"has\s+the\s+meaning\s+(?:given|set\s+out|ascribed|assigned)|is\s+defined\s+in",
                      re.IGNORECASE)


def _define(definitions: dict[str, str], term: str, definition: str) -> None:
    first = definitions.setdefault(term, definition)
    if first is not definition and _POINTER.search(first) and not _POINTER.search(definition):
        definitions[term] = f"{first} {definition}"


# A sentence ends at a full stop before a capital, a bracket or a quote, also where the next
# line opens with a bullet ('... feature settings.\n- "Documentation" means ...').
_SENTENCE_END = re.compile(r"\.(?=\s+(?:[-•*–][ \t]+)?[A-Z(\"“]|\s*$)|\n\s*\n")


def _sentence_end(text: str, position: int) -> int:
    match = _SENTENCE_END.search(text, position)
    end = match.end() if match else len(text)
    return min(end, position + 1500)


def _sentence_start(text: str, position: int) -> int:
    window_start = max(0, position - 600)
    window = text[window_start:position]
    boundaries = [m.end() for m in re.finditer(r"\.\s+(?=[A-Z(\"“])|\n\s*\n", window)]
    return window_start + (boundaries[-1] if boundaries else 0)

"""Who does what: party roles in a sentence, modality and negation.

A sentence is first *tagged*: the contract's own party names become CLIENT and VENDOR
("Acme's" -> "CLIENT's"), so rule patterns are written once for every contract. Then,
for a phrase found in the sentence (say "terminate"), `analyse` finds the clause's subject,
its modal ("may", "shall", "is entitled to") and whether it is negated ("shall not",
"in no event shall", "neither party may").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from msa_review.language.parties import Parties

CLIENT = "CLIENT"
VENDOR = "VENDOR"
OTHER = "OTHERPARTY"

_MENTION = re.compile(
    # "CLIENT Data" is a defined thing, not the party: a capitalised noun after the name. The
    # tags are case-sensitive: the "Client" of "the Private Label Client" is a product.
    r"\b(?P<mention>(?-i:CLIENT|VENDOR|OTHERPARTY)(?![ \t]+(?-i:[A-Z][a-z]))|(?:either|each|both|any|a|the\s+other|neither|the)\s+"
    r"(?:part(?:y|ies))|the\s+terminating\s+party|such\s+party|"
    # "either of us" (tagged "either of VENDOR" where the vendor writes as "we")
    r"(?:either|each|both|neither)\s+of\s+(?:us|(?-i:VENDOR))(?![\w'’]))\b(?:'s|’s|s')?",
    re.IGNORECASE,
)
_SUBJECT_GROUP = re.compile(r"^(?:\s*(?:,|and|or|and/or)\s*)$", re.IGNORECASE)
MODAL = (
    r"(?:shall|will|may|must|can|could|should|might|agrees?\s+to|undertakes?\s+to|"
    r"(?:wishing|desiring|electing|wishes|desires|elects)\s+to|"
    # an aside may stand before the "to": "is entitled, at its sole discretion, to"
    r"(?:is|are|be|shall\s+be|will\s+be)\s+(?:entitled|permitted|allowed|authori[sz]ed|free|required|obliged|obligated)"
    r"(?:\s*,[^,;]{1,60},)?\s+to|"
    r"(?:has|have|shall\s+have|will\s+have|retains?|reserves?)\s+(?:the|a|an)?\s*(?:sole\s+|unilateral\s+|absolute\s+)?"
    r"(?:right|option|discretion|power|ability)(?:\s*,[^,;]{1,60},)?\s+(?:\w+\s+){0,6}?to|"
    r"(?:is|are)\s+(?:not\s+)?(?:entitled|permitted)\s+to|"
    # the contract as the grantor: "does not give either party a right to terminate"
    r"(?:give|gives|grant|grants|confer|confers)\s+(?:\S+\s+){1,4}?(?:a|any|the)\s+right\s+to|"
    # "shall entitle Customer to terminate": the right is the one entitled
    r"(?:entitle|entitles)\s+(?:\S+\s+){1,5}?to|"
    # "a mechanism which allows Provider to deactivate the app": the one allowed may act
    r"(?:allows|enables|permits)\s+(?:the\s+)?(?-i:VENDOR|CLIENT)\s+to)"
)
_MODAL = re.compile(rf"\b{MODAL}\b", re.IGNORECASE)
_NEGATION = re.compile(
    # "no listing shall be created", but not "no later than" or "no less than"
    r"\bno\b(?!\s+(?:later|less|more|fewer|sooner|earlier|greater)\b)|"
    r"\b(?:not|never|cannot|neither|nor|in\s+no\s+event|under\s+no\s+circumstances?|"
    r"at\s+no\s+time|no\s+right|without\s+(?:the\s+)?right)\b|n['’]t\b",
    re.IGNORECASE,
)
_CLOSED_RELATIVE = re.compile(r"\b(?:which|who|whom)\b[^,;]*,", re.IGNORECASE)
# A clause whose subject is a negative ("No change of control ...", "Nothing in this
# Agreement ..."), read for the grant it makes.
_NO_SUBJECT = re.compile(r"\W*(?:[\d.]+\s+)?(?:no|nothing|none|neither)\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r";|:\s|\.\s|\(\s*[a-z0-9]{1,4}\s*\)\s|\bprovided,?\s+(?:however|that)\b|\bexcept\b|\bbut\b",
                           re.IGNORECASE)
# ("As between the parties, Provider owns ...": the parties named there are not the subject)
_LEADING_CONDITION = re.compile(
    r"^\s*(?:if|unless|where|when|whenever|should|in\s+the\s+event|upon|on|following|after|in\s+case|"
    r"provided|subject\s+to|notwithstanding|as\s+between)\b[^,]{0,200},\s*",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(
    r"^\s*(?:without\s+(?:derogating|prejudice|limiting|limitation)|for\s+the\s+avoidance\s+of\s+"
    r"doubt|in\s+addition|furthermore|moreover|however|accordingly)\b[^,]{0,160},\s*",
    re.IGNORECASE,
)
_UNTIL = re.compile(r"\buntil(?=\s+$)", re.IGNORECASE)
_PASSIVE_AGENT = re.compile(
    r"^[^;.]{0,80}?\bby\s+(?P<agent>CLIENT|VENDOR|OTHERPARTY|(?:either|each|both|any|a)\s+part(?:y|ies))\b",
    re.IGNORECASE,
)

# A passive right whose holder is named only by its notice: "may be terminated ... upon sixty
# days' written notice from Provider" (Provider holds it), "... by notice of thirty days served
# on Customer" (the other party, Provider, does).
_NOTICE_FROM = re.compile(
    r"^[^;.]{0,160}?\bnotice\b[^;.]{0,80}?\b(?:from|given by|served by|issued by|sent by)\s+"
    r"(?:the\s+)?(?P<agent>(?-i:CLIENT|VENDOR))\b", re.IGNORECASE)
_NOTICE_TO = re.compile(
    r"^[^;.]{0,160}?\bnotice\b[^;.]{0,80}?\b(?:served|given|sent|delivered|addressed|to)\s+"
    r"(?:(?:up)?on\s+|to\s+)?(?:the\s+)?(?P<addressee>(?-i:CLIENT|VENDOR))\b", re.IGNORECASE)


def alias_pattern(parties: Parties) -> re.Pattern[str] | None:
    """One regex over every alias of both parties, longest first."""
    names: list[tuple[str, str]] = []
    for role, party in (("client", parties.client), ("vendor", parties.vendor)):
        for alias in party.aliases:
            names.append((alias, role))
        if party.name and len(party.name) > 3:
            names.append((party.name, role))
    for other in parties.others:
        for alias in other.aliases:
            names.append((alias, "other"))
    if not names:
        return None
    alternatives = []
    for alias, _role in sorted(names, key=lambda item: len(item[0]), reverse=True):
        word = re.escape(alias)
        if alias in ("you", "we"):
            word = {"you": r"[Yy]ou(?:r|rs)?", "we": r"[Ww]e|[Uu]s|[Oo]ur|[Oo]urs"}[alias]
        alternatives.append(word)
    return re.compile(r"(?<![\w-])(?:the\s+)?(" + "|".join(alternatives) + r")(?![\w-])")


@dataclass
class Tagger:
    parties: Parties

    def __post_init__(self) -> None:
        self._pattern = alias_pattern(self.parties)
        self._roles: dict[str, str] = {}
        for role, party in (("client", self.parties.client), ("vendor", self.parties.vendor)):
            for alias in [*party.aliases, *([party.name] if party.name else [])]:
                self._roles[alias.lower()] = role
        for other in self.parties.others:
            for alias in other.aliases:
                self._roles.setdefault(alias.lower(), "other")

    def _role(self, word: str) -> str:
        lowered = word.lower()
        if lowered in ("you", "your", "yours"):
            return "client"
        if lowered in ("we", "us", "our", "ours"):
            return "vendor"
        return self._roles.get(lowered, "other")

    def tag(self, text: str) -> str:
        """The sentence with party names replaced by CLIENT / VENDOR / OTHERPARTY."""
        if self._pattern is None:
            return text

        def replace(match: re.Match[str]) -> str:
            role = self._role(match.group(1))
            return {"client": CLIENT, "vendor": VENDOR}.get(role, OTHER)

        return self._pattern.sub(replace, text)


@dataclass(frozen=True)
class Reading:
    """How a phrase at a position in a tagged sentence is held."""

    holders: frozenset[str]  # client / vendor / other; both for "either party"
    negated: bool
    modal: str | None
    subject: str | None

    @property
    def mutual(self) -> bool:
        return {"client", "vendor"} <= self.holders


def _mention_roles(mention: str) -> set[str]:
    lowered = mention.lower()
    if lowered.startswith("client"):
        return {"client"}
    if lowered.startswith("vendor"):
        return {"vendor"}
    if lowered.startswith("otherparty"):
        return {"other"}
    if re.match(r"(?:either|each|both|any|neither|the)\s+part|(?:either|each|both|neither)\s+of\s",
                lowered) or "parties" in lowered:
        return {"client", "vendor"}
    return set()  # "a party", "such party", "the terminating party": not known from here


# A number in words ending right before a bracket: "one hundred and twenty (120) days",
# "the thirtieth (30th) day". Its bracketed figure repeats it; it opens no list item.
_NUMBER_WORD_BEFORE = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[a-z]+teen|"
    r"(?:twen|thir|for|fif|six|seven|eigh|nine)ty|hundred|thousand|first|second|third|"
    r"fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|[a-z]+teenth|"
    r"(?:twen|thir|for|fif|six|seven|eigh|nine)tieth|hundredth)\s*$", re.IGNORECASE)
_FIGURE = re.compile(r"\(\s*\d+(?:st|nd|rd|th)?\s*\)", re.IGNORECASE)


def clause_start(tagged: str, position: int) -> int:
    start = 0
    for match in _CLAUSE_BREAK.finditer(tagged, 0, position):
        if _FIGURE.match(match.group(0)) and _NUMBER_WORD_BEFORE.search(
                tagged, max(0, match.start() - 20), match.start()):
            continue
        start = match.end()
    return start


def _subject_before(text: str) -> tuple[set[str], str | None, int]:
    """The run of party mentions ending nearest the end of text ("CLIENT or VENDOR")."""
    mentions = list(_MENTION.finditer(text))
    if not mentions:
        return set(), None, -1
    last = mentions[-1]
    roles = _mention_roles(last.group("mention"))
    first_start = last.start()
    for earlier in reversed(mentions[:-1]):
        between = text[earlier.end(): first_start]
        if not _SUBJECT_GROUP.match(between):
            break
        roles |= _mention_roles(earlier.group("mention"))
        first_start = earlier.start()
    return roles, text[first_start: last.end()], first_start


_OTHER_PARTY = re.compile(r"the\s+other\s+part(?:y|ies)(?:'s|’s)?", re.IGNORECASE)


def _other_than(earlier: str) -> set[str]:
    """Who "the other party" is, from the party its clause names first: "If either party
    undergoes a change of control, the other party may terminate" (either of them), "If
    Provider is acquired by a competitor of Customer, the other party may terminate" (the
    client)."""
    named = [mention for mention in _MENTION.finditer(earlier)
             if not _OTHER_PARTY.fullmatch(mention.group("mention"))]
    if not named:
        return set()
    roles = _mention_roles(named[0].group("mention"))
    if roles == {"client"}:
        return {"vendor"}
    if roles == {"vendor"}:
        return {"client"}
    return roles


def analyse(tagged: str, position: int, end: int | None = None) -> Reading:
    """Subject, modal and negation for the phrase that starts at `position`."""
    start = clause_start(tagged, position)
    before = tagged[start:position]
    # "If CLIENT does not pay, VENDOR may ...": the condition is not the main clause; nor
    # are lead-ins before it ("Without derogating from the above, in the event of ..., ").
    while condition := _LEADING_CONDITION.match(before) or _LEAD_IN.match(before):
        before = before[condition.end():]
    after = tagged[end if end is not None else position:]
    is_passive = bool(re.search(r"\b(?:be|been|being|is|are|was|were)\s+(?:\w+ly\s+)?$", before)) or bool(
        re.match(r"\w+ed\b", tagged[position:]) and re.search(r"\b(?:be|been|is|are)\b[^,;]{0,30}$", before))
    passive = _PASSIVE_AGENT.match(after) if is_passive else None
    # "CLIENT may, with VENDOR's consent, which shall not be withheld, terminate": the modal
    # of a closed relative clause is not the phrase's own
    modals = list(_MODAL.finditer(_CLOSED_RELATIVE.sub(lambda m: " " * len(m.group(0)), before)))
    modal: re.Match[str] | None = modals[-1] if modals else None
    # "shall continue until terminated by either party": the agent may end it at will
    until = _UNTIL.search(before)
    if until and re.match(r"\w+ed\b", tagged[position:]):
        agent = _PASSIVE_AGENT.match(after)
        if agent:
            passive, modal = agent, until
    holders: set[str] = set()
    subject_text: str | None = None
    subject_at = 0
    denied_grant = False
    notice = None
    if is_passive and not passive:
        notice = _NOTICE_FROM.match(after) or _NOTICE_TO.match(after)
    if passive:
        holders = _mention_roles(passive.group("agent"))
        subject_text = passive.group("agent")
    elif notice and notice.lastgroup == "agent":
        holders = _mention_roles(notice.group("agent"))
        subject_text = notice.group("agent")
    elif notice:
        holders = {"client", "vendor"} - _mention_roles(notice.group("addressee"))
    elif modal and re.match(r"(?:give|grant|confer|entitle|allow|enable|permit)", modal.group(0),
                                re.IGNORECASE) and (
            grantee := _MENTION.search(modal.group(0))):
        # "gives Customer the right to terminate": the right is the grantee's
        holders = _mention_roles(grantee.group("mention"))
        subject_text = grantee.group("mention")
        subject_at = max(0, modal.start() - 30)  # "does not give ...": its negation too
        # "No change of control of Provider shall ... entitle Customer to terminate",
        # "Nothing in this clause gives Customer the right to": the grant is denied
        denied_grant = bool(_NO_SUBJECT.match(before))
    else:
        search_until = modal.start() if modal else len(before)
        holders, subject_text, subject_at = _subject_before(before[:search_until])
        if not holders and modal:
            # Inverted: "in no event shall VENDOR disable", "nor may VENDOR ..."
            inverted = _MENTION.search(before, modal.end())
            if inverted:
                holders = _mention_roles(inverted.group("mention"))
                subject_text = inverted.group("mention")
                subject_at = 0
    if not holders and subject_text and _OTHER_PARTY.fullmatch(subject_text):
        holders = _other_than(tagged[start:tagged.rfind(subject_text, start, position)])
    scope = before[max(subject_at, 0):] if holders else before
    # "any proceeding which is not withdrawn within 60 days, the other party may terminate":
    # a relative clause closed before the phrase negates its own verb, not the phrase's.
    scope = _CLOSED_RELATIVE.sub(" ", scope)
    negated = denied_grant or bool(_NEGATION.search(scope)) or bool(
        re.match(r"\s*(?:neither|no)\s+part", scope, re.IGNORECASE))
    return Reading(frozenset(holders), negated, modal.group(0) if modal else None, subject_text)

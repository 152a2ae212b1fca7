"""The closed set of rule kinds, one function each, in one dispatch table.

- provision:   a clause must be there, say enough and keep its numbers in range;
- right:       a right (to terminate, to export) that the client must hold, alone or
               with the vendor; the vendor holding it alone is the rule's `vendor_only`;
- prohibition: an act the vendor must be forbidden (disabling shipped builds); the vendor
               being allowed it is a conflict.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Callable

from msa_review.engine import Candidate, Context, Verdict, evaluate_provision
from msa_review.language.roles import Reading, analyse
from msa_review.params import capture_params, values_in
from msa_review.playbook import Param, Rule


def _readings(pattern: object, candidate: Candidate,
              within: list[tuple[int, int]] | None = None) -> list[Reading]:
    """Readings of the pattern's matches; with `within`, only matches inside those spans."""
    readings = []
    for match in pattern.finditer(candidate.tagged):  # type: ignore[attr-defined]
        if within is not None and not any(start <= match.start() < end for start, end in within):
            continue
        readings.append(analyse(candidate.tagged, match.start(), match.end()))
    return readings


# With `right.scope: section`, how many sentences either side of a located one may hold
# its verb: a clause reads on into the next sentence or two, not through a whole article.
# Outside numbered sections, the paragraph stands for the section.
NEIGHBOURS = 2


def _with_section(rule: Rule, candidates: list[Candidate],
                  context: Context) -> list[tuple[Candidate, list[tuple[int, int]] | None]]:
    """The located sentences with the spans their verb must sit in; with `right.scope:
    section`, also their neighbours in the same section, whole ("Provider shall notify
    Customer of a change of control. Customer may then terminate within 60 days.")."""
    located = [(candidate, _located_spans(rule, candidate)) for candidate in candidates]
    if rule.right.get("scope") != "section":
        return located  # type: ignore[return-value]
    seen = {candidate.sentence.start for candidate in candidates}
    position = {candidate.sentence.start: index
                for index, candidate in enumerate(context.candidates)}
    near: set[int] = set()
    for candidate in candidates:
        index = position[candidate.sentence.start]
        for other in context.candidates[max(0, index - NEIGHBOURS):index + NEIGHBOURS + 1]:
            if _same_part(candidate, other) or _follows_on(candidate, other):
                near.add(other.sentence.start)
    extra = [(candidate, None) for candidate in context.candidates
             if candidate.sentence.start in near and candidate.sentence.start not in seen]
    return located + extra  # type: ignore[operator]


_EXCEPTION = re.compile(
    r"\b(?:except|unless|save (?:where|that|if|for|as)|other than (?:where|if|in|as)|"
    r"provided,? however|but (?:may|only))\b", re.IGNORECASE)
# Carve-outs a lawyer accepts: what the law, a court, an arbitral tribunal, a regulator or an
# app store compels, or a security incident that threatens the service.
_COMPELLING = (r"law|legal|court|judicial|judg(?:e)?ments?|arbitra\w*|tribunal|regulat\w*|"
               r"authorit\w*|government\w*|app ?store")
_ROUTINE_EXCEPTION = re.compile(
    rf".{{0,80}}?\b(?:{_COMPELLING}|security (?:incident|breach|threat|vulnerabilit(?:y|ie))s?|"
    r"malware)\b",
    re.IGNORECASE)
# What the vendor decides for itself: a ground that, beside a routine carve-out ("except
# as the law permits or where Customer fails to pay"), leaves the vendor the act.
_OWN_GROUND = re.compile(
    r"\b(?:(?<!security )breach\w*|fail\w*|non-?payment|unpaid|overdue|default\w*|"
    r"discretion|determin\w*|consider\w*|deem\w*|commercial\w*|terminat\w*|"
    r"expir\w*|end of|suspen\w*|convenience)", re.IGNORECASE)
# Of the routine carve-outs, what is compelled from outside leaves the prohibition whole (no
# contract can override a court order); a security incident is the vendor's call: a limit.
_COMPELLED = re.compile(rf"\b(?:{_COMPELLING})\b", re.IGNORECASE)
_SECURITY = re.compile(r"\b(?:security|malware|necessary)\b", re.IGNORECASE)
_EXCEPTION_END = re.compile(r"[;.](?:\s|$)")


def _exception_clause(text: str, start: int) -> str:
    """The exception that starts at `start`, to the end of its clause."""
    end = _EXCEPTION_END.search(text, start)
    return text[start:end.start() if end else len(text)]


def _routine(text: str, start: int) -> bool:
    """Whether the exception is one a lawyer accepts (what the law, a court or an app store
    compels, a security incident) and names no ground of the vendor's own."""
    return bool(_ROUTINE_EXCEPTION.match(text, start)) and not _OWN_GROUND.search(
        _exception_clause(text, start))


# An exception the client controls: "except with the prior written consent of Customer",
# "except to fix a security flaw, and then only with Customer's approval".
_CLIENT_CONSENT = re.compile(
    r"(?:^(?:except|unless|save)\s+|\bonly\s+)(?:with|after|upon|on|subject to|by|at|in)\s+"
    r"(?:(?:the|obtaining|receiving|receipt of|accordance with)\s+)*"
    r"(?:(?:prior|express|written|advance)\s+)*"
    # "except with the prior written consent of Customer", "except by written instruction of
    # Customer", "except at Customer's request"
    r"(?:(?:consent|approval|authori[sz]ation|instructions?|requests?|directions?)\s+of\s+"
    r"CLIENT\b|CLIENT(?:'s|’s)\s+(?:(?:prior|express|written|advance)\s+)*"
    r"(?:consent|approval|authori[sz]ation|instructions?|requests?|directions?)\b)"
    # "unless Customer has given its prior written consent", "unless Customer first agrees"
    r"|^(?:unless|except (?:where|if|when))\s+CLIENT\s+(?:(?:has|shall have|first|previously|"
    r"expressly|so)\s+)*(?:(?:given|granted)\s+(?:its\s+)?(?:(?:prior|express|written|advance)"
    r"\s+)*(?:consent|approval|authori[sz]ation)|consent(?:s|ed)?|agree(?:s|d)?|approve(?:s|d)?|"
    r"request(?:s|ed)?|instruct(?:s|ed)?)\b",
    re.IGNORECASE)


def _client_controlled(text: str, start: int) -> bool:
    """Whether the exception needs the client's own consent and names no ground of the
    vendor's: the vendor cannot act alone, so the prohibition stands whole."""
    exception = _exception_clause(text, start)
    return bool(_CLIENT_CONSENT.search(exception)) and not _OWN_GROUND.search(exception)


def _compelled_only(text: str, start: int) -> bool:
    """Whether the exception is only what the law, a court or an app store compels ("except
    by virtue of a final judgment"): the prohibition stands whole."""
    exception = _exception_clause(text, start)
    return bool(_COMPELLED.search(exception)) and not _SECURITY.search(exception) and \
        not _OWN_GROUND.search(exception)


_OBLIGATION = re.compile(r"shall|will|must|should", re.IGNORECASE)


def _same_part(one: Candidate, other: Candidate) -> bool:
    """In the same numbered section or, outside any, in the same paragraph."""
    first, second = one.sentence.paragraph, other.sentence.paragraph
    if first.section_number or second.section_number:
        return first.section_number == second.section_number
    return first.index == second.index


# What ties a subclause to the one before it: "such notice", "the change", "the notice
# under Clause 12.1".
_BACK_REFERENCE = (r"\b(?:such|that|this) (?:notice|notification|change|event|transaction|merger|"
                   r"acquisition)\b|\bthe (?:change|notification)\b")


def _follows_on(one: Candidate, other: Candidate) -> bool:
    """The next subclause of the same section, when it refers back to the located one
    ("12.1 Provider shall notify Customer of a change of control. 12.2 Within ninety days of
    receiving such notice, Customer may terminate.")."""
    first, second = one.sentence.paragraph, other.sentence.paragraph
    number, following = first.section_number, second.section_number
    if not number or not following or other.sentence.start <= one.sentence.start:
        return False
    parent, _, _ = number.rpartition(".")
    if not parent or following.rpartition(".")[0] != parent or following == number:
        return False
    cited = rf"\b(?:clauses?|sections?|articles?|arts?\.|paragraphs?) {re.escape(number)}(?!\.?\d)"
    return bool(re.search(f"{_BACK_REFERENCE}|{cited}", other.tagged, re.IGNORECASE))


def _located_spans(rule: Rule, candidate: Candidate) -> list[tuple[int, int]]:
    """Where the located phrase is, widened by the rule's `right.window` characters: the
    verb of "terminate for convenience" sits inside its phrase, the verb of "may terminate
    if Provider undergoes a change of control" next to it. A lead-in read with its list
    ("Customer may terminate ... if: (a) ...; (d) there is a change of control") governs
    every item: its own text is a span too."""
    window = int(rule.right.get("window", 0))
    matches = [match for pattern in rule.locate for match in pattern.finditer(candidate.tagged)]
    spans = [(max(0, match.start() - window), match.end() + window) for match in matches]
    lead_in = _lead_in_length(candidate)
    # (only for a rule whose verb may stand apart from its phrase, `window`; an item that
    # names its own verb, "(d) Provider may terminate ...", is read on its own)
    verb = rule.right["verb"]
    if window and lead_in and any(match.start() > lead_in and not verb.search(match.group(0))
                                  for match in matches):
        spans.append((0, lead_in))
    return spans


def _lead_in_length(candidate: Candidate) -> int:
    """How much of a clause is its lead-in, when the lead-in ("... if:") is read with the
    list that follows it; 0 otherwise."""
    lead_in = candidate.sentence.text.rstrip()
    if not lead_in.endswith(":") or len(candidate.tagged) <= len(lead_in):
        return 0
    return len(lead_in)


def _quoted(reading: list[Candidate], candidates: list[Candidate]) -> list[Candidate]:
    """What to quote: the located clauses that grant (or rule out) the right first, then the
    other located clauses, then a neighbouring sentence read for its verb ("Provider shall
    notify Customer of a change of control. Customer may then terminate ...")."""
    located = set(candidates)
    return list(dict.fromkeys([*(candidate for candidate in reading if candidate in located),
                               *candidates, *reading]))


def provision(rule: Rule, candidates: list[Candidate], context: Context) -> Verdict:
    return evaluate_provision(rule, candidates, context)


def right(rule: Rule, candidates: list[Candidate], context: Context) -> Verdict:
    holders: set[str] = set()
    granting: list[Candidate] = []
    held: list[tuple[Candidate, frozenset[str]]] = []  # each granting clause and its holders
    denied: list[Candidate] = []
    for candidate, spans in _with_section(rule, candidates, context):
        # Only the verb of the located phrase: "termination for any reason" elsewhere in the
        # sentence says nothing about who may terminate.
        for reading in _readings(rule.right["verb"], candidate, spans):
            if reading.modal is None:
                continue  # "termination for convenience" as a noun grants nothing
            if reading.negated:  # "shall not be entitled to terminate", "shall not entitle"
                denied.append(candidate)
                continue
            if _OBLIGATION.fullmatch(reading.modal):
                continue  # "shall terminate" is an event, not a right someone holds
            holders |= reading.holders
            granting.append(candidate)
            held.append((candidate, reading.holders))
            break
    if not granting:
        # a rule's conflict check may rule the right out in words the verb reading does not
        # see ("a change of control shall not constitute cause for termination")
        ruled_out = evaluate_provision(rule, candidates, context)
        if ruled_out.status == "conflict":
            return ruled_out
        ungranted = rule.right.get("ungranted", rule.when_absent)
        if denied:
            return Verdict(rule.right.get("denied", ungranted),
                           ["the contract rules this right out"], _quoted(denied, candidates))
        if ungranted != rule.when_absent:
            # The topic is there, the right is not: "assignment on a change of control needs
            # consent" addresses change of control but gives the client no exit.
            return Verdict(ungranted, [f"the clause gives {context.parties.display('client')} "
                                       "no right to terminate"], candidates)
        return Verdict(rule.when_absent)
    per_holder = _per_holder_param(rule)
    if per_holder is None:
        verdict = evaluate_provision(rule, granting, context)
    else:
        # the parameter's range is read per holder, below, not on the first value found
        loose = replace(per_holder, minimum=None, maximum=None)
        verdict = evaluate_provision(
            replace(rule, params=tuple(loose if param is per_holder else param
                                       for param in rule.params)), granting, context)
        value, reasons = _by_holder(per_holder, loose, held, context)
        verdict.params.pop(per_holder.name, None)
        verdict.params.pop(f"{per_holder.name}_unit", None)
        verdict.params.update(value)
        verdict.reasons.extend(reasons)
        if reasons and verdict.status == "met":
            verdict.status = "partial"
    verdict.evidence = _quoted(verdict.evidence, candidates)
    if verdict.status in ("conflict", "not_applicable"):
        return verdict
    wanted = rule.right.get("holder", "client")
    if holders:
        verdict.params["mutual"] = {"client", "vendor"} <= holders
    if holders and "client" not in holders:
        status = rule.right.get("vendor_only", "conflict")
        message = f"only {context.parties.display('vendor')} holds this right"
        return Verdict(status, [message, *verdict.reasons], _quoted(granting, candidates),
                       verdict.params)
    if not holders:
        verdict.reasons.insert(0, "the clause does not say which party holds the right")
        verdict.status = "partial"
    elif wanted == "mutual" and "vendor" not in holders:
        client_only = rule.right.get("client_only", "met")
        if client_only != "met":
            verdict.status = client_only
            verdict.reasons.insert(0, f"only {context.parties.display('client')} holds this right")
    return verdict


def _per_holder_param(rule: Rule) -> Param | None:
    """The parameter named by `right.per_holder`: its `min` binds what the vendor's right
    says, its `max` what the client's says (the vendor's notice at least 60 days, so that
    the client has time to migrate; the client's at most 90)."""
    name = rule.right.get("per_holder")
    return next((param for param in rule.params if param.name == name), None)


def _by_holder(param: Param, loose: Param, held: list[tuple[Candidate, frozenset[str]]],
               context: Context) -> tuple[dict[str, Any], list[str]]:
    """The parameter read clause by clause (as `loose`, the parameter without its range):
    the value of a right the vendor holds (alone or with the client) is reported first, else
    the client's; each is checked against its own limit."""
    vendor: list[dict[str, Any]] = []
    client: list[dict[str, Any]] = []
    for candidate, holders in held:
        own = _per_party(loose, candidate.tagged) if {"client", "vendor"} <= holders else {}
        if len(own) == 2:
            vendor.append(own["VENDOR"])
            client.append(own["CLIENT"])
            continue
        value, _ = capture_params((loose,), [candidate], context)
        if param.name not in value:
            continue
        if "vendor" in holders or not holders & {"client", "vendor"}:
            vendor.append(value)  # a holder not known: both limits
        if "client" in holders or not holders & {"client", "vendor"}:
            client.append(value)
    reasons = []
    unit = "business days" if any(v.get(f"{param.name}_unit") == "business"
                                  for v in vendor + client) else "days"
    for value in vendor:
        if param.minimum is not None and value[param.name] < param.minimum:
            reasons.append(f"{context.parties.display('vendor')}'s notice period is "
                           f"{value[param.name]} {unit}; the checklist asks for at least "
                           f"{param.minimum:g}")
            break
    for value in client:
        if param.maximum is not None and value[param.name] > param.maximum:
            reasons.append(f"{context.parties.display('client')}'s notice period is "
                           f"{value[param.name]} {unit}; the checklist asks for at most "
                           f"{param.maximum:g}")
            break
    return (vendor or client or [{}])[0], reasons


# A right both parties hold, with a notice for each: "on not less than thirty (30) days'
# notice where given by Customer and not less than six (6) months where given by Provider",
# "ninety days' notice from Provider", "thirty days (in the case of termination by
# Customer)", "if Provider is the terminating party"; or, before the value, "in the case of
# Customer, thirty days", "Customer on thirty days' notice and Provider on ninety".
_GIVEN_BY = re.compile(
    r"^['’]?s?[^,;:()]{0,30}?(?:,\s*|\s*\(|\s)(?i:(?:(?:where|when|if) (?:(?:such |the |that )?"
    r"notice is )?)?(?:given|served|sent|issued) by|notice (?:by|from)|(?:in the case of|for)"
    r"(?: (?:a |any )?(?:termination|notice) (?:given |served )?by)?|(?:where|when|if)(?= \S+ "
    r"(?:is the terminating party|terminates))) (?i:the )?(CLIENT|VENDOR)\b")
_CASE_OF = re.compile(
    r"(?:\b(?i:in the case of (?:(?:a |any )?(?:termination|notice) (?:given |served )?by )?"
    r"(?:the )?)(CLIENT|VENDOR)\b[,:]?|\b(CLIENT|VENDOR),? (?i:on|upon|with|by giving|giving))"
    r" [^,;:]{0,30}$")


def _per_party(param: Param, text: str) -> dict[str, dict[str, Any]]:
    """The value written for each party in a clause both hold, by party tag; empty when the
    clause does not give each its own."""
    own: dict[str, dict[str, Any]] = {}
    text = " ".join(text.split())
    for start, end, value in values_in(param, text):
        after = _GIVEN_BY.match(text[end:end + 120])
        before = _CASE_OF.search(text[max(0, start - 80):start])
        found = after or before
        party = next((group for group in found.groups() if group), None) if found else None
        if party is not None:
            own.setdefault(party, value)
    return own if set(own) == {"CLIENT", "VENDOR"} else {}


def prohibition(rule: Rule, candidates: list[Candidate], context: Context) -> Verdict:
    action = rule.prohibition["action"]
    forbidden: list[Candidate] = []
    limited: list[Candidate] = []
    allowed: list[Candidate] = []
    excepted: list[Candidate] = []
    for candidate in candidates:
        for reading in _readings(action, candidate):
            if reading.holders == {"client"}:
                continue  # the client switching off its own app is not the risk
            if reading.negated:
                text = candidate.tagged
                exception = _EXCEPTION.search(text)
                if exception and _client_controlled(text, exception.start()):
                    exception = None
                if exception and not _routine(text, exception.start()):
                    # "shall not disable builds, except where Customer is in breach": the
                    # vendor keeps the act for the case it names.
                    excepted.append(candidate)
                    break
                is_limited = bool(
                    exception and not _compelled_only(text, exception.start())) or (
                    any(p.search(text) for p in rule.prohibition["limited"]) and not any(
                        p.search(text) for p in rule.prohibition["unlimited"]))
                (limited if is_limited else forbidden).append(candidate)
            elif reading.modal:
                allowed.append(candidate)
            else:
                continue  # a mere mention ("after the Sunset Period"): read the next match
            break
    if allowed:
        return Verdict("conflict", [rule.prohibition["message"]], allowed)
    if excepted:
        return Verdict("conflict", [
            f"the prohibition has an exception under which {context.parties.display('vendor')} "
            "may still do it"], excepted)
    verdict = evaluate_provision(rule, forbidden or limited or candidates, context)
    if verdict.status != "met":
        return verdict
    if forbidden:
        return verdict
    if limited:
        verdict.status = "partial"
        verdict.reasons.append("the prohibition is limited: only during the term, or with an "
                               "exception")
        return verdict
    verdict.status = "partial"
    verdict.reasons.append("the topic is mentioned but the clause does not forbid it")
    return verdict


KINDS: dict[str, Callable[[Rule, list[Candidate], Context], Verdict]] = {
    "provision": provision,
    "right": right,
    "prohibition": prohibition,
}

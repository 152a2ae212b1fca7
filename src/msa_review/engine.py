"""The rule engine: every rule gives every document exactly one finding.

The engine decides the status, not each rule: nothing located is the rule's `when_absent`
(usually `missing`); located but a requirement, a parameter or a weak wording fails is
`partial`; the contract grants the opposite is `conflict`; otherwise `met`. What a rule
kind adds (who holds a right, whether an act is prohibited) lives in `kinds.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from msa_review.findings import Evidence, Finding, Review
from msa_review.language.amendments import as_amended, deleted_paragraphs, replacements
from msa_review.language.parties import Parties, find_parties
from msa_review.language.roles import Tagger, analyse
from msa_review.language.sentences import Sentence, split_sentences
from msa_review.model import Document, Paragraph, Section
from msa_review.params import capture_params
from msa_review.playbook import Check, Playbook, Rule
from msa_review.prefilter import GuardedPattern, WordIndex

MAX_EVIDENCE = 3
MAX_REFERENCED_CHARS = 4000
_REFERENCE = re.compile(
    r"\b(Section|Clause|Article|Schedule|Exhibit|Annex|Appendix|Attachment)\s+"
    r"(\d+(?:\.\d+)*|[A-Z]{1,2}\b|[IVX]{1,5}\b)")
_ATTACHMENTS = ("schedule", "exhibit", "annex", "appendix", "attachment")
# "Clause 18.3, 18.4 or 18.5", "Articles 11.4, 14.2 and 14.3": a list of section numbers
_REFERENCE_LIST = re.compile(
    r"\b(?:Section|Clause|Article)s?\s+\d+(?:\.\d+)*"
    r"(?:\s*(?:,\s*(?:and/or|and|or)?|and/or|and|or|&)\s*\d+(?:\.\d+)*\b"
    r"(?!\s*(?:%|per\s?cent|days?|weeks?|months?|years?|hours?)\b))*", re.IGNORECASE)
_LISTED_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)*(?![\d.]*\s*\()")
# A clause that cites a section to spare it ("other than under Clause 21", "no fee on a
# termination under Clause 21") does not apply anything to it.
_EXCEPTED = re.compile(r"\b(?:other than|except\w*|excluding|save|unless|not|no|never|nor|"
                       r"neither|without)\b", re.IGNORECASE)


def _cited_numbers(tagged: str) -> set[str]:
    """The section numbers a clause cites ("under Article 18 or Article 21",
    "Clauses 14.2 and 14.3")."""
    numbers = {number for kind, number in _REFERENCE.findall(tagged)
               if kind.lower() not in _ATTACHMENTS and number[0].isdigit()}
    for listed in _REFERENCE_LIST.finditer(tagged):
        numbers.update(_LISTED_NUMBER.findall(listed.group(0)))
    return numbers


_PARTY_TOKENS = {"CLIENT", "VENDOR", "OTHERPARTY"}  # a party's "definition" is the preamble


@dataclass(frozen=True)
class Candidate:
    sentence: Sentence
    tagged: str


@dataclass
class Context:
    """Everything a rule may read about one document, computed once per document."""

    document: Document
    parties: Parties
    candidates: list[Candidate]
    tagger: Tagger
    definitions_tagged: dict[str, str] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)  # rule id -> status decided so far
    vocabulary: frozenset[str] = frozenset()  # the words the playbook's patterns need

    _index: WordIndex | None = None
    _tagged_paragraphs: dict[int, str] = field(default_factory=dict)
    _references: dict[tuple[str, str], str] = field(default_factory=dict)
    _headings: dict[str, str | None] = field(default_factory=dict)
    _citing: list[tuple[Candidate, set[str]]] | None = None

    @property
    def index(self) -> WordIndex:
        """The tagged clauses, indexed by the words rules' patterns cannot do without."""
        if self._index is None:
            self._index = WordIndex([candidate.tagged for candidate in self.candidates],
                                    self.vocabulary)
        return self._index

    def paragraph_text(self, candidate: Candidate) -> str:
        index = candidate.sentence.paragraph.index
        if index not in self._tagged_paragraphs:  # tagged once, read by many rules
            self._tagged_paragraphs[index] = self.tagger.tag(
                _plain_end(_read_on(self.document, index)))
        return self._tagged_paragraphs[index]

    def referenced_text(self, tagged: str) -> str:
        """The text of the sections and schedules a clause refers to ("the service levels
        in Schedule 2", "as set out in Section 14.3"), tagged, a few thousand characters
        each at most."""
        parts = []
        for kind, number in _REFERENCE.findall(tagged):
            key = (kind.lower(), number.lower())
            if key not in self._references:
                self._references[key] = self.tagger.tag(_referenced(self.document, *key))
            parts.append(self._references[key])
        return " ".join(parts)

    def with_headings(self, tagged: str) -> str:
        """The clause with each section it refers to named by its heading: "terminates under
        Section 10.1" reads "terminates under Section 10.1 (Termination for Cause)", the way
        some contracts write it themselves. A subsection without a heading is named by its
        enclosing section's heading and its own first sentence. Every number of a list is
        named: "Clauses 14.2 (...), 14.3 (...) or 14.4 (...)"."""
        def name_number(number: re.Match[str]) -> str:
            heading = self._heading(number.group(0).lower())
            return f"{number.group(0)} ({heading})" if heading else number.group(0)

        def name_list(match: re.Match[str]) -> str:
            # a number already followed by a bracket is named by the contract itself
            bracket = " (" if tagged[match.end():match.end() + 2].lstrip().startswith("(") else ""
            return _LISTED_NUMBER.sub(name_number, match.group(0) + bracket).removesuffix(bracket)

        def name(match: re.Match[str]) -> str:  # a letter or roman numeral: "Article IV"
            if match.group(1).lower() in _ATTACHMENTS or match.group(2)[0].isdigit():
                return match.group(0)
            heading = self._heading(match.group(2).lower())
            if not heading or named[match.end():match.end() + 2].lstrip().startswith("("):
                return match.group(0)
            return f"{match.group(0)} ({heading})"

        named = _REFERENCE_LIST.sub(name_list, tagged)
        return _REFERENCE.sub(name, named)

    def _heading(self, number: str) -> str | None:
        if number not in self._headings:
            heading = _heading_of(self.document, number)
            # read inside brackets: "Risoluzione (Termination for breach)" has none of its own
            heading = re.sub(r"\s*[()\[\]]\s*", " ", heading).strip() if heading else None
            self._headings[number] = self.tagger.tag(heading) if heading else None
        return self._headings[number]

    def cited_by(self, candidates: list[Candidate]) -> str:
        """The clauses elsewhere that apply something to the located sections, citing them
        (or a section that holds them) by number with no exception or negation: "If Customer
        terminates under Article 18 or Article 21, Customer shall pay the early termination
        fee" is read with Article 21."""
        numbers = {number for candidate in candidates
                   if (number := candidate.sentence.paragraph.section_number)}
        if not numbers:
            return ""
        own = {candidate.sentence.start for candidate in candidates}
        found = []
        for other, cited in self._citing_clauses():
            if other.sentence.start in own or other.sentence.paragraph.section_number in numbers:
                continue
            if any(number == cited_number or number.startswith(cited_number + ".")
                   for number in numbers for cited_number in cited):
                found.append(other.tagged)
        return " ".join(found)

    def _citing_clauses(self) -> list[tuple[Candidate, set[str]]]:
        """The clauses that cite section numbers with no exception or negation, with the
        numbers they cite: found once per document, read by every rule that asks."""
        if self._citing is None:
            self._citing = [(candidate, cited) for candidate in self.candidates
                            if (cited := _cited_numbers(candidate.tagged))
                            and not _EXCEPTED.search(candidate.tagged)]
        return self._citing

    def definitions_used(self, tagged: str) -> str:
        """The definitions of the capitalised defined terms a clause uses."""
        used = [definition for term, definition in self.definitions_tagged.items()
                if term in tagged and len(term) > 3 and term not in _PARTY_TOKENS]
        return " ".join(used)


@dataclass
class Verdict:
    """What a kind concluded about the located candidates."""

    status: str  # met | partial | conflict | not_applicable
    reasons: list[str] = field(default_factory=list)
    evidence: list[Candidate] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    borrowed: list[Evidence] = field(default_factory=list)  # quotes another finding made


_ENDS_SENTENCE = re.compile(r"[.;:!?][\"'”’)\]]*\s*$")
_PAGE_NUMBER = re.compile(r"^\W*(?:page\s+)?\d{1,4}\W*(?:(?:of|/)\s*\d{1,4}\W*)?$", re.IGNORECASE)
# A sentence does not end on these: "... its intention not to renew the" | page break | "Agreement".
_OPEN_WORD = re.compile(r"\b(?:the|a|an|of|to|and|or|for|with|by|in|on|at|from|than|that|which|"
                        r"its|their|any|each|such|this)\s*$", re.IGNORECASE)


# A schedule item's title on a line of its own, its content below: "Item 4 - Acceptance Period"
# | "Forty-five (45) days from delivery".
_ITEM_TITLE = re.compile(r"^\W*item\s+\w{1,4}\s*[-\u2013\u2014:.]\s*\w[^.;:!?]*$", re.IGNORECASE)


def _read_on(document: Document, index: int) -> str:
    """A paragraph's text, read on into the next one when a page break cut it mid-sentence
    ("... renews until terminated" | "-2-" | "by either party on ninety days' notice"), or
    when it is a schedule item's title and the next paragraph the item's content."""
    paragraph = document.paragraphs[index - 1]
    text = paragraph.text
    if paragraph.kind != "heading" and len(text.split()) < 8 and _ITEM_TITLE.match(text):
        content = document.paragraphs[index:index + 1]
        if content and content[0].kind != "heading" and not _ITEM_TITLE.match(content[0].text):
            return f"{text}\n{content[0].text}"
    if paragraph.kind == "heading" or _ENDS_SENTENCE.search(text) or len(text.split()) < 8:
        return text
    following = [later for later in document.paragraphs[index:index + 3]
                 if not _PAGE_NUMBER.match(later.text)]
    if not following or following[0].kind == "heading":
        return text
    continuation = following[0].text
    if continuation[:1].islower() or _OPEN_WORD.search(text):
        return f"{text} {continuation}"
    return text


def prepare(document: Document, vocabulary: frozenset[str] = frozenset()) -> Context:
    parties = find_parties(document)
    tagger = Tagger(parties)
    sentences = split_sentences(document)
    # A clause is read as the document's amendments leave it (the quoted evidence stays the
    # original wording); a section an amendment deletes in its entirety is not read at all.
    amended = replacements(document)
    deleted = deleted_paragraphs(document)
    candidates = [Candidate(sentence, tagger.tag(as_amended(
                      _as_clause(_with_list(sentence, document)),
                      sentence.paragraph.section_number, amended)))
                  for sentence in sentences if sentence.paragraph.index not in deleted]
    # Keyed by the tagged term: "Customer Data" is read as "CLIENT Data" in clauses.
    definitions = {tagger.tag(term): tagger.tag(_as_clause(_CLAUSE_NUMBER.sub("", text, count=1)))
                   for term, text in parties.definitions.items()}
    return Context(document, parties, candidates, tagger, definitions, vocabulary=vocabulary)


_CLAUSE_NUMBER = re.compile(r"^\s*\d{1,3}(?:\.\d{1,3})*\.?\s+")
_LIST_ITEM = re.compile(r"^\s*(?:\(?[a-z]{1,3}\)|\(?\d{1,2}\)|[a-z]\.|[-•*–])\s", re.IGNORECASE)
MAX_LIST_ITEMS = 12


# "Initial term: 24 months" in an order form or a table row reads as "The Initial term is
# 24 months", the way rules expect a clause to state it.
_LABELLED = re.compile(r"^(?P<label>[A-Z][A-Za-z()/&' -]{1,40}?)\s*(?::|\|)\s+(?P<value>\S.*)$", re.DOTALL)


# Plain-English drafting says "end this Agreement" where rules look for "terminate".
_PLAIN_END = re.compile(r"\b(may|can|to|shall|will|must|right to|entitled to)(\s+(?:\w+\s+)?)end\b(?=\s+(?:this|the)\s+(?:agreement|contract|terms)\b)",
                        re.IGNORECASE)


_END_THIS = re.compile(r"\bend\s+th", re.IGNORECASE)  # a cheap first test for _PLAIN_END


def _plain_end(text: str) -> str:
    if not _END_THIS.search(text):
        return text
    return _PLAIN_END.sub(lambda m: f"{m.group(1)}{m.group(2)}terminate", text)


# "30 (thirty) days", the digits first, reads as "thirty (30) days", the way most contracts,
# and the rules, write a period twice.
_DIGITS_THEN_WORDS = re.compile(
    r"(?<![\d.,])\b(\d{1,4})\s*\(([a-z][a-z -]{2,40}?)\)(?=\s*(?:calendar\s+|business\s+|working\s+|"
    r"consecutive\s+)?(?:days?|weeks?|months?|years?|hours?)\b)", re.IGNORECASE)


_DIGITS_PAREN = re.compile(r"\d\s*\(")  # a cheap first test for _DIGITS_THEN_WORDS


# "under Art. 13" reads "under Article 13", the way rules (and most contracts) write it.
_ART = re.compile(r"\bArt\.\s*(?=\d)")


def _as_clause(text: str) -> str:
    text = _plain_end(text)
    if "Art." in text:
        text = _ART.sub("Article ", text)
    if _DIGITS_PAREN.search(text):
        text = _DIGITS_THEN_WORDS.sub(r"\2 (\1)", text)
    match = _LABELLED.match(text)
    if match is None or len(match.group("label").split()) > 5:
        return text
    return f"The {match.group('label').strip()} is {match.group('value')}"


def _with_list(sentence: Sentence, document: Document) -> str:
    """A lead-in ending in ":" is read with the list items that follow it ("the Licensor
    shall export: (a) the provisioning records ..."); its quote stays the lead-in."""
    if not sentence.text.rstrip().endswith(":"):
        return sentence.text
    items = []
    # Items are "(a)", "1)", bullets, or sub-clauses numbered under the lead-in's own
    # number ("20.1" then "20.1.1", "20.1.2").
    number = sentence.paragraph.section_number
    sub_clause = re.compile(rf"{re.escape(number)}\.\d{{1,3}}\.?\s") if number else None
    for paragraph in document.paragraphs[sentence.paragraph.index:]:  # the ones after it
        if len(items) >= MAX_LIST_ITEMS:
            break
        if _LIST_ITEM.match(paragraph.text):
            items.append(_LIST_ITEM.sub("", paragraph.text, count=1))
        elif sub_clause and (sub := sub_clause.match(paragraph.text)):
            items.append(paragraph.text[sub.end():])
        else:
            break
    if not items:
        return sentence.text
    # Read as one sentence: "deliver to CLIENT all End User provisioning records; ..."
    return " ".join([sentence.text.rstrip()[:-1], *items])


def _unguarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return pattern.compiled if isinstance(pattern, GuardedPattern) else pattern


def locate(rule: Rule, context: Context) -> list[Candidate]:
    found = []
    for position, patterns in context.index.candidates(rule.locate):
        candidate = context.candidates[position]
        text = candidate.tagged
        # The index has checked the patterns' words: the regexes run without their guards.
        if not any(_unguarded(pattern).search(text) for pattern in patterns):
            continue
        if any(pattern.search(text) for pattern in rule.exclude):
            continue
        if rule.heading:
            paragraph = candidate.sentence.paragraph
            heading = " ".join(filter(None, (paragraph.section_heading, text)))
            if not any(pattern.search(heading) for pattern in rule.heading):
                continue
        found.append(candidate)
    return found


def check_holds(check: Check, text: str) -> bool:
    """A check holds when a match is affirmative (or negated, as the check asks) and held
    by the party it names."""
    for match in check.finditer(text):
        if check.negated is None and check.holder is None:
            return True
        reading = analyse(text, match.start(), match.end())
        if check.negated is not None and reading.negated != check.negated:
            continue
        if check.holder in ("client", "vendor") and check.holder not in reading.holders:
            continue
        if check.holder == "vendor" and "client" in reading.holders:
            continue  # "either party" is not the vendor alone
        return True
    return False


def _granted_elsewhere(check: Check, candidates: list[Candidate]) -> bool:
    """A negated `not_applicable` check ("Provider shall not use Customer Data for product
    development") does not hold when another located clause grants the act affirmatively
    ("Provider may use aggregated, anonymised statistics to improve the Platform")."""
    if not check.negated:
        return False
    granted = replace(check, negated=False, unless=())
    return any(check_holds(granted, candidate.tagged) for candidate in candidates)


def evaluate_provision(rule: Rule, candidates: list[Candidate], context: Context) -> Verdict:
    """Shared by every kind: conflicts, weak wording, requirements and parameters."""
    conflicts = []
    for candidate in candidates:
        # "including termination under Section 14.2" is read with 14.2's heading
        # ("Termination for Cause")
        read = context.with_headings(candidate.tagged)
        for check in rule.conflicts:
            if check_holds(check, read):
                conflicts.append((candidate, check))
                break
    if conflicts:
        params, _ = capture_params(rule.params, candidates, context)
        return Verdict(
            "conflict",
            reasons=list(dict.fromkeys(check.message for _, check in conflicts if check.message)),
            evidence=[candidate for candidate, _ in conflicts],
            params=params,
        )
    for candidate in candidates:
        for check in rule.not_applicable:
            if check_holds(check, candidate.tagged) and not _granted_elsewhere(check, candidates):
                return Verdict("not_applicable", evidence=[candidate])
    reasons: list[str] = []
    weak_hits = [candidate for candidate in candidates
                 if any(check_holds(check, candidate.tagged) for check in rule.weak)]
    strong = [candidate for candidate in candidates if candidate not in weak_hits]
    # A weak wording stands unless another clause states the provision itself (its first
    # requirement) without it: a heading or a clause on another aspect does not outweigh it.
    core = rule.requires[0] if rule.requires else None
    outweighed = any(core is None or check_holds(core, candidate.tagged) for candidate in strong)
    if weak_hits and not outweighed:
        reasons.extend(dict.fromkeys(
            check.message for candidate in weak_hits for check in rule.weak
            if check_holds(check, candidate.tagged) and check.message))
        strong = weak_hits + strong  # the weak wording is the evidence
    scope = " ".join(
        dict.fromkeys(
            [candidate.tagged for candidate in candidates]
            + [context.paragraph_text(candidate) for candidate in candidates]
        )
    )
    # Definitions of the terms the located clauses themselves use ("Customer Data"), and
    # the sections and schedules they refer to.
    located_text = " ".join(candidate.tagged for candidate in candidates)
    scope += " " + context.definitions_used(located_text) + " " + context.referenced_text(located_text)
    scope += " " + " ".join(context.with_headings(candidate.tagged) for candidate in candidates)
    # A requirement's `unless` also reads the clauses elsewhere that apply something to the
    # located sections: a fee charged on "a termination under Article 21" is a fee on the
    # exit Article 21 grants.
    cited_by = context.cited_by(candidates) if any(check.unless for check in rule.requires) else ""
    for check in rule.requires:
        if not check_holds(check, scope) or (
                cited_by and any(pattern.search(cited_by) for pattern in check.unless)):
            reasons.append(check.message or f"does not say {check.name}")
    params, param_reasons = capture_params(rule.params, candidates, context)
    reasons.extend(param_reasons)
    evidence = strong or candidates
    return Verdict("partial" if reasons else "met", reasons, evidence, params)


def review(document: Document, playbook: Playbook) -> Review:
    from msa_review.kinds import KINDS
    from msa_review.redlines import redline_for

    context = prepare(document, playbook.vocabulary)
    findings = []
    by_id: dict[str, Finding] = {}
    for rule in playbook.rules:
        candidates = locate(rule, context)
        inapplicable = _inapplicable(rule, context, by_id)
        if inapplicable is not None:
            verdict = inapplicable
        elif not candidates:
            verdict = Verdict(rule.when_absent)
        else:
            verdict = KINDS[rule.kind](rule, candidates, context)
        context.statuses[rule.id] = verdict.status
        evidence = verdict.borrowed + [_evidence(candidate, document)
                                       for candidate in _unique(verdict.evidence)[:MAX_EVIDENCE]]
        finding = Finding(
            rule_id=rule.id,
            title=rule.title,
            status=verdict.status,
            severity=rule.severity,
            explanation=_explain(rule, verdict, context.parties),
            params=verdict.params,
            evidence=evidence,
            why=rule.why,
        )
        finding.redline = redline_for(rule, finding, context.parties)
        findings.append(finding)
        by_id[rule.id] = finding
    # Reports list findings by severity; keep the playbook's id order in the data.
    findings.sort(key=lambda finding: finding.rule_id)
    return Review(document, context.parties, findings)


def _inapplicable(rule: Rule, context: Context, decided: dict[str, Finding]) -> Verdict | None:
    condition = rule.not_applicable_when
    if not condition:
        return None
    other = decided.get(condition["rule"])
    if other is None or other.status != condition["status"]:
        return None
    if any(pattern.search(context.document.text) for pattern in condition["unless_document"]):
        return None
    return Verdict("not_applicable",
                   [condition["message"] or f"{condition['rule']} is {condition['status']}"],
                   borrowed=list(other.evidence))


def _referenced(document: Document, kind: str, number: str) -> str:
    """A referenced section with its subsections, or a schedule up to the next one."""
    text = document.text
    if kind in _ATTACHMENTS:
        opener = re.compile(rf"^\W*{kind}\s+{re.escape(number)}\b", re.IGNORECASE)
        any_opener = re.compile(rf"^\W*(?:{'|'.join(_ATTACHMENTS)})\s+\w", re.IGNORECASE)
        # Its heading; failing one, the last short title line that names it ("Appendix 1 -
        # Service levels"), not a contents list's entry before it.
        titles = [position for position, paragraph in enumerate(document.paragraphs)
                  if opener.match(paragraph.text) and paragraph.kind == "heading"]
        titles = titles or [position for position, paragraph in enumerate(document.paragraphs)
                            if opener.match(paragraph.text) and _is_title(paragraph)][-1:]
        for position in titles[:1]:
            paragraph = document.paragraphs[position]
            end = paragraph.start + MAX_REFERENCED_CHARS
            for later in document.paragraphs[position + 1:]:
                if _is_title(later) and any_opener.match(later.text):
                    end = min(end, later.start)
                    break
            return text[paragraph.start:end]
        return ""
    pieces = [text[section.start:section.end] for section in document.sections
              if section.number and (section.number.lower() == number
                                     or section.number.lower().startswith(number + "."))]
    return " ".join(pieces)[:MAX_REFERENCED_CHARS]


MAX_TITLE_CHARS = 80


def _is_title(paragraph: Paragraph) -> bool:
    """A heading, or a short line of its own that no full stop ends ("Appendix 1 - Service
    levels"): a schedule's title the layout did not mark as a heading."""
    text = paragraph.text.strip()
    return paragraph.kind == "heading" or (len(text) <= MAX_TITLE_CHARS
                                           and not text.endswith((".", ";", ":")))


def _heading_of(document: Document, number: str) -> str | None:
    """What section `number` is about: its heading; without one, its enclosing section's
    heading and its own first sentence ("Termination: Either party may terminate ... if the
    other party commits a material breach")."""
    by_number = {section.number.lower(): section for section in document.sections if section.number}
    section = by_number.get(number)
    if section is not None and section.heading:
        return section.heading
    parts = number.split(".")[:-1]
    parent = None
    while parts and parent is None:
        enclosing = by_number.get(".".join(parts))
        parent = enclosing.heading if enclosing is not None and enclosing.heading else None
        parts.pop()
    first = _first_sentence(section) if section is not None else None
    return ": ".join(part for part in (parent, first) if part) or None


_NUMBER_LEAD = re.compile(r"^\W*(?:(?:section|clause|article)\s+)?\d+(?:\.\d+)*\.?\s*", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.;:])\s")
_ITEM_LEAD = re.compile(r"^\W*(?:\(?[a-z]{1,4}\)|\(?\d{1,2}\)|[a-z]\.)\s*", re.IGNORECASE)
MAX_SUMMARY_CHARS = 200


def _first_sentence(section: Section) -> str | None:
    if not section.paragraphs:
        return None
    text = _NUMBER_LEAD.sub("", section.paragraphs[0].text)
    sentence = _SENTENCE_END.split(text, maxsplit=1)[0]
    if sentence.endswith(":") and len(section.paragraphs) > 1:
        # a lead-in is read with its first item: "... may terminate ... if: (a) the Vendor
        # commits a material breach"
        item = _ITEM_LEAD.sub("", section.paragraphs[1].text)
        sentence += " " + _SENTENCE_END.split(item, maxsplit=1)[0]
    if len(sentence) > MAX_SUMMARY_CHARS:
        sentence = sentence[:MAX_SUMMARY_CHARS].rsplit(" ", 1)[0]
    # Read inside brackets: no brackets or clause breaks of its own.
    sentence = re.sub(r"[()\[\];]", " ", sentence).strip().rstrip(".:")
    return sentence or None


def _unique(candidates: list[Candidate]) -> list[Candidate]:
    seen = set()
    unique = []
    for candidate in candidates:
        key = candidate.sentence.start
        if key not in seen:
            seen.add(key)
            unique.append(candidate)
    return unique


def _evidence(candidate: Candidate, document: Document) -> Evidence:
    sentence = candidate.sentence
    paragraph = sentence.paragraph
    return Evidence(
        quote=document.text[sentence.start: sentence.end],
        section=paragraph.section_number,
        heading=paragraph.section_heading,
        page=paragraph.page,
        paragraph=paragraph.index,
        start=sentence.start,
        end=sentence.end,
    )


def _explain(rule: Rule, verdict: Verdict, parties: Parties) -> str:
    text = _explanation(rule, verdict)
    return text.replace("{client}", parties.display("client")).replace(
        "{vendor}", parties.display("vendor"))


def _explanation(rule: Rule, verdict: Verdict) -> str:
    if verdict.status == "missing":
        if verdict.reasons:
            return "; ".join(verdict.reasons) + f". {rule.asks}"
        return f"Nothing in the contract addresses this. {rule.asks}".strip()
    if not verdict.evidence and verdict.status == rule.when_absent:
        return f"Nothing in the contract addresses this, which this check accepts. {rule.asks}".strip()
    if verdict.status == "met":
        return f"The contract covers this. {rule.asks}".strip() if not verdict.reasons else "; ".join(verdict.reasons)
    if verdict.status == "not_applicable":
        return "; ".join(verdict.reasons) or "Does not apply to this contract."
    return "; ".join(verdict.reasons) or rule.asks

"""Sentences with spaCy: a blank English pipeline and a rule-based sentence splitter.

No model is downloaded: the tokenizer's abbreviation exceptions ("e.g.", "U.S.", "Inc.")
plus legal ones added here keep sentences whole; a sentence ends at ".", "!" or "?" and
the next one may open with "(a)" or a quote.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from msa_review import pattern_cache
from msa_review.model import Document, Paragraph

_LEGAL_ABBREVIATIONS = ("Sec.", "Secs.", "No.", "Nos.", "Art.", "Para.", "para.", "cl.", "Cl.",
                        "Sch.", "Ex.", "approx.", "incl.", "Attn.", "Corp.", "Co.", "Ltd.", "Inc.",
                        "S.A.", "B.V.", "N.V.", "L.L.C.", "p.a.", "Pty.", "viz.", "cf.", "et al.",
                        "etc.", "vs.", "v.")
_ENDERS = {".", "!", "?"}
_CLOSERS = {'"', "”", "’", "'", ")"}


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offsets into Document.text
    end: int
    paragraph: Paragraph


def _closes(token: Any) -> bool:
    """A closing quote or bracket; a straight quote closes only when a space follows it."""
    if token.text in ('"', "'"):
        return bool(token.whitespace_) or token.i == len(token.doc) - 1
    return token.text in _CLOSERS


@functools.cache
def _token_ids() -> tuple[tuple[int, ...], frozenset[int]]:
    """The ORTH ids of the sentence enders and closers (string hashes, the same in any vocab)."""
    from spacy.strings import get_string_id

    return (tuple(get_string_id(ender) for ender in sorted(_ENDERS)),
            frozenset(get_string_id(closer) for closer in _CLOSERS))


@functools.cache
def _columns() -> list[int]:
    from spacy.attrs import IS_SPACE, ORTH

    return [ORTH, IS_SPACE]


def sentence_starts(doc: Any) -> list[int]:
    """Indices of the tokens that open a sentence.

    A sentence opens after ".", "!" or "?" (and any closing quotes, brackets or spaces that
    follow it) unless the next word is lowercase: "... notice. provided that" stays one
    sentence in legal drafting. Only the few tokens after an ender are looked at, which
    keeps this cheap on long contracts.
    """
    length = len(doc)
    if length == 0:
        return []
    ender_ids, closer_ids = _token_ids()
    columns = doc.to_array(_columns())
    orth = columns[:, 0]
    spaces = columns[:, 1]
    found = (orth == ender_ids[0]) | (orth == ender_ids[1]) | (orth == ender_ids[2])
    starts = [0]
    for ender in found.nonzero()[0].tolist():
        after = ender + 1
        while after < length and (spaces[after] or (int(orth[after]) in closer_ids
                                                   and _closes(doc[after]))):
            after += 1
        if after < length and after != starts[-1] and not doc[after].text[:1].islower():
            starts.append(after)
    return starts


def _mark_sentences(doc: Any) -> Any:
    # The flags are set in one go: one token at a time is quadratic on a long paragraph.
    from spacy.attrs import SENT_START

    marks = [-1] * len(doc)
    for start in sentence_starts(doc):
        marks[start] = 1
    if marks:
        import numpy

        doc.from_array([SENT_START], numpy.array(marks, dtype="int32").reshape(-1, 1)
                       .astype("uint64"))
    return doc


_APOSTROPHES = ("'", "’")


def _may_touch_a_boundary(text: str) -> bool:
    """Whether a tokenizer exception can move a sentence boundary: it holds an ender or a
    closing bracket or quote, or an apostrophe at an edge ("'em", "ol'"). One with an
    apostrophe inside a word only ("don't", "I'm") or none ("gonna") cannot."""
    if any(character in text for character in ".!?)\"”"):
        return True
    return text.startswith(_APOSTROPHES) or text.endswith(_APOSTROPHES)


def affix_expression(kind: str, pieces: Any) -> str:
    """The regex spaCy's compile_prefix_regex (suffix, infix) builds from its rules, as a
    string, so that its compiled code can come from the pattern cache."""
    kept = [piece for piece in pieces if piece.strip()]
    if kind == "prefix":
        return "|".join("^" + piece for piece in kept)
    if kind == "suffix":
        return "|".join(piece + "$" for piece in kept)
    return "|".join(kept)


@functools.cache
def tokenizer() -> Any:
    """English tokenization as spaCy's blank English pipeline does it, with the exceptions
    that can touch a sentence boundary ("e.g.", "U.S.", ":)") and the legal abbreviations.

    Built directly, not through `spacy.blank`: the config machinery and the thousand
    contraction exceptions ("don't", "I'm", in every case) cost a fifth of a second on
    every start and cannot change where a sentence ends.
    """
    from spacy.attrs import ORTH
    from spacy.lang.en import English
    from spacy.tokenizer import Tokenizer
    from spacy.vocab import create_vocab

    defaults = English.Defaults
    exceptions = {text: tokens for text, tokens in defaults.tokenizer_exceptions.items()
                  if _may_touch_a_boundary(text)}
    exceptions.update({abbreviation: [{ORTH: abbreviation}] for abbreviation in _LEGAL_ABBREVIATIONS})
    return Tokenizer(
        create_vocab("en", defaults),
        rules=exceptions,
        prefix_search=pattern_cache.compile(affix_expression("prefix", defaults.prefixes)).search,
        suffix_search=pattern_cache.compile(affix_expression("suffix", defaults.suffixes)).search,
        infix_finditer=pattern_cache.compile(affix_expression("infix", defaults.infixes)).finditer,
        token_match=defaults.token_match,
        url_match=defaults.url_match,
    )


@functools.cache
def pipeline() -> Any:
    """A spaCy pipeline that marks these sentences (Doc.sents), for callers that want one."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory("legal_sentences"):
        Language.component("legal_sentences")(_mark_sentences)
    nlp = spacy.blank("en", vocab=tokenizer().vocab)
    # The limit guards the parser and NER, which this pipeline has not: a one-paragraph
    # file of megabytes is long, not dangerous (the per-file time limit bounds it).
    nlp.max_length = 10**9
    nlp.tokenizer = tokenizer()
    nlp.add_pipe("legal_sentences")
    return nlp


_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")  # "14.3.1", "99.5%": never a token of its own


def _one_sentence(text: str) -> bool:
    """No ".", "!" or "?" but one at the very end (or between digits): the paragraph is one
    sentence whatever the tokenizer makes of it (sentence_starts opens a sentence only
    after an ender token)."""
    stripped = text.rstrip()
    if stripped[-1:] in _ENDERS:
        stripped = stripped[:-1]
    if "." in stripped:
        stripped = _DECIMAL_POINT.sub("", stripped)
    return not any(ender in stripped for ender in _ENDERS)


def split_sentences(document: Document) -> list[Sentence]:
    """Every sentence of the body, paragraph by paragraph (the tokenizer only, no parser)."""
    sentences: list[Sentence] = []
    body = [paragraph for paragraph in document.paragraphs if paragraph.kind != "heading"]
    several = [paragraph for paragraph in body if not _one_sentence(paragraph.text)]
    docs = dict(zip((paragraph.index for paragraph in several),
                    tokenizer().pipe(paragraph.text for paragraph in several)))
    for paragraph in body:
        doc = docs.get(paragraph.index)
        if doc is None:  # one sentence: the paragraph's text, without its outer white space
            text = paragraph.text.strip()
            if text:
                start = paragraph.start + len(paragraph.text) - len(paragraph.text.lstrip())
                sentences.append(Sentence(text, start, start + len(text), paragraph))
            continue
        starts = sentence_starts(doc)
        for first, following in zip(starts, [*starts[1:], len(doc)]):
            last = doc[following - 1]
            begin, finish = doc[first].idx, last.idx + len(last.text)
            span_text = paragraph.text[begin:finish]  # the tokenizer keeps the text as given
            text = span_text.strip()
            if not text:
                continue
            leading = len(span_text) - len(span_text.lstrip())
            start = paragraph.start + begin + leading
            sentences.append(Sentence(text, start, start + len(text), paragraph))
    return sentences

"""Sentences with spaCy: a blank English pipeline and a rule-based sentence splitter.

No model is downloaded: the tokenizer's abbreviation exceptions ("e.g.", "U.S.", "Inc.")
plus legal ones added here keep sentences whole; a sentence ends at ".", "!" or "?" and
the next one may open with "(a)" or a quote.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

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


def _mark_sentences(doc: Any) -> Any:
    # The flags are set in one go: setting token.is_sent_start one token at a time costs
    # a pass over the whole doc each, quadratic on a paragraph of a megabyte.
    import numpy
    from spacy.attrs import SENT_START

    flags: list[int] = []
    for index, token in enumerate(doc):
        if index == 0:
            flags.append(1)
            continue
        if token.is_space or _closes(token) or token.text[:1].islower():
            # "... notice. provided that" stays one sentence in legal drafting.
            flags.append(-1)
            continue
        back = index - 1
        while back > 0 and (doc[back].is_space or _closes(doc[back])):
            back -= 1
        flags.append(1 if doc[back].text in _ENDERS else -1)
    if flags:
        doc.from_array([SENT_START], numpy.array(flags, dtype="int64").astype("uint64"))
    return doc


@functools.cache
def pipeline() -> Any:
    import spacy
    from spacy.attrs import ORTH
    from spacy.language import Language

    if not Language.has_factory("legal_sentences"):
        Language.component("legal_sentences")(_mark_sentences)
    nlp = spacy.blank("en")
    # The limit guards the parser and NER, which this pipeline has not: a one-paragraph
    # file of megabytes is long, not dangerous (the per-file time limit bounds it).
    nlp.max_length = 10**9
    for abbreviation in _LEGAL_ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    nlp.add_pipe("legal_sentences")
    return nlp


def split_sentences(document: Document) -> list[Sentence]:
    """Every sentence of the body, paragraph by paragraph (nlp.pipe, no parser)."""
    nlp = pipeline()
    sentences: list[Sentence] = []
    body = [paragraph for paragraph in document.paragraphs if paragraph.kind != "heading"]
    for paragraph, doc in zip(body, nlp.pipe(paragraph.text for paragraph in body)):
        for span in doc.sents:
            text = span.text.strip()
            if not text:
                continue
            leading = len(span.text) - len(span.text.lstrip())
            start = paragraph.start + span.start_char + leading
            sentences.append(Sentence(text, start, start + len(text), paragraph))
    return sentences

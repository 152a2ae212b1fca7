"""The sentence splitter: only tokens after an ender are looked at, with the same result as
reading every token (a sentence opens after . ! ? and closers, unless the word is lowercase)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from msa_review.language.sentences import _ENDERS, _closes, pipeline, sentence_starts, tokenizer
from msa_review.model import Document, Paragraph


def reference_starts(doc: Any) -> list[int]:
    starts = []
    for index, token in enumerate(doc):
        if index == 0:
            starts.append(0)
            continue
        if token.is_space or _closes(token) or token.text[:1].islower():
            continue
        back = index - 1
        while back > 0 and (doc[back].is_space or _closes(doc[back])):
            back -= 1
        if doc[back].text in _ENDERS:
            starts.append(index)
    return starts


PIECES = [".", "!", "?", '"', "'", ")", "(", "”", "’", "a", "B", "Inc.", "e.g.", "(a)", "word",
          "Word", " ", "  ", "\n", "..."]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(["", " "])), max_size=30))
def test_sentence_starts_match_the_token_by_token_definition(pieces: list[tuple[str, str]]) -> None:
    doc = tokenizer()("".join(piece + space for piece, space in pieces))
    assert sentence_starts(doc) == reference_starts(doc)


def test_pipeline_marks_the_same_sentences() -> None:
    text = 'Provider Inc. shall pay. "Stop." Then (a) it ends! notice. provided that it is. Yes'
    doc = pipeline()(text)
    assert [token.i for token in doc if token.is_sent_start] == reference_starts(doc)
    assert [sent.text for sent in doc.sents] == [
        "Provider Inc. shall pay.", '"Stop."', "Then (a) it ends! notice. provided that it is.",
        "Yes"]


def test_split_sentences_offsets_point_into_the_document_text() -> None:
    from msa_review.language.sentences import split_sentences

    text = "Termination. Either party may terminate.  The notice is 60 days."
    paragraph = Paragraph(index=1, start=10, end=10 + len(text), text=text, page=None, kind="body",
                          section_number=None, section_heading=None)
    document = Document(path="x.txt", format="text", text=" " * 10 + text, paragraphs=[paragraph],
                        sections=[], pages=None, sha256="", warnings=[])
    sentences = split_sentences(document)
    assert [s.text for s in sentences] == ["Termination.", "Either party may terminate.",
                                           "The notice is 60 days."]
    assert all(document.text[s.start:s.end] == s.text for s in sentences)


def test_the_affix_expressions_are_those_spacy_compiles() -> None:
    from spacy.lang.en import English
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    from msa_review.language.sentences import affix_expression

    defaults = English.Defaults
    assert affix_expression("prefix", defaults.prefixes) == compile_prefix_regex(defaults.prefixes).pattern
    assert affix_expression("suffix", defaults.suffixes) == compile_suffix_regex(defaults.suffixes).pattern
    assert affix_expression("infix", defaults.infixes) == compile_infix_regex(defaults.infixes).pattern


def test_the_tokenizer_splits_like_spacys_blank_english() -> None:
    import spacy

    blank = spacy.blank("en").tokenizer
    text = ("Provider Inc. (\"Provider\") shall, e.g. within thirty (30) days' notice, pay "
            "U.S. $5,000.00 to https://example.com/x?y=1; don't stop. \u201cEnd.\u201d (a) Next!")
    assert [token.text for token in tokenizer()(text) if token.text not in ("do", "n't", "don't")] == [
        token.text for token in blank(text) if token.text not in ("do", "n't", "don't")]


def _document(texts: list[str]) -> Document:
    paragraphs, position = [], 0
    for index, text in enumerate(texts, start=1):
        paragraphs.append(Paragraph(index=index, start=position, end=position + len(text), text=text,
                                    page=None, kind="body", section_number=None, section_heading=None))
        position += len(text) + 2
    return Document(path="x.txt", format="text", text="\n\n".join(texts), paragraphs=paragraphs,
                    sections=[], pages=None, sha256="", warnings=[])


PARAGRAPH_PIECES = [*PIECES, "1.2", "14.3.1", "99.5%", "2.", "v1.2", "1.", "3"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from(PARAGRAPH_PIECES), st.sampled_from(["", " "])),
                         max_size=12), min_size=1, max_size=6))
def test_paragraphs_read_as_one_sentence_without_the_tokenizer_split_as_it_would(
        paragraphs: list[list[tuple[str, str]]]) -> None:
    """A paragraph with no sentence ender but at its end skips the tokenizer: the sentences
    are those the tokenizer would give, to the offset."""
    from msa_review.language import sentences

    document = _document(["".join(piece + space for piece, space in pieces) for pieces in paragraphs])
    fast = sentences.split_sentences(document)
    original = sentences._one_sentence
    try:
        sentences._one_sentence = lambda text: False  # every paragraph through the tokenizer
        slow = sentences.split_sentences(document)
    finally:
        sentences._one_sentence = original
    assert [(s.text, s.start, s.end) for s in fast] == [(s.text, s.start, s.end) for s in slow]
    assert all(document.text[s.start:s.end] == s.text for s in fast)

"""The word-level redline: deletions and insertions that spell both versions exactly."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from msa_review.reporters.diff import DELETE, EQUAL, INSERT, original_of, proposal_of, word_diff

WORDS = st.lists(st.sampled_from(["Provider", "Customer", "may", "shall", "not", "terminate",
                                  "thirty", "(30)", "sixty", "(60)", "days", "notice", ",", ".",
                                  "the", "of", "Agreement"]), max_size=25).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(WORDS, WORDS)
def test_segments_spell_both_versions(original: str, proposed: str) -> None:
    segments = word_diff(original, proposed)
    assert original_of(segments) == original
    assert proposal_of(segments) == proposed
    assert all(segment.text for segment in segments)
    assert all(a.kind != b.kind for a, b in pairwise(segments))


def test_a_replacement_reads_as_deleted_then_inserted_words() -> None:
    segments = word_diff("Provider may terminate upon thirty (30) days' notice.",
                         "Either party may terminate upon sixty (60) days' notice.")
    assert [(s.kind, s.text) for s in segments] == [
        (DELETE, "Provider"), (INSERT, "Either party"), (EQUAL, " may terminate upon "),
        (DELETE, "thirty (30)"), (INSERT, "sixty (60)"), (EQUAL, " days' notice."),
    ]


def test_short_common_islands_fold_into_the_change() -> None:
    segments = word_diff("alpha beta of gamma delta", "one two of three four")
    assert [s.kind for s in segments] == [DELETE, INSERT]

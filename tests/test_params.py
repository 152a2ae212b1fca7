"""Parameters captured near a pattern: patterns in order of preference, and `(?P<at>)`."""

from __future__ import annotations

from pathlib import Path

import pytest

from msa_review.engine import review
from msa_review.errors import PlaybookError
from msa_review.extract import extract_bytes
from msa_review.playbook import Playbook, load_rule

PREAMBLE = ('This Agreement is made between Northwind Telecom Ltd. ("Customer") and '
            'Brightwave Voice Inc. ("Provider").\n\n')
RULE = """\
title: Notice
severity: low
locate: notice
params:
  notice_days:
    type: days
    near: {near}
"""


def _notice_days(tmp_path: Path, near: str, text: str) -> object:
    path = tmp_path / "notice.yaml"
    path.write_text(RULE.format(near=near), encoding="utf-8")
    playbook = Playbook(rules=[load_rule(path, "house.notice")], digest="test")
    finding = review(extract_bytes("msa.txt", (PREAMBLE + text).encode()), playbook).findings[0]
    return finding.params.get("notice_days")


def test_the_first_pattern_that_matches_anywhere_decides(tmp_path: Path) -> None:
    text = ("Provider may raise its fees on thirty (30) days' written notice. "
            "Either party may give notice of non-renewal sixty (60) days before the renewal date.")
    preferred = "['\\d+\\)? days\\W* before the renewal', '\\d+\\)? days\\W* written notice']"
    assert _notice_days(tmp_path, preferred, text) == 60
    reversed_order = "['\\d+\\)? days\\W* written notice', '\\d+\\)? days\\W* before the renewal']"
    assert _notice_days(tmp_path, reversed_order, text) == 30
    # a later pattern still decides when no earlier one matches
    assert _notice_days(tmp_path, "[never written, '\\d+\\)? days\\W* written notice']", text) == 30


def test_a_group_named_at_marks_where_the_match_points(tmp_path: Path) -> None:
    # The start of the match ("notice") is nearer the twelve months than the three.
    text = ("The Agreement renews for twelve (12) months, ended by notice to the other party "
            "of at least three (3) months.")
    assert _notice_days(tmp_path, "'notice (?:\\w+ ){0,4}of at least'", text) == 360
    assert _notice_days(tmp_path, "'notice (?:\\w+ ){0,4}of at least (?P<at>)'", text) == 90


def test_a_bad_pattern_in_the_list_names_its_place(tmp_path: Path) -> None:
    with pytest.raises(PlaybookError, match=r"notice_days\.near\[1\]"):
        _notice_days(tmp_path, "[notice, 'days (']", "Notice of sixty (60) days.")


def test_an_ordinal_day_after_an_event_is_a_period() -> None:
    from msa_review.language.quantities import durations

    found = durations("ending on the ninetieth (90th) day after expiry, or the 20th business "
                      "day following notice; invoices are due on the 15th day of each month")
    assert [(d.value, d.qualifier, d.text) for d in found] == [
        (90, None, "ninetieth (90th) day"), (20, "business", "20th business day")]


LIMITED = """\
title: Cure
severity: low
locate: remedy
params:
  cure_days:
    type: days
    near: remedy
    max: {limit}
    {unit}
"""


def _cure_finding(tmp_path: Path, limit: int, unit: str, text: str) -> object:
    path = tmp_path / "cure.yaml"
    path.write_text(LIMITED.format(limit=limit, unit=unit), encoding="utf-8")
    playbook = Playbook(rules=[load_rule(path, "house.cure")], digest="test")
    return review(extract_bytes("msa.txt", (PREAMBLE + text).encode()), playbook).findings[0]


def test_business_days_are_counted_against_a_calendar_limit(tmp_path: Path) -> None:
    text = "The breach must be put right: the remedy period is thirty (30) business days."
    finding = _cure_finding(tmp_path, 30, "limit_unit: calendar", text)
    assert finding.params == {"cure_days": 30, "cure_days_unit": "business"}
    assert finding.status == "partial"
    assert "30 business" in finding.explanation
    # twenty business days are four weeks: within thirty calendar days
    shorter = text.replace("thirty (30)", "twenty (20)")
    assert _cure_finding(tmp_path, 30, "limit_unit: calendar", shorter).status == "met"
    # without limit_unit the number is compared as written
    assert _cure_finding(tmp_path, 30, "", text).status == "met"


def test_calendar_days_are_counted_against_a_business_day_limit(tmp_path: Path) -> None:
    text = "The remedy period is fourteen (14) days."
    assert _cure_finding(tmp_path, 10, "limit_unit: business", text).status == "met"
    assert _cure_finding(tmp_path, 10, "", text).status == "partial"


def test_limit_unit_is_for_days_only(tmp_path: Path) -> None:
    with pytest.raises(PlaybookError, match=r"limit_unit"):
        _cure_finding(tmp_path, 10, "limit_unit: weekly", "The remedy period is ten (10) days.")


def test_a_number_in_words_with_its_figure_is_a_percentage_only_when_it_says_so() -> None:
    from msa_review.language.quantities import percentages

    assert [p.value for p in percentages("ten (10%) percent; two (2) per cent; five (5%)")] == \
        [10.0, 2.0, 5.0]
    assert percentages("within thirty (30) days of the increase") == []


def test_percentages_read_near_their_signs_are_those_of_a_full_scan() -> None:
    from pathlib import Path

    from msa_review.language import quantities

    folder = Path(__file__).resolve().parent.parent / "bench" / "msas"
    texts = [line for path in sorted(folder.glob("*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines()
             if quantities._PERCENT_SIGN.search(line)]
    texts += ["one hundred and twenty-five (125) per cent of the fees", "a (5%) cap", "95%99%",
              "ten (10%) percent", "x" * 300 + " fifteen percent"]
    assert len(texts) > 100
    for text in texts:
        full = [(m.start(), m.end()) for m in quantities._PERCENT.finditer(text)]
        assert [(m.start(), m.end()) for m in quantities._percent_matches(text)] == full, text

"""Property tests: the quantity parsers on generated and arbitrary text, the extractors on
mutated DOCX and PDF bytes. The only allowed outcome of an extractor is a Document or an
InputError with a known code.

CI runs a few examples per property; `HYPOTHESIS_PROFILE=long python3 -m pytest
tests/test_fuzz.py` runs thousands (see README).
"""

from __future__ import annotations

import functools
import io
import re
import zipfile

from builders import softphone_docx
from hostile_files import good_pdf
from hypothesis import example, given
from hypothesis import strategies as st

from msa_review.errors import InputError
from msa_review.extract import extract_bytes
from msa_review.language.quantities import durations, money, percentages, words_to_number
from msa_review.model import Document

CODES = {"not_found", "unsupported_format", "empty", "corrupt", "encrypted", "no_text_layer",
         "legacy_doc", "too_large", "timeout"}
_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number_words(number: int, *, and_: bool = False, hyphen: bool = True) -> str:
    """How a contract spells a number below a million: 'one hundred and twenty-one'."""
    if number < 20:
        return _UNITS[number]
    if number < 100:
        tens, units = divmod(number, 10)
        return _TENS[tens] + ((("-" if hyphen else " ") + _UNITS[units]) if units else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        head = f"{_UNITS[hundreds]} hundred"
        if not rest:
            return head
        return f"{head} {'and ' if and_ else ''}{number_words(rest, hyphen=hyphen)}"
    thousands, rest = divmod(number, 1000)
    head = f"{number_words(thousands, and_=and_, hyphen=hyphen)} thousand"
    if not rest:
        return head
    joiner = " and " if and_ and rest < 100 else " "
    return head + joiner + number_words(rest, and_=and_, hyphen=hyphen)


spellings = st.builds(lambda n, and_, hyphen, case: (n, case(number_words(n, and_=and_, hyphen=hyphen))),
                      st.integers(0, 999_999), st.booleans(), st.booleans(),
                      st.sampled_from([str.lower, str.upper, str.title]))


@given(spellings)
@example((60, "sixty"))
@example((121, "one hundred and twenty-one"))
def test_words_to_number_reads_what_contracts_spell(spelled: tuple[int, str]) -> None:
    number, words = spelled
    assert words_to_number(words) == number


@given(st.integers(1, 999_999), st.sampled_from(["days", "Business Days", "months", "years",
                                                  "calendar days", "weeks"]),
       st.booleans())
@example(60, "days", False)
def test_words_and_digits_duration_round_trips(number: int, unit: str, commas: bool) -> None:
    digits = f"{number:,}" if commas else str(number)
    text = f"upon {number_words(number)} ({digits}) {unit}' prior written notice"
    found = durations(text)
    assert len(found) == 1, found
    assert found[0].value == number
    assert text[found[0].start: found[0].end] == found[0].text
    assert found[0].unit == unit.split()[-1].lower().rstrip("s")
    if unit.lower() == "business days":
        assert found[0].qualifier == "business"


@given(st.integers(0, 10**9), st.sampled_from(["USD {}", "${}", "{} EUR", "€{}", "GBP {}"]))
def test_money_round_trips(amount: int, pattern: str) -> None:
    text = "a fee of " + pattern.format(f"{amount:,}") + " per month"
    found = money(text)
    assert [m.amount for m in found] == [amount]
    assert found[0].currency in ("USD", "EUR", "GBP")


@given(st.integers(0, 100), st.sampled_from(["{n}%", "{n} percent", "{w} percent",
                                               "{w} ({n}%)", "{w} ({n}) percent"]))
def test_percentages_round_trip(number: int, pattern: str) -> None:
    text = "a credit of " + pattern.format(n=number, w=number_words(number)) + " of the fees"
    found = percentages(text)
    assert [p.value for p in found] == [number]


@given(st.text(max_size=400))
@example("sixty sixty sixty sixty sixty sixty sixty sixty sixty sixty sixty (")
@example("a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a days")
def test_parsers_never_fail_on_arbitrary_text(text: str) -> None:
    for found in (*durations(text), *money(text), *percentages(text)):
        assert text[found.start: found.end].strip() == found.text.strip()
    for word in text.split()[:20]:
        words_to_number(word)


@given(st.lists(st.sampled_from(["sixty", "(60)", "days", "USD", "5,000", "percent", "and",
                                  "hundred", "thousand", "a", "-", "%", "Business", "ten", " "]),
                max_size=60))
def test_parsers_never_fail_on_contract_shaped_noise(words: list[str]) -> None:
    text = " ".join(words)
    durations(text), money(text), percentages(text)


# --- extractors on mutated bytes -------------------------------------------------------

@functools.cache
def _docx() -> bytes:
    return softphone_docx()


@functools.cache
def _docx_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(_docx())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@functools.cache
def _pdf() -> bytes:
    return good_pdf()


mutations = st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.binary(max_size=8),
                               st.integers(0, 8)), min_size=1, max_size=6)


def _mutate(raw: bytes, edits: list[tuple[float, bytes, int]]) -> bytes:
    """Each edit replaces `removed` bytes at a relative position with `inserted` bytes."""
    data = bytearray(raw)
    for position, inserted, removed in edits:
        at = int(position * len(data))
        data[at: at + removed] = inserted
    return bytes(data)


def _only_document_or_input_error(name: str, raw: bytes) -> None:
    try:
        document = extract_bytes(name, raw)
    except InputError as error:
        assert error.code in CODES, error.code
        assert error.message and "\n" not in error.line()
        return
    assert isinstance(document, Document)
    for paragraph in document.paragraphs:
        assert document.text[paragraph.start: paragraph.end] == paragraph.text


@given(mutations, st.floats(0.05, 1))
def test_mutated_docx_bytes(edits: list[tuple[float, bytes, int]], kept: float) -> None:
    raw = _mutate(_docx(), edits)
    _only_document_or_input_error("msa.docx", raw[: max(1, int(len(raw) * kept))])


@given(st.sampled_from(["word/document.xml", "word/numbering.xml", "word/styles.xml",
                        "[Content_Types].xml", "word/_rels/document.xml.rels"]), mutations)
def test_mutated_docx_parts(part: str, edits: list[tuple[float, bytes, int]]) -> None:
    """Past the zip layer: a valid archive whose XML parts are damaged."""
    parts = dict(_docx_parts())
    parts[part] = _mutate(parts[part], edits)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    _only_document_or_input_error("msa.docx", buffer.getvalue())


_ATTRIBUTE = re.compile(rb'(w:[A-Za-z]+)="([^"]*)"')


@given(st.sampled_from(["word/document.xml", "word/numbering.xml", "word/styles.xml"]),
       st.lists(st.tuples(st.floats(0, 1, exclude_max=True),
                          st.one_of(st.integers(-10**12, 10**12).map(str),
                                    st.text(st.characters(codec="ascii", exclude_characters='"<&'),
                                            max_size=12))),
                min_size=1, max_size=8))
@example("word/numbering.xml", [(0.5, "99999999999")])
def test_damaged_docx_attribute_values(part: str, edits: list[tuple[float, str]]) -> None:
    """Well-formed XML with nonsense values: list levels of 99, starts of a trillion, words."""
    parts = dict(_docx_parts())
    xml = parts[part]
    places = list(_ATTRIBUTE.finditer(xml))
    for position, value in edits:
        place = places[int(position * len(places))]
        xml = xml[: place.start(2)] + value.encode() + xml[place.end(2):]
        places = list(_ATTRIBUTE.finditer(xml))
    parts[part] = xml
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    _only_document_or_input_error("msa.docx", buffer.getvalue())


@given(mutations, st.floats(0.05, 1))
def test_mutated_pdf_bytes(edits: list[tuple[float, bytes, int]], kept: float) -> None:
    raw = _mutate(_pdf(), edits)
    _only_document_or_input_error("msa.pdf", raw[: max(1, int(len(raw) * kept))])


@given(st.binary(max_size=2048), st.sampled_from(["x.docx", "x.pdf", "x.txt", "x.md", "x"]))
def test_arbitrary_bytes_under_any_name(raw: bytes, name: str) -> None:
    _only_document_or_input_error(name, raw)

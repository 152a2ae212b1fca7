"""Durations, money and percentages the way contracts write them.

"sixty (60) days" -> 60 days; "ten (10) Business Days" -> 10 business days;
"three (3) months" -> 3 months; "USD 5,000" -> 5000 USD; "five percent" -> 5 percent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1000}
_NUMBER_WORD = "|".join(sorted([*_UNITS, *_TENS, *_SCALES, "a", "an"], key=len, reverse=True))
WORDS = rf"(?:(?:{_NUMBER_WORD})(?:[\s-]+(?:and\s+)?(?:{_NUMBER_WORD}))*)"
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# "sixty (60)", "60", "sixty", "(60)"
AMOUNT = rf"(?:(?P<words>{WORDS})\s*\(\s*(?P<paren>{DIGITS})\s*\)|(?P<digits>{DIGITS})|(?P<bare>{WORDS}))"

_DURATION = re.compile(
    rf"\b{AMOUNT}[\s-]*(?P<qualifier>(?:calendar|business|working|banking|consecutive)\s+)?"
    r"(?P<unit>days?|months?|years?|weeks?|fortnights?|business\s+days?)\b",
    re.IGNORECASE,
)
# "the thirtieth (30th) day after the Termination Date", "the 90th day following expiry": a
# period of that many days.
_ORDINAL_DAY = re.compile(
    r"\b(?:[a-z]+(?:-[a-z]+)?\s*\(\s*)?(?P<number>\d{1,3})(?:st|nd|rd|th)\s*\)?\s+"
    r"(?P<qualifier>(?:calendar|business|working)\s+)?day(?=\s+(?:after|following|from)\b)",
    re.IGNORECASE,
)
_CURRENCY_SYMBOL = {
    "$": "USD", "US$": "USD", "R$": "BRL", "€": "EUR", "£": "GBP", "CHF": "CHF", "R": "ZAR",
}
# Codes that are also English words ("try", "pen", "rub") count only in capitals.
_CURRENCY_CODE = (r"USD|EUR|GBP|CHF|CAD|AUD|CZK|SEK|NOK|DKK|PLN|JPY|SGD|ZAR|NZD|HKD|INR|BRL|"
                  r"(?-i:KRW|CNY|TWD|MXN|AED|SAR|QAR|ILS|TRY|HUF|RON|BGN|ISK|MYR|THB|IDR|PHP|"
                  r"VND|KES|NGN|EGP|ARS|CLP|COP|PEN)")
# The South African rand written "R95,000.00": a capital R right before an amount with
# thousands commas or cents, so that "R2" (a reference) is no amount.
_RAND = r"(?-i:R)(?=\d{1,3}(?:,\d{3})+(?:\.\d{2})?(?![\d.]\d)|\d+\.\d{2}(?![\d.]\d))"
# The Brazilian real is written "R$ 3.500,00" (read before the bare dollar sign).
# Continental amounts, "EUR 18.000,00" and "EUR 0,95": a decimal comma before two digits
# (an English thousands comma is followed by three).
_CONTINENTAL = r"\d{1,3}(?:\.\d{3})+,\d{2}(?!\d)|\d+,\d{2}(?!\d)"
# Indian grouping, "INR 4,50,000" (four lakh fifty thousand): pairs of digits before the
# last three. Thousands grouped by spaces, "NOK 62 000" or "EUR 18 000,00".
_INDIAN = r"\d{1,2}(?:,\d{2})+,\d{3}(?![\d,])(?:\.\d+)?"
_SPACED = r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d])(?:[.,]\d{2}(?!\d))?"
_MONEY_DIGITS = rf"{_INDIAN}|{_SPACED}|{_CONTINENTAL}|{DIGITS}"
_MONEY = re.compile(
    rf"(?:(?P<symbol>US\$|\b(?-i:R)\$|\$|€|£|\b{_RAND})\s?(?P<amount1>{_MONEY_DIGITS})|"
    # "CAD $7,500.00": the code decides, the symbol after it adds nothing
    rf"(?P<code1>{_CURRENCY_CODE})\s?(?:\$\s?)?(?P<amount2>{_MONEY_DIGITS})|"
    rf"(?P<amount3>{_MONEY_DIGITS})\s?(?P<code2>{_CURRENCY_CODE}|dollars|euros?|pounds)\b)"
    r"(?:\s*(?P<scale>million|thousand|k)\b)?",
    re.IGNORECASE,
)
_PERCENT = re.compile(
    # "five (5%)", "five (5) percent"; not "thirty (30) days"
    rf"(?:(?P<words>{WORDS})\s*\(\s*(?P<paren>{DIGITS})\s*(?:%\s*\)\s*(?:percent\b|per\s*cent\b)?|"
    rf"\)\s*(?:%|percent\b|per\s*cent\b))|"
    rf"(?P<digits>{DIGITS})\s*(?:%|percent\b|per\s*cent\b)|"
    rf"(?P<bare>{WORDS})\s+(?:percent|per\s*cent)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Duration:
    value: float
    unit: str  # day | week | month | year
    qualifier: str | None  # business | calendar | None
    start: int
    end: int
    text: str

    @property
    def days(self) -> int:
        """Days as CHECKLIST.md counts them: months 30, years 365, business days kept."""
        factor = {"day": 1, "week": 7, "month": 30, "year": 365}[self.unit]
        return round(self.value * factor)

    @property
    def months(self) -> int:
        if self.unit == "year":
            return round(self.value * 12)
        if self.unit == "month":
            return round(self.value)
        return round(self.days / 30)


@dataclass(frozen=True)
class Money:
    amount: float
    currency: str | None
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Percent:
    value: float
    start: int
    end: int
    text: str


def words_to_number(text: str) -> float | None:
    """'sixty' -> 60, 'one hundred and twenty' -> 120, 'a' -> 1."""
    total = 0
    current = 0
    seen = False
    words = [word for word in re.split(r"[\s-]+", text.lower().strip()) if word]
    if len(words) > 1 and words[0] in ("a", "an"):  # "a thirty day period" is thirty
        words = words[1:]
    for word in words:
        if not word or word == "and":
            continue
        if word in ("a", "an"):
            current += 1
        elif word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total += current
                current = 0
        else:
            return None
        seen = True
    return float(total + current) if seen else None


def _number(digits: str | None, words: str | None) -> float | None:
    if digits:
        return float(digits.replace(",", ""))
    if words:
        return words_to_number(words)
    return None


def _amount(match: re.Match[str]) -> float | None:
    # "sixty (60)": the digits in brackets win when words and digits disagree.
    return _number(match.group("paren") or match.group("digits"), match.group("words") or match.group("bare"))


def durations(text: str) -> list[Duration]:
    found = []
    for match in _DURATION.finditer(text):
        value = _amount(match)
        if value is None:
            continue
        unit_text = match.group("unit").lower()
        qualifier = (match.group("qualifier") or "").strip().lower() or None
        if unit_text.startswith("business"):
            qualifier = "business"
        if qualifier in ("working", "banking"):
            qualifier = "business"
        if qualifier == "consecutive":
            qualifier = None
        unit = re.sub(r"s$", "", unit_text.split()[-1])
        if unit == "fortnight":  # "a fortnight": two weeks
            value, unit = value * 2, "week"
        found.append(Duration(value, unit, qualifier, match.start(), match.end(), match.group(0)))
    for match in _ORDINAL_DAY.finditer(text):
        qualifier = (match.group("qualifier") or "").strip().lower() or None
        if qualifier == "working":
            qualifier = "business"
        found.append(Duration(float(match.group("number")), "day", qualifier,
                              match.start(), match.end(), match.group(0)))
    found.sort(key=lambda duration: duration.start)
    return found


def money(text: str) -> list[Money]:
    found = []
    for match in _MONEY.finditer(text):
        digits = match.group("amount1") or match.group("amount2") or match.group("amount3")
        if re.fullmatch(_SPACED, digits):
            digits = re.sub(r"[ \u00a0\u202f]", "", digits)
            digits = digits[:-3] + "." + digits[-2:] if digits[-3:-2] == "," else digits
        if re.fullmatch(_CONTINENTAL, digits):
            amount = float(digits.replace(".", "").replace(",", "."))
        else:
            amount = float(digits.replace(",", ""))
        scale = (match.group("scale") or "").lower()
        amount *= {"million": 1_000_000, "thousand": 1000, "k": 1000}.get(scale, 1)
        symbol = match.group("symbol")
        code = (match.group("code1") or match.group("code2") or "").upper()
        currency = _CURRENCY_SYMBOL.get(symbol or "", None) if symbol else {
            "DOLLARS": "USD", "EURO": "EUR", "EUROS": "EUR", "POUNDS": "GBP"
        }.get(code, code or None)
        found.append(Money(amount, currency, match.start(), match.end(), match.group(0)))
    return found


_PERCENT_SIGN = re.compile(r"%|per\s*cent", re.IGNORECASE)


_PERCENT_REACH = 64  # characters: no percentage written out is longer


def _percent_matches(text: str) -> Iterator[re.Match[str]]:
    """_PERCENT.finditer(text), run only near the signs: every percentage says "%",
    "percent" or "per cent", so the scan starts a little before each sign not yet read
    (at a white space, so a number word is read whole) instead of at every character."""
    read_to = 0
    for sign in _PERCENT_SIGN.finditer(text):
        if sign.start() < read_to:
            continue
        start = sign.start() - _PERCENT_REACH
        if start > read_to:
            start = max(read_to, text.rfind(" ", read_to, start) + 1)
        match = _PERCENT.search(text, max(start, read_to))
        if match is None:
            return
        yield match
        read_to = match.end()


def percentages(text: str) -> list[Percent]:
    found: list[Percent] = []
    for match in _percent_matches(text):
        value = _amount(match)
        if value is None:
            continue
        found.append(Percent(value, match.start(), match.end(), match.group(0).strip()))
    return found

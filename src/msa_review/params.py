"""Parameters a rule captures from located clauses ("notice_days": 60) and their ranges."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from msa_review.language.quantities import durations, money, percentages
from msa_review.playbook import Param

if TYPE_CHECKING:
    from msa_review.engine import Candidate, Context


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 4)


def values_in(param: Param, text: str) -> list[tuple[int, int, dict[str, Any]]]:
    """(start, end, {param: value, ...}) for every quantity of the param's type in text."""
    found: list[tuple[int, int, dict[str, Any]]] = []
    if param.type in ("days", "months"):
        for duration in durations(text):
            if param.type == "days":
                value: dict[str, Any] = {param.name: _number(
                    duration.value if duration.qualifier == "business" and duration.unit == "day"
                    else duration.days)}
                if param.unit_param and duration.qualifier and duration.unit == "day":
                    value[f"{param.name}_unit"] = duration.qualifier
            else:
                value = {param.name: duration.months}
            found.append((duration.start, duration.end, value))
    elif param.type == "percent":
        seen: set[float] = set()
        for percent in percentages(text):
            if percent.value not in seen:
                seen.add(percent.value)
                found.append((percent.start, percent.end, {param.name: _number(percent.value)}))
    elif param.type == "money":
        for amount in money(text):
            value = {param.name: _number(amount.amount)}
            if amount.currency:
                value["currency"] = amount.currency
            found.append((amount.start, amount.end, value))
    elif param.type == "text":
        for near in param.near:
            for match in near.finditer(text):
                found.append((match.start(), match.end(), {param.name: param.value or match.group(0)}))
        for name, pattern in param.values:
            for match in pattern.finditer(text):
                found.append((match.start(), match.end(), {param.name: name}))
        found.sort(key=lambda item: item[0])
    return found


def _anchors(near: re.Pattern[str], text: str) -> list[int]:
    """Where each match of a `near` pattern points: its group `at` when it has one
    ("notice of at least (?P<at>)" points at the duration after it), else its start."""
    anchors = []
    for match in near.finditer(text):
        at = match.start("at") if "at" in match.re.groupindex else -1
        anchors.append(at if at >= 0 else match.start())
    return anchors


def _pick(param: Param, text: str, near: re.Pattern[str] | None) -> dict[str, Any] | None:
    values = values_in(param, text)
    if not values:
        return None
    if param.after is not None:
        # "Provider shall notify Customer within 10 days, and Customer may terminate within
        # 90 days": the values written after the verb, when there are any.
        first = param.after.search(text)
        if first is not None:
            values = [item for item in values if item[0] >= first.end()] or values
    if param.type == "text":
        return values[0][2]
    if near is not None:
        anchors = _anchors(near, text)
        if not anchors:
            return None
        return min(values, key=lambda item: min(abs(item[0] - anchor) for anchor in anchors))[2]
    if param.pick in ("max", "min"):
        choose = max if param.pick == "max" else min
        return choose(values, key=lambda item: item[2][param.name])[2]
    return values[0][2]


def _all_values(param: Param, scopes: list[str]) -> dict[str, Any] | None:
    """Every distinct value in the order written, joined: formats "CSV, JSON, WAV"."""
    seen: dict[str, None] = {}
    for text in dict.fromkeys(scopes):
        for _, _, value in values_in(param, text):
            seen.setdefault(str(value[param.name]), None)
    return {param.name: ", ".join(seen)} if seen else None


def capture_params(params: tuple[Param, ...], candidates: list["Candidate"],
                   context: "Context") -> tuple[dict[str, Any], list[str]]:
    captured: dict[str, Any] = {}
    reasons: list[str] = []
    for param in params:
        value = None
        scopes = [candidate.tagged for candidate in candidates]
        if param.scope != "sentence":
            scopes += [context.paragraph_text(candidate) for candidate in candidates]
        if param.pick != "all":
            # Last, the definitions of the terms the clauses use: "during the Exit Period"
            # takes its length from the definition of "Exit Period".
            scopes += [context.definitions_used(candidate.tagged) for candidate in candidates]
        if param.pick == "all":
            value = _all_values(param, scopes)
        else:
            # Each `near` pattern in order of preference, over every scope before the next:
            # a value the first pattern points at, anywhere, outranks what a later one finds.
            for near in param.near or (None,):
                for text in scopes:
                    value = _pick(param, text, near)
                    if value is not None:
                        break
                if value is not None:
                    break
        if value is None:
            continue
        captured.update(value)
        number = value[param.name]
        if isinstance(number, (int, float)):
            unit = value.get(f"{param.name}_unit")
            compared = _in_limit_unit(param, number, unit)
            # ("30 business days" when the range is counted in calendar days)
            shown = f"{_number(number)} {unit}" if compared != number and unit else number
            if param.minimum is not None and compared < param.minimum:
                reasons.append(_message(param, shown, "below"))
            elif param.maximum is not None and compared > param.maximum:
                reasons.append(_message(param, shown, "above"))
    return captured, reasons


# A week has five business days: what counts as seven calendar days.
_CALENDAR_PER_BUSINESS_DAY = 7 / 5


def _in_limit_unit(param: Param, number: float, unit: str | None) -> float:
    """The value in the unit the range is counted in: "thirty (30) working days" is about six
    weeks, over a limit of thirty calendar days; ten calendar days is under ten business
    days."""
    if param.limit_unit == "calendar" and unit == "business":
        return number * _CALENDAR_PER_BUSINESS_DAY
    if param.limit_unit == "business" and unit != "business":
        return number / _CALENDAR_PER_BUSINESS_DAY
    return number


def _message(param: Param, value: float | str, side: str) -> str:
    shown = value if isinstance(value, str) else _number(value)
    if param.message:
        return param.message.format(value=shown, min=_fmt(param.minimum),
                                    max=_fmt(param.maximum), side=side)
    limit = param.minimum if side == "below" else param.maximum
    word = "at least" if side == "below" else "at most"
    return f"{param.name} is {shown}; the checklist asks for {word} {_fmt(limit)}"


def _fmt(value: float | None) -> str:
    return "" if value is None else str(_number(value))


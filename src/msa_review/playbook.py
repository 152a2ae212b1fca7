"""The checklist as data: one YAML file per rule, its id from its path, validated on load.

`rules/exit/termination-convenience.yaml` is `exit.termination-convenience`. A file with
an unknown key, an unknown kind or a pattern that does not compile fails at load, naming
the file and the key. Patterns are compiled here, once per playbook, never per document.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from msa_review import __version__
from msa_review import pattern_cache
from msa_review.errors import PlaybookError
from msa_review.prefilter import DERIVATION, guard, guard_lazily
from msa_review.resources import rules_dir

SEVERITIES = ("critical", "high", "medium", "low")
STATUSES = ("met", "partial", "conflict", "missing", "not_applicable")
KINDS = ("provision", "right", "prohibition")
PARAM_TYPES = ("days", "months", "percent", "money", "text")

_RULE_KEYS = {
    "title", "severity", "kind", "why", "asks", "locate", "exclude", "heading", "when_absent",
    "conflicts", "weak", "requires", "params", "right", "prohibition", "redline",
    "not_applicable", "not_applicable_when",
}
_PATTERN_ITEM_KEYS = {"pattern", "message", "holder", "negated", "name", "any", "all", "unless"}
_PARAM_KEYS = {"type", "near", "after", "min", "max", "message", "pick", "unit_param", "value",
               "values", "scope", "limit_unit"}
_RIGHT_KEYS = {"verb", "holder", "vendor_only", "client_only", "ungranted", "window", "denied",
               "scope", "per_holder"}
_NA_WHEN_KEYS = {"rule", "status", "message", "unless_document"}
_PROHIBITION_KEYS = {"action", "limited", "unlimited", "message"}
_REDLINE_KEYS = {"template", "action"}
# libyaml's loader when PyYAML has it: ten times faster on every start, same safe subset.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def compile_pattern(source: str, where: str) -> re.Pattern[str]:
    # Party tokens stay case-sensitive inside otherwise case-insensitive patterns.
    prepared = source.replace("CLIENT", "(?-i:CLIENT)").replace("VENDOR", "(?-i:VENDOR)")
    prepared = prepared.replace("OTHERPARTY", "(?-i:OTHERPARTY)")
    # A space is any run of white space; before "." (anything) it may also be none, so that
    # "disable .{0,120}build" still reads "disable, deactivate or revoke any build".
    # An optional space ("voice ?mail") may be any run of white space or none.
    prepared = re.sub(r"(?<!\\) [?*]", r"\\s*", prepared)
    prepared = re.sub(r"(?<!\\) (?=\.)", r"\\s*", prepared)
    prepared = re.sub(r"(?<!\\) ", r"\\s+", prepared)
    if _known_words is not None:
        # A rule file that compiled before, byte for byte: compile on first use only, with
        # the words its guard needs as they were derived then.
        return guard_lazily(prepared, re.IGNORECASE, _known_words.get(prepared))
    try:
        pattern = guard(pattern_cache.compile(prepared, re.IGNORECASE))  # skips texts without its words
    except re.error as error:
        raise PlaybookError(f"{where}: pattern does not compile: {error}") from None
    _derived_words[prepared] = [sorted(words) for words in pattern.word_sets]  # type: ignore[attr-defined]
    return pattern


# The word sets of the patterns of the rule file being loaded, when its exact bytes validated
# before (see _ValidatedRules); None while a file is being validated.
_known_words: dict[str, list[list[str]]] | None = None
# The word sets derived while validating the rule file being loaded.
_derived_words: dict[str, list[list[str]]] = {}


class _ValidatedRules:
    """The rule files that loaded without error, by digest, with the necessary words of each
    of their patterns, kept in the user's cache folder: the next run need not compile or
    parse a pattern before it knows a contract needs it.

    Every run reads the whole file, so it keeps only the files of the playbook last loaded:
    when a rule file changes, the entry of its old version goes."""

    def __init__(self) -> None:
        from msa_review.cache import default_cache_dir

        self.path = default_cache_dir() / "validated-rules.json"
        try:
            known = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            known = {}
        self.known: dict[str, dict[str, list[list[str]]]] = known if isinstance(known, dict) else {}
        self.added = False
        self.used: set[str] = set()

    def get(self, digest: str) -> dict[str, list[list[str]]] | None:
        self.used.add(digest)
        return self.known.get(digest)

    def add(self, digest: str, words: dict[str, list[list[str]]]) -> None:
        self.known[digest] = words
        self.added = True

    def save(self) -> None:
        """Write the entries of this playbook's files, when one is new or others are stale."""
        if not self.added and self.used.issuperset(self.known):
            return
        from msa_review.output import write_atomically

        kept = {digest: self.known[digest] for digest in sorted(self.used) if digest in self.known}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, json.dumps(kept, sort_keys=True).encode())
        except OSError:
            pass  # a read-only cache only costs the next run some compiling


@dataclass(frozen=True)
class Check:
    """A named condition: any of its patterns matches (and, if given, all of `all`)."""

    name: str
    patterns: tuple[re.Pattern[str], ...]
    message: str
    holder: str | None = None  # client | vendor | any
    negated: bool | None = None  # None: either; False: only an affirmative match counts
    all_patterns: tuple[re.Pattern[str], ...] = ()
    unless: tuple[re.Pattern[str], ...] = ()

    def search(self, text: str) -> re.Match[str] | None:
        if any(pattern.search(text) for pattern in self.unless):
            return None
        if self.all_patterns and not all(pattern.search(text) for pattern in self.all_patterns):
            return None
        for pattern in self.patterns:
            match = pattern.search(text)
            if match:
                return match
        return None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Every match, lazily: a reader that stops at the first one that holds pays for
        no more searching."""
        if any(pattern.search(text) for pattern in self.unless):
            return
        if self.all_patterns and not all(pattern.search(text) for pattern in self.all_patterns):
            return
        for pattern in self.patterns:
            yield from _overlapping(pattern, text)


MAX_MATCHES = 40


def _overlapping(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Matches starting at every position, not only after the previous one ended: in "When
    Apple releases a new version, Provider will make a compatible build" the match that
    starts at "releases" must not hide the one that starts at "make", whose subject differs."""
    position = 0
    for _ in range(MAX_MATCHES):
        match = pattern.search(text, position)
        if match is None:
            return
        yield match
        position = match.start() + 1


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    near: tuple[re.Pattern[str], ...]  # in order of preference: the first that matches decides
    minimum: float | None
    maximum: float | None
    message: str
    pick: str  # nearest | max | min | first | all (text: every distinct value, in order)
    unit_param: bool
    value: str | None  # for type text: a fixed value when `near` matches
    values: tuple[tuple[str, re.Pattern[str]], ...]  # type text: value -> pattern, earliest wins
    scope: str  # sentence | paragraph
    after: re.Pattern[str] | None = None  # values written after a match of it come first
    # days: the unit `min`/`max` are counted in (calendar or business); a value in the other
    # unit is converted before it is compared (a week has five business days). None: as written
    limit_unit: str | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    path: Path
    title: str
    severity: str
    kind: str
    why: str
    asks: str
    locate: tuple[re.Pattern[str], ...]
    exclude: tuple[re.Pattern[str], ...]
    heading: tuple[re.Pattern[str], ...]
    when_absent: str
    conflicts: tuple[Check, ...]
    weak: tuple[Check, ...]
    requires: tuple[Check, ...]
    not_applicable: tuple[Check, ...]
    params: tuple[Param, ...]
    right: dict[str, Any]
    prohibition: dict[str, Any]
    redline_template: str | None
    redline_action: str
    # Another rule's status that makes this one not applicable ("escrow is not needed where
    # shipped builds have a perpetual licence"), unless the document matches a pattern.
    not_applicable_when: dict[str, Any] = field(default_factory=dict)
    source: str = field(repr=False, default="")

    @property
    def depends_on(self) -> str | None:
        return self.not_applicable_when.get("rule")

    @property
    def group(self) -> str:
        return self.id.split(".", 1)[0]


@dataclass
class Playbook:
    rules: list[Rule]
    digest: str

    def by_id(self) -> dict[str, Rule]:
        return {rule.id: rule for rule in self.rules}

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """Every word the rules' locate patterns cannot match without (prefilter.py)."""
        return frozenset(word for rule in self.rules for pattern in rule.locate
                         for words in getattr(pattern, "word_sets", ()) for word in words)


def _require(mapping: dict[str, Any], key: str, where: str) -> Any:
    if key not in mapping:
        raise PlaybookError(f"{where}: missing required key '{key}'")
    return mapping[key]


def _unknown(mapping: dict[str, Any], allowed: set[str], where: str) -> None:
    for key in mapping:
        if key not in allowed:
            raise PlaybookError(f"{where}: unknown key '{key}'")


def _patterns(value: Any, where: str) -> tuple[re.Pattern[str], ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise PlaybookError(f"{where}: expected a pattern or a list of patterns")
    return tuple(compile_pattern(item, f"{where}[{index}]") for index, item in enumerate(value))


def _checks(value: Any, where: str) -> tuple[Check, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise PlaybookError(f"{where}: expected a list")
    checks = []
    for index, item in enumerate(value):
        here = f"{where}[{index}]"
        if not isinstance(item, dict):
            raise PlaybookError(f"{here}: expected a mapping")
        _unknown(item, _PATTERN_ITEM_KEYS, here)
        patterns = _patterns(item.get("any", item.get("pattern")), f"{here}.any")
        if not patterns:
            raise PlaybookError(f"{here}: needs 'any' (or 'pattern')")
        holder = item.get("holder")
        if holder not in (None, "client", "vendor", "any"):
            raise PlaybookError(f"{here}.holder: must be client, vendor or any")
        checks.append(Check(
            name=str(item.get("name", f"item {index + 1}")),
            patterns=patterns,
            message=str(item.get("message", "")),
            holder=holder,
            negated=item.get("negated"),
            all_patterns=_patterns(item.get("all"), f"{here}.all"),
            unless=_patterns(item.get("unless"), f"{here}.unless"),
        ))
    return tuple(checks)


def _params(value: Any, where: str) -> tuple[Param, ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise PlaybookError(f"{where}: expected a mapping of parameter names")
    params = []
    for name, spec in value.items():
        here = f"{where}.{name}"
        if not isinstance(spec, dict):
            raise PlaybookError(f"{here}: expected a mapping")
        _unknown(spec, _PARAM_KEYS, here)
        kind = spec.get("type")
        if kind not in PARAM_TYPES:
            raise PlaybookError(f"{here}.type: must be one of {', '.join(PARAM_TYPES)}")
        near = spec.get("near")
        after = spec.get("after")
        pick = spec.get("pick", "nearest")
        if pick not in ("nearest", "max", "min", "first", "all"):
            raise PlaybookError(f"{here}.pick: must be nearest, max, min, first or all")
        if pick == "all" and kind != "text":
            raise PlaybookError(f"{here}.pick: all is for text parameters")
        scope = spec.get("scope", "paragraph")
        if scope not in ("sentence", "paragraph"):
            raise PlaybookError(f"{here}.scope: must be sentence or paragraph")
        limit_unit = spec.get("limit_unit")
        if limit_unit not in (None, "calendar", "business") or (limit_unit and kind != "days"):
            raise PlaybookError(f"{here}.limit_unit: calendar or business, for days parameters")
        params.append(Param(
            name=str(name),
            type=kind,
            near=_patterns(near, f"{here}.near") if near else (),
            minimum=_number(spec.get("min"), f"{here}.min"),
            maximum=_number(spec.get("max"), f"{here}.max"),
            message=str(spec.get("message", "")),
            pick=pick,
            unit_param=bool(spec.get("unit_param", kind == "days")),
            value=spec.get("value"),
            values=_text_values(spec.get("values"), f"{here}.values"),
            scope=scope,
            after=compile_pattern(after, f"{here}.after") if after else None,
            limit_unit=limit_unit,
        ))
    return tuple(params)


def _text_values(value: Any, where: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise PlaybookError(f"{where}: expected a mapping of value to pattern")
    return tuple((str(name), compile_pattern(str(pattern), f"{where}.{name}"))
                 for name, pattern in value.items())


def _number(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PlaybookError(f"{where}: expected a number")
    return float(value)


def load_rule(path: Path, rule_id: str) -> Rule:
    where = str(path)
    try:
        source = path.read_text(encoding="utf-8")
        data = yaml.load(source, Loader=_YAML_LOADER)
    except (OSError, yaml.YAMLError) as error:
        raise PlaybookError(f"{where}: cannot be read as YAML: {error}") from None
    if not isinstance(data, dict):
        raise PlaybookError(f"{where}: a rule file holds a mapping")
    _unknown(data, _RULE_KEYS, where)
    severity = _require(data, "severity", where)
    if severity not in SEVERITIES:
        raise PlaybookError(f"{where}: severity: must be one of {', '.join(SEVERITIES)}")
    kind = data.get("kind", "provision")
    if kind not in KINDS:
        raise PlaybookError(f"{where}: kind: unknown kind '{kind}' (one of {', '.join(KINDS)})")
    when_absent = data.get("when_absent", "missing")
    if when_absent not in STATUSES:
        raise PlaybookError(f"{where}: when_absent: must be a status")
    right = data.get("right") or {}
    prohibition = data.get("prohibition") or {}
    if kind == "right":
        _unknown(right, _RIGHT_KEYS, f"{where}: right")
        _require(right, "verb", f"{where}: right")
        right = dict(right, verb=compile_pattern(right["verb"], f"{where}: right.verb"))
    if kind == "prohibition":
        _unknown(prohibition, _PROHIBITION_KEYS, f"{where}: prohibition")
        _require(prohibition, "action", f"{where}: prohibition")
        prohibition = {
            "action": compile_pattern(prohibition["action"], f"{where}: prohibition.action"),
            "limited": _patterns(prohibition.get("limited"), f"{where}: prohibition.limited"),
            "unlimited": _patterns(prohibition.get("unlimited"), f"{where}: prohibition.unlimited"),
            "message": str(prohibition.get("message", "the contract lets {vendor} do this")),
        }
    redline = data.get("redline") or {}
    _unknown(redline, _REDLINE_KEYS, f"{where}: redline")
    na_when = data.get("not_applicable_when") or {}
    if na_when:
        _unknown(na_when, _NA_WHEN_KEYS, f"{where}: not_applicable_when")
        _require(na_when, "rule", f"{where}: not_applicable_when")
        if na_when.get("status", "met") not in STATUSES:
            raise PlaybookError(f"{where}: not_applicable_when.status: must be a status")
        na_when = {
            "rule": str(na_when["rule"]),
            "status": na_when.get("status", "met"),
            "message": str(na_when.get("message", "")),
            "unless_document": _patterns(na_when.get("unless_document"),
                                         f"{where}: not_applicable_when.unless_document"),
        }
    locate = _patterns(_require(data, "locate", where), f"{where}: locate")
    if not locate:
        raise PlaybookError(f"{where}: locate: needs at least one pattern")
    params = _params(data.get("params"), f"{where}: params")
    if "per_holder" in right and right["per_holder"] not in {param.name for param in params}:
        raise PlaybookError(f"{where}: right.per_holder: names no parameter of the rule")
    return Rule(
        id=rule_id,
        path=path,
        title=str(_require(data, "title", where)),
        severity=severity,
        kind=kind,
        why=str(data.get("why", "")).strip(),
        asks=str(data.get("asks", "")).strip(),
        locate=locate,
        exclude=_patterns(data.get("exclude"), f"{where}: exclude"),
        heading=_patterns(data.get("heading"), f"{where}: heading"),
        when_absent=when_absent,
        conflicts=_checks(data.get("conflicts"), f"{where}: conflicts"),
        weak=_checks(data.get("weak"), f"{where}: weak"),
        requires=_checks(data.get("requires"), f"{where}: requires"),
        not_applicable=_checks(data.get("not_applicable"), f"{where}: not_applicable"),
        params=params,
        right=right,
        prohibition=prohibition,
        redline_template=redline.get("template"),
        redline_action=redline.get("action", "insert"),
        not_applicable_when=na_when,
        source=source,
    )


CASES_SUFFIXES = (".cases.yaml", ".cases.yml")  # a rule's test cases beside it: not a rule


def rule_id_for(path: Path, root: Path) -> str:
    relative = path.relative_to(root)
    for suffix in CASES_SUFFIXES:
        if relative.name.endswith(suffix):
            relative = relative.with_name(relative.name[: -len(suffix)] + ".yaml")
    return ".".join(relative.with_suffix("").parts)


def rule_files(root: Path) -> list[Path]:
    """The rule files of a folder, its test case files left out."""
    paths = sorted(root.rglob("*.yaml")) + sorted(root.rglob("*.yml"))
    return [path for path in paths if not path.name.endswith(CASES_SUFFIXES)]


def load_playbook(extra_dirs: list[Path] | None = None) -> Playbook:
    """The shipped rules, then each extra folder's rules (same id: the user's rule wins)."""
    global _known_words
    rules: dict[str, Rule] = {}
    digest = hashlib.sha256()
    validated = _ValidatedRules()
    for root in [rules_dir(), *(extra_dirs or [])]:
        if not root.is_dir():
            raise PlaybookError(f"{root}: not a folder of rules")
        for path in rule_files(root):
            rule_id = rule_id_for(path, root)
            try:
                file_digest = hashlib.sha256(f"{__version__} {DERIVATION} ".encode()
                                             + path.read_bytes()).hexdigest()
            except OSError:
                file_digest = ""
            _known_words = validated.get(file_digest)
            _derived_words.clear()
            try:
                rule = load_rule(path, rule_id)
            finally:
                was_checked, _known_words = _known_words is None, None
            if was_checked and file_digest:
                validated.add(file_digest, dict(_derived_words))
            rules[rule_id] = rule
    validated.save()
    for rule_id in sorted(rules):
        digest.update(rule_id.encode())
        digest.update(rules[rule_id].source.encode())
    for rule in rules.values():
        if rule.depends_on and rule.depends_on not in rules:
            raise PlaybookError(f"{rule.path}: not_applicable_when.rule: no rule "
                                f"'{rule.depends_on}' in the playbook")
    return Playbook(rules=_dependencies_first(rules), digest=digest.hexdigest())


def _dependencies_first(rules: dict[str, Rule]) -> list[Rule]:
    """Rules by id, except that a rule comes after the rule its applicability depends on."""
    ordered: list[Rule] = []
    placed: set[str] = set()

    def place(rule_id: str, trail: tuple[str, ...]) -> None:
        if rule_id in placed:
            return
        if rule_id in trail:
            raise PlaybookError(f"{rules[rule_id].path}: not_applicable_when: a cycle "
                                f"({' -> '.join((*trail, rule_id))})")
        dependency = rules[rule_id].depends_on
        if dependency:
            place(dependency, (*trail, rule_id))
        placed.add(rule_id)
        ordered.append(rules[rule_id])

    for rule_id in sorted(rules):
        place(rule_id, ())
    return ordered

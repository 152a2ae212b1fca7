"""A project's own settings: extra rule folders, disabled rules, thresholds and severities.

Read from `msa-review.toml` (the table is the top level) or from `[tool.msa-review]` in a
`pyproject.toml`, found in the current folder or the nearest parent that has one (in a
folder, `msa-review.toml` comes before `pyproject.toml`; a `pyproject.toml` without the
table is passed over). `--config FILE` names one; `--no-config` reads none.

    rules = ["./our-playbook"]        # extra rule folders, relative to this file
    disable = ["term.trial-period"]
    fail-on = "critical"
    [params."exit.termination-convenience".notice_days]
    min = 90
    [severity]
    "scope.platforms" = "low"

Overrides are applied when the playbook is loaded and are part of its digest, so cached
results never outlive a changed threshold. A wrong key or value fails naming the file and
the key.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from msa_review.errors import PlaybookError
from msa_review.playbook import SEVERITIES, Param, Playbook, Rule, load_playbook

CONFIG_NAME = "msa-review.toml"
PYPROJECT = "pyproject.toml"
FAIL_ON_CHOICES = (*SEVERITIES, "never")
DEFAULT_FAIL_ON = "high"
_KEYS = {"rules", "disable", "fail-on", "params", "severity"}
_PARAM_KEYS = {"min": "minimum", "max": "maximum"}


@dataclass(frozen=True)
class Config:
    """What a config file asks for; `path` is None when no file was read."""

    path: Path | None = None
    prefix: str = ""  # "tool.msa-review." inside a pyproject.toml: keys are named as written
    rules: tuple[Path, ...] = ()
    disable: tuple[str, ...] = ()
    fail_on: str | None = None
    params: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)

    def where(self, key: str) -> str:
        return f"{self.path}: {self.prefix}{key}"

    def overrides(self) -> dict[str, Any]:
        """The overrides as plain data, in a stable order (for the playbook's digest)."""
        return {"disable": sorted(self.disable), "params": self.params,
                "severity": self.severity}


def find_config(start: Path) -> Path | None:
    """The nearest msa-review.toml, or pyproject.toml with [tool.msa-review], from `start` up."""
    for folder in [start, *start.parents]:
        own = folder / CONFIG_NAME
        if own.is_file():
            return own
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False  # somebody else's broken pyproject is not ours to report
    return isinstance(data.get("tool"), dict) and "msa-review" in data["tool"]


def read_config(path: Path) -> Config:
    """Parse and check the shape of one config file (rule ids are checked on apply)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise PlaybookError(f"{path}: cannot be read ({error.strerror or error})") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise PlaybookError(f"{path}: not valid TOML: {error}") from None
    prefix = ""
    if path.name == PYPROJECT:
        prefix = "tool.msa-review."
        tool = data.get("tool", {})
        data = tool.get("msa-review", {}) if isinstance(tool, dict) else {}
        if not isinstance(data, dict):
            raise PlaybookError(f"{path}: tool.msa-review: expected a table")
    config = Config(path=path, prefix=prefix)
    for key in data:
        if key not in _KEYS:
            raise PlaybookError(f"{config.where(key)}: unknown key (one of {', '.join(sorted(_KEYS))})")
    base = path.parent
    rules = tuple(base / folder for folder in _strings(data.get("rules", []), config, "rules"))
    for folder in rules:
        if not folder.is_dir():
            raise PlaybookError(f"{config.where('rules')}: {folder} is not a folder")
    fail_on = data.get("fail-on")
    if fail_on is not None and fail_on not in FAIL_ON_CHOICES:
        raise PlaybookError(f"{config.where('fail-on')}: must be one of {', '.join(FAIL_ON_CHOICES)}")
    return dataclasses.replace(
        config, rules=rules, disable=tuple(_strings(data.get("disable", []), config, "disable")),
        fail_on=fail_on, params=_param_table(data.get("params", {}), config),
        severity=_severity_table(data.get("severity", {}), config))


def _strings(value: Any, config: Config, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise PlaybookError(f"{config.where(key)}: expected a list of strings")
    return value


def _param_table(value: Any, config: Config) -> dict[str, dict[str, dict[str, float]]]:
    if not isinstance(value, dict):
        raise PlaybookError(f"{config.where('params')}: expected a table of rule ids")
    table: dict[str, dict[str, dict[str, float]]] = {}
    for rule_id, params in value.items():
        here = f'params."{rule_id}"'
        if not isinstance(params, dict):
            raise PlaybookError(f"{config.where(here)}: expected a table of parameter names")
        for name, bounds in params.items():
            there = f"{here}.{name}"
            if not isinstance(bounds, dict):
                raise PlaybookError(f"{config.where(there)}: expected a table (min, max)")
            for bound, number in bounds.items():
                if bound not in _PARAM_KEYS:
                    raise PlaybookError(f"{config.where(there + '.' + bound)}: unknown key "
                                        "(min or max)")
                if isinstance(number, bool) or not isinstance(number, (int, float)):
                    raise PlaybookError(f"{config.where(there + '.' + bound)}: expected a number")
            table.setdefault(rule_id, {})[name] = {b: float(n) for b, n in bounds.items()}
    return table


def _severity_table(value: Any, config: Config) -> dict[str, str]:
    if not isinstance(value, dict):
        raise PlaybookError(f"{config.where('severity')}: expected a table of rule ids")
    for rule_id, severity in value.items():
        if severity not in SEVERITIES:
            raise PlaybookError(f'{config.where(f"severity.{_quoted(rule_id)}")}: must be one '
                                f"of {', '.join(SEVERITIES)}")
    return dict(value)


def _quoted(rule_id: str) -> str:
    return f'"{rule_id}"'


def apply_config(playbook: Playbook, config: Config) -> Playbook:
    """The playbook with the config's severities, bounds and disabled rules; a new digest."""
    if config.path is None:
        return playbook
    rules = playbook.by_id()
    for key, rule_ids in (("disable", config.disable), ("severity", list(config.severity)),
                          ("params", list(config.params))):
        for rule_id in rule_ids:
            if rule_id not in rules:
                name = key if key == "disable" else f"{key}.{_quoted(rule_id)}"
                raise PlaybookError(f"{config.where(name)}: no rule '{rule_id}'")
    for rule_id, severity in config.severity.items():
        rules[rule_id] = dataclasses.replace(rules[rule_id], severity=severity)
    for rule_id, params in config.params.items():
        rules[rule_id] = _with_bounds(rules[rule_id], params, config)
    for rule_id in config.disable:
        del rules[rule_id]
    digest = hashlib.sha256(playbook.digest.encode())
    digest.update(json.dumps(config.overrides(), sort_keys=True).encode())
    return Playbook(rules=[rules[rule_id] for rule_id in sorted(rules)],
                    digest=digest.hexdigest())


def _with_bounds(rule: Rule, bounds: dict[str, dict[str, float]], config: Config) -> Rule:
    params = {param.name: param for param in rule.params}
    for name, values in bounds.items():
        here = f'params.{_quoted(rule.id)}.{name}'
        if name not in params:
            known = ", ".join(params) or "none"
            raise PlaybookError(f"{config.where(here)}: rule {rule.id} has no parameter "
                                f"'{name}' (its parameters: {known})")
        param = params[name]
        if param.type == "text":
            raise PlaybookError(f"{config.where(here)}: a text parameter has no min or max")
        changed: Param = dataclasses.replace(
            param, minimum=values.get("min", param.minimum),
            maximum=values.get("max", param.maximum))
        if (changed.minimum is not None and changed.maximum is not None
                and changed.minimum > changed.maximum):
            raise PlaybookError(f"{config.where(here)}: min {changed.minimum:g} is above "
                                f"max {changed.maximum:g}")
        params[name] = changed
    return dataclasses.replace(rule, params=tuple(params.values()))


@dataclass(frozen=True)
class Settings:
    """The playbook to run and the --fail-on the config asks for (None: not set there)."""

    playbook: Playbook
    fail_on: str | None
    config: Path | None


def configured_playbook(rule_dirs: list[Path], *, config_file: Path | None = None,
                        no_config: bool = False, cwd: Path | None = None) -> Settings:
    """Shipped rules, the config's folders, then `rule_dirs` (later wins), with overrides."""
    path = config_file
    if path is None and not no_config:
        path = find_config((cwd or Path.cwd()).resolve())
    config = read_config(path) if path is not None else Config()
    playbook = load_playbook([*config.rules, *rule_dirs])
    return Settings(apply_config(playbook, config), config.fail_on, path)

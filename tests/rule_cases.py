"""Rule test cases as data: tests/cases/<group>/<name>.yaml holds the cases of rule group.name."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CASES_DIR = Path(__file__).resolve().parent / "cases"
DEFAULT_PREAMBLE = (
    'This Master Services Agreement is made between Northwind Telecom Ltd. ("Customer") and '
    'Brightwave Voice Inc. ("Provider").\n'
)
CASE_KINDS = ("pass", "fail", "trap")


@dataclass
class Case:
    rule_id: str
    name: str
    kind: str
    text: str
    status: str
    params: dict[str, Any] = field(default_factory=dict)
    preamble: str = DEFAULT_PREAMBLE

    @property
    def contract(self) -> str:
        return f"{self.preamble}\n{self.text}"


def load_cases(root: Path = CASES_DIR) -> list[Case]:
    cases = []
    for path in sorted(root.rglob("*.yaml")):
        rule_id = ".".join(path.relative_to(root).with_suffix("").parts)
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            cases.append(Case(rule_id=rule_id, name=item["name"], kind=item["kind"],
                              text=item["text"], status=item["status"],
                              params=item.get("params") or {},
                              preamble=item.get("preamble", DEFAULT_PREAMBLE)))
    return cases

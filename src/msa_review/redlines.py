"""Suggested wording: a Jinja template per rule, written with the contract's party names."""

from __future__ import annotations

import functools
from typing import Any

from msa_review.findings import Finding, Redline
from msa_review.language.parties import Parties
from msa_review.playbook import Rule
from msa_review.resources import templates_dir


@functools.cache
def environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=False,  # plain clause text; every reporter escapes for its own format
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def template_name(rule: Rule) -> str:
    return rule.redline_template or "redlines/" + rule.id.replace(".", "/") + ".j2"


def redline_for(rule: Rule, finding: Finding, parties: Parties) -> Redline | None:
    if not finding.is_gap:
        return None
    import jinja2

    try:
        template = environment().get_template(template_name(rule))
    except jinja2.TemplateNotFound:
        return None
    text = " ".join(template.render(
        client=parties.display("client"),
        vendor=parties.display("vendor"),
        params=finding.params,
        status=finding.status,
        rule=rule,
    ).split())
    if finding.status in ("partial", "conflict") and finding.evidence:
        return Redline("replace", finding.evidence[0].quote, text)
    return Redline("insert", None, text)

"""`msa-review rules validate`: a playbook's rules load, and its test cases give their status.

A playbook folder holds `<group>/<name>.yaml` rules and, beside each, the rule's cases in
`<group>/<name>.cases.yaml`. Without a folder, the shipped rules are run against the
checkout's `tests/cases` (an installed wheel ships no cases: then only the rules are checked).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from msa_review.cases import Case, cases_beside, lacking_kinds, load_cases, run_case
from msa_review.errors import PlaybookError
from msa_review.playbook import Playbook, rule_files, rule_id_for
from msa_review.resources import rules_dir

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2


def shipped_cases_dir() -> Path | None:
    """tests/cases beside the shipped rules, in a source checkout; None in an installation."""
    folder = rules_dir().parent / "tests" / "cases"
    return folder if folder.is_dir() else None


def validate_playbook(folder: Path | None, playbook: Playbook,
                      echo: Callable[[str], None]) -> int:
    """Run the cases; one line per failing case and a summary through `echo`; the exit code."""
    if folder is not None:
        rule_ids = [rule_id_for(path, folder) for path in rule_files(folder)]
        source = str(folder)
    else:
        rule_ids = [rule.id for rule in playbook.rules]
        source = "the shipped playbook"
    cases_dir = shipped_cases_dir() if folder is None else None
    try:
        if folder is not None:
            cases: list[Case] = cases_beside(folder)
        elif cases_dir is not None:
            cases = load_cases(cases_dir)
        else:
            echo(f"{len(rule_ids)} rules of {source} are valid; this installation ships no "
                 "test cases (run from a source checkout to run tests/cases)")
            return EXIT_OK
    except PlaybookError as error:
        echo(f"invalid: {error.message}")
        return EXIT_INVALID
    failed = 0
    for case in cases:
        outcome = run_case(case, playbook)
        if outcome.passed:
            continue
        failed += 1
        where = f" ({case.path})" if case.path else ""
        echo(f"FAIL {case.label}{where}: {'; '.join(outcome.problems)}")
    for rule_id, kinds in sorted(lacking_kinds(cases, rule_ids).items()):
        echo(f"note: {rule_id} has no {', '.join(kinds)} case")
    echo(f"{len(rule_ids)} rules of {source}, {len(cases)} cases: "
         f"{len(cases) - failed} passed, {failed} failed")
    return EXIT_FAILED if failed else EXIT_OK

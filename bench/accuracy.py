"""Accuracy benchmark: labelled softphone MSAs and real contracts from CUAD.

    python bench/accuracy.py                 # both parts, Markdown tables on stdout
    python bench/accuracy.py --part cuad     # real contracts only
    python bench/accuracy.py --part msas     # labelled softphone MSAs only (txt, docx, pdf)
    python bench/accuracy.py --part msas --office   # and as a word processor saves them

CUAD (../shared/corpus/cuad-train, or --cuad DIR): contract-level precision, recall and F1
of "the rule located a clause" (a finding with evidence) against the lawyers' positives,
how often the evidence overlaps a lawyer's span, and renewal notice days against the
lawyers' answers. MSAs (bench/msas/*.labels.yaml): status agreement per rule and per
format, parameter exactness, and false reassurance (`met` where the gold label is
`missing` or `conflict`), reported separately for each split (dev, fresh, holdout, blind).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from msa_review.engine import review  # noqa: E402
from msa_review.extract import extract, extract_bytes  # noqa: E402
from msa_review.language.quantities import durations  # noqa: E402
from msa_review.playbook import load_playbook  # noqa: E402

CUAD_DEFAULT = ROOT.parent / "shared" / "corpus" / "cuad-train"
# CUAD category -> rule id (see the corpus README).
CUAD_RULES = {
    "Termination For Convenience": "exit.termination-convenience",
    "Change Of Control": "exit.change-of-control",
    "Renewal Term": "term.auto-renewal",
    "Source Code Escrow": "exit.escrow",
    "Irrevocable Or Perpetual License": "exit.perpetual-license",
    "Post-Termination Services": "exit.transition-assistance",
    "Expiration Date": "term.length",
    "Price Restrictions": "term.price-escalation",
    "Revenue/Profit Sharing": "license.model",
    "Liquidated Damages": "term.early-termination-fee",
}
HEADLINE = ("Termination For Convenience", "Change Of Control", "Renewal Term",
            "Source Code Escrow", "Irrevocable Or Perpetual License")
KEYWORD_BASELINE_PLUS = {"Termination For Convenience": 0.69, "Change Of Control": 0.60,
                         "Renewal Term": 0.73, "Source Code Escrow": 0.75,
                         "Irrevocable Or Perpetual License": 0.89}

_playbook = None


def _get_playbook() -> Any:
    global _playbook
    if _playbook is None:
        _playbook = load_playbook()
    return _playbook


def _cuad_one(item: tuple[str, str]) -> dict[str, Any]:
    contract_id, path = item
    raw = Path(path).read_bytes()
    document = extract_bytes(Path(path).name, raw)
    result = review(document, _get_playbook())
    wanted = set(CUAD_RULES.values())
    return {
        "id": contract_id,
        "findings": {
            finding.rule_id: {
                "status": finding.status,
                "spans": [(e.start, e.end) for e in finding.evidence],
                "params": finding.params,
            }
            for finding in result.findings if finding.rule_id in wanted
        },
    }


def answer_days(answer: str) -> int | None:
    found = durations(answer or "")
    if not found:
        match = re.fullmatch(r"\s*(\d+)\s*", answer or "")
        return int(match.group(1)) if match else None
    duration = found[0]
    return int(duration.value) if duration.qualifier == "business" else duration.days


def cuad(corpus: Path, jobs: int, limit: int | None, half: str | None = None) -> str:
    rows = [json.loads(line) for line in (corpus / "labels.jsonl").open(encoding="utf-8")]
    if half:
        # Every other contract in sorted order: the rules were studied on the even half only.
        rows = sorted(rows, key=lambda row: row["id"])[(0 if half == "even" else 1)::2]
    if limit:
        rows = rows[:limit]
    by_id = {row["id"]: row for row in rows}
    items = [(row["id"], str(corpus / "contracts" / f"{row['id']}.txt")) for row in rows]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(_cuad_one, items, chunksize=4))
    lines = ["| CUAD category | rule | positives | precision | recall | F1 | evidence overlaps lawyers' span |",
             "|---|---|---|---|---|---|---|"]
    headline_f1 = []
    for category, rule_id in CUAD_RULES.items():
        tp = fp = fn = overlap = 0
        for result in results:
            label = by_id[result["id"]]["labels"].get(category, {})
            positive = bool(label.get("positive"))
            finding = result["findings"].get(rule_id)
            if finding is None:
                continue
            predicted = bool(finding["spans"]) and finding["status"] != "missing"
            if predicted and positive:
                tp += 1
                gold = [(span["start"], span["end"]) for span in label.get("spans", [])]
                if any(start < g_end and g_start < end for start, end in finding["spans"]
                       for g_start, g_end in gold):
                    overlap += 1
            elif predicted:
                fp += 1
            elif positive:
                fn += 1
        if tp + fp + fn == 0 and not any(rule_id in r["findings"] for r in results):
            lines.append(f"| {category} | `{rule_id}` | - | rule not in playbook | | | |")
            continue
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if category in HEADLINE:
            headline_f1.append(f1)
        mark = " **" if category in HEADLINE else " "
        lines.append(f"|{mark}{category}{mark.strip()} | `{rule_id}` | {tp + fn} | {precision:.2f} | "
                     f"{recall:.2f} | {f1:.2f} | {overlap / tp if tp else 0:.0%} |")
    if headline_f1:
        lines.append(f"\nMacro F1 over the five headline categories (bold): "
                     f"{sum(headline_f1) / len(headline_f1):.2f} ({len(results)} contracts)")
    # Renewal notice days against the lawyers' answers.
    agree = total = 0
    for result in results:
        label = by_id[result["id"]]["labels"].get("Notice Period To Terminate Renewal", {})
        if not label.get("positive"):
            continue
        expected = answer_days(label.get("answer", ""))
        if expected is None:
            continue
        total += 1
        finding = result["findings"].get("term.auto-renewal", {})
        if finding and finding["params"].get("renewal_notice_days") == expected:
            agree += 1
    if total:
        lines.append(f"Renewal notice days equal to the lawyers' answer: {agree}/{total} "
                     f"({agree / total:.0%})")
    return "\n".join(lines)


def _build_formats(msas: Path, out: Path) -> None:
    script = ROOT / "bench" / "make_formats.py"
    if script.exists():
        subprocess.run([sys.executable, str(script), str(out)], check=True, capture_output=True)


OFFICE_FORMATS = {"docx-office": "docx:MS Word 2007 XML", "pdf-office": "pdf"}


def _office_formats(built: Path) -> None:
    """The DOCX built for each contract, opened and saved again by a word processor
    (LibreOffice, headless): its own numbering, styles and PDF layout, as a user's files
    have them. Written to built/<format>/<stem>.<suffix>."""
    import shutil

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        sys.exit("--office needs LibreOffice (soffice) on the PATH")
    sources = sorted(str(path) for path in built.glob("*.docx"))
    for name, target in OFFICE_FORMATS.items():
        folder = built / name
        folder.mkdir()
        # Its own profile folder: a user's running LibreOffice is neither used nor disturbed.
        profile = f"-env:UserInstallation=file://{built / 'office-profile'}"
        subprocess.run([office, profile, "--headless", "--convert-to", target, "--outdir",
                        str(folder), *sources], check=True, capture_output=True)


SPLITS = ("dev", "fresh", "holdout", "blind", "blind2", "blind3", "blind4", "blind5", "blind6", "blind7", "blind8", "blind9")  # from the most to the least seen


def _split_order(split: str) -> tuple[int, str]:
    return (SPLITS.index(split) if split in SPLITS else len(SPLITS), split)


def msas(folder: Path, office: bool = False) -> str:
    import yaml

    playbook = load_playbook()
    labels = sorted(folder.glob("*.labels.yaml"))
    if not labels:
        return "No labelled MSAs found."
    with tempfile.TemporaryDirectory() as build:
        build_dir = Path(build)
        _build_formats(folder, build_dir)
        if office:
            _office_formats(build_dir)
        per_rule: dict[tuple[str, str, str], list[bool]] = defaultdict(list)
        per_format: dict[tuple[str, str], list[bool]] = defaultdict(list)
        params_ok: dict[tuple[str, str], list[bool]] = defaultdict(list)
        false_met: dict[tuple[str, str], list[str]] = defaultdict(list)
        for label_path in labels:
            gold = yaml.safe_load(label_path.read_text(encoding="utf-8"))
            split = gold.get("split", "dev")
            stem = label_path.name.removesuffix(".labels.yaml")
            sources = {"txt": folder / f"{stem}.txt", "docx": build_dir / f"{stem}.docx",
                       "pdf": build_dir / f"{stem}.pdf"}
            if office:
                sources.update({name: build_dir / name / f"{stem}.{name.split('-')[0]}"
                                for name in OFFICE_FORMATS})
            for fmt, path in sources.items():
                if not path.exists():
                    continue
                findings = {f.rule_id: f for f in review(extract(path), playbook).findings}
                for rule_id, expected in gold["labels"].items():
                    finding = findings.get(rule_id)
                    if finding is None:
                        continue
                    ok = finding.status == expected["status"]
                    per_rule[(split, rule_id, fmt)].append(ok)
                    per_format[(split, fmt)].append(ok)
                    if finding.status == "met" and expected["status"] in ("missing", "conflict"):
                        false_met[(split, fmt)].append(f"{stem}:{rule_id}")
                    for name, value in (expected.get("params") or {}).items():
                        got = finding.params.get(name)
                        same = got == value or (isinstance(value, str) and isinstance(got, str)
                                                and got.lower() == value.lower())
                        params_ok[(split, fmt)].append(same)
    lines = ["| split | format | status agreement | parameters exact | false `met` |",
             "|---|---|---|---|---|"]
    for (split, fmt), oks in sorted(per_format.items(), key=lambda item: (_split_order(item[0][0]), item[0][1])):
        params = params_ok.get((split, fmt), [])
        lines.append(
            f"| {split} | {fmt} | {sum(oks) / len(oks):.0%} ({sum(oks)}/{len(oks)}) | "
            + (f"{sum(params) / len(params):.0%} ({sum(params)}/{len(params)})" if params else "-")
            + f" | {len(false_met.get((split, fmt), []))} |")
    splits = sorted({split for split, _, _ in per_rule}, key=_split_order)
    formats = ("txt", "docx", "pdf", *(OFFICE_FORMATS if office else ()))
    lines += ["", f"Per rule, agreements over the {len(formats)} formats:", "",
              "| rule | " + " | ".join(splits) + " |", "|---" * (len(splits) + 1) + "|"]
    rule_ids = sorted({rule_id for _, rule_id, _ in per_rule})
    for rule_id in rule_ids:
        cells = []
        for split in splits:
            oks = [ok for fmt in formats
                   for ok in per_rule.get((split, rule_id, fmt), [])]
            cells.append(f"{sum(oks)}/{len(oks)}" if oks else "-")
        lines.append(f"| `{rule_id}` | " + " | ".join(cells) + " |")
    misses = sorted({item for items in false_met.values() for item in items})
    if misses:
        lines.append("\nFalse `met`: " + ", ".join(misses))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--part", choices=("all", "cuad", "msas"), default="all")
    parser.add_argument("--cuad", type=Path, default=CUAD_DEFAULT)
    parser.add_argument("--msas", type=Path, default=ROOT / "bench" / "msas")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=int, help="only the first N CUAD contracts")
    parser.add_argument("--office", action="store_true",
                        help="MSAs also as DOCX and PDF saved by LibreOffice (needs soffice)")
    parser.add_argument("--half", choices=("even", "odd"),
                        help="only every other CUAD contract in sorted order (even: the studied half)")
    args = parser.parse_args()
    if args.part in ("all", "msas"):
        print("## Softphone MSAs\n")
        print(msas(args.msas, args.office))
        print()
    if args.part in ("all", "cuad"):
        print("## Real contracts (CUAD)\n")
        print(cuad(args.cuad, args.jobs, args.limit, args.half))


if __name__ == "__main__":
    main()

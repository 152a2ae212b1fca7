"""How fast msa-review is, measured against the floor of any spaCy-based reviewer.

    python bench/perf.py                # everything, 5 repetitions, about 8 minutes
    python bench/perf.py --reps 3 --skip-large --skip-batch

The contracts are generated here (bench/corpus.py) into bench/.work/ and reused while the
generator is unchanged: a 26-page and a 300-page contract, each as DOCX and PDF, and a
batch of 40 PDFs. Each case runs the floor (bench/floor.py) and msa-review side by side as
subprocesses, alternating, and reports medians of wall and CPU time, their ratios and the
peak memory of the msa-review process (ru_maxrss of that child). With a `--jobs` option
the batch runs `--jobs 2` (and `--no-cache` wherever that option exists). Linearity and
the per-rule table are timed in one process: extract + review per page, and review() with
a playbook of one rule at a time on the 26-page contract.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

FLOOR = [sys.executable, str(BENCH / "floor.py")]
TOOL = [sys.executable, "-m", "msa_review"]
BATCH_SIZE = 40
SCAN_HELP = ""  # `msa-review scan --help`, read once


@dataclass
class Timing:
    median: float  # wall-clock seconds
    cpu: float  # median user + system seconds: steadier than wall time on a busy machine
    peak_mb: float  # the largest ru_maxrss over the repetitions


def _adopt_orphans() -> bool:
    """Become the subreaper of our descendants (Linux): a batch's worker processes, forked by
    a server process the tool starts, are then waited for here and their CPU time counted."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


ADOPTS = _adopt_orphans()


def _reap_descendants(deadline: float = 10.0) -> None:
    """Wait for the orphans left behind (a forkserver and its workers) so that their
    resource use joins RUSAGE_CHILDREN."""
    stop = time.monotonic() + deadline
    while time.monotonic() < stop:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            time.sleep(0.01)


def run_once(command: list[str]) -> tuple[float, float, float]:
    """Wall time, CPU time (of the process and every descendant) and peak RSS (MB, of the
    process itself) of one subprocess run, which must exit 0 or 1."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=env, cwd=ROOT)
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n{errors.decode()}")
    _reap_descendants()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, usage.ru_maxrss / 1024


def compare(commands: list[list[str]], reps: int) -> list[Timing]:
    """Run the commands in turn, `reps` rounds, so drift hits them alike; one warm-up round."""
    times: list[list[float]] = [[] for _ in commands]
    cpus: list[list[float]] = [[] for _ in commands]
    peaks: list[float] = [0.0 for _ in commands]
    for round_ in range(reps + 1):
        for index, command in enumerate(commands):
            elapsed, cpu, peak = run_once(command)
            if round_ > 0:
                times[index].append(elapsed)
                cpus[index].append(cpu)
            peaks[index] = max(peaks[index], peak)
    return [Timing(statistics.median(runs), statistics.median(cpu), peak)
            for runs, cpu, peak in zip(times, cpus, peaks)]


def generate(work: Path, skip_large: bool) -> dict[str, object]:
    """Write the benchmark contracts once per version of the generator (in a child process:
    Linux counts a parent's memory at fork into the child's peak, so this one stays small)."""
    version = hashlib.sha256((BENCH / "corpus.py").read_bytes()).hexdigest()[:12]
    folder = work / version
    stamp = folder / "complete"
    plan: list[tuple[str, int, int]] = [("contract-26", 1, 26)]
    if not skip_large:
        plan.append(("contract-300", 2, 300))
    plan += [(f"batch/contract-{seed:03d}", seed, 26) for seed in range(100, 100 + BATCH_SIZE)]
    pages: dict[str, int] = {}
    if not (stamp.exists() and all((folder / f"{name}.pdf").exists() for name, _, _ in plan)):
        print(f"generating {len(plan)} contracts (DOCX, PDF) in {folder} ...", file=sys.stderr)
        (folder / "batch").mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(BENCH / "corpus.py"), str(folder),
                        *(f"{name}:{seed}:{size}" for name, seed, size in plan)], check=True)
        stamp.write_text(version)
    for name in (name for name, _, _ in plan if not name.startswith("batch/")):
        pages[name] = int((folder / f"{name}.pages").read_text())
    return {"folder": folder, "pages": pages}


def scan(path: Path, *extra: str) -> list[str]:
    # Every run reviews afresh: a result cache, where there is one, would time only lookups.
    fresh = ["--no-cache"] if "--no-cache" in SCAN_HELP else []
    return [*TOOL, "scan", str(path), *extra, *fresh, "--format", "json", "--fail-on", "never"]


def scan_options() -> str:
    """`scan --help`: which options this version has (--jobs, a result cache to turn off)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([*TOOL, "scan", "--help"], capture_output=True, text=True, env=env).stdout


def per_page_costs(paths: list[Path], reps: int) -> list[float]:
    """CPU seconds of extract + review per contract, in this process, after a warm-up,
    with the cycle collector at the pace msa-review's own processes set."""
    sys.path.insert(0, str(ROOT / "src"))
    from msa_review.collector import collect_rarely
    from msa_review.engine import review
    from msa_review.extract import extract
    from msa_review.playbook import load_playbook

    collect_rarely()
    playbook = load_playbook()
    costs = []
    for path in paths:
        runs = []
        for _ in range(reps + 1):
            started = time.process_time()
            review(extract(path), playbook)
            runs.append(time.process_time() - started)
        costs.append(statistics.median(runs[1:]))
    return costs


def per_rule_costs(path: Path, reps: int) -> list[tuple[str, float, str]]:
    """review() CPU time per rule on one contract: one-rule playbooks, minus the empty
    playbook, with the cycle collector at the pace msa-review's own processes set."""
    sys.path.insert(0, str(ROOT / "src"))
    from msa_review.collector import collect_rarely
    from msa_review.engine import review
    from msa_review.extract import extract
    from msa_review.playbook import load_playbook

    collect_rarely()
    playbook = load_playbook()
    document = extract(path)

    def timed(rules: list[object]) -> tuple[float, object]:
        subset = dataclasses.replace(playbook, rules=rules)
        runs = []
        result = None
        for _ in range(reps + 1):
            started = time.process_time()
            result = review(document, subset)
            runs.append(time.process_time() - started)
        return statistics.median(runs[1:]), result

    base, _ = timed([])
    rows = [("(shared: parties, sentences, tagging)", base, "")]
    for rule in playbook.rules:
        elapsed, result = timed([rule])
        status = result.findings[0].status  # type: ignore[attr-defined]
        rows.append((rule.id, max(elapsed - base, 0.0), status))
    everything, _ = timed(list(playbook.rules))
    rows.append((f"all {len(playbook.rules)} rules", everything, ""))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=5, help="repetitions per case (median)")
    parser.add_argument("--skip-large", action="store_true", help="leave out the 300-page contract")
    parser.add_argument("--skip-batch", action="store_true", help="leave out the 40-contract batch")
    parser.add_argument("--work", type=Path, default=BENCH / ".work", help="where contracts go")
    parser.add_argument("--per-rule", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--per-page", nargs="+", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.per_page:
        print(json.dumps(per_page_costs(options.per_page, options.reps)))
        return
    if options.per_rule:
        for rule_id, elapsed, status in per_rule_costs(options.per_rule, options.reps):
            print(f"| {rule_id} | {elapsed * 1000:.1f} ms | {status} |")
        return

    global SCAN_HELP
    SCAN_HELP = scan_options()
    generated = generate(options.work, options.skip_large)
    folder: Path = generated["folder"]  # type: ignore[assignment]
    pages: dict[str, int] = generated["pages"]  # type: ignore[assignment]
    reps = options.reps
    rows: list[tuple[str, ...]] = []
    load_before = os.getloadavg()[0]

    def row(case: str, floor: Timing | None, tool: Timing | None, target: str, ok: bool | None,
            memory_target: float | None = None) -> None:
        ratio = f"{tool.median / floor.median:.2f}x" if floor and tool else "n/a"
        cpu_ratio = f"{tool.cpu / floor.cpu:.2f}x" if floor and tool and floor.cpu else "n/a"
        memory = f"{tool.peak_mb:.0f} MB" if tool else "n/a"
        verdict = "n/a" if ok is None else "yes" if ok else "**no**"
        if memory_target is not None and tool:
            memory += f" (< {memory_target:.0f})"
            if tool.peak_mb >= memory_target:
                verdict = "**no**"
        rows.append((case, f"{floor.median:.2f} s" if floor else "n/a",
                     f"{tool.median:.2f} s" if tool else "n/a", ratio, cpu_ratio, target, memory,
                     verdict))

    # Per format, every contract size is timed in the same alternating rounds, so a change
    # in the machine's load hits the floor, the tool and each size alike.
    names = ["contract-26"] + ([] if options.skip_large else ["contract-300"])
    for suffix in ("pdf", "docx"):
        print(f"timing the {suffix.upper()} contracts ...", file=sys.stderr)
        commands: list[list[str]] = []
        for name in names:
            path = folder / f"{name}.{suffix}"
            commands += [[*FLOOR, str(path)], scan(path)]

        timings = compare(commands, reps)
        floor, tool = timings[0], timings[1]
        row(f"scan, {pages['contract-26']}-page {suffix.upper()}", floor, tool, "<= 1.30x",
            tool.median <= 1.3 * floor.median, 150)
        if len(names) < 2:
            continue
        floor_l, tool_l = timings[2], timings[3]
        row(f"scan, {pages['contract-300']}-page {suffix.upper()}", floor_l, tool_l, "< 300 MB",
            True, 300)  # judged on memory alone
        # Linear: a page of the 300-page contract costs no more than a page of the 26-page
        # one. Timed in one process (extract + review, CPU time), free of start-up noise.
        per_page = json.loads(subprocess.run(
            [sys.executable, str(BENCH / "perf.py"), "--reps", str(reps), "--per-page",
             str(folder / f"contract-26.{suffix}"), str(folder / f"contract-300.{suffix}")],
            capture_output=True, text=True, check=True,
            env=dict(os.environ, PYTHONPATH=str(ROOT / "src"))).stdout)
        small = per_page[0] / pages["contract-26"]
        large = per_page[1] / pages["contract-300"]
        growth = large / small
        rows.append((f"extract + review per page, {suffix.upper()}, {pages['contract-26']} vs "
                     f"{pages['contract-300']} pages (in one process)", "",
                     f"{small * 1000:.1f} vs {large * 1000:.1f} ms",
                     f"{growth:.2f}x", "", "<= 1.25x (linear)", "",
                     "yes" if growth <= 1.25 else "**no**"))

    if not options.skip_batch:
        batch = sorted((folder / "batch").glob("*.pdf"))
        print(f"timing a batch of {len(batch)} PDFs ...", file=sys.stderr)
        if "--jobs" in SCAN_HELP:
            floor, tool = compare([[*FLOOR, *map(str, batch)],
                                   scan(folder / "batch", "--jobs", "2")], max(1, reps // 2))
            row(f"batch of {len(batch)} PDFs, --jobs 2 (floor: one process)", floor, tool,
                "<= 0.80x", tool.median <= 0.8 * floor.median)
        else:
            floor, sequential = compare([[*FLOOR, *map(str, batch)], scan(folder / "batch")],
                                        max(1, reps // 2))
            row(f"batch of {len(batch)} PDFs, one process (n/a (no --jobs))", floor, sequential,
                "<= 0.80x with --jobs 2", None)

    print("timing --version and --help ...", file=sys.stderr)
    click, version, help_ = compare([[sys.executable, "-c", "import click"], [*TOOL, "--version"],
                                     [*TOOL, "--help"]], reps * 2)
    row("`--version` (floor: `python -c \"import click\"`)", click, version, "<= 2.00x",
        version.median <= 2 * click.median)
    row("`--help` (floor: `python -c \"import click\"`)", click, help_, "<= 2.00x",
        help_.median <= 2 * click.median)

    per_rule = subprocess.run([sys.executable, str(BENCH / "perf.py"), "--per-rule",
                               str(folder / "contract-26.pdf"), "--reps", str(reps)],
                              capture_output=True, text=True, check=True,
                              env=dict(os.environ, PYTHONPATH=str(ROOT / "src"))).stdout
    print(f"\nmsa-review benchmark: `python bench/perf.py --reps {reps}`, "
          f"Python {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d')}; medians of {reps} runs "
          f"(batch: {max(1, reps // 2)}); the 26-page contract has "
          f"{int((folder / 'contract-26.words').read_text()):,} words.\n")
    print(f"Load average before and after: {load_before:.1f}, {os.getloadavg()[0]:.1f} "
          "(wall-time ratios are reliable only on an idle machine; CPU ratios are steadier).\n")
    print("| case | floor | msa-review | ratio | CPU ratio | target | peak memory | met |")
    print("|---|---|---|---|---|---|---|---|")
    for cells in rows:
        print("| " + " | ".join(cells) + " |")

    print("\nreview() CPU time per rule, 26-page PDF (in-process, rules only; extraction excluded):\n")
    print("| rule | time | status |")
    print("|---|---|---|")
    print(per_rule, end="")


if __name__ == "__main__":
    main()

"""Batch throughput: documents per second with 1 and 2 worker processes.

    python3 bench/batch.py [--documents 80] [--jobs 1 2] [--repeat 2]

Builds its own folder of contracts (text, Markdown and DOCX) from the contracts in
bench/msas/ when there are any, else from examples/: each one the source contract with its
notice period varied and a schedule of further clauses appended, so the documents differ
(no two share a cache entry) and have the length of a real MSA. Scans them without the
cache, after one warm-up batch, each worker count in turn `--repeat` times, and prints the
best time of each (the least disturbed by other work on the machine), documents per second
and the speed-up.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from msa_review.batch import BatchSettings, discover, review_file, run_batch  # noqa: E402
from msa_review.extract import extract  # noqa: E402
from msa_review.playbook import load_playbook  # noqa: E402
from msa_review.scan import Failure  # noqa: E402

NOTICES = ("thirty (30)", "sixty (60)", "ninety (90)", "fifteen (15)")


def _sources() -> list[str]:
    folders = [ROOT / "bench" / "msas", ROOT / "examples"]
    for folder in folders:
        if folder.is_dir():
            texts = []
            for path in discover([str(folder)], exclude=("build/*",)):
                try:
                    texts.append(extract(path).text)
                except Exception:  # noqa: BLE001 - a source that does not read is skipped
                    continue
            if texts:
                return texts
    raise SystemExit("no source contracts in bench/msas/ or examples/")


def _contract(source: str, number: int, target_chars: int) -> str:
    text = source.replace("thirty (30)", NOTICES[number % len(NOTICES)], 1)
    paragraphs = [part for part in source.split("\n\n") if len(part) > 80]
    schedule = [f"\n\nSCHEDULE {number}: FURTHER TERMS"]
    clause = 1
    while len(text) + sum(map(len, schedule)) < target_chars:
        body = paragraphs[clause % len(paragraphs)].split(" ", 1)[-1]
        schedule.append(f"S{number}.{clause} {body}")
        clause += 1
    return text + "\n\n".join(schedule) + "\n"


TIMINGS_VARIABLE = "MSA_REVIEW_BENCH_TIMINGS"


def timed_review(state: Any, path: str) -> dict[str, Any]:
    """The workers' task, timed: wall and CPU seconds per file, one line per file."""
    started, cpu = time.perf_counter(), time.process_time()
    data = review_file(state, path)
    line = f"{started} {time.perf_counter()} {time.process_time() - cpu}\n"
    with open(Path(os.environ[TIMINGS_VARIABLE]) / f"{os.getpid()}.txt", "a") as stream:
        stream.write(line)
    return data


def _busy(folder: Path, wall: float) -> str:
    """How busy the workers were, and how much of a CPU they got while busy."""
    spans = [tuple(map(float, line.split())) for file in folder.glob("*.txt")
             for line in file.read_text().splitlines()]
    for file in folder.glob("*.txt"):
        file.unlink()
    busy = sum(end - start for start, end, _ in spans)
    cpu = sum(used for _, _, used in spans)
    return (f"workers busy {busy / wall:.2f} of the time on average "
            f"(ideal: the number of workers), CPU while busy {cpu / busy:.0%}")


def _write_docx(path: Path, text: str) -> None:
    import docx

    document = docx.Document()
    for paragraph in text.split("\n\n"):
        document.add_paragraph(paragraph.strip())
    document.save(str(path))


def build(folder: Path, documents: int, target_chars: int) -> list[str]:
    sources = _sources()
    for number in range(documents):
        text = _contract(sources[number % len(sources)], number, target_chars)
        subfolder = folder / f"vendor-{number % 7}"
        subfolder.mkdir(parents=True, exist_ok=True)
        kind = number % 3
        if kind == 0:
            _write_docx(subfolder / f"msa-{number:04d}.docx", text)
        else:
            (subfolder / f"msa-{number:04d}.{'md' if kind == 1 else 'txt'}").write_text(text)
    return discover([str(folder)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=80)
    parser.add_argument("--chars", type=int, default=40_000, help="length of each contract")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=2)
    arguments = parser.parse_args()
    playbook = load_playbook()
    with tempfile.TemporaryDirectory(prefix="msa-review-bench-") as folder:
        files = build(Path(folder), arguments.documents, arguments.chars)
        spans = Path(folder) / "timings"
        spans.mkdir()
        os.environ[TIMINGS_VARIABLE] = str(spans)  # before the first worker process starts
        run_batch(files[:4], playbook, BatchSettings(jobs=max(arguments.jobs)))  # warm-up
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
        print(f"{len(files)} contracts of ~{arguments.chars // 1000} k characters "
              f"(DOCX, Markdown, text), {cores} cores{load}, no cache")
        timings: dict[int, float] = {}
        usage: dict[int, str] = {}
        failures = 0
        for _ in range(arguments.repeat):
            for jobs in arguments.jobs:
                started = time.perf_counter()
                outcome = run_batch(files, playbook, BatchSettings(jobs=jobs), task=timed_review)
                elapsed = time.perf_counter() - started
                busy = _busy(spans, elapsed)
                if elapsed < timings.get(jobs, float("inf")):
                    timings[jobs], usage[jobs] = elapsed, busy
                failures = sum(isinstance(result, Failure) for result in outcome.results)
        for jobs in arguments.jobs:
            rate = len(files) / timings[jobs]
            print(f"--jobs {jobs}: {timings[jobs]:6.2f} s  {rate:6.1f} documents/s"
                  + (f"  ({failures} unreadable)" if failures else ""))
            print(f"          {usage[jobs]}")
        if 1 in timings and 2 in timings:
            print(f"2 workers take {timings[2] / timings[1]:.2f} of 1 worker's time")


if __name__ == "__main__":
    main()

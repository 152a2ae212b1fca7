"""Batch scanning: folders of contracts, in parallel, cached, in a stable order.

The per-document work is one pure function, `review_bytes`: the file's bytes and the
playbook in, the result as plain data out. It runs in local worker processes
(msa_review.pool: time limit and memory guard per file), on a Dask cluster
(msa_review.dask_batch), or in this process (`jobs=0`, for debugging). Results already in
the cache (msa_review.cache) are not read again. Whatever runs it and in whatever order
the files finish, the results come back in the order of the inputs.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from msa_review.cache import ResultCache, file_sha256
from msa_review.errors import InputError
from msa_review.extract import SUFFIXES
from msa_review.extract.limits import Limits
from msa_review.payload import result_from_data, result_to_data
from msa_review.playbook import Playbook
from msa_review.scan import Failure, Result


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class BatchSettings:
    jobs: int = field(default_factory=default_jobs)  # worker processes; 0: in this process
    seconds: float | None = 120.0  # time limit per file
    memory_mb: int | None = 2048  # memory allowance per worker
    password: str | None = None
    limits: Limits | None = None
    scheduler: str | None = None  # a Dask scheduler address: run on that cluster instead


@dataclass
class BatchOutcome:
    results: list[Result]
    reviewed: list[str]  # paths read and reviewed in this run
    from_cache: list[str]  # paths whose result came from the cache
    interrupted: bool = False  # Ctrl-C: the files not reviewed are Failures "interrupted"


# -- finding the contracts ------------------------------------------------------------------

def _matches(relative: str, patterns: tuple[str, ...]) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(name, pattern)
               for pattern in patterns)


def discover(paths: list[str], include: tuple[str, ...] = (),
             exclude: tuple[str, ...] = ()) -> list[str]:
    """Files as given; folders walked recursively, in sorted order, for contract files.

    Hidden files and folders and other file types are skipped. `include` and `exclude`
    are glob patterns matched against a file's path relative to the folder given and
    against its name (`*.pdf`, `archive/*`); a file named on the command line is always
    scanned. A file reached twice is scanned once.
    """
    files: list[str] = []
    seen: set[str] = set()

    def add(file: str) -> None:
        key = os.path.realpath(file)
        if key not in seen:
            seen.add(key)
            files.append(file)

    for given in paths:
        root = Path(given)
        if not (root.is_dir() and root.suffix.lower() not in SUFFIXES):
            add(given)
            continue
        for folder, folders, names in os.walk(root):
            relative_folder = Path(folder).relative_to(root).as_posix()
            prefix = "" if relative_folder == "." else relative_folder + "/"
            folders[:] = sorted(
                name for name in folders
                if not name.startswith(".") and not _matches(prefix + name, exclude))
            for name in sorted(names):
                relative = prefix + name
                if name.startswith(".") or Path(name).suffix.lower() not in SUFFIXES:
                    continue
                if include and not _matches(relative, include):
                    continue
                if _matches(relative, exclude):
                    continue
                add(str(Path(folder) / name))
    return files


# -- the per-document work ------------------------------------------------------------------

def review_bytes(path: str, raw: bytes, playbook: Playbook, *, password: str | None = None,
                 limits: Limits | None = None) -> dict[str, Any]:
    """One contract's bytes and the playbook in, its result as plain data out."""
    from msa_review.engine import review
    from msa_review.extract import extract_bytes

    try:
        document = extract_bytes(path, raw, password=password, limits=limits)
    except InputError as error:
        return result_to_data(Failure(path, error))
    return result_to_data(review(document, playbook))


@dataclass(frozen=True)
class WorkerState:
    playbook: Playbook
    password: str | None
    limits: Limits

    def close(self) -> None:
        """Keep the patterns this worker compiled for the next run (pattern_cache)."""
        from msa_review import pattern_cache

        pattern_cache.save()


def prepare_worker(playbook: Playbook, password: str | None,
                   limits: Limits | None) -> WorkerState:
    return WorkerState(playbook, password, limits or Limits())


def review_file(state: WorkerState, path: str) -> dict[str, Any]:
    """The worker's task: read and review one file within the limits (scan.scan_file)."""
    from msa_review import scan

    return result_to_data(scan.scan_file(path, state.playbook, password=state.password,
                                         limits=state.limits))


# -- running a batch ------------------------------------------------------------------------

Advance = Callable[[Result], None]


def run_batch(files: list[str], playbook: Playbook, settings: BatchSettings | None = None, *,
              cache: ResultCache | None = None, advance: Advance | None = None,
              task: Callable[[Any, str], dict[str, Any]] = review_file) -> BatchOutcome:
    """Review every file; results in the order of `files`, whatever finishes first."""
    settings = settings or BatchSettings()
    if settings.password is not None:
        cache = None  # a decrypted contract is never written to disk
    results: list[Result | None] = [None] * len(files)
    reviewed: list[str] = []
    from_cache: list[str] = []
    hashes: dict[int, str] = {}
    jobs: list[tuple[int, str]] = []
    for position, path in enumerate(files):
        if cache is not None:
            try:
                hashes[position] = file_sha256(path)
            except OSError:
                pass  # not found, a folder, unreadable: the worker reports it
            cached = cache.get(hashes[position]) if position in hashes else None
            if cached is not None:
                result = result_from_data(cached, path)
                results[position] = result
                from_cache.append(path)
                if advance:
                    advance(result)
                continue
        jobs.append((position, path))

    def done(position: int, data: dict[str, Any]) -> None:
        path = files[position]
        if cache is not None and position in hashes and _cacheable(data):
            cache.put(hashes[position], data)
        result = result_from_data(data, path)
        results[position] = result
        reviewed.append(path)
        if advance:
            advance(result)

    state_arguments = (playbook, settings.password, settings.limits)
    try:
        _dispatch(jobs, task, state_arguments, settings, playbook, done)
    except KeyboardInterrupt:
        # Keep what is done; the rest is reported, not lost.
        for position, path in enumerate(files):
            if results[position] is None:
                results[position] = Failure(path, InputError(
                    f"{path}: not reviewed, the scan was interrupted", code="interrupted"))
        interrupted = True
    else:
        interrupted = False
    order = {path: position for position, path in enumerate(files)}
    reviewed.sort(key=order.__getitem__)
    return BatchOutcome([result for result in results if result is not None], reviewed,
                        from_cache, interrupted)


def _dispatch(jobs: list[tuple[int, str]], task: Callable[[Any, str], dict[str, Any]],
              state_arguments: tuple[Any, ...], settings: BatchSettings, playbook: Playbook,
              done: Callable[[int, dict[str, Any]], None]) -> None:
    if not jobs:
        pass
    elif settings.scheduler:
        from msa_review.dask_batch import run_on_dask

        run_on_dask(jobs, playbook, settings, done)
    elif settings.jobs <= 0:
        state = prepare_worker(*state_arguments)
        for position, path in jobs:
            done(position, task(state, path))
    else:
        from msa_review.pool import PoolSettings, run_pool

        pool = PoolSettings(workers=min(settings.jobs, len(jobs)), seconds=settings.seconds,
                            memory_mb=settings.memory_mb)
        run_pool(jobs, task, prepare_worker, state_arguments, pool, done)


def _cacheable(data: dict[str, Any]) -> bool:
    """Reviews, and failures that the same bytes would give again (not a timeout or crash)."""
    failure = data.get("failure")
    return failure is None or not failure.get("transient", False)

"""A supervised pool of worker processes: one hostile file cannot stall or kill a batch.

Each worker prepares its state once (the playbook, the language pipeline), then takes one
file at a time. The pool watches every file's clock and every worker's life:

- a file still running after the time limit: its worker is stopped, the file gets the
  error code `timeout`, a fresh worker takes over the rest;
- a file that exhausts the worker's memory allowance: `too_large` when Python can report it
  (MemoryError), `worker_crashed` when the worker dies (killed, or a native crash).

Results are handed back with their position in the batch, so the caller's output order
never depends on the number of workers or on which finished first.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

# The forkserver imports this module once and warms the language pipeline, so a new worker
# (at start or after a timeout) is ready in milliseconds instead of seconds.
WARM_MODULE = "msa_review.warm"

Prepare = Callable[..., Any]  # (*arguments) -> state, once per worker; its close(), if any, at the end
Task = Callable[[Any, str], dict[str, Any]]  # (state, path) -> result data
Done = Callable[[int, dict[str, Any]], None]  # (position, result data)


@dataclass(frozen=True)
class PoolSettings:
    workers: int
    seconds: float | None = 120.0  # per file
    memory_mb: int | None = 2048  # per worker, above what it holds once prepared


def failure_data(path: str, code: str, message: str) -> dict[str, Any]:
    """A failure of the run, not of the file's bytes: `transient`, so never cached."""
    return {"failure": {"path": path, "code": code, "message": message, "transient": True}}


def _context() -> Any:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([WARM_MODULE])
    _start_forkserver()
    return context


def _start_forkserver() -> None:
    """Start the forkserver able to import this package even from a plain source checkout.

    The forkserver imports its preload modules before it learns the parent's sys.path
    (Python 3.11), so the package's folder goes into its PYTHONPATH for the start.
    """
    from multiprocessing import forkserver

    package_root = str(Path(__file__).resolve().parent.parent)
    previous = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = package_root + (os.pathsep + previous if previous else "")
    try:
        forkserver.ensure_running()
    finally:
        if previous is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = previous


def _address_space() -> int | None:
    try:
        with open("/proc/self/statm") as stream:
            return int(stream.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _limit_memory(memory_mb: int | None) -> None:
    """Cap the worker's address space at what it holds now plus the allowance (POSIX)."""
    if not memory_mb:
        return
    try:
        import resource
    except ImportError:
        return
    current = _address_space()
    if current is None:
        return
    limit = current + memory_mb * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass


def _worker_main(connection: Connection, prepare: Prepare, arguments: tuple[Any, ...],
                 task: Task, memory_mb: int | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    state = prepare(*arguments)
    _limit_memory(memory_mb)
    connection.send(("ready", None))
    while True:
        message = connection.recv()
        if message is None:
            # Workers leave without exit handlers: the state says what to keep first.
            close = getattr(state, "close", None)
            if callable(close):
                close()
            return
        position, path = message
        try:
            data = task(state, path)
        except MemoryError:
            data = failure_data(path, "too_large", f"{path}: reading it exceeded the memory limit "
                                                    f"of {memory_mb} MB per worker")
        except Exception as error:  # a bug on one file must not stop the batch
            data = failure_data(path, "internal_error",
                                f"{path}: {type(error).__name__}: {error}")
        connection.send((position, data))


@dataclass
class _Worker:
    process: Any
    connection: Connection
    ready: bool = False
    job: tuple[int, str] | None = None
    started: float = 0.0


class WorkerStartError(RuntimeError):
    pass


def run_pool(jobs: list[tuple[int, str]], task: Task, prepare: Prepare,
             arguments: tuple[Any, ...], settings: PoolSettings, done: Done) -> None:
    """Run `task` on every (position, path), calling `done` as each one finishes."""
    context = _context()
    pending = deque(jobs)
    workers: list[_Worker] = []
    failed_starts = 0

    def start() -> None:
        parent_end, child_end = context.Pipe()
        process = context.Process(
            target=_worker_main, args=(child_end, prepare, arguments, task, settings.memory_mb),
            daemon=True)
        process.start()
        child_end.close()
        workers.append(_Worker(process, parent_end))

    def retire(worker: _Worker) -> None:
        workers.remove(worker)
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.connection.close()

    try:
        while pending or any(worker.job for worker in workers):
            busy = sum(1 for worker in workers if worker.job)
            while len(workers) < min(settings.workers, busy + len(pending)) and pending:
                start()
            for worker in workers:
                if worker.ready and worker.job is None and pending:
                    worker.job = pending.popleft()
                    worker.started = time.monotonic()
                    worker.connection.send(worker.job)
            deadlines = [worker.started + settings.seconds for worker in workers
                         if worker.job and settings.seconds]
            timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            waitables: list[Any] = [worker.connection for worker in workers]
            waitables += [worker.process.sentinel for worker in workers]
            ready = set(wait(waitables, timeout))
            for worker in list(workers):
                if worker.connection in ready:
                    try:
                        position, data = worker.connection.recv()
                    except (EOFError, OSError):
                        _lost(worker, done, "worker_crashed")
                        failed_starts += 0 if worker.ready else 1
                        retire(worker)
                        continue
                    if position == "ready":
                        worker.ready, failed_starts = True, 0
                    else:
                        worker.job = None
                        done(position, data)
                elif worker.process.sentinel in ready:
                    _lost(worker, done, "worker_crashed")
                    failed_starts += 0 if worker.ready else 1
                    retire(worker)
            if failed_starts >= 3:
                raise WorkerStartError("worker processes exit before they are ready")
            now = time.monotonic()
            for worker in list(workers):
                if worker.job and settings.seconds and now - worker.started >= settings.seconds:
                    _lost(worker, done, "timeout", settings.seconds)
                    retire(worker)
    finally:
        # Idle workers are told to stop; a busy one (after Ctrl-C or an error) is killed.
        for worker in list(workers):
            if worker.job is None:
                try:
                    worker.connection.send(None)
                    worker.process.join(timeout=2)
                except OSError:
                    pass
            retire(worker)


def _lost(worker: _Worker, done: Done, code: str, seconds: float | None = None) -> None:
    if worker.job is None:
        return
    position, path = worker.job
    worker.job = None
    if code == "timeout":
        message = f"{path}: no result within the time limit of {seconds:g} s; stopped"
    else:
        worker.process.join(timeout=1)
        exit_code = worker.process.exitcode
        message = (f"{path}: the worker reading it stopped (exit code {exit_code}), "
                   "likely out of memory or a crash in a native library")
    done(position, failure_data(path, code, message))

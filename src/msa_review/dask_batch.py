"""Running a batch on a Dask cluster (`pip install msa-review[dask]`, `--scheduler ADDRESS`).

The per-document work is the pure function msa_review.batch.review_bytes: the file's bytes
and the playbook go to the cluster, plain result data comes back. The playbook is sent
once and kept on every worker; files are read here and sent as they are needed, a few per
worker thread at a time. Each worker needs msa-review installed (the same version).

The cluster's own limits apply there (a worker over its memory limit is restarted by
Dask); a file whose task fails or whose worker is lost is reported as `worker_crashed`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msa_review.errors import InputError
from msa_review.extract.limits import Limits
from msa_review.payload import result_to_data
from msa_review.playbook import Playbook
from msa_review.scan import Failure

if TYPE_CHECKING:
    from msa_review.batch import BatchSettings

IN_FLIGHT_PER_THREAD = 4
NEEDS_DASK = "--scheduler needs Dask: pip install 'msa-review[dask]'"


def available() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def _review_remote(path: str, raw: bytes, playbook: Playbook, password: str | None,
                   limits: Limits | None) -> dict[str, Any]:
    from msa_review.batch import review_bytes

    return review_bytes(path, raw, playbook, password=password, limits=limits)


def run_on_dask(jobs: list[tuple[int, str]], playbook: Playbook, settings: BatchSettings,
                done: Callable[[int, dict[str, Any]], None]) -> None:
    if not available():
        raise ImportError(NEEDS_DASK)
    from distributed import Client, as_completed

    from msa_review.extract import read_bytes
    from msa_review.pool import failure_data

    limits = settings.limits or Limits()
    with Client(settings.scheduler, set_as_default=False) as client:  # type: ignore[no-untyped-call]
        threads = sum(client.nthreads().values()) or 1
        shared_playbook = client.scatter(playbook, broadcast=True, hash=False)
        waiting = deque(jobs)
        positions: dict[Any, tuple[int, str]] = {}
        running = as_completed(loop=client.loop)  # type: ignore[no-untyped-call]

        def submit_next() -> bool:
            while waiting:
                position, path = waiting.popleft()
                try:
                    raw = read_bytes(Path(path), limits)
                except InputError as error:
                    done(position, result_to_data(Failure(path, error)))
                    continue
                future = client.submit(_review_remote, path, raw, shared_playbook,
                                       settings.password, settings.limits, pure=False)
                positions[future] = (position, path)
                running.add(future)  # type: ignore[no-untyped-call]
                return True
            return False

        for _ in range(threads * IN_FLIGHT_PER_THREAD):
            if not submit_next():
                break
        for future in running:
            position, path = positions.pop(future)
            try:
                data = future.result()
            except Exception as error:  # noqa: BLE001 - a lost worker or a failed task
                data = failure_data(path, "worker_crashed",
                                    f"{path}: the cluster could not review it "
                                    f"({type(error).__name__}: {error})")
            done(position, data)
            submit_next()

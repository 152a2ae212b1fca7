"""Worker tasks that misbehave on purpose, by file name, for the batch's guard tests.

Imported by worker processes, so it sits in tests/ as a plain module."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

from msa_review.batch import review_file


def misbehave(state: Any, path: str) -> dict[str, Any]:
    name = Path(path).name
    if name.startswith("slow"):
        time.sleep(600)
    if name.startswith("greedy"):
        hoard = [bytearray(64 * 1024 * 1024) for _ in range(10_000)]  # far above the allowance
        del hoard
    if name.startswith("crash"):
        os.kill(os.getpid(), signal.SIGKILL)
    if name.startswith("buggy"):
        raise RuntimeError("a bug on this file")
    return review_file(state, path)


class MarkedState:
    """A worker state that leaves a file behind when the pool closes it."""

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def close(self) -> None:
        (Path(self.folder) / f"closed-{os.getpid()}").write_text("")


def marked_state(folder: str) -> MarkedState:
    return MarkedState(folder)


def echo(state: Any, path: str) -> dict[str, Any]:
    return {"path": path}

"""The result cache: a contract already reviewed with the same playbook is not read again.

An entry is keyed by the file's content hash, the playbook's digest, the tool version and
the settings that change a result (extraction limits), so an edited contract, an edited
rule or an upgrade each make a fresh review. Entries hold the review as plain data
(msa_review.payload), which rebuilds into the same report as a fresh scan.

Entries hold extracted contract text: the folder is the user's own cache directory,
created readable by the user only. Inputs opened with a password are never cached.

The cache is bounded: a hit marks its entry as used, and after a scan that wrote entries
the least recently used ones go until the folder is within its size
($MSA_REVIEW_CACHE_MAX_MB, 500 MB unless set). Entries of an older format go at once.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msa_review.payload import FORMAT_VERSION

if TYPE_CHECKING:
    from msa_review.batch import BatchSettings
    from msa_review.playbook import Playbook

ENVIRONMENT_VARIABLE = "MSA_REVIEW_CACHE_DIR"
SIZE_VARIABLE = "MSA_REVIEW_CACHE_MAX_MB"
DEFAULT_MAX_MB = 500
_STALE_TEMPORARY = 3600.0  # seconds: a temporary file this old was left by a killed writer


def default_cache_dir() -> Path:
    """$MSA_REVIEW_CACHE_DIR, else the platform's user cache folder (XDG on Linux)."""
    configured = os.environ.get(ENVIRONMENT_VARIABLE)
    if configured:
        return Path(configured)
    try:
        from platformdirs import user_cache_dir
    except ImportError:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        return Path(base) / "msa-review"
    return Path(user_cache_dir("msa-review", appauthor=False))


def file_sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class ResultCache:
    """Results on disk, one gzipped JSON file per (content, playbook, version, settings)."""

    def __init__(self, directory: Path, *, playbook_digest: str, tool_version: str,
                 settings: str = "") -> None:
        self.directory = directory
        self.namespace = hashlib.sha256(
            f"{FORMAT_VERSION}|{playbook_digest}|{tool_version}|{settings}".encode()).hexdigest()

    @classmethod
    def for_scan(cls, playbook: Playbook, tool_version: str,
                 settings: BatchSettings) -> ResultCache:
        """The default cache folder, for this playbook, version and extraction limits."""
        from msa_review.extract.limits import Limits

        return cls(default_cache_dir(), playbook_digest=playbook.digest, tool_version=tool_version,
                   settings=repr(settings.limits or Limits()))

    def _entry(self, content_sha256: str) -> Path:
        key = hashlib.sha256(f"{self.namespace}|{content_sha256}".encode()).hexdigest()
        return self.directory / f"v{FORMAT_VERSION}" / key[:2] / f"{key}.json.gz"

    def get(self, content_sha256: str) -> dict[str, Any] | None:
        entry = self._entry(content_sha256)
        try:
            with gzip.open(entry, "rt", encoding="utf-8") as stream:
                data = json.load(stream)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, EOFError):
            entry.unlink(missing_ok=True)  # a torn or foreign entry: forget it, scan afresh
            return None
        try:
            os.utime(entry)  # used now: pruning removes the least recently used first
        except OSError:
            pass
        return data if isinstance(data, dict) else None

    def put(self, content_sha256: str, data: dict[str, Any]) -> None:
        entry = self._entry(content_sha256)
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            temporary = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "wb") as raw, gzip.GzipFile(
                    fileobj=raw, mode="wb", compresslevel=5, mtime=0) as stream:
                stream.write(json.dumps(data, ensure_ascii=False).encode("utf-8"))
            os.replace(temporary, entry)
        except OSError:
            pass  # a cache that cannot be written only costs speed, never a result


def max_bytes() -> int | None:
    """The cache's size bound: $MSA_REVIEW_CACHE_MAX_MB (0: unbounded), else 500 MB."""
    configured = os.environ.get(SIZE_VARIABLE, "").strip()
    try:
        megabytes = float(configured) if configured else DEFAULT_MAX_MB
    except ValueError:
        megabytes = DEFAULT_MAX_MB
    return int(megabytes * 1024 * 1024) if megabytes > 0 else None


@dataclass(frozen=True)
class Usage:
    entries: int
    bytes: int


def _entries(directory: Path) -> list[tuple[float, int, Path]]:
    """(last use, size, path) of every entry of the current format."""
    found = []
    for entry in (directory / f"v{FORMAT_VERSION}").glob("*/*.json.gz"):
        try:
            status = entry.stat()
        except OSError:
            continue  # removed meanwhile by another scan
        found.append((status.st_mtime, status.st_size, entry))
    return found


def usage(directory: Path) -> Usage:
    entries = _entries(directory)
    return Usage(len(entries), sum(size for _, size, _ in entries))


def prune(directory: Path, limit: int | None) -> int:
    """Remove entries of older formats, temporary files left by killed writers, and the
    least recently used entries until the cache is within `limit` bytes. Returns how many
    entries went."""
    removed = 0
    if not directory.is_dir():
        return removed
    for folder in directory.glob("v*"):
        if folder.is_dir() and folder.name != f"v{FORMAT_VERSION}":
            removed += sum(1 for _ in folder.glob("*/*.json.gz"))
            shutil.rmtree(folder, ignore_errors=True)
    now = time.time()
    for temporary in (directory / f"v{FORMAT_VERSION}").glob("*/.*.tmp"):
        try:
            if now - temporary.stat().st_mtime > _STALE_TEMPORARY:
                temporary.unlink()
        except OSError:
            pass
    if limit is None:
        return removed
    entries = sorted(_entries(directory))
    total = sum(size for _, size, _ in entries)
    for _, size, entry in entries:
        if total <= limit:
            break
        entry.unlink(missing_ok=True)
        total -= size
        removed += 1
    return removed


def clear(directory: Path) -> int:
    """Remove every entry (all formats); returns how many there were."""
    count = sum(1 for _ in directory.glob("v*/*/*.json.gz")) if directory.is_dir() else 0
    for folder in directory.glob("v*"):
        if folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)
    return count

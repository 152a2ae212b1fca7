"""Resource limits that keep one hostile file from stalling or exhausting a scan.

DOCX is a zip archive, and its central directory can lie about sizes, so a DOCX is
checked twice before python-docx sees it: once from the directory alone (nothing
inflated), then by streaming every member through a decompressor with a byte cap, so a
lying member is caught after inflating at most the cap, a chunk at a time. The same pass
refuses XML parts that declare a DTD: Word never writes one, and a DTD is how entity
expansion ("billion laughs") and external entities (XXE) get in.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from msa_review.errors import InputError

MB = 1024 * 1024
_CHUNK = 64 * 1024
# A DTD declaration in the encodings an XML parser accepts without being told.
_DTD_MARKS = tuple(
    mark.encode(encoding)
    for mark in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
)
_OVERLAP = max(len(mark) for mark in _DTD_MARKS) - 1


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 100 * MB
    max_unzipped_bytes: int = 300 * MB  # all members of a DOCX together
    max_member_bytes: int = 150 * MB
    max_compression_ratio: int = 200  # a larger ratio on a large member is a zip bomb
    max_zip_members: int = 10_000
    max_pdf_pages: int = 2_000
    seconds: float | None = 120.0  # per file: extraction and review; None for no limit

    @classmethod
    def from_options(cls, max_size_mb: float | None = None, max_pages: int | None = None,
                     seconds: float | None = None) -> "Limits":
        """The limits the command line asks for; an option left out keeps its default.

        A timeout of 0 means no time limit.
        """
        defaults = cls()
        return cls(
            max_file_bytes=(int(max_size_mb * MB) if max_size_mb is not None
                            else defaults.max_file_bytes),
            max_pdf_pages=max_pages if max_pages is not None else defaults.max_pdf_pages,
            seconds=defaults.seconds if seconds is None else (seconds or None),
        )


def check_zip(path: str, archive: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse a zip bomb from its directory alone, before inflating any member."""
    members = archive.infolist()
    if len(members) > limits.max_zip_members:
        raise InputError(f"{path}: the DOCX holds {len(members)} parts, too many to be a contract",
                         code="too_large")
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > limits.max_member_bytes or (
            member.file_size > 10 * MB and ratio > limits.max_compression_ratio
        ):
            raise InputError(
                f"{path}: part {member.filename} would inflate to {member.file_size // MB} MB "
                f"(compression ratio {ratio:.0f}:1); refused as a likely zip bomb",
                code="too_large",
            )
    if total > limits.max_unzipped_bytes:
        raise InputError(f"{path}: the DOCX would inflate to {total // MB} MB; refused",
                         code="too_large")


def check_members(path: str, archive: zipfile.ZipFile, limits: Limits) -> None:
    """Inflate every member as a stream, a chunk at a time, and stop at the caps.

    The caps count the bytes actually inflated, whatever the directory claims; nothing is
    kept but a few bytes of overlap to find a DTD declaration split across two chunks.
    """
    total = 0
    for member in archive.infolist():
        if member.is_dir():
            continue
        is_xml = member.filename.lower().endswith((".xml", ".rels"))
        inflated = 0
        tail = b""
        try:
            with archive.open(member) as stream:
                while chunk := stream.read(_CHUNK):
                    inflated += len(chunk)
                    total += len(chunk)
                    if inflated > limits.max_member_bytes or total > limits.max_unzipped_bytes:
                        raise InputError(
                            f"{path}: part {member.filename} inflates past "
                            f"{min(limits.max_member_bytes, limits.max_unzipped_bytes) // MB} MB; "
                            "refused as a likely zip bomb", code="too_large")
                    if is_xml:
                        window = tail + chunk
                        if any(mark in window for mark in _DTD_MARKS):
                            raise InputError(
                                f"{path}: part {member.filename} declares a DTD, which Word never "
                                "writes; refused (entity expansion or external entities)",
                                code="corrupt")
                        tail = window[-_OVERLAP:]
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError,
                OSError, ValueError, RuntimeError) as error:
            # CRC mismatch, truncated data, an unknown compression method, an encrypted member
            raise InputError(f"{path}: the DOCX file is damaged ({_reason(error)})",
                             code="corrupt") from None


def _reason(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "..."


@contextlib.contextmanager
def time_limit(seconds: float | None, path: str) -> Iterator[None]:
    """Raise InputError(code='timeout') if the block runs longer than `seconds`.

    A POSIX interval timer (SIGALRM), so it only works in the main thread; elsewhere, or
    on a platform without SIGALRM, the block runs without a limit (a batch running files
    in worker processes bounds them there). The signal interrupts Python code; a single
    long call into a C library is interrupted when it returns. A timer already set by the
    caller is put back afterwards.
    """
    usable = (seconds is not None and seconds > 0 and hasattr(signal, "SIGALRM")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return
    assert seconds is not None

    def expire(signum: int, frame: object) -> None:
        raise InputError(f"{path}: still not read after {seconds:g} seconds; stopped",
                         code="timeout", hint="raise the limit with --timeout")

    started = time.monotonic()
    previous_handler = signal.signal(signal.SIGALRM, expire)
    previous_delay, previous_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_delay:
            left = max(previous_delay - (time.monotonic() - started), 0.001)
            signal.setitimer(signal.ITIMER_REAL, left, previous_interval)

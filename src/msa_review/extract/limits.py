"""Resource limits that keep one hostile file from stalling or exhausting a scan.

DOCX is a zip archive, and its central directory can lie about sizes, so a DOCX is
checked twice before python-docx sees it: once from the directory alone (nothing
inflated), then by streaming every member through a decompressor with a byte cap, so a
lying member is caught after inflating at most the cap, a chunk at a time. The same pass
refuses XML parts that declare a DTD: Word never writes one, and a DTD is how entity
expansion ("billion laughs") and external entities (XXE) get in. A PDF's compressed
streams get the same streaming check before pdfium opens the file. time_limit() bounds
the time spent on one file.
"""

from __future__ import annotations

import contextlib
import re
import signal
import struct
import threading
import time
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from msa_review.errors import InputError

MB = 1024 * 1024
_CHUNK = 256 * 1024  # inflated bytes at a time
_COMPRESSED_CHUNK = 16 * 1024
_RATIO_FLOOR = 10 * MB  # below this, any compression ratio is harmless
# How an XML part's first bytes give away its encoding (XML 1.0, appendix F); anything
# else is read as ASCII-compatible.
_XML_ENCODINGS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"), (b"\x00\x00\x00<", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
    (b"<\x00", "utf-16-le"), (b"\x00<", "utf-16-be"),
)
_OVERLAP = 4 * len("<!DOCTYPE")


def _dtd_marks(first_bytes: bytes) -> tuple[bytes, ...]:
    """What a DTD declaration looks like in the encoding the part's first bytes announce."""
    encoding = next((name for start, name in _XML_ENCODINGS if first_bytes.startswith(start)),
                    "utf-8")
    return tuple(mark.encode(encoding) for mark in ("<!DOCTYPE", "<!ENTITY"))


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 100 * MB
    max_unzipped_bytes: int = 300 * MB  # all members of a DOCX (streams of a PDF) together
    max_member_bytes: int = 150 * MB  # one member of a DOCX, one stream of a PDF
    max_compression_ratio: int = 200  # a larger ratio on a large member is a zip bomb
    max_zip_members: int = 10_000
    max_pdf_pages: int = 2_000
    seconds: float | None = 120.0  # per file: extraction and review; None for no limit

    @classmethod
    def from_options(cls, max_size_mb: float | None = None, max_pages: int | None = None,
                     seconds: float | None = None) -> Limits:
        """The limits the command line asks for; an option left out keeps its default.

        A timeout of 0 means no time limit. A larger file size raises the inflation caps
        with it, so a large DOCX that is allowed in can also be opened.
        """
        defaults = cls()
        max_file_bytes = (int(max_size_mb * MB) if max_size_mb is not None
                          else defaults.max_file_bytes)
        return cls(
            max_file_bytes=max_file_bytes,
            max_unzipped_bytes=max(defaults.max_unzipped_bytes, 3 * max_file_bytes),
            max_member_bytes=max(defaults.max_member_bytes, 3 * max_file_bytes // 2),
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
            member.file_size > _RATIO_FLOOR and ratio > limits.max_compression_ratio
        ):
            raise InputError(
                f"{path}: part {member.filename} would inflate to {member.file_size // MB} MB "
                f"(compression ratio {ratio:.0f}:1); refused as a likely zip bomb",
                code="too_large",
            )
    if total > limits.max_unzipped_bytes:
        raise InputError(f"{path}: the DOCX would inflate to {total // MB} MB; refused",
                         code="too_large")


def check_members(path: str, raw: bytes, archive: zipfile.ZipFile, limits: Limits) -> None:
    """Inflate every member as a stream, a chunk at a time, and stop at the caps.

    The caps count the bytes actually inflated and the compression ratio actually met,
    whatever the directory claims, so a lying member is refused after a few megabytes.
    Nothing is kept but a few bytes of overlap to find a DTD declaration split across
    two chunks.
    """
    total = 0
    for member in archive.infolist():
        if member.is_dir() or (member.compress_size == 0 and member.file_size == 0):
            continue
        is_xml = member.filename.lower().endswith((".xml", ".rels"))
        inflated = 0
        tail = b""
        marks: tuple[bytes, ...] = ()
        try:
            for chunk, consumed in _inflate(raw, archive, member):
                inflated += len(chunk)
                total += len(chunk)
                _within_caps(inflated, total, consumed, limits,
                             f"{path}: part {member.filename}", "zip bomb")
                if is_xml:
                    window = tail + chunk
                    marks = marks or _dtd_marks(window)
                    if any(mark in window for mark in marks):
                        raise InputError(
                            f"{path}: part {member.filename} declares a DTD, which Word never "
                            "writes; refused (entity expansion or external entities)",
                            code="corrupt")
                    tail = window[-_OVERLAP:]
        except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError,
                EOFError, OSError, ValueError, RuntimeError, struct.error) as error:
            # CRC mismatch, truncated data, an unknown compression method, an encrypted member
            raise InputError(f"{path}: the DOCX file is damaged ({_reason(error)})",
                             code="corrupt") from None


def _within_caps(inflated: int, total: int, consumed: int, limits: Limits, what: str,
                 kind: str) -> None:
    """Refuse a part (or stream) over its cap, a file over its total, or a ratio of a bomb."""
    ratio = inflated > _RATIO_FLOOR and inflated > limits.max_compression_ratio * max(consumed, 1)
    if inflated > limits.max_member_bytes or total > limits.max_unzipped_bytes or ratio:
        raise InputError(f"{what} inflates to over {inflated // MB} MB from "
                         f"{max(consumed, 1) // 1024} KB; refused as a likely {kind}",
                         code="too_large")


def _inflate(raw: bytes, archive: zipfile.ZipFile,
             member: zipfile.ZipInfo) -> Iterator[tuple[bytes, int]]:
    """(inflated chunk, compressed bytes consumed so far) for one member.

    Deflate, which is all Word writes, is inflated here straight from the member's data,
    so neither the sizes in the directory nor zipfile's trust in them count; any other
    method goes through zipfile.
    """
    if member.flag_bits & 0x1:
        raise RuntimeError(f"part {member.filename} is encrypted")
    if member.compress_type != zipfile.ZIP_DEFLATED:
        with archive.open(member) as stream:
            consumed = 0
            while chunk := stream.read(_CHUNK):
                consumed += len(chunk)  # stored: as many bytes in as out
                yield chunk, consumed
        return
    header = raw[member.header_offset: member.header_offset + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"bad local header for {member.filename}")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    start = member.header_offset + 30 + name_length + extra_length
    data = memoryview(raw)[start: start + member.compress_size]
    decompressor = zlib.decompressobj(-zlib.MAX_WBITS)
    fed = 0
    while fed < len(data) and not decompressor.eof:
        piece = data[fed: fed + _COMPRESSED_CHUNK]
        fed += len(piece)
        pending: bytes = bytes(piece)
        while pending and not decompressor.eof:
            chunk = decompressor.decompress(pending, _CHUNK)
            pending = decompressor.unconsumed_tail
            if chunk:
                yield chunk, fed - len(pending)
    if not decompressor.eof:
        raise zipfile.BadZipFile(f"part {member.filename} is truncated")


_PDF_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")
_PDF_DICTIONARY_REACH = 2048  # how far before `stream` its dictionary is looked for


def check_pdf_streams(path: str, raw: bytes, limits: Limits) -> None:
    """Refuse a PDF whose compressed streams inflate like a bomb, before pdfium reads it.

    pdfium inflates a page's content stream whole, in memory, to read its text: a 1 MB
    file can ask for gigabytes. Every Flate stream but images (which text extraction never
    decodes) is inflated here a chunk at a time, counting the bytes actually inflated
    against the same caps as a DOCX. A stream that is not zlib data (encrypted, another
    filter) is left to pdfium.
    """
    total = 0
    for match in _PDF_STREAM.finditer(raw):
        before = raw[max(0, match.start() - _PDF_DICTIONARY_REACH): match.start()]
        dictionary = before[before.rfind(b"obj") + 1:] if b"obj" in before else before
        if b"/Image" in dictionary or b"/Flate" not in dictionary:
            continue
        inflated = 0
        for chunk, consumed in _inflate_zlib(raw, match.end()):
            inflated += len(chunk)
            total += len(chunk)
            _within_caps(inflated, total, consumed, limits,
                         f"{path}: a stream of the PDF", "decompression bomb")


def _inflate_zlib(raw: bytes, start: int) -> Iterator[tuple[bytes, int]]:
    """Inflate zlib data from `start` until it ends or stops making sense."""
    decompressor = zlib.decompressobj()
    data = memoryview(raw)
    fed = start
    try:
        while fed < len(data) and not decompressor.eof:
            pending = bytes(data[fed: fed + _COMPRESSED_CHUNK])
            fed += len(pending)
            while pending and not decompressor.eof:
                chunk = decompressor.decompress(pending, _CHUNK)
                pending = decompressor.unconsumed_tail
                if chunk:
                    yield chunk, fed - start - len(pending)
    except zlib.error:
        return  # not zlib data, or damaged: pdfium decides


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

"""Turn a contract file into the document model. One extractor per format, one entry point."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from msa_review.errors import InputError
from msa_review.extract.limits import MB, Limits
from msa_review.model import Document

SUFFIXES = {".docx": "docx", ".pdf": "pdf", ".txt": "text", ".text": "text", ".md": "markdown",
            ".markdown": "markdown"}


def detect_format(path: Path, raw: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    if suffix == ".doc":
        raise InputError(f"{path}: a legacy Word 97-2003 (.doc) file", code="legacy_doc",
                         hint="convert it, e.g. libreoffice --headless --convert-to docx FILE")
    if raw.startswith(b"%PDF"):
        return "pdf"
    if raw.startswith(b"PK\x03\x04"):
        return "docx"
    raise InputError(f"{path}: unsupported file type '{suffix or '(none)'}'",
                     code="unsupported_format", hint="msa-review reads .docx, .pdf, .txt and .md")


def read_bytes(path: Path, limits: Limits) -> bytes:
    """The file's bytes, never more than the size limit (a file may grow while it is read)."""
    try:
        status = path.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file", code="not_found") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})", code="not_found") from None
    if stat.S_ISDIR(status.st_mode):
        raise InputError(f"{path}: a directory, not a file", code="unsupported_format")
    if not stat.S_ISREG(status.st_mode):
        raise InputError(f"{path}: not a regular file (a device, pipe or socket)",
                         code="unsupported_format")
    if status.st_size > limits.max_file_bytes:
        raise _too_large(path, status.st_size, limits)
    if status.st_size == 0:
        raise InputError(f"{path}: the file is empty", code="empty")
    try:
        with path.open("rb") as stream:
            raw = stream.read(status.st_size + 1)
            if len(raw) > status.st_size:  # it grew since stat(): read on, up to the limit
                raw += stream.read(limits.max_file_bytes + 1 - len(raw))
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})", code="not_found") from None
    if len(raw) > limits.max_file_bytes:
        raise _too_large(path, len(raw), limits)
    if not raw:
        raise InputError(f"{path}: the file is empty", code="empty")
    return raw


def _too_large(path: Path, size: int, limits: Limits) -> InputError:
    return InputError(
        f"{path}: {_megabytes(size)} MB, over the size limit of {_megabytes(limits.max_file_bytes)} MB",
        code="too_large", hint="raise it with --max-size MB")


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f}".removesuffix(".0")


def extract(path: str | os.PathLike[str], *, password: str | None = None,
            limits: Limits | None = None) -> Document:
    """Read any supported contract file into a Document, or raise InputError."""
    limits = limits or Limits()
    file = Path(path)
    raw = read_bytes(file, limits)
    return extract_bytes(str(path), raw, password=password, limits=limits)


def extract_bytes(name: str, raw: bytes, *, password: str | None = None,
                  limits: Limits | None = None) -> Document:
    limits = limits or Limits()
    if not raw:
        raise InputError(f"{name}: the file is empty", code="empty")
    if len(raw) > limits.max_file_bytes:
        raise _too_large(Path(name), len(raw), limits)
    format = detect_format(Path(name), raw)
    if format == "docx":
        from msa_review.extract.docx import extract_docx

        document = extract_docx(name, raw, limits)
    elif format == "pdf":
        from msa_review.extract.pdf import extract_pdf

        document = extract_pdf(name, raw, password, limits)
    else:
        from msa_review.extract.text import extract_text

        document = extract_text(name, raw, format)
    if not document.paragraphs:
        raise InputError(f"{name}: no text found in the document", code="empty")
    return document

"""Turn a contract file into the document model. One extractor per format, one entry point."""

from __future__ import annotations

import os
from pathlib import Path

from msa_review.errors import InputError
from msa_review.extract.limits import Limits
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
    if not path.exists():
        raise InputError(f"{path}: no such file", code="not_found")
    if path.is_dir():
        raise InputError(f"{path}: a directory, not a file", code="unsupported_format")
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise InputError(f"{path}: {size // (1024 * 1024)} MB, over the size limit",
                         code="too_large", hint="raise it with --max-size")
    if size == 0:
        raise InputError(f"{path}: the file is empty", code="empty")
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})", code="not_found") from None


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

"""Resource limits that keep one hostile file from stalling or exhausting a scan."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from msa_review.errors import InputError

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 100 * MB
    max_unzipped_bytes: int = 300 * MB  # all members of a DOCX together
    max_member_bytes: int = 150 * MB
    max_compression_ratio: int = 200  # a larger ratio on a large member is a zip bomb
    max_zip_members: int = 10_000
    max_pdf_pages: int = 2_000
    seconds: float | None = 120.0


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

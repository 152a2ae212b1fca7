"""Hostile and broken inputs, built by the tests themselves: corrupt, encrypted, scanned,
legacy, oversized and crafted files, each with the error code it must get."""

from __future__ import annotations

import functools
import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from builders import softphone_docx, text_pdf

GB = 1024 * 1024 * 1024
_ZERO_MB = bytes(1 << 20)
CLAUSES = [
    "MASTER SERVICES AGREEMENT",
    ('This Agreement is made between Northwind Telecom Ltd. ("Customer") and Brightwave Voice '
     'Inc. ("Provider").'),
    "5. TERM AND TERMINATION",
    ("5.3 Termination for Convenience. Either party may terminate this Agreement for "
     "convenience upon sixty (60) days' prior written notice."),
]


def good_pdf() -> bytes:
    return text_pdf([CLAUSES])


def random_bytes(size: int = 64 * 1024, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(size)


def encrypted_pdf(password: str = "s3cret") -> bytes:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    encryption = pdfencrypt.StandardEncryption(password, ownerPassword="owner", strength=128)
    pdf = canvas.Canvas(buffer, encrypt=encryption, invariant=1)
    y = 760
    for clause in CLAUSES:
        pdf.drawString(72, y, clause[:90])
        y -= 20
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def image_only_pdf(pages: int = 2) -> bytes:
    """What a scanner produces: every page one picture, no text layer."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    # A tiny grey bitmap (a PPM; reportlab reads it through Pillow) stands in for the scan.
    try:
        from PIL import Image
    except ImportError:  # without Pillow, vector shapes are just as textless
        Image = None
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    for _ in range(pages):
        if Image is not None:
            picture = Image.new("L", (40, 60), color=200)
            pdf.drawImage(ImageReader(picture), 50, 100, width=400, height=600)
        else:
            for row in range(30):
                pdf.rect(72, 700 - row * 20, 400, 2, fill=1)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def word97_file() -> bytes:
    """The start of an OLE2 compound file, as Word 97-2003 writes it."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHH", 0x3E, 3, 0xFFFE)
    body = "WordDocument".encode("utf-16-le") + bytes(64)
    return (header + bytes(512 - len(header)) + body).ljust(4096, b"\0")


def encrypted_office_file() -> bytes:
    """A password-protected DOCX: an OLE2 container holding EncryptionInfo."""
    return word97_file() + "EncryptionInfo".encode("utf-16-le") + bytes(256)


@functools.cache
def _deflated_zeros(size: int) -> tuple[bytes, int]:
    """A raw deflate stream of `size` zero bytes, built without inflating it, and its CRC.

    After a full flush the compressor starts afresh, so every megabyte compresses to the
    same bytes: the stream is one compressed megabyte repeated.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(_ZERO_MB) + compressor.flush(zlib.Z_FULL_FLUSH)
    megabytes = size // len(_ZERO_MB)
    stream = block * megabytes + compressor.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(_ZERO_MB, crc)
    return stream, crc


def _zip_with_member(name: str, stream: bytes, crc: int, claimed_size: int,
                     others: dict[str, bytes]) -> bytes:
    """A zip whose member `name` holds a deflate `stream`, its headers claiming
    `claimed_size`; `others` are ordinary members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for other, data in others.items():
            archive.writestr(other, data)
    # Append the bomb member by hand: local header, data, and a rewritten directory.
    existing = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    entries = existing.infolist()
    body = bytearray(buffer.getvalue()[: existing.start_dir])
    offset = len(body)
    encoded = name.encode()
    size32 = min(claimed_size, 0xFFFFFFFF)
    body += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(stream), size32,
                        len(encoded), 0) + encoded + stream
    directory = bytearray()
    for entry in entries:
        entry_name = entry.filename.encode()
        directory += struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, entry.CRC, entry.compress_size,
            entry.file_size, len(entry_name), 0, 0, 0, 0, 0, entry.header_offset) + entry_name
    directory += struct.pack(
        "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(stream), size32,
        len(encoded), 0, 0, 0, 0, 0, offset) + encoded
    start = len(body)
    body += directory
    body += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries) + 1, len(entries) + 1,
                        len(directory), start, 0)
    return bytes(body)


def _docx_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(softphone_docx())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zip_bomb_docx(inflated: int = 3 * GB // 2, claimed: int | None = None) -> bytes:
    """A DOCX whose word/document.xml inflates to `inflated` bytes (1.5 GB by default) from
    about a thousandth of that; its directory claims `claimed` bytes (the truth by default)."""
    stream, crc = _deflated_zeros(inflated)
    parts = _docx_parts()
    del parts["word/document.xml"]
    return _zip_with_member("word/document.xml", stream, crc,
                            inflated if claimed is None else claimed, parts)


def pdf_bomb(inflated: int = GB) -> bytes:
    """A one-page PDF of about a megabyte whose content stream inflates to a gigabyte."""
    stream, _ = _deflated_zeros(inflated)
    stream = b"\x78\xda" + stream + struct.pack(">L", zlib.adler32(b""))  # adler not checked
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
        + b"\nendstream",
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(pdf)


def docx_with_document_xml(document_xml: bytes) -> bytes:
    parts = _docx_parts()
    parts["word/document.xml"] = document_xml
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def remote_links_docx(url: str = "http://198.51.100.7/track.png") -> bytes:
    """A good contract whose package links a remote image and a remote template (the
    tracking pixels of the Office world): opening it must not fetch them."""
    parts = _docx_parts()
    links = (f'<Relationship Id="rId901" Type="{_R}/image" Target="{url}" TargetMode="External"/>'
             f'<Relationship Id="rId902" Type="{_R}/attachedTemplate" Target="{url}.dotx" '
             'TargetMode="External"/>')
    rels = parts["word/_rels/document.xml.rels"]
    parts["word/_rels/document.xml.rels"] = rels.replace(b"</Relationships>",
                                                         links.encode() + b"</Relationships>")
    return _zip(parts)


def _document_xml(dtd: str, body_text: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{dtd}\n'
            f'<w:document xmlns:w="{_W}"><w:body><w:p><w:r><w:t>{body_text}</w:t></w:r></w:p>'
            "<w:p><w:r><w:t>1. Term. Either party may terminate this Agreement.</w:t></w:r></w:p>"
            "</w:body></w:document>")


def xxe_docx(secret: Path, encoding: str = "utf-8") -> bytes:
    """document.xml pulls a local file in through an external entity."""
    xml = _document_xml(
        f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.resolve().as_uri()}">]>', "&xxe;")
    if encoding != "utf-8":
        xml = xml.replace('encoding="UTF-8"', f'encoding="{encoding.upper()}"')
    return docx_with_document_xml(xml.encode(encoding))


def billion_laughs_docx() -> bytes:
    """Entities nested ten deep, ten each: a billion 'lol's from a few hundred bytes."""
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{level} "{("&lol%s;" % (level - 1 or "")) * 10}">' for level in range(1, 10)
    ]
    return docx_with_document_xml(
        _document_xml(f"<!DOCTYPE w:document [{''.join(entities)}]>", "&lol9;").encode())


def truncated(raw: bytes, fraction: float = 0.5) -> bytes:
    return raw[: int(len(raw) * fraction)]


def padded_text(size: int) -> bytes:
    """A real contract inside megabytes of blank lines (a runaway export, say)."""
    contract = "\n\n".join(CLAUSES).encode()
    padding = b"\n" * ((size - 2 * len(contract)) // 2)
    return contract + padding + padding + contract


@dataclass(frozen=True)
class Hostile:
    """A hostile input: its file name, how to build its bytes (None: write nothing), and
    the code it must be refused with."""

    name: str
    build: Callable[[Path], bytes] | None
    code: str


HOSTILE = [
    Hostile("missing.pdf", None, "not_found"),
    Hostile("empty.txt", lambda secret: b"", "empty"),
    Hostile("empty.pdf", lambda secret: b"", "empty"),
    Hostile("empty.docx", lambda secret: b"", "empty"),
    Hostile("blank.txt", lambda secret: b" \n\n\t\n", "empty"),
    Hostile("random.pdf", lambda secret: random_bytes(), "corrupt"),
    Hostile("random.docx", lambda secret: random_bytes(), "corrupt"),
    Hostile("random.txt", lambda secret: random_bytes(), "unsupported_format"),
    Hostile("image.png", lambda secret: b"\x89PNG\r\n\x1a\n" + random_bytes(1024),
            "unsupported_format"),
    Hostile("truncated.pdf", lambda secret: truncated(good_pdf()), "corrupt"),
    Hostile("header-only.pdf", lambda secret: b"%PDF-1.7\n", "corrupt"),
    Hostile("truncated.docx", lambda secret: truncated(softphone_docx()), "corrupt"),
    Hostile("encrypted.pdf", lambda secret: encrypted_pdf(), "encrypted"),
    Hostile("scanned.pdf", lambda secret: image_only_pdf(), "no_text_layer"),
    Hostile("word97.docx", lambda secret: word97_file(), "legacy_doc"),
    Hostile("word97.doc", lambda secret: word97_file(), "legacy_doc"),
    Hostile("protected.docx", lambda secret: encrypted_office_file(), "encrypted"),
    Hostile("bomb.docx", lambda secret: zip_bomb_docx(), "too_large"),
    Hostile("lying-bomb.docx", lambda secret: zip_bomb_docx(claimed=4096), "too_large"),
    Hostile("bomb.pdf", lambda secret: pdf_bomb(), "too_large"),
    Hostile("xxe.docx", xxe_docx, "corrupt"),
    Hostile("xxe-utf16.docx", lambda secret: xxe_docx(secret, "utf-16"), "corrupt"),
    Hostile("laughs.docx", lambda secret: billion_laughs_docx(), "corrupt"),
    Hostile("not-word.docx", lambda secret: _zip({"hello.txt": b"hello"}), "corrupt"),
    Hostile("x.pdf", None, "unsupported_format"),  # made a directory
]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def write_hostile(folder: Path, secret: Path) -> list[tuple[Path, str]]:
    """Write every hostile input into `folder`; return (path, expected code) pairs.
    `secret` is a file an XXE entity points at, to prove it is never read."""
    written = []
    for hostile in HOSTILE:
        path = folder / hostile.name
        if hostile.name == "x.pdf":
            path.mkdir()
        elif hostile.build is not None:
            path.write_bytes(hostile.build(secret))
        written.append((path, hostile.code))
    return written

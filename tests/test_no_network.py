"""No network, ever: scanning DOCX, PDF and text opens no socket and resolves no name."""

from __future__ import annotations

import json
import socket
import sys
from pathlib import Path

import pytest
from builders import softphone_docx
from click.testing import CliRunner
from hostile_files import good_pdf, remote_links_docx

from msa_review.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "brightwave-softphone-msa.txt"
_NETWORK_EVENTS = ("socket.__new__", "socket.connect", "socket.bind", "socket.getaddrinfo",
                   "socket.gethostbyname", "socket.sendto", "urllib.Request")
_watching: list[list[str]] = []  # an audit hook cannot be removed: it reports while watched


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _watching and event in _NETWORK_EVENTS:
        _watching[-1].append(event)


sys.addaudithook(_audit)


class NetworkUsed(AssertionError):
    pass


def _refuse(*args: object, **kwargs: object) -> None:
    raise NetworkUsed("a network call during a scan")


def test_scan_opens_no_socket(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docx_path = tmp_path / "msa.docx"
    docx_path.write_bytes(softphone_docx())
    pdf_path = tmp_path / "msa.pdf"
    pdf_path.write_bytes(good_pdf())
    linked_path = tmp_path / "linked.docx"
    linked_path.write_bytes(remote_links_docx())
    for name in ("socket", "create_connection", "getaddrinfo", "gethostbyname",
                 "create_server", "socketpair"):
        monkeypatch.setattr(socket, name, _refuse)
    events: list[str] = []
    _watching.append(events)
    try:
        result = CliRunner().invoke(main, ["scan", str(docx_path), str(pdf_path), str(EXAMPLE),
                                           str(linked_path), "--format", "json",
                                           # in this process, where the audit hook sees it: the
                                           # workers' only sockets are local pipes to them
                                           "--jobs", "0", "--no-cache",
                                           "--fail-on", "never"])
    finally:
        _watching.pop()
    assert not isinstance(result.exception, NetworkUsed), result.exception
    assert result.exit_code == 0, result.output
    assert events == []
    documents = json.loads(result.stdout)["documents"]
    assert [document["format"] for document in documents] == ["docx", "pdf", "text", "docx"]
    assert all(document["findings"] for document in documents)


def test_the_guard_would_notice_a_socket() -> None:
    """The audit hook above sees a socket being made (so the test above can fail)."""
    events: list[str] = []
    _watching.append(events)
    try:
        socket.socket().close()
    finally:
        _watching.pop()
    assert "socket.__new__" in events

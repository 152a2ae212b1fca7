"""Hostile and broken input: a stable code and one clear line for each, bounded time and
memory, nothing read that was not given, and a batch that still reports the good contract."""

from __future__ import annotations

import json
import os
import time
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile_files import (
    CLAUSES,
    HOSTILE,
    encrypted_pdf,
    good_pdf,
    padded_text,
    pdf_bomb,
    write_hostile,
    zip_bomb_docx,
)

from msa_review.cli import main
from msa_review.errors import InputError
from msa_review.extract import extract, extract_bytes
from msa_review.extract.limits import Limits, time_limit
from msa_review.scan import Failure, scan_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "brightwave-softphone-msa.txt"
SECRET = "TOP-SECRET-PAYROLL-7731"
# Generous on purpose: these catch a hang or a runaway allocation, not a slow machine.
SECONDS_PER_FILE = 30.0
PYTHON_BYTES_PER_FILE = 48 * 1024 * 1024


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[Path, str]]]:
    folder = tmp_path_factory.mktemp("hostile")
    secret = tmp_path_factory.mktemp("private") / "secret.txt"
    secret.write_text(SECRET)
    return folder, write_hostile(folder, secret)


@pytest.mark.parametrize("name", [hostile.name for hostile in HOSTILE])
def test_each_hostile_file_has_its_code_in_bounded_time_and_memory(
        hostile_folder: tuple[Path, list[tuple[Path, str]]], name: str) -> None:
    _, written = hostile_folder
    path, code = next((path, code) for path, code in written if path.name == name)
    import docx  # noqa: F401  (imports are not the file's cost)
    import pypdfium2  # noqa: F401

    import msa_review.extract.docx
    import msa_review.extract.pdf  # noqa: F401

    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(InputError) as caught:
            extract(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    elapsed = time.monotonic() - started
    assert caught.value.code == code, caught.value.line()
    assert str(path) in caught.value.message
    assert "\n" not in caught.value.line()
    assert elapsed < SECONDS_PER_FILE
    assert peak < PYTHON_BYTES_PER_FILE, f"{peak / 1e6:.1f} MB"


def test_zip_bomb_is_refused_without_inflating_it() -> None:
    """1.5 GB from 1.5 MB: refused from the directory, and when the directory lies about the
    size, after inflating a few megabytes a chunk at a time."""
    import msa_review.extract.docx  # noqa: F401

    for raw in (zip_bomb_docx(), zip_bomb_docx(claimed=4096),
                zip_bomb_docx(claimed=140 * 1024 * 1024)):
        tracemalloc.start()
        try:
            with pytest.raises(InputError) as caught:
                extract_bytes("bomb.docx", raw)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert caught.value.code == "too_large"
        assert "zip bomb" in caught.value.message
        # The compressed file itself is 1.5 MB; beyond it, a few chunks of 256 KB.
        assert peak < len(raw) + 8 * 1024 * 1024, f"{peak / 1e6:.1f} MB"


def test_pdf_bomb_is_refused_before_pdfium_inflates_it() -> None:
    """pdfium would inflate the gigabyte content stream in memory to read its text."""
    import msa_review.extract.pdf  # noqa: F401

    raw = pdf_bomb()
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as caught:
            extract_bytes("bomb.pdf", raw)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert caught.value.code == "too_large" and "bomb" in caught.value.message
    assert peak < len(raw) + 8 * 1024 * 1024, f"{peak / 1e6:.1f} MB"


def test_a_smaller_member_cap_counts_what_is_inflated() -> None:
    raw = zip_bomb_docx(inflated=8 * 1024 * 1024, claimed=4096)  # under the ratio floor
    with pytest.raises(InputError) as caught:
        extract_bytes("bomb.docx", raw, limits=Limits(max_member_bytes=2 * 1024 * 1024))
    assert caught.value.code == "too_large"


def test_xxe_never_reads_the_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    folder = tmp_path / "in"
    folder.mkdir()
    write_hostile(folder, secret)
    result = CliRunner().invoke(main, ["scan", str(folder / "xxe.docx"), str(folder / "laughs.docx"),
                                       "--format", "json"])
    assert result.exit_code == 3
    assert SECRET not in result.output
    codes = [document["error"]["code"] for document in json.loads(result.stdout)["documents"]]
    assert codes == ["corrupt", "corrupt"]


def test_hostile_cli_lines(hostile_folder: tuple[Path, list[tuple[Path, str]]]) -> None:
    """One line on stderr per failure, `msa-review: <message> (<hint>) [<code>]`, exit 3."""
    _, written = hostile_folder
    for path, code in written:
        result = CliRunner().invoke(main, ["extract", str(path)])
        assert result.exit_code == 3, (path, result.output)
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith("msa-review: ") and lines[0].endswith(f"[{code}]")
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_hints_where_they_help(hostile_folder: tuple[Path, list[tuple[Path, str]]]) -> None:
    _, written = hostile_folder
    hints = {}
    for path, code in written:
        try:
            extract(path)
        except InputError as error:
            hints[code] = error.hint or ""
    assert "--password" in hints["encrypted"] or "password" in hints["encrypted"]
    assert "ocrmypdf" in hints["no_text_layer"]
    assert "convert" in hints["legacy_doc"]


def test_batch_of_every_hostile_file_still_reports_the_good_contract_in_full(
        hostile_folder: tuple[Path, list[tuple[Path, str]]], tmp_path: Path) -> None:
    _, written = hostile_folder
    good = tmp_path / "good.pdf"
    good.write_bytes(good_pdf())
    alone = CliRunner().invoke(main, ["scan", str(good), str(EXAMPLE), "--format", "json"])
    expected = json.loads(alone.stdout)["documents"]
    odd = tmp_path / "latin1-nul.txt"  # read, with warnings
    odd.write_bytes("\n\n".join(CLAUSES).replace("Ltd.", "Ltd.\x00 café").encode("cp1252"))
    export = tmp_path / "export.txt"  # multi-megabyte, read
    export.write_bytes(padded_text(3 * 1024 * 1024))
    report = tmp_path / "report.json"
    paths = [str(path) for path, _ in written]
    arguments = [paths[0], str(good), *paths[1:], str(odd), str(export), str(EXAMPLE)]
    result = CliRunner().invoke(main, ["scan", *arguments, "--format", "json", "-o", str(report)])
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    error_lines = [line for line in result.stderr.splitlines() if line.endswith("]")]
    assert len(error_lines) == len(written)  # one line each, then the batch summary line
    documents = json.loads(report.read_text())["documents"]
    assert [document["path"] for document in documents] == arguments
    by_path = {document["path"]: document for document in documents}
    assert by_path[str(good)] == expected[0]
    assert by_path[str(EXAMPLE)] == expected[1]
    assert by_path[str(good)]["findings"]
    assert by_path[str(odd)]["findings"] and by_path[str(export)]["findings"]
    for path, code in written:
        assert by_path[str(path)]["error"]["code"] == code


def test_a_folder_of_hostile_files_is_walked_too(
        hostile_folder: tuple[Path, list[tuple[Path, str]]]) -> None:
    folder, written = hostile_folder
    result = CliRunner().invoke(main, ["scan", str(folder), "--format", "json"])
    assert result.exit_code == 3
    codes = {Path(d["path"]).name: d["error"]["code"] for d in json.loads(result.stdout)["documents"]}
    for path, code in written:
        if path.exists() and path.is_file() and path.suffix in (".pdf", ".docx", ".txt"):
            assert codes[path.name] == code


def test_encrypted_pdf_opens_with_its_password(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(encrypted_pdf("s3cret"))
    document = extract(path, password="s3cret")
    assert "Either party may terminate" in document.text
    with pytest.raises(InputError) as caught:
        extract(path, password="wrong")
    assert caught.value.code == "encrypted" and "wrong" in caught.value.message
    result = CliRunner().invoke(main, ["extract", str(path), "--password", "s3cret"])
    assert result.exit_code == 0 and "5.3" in result.output


def test_nul_bytes_and_latin1_text_are_read_with_warnings() -> None:
    raw = ("5.3 Termination. Either party may terminate on sixty (60) days' notice; "
           "fee 5 € — café.").encode("cp1252").replace(b";", b";\x00")
    document = extract_bytes("msa.txt", raw)
    assert "café" in document.text and "\x00" not in document.text
    assert len(document.text) == len(raw)  # offsets still point into the file
    assert any("NUL" in warning for warning in document.warnings)
    assert any("Windows-1252" in warning for warning in document.warnings)


def test_utf16_text_is_decoded() -> None:
    text = "5.3 Termination. Either party may terminate.\n"
    for encoded in (text.encode("utf-16"), text.encode("utf-16-le"), text.encode("utf-16-be")):
        assert extract_bytes("msa.txt", encoded).text == text


def test_multi_megabyte_text_is_read_and_the_size_limit_applies(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_bytes(padded_text(6 * 1024 * 1024))
    tracemalloc.start()
    try:
        document = extract(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert document.paragraphs[0].text == CLAUSES[0]
    assert peak < 20 * 6 * 1024 * 1024
    result = CliRunner().invoke(main, ["scan", str(path), "--max-size", "1", "--format", "json"])
    assert result.exit_code == 3
    assert json.loads(result.stdout)["documents"][0]["error"]["code"] == "too_large"
    assert "--max-size" in result.stderr and result.stderr.rstrip().endswith("[too_large]")
    result = CliRunner().invoke(main, ["extract", str(path), "--max-size", "10"])
    assert result.exit_code == 0


def test_one_enormous_paragraph_is_not_a_crash(playbook: object) -> None:
    raw = ("word " * 240_000).encode()  # 1.2 million characters with no paragraph break
    result = scan_file_bytes(raw, playbook)
    assert not isinstance(result, Failure), result.error.line()  # type: ignore[union-attr]


def scan_file_bytes(raw: bytes, playbook: object) -> object:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "one-paragraph.txt"
        path.write_bytes(raw)
        return scan_file(str(path), playbook)  # type: ignore[arg-type]


def test_page_limit(tmp_path: Path) -> None:
    from builders import text_pdf

    path = tmp_path / "long.pdf"
    path.write_bytes(text_pdf([["1. One."], ["2. Two."], ["3. Three."]]))
    result = CliRunner().invoke(main, ["extract", str(path), "--max-pages", "2"])
    assert result.exit_code == 3
    assert result.stderr.rstrip().endswith("[too_large]") and "--max-pages" in result.stderr
    assert CliRunner().invoke(main, ["extract", str(path), "--max-pages", "3"]).exit_code == 0


def test_size_limit_counts_bytes_given_directly() -> None:
    with pytest.raises(InputError) as caught:
        extract_bytes("big.txt", b"x" * 2048, limits=Limits(max_file_bytes=1024))
    assert caught.value.code == "too_large"


def test_not_a_regular_file(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError) as caught:
        extract(fifo)  # would block forever if it were opened
    assert caught.value.code == "unsupported_format"


def test_damaged_word_numbering_does_not_crash() -> None:
    import io
    import zipfile

    from builders import softphone_docx
    from hostile_files import docx_with_document_xml

    with zipfile.ZipFile(io.BytesIO(softphone_docx())) as archive:
        xml = archive.read("word/document.xml")
    damaged = (xml.replace(b'w:ilvl w:val="1"', b'w:ilvl w:val="99"')
               .replace(b'w:ilvl w:val="2"', b'w:ilvl w:val="x"'))
    assert damaged != xml
    document = extract_bytes("msa.docx", docx_with_document_xml(damaged))
    assert any("Termination for Convenience" in p.text for p in document.paragraphs)


# --- the time limit -------------------------------------------------------------------

def test_time_limit_stops_a_long_read(monkeypatch: pytest.MonkeyPatch, playbook: object) -> None:
    import msa_review.extract

    def stall(*args: object, **kwargs: object) -> None:
        time.sleep(60)

    monkeypatch.setattr(msa_review.extract, "extract", stall)
    started = time.monotonic()
    result = scan_file(str(EXAMPLE), playbook, limits=Limits(seconds=0.2))  # type: ignore[arg-type]
    assert time.monotonic() - started < SECONDS_PER_FILE
    assert isinstance(result, Failure) and result.error.code == "timeout"
    assert "--timeout" in (result.error.hint or "")


def test_timeout_option_reaches_the_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    import msa_review.extract

    monkeypatch.setattr(msa_review.extract, "extract", lambda *a, **k: time.sleep(60))
    result = CliRunner().invoke(main, ["scan", str(EXAMPLE), "--timeout", "0.2", "--jobs", "0",
                                       "--no-cache", "--format", "json"])
    assert result.exit_code == 3
    assert json.loads(result.stdout)["documents"][0]["error"]["code"] == "timeout"
    assert result.stderr.rstrip().endswith("[timeout]")


def test_time_limit_puts_back_a_timer_already_set() -> None:
    import signal

    if not hasattr(signal, "SIGALRM"):
        pytest.skip("no SIGALRM here")
    fired: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: fired.append(signum))
    try:
        signal.setitimer(signal.ITIMER_REAL, 50.0)
        with time_limit(5.0, "x"):
            pass
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 0 < left <= 50.0
        assert signal.getsignal(signal.SIGALRM) is not None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert not fired


def test_no_time_limit_when_zero() -> None:
    assert Limits.from_options(seconds=0).seconds is None
    assert Limits.from_options().seconds == Limits().seconds
    assert Limits.from_options(max_size_mb=2, max_pages=5).max_file_bytes == 2 * 1024 * 1024
    assert Limits.from_options(max_size_mb=2).max_unzipped_bytes == Limits().max_unzipped_bytes
    raised = Limits.from_options(max_size_mb=500)
    assert raised.max_unzipped_bytes == 1500 * 1024 * 1024
    assert raised.max_member_bytes == 750 * 1024 * 1024


# --- nothing lost ---------------------------------------------------------------------

def test_ctrl_c_keeps_the_results_already_done(monkeypatch: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    import msa_review.scan

    real_scan_file = msa_review.scan.scan_file
    calls: list[str] = []

    def interrupted_on_the_second(path: str, *args: object, **kwargs: object) -> object:
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_scan_file(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(msa_review.scan, "scan_file", interrupted_on_the_second)
    second = tmp_path / "second.txt"
    third = tmp_path / "third.txt"
    for path in (second, third):
        path.write_text(EXAMPLE.read_text())
    report = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["scan", str(EXAMPLE), str(second), str(third), "--jobs", "0",
                                       "--no-cache", "--format", "json", "-o", str(report)])
    assert result.exit_code == 130
    assert "interrupted" in result.stderr and "1 of 3" in result.stderr
    documents = json.loads(report.read_text())["documents"]
    assert documents[0]["path"] == str(EXAMPLE) and documents[0]["findings"]
    assert [d["error"]["code"] for d in documents[1:]] == ["interrupted", "interrupted"]
    assert calls == [str(EXAMPLE), str(second)]  # nothing scanned after the interrupt


def test_report_is_not_written_over_an_input_by_any_path(tmp_path: Path) -> None:
    folder = tmp_path / "contracts"
    folder.mkdir()
    contract = folder / "msa.txt"
    contract.write_text(EXAMPLE.read_text())
    original = contract.read_bytes()
    link = tmp_path / "link.txt"
    link.symlink_to(contract)
    folder_link = tmp_path / "folder-link"
    folder_link.symlink_to(folder, target_is_directory=True)
    hard = tmp_path / "hard.txt"
    os.link(contract, hard)
    relative = os.path.relpath(contract)
    for inputs, output in [
        ([str(contract)], str(link)),                       # output is a symlink to the input
        ([str(link)], str(contract)),                       # input given as a symlink
        ([str(contract)], str(folder / ".." / "contracts" / "msa.txt")),
        ([relative], str(contract)),
        ([str(contract)], relative),
        ([str(folder)], str(contract)),                     # input found by walking a folder
        ([str(folder_link)], str(contract)),
        ([str(contract)], str(hard)),                       # a hard link: the same file
    ]:
        result = CliRunner().invoke(main, ["scan", *inputs, "--format", "json", "-o", output])
        assert result.exit_code == 2, (inputs, output, result.output)
        assert "refusing to write the report over an input" in result.output
        assert contract.read_bytes() == original
    assert link.is_symlink()


def test_report_written_atomically_and_an_old_one_kept_on_failure(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from msa_review import output

    report = tmp_path / "review.json"
    output.write_atomically(report, "first\n")
    assert report.read_text() == "first\n"
    output.write_atomically(report, b"second\n")
    assert report.read_text() == "second\n"

    def broken_replace(source: str, target: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "replace", broken_replace)
    with pytest.raises(OSError):
        output.write_atomically(report, "third\n")
    assert report.read_text() == "second\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["review.json"]  # no temp left


def test_report_never_half_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The text goes to a temporary file beside the target and only a rename publishes it."""
    from msa_review import output

    report = tmp_path / "review.json"
    report.write_text("old report\n")
    seen: list[str] = []
    real_replace = os.replace

    def watching_replace(source: str, target: str) -> None:
        seen.append(Path(target).read_text())  # what a reader sees just before the rename
        assert Path(source).parent == report.parent
        real_replace(source, target)

    monkeypatch.setattr(output.os, "replace", watching_replace)
    result = CliRunner().invoke(main, ["scan", str(EXAMPLE), "--format", "json", "-o", str(report),
                                       "--fail-on", "never"])
    assert result.exit_code == 0
    assert seen == ["old report\n"]
    assert json.loads(report.read_text())["documents"][0]["findings"]


# Runs a command and reports its exit code and the peak memory of it and every process it
# starts (the batch's server and workers, which this process adopts as their subreaper and
# waits for). The command starts from this small process, not from the test run: Linux
# counts the memory of the process that forks a child into the child's peak.
_MEASURE = """
import ctypes, json, os, resource, subprocess, sys, time
adopted = ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
with open(sys.argv[1], "wb") as out:
    process = subprocess.Popen(sys.argv[2:], stdout=out, stderr=subprocess.PIPE)
    errors = process.stderr.read()
    _, status, _ = os.wait4(process.pid, 0)
stop = time.monotonic() + 30
while time.monotonic() < stop:
    try:
        if os.waitpid(-1, os.WNOHANG)[0] == 0:
            time.sleep(0.02)
    except ChildProcessError:
        break
print(json.dumps({"code": os.waitstatus_to_exitcode(status), "adopted": adopted,
                  "peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
                  "stderr": errors.decode(errors="replace")}))
"""


def test_bombs_stay_small_in_a_real_process(tmp_path: Path) -> None:
    """The whole process, C libraries included (tracemalloc sees only Python's memory):
    without the checks, the PDF bomb alone makes pdfium take over 2 GB."""
    import subprocess
    import sys

    if not sys.platform.startswith("linux"):
        pytest.skip("measured with Linux's subreapers")
    bombs = []
    for name, raw in (("bomb.pdf", pdf_bomb()), ("bomb.docx", zip_bomb_docx()),
                      ("lying-bomb.docx", zip_bomb_docx(claimed=4096))):
        path = tmp_path / name
        path.write_bytes(raw)
        bombs.append(str(path))
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    report = tmp_path / "report.json"
    measured = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(report),
         sys.executable, "-m", "msa_review", "scan", *bombs, str(EXAMPLE), "--format", "json"],
        env=environment, capture_output=True, text=True, check=True)
    result = json.loads(measured.stdout)
    assert result["code"] == 3, result["stderr"]
    assert result["adopted"]  # the workers' memory is in the peak
    codes = [d.get("error", {}).get("code") for d in json.loads(report.read_text())["documents"]]
    assert codes == ["too_large", "too_large", "too_large", None]
    peak = result["peak_kb"] * 1024
    assert peak < 500 * 1024 * 1024, f"{peak / 1e6:.0f} MB"


def test_an_unwritable_report_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    result = CliRunner().invoke(main, ["scan", str(EXAMPLE), "-o", str(blocker / "review.json")])
    assert result.exit_code == 2
    assert result.stderr.startswith("msa-review: cannot write the report")
    assert result.stderr.rstrip().endswith("[write_failed]")
    assert "Traceback" not in result.output

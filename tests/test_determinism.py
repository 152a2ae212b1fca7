"""The same input and playbook give byte-identical JSON: run to run, process to process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from builders import softphone_docx
from click.testing import CliRunner
from hostile_files import good_pdf

from msa_review.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "brightwave-softphone-msa.txt"


def _inputs(folder: Path) -> list[str]:
    docx_path = folder / "msa.docx"
    docx_path.write_bytes(softphone_docx())
    pdf_path = folder / "msa.pdf"
    pdf_path.write_bytes(good_pdf())
    text_path = folder / "msa.txt"
    text_path.write_bytes(EXAMPLE.read_bytes())
    return [str(docx_path), str(pdf_path), str(text_path)]


def _scan_in_process(inputs: list[str], output: Path) -> bytes:
    result = CliRunner().invoke(main, ["scan", *inputs, "--format", "json", "-o", str(output),
                                       "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    return output.read_bytes()


def _scan_in_subprocesses(inputs: list[str], outputs: dict[str, Path]) -> list[bytes]:
    """Scan in one process per hash seed (run side by side); the reports' bytes."""
    running = []
    for hash_seed, output in outputs.items():
        environment = {**os.environ, "PYTHONHASHSEED": hash_seed,
                       "PYTHONPATH": os.pathsep.join([str(ROOT / "src"),
                                                      os.environ.get("PYTHONPATH", "")])}
        running.append(subprocess.Popen(
            [sys.executable, "-m", "msa_review", "scan", *inputs, "--format", "json",
             "-o", str(output), "--fail-on", "never"],
            env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    for process in running:
        _, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, stderr
    return [output.read_bytes() for output in outputs.values()]


def test_json_is_byte_identical_across_runs_and_processes(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path)
    first = _scan_in_process(inputs, tmp_path / "first.json")
    second = _scan_in_process(inputs, tmp_path / "second.json")
    assert first == second
    # Another process, another hash seed: set and dict orders must not leak into the report.
    third, fourth = _scan_in_subprocesses(
        inputs, {"1": tmp_path / "third.json", "2": tmp_path / "fourth.json"})
    assert first == third == fourth
    assert b'"format": "docx"' in first and b'"format": "pdf"' in first
    assert b'"format": "text"' in first


def test_extracted_text_is_identical_for_the_same_bytes() -> None:
    from msa_review.extract import extract_bytes

    for name, raw in (("msa.docx", softphone_docx()), ("msa.pdf", good_pdf()),
                      ("msa.txt", EXAMPLE.read_bytes())):
        first, second = extract_bytes(name, raw), extract_bytes(name, raw)
        assert first == second

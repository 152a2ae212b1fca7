"""`--version` and `--help` answer at once: the heavy libraries load only for a command
that needs them (spaCy for scan, jinja2 for redlines, the extractors per format)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("spacy", "jinja2", "docx", "pypdfium2", "pdfplumber", "yaml", "numpy", "lxml")
_PROBE = """
import json, sys
from msa_review.cli import main
try:
    main(sys.argv[1:], prog_name="msa-review")
except SystemExit:
    pass
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})), file=sys.stderr)
"""


@pytest.mark.parametrize("arguments", [["--version"], ["--help"], ["scan", "--help"]])
def test_light_commands_import_no_heavy_library(arguments: list[str]) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    result = subprocess.run([sys.executable, "-c", _PROBE, *arguments], capture_output=True,
                            text=True, env=env, check=True)
    loaded = set(json.loads(result.stderr.strip().splitlines()[-1]))
    assert "msa_review" in loaded and "click" in loaded
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))

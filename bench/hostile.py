"""Time and memory to refuse each hostile input (the tests only bound them generously).

    python3 bench/hostile.py

Prints, per file: the error code, wall time, and the peak of Python allocations
(tracemalloc; pdfium's own allocations are not counted).
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from hostile_files import write_hostile

from msa_review.errors import InputError
from msa_review.extract import extract


def main() -> None:
    import docx  # noqa: F401  (imports are not a file's cost)
    import pypdfium2  # noqa: F401

    import msa_review.extract.docx
    import msa_review.extract.pdf  # noqa: F401

    with tempfile.TemporaryDirectory() as folder:
        secret = Path(folder) / "secret.txt"
        secret.write_text("secret")
        inputs = Path(folder) / "in"
        inputs.mkdir()
        print(f"{'file':<18} {'code':<19} {'seconds':>8} {'peak MB':>8}")
        for path, _ in write_hostile(inputs, secret):
            tracemalloc.start()
            started = time.perf_counter()
            try:
                extract(path)
                code = "(read)"
            except InputError as error:
                code = error.code
            elapsed = time.perf_counter() - started
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            print(f"{path.name:<18} {code:<19} {elapsed:8.3f} {peak / 1e6:8.1f}")


if __name__ == "__main__":
    main()

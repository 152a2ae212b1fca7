from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # a plain checkout runs too; an install takes precedence

from msa_review.playbook import Playbook, load_playbook  # noqa: E402


@pytest.fixture(scope="session")
def playbook() -> Playbook:
    return load_playbook()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-gold", action="store_true", default=False,
                     help="Rewrite the gold files in tests/gold/ from the current output.")


@pytest.fixture
def gold(request: pytest.FixtureRequest) -> object:
    from gold import Gold

    return Gold(update=bool(request.config.getoption("--update-gold")))


@pytest.fixture(autouse=True)
def _result_cache_in_tmp(tmp_path_factory: pytest.TempPathFactory,
                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Scans in tests never touch the user's cache directory."""
    monkeypatch.setenv("MSA_REVIEW_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


# Property tests: a few examples, no deadline and a fixed seed in CI (the suite stays fast and
# deterministic); HYPOTHESIS_PROFILE=long runs thousands, as the README describes.
try:
    from hypothesis import HealthCheck, settings
except ImportError:  # hypothesis comes with the test extra
    pass
else:
    settings.register_profile("ci", max_examples=30, deadline=None, derandomize=True,
                              database=None, suppress_health_check=[HealthCheck.too_slow])
    settings.register_profile("long", max_examples=5_000, deadline=None,
                              suppress_health_check=[HealthCheck.too_slow])
    import os as _os

    settings.load_profile(_os.environ.get("HYPOTHESIS_PROFILE", "ci"))

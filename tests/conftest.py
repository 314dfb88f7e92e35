"""Shared fixtures: the pipeline is loaded once per test session; the example analysed once."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "kim-putin.txt"
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data"
EXPECTED = SHARED / "examples" / "kim-putin" / "expected.yaml"


@pytest.fixture(scope="session")
def nlp():
    import cablegram

    return cablegram.load()


@pytest.fixture(scope="session")
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def example(nlp, example_text):
    """The analysis of the flagship example, as `cablegram analyze examples/kim-putin.txt` makes it."""
    import cablegram

    return cablegram.analyze(example_text, nlp=nlp)


@pytest.fixture(scope="session")
def expected():
    import yaml

    if not EXPECTED.exists():
        pytest.skip("../shared/examples/kim-putin/expected.yaml not present")
    return yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def data_dir() -> Path:
    if not DATA.exists():
        pytest.skip("../shared/data not present")
    return DATA

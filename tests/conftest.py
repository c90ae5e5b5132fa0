"""Shared fixtures of the library tests: the public sample files in tests/data/samples
(see its README.md for each file's origin and licence; NORDIC_SAMPLES points elsewhere)."""

import os
from pathlib import Path

import pytest

SAMPLES = Path(
    os.environ.get("NORDIC_SAMPLES", Path(__file__).resolve().parent / "data" / "samples")
)


@pytest.fixture(scope="session")
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.fail(f"sample files not found at {SAMPLES} (set NORDIC_SAMPLES)")
    return SAMPLES

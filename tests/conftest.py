"""Shared fixtures of the library tests: the sample files in ../shared/samples."""

import os
from pathlib import Path

import pytest

SAMPLES = Path(
    os.environ.get("NORDIC_SAMPLES", Path(__file__).resolve().parents[2] / "shared" / "samples")
)


@pytest.fixture(scope="session")
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.fail(f"sample files not found at {SAMPLES} (set NORDIC_SAMPLES)")
    return SAMPLES

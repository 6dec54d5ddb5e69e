"""Shared helpers for the SIECLE reader tests."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# CI clones the repository with ``shared/`` beside it.
SAMPLES = REPO / ".." / "shared" / "siecle-samples"


@pytest.fixture
def samples_dir() -> Path:
    assert SAMPLES.is_dir(), f"the shared SIECLE samples are missing: {SAMPLES.resolve()}"
    return SAMPLES

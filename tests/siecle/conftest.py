"""Shared helpers for the SIECLE reader tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# Public samples whose licence allows it ship with the tests (origin and licence in their README).
SHIPPED = REPO / "tests" / "samples" / "siecle"
# The others exist only in ../shared/siecle-samples, beside our clones and CI's.
SHARED = REPO / ".." / "shared" / "siecle-samples"


def shared_samples() -> Path:
    """The shared samples folder; its tests are skipped without it, except in CI where that is a failure."""
    if not SHARED.is_dir():
        reason = f"../shared/siecle-samples absent ({SHARED.resolve()}) : échantillons Pix non fournis"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"CI must run every sample test: {reason}")
        pytest.skip(reason)
    return SHARED


@pytest.fixture
def samples_dir() -> Path:
    """The shipped DossierSCO samples."""
    return SHIPPED


@pytest.fixture
def shared_samples_dir() -> Path:
    return shared_samples()

"""Shared test setup: Sphinx's own testing fixtures and where the test roots are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

pytest_plugins = ("sphinx.testing.fixtures",)

# A bounded number of examples keeps CI predictable; raise it locally with
# HYPOTHESIS_PROFILE=thorough.
settings.register_profile("ci", max_examples=200, deadline=None)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOTS = Path(__file__).parent / "roots"
SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"
EXAMPLE_DOCS = Path(__file__).resolve().parents[1] / "example_docs"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS

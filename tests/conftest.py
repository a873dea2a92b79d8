"""Shared test setup: hypothesis profiles and the builds many modules share.

Projects are built with ``build_helpers.build`` (its docstring says why that is
the one way); this file only holds what pytest must find by name.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from build_helpers import EXAMPLE_DOCS, SharedBuilds

# A bounded number of examples keeps CI predictable; raise it locally with
# HYPOTHESIS_PROFILE=thorough.
settings.register_profile("ci", max_examples=200, deadline=None)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> SharedBuilds:
    """``example_docs`` built once per (builder, theme) for the whole session:
    the builder, theme, browser, HTML-validity and PDF tests read the same
    builds."""
    return SharedBuilds(EXAMPLE_DOCS, tmp_path_factory)

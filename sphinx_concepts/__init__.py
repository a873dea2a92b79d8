"""sphinx-concepts: concept explanations as Sphinx cards, with references that
pick the variant written for the reader's audience."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def setup(app: Any) -> dict[str, Any]:
    from .extension import setup as _setup

    return _setup(app)

"""Pausing the cyclic garbage collector while a page gets many new nodes."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small nodes.

    In a LaTeX build every page sits in one assembled tree of millions of
    objects; each generation-2 collection triggered by new allocations walks all
    of them, which made adding backlinks quadratic in the size of the project.
    The nodes made here are all kept, so there is nothing to collect meanwhile.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

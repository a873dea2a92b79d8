"""Pausing the cyclic garbage collector while the extension makes many objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects.

    A collection is triggered by allocations, and a generation-2 collection walks
    every object of the build: the environment, the search index and, in a LaTeX
    build, every page in one assembled tree.  What the extension allocates in
    bulk (a card: its source read, its tokens and nodes; backlinks; lists) is
    kept, or freed by reference counting but for a few small cycles (a syntax
    tree's parent links) that the next collection finds.  Pausing keeps the
    extension's own allocations from setting off walks of everything else
    (backlinks were quadratic in a LaTeX build, and cards added about a third
    more generation-2 collections to a read).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

"""A tiny Sphinx extension that records when each build phase starts and ends.

Loaded by every arm of the benchmark (so its own cost cancels out in the
ratios).  Times are ``time.perf_counter()`` values kept in :data:`MARKS`; the
process that ran the build (``bench/_child.py``) reads them after the build.

Phases:
- ``read``: ``env-before-read-docs`` -> ``env-updated`` (parsing every outdated
  page, running directives, merging parallel readers);
- ``resolve``: the time spent in ``apply_post_transforms`` (reference
  resolution and every other post-transform, for each written page);
- ``write``: ``env-updated`` -> ``build-finished`` minus ``resolve`` (consistency
  checks, loading doctrees, translating and writing output, indices, assets).

It also adds up the time the cyclic garbage collector ran (``gc``), and the part
of it inside post-transforms (``gc_resolve``): a collection of the oldest
generation walks every object of the build, so its cost grows with the build
and lands wherever allocations happen to trigger it.
"""

from __future__ import annotations

import gc
import time
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

MARKS: dict[str, float] = {}
RESOLVE = [0.0]
GC = {"total": 0.0, "resolve": 0.0, "started": 0.0, "resolving": 0.0}

_original = BuildEnvironment.apply_post_transforms


def _timed_post_transforms(self: BuildEnvironment, *args: Any, **kwargs: Any) -> None:
    start = time.perf_counter()
    GC["resolving"] = 1.0
    try:
        _original(self, *args, **kwargs)
    finally:
        GC["resolving"] = 0.0
        RESOLVE[0] += time.perf_counter() - start


def _gc_timer(phase: str, info: dict[str, int]) -> None:
    if phase == "start":
        GC["started"] = time.perf_counter()
        return
    spent = time.perf_counter() - GC["started"]
    GC["total"] += spent
    if GC["resolving"]:
        GC["resolve"] += spent


def _mark(name: str) -> None:
    MARKS.setdefault(name, time.perf_counter())


def setup(app: Sphinx) -> dict[str, Any]:
    MARKS.clear()
    RESOLVE[0] = 0.0
    GC.update(total=0.0, resolve=0.0, resolving=0.0)
    if _gc_timer not in gc.callbacks:
        gc.callbacks.append(_gc_timer)
    _mark("setup")
    BuildEnvironment.apply_post_transforms = _timed_post_transforms  # type: ignore[method-assign]
    app.connect("builder-inited", lambda app: _mark("builder-inited"))
    app.connect("env-before-read-docs", lambda app, env, docnames: _mark("read-start"))
    app.connect("env-updated", lambda app, env: _mark("env-updated"))
    app.connect(
        "build-finished", lambda app, exc: _mark("build-finished"), priority=999
    )
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def phases() -> dict[str, float]:
    """Seconds per phase of the last build in this process."""
    m = MARKS
    if not {"builder-inited", "env-updated", "build-finished"} <= m.keys():
        return {}
    read_start = m.get("read-start", m["env-updated"])
    after = m["build-finished"] - m["env-updated"]
    return {
        "startup": m["builder-inited"] - m["setup"],
        "read": m["env-updated"] - read_start,
        "resolve": RESOLVE[0],
        "write": after - RESOLVE[0],
        "gc": GC["total"],
        "gc_resolve": GC["resolve"],
    }

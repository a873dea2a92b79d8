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
"""

from __future__ import annotations

import time
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

MARKS: dict[str, float] = {}
RESOLVE = [0.0]

_original = BuildEnvironment.apply_post_transforms


def _timed_post_transforms(self: BuildEnvironment, *args: Any, **kwargs: Any) -> None:
    start = time.perf_counter()
    try:
        _original(self, *args, **kwargs)
    finally:
        RESOLVE[0] += time.perf_counter() - start


def _mark(name: str) -> None:
    MARKS.setdefault(name, time.perf_counter())


def setup(app: Sphinx) -> dict[str, Any]:
    MARKS.clear()
    RESOLVE[0] = 0.0
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
    }

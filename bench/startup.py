"""What enabling sphinx-concepts costs before any concept is read: importing the
package and running its ``setup()``.

Each measurement runs in a fresh interpreter that first imports Sphinx and its
HTML builder (paid by every build), then times creating the Sphinx application
for an empty project: loading the extensions, their ``setup()`` and what they do
at ``config-inited`` and ``builder-inited``.  That is done with and without
``sphinx_concepts`` in ``extensions``, alternately; the cost of enabling it is the
difference.  Two cases: a project that uses myst-parser already (MyST
projects), and a reStructuredText-only one.  Reported: the difference of the
minima and of the medians over ``--reps`` processes each, and the extra peak
memory.  Nothing here asserts a time.

    python bench/startup.py [--reps 15]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    from sphinx.application import Sphinx
    import sphinx.builders.html

    src, extensions = sys.argv[1], sys.argv[2:]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    Sphinx(src, src, src + "/_out", src + "/_out/.d", "html",
           confoverrides={"extensions": extensions}, status=None, warning=None)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "kib": after - before}))
    """
)


def _run(src: Path, extensions: list[str], env: dict[str, str]) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(src), *extensions],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def measure(src: Path, base: list[str], reps: int) -> dict[str, float]:
    """Creating the application with ``base`` and with ``base`` + the extension."""
    # As installed, the package has byte code: let a first run write it, and
    # time the others (PYTHONDONTWRITEBYTECODE would make each one compile).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    arms = {"without": base, "with": [*base, "sphinx_concepts"]}
    for extensions in arms.values():
        _run(src, extensions, env)
    runs: dict[str, list[dict[str, float]]] = {arm: [] for arm in arms}
    for rep in range(reps):
        for arm in arms if rep % 2 == 0 else reversed(arms):
            runs[arm].append(_run(src, arms[arm], env))
    seconds = {arm: [r["seconds"] for r in runs[arm]] for arm in arms}
    memory = {arm: statistics.median(r["kib"] for r in runs[arm]) for arm in arms}
    return {
        "min": min(seconds["with"]) - min(seconds["without"]),
        "median": statistics.median(seconds["with"])
        - statistics.median(seconds["without"]),
        "memory_mib": (memory["with"] - memory["without"]) / 1024,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=15)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp)
        (src / "conf.py").write_text("")
        (src / "index.rst").write_text("Empty\n=====\n")
        for label, first in (
            ("MyST project (myst_parser loaded first)", ["myst_parser"]),
            ("reStructuredText-only project", []),
        ):
            r = measure(src, first, args.reps)
            print(
                f"{label}: enabling the extension costs {r['min'] * 1000:.0f} ms "
                f"(difference of minima), {r['median'] * 1000:.0f} ms (of medians), "
                f"{r['memory_mib']:+.1f} MiB peak memory"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

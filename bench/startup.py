"""What enabling sphinx-concepts costs before any concept is read: importing the
package and running its ``setup()``.

Each measurement runs in a fresh interpreter that first creates a Sphinx
application for an empty project (so Sphinx's own imports are paid already),
then times ``app.setup_extension("sphinx_concepts")``.  Two cases: a project that
uses myst-parser already (MyST projects), and a reStructuredText-only one.
Reported: the minimum and the median over ``--reps`` processes, and the extra
peak memory.  Nothing here asserts a time.

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

    src, first = sys.argv[1], sys.argv[2:]
    app = Sphinx(src, src, src + "/_out", src + "/_out/.d", "html",
                 confoverrides={"extensions": first}, status=None, warning=None)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    app.setup_extension("sphinx_concepts")
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "kib": after - before}))
    """
)


def measure(src: Path, first: list[str], reps: int) -> dict[str, float]:
    # As installed, the package has byte code: let the first run write it, and
    # time the others (PYTHONDONTWRITEBYTECODE would make each one compile).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    runs = []
    for rep in range(reps + 1):
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(src), *first],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        if rep:
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    seconds = [r["seconds"] for r in runs]
    return {
        "min": min(seconds),
        "median": statistics.median(seconds),
        "memory_mib": statistics.median(r["kib"] for r in runs) / 1024,
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
                f"{label}: import + setup() {r['min'] * 1000:.0f} ms min, "
                f"{r['median'] * 1000:.0f} ms median, "
                f"+{r['memory_mib']:.1f} MiB peak memory"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

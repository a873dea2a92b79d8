"""Run one ``sphinx-build`` in this (fresh) process and report what it cost.

Usage: ``python bench/_child.py RESULT.json SPHINX-BUILD-ARGS...``.  Equivalent to
``sphinx-build ARGS`` plus a JSON file with the wall time, the phase times from
:mod:`bench_timing`, and the peak resident memory of this process and of its
``-j`` worker processes.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def main() -> int:
    result_path, args = sys.argv[1], sys.argv[2:]
    start = time.perf_counter()
    import bench_timing
    from sphinx.cmd.build import main as sphinx_main

    code = sphinx_main(args)
    wall = time.perf_counter() - start
    kib = 1024  # ru_maxrss is in KiB on Linux
    me = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    report = {
        "returncode": code,
        "wall": wall,
        "phases": bench_timing.phases(),
        # CPU seconds (this process and -j workers): steadier than wall time
        # on a busy machine.
        "cpu": me.ru_utime + me.ru_stime + workers.ru_utime + workers.ru_stime,
        "maxrss": me.ru_maxrss * kib,
        "maxrss_workers": workers.ru_maxrss * kib,
    }
    with open(result_path, "w", encoding="utf-8") as handle:
        json.dump(report, handle)
    return code


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: sphinx-concepts against the same text as plain MyST pages.

Run from the repository root::

    python bench/run.py            # quick: N = 250 and 2000, HTML + LaTeX
    python bench/run.py --full     # the issue's sizes: N = 250, 2000, 8000
    python bench/run.py --shape dense          # the second content shape
    python bench/run.py --sizes --plain 200    # only the drop-in arm

Three arms are generated from one set of concept texts (see ``generate.py``):
``concepts`` (the extension), ``sections`` (hand-written sections, baseline b)
and ``rubrics`` (the card's headings as rubrics, the floor c).  Every build runs
in a fresh process (``_child.py`` = ``sphinx-build`` + measurements), arms
alternate, and ratios are medians of per-pair ratios, so only arms built in the
same run are compared.  Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

ARMS = generate.ARMS
FLOOR, HAND = "rubrics", "sections"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_READ = re.compile(r"reading sources\.\.\. \[\s*\d+%\] (\S+)")
_WRITE = re.compile(r"writing output\.\.\. \[\s*\d+%\] (\S+)")
_UPDATED = re.compile(r"(\d+) added, (\d+) changed, (\d+) removed")


# -- running one build -----------------------------------------------------------
def build(
    src: Path,
    out: Path,
    builder: str = "html",
    jobs: int = 1,
    verbose: bool = False,
    fresh: bool = True,
) -> dict:
    """One ``sphinx-build`` in a fresh process; wall time, phases, memory, output."""
    if fresh and out.exists():
        shutil.rmtree(out)
    result = out.parent / f"{out.name}.result.json"
    args = [
        sys.executable,
        str(HERE / "_child.py"),
        str(result),
        "-b",
        builder,
        "-d",
        str(out / ".doctrees"),
        "-N",
        "-j",
        str(jobs),
    ]
    args += ["-v"] if verbose else ["-q"]
    args += [str(src), str(out)]
    # Byte code as an installed package has it (the first build writes it).
    env = {
        **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
        "PYTHONHASHSEED": "0",
        "NO_COLOR": "1",
    }
    start = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
        raise SystemExit(f"build failed: {' '.join(args)}")
    report = json.loads(result.read_text())
    pickle = out / ".doctrees" / "environment.pickle"
    stdout = _ANSI.sub("", proc.stdout)
    return {
        "wall": wall,
        "cpu": report["cpu"],
        "phases": report["phases"],
        "maxrss": max(report["maxrss"], report["maxrss_workers"]),
        "pickle": pickle.stat().st_size if pickle.exists() else 0,
        "warnings": proc.stderr.count("WARNING"),
        "stderr": proc.stderr[:2000],
        "read": _READ.findall(stdout),
        "written": _WRITE.findall(stdout),
        "updated": _UPDATED.findall(stdout),
    }


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def pair_ratio(
    runs: dict[str, list[dict]], arm: str, base: str, key: str = "wall"
) -> float:
    """Median over repetitions of (arm / base), each pair built back to back."""
    ratios = [
        a[key] / b[key] for a, b in zip(runs[arm], runs[base], strict=False) if b[key]
    ]
    return median(ratios)


# -- experiments -------------------------------------------------------------------
def full_builds(
    trees: dict[str, Path], work: Path, builder: str, reps: int, jobs: int = 1
) -> dict:
    runs: dict[str, list[dict]] = {arm: [] for arm in ARMS}
    for rep in range(reps):
        # Rotate the order so no arm always runs first (cold caches) or last.
        order = ARMS[rep % 3 :] + ARMS[: rep % 3]
        for arm in order:
            r = build(trees[arm], work / f"out-{arm}-{builder}-j{jobs}", builder, jobs)
            runs[arm].append(r)
            print(
                f"    {builder} -j{jobs} {arm:9s} {r['wall']:7.2f}s wall "
                f"{r['cpu']:7.2f}s cpu  warnings={r['warnings']}",
                flush=True,
            )
    return runs


def incremental(trees: dict[str, Path], work: Path, cards: list[generate.Card]) -> dict:
    """Full build, no-op rebuild, then edit one concept source (concepts arm) or
    the page holding that text (floor arm) and rebuild; what was read and written."""
    target = cards[len(cards) // 2 + 1]
    shown_on = sorted(
        {
            generate.page_of(c)
            for c in cards
            if any(j == target.index for j, _ in c.see_also)
        }
        | {generate.page_of(target)}
    )
    results = {
        "edited_card": target.index,
        "page": generate.page_of(target),
        "pages_showing_it": shown_on,
    }
    for arm in ("concepts", FLOOR):
        src = work / f"incr-{arm}"
        if src.exists():
            shutil.rmtree(src)
        shutil.copytree(trees[arm], src)
        out = work / f"incr-{arm}-out"
        first = build(src, out, verbose=True)
        noop = build(src, out, verbose=True, fresh=False)
        path = src / (
            target.source if arm == "concepts" else f"{generate.page_of(target)}.md"
        )
        text = path.read_text()
        old = target.summary
        assert old in text, path
        path.write_text(
            text.replace(old, old + " Edited for the incremental benchmark.", 1)
        )
        edited = build(src, out, verbose=True, fresh=False)
        results[arm] = {
            "full": first["wall"],
            "noop_read": noop["read"],
            "noop_written": noop["written"],
            "noop_wall": noop["wall"],
            "edit_read": edited["read"],
            "edit_written": edited["written"],
            "edit_wall": edited["wall"],
            "edit_fraction": edited["wall"] / first["wall"],
            "noop_fraction": noop["wall"] / first["wall"],
        }
    return results


def plain_builds(pages: int, work: Path, reps: int) -> dict:
    """The drop-in arm: the same plain pages (no concept anywhere) built without
    and with the extension enabled, alternating."""
    print(f"\n== drop-in: {pages} plain pages ==", flush=True)
    trees = {}
    for arm, enabled in (("plain", False), ("plain+extension", True)):
        trees[arm] = work / f"src-{arm}"
        if trees[arm].exists():
            shutil.rmtree(trees[arm])
        generate.write_plain(trees[arm], pages, enabled)
    runs: dict[str, list[dict]] = {arm: [] for arm in trees}
    for rep in range(reps):
        order = list(trees) if rep % 2 == 0 else list(reversed(trees))
        for arm in order:
            r = build(trees[arm], work / f"out-{arm}")
            runs[arm].append(r)
            print(
                f"    html {arm:16s} {r['wall']:7.2f}s wall {r['cpu']:7.2f}s cpu  "
                f"warnings={r['warnings']}",
                flush=True,
            )
    return {
        "pages": pages,
        "wall": {arm: median([r["wall"] for r in runs[arm]]) for arm in runs},
        "time_vs_without": pair_ratio(runs, "plain+extension", "plain"),
        "cpu_vs_without": pair_ratio(runs, "plain+extension", "plain", "cpu"),
        "memory_vs_without": pair_ratio(runs, "plain+extension", "plain", "maxrss"),
    }


def run_size(n: int, work: Path, args: argparse.Namespace, shape: str) -> dict:
    print(f"\n== N = {n}, {shape} content ==", flush=True)
    cards = generate.make_cards(n, shape=shape)
    trees = {}
    for arm in ARMS:
        trees[arm] = work / f"src-{arm}"
        if trees[arm].exists():
            shutil.rmtree(trees[arm])
        generate.write_arm(trees[arm], arm, cards)
    size: dict = {"n": n, "shape": shape, "builders": {}}
    for builder in args.builders:
        size["builders"][builder] = full_builds(trees, work, builder, args.reps)
    if args.jobs_reps:
        size["j2"] = full_builds(trees, work, "html", args.jobs_reps, jobs=2)
    if n in args.incremental:
        size["incremental"] = incremental(trees, work, cards)
    if not args.keep:
        for path in work.iterdir():
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    return size


# -- reporting -------------------------------------------------------------------
def summarize(size: dict) -> dict:
    s: dict = {"n": size["n"], "shape": size["shape"]}
    for builder, runs in size["builders"].items():
        b = s.setdefault(builder, {})
        for arm in ARMS:
            b[f"{arm}_wall"] = median([r["wall"] for r in runs[arm]])
            b[f"{arm}_warnings"] = max(r["warnings"] for r in runs[arm])
            b[f"{arm}_phases"] = {
                k: median([r["phases"].get(k, 0.0) for r in runs[arm]])
                for k in ("startup", "read", "resolve", "write", "gc", "gc_resolve")
            }
        b["time_vs_floor"] = pair_ratio(runs, "concepts", FLOOR)
        b["time_vs_sections"] = pair_ratio(runs, "concepts", HAND)
        b["sections_vs_floor"] = pair_ratio(runs, HAND, FLOOR)
        b["cpu_vs_floor"] = pair_ratio(runs, "concepts", FLOOR, "cpu")
        b["cpu_vs_sections"] = pair_ratio(runs, "concepts", HAND, "cpu")
        b["memory_vs_floor"] = pair_ratio(runs, "concepts", FLOOR, "maxrss")
        b["memory_vs_sections"] = pair_ratio(runs, "concepts", HAND, "maxrss")
        if builder == "html":
            b["pickle_vs_floor"] = pair_ratio(runs, "concepts", FLOOR, "pickle")
            b["pickle_vs_sections"] = pair_ratio(runs, "concepts", HAND, "pickle")
            b["pickle_bytes"] = {arm: runs[arm][0]["pickle"] for arm in ARMS}
        b["maxrss_mib"] = {
            arm: median([r["maxrss"] for r in runs[arm]]) / 2**20 for arm in ARMS
        }
    if "j2" in size:
        html = size["builders"].get("html")
        j2 = s["j2"] = {}
        for arm in ARMS:
            j2_wall = median([r["wall"] for r in size["j2"][arm]])
            j1_wall = median([r["wall"] for r in html[arm]]) if html else float("nan")
            j2[arm] = {"j1": j1_wall, "j2": j2_wall, "speedup": j1_wall / j2_wall}
    if "incremental" in size:
        s["incremental"] = size["incremental"]
    return s


def print_summary(s: dict) -> None:
    n = s["n"]
    print(f"\n### N = {n}, {s['shape']} content")
    for builder in ("html", "latex"):
        if builder not in s:
            continue
        b = s[builder]
        print(
            f"\n{builder.upper()}: median wall (s): "
            + ", ".join(f"{arm} {b[f'{arm}_wall']:.2f}" for arm in ARMS)
        )
        print(
            f"  time    concepts/floor(c) {b['time_vs_floor']:.3f}   "
            f"concepts/sections(b) {b['time_vs_sections']:.3f}   "
            f"sections/floor {b['sections_vs_floor']:.3f}"
        )
        print(
            f"  cpu     concepts/floor(c) {b['cpu_vs_floor']:.3f}   "
            f"concepts/sections(b) {b['cpu_vs_sections']:.3f}"
        )
        print(
            f"  memory  concepts/floor(c) {b['memory_vs_floor']:.3f}   "
            f"concepts/sections(b) {b['memory_vs_sections']:.3f}   "
            + ", ".join(f"{a} {v:.0f} MiB" for a, v in b["maxrss_mib"].items())
        )
        if "pickle_vs_floor" in b:
            print(
                f"  pickle  concepts/floor(c) {b['pickle_vs_floor']:.3f}   "
                f"concepts/sections(b) {b['pickle_vs_sections']:.3f}   "
                + ", ".join(
                    f"{a} {v / 2**20:.1f} MiB" for a, v in b["pickle_bytes"].items()
                )
            )
        for arm in ARMS:
            ph = b[f"{arm}_phases"]
            print(
                f"  phases  {arm:9s} "
                + "  ".join(f"{k} {v:6.2f}s" for k, v in ph.items())
                + f"   warnings {b[f'{arm}_warnings']}"
            )
    if "j2" in s:
        print(
            "\n-j 2 speed-up (HTML, j1/j2): "
            + ", ".join(
                f"{arm} {v['speedup']:.2f} ({v['j1']:.1f}s -> {v['j2']:.1f}s)"
                for arm, v in s["j2"].items()
            )
        )
    if "incremental" in s:
        inc = s["incremental"]
        print(
            f"\nIncremental (HTML): edited card {inc['edited_card']} on {inc['page']}; "
            f"pages whose output shows it: {', '.join(inc['pages_showing_it'])}"
        )
        for arm in ("concepts", FLOOR):
            r = inc[arm]
            print(
                f"  {arm:9s} no-op: read {len(r['noop_read'])} "
                f"written {len(r['noop_written'])} ({r['noop_fraction']:.1%} of full)"
            )
            print(
                f"  {arm:9s} edit:  read {r['edit_read']} written {r['edit_written']}"
                f" ({r['edit_fraction']:.1%} of full {r['full']:.1f}s)"
            )


def print_scaling(summaries: list[dict]) -> None:
    if len(summaries) < 2:
        return
    first, last = summaries[0], summaries[-1]
    for builder in ("html", "latex"):
        if builder in first and builder in last:
            a, b = first[builder]["time_vs_floor"], last[builder]["time_vs_floor"]
            m1 = first[builder]["maxrss_mib"]["concepts"]
            m2 = last[builder]["maxrss_mib"]["concepts"]
            print(
                f"\nscaling ({builder}, {first['shape']}): concepts/floor at "
                f"N={first['n']} {a:.3f}, at N={last['n']} {b:.3f} "
                f"(change {b / a - 1:+.1%}); peak memory {m1:.0f} -> {m2:.0f} MiB "
                f"(x{m2 / m1:.2f} for x{last['n'] / first['n']:.0f} concepts)"
            )


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import docutils
    import myst_parser
    import sphinx

    return {
        "nproc": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "python": platform.python_version(),
        "sphinx": sphinx.__version__,
        "docutils": docutils.__version__,
        "myst_parser": myst_parser.__version__,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="*",
        default=[250, 2000],
        help="numbers of concepts (default: 250 2000; none: skip)",
    )
    parser.add_argument(
        "--shape",
        choices=(*generate.SHAPES, "both"),
        default="standard",
        help="content shape (see generate.py; default: standard)",
    )
    parser.add_argument(
        "--plain",
        type=int,
        default=200,
        metavar="PAGES",
        help="pages of the drop-in arm, built with and without the extension "
        "(0: skip; default 200)",
    )
    parser.add_argument(
        "--plain-reps",
        type=int,
        default=None,
        metavar="REPS",
        help="alternating pairs of the drop-in arm (default: --reps, at least 3); "
        "its builds are short, so more pairs cost little and steady the median",
    )
    parser.add_argument(
        "--full",
        action="store_true",
        help="the issue's sizes: 250 2000 8000, incremental at 2000",
    )
    parser.add_argument(
        "--reps",
        type=int,
        default=3,
        help="alternating repetitions per arm and builder (default 3)",
    )
    parser.add_argument(
        "--builders", nargs="+", default=["html", "latex"], choices=["html", "latex"]
    )
    parser.add_argument(
        "--jobs-reps",
        type=int,
        default=1,
        help="repetitions of the -j 2 HTML builds (0: skip; default 1)",
    )
    parser.add_argument(
        "--incremental",
        type=int,
        nargs="*",
        default=None,
        help="sizes at which to run the incremental experiment "
        "(default: the largest size up to 2000)",
    )
    parser.add_argument(
        "--workdir", type=Path, help="where to generate (default: a temp dir)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep generated trees and output"
    )
    parser.add_argument("--json", type=Path, help="also write all results to this file")
    args = parser.parse_args(argv)
    if args.full:
        args.sizes = [250, 2000, 8000]
    if args.incremental is None:
        small = [n for n in args.sizes if n <= 2000]
        args.incremental = [max(small)] if small else []

    info = machine()
    print("machine: " + ", ".join(f"{k} {v}" for k, v in info.items()))
    root = args.workdir or Path(tempfile.mkdtemp(prefix="concepts-bench-"))
    summaries = []
    shapes = generate.SHAPES if args.shape == "both" else (args.shape,)
    for shape in shapes:
        of_shape = []
        for n in args.sizes:
            work = root / f"{shape}-n{n}"
            work.mkdir(parents=True, exist_ok=True)
            of_shape.append(summarize(run_size(n, work, args, shape)))
            print_summary(of_shape[-1])
        summaries += of_shape
        print_scaling(of_shape)
    plain = None
    if args.plain:
        work = root / "plain"
        work.mkdir(parents=True, exist_ok=True)
        plain_reps = args.plain_reps or max(args.reps, 3)
        plain = plain_builds(args.plain, work, plain_reps)
        print(
            f"\ndrop-in ({plain['pages']} plain pages, no concept): with/without "
            f"the extension {plain['time_vs_without']:.3f} wall, "
            f"{plain['cpu_vs_without']:.3f} cpu, "
            f"{plain['memory_vs_without']:.3f} memory"
        )
    if args.json:
        args.json.write_text(
            json.dumps({"machine": info, "sizes": summaries, "plain": plain}, indent=1)
        )
    if not args.keep and args.workdir is None:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

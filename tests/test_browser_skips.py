"""Without Chromium, ChromeDriver or axe-core the browser tests skip and say why;
checked without a browser (the probes, then pytest itself in a subprocess)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from browser_support import axe_missing_reason, browser_missing_reason
from build_helpers import REPO


def executable(path: Path) -> str:
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    path.chmod(0o755)
    return str(path)


def test_browser_probe_names_what_is_missing(tmp_path: Path) -> None:
    chromium = executable(tmp_path / "chromium")
    driver = executable(tmp_path / "chromedriver")
    assert browser_missing_reason(chromium, driver) is None
    missing = str(tmp_path / "no-chromedriver")
    reason = browser_missing_reason(chromium, missing)
    assert reason is not None and missing in reason and chromium not in reason
    (tmp_path / "plain").write_text("not executable", encoding="utf-8")
    reason = browser_missing_reason(str(tmp_path / "plain"), driver)
    assert reason is not None and "plain" in reason


def test_axe_probe_names_the_file_it_wants(tmp_path: Path) -> None:
    axe = tmp_path / "axe.min.js"
    reason = axe_missing_reason(axe)
    assert reason is not None and str(axe) in reason and "AXE_CORE_JS" in reason
    axe.write_text("window.axe = {};", encoding="utf-8")
    assert axe_missing_reason(axe) is None


def run_browser_tests(tmp_path: Path, *args: str, **env: str) -> str:
    """pytest on test_browser.py in a subprocess with ``env`` set; its report.

    Run from ``tmp_path`` so that the repository's folder is not put first on
    ``sys.path`` (the suite may be testing an installed copy)."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-q",
            "-rs",
            "--rootdir",
            str(REPO),
            "-c",
            str(REPO / "pyproject.toml"),
            str(REPO / "tests" / "test_browser.py"),
            *args,
        ],
        cwd=tmp_path,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def outcomes(report: str) -> dict[str, int]:
    summary = report.strip().splitlines()[-1]
    return {word: int(n) for n, word in re.findall(r"(\d+) (\w+)", summary)}


def test_without_chromium_every_browser_test_skips_with_the_reason(
    tmp_path: Path,
) -> None:
    missing = str(tmp_path / "no-chromium")
    report = run_browser_tests(tmp_path, CHROMIUM_BIN=missing)
    counts = outcomes(report)
    assert counts.get("skipped", 0) >= 20 and counts.keys() == {"skipped"}, report
    assert f"headless Chromium not installed ({missing} missing)" in report


def test_without_axe_core_only_the_axe_tests_skip_with_the_reason(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "axe.min.js"
    # A stand-in browser, so that axe-core is the only thing missing; only the
    # axe tests are selected (the others would start the browser).
    report = run_browser_tests(
        tmp_path,
        "-k",
        "axe",
        AXE_CORE_JS=str(missing),
        CHROMIUM_BIN=executable(tmp_path / "chromium"),
        CHROMEDRIVER_BIN=executable(tmp_path / "chromedriver"),
    )
    counts = outcomes(report)
    assert counts.get("skipped") == 6 and counts.keys() <= {"skipped", "deselected"}
    assert f"axe-core not installed ({missing} missing)" in report
    assert f"axe-core not installed ({missing} missing)" in report

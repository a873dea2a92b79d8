"""Helpers for the browser tests: serving a built site and driving Debian's
headless Chromium (Selenium) with axe-core loaded.

The site itself is built like every other project in the suite (the
``example_site`` fixture, ``build_helpers``); this module only knows browsers.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

#: Overridable for machines where Chromium lives elsewhere.
CHROMIUM = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER_BIN", "/usr/bin/chromedriver")

#: Where ``.ci/browser-deps.sh`` puts axe-core (``AXE_CORE_JS`` overrides it).
AXE_CORE_JS = Path(
    os.environ.get("AXE_CORE_JS", "/usr/local/share/axe-core/axe.min.js")
)

#: The four themes the card CSS is written for (import name of each).
THEMES = ("alabaster", "furo", "pydata_sphinx_theme", "sphinx_book_theme")


def browser_missing_reason(
    chromium: str = CHROMIUM, chromedriver: str = CHROMEDRIVER
) -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    missing = [
        path
        for path in (chromium, chromedriver)
        if not (Path(path).is_file() and os.access(path, os.X_OK))
    ]
    if missing:
        return (
            f"headless Chromium not installed ({', '.join(missing)} missing); "
            "run .ci/browser-deps.sh as root to install it"
        )
    return None


def axe_missing_reason(axe_core_js: Path = AXE_CORE_JS) -> str | None:
    """Why the accessibility tests cannot run here (besides a missing browser),
    or None when they can."""
    if not axe_core_js.is_file():
        return (
            f"axe-core not installed ({axe_core_js} missing); run "
            ".ci/browser-deps.sh as root, or point AXE_CORE_JS at axe.min.js"
        )
    return None


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep pytest output free of access logs


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) and yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def start_chromium(user_data_dir: Path) -> Any:
    """A headless Chromium driven by chromedriver, isolated from the network."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        # No host but the local test server: pages render the same offline.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--window-size=1280,900",
        f"--user-data-dir={user_data_dir}",
    ):
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))


def set_viewport(driver: Any, width: int, height: int, *, phone: bool) -> None:
    """Emulate a phone (touch, meta viewport honoured) or a desktop window."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {
            "width": width,
            "height": height,
            "deviceScaleFactor": 2 if phone else 1,
            "mobile": phone,
        },
    )


def set_color_scheme(driver: Any, scheme: str) -> None:
    """Make ``prefers-color-scheme`` report ``scheme`` (``light`` or ``dark``)."""
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": scheme}]},
    )


# Runs axe on the concept cards, references and variant tabs of the page: only
# their elements are checked (rules such as heading-order still look at the whole
# page to judge them), which keeps a run short.
_AXE_IN_CARDS = """
const done = arguments[arguments.length - 1];
const ours = '.concept-card, .concept-reference, .concept-variants';
if (!document.querySelector(ours)) { done([]); return; }
axe.run({include: [['.concept-card'], ['.concept-reference'], ['.concept-variants']]},
        {resultTypes: ['violations']}).then(results => {
  const found = [];
  for (const violation of results.violations) {
    for (const node of violation.nodes) {
      found.push({rule: violation.id, impact: node.impact || violation.impact,
                  target: JSON.stringify(node.target), summary: node.failureSummary});
    }
  }
  done(found);
}).catch(error => done([{rule: 'axe-error', impact: 'critical',
                          target: '', summary: String(error)}]));
"""


def axe_violations_in_cards(driver: Any) -> list[dict[str, str]]:
    """axe-core violations in the page's cards, references and variant tabs."""
    if not driver.execute_script("return typeof axe !== 'undefined'"):
        driver.execute_script(AXE_CORE_JS.read_text(encoding="utf-8"))
    result: list[dict[str, str]] = driver.execute_async_script(_AXE_IN_CARDS)
    return result


def screenshot_element(driver: Any, element: Any, path: Path) -> None:
    """A PNG of the whole element, also where it is taller than the window."""
    import base64

    box = driver.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return [r.left + scrollX, r.top + scrollY, r.width, r.height];",
        element,
    )
    left, top, width, height = box
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": left, "y": top, "width": width, "height": height, "scale": 1},
        },
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(base64.b64decode(shot["data"]))

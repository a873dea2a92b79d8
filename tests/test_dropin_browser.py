"""Issue 11, point 2 where readers see it: the concept index of the example
site shows every audience variant without a click, in alabaster and furo."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from browser_support import browser_missing_reason, serve, start_chromium
from build_helpers import SharedBuilds

pytestmark = pytest.mark.skipif(
    browser_missing_reason() is not None, reason=str(browser_missing_reason())
)

# Variant rows (Sphinx gives them the class cg-<group>) and whether each is shown.
_VARIANT_ROWS = """
return [...document.querySelectorAll('table tr[class^="cg-"]')].map(
  row => [row.textContent.trim().replace(/\\s+/g, ' '),
          row.getBoundingClientRect().height > 0
          && getComputedStyle(row).display !== 'none']);
"""


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    browser = start_chromium(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield browser
    finally:
        browser.quit()


@pytest.mark.parametrize("theme", ["alabaster", "furo"])
def test_p2_variant_rows_are_shown_in_the_browser(
    driver: Any, example_site: SharedBuilds, theme: str
) -> None:
    outdir = example_site("html", theme=theme).outdir
    with serve(outdir) as url:
        driver.get(url + "concept-index.html")
        rows = driver.execute_script(_VARIANT_ROWS)
    assert len(rows) >= 2, rows  # the example site has concepts with variants
    hidden = [text for text, shown in rows if not shown]
    assert hidden == []

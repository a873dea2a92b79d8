"""Reading for one's own audience, in a real browser (headless Chromium, Selenium).

The audience choice: a reader chooses on one page, opens another, follows a link
and lands on the card written for them; a reload, a link with ``?audience=`` and
a site opened from disk keep or set the choice; variant tabs open on it; lists
and the concept index filter by it; without JavaScript the pages are the plain
links they always were.  Previews: hover, keyboard focus, touch (first tap
previews, second follows), Esc; never on top of the link; text only; axe finds
nothing serious.  Themes: the choice moves nothing on the page (no layout shift)
in alabaster, furo (light and dark), pydata-sphinx-theme and sphinx-book-theme.

Projects: ``tests/roots/test-reading`` (two audiences, one concept written for
managers only, tabs, lists) and, for the pictures in the docs, the example site.
Screenshots go to a temporary folder, or to ``$SPHINX_CONCEPTS_SCREENSHOTS``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_support import (
    AXE_CORE_JS,
    THEMES,
    browser_missing_reason,
    screenshot_element,
    serve,
    set_color_scheme,
    set_viewport,
    start_chromium,
)
from build_helpers import SharedBuilds, build, copy_root

pytestmark = pytest.mark.skipif(
    browser_missing_reason() is not None, reason=str(browser_missing_reason())
)

MANAGER = "manager"
ENGINEER = "software engineer"
GRADIENT_FOR = {
    MANAGER: "tabs.html#concept-gradient--ml-engineer--manager",
    ENGINEER: "tabs.html#concept-gradient--ml-engineer--software-engineer",
}


def _built(dest: Path, theme: str | None = None, builder: str = "html") -> Path:
    """The reading test root (tests/roots/test-reading), built."""
    overrides = {"html_theme": theme} if theme else None
    result = build(copy_root("reading", dest), builder, confoverrides=overrides)
    assert result.warnings == "", result.warnings
    return result.outdir


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _built(tmp_path_factory.mktemp("reading") / "src")


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    browser = start_chromium(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture
def url(driver: Any, site: Path) -> Iterator[str]:
    """The reading site, served on a port of its own: a new origin, so every
    test starts with nothing stored."""
    with serve(site) as base:
        yield base
    set_viewport(driver, 1280, 900, phone=False)
    set_color_scheme(driver, "light")
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": False})


@pytest.fixture(scope="module")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("SPHINX_CONCEPTS_SCREENSHOTS")
    return Path(folder) if folder else tmp_path_factory.mktemp("screenshots")


# -- what a reader does and sees ------------------------------------------------
#: Bring an element to the middle of the window at once (furo scrolls smoothly).
_CENTER = "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})"


def wait_for(condition: Callable[[], Any], timeout: float = 5.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


def choose(driver: Any, label: str) -> None:
    """Pick an audience in the "Reading as" control, as a reader does."""
    from selenium.webdriver.support.select import Select

    Select(driver.find_element("id", "concept-audience-choice")).select_by_visible_text(
        label
    )


def chosen(driver: Any) -> str:
    return str(
        driver.execute_script(
            "return document.getElementById('concept-audience-choice').value"
        )
    )


def link(driver: Any, text: str) -> Any:
    """The concept link showing ``text`` (first match)."""
    found = driver.execute_script(
        "return [...document.querySelectorAll('a.concept-reference')].find(a =>"
        ' a.textContent.replace(/\u2019/g, "\'").trim() === arguments[0]) || null',
        text,
    )
    assert found is not None, f"no concept link {text!r} on {driver.current_url}"
    return found


def site_href(driver: Any, element: Any, base: str) -> str:
    href = str(driver.execute_script("return arguments[0].href", element))
    assert href.startswith(base), href
    return href[len(base) :]


_LANDED = """
const target = document.querySelector(':target');
const card = target && target.closest('.concept-card');
if (!card) return null;
const box = card.getBoundingClientRect();
return {audience: card.dataset.conceptAudience,
        title: card.querySelector('.concept-title').textContent.trim(),
        shown: box.width > 0 && box.height > 0,
        inView: box.top < innerHeight && box.bottom > 0};
"""


def click(driver: Any, element: Any) -> None:
    driver.execute_script(_CENTER, element)
    element.click()


_PREVIEW = """
const tip = document.querySelector('.concept-preview');
if (!tip || tip.hidden) return null;
const box = tip.getBoundingClientRect();
const parts = {};
for (const p of tip.children) parts[p.className] = p.textContent;
return {parts, text: tip.textContent, box: [box.left, box.top, box.right, box.bottom],
        tags: [...tip.querySelectorAll('*')].map(e => e.tagName.toLowerCase()),
        id: tip.id, role: tip.getAttribute('role')};
"""


def preview(driver: Any) -> dict[str, Any] | None:
    result: dict[str, Any] | None = driver.execute_script(_PREVIEW)
    return result


def assert_beside(driver: Any, element: Any, shown: dict[str, Any]) -> None:
    """The preview covers no line of the link and stays inside the window."""
    rects = driver.execute_script(
        "return [...arguments[0].getClientRects()]"
        ".map(r => [r.left, r.top, r.right, r.bottom])",
        element,
    )
    left, top, right, bottom = shown["box"]
    for r_left, r_top, r_right, r_bottom in rects:
        overlap = (
            left < r_right and r_left < right and top < r_bottom and r_top < bottom
        )
        assert not overlap, (shown["box"], rects)
    width, height = driver.execute_script(
        "return [document.documentElement.clientWidth, innerHeight]"
    )
    assert left >= 0 and top >= 0 and right <= width and bottom <= height


def hover(driver: Any, element: Any, *, from_corner: bool = True) -> None:
    """Move the mouse onto the element, by default from the window's corner: a
    pointer that is already where the element is would not enter it.  Pages
    scroll instantly here: furo scrolls smoothly, and a pointer moved while the
    page glides lands elsewhere."""
    from selenium.webdriver.common.action_chains import ActionChains

    actions = ActionChains(driver)
    if from_corner:
        driver.execute_script(
            _CENTER,
            element,
        )
        actions.w3c_actions.pointer_action.move_to_location(1, 1)
    actions.move_to_element(element).perform()


def tap(driver: Any, element: Any) -> None:
    """A finger's tap on the middle of the element (touch emulation)."""
    x, y = driver.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return [r.left + r.width / 2, r.top + r.height / 2]",
        element,
    )
    for kind, points in (("touchStart", [{"x": x, "y": y}]), ("touchEnd", [])):
        driver.execute_cdp_cmd(
            "Input.dispatchTouchEvent", {"type": kind, "touchPoints": points}
        )


# -- the audience choice -----------------------------------------------------------
def test_choice_is_a_labelled_select_on_every_page_with_concepts(
    driver: Any, url: str
) -> None:
    for page in ("index.html", "cards.html", "tabs.html", "lists.html"):
        driver.get(url + page)
        control = driver.execute_script(
            """
            const select = document.getElementById('concept-audience-choice');
            if (!select) return null;
            return {label: select.labels[0] && select.labels[0].textContent,
                    options: [...select.options].map(o => [o.value, o.text]),
                    count: document.querySelectorAll('.concept-audience').length};
            """
        )
        assert control is not None, page
        assert control["count"] == 1
        assert control["label"] == "Reading as:"
        # The site's default audience first; display labels from conf.py.
        assert control["options"] == [
            ["", "Any audience (as written)"],
            [MANAGER, "Manager"],
            [ENGINEER, "Engineers"],
        ]
    # Pages without concepts have no choice (the search page, for one).
    driver.get(url + "search.html")
    assert not driver.find_elements("id", "concept-audience-choice")


def test_choice_follows_the_reader_to_other_pages_and_links(
    driver: Any, url: str
) -> None:
    driver.get(url + "index.html")
    assert site_href(driver, link(driver, "Gradient"), url) == GRADIENT_FOR[MANAGER]
    choose(driver, "Engineers")
    # Chosen on one page, it applies on the next one, to see-also entries too.
    driver.get(url + "cards.html")
    assert chosen(driver) == ENGINEER
    see_also = driver.execute_script(
        "return [...document.querySelectorAll('#concept-loss--ml-engineer--manager"
        " .concept-see-also a')]"
    )
    assert [site_href(driver, a, url) for a in see_also] == [
        GRADIENT_FOR[ENGINEER],  # named no audience: follows the reader
        "cards.html#concept-compute-budget--controller--manager",  # nobody else's
        GRADIENT_FOR[MANAGER],  # the author named the audience: kept
    ]
    # Follow a link that named no audience: land on the engineers' card.
    driver.get(url + "index.html")
    click(driver, link(driver, "Gradient"))
    landed = wait_for(lambda: driver.execute_script(_LANDED))
    assert landed == {
        "audience": ENGINEER,
        "title": "Gradient",
        "shown": True,  # its tab is open
        "inView": True,
    }
    # A reload keeps the choice, and the links keep following it.
    driver.get(url + "index.html")
    driver.refresh()
    assert chosen(driver) == ENGINEER
    assert site_href(driver, link(driver, "Gradient"), url) == GRADIENT_FOR[ENGINEER]
    # The author's explicit audience is never overridden.
    assert (
        site_href(driver, link(driver, "their gradient"), url)
        == (GRADIENT_FOR[ENGINEER])
    )
    # Reset: every link leads where it was written to lead, also after a reload.
    choose(driver, "Any audience (as written)")
    assert site_href(driver, link(driver, "Gradient"), url) == GRADIENT_FOR[MANAGER]
    driver.refresh()
    assert chosen(driver) == ""
    assert site_href(driver, link(driver, "Gradient"), url) == GRADIENT_FOR[MANAGER]


def test_link_without_a_variant_for_the_reader_is_marked(driver: Any, url: str) -> None:
    driver.get(url + "index.html")
    budget = link(driver, "Compute Budget")
    assert "concept-reference-fallback" not in budget.get_attribute("class")
    choose(driver, "Engineers")
    # Nobody wrote it for engineers: the managers' card, marked as such.
    assert site_href(driver, budget, url) == (
        "cards.html#concept-compute-budget--controller--manager"
    )
    assert "concept-reference-fallback" in budget.get_attribute("class")
    hover(driver, budget)
    shown = wait_for(lambda: preview(driver))
    assert shown["parts"]["concept-preview-note"] == (
        "Written for Manager: there is no variant for Engineers."
    )
    choose(driver, "Manager")
    assert "concept-reference-fallback" not in budget.get_attribute("class")


def test_link_presets_the_choice(driver: Any, url: str) -> None:
    driver.get(url + "cards.html?audience=Software+Engineer")
    assert chosen(driver) == ENGINEER
    driver.get(url + "index.html")  # kept for the pages after it
    assert chosen(driver) == ENGINEER
    driver.get(url + "index.html#audience=Manager")
    assert chosen(driver) == MANAGER
    driver.get(url + "index.html?audience=engineers")  # the display label works too
    assert chosen(driver) == ENGINEER
    driver.get(url + "index.html?audience=Astronaut")  # unknown: ignored
    assert chosen(driver) == ENGINEER
    driver.get(url + "index.html?audience=")  # empty: reset
    assert chosen(driver) == ""


def test_variant_tabs_open_on_the_chosen_audience(driver: Any, url: str) -> None:
    shown_card = (
        "return [...document.querySelectorAll('.concept-variants .concept-card')]"
        ".filter(c => c.getBoundingClientRect().height > 0)"
        ".map(c => c.dataset.conceptAudience)"
    )
    driver.get(url + "tabs.html")
    assert driver.execute_script(shown_card) == [MANAGER]  # the first tab
    choose(driver, "Engineers")
    assert driver.execute_script(shown_card) == [ENGINEER]
    driver.get(url + "tabs.html")
    assert driver.execute_script(shown_card) == [ENGINEER]
    # A link that names its audience opens that tab, whatever the reader chose.
    click(driver, link(driver, "managers' gradient"))
    assert wait_for(lambda: driver.execute_script(shown_card) == [MANAGER])
    # So does a tab the reader clicks.
    tab = driver.find_element("css selector", ".concept-variants-tab:last-of-type")
    click(driver, tab)
    assert wait_for(lambda: driver.execute_script(shown_card) == [ENGINEER])


_VISIBLE_ROWS = """
return [...document.querySelectorAll(arguments[0])]
  .filter(row => row.getBoundingClientRect().height > 0)
  .map(row => row.textContent.replace(/\\s+/g, ' ').trim());
"""


_KEPT_ROWS = """
return [...document.querySelectorAll(arguments[0])]
  .filter(row => !row.closest('.concept-filtered-out'))
  .map(row => row.textContent.replace(/\\s+/g, ' ').trim());
"""


def test_lists_and_concept_index_filter_by_the_chosen_audience(
    driver: Any, url: str
) -> None:
    driver.get(url + "lists.html")
    items = "ul.concept-list > li"
    assert len(driver.execute_script(_VISIBLE_ROWS, items)) == 5
    only = driver.find_element("css selector", ".concept-audience-filter input")
    assert not only.is_enabled()  # nothing chosen, nothing to filter by
    choose(driver, "Engineers")
    only.click()
    visible = driver.execute_script(_VISIBLE_ROWS, items)
    assert len(visible) == 2
    assert all("Software Engineer" in row for row in visible), visible
    rows = driver.execute_script(_VISIBLE_ROWS, "table.concept-list tbody tr")
    assert len(rows) == 2 and all("Software Engineer" in row for row in rows)
    status = driver.find_element("css selector", ".concept-audience-status")
    assert status.text == "4 of 10 shown"  # both lists
    assert status.get_attribute("role") == "status"
    # The filter is kept, like the choice: the index opens filtered.  (Its
    # variant rows may be collapsed by Sphinx's index script: read what the
    # filter keeps, not what is expanded.)
    driver.get(url + "concept-index.html")
    assert driver.find_element("css selector", ".concept-audience-filter input")
    rows = driver.execute_script(_KEPT_ROWS, "table.modindextable tr")
    texts = [row for row in rows if row]
    assert "Compute Budget" not in " ".join(texts)  # written for managers only
    assert "C" not in texts  # nor its letter
    assert "for Software Engineer" in " ".join(texts)
    assert "for Manager" not in " ".join(texts)
    choose(driver, "Any audience (as written)")
    rows = driver.execute_script(_KEPT_ROWS, "table.modindextable tr")
    assert "Compute Budget" in " ".join(rows)


def test_without_javascript_pages_work_as_written(driver: Any, url: str) -> None:
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    driver.get(url + "index.html")
    assert not driver.find_elements("id", "concept-audience-choice")
    slot = driver.find_element("css selector", ".concept-audience-slot")
    assert not slot.is_displayed()  # no empty space where the choice would be
    gradient = link(driver, "Gradient")
    assert site_href(driver, gradient, url) == GRADIENT_FOR[MANAGER]
    # The browser's own tooltip previews the target.
    assert gradient.get_attribute("title") == "Managers' gradient summary."
    click(driver, gradient)
    landed = wait_for(lambda: driver.execute_script(_LANDED))
    assert landed["audience"] == MANAGER and landed["shown"]
    hover(driver, link(driver, "managers' gradient"))
    time.sleep(0.3)
    assert preview(driver) is None


def test_site_opened_from_disk(driver: Any, site: Path) -> None:
    """file:// pages: the data is a script (fetch() cannot read files), and the
    choice is kept between pages of the folder."""
    driver.get((site / "index.html").as_uri())
    choose(driver, "Engineers")
    driver.get((site / "cards.html").as_uri())
    assert chosen(driver) == ENGINEER
    gradient = driver.execute_script(
        "return document.querySelector('#concept-loss--ml-engineer--manager"
        " .concept-see-also a')"
    )
    assert site_href(driver, gradient, site.as_uri() + "/") == GRADIENT_FOR[ENGINEER]
    hover(driver, gradient)
    shown = wait_for(lambda: preview(driver))
    assert shown["parts"]["concept-preview-summary"] == "Engineers' gradient summary."
    choose(driver, "Any audience (as written)")


@pytest.mark.parametrize("builder", ["dirhtml", "singlehtml"])
def test_choice_in_folder_and_single_page_builds(
    driver: Any, tmp_path: Path, builder: str
) -> None:
    with serve(_built(tmp_path / "src", builder=builder)) as base:
        driver.get(base)  # a folder URL: index.html is implied
        choose(driver, "Engineers")
        gradient = link(driver, "Gradient")
        hover(driver, gradient)
        shown = wait_for(lambda: preview(driver))
        assert shown["parts"]["concept-preview-summary"] == (
            "Engineers' gradient summary."
        )
        click(driver, gradient)
        landed = wait_for(lambda: driver.execute_script(_LANDED))
        assert landed == {
            "audience": ENGINEER,
            "title": "Gradient",
            "shown": True,
            "inView": True,
        }


# -- previews ------------------------------------------------------------------
def test_hover_previews_the_target_card_beside_the_link(driver: Any, url: str) -> None:
    driver.get(url + "cards.html")
    gradient = driver.execute_script(
        "return document.querySelector('#concept-loss--ml-engineer--manager"
        " .concept-see-also a')"
    )
    # Readers without the script get the title; with it, the preview says more.
    assert gradient.get_attribute("data-concept-title") == "Managers' gradient summary."
    assert not driver.execute_script(
        "return arguments[0].hasAttribute('title')", gradient
    )
    hover(driver, gradient)
    shown = wait_for(lambda: preview(driver))
    assert shown is not None
    assert shown["parts"] == {
        "concept-preview-title": "Gradient",
        "concept-preview-meta": "For Manager, explained by ML Engineer",
        "concept-preview-summary": "Managers' gradient summary.",
        "concept-preview-question": (
            "Question: Why should a manager care about gradients?"
        ),
    }
    assert shown["role"] == "tooltip"
    assert gradient.get_attribute("aria-describedby") == shown["id"]
    assert_beside(driver, gradient, shown)
    # The pointer may move onto the preview (to read it) without losing it ...
    hover(
        driver,
        driver.find_element("css selector", ".concept-preview"),
        from_corner=False,
    )
    time.sleep(0.4)
    assert preview(driver) is not None
    # ... and away, which closes it.
    hover(driver, driver.find_element("css selector", "h1"))
    assert wait_for(lambda: preview(driver) is None)
    assert gradient.get_attribute("aria-describedby") is None


def test_preview_shows_concept_text_as_text(driver: Any, url: str) -> None:
    driver.get(url + "cards.html")
    hover(driver, link(driver, "Compute Budget"))
    shown = wait_for(lambda: preview(driver))
    assert shown["parts"]["concept-preview-summary"] == (
        'Managers\' budget summary, with "quotes" & a literal $& that stays text.'
    )
    assert set(shown["tags"]) <= {"p", "span"}


def test_keyboard_focus_previews_and_escape_closes(driver: Any, url: str) -> None:
    from selenium.webdriver.common.keys import Keys

    driver.get(url + "index.html")
    body = driver.find_element("css selector", "body")
    focused = None
    for _ in range(40):  # Tab through the page to the first concept link
        body.send_keys(Keys.TAB) if focused is None else focused.send_keys(Keys.TAB)
        focused = driver.switch_to.active_element
        if "concept-reference" in (focused.get_attribute("class") or ""):
            break
    assert focused is not None and focused.text == "Gradient"
    shown = wait_for(lambda: preview(driver))
    assert shown["parts"]["concept-preview-title"] == "Gradient"
    assert focused.get_attribute("aria-describedby") == shown["id"]
    assert_beside(driver, focused, shown)
    focused.send_keys(Keys.ESCAPE)
    assert wait_for(lambda: preview(driver) is None)
    assert driver.switch_to.active_element == focused  # Esc closes, focus stays
    focused.send_keys(Keys.TAB)  # the next link previews its own target
    shown = wait_for(lambda: preview(driver))
    assert shown["parts"]["concept-preview-title"] == "Compute Budget"
    focused = driver.switch_to.active_element
    focused.send_keys(Keys.SHIFT, Keys.TAB)
    shown = wait_for(lambda: preview(driver))
    assert shown["parts"]["concept-preview-title"] == "Gradient"


def test_tap_previews_and_a_second_tap_follows(driver: Any, url: str) -> None:
    set_viewport(driver, 375, 812, phone=True)
    driver.execute_cdp_cmd(
        "Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 1}
    )
    driver.get(url + "index.html")
    gradient = link(driver, "Gradient")
    driver.execute_script(_CENTER, gradient)
    tap(driver, gradient)
    shown = wait_for(lambda: preview(driver))
    assert shown["parts"]["concept-preview-title"] == "Gradient"
    assert driver.current_url == url + "index.html"  # previewed, not followed
    assert_beside(driver, gradient, shown)
    tap(driver, driver.find_element("css selector", "h1"))  # elsewhere: closes
    assert wait_for(lambda: preview(driver) is None)
    tap(driver, gradient)
    assert wait_for(lambda: preview(driver))
    tap(driver, gradient)  # the second tap follows the link
    assert wait_for(lambda: driver.current_url == url + GRADIENT_FOR[MANAGER])


@pytest.mark.parametrize("where", ["top", "bottom"])
def test_preview_never_covers_its_link_at_the_window_edges(
    driver: Any, url: str, where: str
) -> None:
    set_viewport(driver, 420, 600, phone=False)
    driver.get(url + "cards.html")
    gradient = driver.execute_script(
        "return document.querySelector('#concept-loss--ml-engineer--manager"
        " .concept-see-also a')"
    )
    block = "start" if where == "top" else "end"
    driver.execute_script(
        f"arguments[0].scrollIntoView({{block: '{block}', behavior: 'instant'}})",
        gradient,
    )
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).move_to_element(gradient).perform()
    shown = wait_for(lambda: preview(driver))
    assert shown is not None
    assert_beside(driver, gradient, shown)


_AXE_READING = """
const done = arguments[arguments.length - 1];
axe.run({include: [['.concept-audience'], ['.concept-preview'],
                   ['.concept-reference'], ['.concept-variants']]},
        {resultTypes: ['violations']}).then(results => {
  done(results.violations.flatMap(v => v.nodes.map(n => ({
    rule: v.id, impact: n.impact || v.impact, target: JSON.stringify(n.target)}))));
}).catch(error => done([{rule: 'axe-error', impact: 'critical',
                          target: String(error)}]));
"""


@pytest.mark.skipif(
    not AXE_CORE_JS.is_file(), reason=f"axe-core missing: {AXE_CORE_JS}"
)
def test_axe_finds_nothing_serious_in_choice_and_preview(driver: Any, url: str) -> None:
    from selenium.webdriver.common.keys import Keys

    for page in ("cards.html", "tabs.html", "lists.html"):
        driver.get(url + page)
        choose(driver, "Engineers")
        first = driver.find_elements("css selector", "a.concept-reference")
        if first:  # open a preview by keyboard focus
            driver.execute_script("arguments[0].focus()", first[0])
            first[0].send_keys(Keys.SHIFT, Keys.TAB)
            driver.switch_to.active_element.send_keys(Keys.TAB)
            assert wait_for(lambda: preview(driver)), page
        else:  # a list page: filter it
            driver.find_element(
                "css selector", ".concept-audience-filter input"
            ).click()
        driver.execute_script(AXE_CORE_JS.read_text(encoding="utf-8"))
        found = driver.execute_async_script(_AXE_READING)
        serious = [v for v in found if v["impact"] in ("serious", "critical")]
        assert serious == [], (page, serious)


# -- themes: the choice moves nothing ----------------------------------------------
# Where things are on a page: the choice's slot (or the index's letter bar), the
# page title, and each group of variant tabs with the audience of its open card.
_GEOMETRY = """
const done = arguments[arguments.length - 1];
document.fonts.ready.then(() => {
  const rect = element => {
    if (!element) return null;
    const box = element.getBoundingClientRect();
    return [box.left + scrollX, box.top + scrollY, box.width, box.height]
      .map(n => Math.round(n * 2) / 2);
  };
  const slot = document.querySelector(
    '.concept-audience-slot, .modindex-jumpbox, .domainindex-jumpbox');
  const control = document.querySelector('.concept-audience');
  done({
    slot: rect(slot),
    control: rect(control),
    title: rect(document.querySelector('h1')),
    tabs: [...document.querySelectorAll('.concept-variants')].map(group => ({
      box: rect(group),
      open: [...group.querySelectorAll('.concept-card')]
        .filter(card => card.getBoundingClientRect().height > 0)
        .map(card => card.dataset.conceptAudience),
    })),
    viewport: document.documentElement.clientWidth,
  });
});
"""


def _geometry(driver: Any, page: str, *, reading_script: bool) -> dict[str, Any]:
    """Load ``page`` with or without the deferred reading script (the choice
    script, first in the body, always runs) and measure it."""
    blocked = [] if reading_script else ["*sphinx-concepts-reading.js*"]
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": blocked})
    try:
        driver.get(page)
        measured: dict[str, Any] = driver.execute_async_script(_GEOMETRY)
    finally:
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
    return measured


@pytest.mark.parametrize(
    ("theme", "scheme"),
    [(theme, "light") for theme in THEMES] + [("furo", "dark")],
)
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_choice_moves_nothing_in_the_theme(
    driver: Any,
    tmp_path_factory: pytest.TempPathFactory,
    screenshot_dir: Path,
    theme: str,
    scheme: str,
    device: str,
) -> None:
    """The page is laid out as it will stay before the deferred script runs:
    the choice's room is reserved, and variant tabs are open on the reader's
    audience (the choice script at the top of the body did that before
    anything below it was parsed, so before it was painted).  The script then
    fills the room without moving anything."""
    outdir = _theme_site(theme, tmp_path_factory)
    if device == "phone":
        set_viewport(driver, 375, 812, phone=True)
    set_color_scheme(driver, scheme)
    try:
        with serve(outdir) as base:
            driver.get(base + "tabs.html")
            choose(driver, "Engineers")
            for page in ("tabs.html", "lists.html", "concept-index.html"):
                where = f"{theme} {scheme} {device} {page}"
                before = _geometry(driver, base + page, reading_script=False)
                after = _geometry(driver, base + page, reading_script=True)
                assert before["control"] is None, where  # not there yet ...
                assert after["control"] is not None, where  # ... then there
                for part in ("slot", "title", "tabs"):
                    assert before[part] == after[part], (where, part, before, after)
                assert all(group["open"] == [ENGINEER] for group in after["tabs"])
                left, top, width, height = after["control"]
                s_left, s_top, s_width, s_height = after["slot"]
                assert width > 0 and height > 0, where
                # Inside its room, inside the window.
                assert s_left <= left and left + width <= s_left + s_width + 1, where
                assert s_top <= top and top + height <= s_top + s_height + 1, where
                assert left >= 0 and left + width <= after["viewport"] + 1, where
            if device == "desktop":
                control = driver.find_element("css selector", ".concept-audience")
                name = f"reading-choice-{theme}-{scheme}.png"
                screenshot_element(driver, control, screenshot_dir / "themes" / name)
    finally:
        set_color_scheme(driver, "light")
        set_viewport(driver, 1280, 900, phone=False)


_THEME_SITES: dict[str, Path] = {}


def _theme_site(theme: str, factory: pytest.TempPathFactory) -> Path:
    if theme not in _THEME_SITES:
        _THEME_SITES[theme] = _built(factory.mktemp(f"reading-{theme}") / "src", theme)
    return _THEME_SITES[theme]


# -- the pictures in the README and the docs --------------------------------------
def test_screenshots_of_the_example_site(
    driver: Any, example_site: SharedBuilds, screenshot_dir: Path
) -> None:
    alabaster = example_site("html", theme="alabaster").outdir
    furo = example_site("html", theme="furo").outdir
    with serve(alabaster) as base:
        driver.get(base + "managers.html")
        choose(driver, "Software Engineer")
        driver.get(base + "index.html")
        attention = link(driver, "Attention Mechanism")
        assert "software-engineer" in attention.get_attribute("href")
        hover(driver, attention)
        shown = wait_for(lambda: preview(driver))
        assert shown["parts"]["concept-preview-meta"].startswith(
            "For Software Engineer"
        )
        _shot(driver, screenshot_dir / "reading-preview.png")
        choose(driver, "Any audience (as written)")
        # A phone: a tap previews (a second one would follow the link).
        set_viewport(driver, 375, 812, phone=True)
        driver.execute_cdp_cmd(
            "Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 1}
        )
        try:
            driver.get(base + "inline.html")
            see_also = driver.find_element(
                "css selector", ".concept-section-see-also a.concept-reference"
            )
            driver.execute_script(
                _CENTER,
                see_also,
            )
            tap(driver, see_also)
            assert wait_for(lambda: preview(driver))
            _shot(driver, screenshot_dir / "reading-phone.png")
        finally:
            driver.execute_cdp_cmd(
                "Emulation.setTouchEmulationEnabled", {"enabled": False}
            )
            set_viewport(driver, 1280, 900, phone=False)
    set_color_scheme(driver, "dark")
    try:
        with serve(furo) as base:
            driver.get(base + "managers.html")
            see_also = driver.find_element(
                "css selector", ".concept-section-see-also a.concept-reference"
            )
            hover(driver, see_also)
            assert wait_for(lambda: preview(driver))
            _shot(driver, screenshot_dir / "reading-preview-dark.png")
    finally:
        set_color_scheme(driver, "light")


def _shot(driver: Any, path: Path) -> None:
    """The window as it is: the link, its preview and what is around them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    assert preview(driver) is not None
    assert driver.save_screenshot(str(path))

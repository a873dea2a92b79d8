"""The example site in a real browser: Debian's headless Chromium via Selenium.

What a reader would notice is checked where a reader would notice it: cards fit a
phone and a desktop screen, see-also links land on the right card, a reference
previews its target's summary, card colours follow the theme (light and dark),
and axe-core finds no serious accessibility problem in card markup.

The browser resolves no host but 127.0.0.1, so the pages look the same with and
without network access (MathJax from its CDN, for one, never loads).
Screenshots go to a temporary folder, or to ``$SPHINX_CONCEPTS_SCREENSHOTS``
(``docs/_static`` when refreshing the ones in the docs).
"""

from __future__ import annotations

import os
import re
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from browser_support import (
    axe_missing_reason,
    axe_violations_in_cards,
    browser_missing_reason,
    screenshot_element,
    serve,
    set_color_scheme,
    set_viewport,
    start_chromium,
)
from build_helpers import SharedBuilds

pytestmark = pytest.mark.skipif(
    browser_missing_reason() is not None, reason=str(browser_missing_reason())
)
needs_axe = pytest.mark.skipif(
    axe_missing_reason() is not None, reason=str(axe_missing_reason())
)

MANAGER = "Manager without much technical background"
ENGINEER = "Software Engineer"
#: Pages of the example site every check looks at, besides those with cards.
OTHER_PAGES = ("index.html", "concept-index.html", "genindex.html", "search.html")
PHONE = (375, 812)
DESKTOP = (1280, 900)


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    browser = start_chromium(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture
def screen(driver: Any) -> Iterator[Any]:
    """The shared browser, reset to a light desktop window after each test."""
    yield driver
    set_color_scheme(driver, "light")
    set_viewport(driver, *DESKTOP, phone=False)


@pytest.fixture(scope="module")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("SPHINX_CONCEPTS_SCREENSHOTS")
    return Path(folder) if folder else tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="module")
def alabaster(example_site: SharedBuilds) -> Iterator[tuple[str, list[str]]]:
    """The example site with the default theme: its URL and its card pages."""
    outdir = example_site("html", theme="alabaster").outdir
    with serve(outdir) as url:
        yield url, card_pages(outdir)


def card_pages(outdir: Path) -> list[str]:
    """The pages of a built site that hold concept cards (found, not listed, so
    pages added to the example site are checked too)."""
    pages = sorted(
        page.name
        for page in outdir.glob("*.html")
        if 'class="concept-card' in page.read_text(encoding="utf-8")
    )
    assert len(pages) >= 4, pages
    return pages


def _text(value: str) -> str:
    """Compare texts as a reader does: smart quotes and line breaks do not count."""
    value = value.translate(str.maketrans("“”‘’", "\"\"''"))
    return re.sub(r"\s+", " ", value).strip()


def _png_size(path: Path) -> tuple[int, int]:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


def _save_card(screen: Any, card: Any, path: Path) -> None:
    screenshot_element(screen, card, path)
    # The whole card, at the device's pixel density, not the visible part only.
    ratio = screen.execute_script("return devicePixelRatio")
    width, height = _png_size(path)
    assert abs(width - card.size["width"] * ratio) <= 2, (path, width)
    assert abs(height - card.size["height"] * ratio) <= 2, (path, height)


# Everything the layout test needs from one page, measured in one round trip.
_MEASURE_CARDS = """
return [...document.querySelectorAll('.concept-card')].map(card => {
  const box = card.getBoundingClientRect();
  const style = getComputedStyle(card);
  return {
    id: card.id,
    visible: box.width > 0 && box.height > 0 && style.visibility === 'visible'
             && style.display !== 'none' && Number(style.opacity) > 0,
    scrollWidth: card.scrollWidth, clientWidth: card.clientWidth,
    left: box.left, right: box.right,
    viewport: document.documentElement.clientWidth,
  };
});
"""


@pytest.mark.parametrize(
    "theme", ["alabaster", "furo", "pydata_sphinx_theme", "sphinx_book_theme"]
)
@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_cards_fit_the_screen(
    screen: Any,
    example_site: SharedBuilds,
    screenshot_dir: Path,
    theme: str,
    device: str,
) -> None:
    width, height = PHONE if device == "phone" else DESKTOP
    set_viewport(screen, width, height, phone=device == "phone")
    outdir = example_site("html", theme=theme).outdir
    with serve(outdir) as url:
        for page in card_pages(outdir):
            screen.get(url + page)
            cards = screen.execute_script(_MEASURE_CARDS)
            assert cards, f"{page}: no concept card"
            for card in cards:
                if not card["visible"]:
                    # An audience variant behind a tab: open it, as its tab
                    # link (or any link to the card) does.
                    screen.get(f"{url}{page}#{card['id']}")
                    (card,) = [
                        c
                        for c in screen.execute_script(_MEASURE_CARDS)
                        if c["id"] == card["id"]
                    ]
                where = f"{theme} {device} {page}#{card['id']}"
                assert card["visible"], where
                # Nothing inside a card may stick out of it or off the screen.
                assert card["scrollWidth"] <= card["clientWidth"] + 1, (where, card)
                assert card["left"] >= -1, (where, card)
                assert card["right"] <= card["viewport"] + 1, (where, card)
        if theme == "alabaster":
            # The inline Tokenization card: every section, and short enough.
            screen.get(url + "inline.html")
            card = screen.find_element("css selector", ".concept-card")
            if device == "desktop":
                _save_card(screen, card, screenshot_dir / "card-desktop.png")
            else:
                # What a phone shows: the top of the card, in the page.
                screen.execute_script("arguments[0].scrollIntoView()", card)
                path = screenshot_dir / "card-phone.png"
                path.parent.mkdir(parents=True, exist_ok=True)
                assert screen.save_screenshot(str(path))
                assert _png_size(path) == (PHONE[0] * 2, PHONE[1] * 2)


# (page, card title, card audience, see-also link text) -> (title, audience)
# of the card the link must lead to; from the example site's sources.
SEE_ALSO = [
    (
        ("managers.html", "Embedding", MANAGER, "Tokenization"),
        ("Tokenization", MANAGER),
    ),
    (
        ("managers.html", "Attention Mechanism", MANAGER, "Multi-head Attention"),
        ("Multi-head Attention", MANAGER),
    ),
    (
        ("engineers.html", "Attention Mechanism", ENGINEER, "Softmax"),
        ("Softmax", ENGINEER),
    ),
    (
        ("engineers.html", "Embedding", ENGINEER, "Embedding for managers"),
        ("Embedding", MANAGER),
    ),
    (
        ("engineers.html", "Transformer Model", ENGINEER, "Positional Encoding"),
        ("Positional Encoding", ENGINEER),
    ),
    (
        ("reference.html", "Positional Encoding", ENGINEER, "Self-Attention"),
        ("Self-Attention", ENGINEER),
    ),
    (
        ("inline.html", "Tokenization", MANAGER, "Transformer Model"),
        ("Transformer Model", MANAGER),
    ),
]

# The card the browser scrolled to (the `:target` of the URL fragment).
_LANDED_CARD = """
const target = document.querySelector(':target');
if (!target) return null;
const card = target.closest('.concept-card');
const box = target.getBoundingClientRect();
return {
  isCard: target === card,
  id: target.id,
  title: card && card.querySelector('.concept-title').textContent,
  meta: card && card.querySelector('.concept-meta').textContent,
  inView: box.top < window.innerHeight && box.bottom > 0,
};
"""

_FIND_SEE_ALSO_LINK = """
const [title, audience, text] = arguments;
for (const card of document.querySelectorAll('.concept-card')) {
  const meta = card.querySelector('.concept-meta').textContent;
  if (card.querySelector('.concept-title').textContent.trim() !== title
      || !meta.includes(audience)) continue;
  for (const link of card.querySelectorAll('.concept-section-see-also a')) {
    if (link.textContent.trim() === text) return link;
  }
}
return null;
"""


def _click_and_land(screen: Any, link: Any) -> dict[str, Any]:
    before = screen.current_url
    screen.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    href = link.get_attribute("href") if before == screen.current_url else None
    if href is not None and href != before:
        # Same-page links only change the fragment; give the browser a tick.
        screen.execute_script("return 0")
    landed: dict[str, Any] | None = screen.execute_script(_LANDED_CARD)
    assert landed is not None, f"no :target after clicking {href or screen.current_url}"
    return landed


@pytest.mark.parametrize(
    ("origin", "expected"), SEE_ALSO, ids=[f"{o[1]}->{o[3]}" for o, _ in SEE_ALSO]
)
def test_see_also_link_leads_to_the_named_concept_for_its_audience(
    screen: Any,
    alabaster: tuple[str, list[str]],
    origin: tuple[str, str, str, str],
    expected: tuple[str, str],
) -> None:
    page, title, audience, text = origin
    screen.get(alabaster[0] + page)
    link = screen.execute_script(_FIND_SEE_ALSO_LINK, title, audience, text)
    assert link is not None, f"{page}: no see-also link {text!r} in card {title!r}"
    landed = _click_and_land(screen, link)
    assert landed["isCard"], landed
    assert landed["inView"], landed
    assert _text(landed["title"]) == expected[0]
    assert expected[1] in landed["meta"], landed


# Every card on a page, by id: its title, meta line and summary text.
_CARDS_BY_ID = """
const cards = {};
for (const card of document.querySelectorAll('.concept-card')) {
  const summary = card.querySelector('.concept-section-summary');
  let text = '';
  if (summary) {
    const copy = summary.cloneNode(true);
    copy.querySelector('.concept-section-title').remove();
    text = copy.textContent;
  }
  cards[card.id] = {title: card.querySelector('.concept-title').textContent,
                    meta: card.querySelector('.concept-meta').textContent,
                    summary: text};
}
return cards;
"""

# The preview text: the title attribute, which the reading script keeps as
# data-concept-title while it shows previews of its own.
_LINKS = """
return [...document.querySelectorAll(arguments[0])].map(
  a => [a.href, a.textContent,
        a.getAttribute('title') || a.getAttribute('data-concept-title')]);
"""


class _Cards:
    """The cards of the example site, read in the browser, one load per page."""

    def __init__(self, screen: Any) -> None:
        self.screen = screen
        self.pages: dict[str, dict[str, dict[str, str]]] = {}

    def at(self, url: str) -> dict[str, str] | None:
        page, _, fragment = url.partition("#")
        if page not in self.pages:
            self.screen.get(page)
            self.pages[page] = self.screen.execute_script(_CARDS_BY_ID)
        return self.pages[page].get(unquote(fragment))


def test_every_see_also_link_leads_to_a_concept_card(
    screen: Any, alabaster: tuple[str, list[str]]
) -> None:
    url, pages = alabaster
    links = []
    for page in pages:
        screen.get(url + page)
        links += screen.execute_script(_LINKS, ".concept-see-also a")
    assert len(links) >= 20  # the example site has a see-also list in every card
    cards = _Cards(screen)
    for href, text, _ in links:
        card = cards.at(href)
        assert card is not None, f"see-also {text!r} -> {href}: not a concept card"
        # The link text is the concept's title, or a title the author chose
        # that names it ("Embedding for managers").
        assert _text(card["title"]).casefold() in _text(text).casefold(), (text, href)


def test_reference_previews_the_summary_of_its_target(
    screen: Any, alabaster: tuple[str, list[str]]
) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    url, pages = alabaster
    links = []
    for page in ("index.html", *pages):
        screen.get(url + page)
        first = screen.find_element("css selector", "a.concept-reference")
        screen.execute_script("arguments[0].scrollIntoView({block: 'center'})", first)
        ActionChains(screen).move_to_element(first).perform()
        # The pointer rests on the link itself (nothing covers it), so the
        # browser shows the link's title as its tooltip.
        assert screen.execute_script("return arguments[0].matches(':hover')", first)
        links += screen.execute_script(_LINKS, "a.concept-reference")
    assert len(links) >= 30
    cards = _Cards(screen)
    for href, text, title in links:
        assert title, f"reference {text!r} -> {href} has no preview"
        card = cards.at(href)
        assert card is not None, f"reference {text!r} -> {href}: not a concept card"
        assert card["summary"], f"{href}: the target card has no summary"
        assert _text(title) == _text(card["summary"]), (text, href)
    # Links to other pages and to cards on the same page are both covered.
    assert len({urlsplit(href).path for href, _, _ in links}) >= 4


# The card's colours next to the colours the theme's own variables resolve to,
# measured on a probe element placed where the card is.
_CARD_COLOURS = """
const [background, border, accent, text] = arguments;
const card = document.querySelector('.concept-card');
const probe = document.createElement('div');
card.parentElement.appendChild(probe);
const resolve = (value) => {
  probe.style.color = value;
  return getComputedStyle(probe).color;
};
const style = getComputedStyle(card);
const result = {
  card: {background: style.backgroundColor, border: style.borderTopColor,
         accent: style.borderLeftColor, text: style.color},
  theme: {background: resolve(background), border: resolve(border),
          accent: resolve(accent), text: resolve(text)},
  mode: document.body.dataset.theme || document.documentElement.dataset.theme || '',
};
probe.remove();
return result;
"""

#: Theme -> the variables it defines for (card background, border, accent, text).
THEME_COLOURS = {
    "furo": (
        "var(--color-background-secondary)",
        "var(--color-background-border)",
        "var(--color-brand-primary)",
        "var(--color-foreground-primary)",
    ),
    "pydata_sphinx_theme": (
        "var(--pst-color-on-background)",
        "var(--pst-color-border)",
        "var(--pst-color-primary)",
        "var(--pst-color-text-base)",
    ),
}
THEME_COLOURS["sphinx_book_theme"] = THEME_COLOURS["pydata_sphinx_theme"]


@pytest.mark.parametrize("theme", sorted(THEME_COLOURS))
def test_card_colours_follow_the_theme_in_light_and_dark_mode(
    screen: Any,
    example_site: SharedBuilds,
    screenshot_dir: Path,
    theme: str,
) -> None:
    outdir = example_site("html", theme=theme).outdir
    seen = {}
    with serve(outdir) as url:
        for scheme in ("light", "dark"):
            set_color_scheme(screen, scheme)
            screen.get(url + "managers.html")
            colours = screen.execute_script(_CARD_COLOURS, *THEME_COLOURS[theme])
            assert colours["card"] == colours["theme"], (theme, scheme, colours)
            seen[scheme] = colours["card"]
            if theme == "furo" and scheme == "dark":
                screen.get(url + "inline.html")
                card = screen.find_element("css selector", ".concept-card")
                _save_card(screen, card, screenshot_dir / "card-dark.png")
    # The theme's dark palette really reached the card.
    assert seen["light"]["background"] != seen["dark"]["background"]
    assert seen["light"]["text"] != seen["dark"]["text"]


def test_alabaster_cards_stay_readable_without_theme_variables(
    screen: Any, alabaster: tuple[str, list[str]]
) -> None:
    screen.get(alabaster[0] + "managers.html")
    colours = screen.execute_script(
        "const s = getComputedStyle(document.querySelector('.concept-card'));"
        "return [s.backgroundColor, s.borderLeftColor, s.borderLeftWidth];"
    )
    # A faint tint of the text colour and a visible accent bar, not blank defaults.
    assert colours[0] not in ("rgba(0, 0, 0, 0)", "transparent"), colours
    assert colours[2] != "0px", colours


@pytest.mark.parametrize(
    ("theme", "scheme"),
    [
        ("alabaster", "light"),
        ("furo", "light"),
        ("furo", "dark"),
        ("pydata_sphinx_theme", "light"),
        ("pydata_sphinx_theme", "dark"),
        # Book theme's colours are pydata's (checked above); its layout differs.
        ("sphinx_book_theme", "light"),
    ],
)
@needs_axe
def test_axe_finds_no_serious_violation_in_cards(
    screen: Any, example_site: SharedBuilds, theme: str, scheme: str
) -> None:
    outdir = example_site("html", theme=theme).outdir
    set_color_scheme(screen, scheme)
    problems = []
    with serve(outdir) as url:
        for page in (*card_pages(outdir), *OTHER_PAGES):
            screen.get(urljoin(url, page))
            for violation in axe_violations_in_cards(screen):
                # Heading order is "moderate" for axe, but a card's headings
                # are ours to get right, so it counts here too.
                if violation["impact"] in ("serious", "critical") or violation[
                    "rule"
                ] in ("heading-order", "axe-error"):
                    problems.append((page, violation))
    assert not problems, "\n".join(f"{page}: {v}" for page, v in problems)

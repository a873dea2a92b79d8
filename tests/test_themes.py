"""Card styling across themes and builders, without a browser.

* The example site builds warning-free with the four themes users pick most.
* The stylesheet uses colour properties each theme really defines, in its
  light and its dark palette (so a renamed theme variable fails here).
* The stylesheet reaches every HTML builder's output (linked and copied, inside
  the .epub too) and no other builder's.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

import pytest
from bs4 import BeautifulSoup

import sphinx_concepts
from browser_support import THEMES
from build_helpers import SharedBuilds, build, copy_root

CSS_NAME = "sphinx-concepts.css"
PACKAGE_CSS = Path(sphinx_concepts.__file__).parent / "static" / CSS_NAME
CARD_PAGES = ("managers", "engineers", "inline", "reference")


def _stylesheets(page: Path) -> list[Path]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [
        (page.parent / str(link["href"]).split("?")[0]).resolve()
        for link in soup.find_all("link", rel="stylesheet")
    ]


@pytest.mark.parametrize("theme", THEMES)
def test_example_site_builds_with_theme_without_warnings(
    example_site: SharedBuilds, theme: str
) -> None:
    result = example_site("html", theme=theme)
    assert result.warning_lines() == []
    outdir = result.outdir
    for page in CARD_PAGES:
        html = outdir / f"{page}.html"
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        assert soup.select(".concept-card"), f"{theme}: {page} has no card"
        ours = [sheet for sheet in _stylesheets(html) if sheet.name == CSS_NAME]
        assert ours, f"{theme}: {page} does not link {CSS_NAME}"
        assert ours[0].read_bytes() == PACKAGE_CSS.read_bytes()


def _declared(css: str, selector_matches: Callable[[str], bool]) -> set[str]:
    """Custom properties declared in rules whose selector passes the test."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    names: set[str] = set()
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        if selector_matches(selector.strip()):
            names.update(re.findall(r"(--[\w-]+)\s*:", body))
    return names


def _theme_css(outdir: Path) -> str:
    return "\n".join(
        path.read_text(encoding="utf-8")
        for path in sorted((outdir / "_static").rglob("*.css"))
        if path.name != CSS_NAME
    )


def _is_furo_dark(selector: str) -> bool:
    return "body[data-theme=dark]" in selector.replace('"', "")


def _is_pydata_dark(selector: str) -> bool:
    return "html[data-theme=dark]" in selector.replace('"', "")


#: Theme -> (prefix of its colour properties, selector test of its dark palette).
PALETTES: dict[str, tuple[str, Callable[[str], bool]]] = {
    "furo": ("--color-", _is_furo_dark),
    "pydata_sphinx_theme": ("--pst-color-", _is_pydata_dark),
    "sphinx_book_theme": ("--pst-color-", _is_pydata_dark),
}


@pytest.mark.parametrize("theme", sorted(PALETTES))
def test_card_colours_are_properties_the_theme_defines_light_and_dark(
    example_site: SharedBuilds, theme: str
) -> None:
    prefix, is_dark = PALETTES[theme]
    ours = set(
        re.findall(r"var\(\s*(--[\w-]+)", PACKAGE_CSS.read_text(encoding="utf-8"))
    )
    used = {name for name in ours if name.startswith(prefix)}
    assert len(used) >= 3, used  # background, border, accent at least
    outdir = example_site("html", theme=theme).outdir
    css = _theme_css(outdir)
    assert used <= _declared(css, lambda selector: True), used
    assert used <= _declared(css, is_dark), f"{theme}: not in the dark palette"
    if theme == "furo":
        # Furo's "auto" mode: the dark palette under prefers-color-scheme too.
        media = re.findall(
            r"@media\s*\(prefers-color-scheme:\s*dark\)\s*\{(.*?\})\s*\}", css, re.S
        )
        assert any(used <= _declared(block, lambda s: True) for block in media)


# -- which builders get the stylesheet -------------------------------------

HTML_BUILDERS = {
    # builder -> pages that hold the card and the reference
    "html": ("index.html", "other.html"),
    "dirhtml": ("index.html", "other/index.html"),
    "singlehtml": ("index.html",),
    "epub": ("index.xhtml", "other.xhtml"),
}


def _build(tmp_path: Path, builder: str) -> Path:
    result = build(
        copy_root("html-assets", tmp_path / "src"),
        builder,
        confoverrides={"copyright": "2024, Harbour Office", "version": "1.0"},
    )
    assert result.warning_lines() == []
    return result.outdir


@pytest.mark.parametrize("builder", sorted(HTML_BUILDERS))
def test_html_builders_link_and_ship_the_stylesheet(
    tmp_path: Path, builder: str
) -> None:
    outdir = _build(tmp_path, builder)
    for page in HTML_BUILDERS[builder]:
        sheets = [s for s in _stylesheets(outdir / page) if s.name == CSS_NAME]
        assert sheets, f"{builder}: {page} does not link {CSS_NAME}"
        assert sheets[0].is_file(), f"{builder}: {page} links a missing {sheets[0]}"
    if builder == "epub":
        # A reader only gets what is inside the archive and listed in its manifest.
        (book,) = outdir.glob("*.epub")
        with zipfile.ZipFile(book) as archive:
            names = set(archive.namelist())
            manifest = archive.read("content.opf").decode("utf-8")
        css = str(PurePosixPath("_static", CSS_NAME))
        assert css in names
        assert f'href="{css}"' in manifest


@pytest.mark.parametrize("builder", ["latex", "text"])
def test_other_builders_get_no_stylesheet(tmp_path: Path, builder: str) -> None:
    outdir = _build(tmp_path, builder)
    assert list(outdir.rglob("*.tex" if builder == "latex" else "*.txt"))
    assert not list(outdir.rglob("*.css"))

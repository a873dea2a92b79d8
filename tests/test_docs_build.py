"""The project's own docs build warning-free (nitpicky, as CI builds them), and their
generated reference pages list everything the code defines."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup, Tag

from build_helpers import DOCS, assert_no_crash, build, copy_project, soup_of
from sphinx_concepts.core.config import PREFIX, ConceptsConfig
from sphinx_concepts.core.problems import Subtype


class DocsSite:
    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir

    def soup(self, page: str) -> BeautifulSoup:
        return soup_of(self.outdir / page)

    def follow(self, page: str, link: Tag) -> Tag:
        """The element a link on ``page`` points to."""
        target = urljoin(page, str(link["href"]))
        path, _, anchor = target.partition("#")
        found = self.soup(path).find(id=anchor)
        assert isinstance(found, Tag), f"{target} points nowhere"
        return found


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> DocsSite:
    """CI's ``sphinx-build -nW --keep-going -b html docs`` as a test: a nitpicky
    build of a copy of docs/ (so it leaves nothing in the repository) that must
    give no warning at all."""
    src = copy_project(DOCS, tmp_path_factory.mktemp("docs") / "src")
    result = build(src, confoverrides={"nitpicky": True})
    assert_no_crash(result)
    assert result.warning_lines() == [], "the docs build warns"
    return DocsSite(result.outdir)


def _first_column(soup: BeautifulSoup) -> dict[str, Tag]:
    table = soup.find("table")
    assert isinstance(table, Tag)
    rows = {}
    for row in table.select("tbody tr"):
        cells = row.find_all("td")
        rows[cells[0].get_text(strip=True)] = cells[-1]
    return rows


def test_config_table_lists_every_config_value(site: DocsSite) -> None:
    soup = site.soup("reference/configuration.html")
    rows = _first_column(soup)
    expected = {PREFIX + f.name for f in fields(ConceptsConfig)}
    assert set(rows) == expected
    for name, meaning in rows.items():
        assert meaning.get_text(strip=True), f"{name} has no description"
        # Each name is a confval target other pages link to.
        assert soup.find(id=f"confval-{name}") is not None


def test_confval_links_reach_the_table(site: DocsSite) -> None:
    page = "howto/bulk-import.html"
    link = next(
        a
        for a in site.soup(page).select("a.reference.internal")
        if a.get_text(strip=True) == "concepts_paths"
    )
    target = site.follow(page, link)
    row = target.find_parent("tr")
    assert row is not None
    assert row.find("td").get_text(strip=True) == "concepts_paths"


def test_warnings_page_lists_every_subtype(site: DocsSite) -> None:
    rows = _first_column(site.soup("reference/warnings.html"))
    assert set(rows) == {f"concept.{subtype.value}" for subtype in Subtype}
    # The text is the docstring under the enum member, not an empty cell.
    assert "first in document order wins" in rows["concept.duplicate"].get_text(" ")
    assert all(cell.get_text(strip=True) for cell in rows.values())


def test_cli_page_shows_the_help_of_every_command(site: DocsSite) -> None:
    blocks = [pre.get_text() for pre in site.soup("reference/cli.html").find_all("pre")]
    for command in ("", " check", " convert", " new"):
        assert any(b.startswith(f"usage: sphinx-concepts{command} ") for b in blocks)
    assert any("--format {text,json}" in block for block in blocks)


def test_tutorial_links_open_the_variant_they_name(site: DocsSite) -> None:
    page = "tutorial.html"
    # Smart quotes turn the apostrophe of "engineers' version" into a curly one.
    links = {
        a.get_text(strip=True).replace("\u2019", "'"): a
        for a in site.soup(page).select("a.reference")
    }
    engineers = site.follow(page, links["the engineers' version"])
    managers = site.follow(page, links["Vector Database"])
    assert "Software Engineer" in engineers.get_text(" ")
    assert "Product Manager" in managers.get_text(" ")
    assert engineers is not managers


def test_index_renders_a_card_and_links_the_concept_index(site: DocsSite) -> None:
    soup = site.soup("index.html")
    card = soup.select_one("article.concept-card")
    assert card is not None
    assert "Concept Explanation" in card.get_text(" ")
    assert soup.find("a", href="concept-index.html") is not None
    assert (site.outdir / "concept-index.html").is_file()

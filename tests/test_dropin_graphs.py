"""Issue 11, point 4: every concept graph and its image map has its own id,
however many graphs a page holds (Graphviz names a map after its graph)."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from build_helpers import CONF, assert_no_crash, build, write_project

needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz ('dot') is not installed"
)

CONCEPTS = (
    "```{concept} Alpha\nFirst.\n\n## See also:\n\n- [B](<beta>)\n```\n\n"
    "```{concept} Beta\nSecond.\n\n## See also:\n\n- [A](<alpha>)\n```\n\n"
)
# Two graphs; the pages put them under a heading "Concepts", whose id is the
# one every map used to have.
GRAPHS = "```{concept-graph}\n```\n\n```{concept-graph}\n:rankdir: TB\n```\n\n"


def duplicate_ids(soup: BeautifulSoup) -> list[str]:
    counts = Counter(str(tag["id"]) for tag in soup.find_all(id=True))
    return sorted(name for name, count in counts.items() if count > 1)


def maps_and_images(soup: BeautifulSoup) -> tuple[list[str], list[str]]:
    maps = [str(m["id"]) for m in soup.find_all("map")]
    used = [str(img["usemap"]).lstrip("#") for img in soup.select("img[usemap]")]
    return maps, used


@needs_dot
def test_p4_two_graphs_on_one_page_have_their_own_maps(tmp_path: Path) -> None:
    src = write_project(
        tmp_path / "src",
        {
            "conf.py": CONF + 'graphviz_output_format = "png"\n',
            "index.md": "# Home\n\n" + CONCEPTS + "## Concepts\n\n" + GRAPHS,
        },
    )
    result = build(src)
    assert_no_crash(result)
    assert result.warning_lines() == []
    soup = result.soup("index")
    maps, used = maps_and_images(soup)
    assert len(maps) == 2 and len(set(maps)) == 2
    assert used == maps  # each image uses its own map's click areas
    assert duplicate_ids(soup) == []
    # Each map's areas link to the cards.
    for name in maps:
        areas = soup.find("map", id=name).find_all("area")
        hrefs = {a["href"] for a in areas}
        assert hrefs == {"index.html#concept-alpha", "index.html#concept-beta"}


@needs_dot
def test_p4_graphs_of_several_pages_in_one_single_page_build(tmp_path: Path) -> None:
    src = write_project(
        tmp_path / "src",
        {
            "conf.py": CONF + 'graphviz_output_format = "png"\n',
            "index.md": "# Home\n\n```{toctree}\nmore\n```\n\n"
            + CONCEPTS
            + "## Concepts\n\n"
            + GRAPHS,
            "more.md": "# More\n\n" + GRAPHS,
        },
    )
    result = build(src, "singlehtml")
    assert_no_crash(result)
    soup = BeautifulSoup(
        (result.outdir / "index.html").read_text("utf-8"), "html.parser"
    )
    maps, used = maps_and_images(soup)
    assert len(maps) == 4 and len(set(maps)) == 4
    assert used == maps
    assert duplicate_ids(soup) == []

"""Reader features on a real site: concept lists and graphs, audience variants as
tabs, the wanted-concepts page and ``concepts.json`` (issue 7)."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from build_helpers import (
    CONF,
    BuildResult,
    Identity,
    assert_no_crash,
    build,
    card_identity,
    copy_root,
    land,
    soup_of,
    words,
    write_project,
)
from sphinx_concepts.pages.graph import quote

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"

#: The two unresolved references the site makes on purpose (they are "wanted").
EXPECTED_WARNINGS = {"'regularization'", "'Momentum'"}


def site(factory: pytest.TempPathFactory, name: str) -> Path:
    """A fresh copy of the ``features-site`` root."""
    return copy_root("features-site", factory.mktemp(name) / "src")


def checked(result: BuildResult) -> BuildResult:
    assert_no_crash(result)
    for line in result.concept_warnings():
        assert any(target in line for target in EXPECTED_WARNINGS), line
    others = [w for w in result.warning_lines() if "[concept." not in w]
    assert not others, others
    return result


# Without Graphviz a graph is drawn as a list (tested below); CI installs it.
needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz 'dot' is not installed"
)


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return checked(build(site(tmp_path_factory, "html"), "html"))


def section(soup: BeautifulSoup, section_id: str) -> Tag:
    found = soup.find("section", id=section_id)
    assert isinstance(found, Tag), section_id
    return found


LR = ("Learning Rate", "Managers", "ML Engineer")
OVERFITTING = ("Overfitting", "Managers", None)
BATCH = ("Batch Size", "Engineers", "Data Scientist")
GRADIENT_M = ("Gradient", "Managers", None)
GRADIENT_E = ("Gradient", "Engineers", "ML Engineer")


# -- concept-list ----------------------------------------------------------------
def list_links(result: BuildResult, section_id: str) -> list[Identity]:
    """Where the links of a list land, in the order the list shows them."""
    soup = result.soup("lists")
    links = section(soup, section_id).select(".concept-list a.reference")
    return [card_identity(land(result.outdir, "lists.html", a["href"])) for a in links]


def test_list_table_sorted_by_title_with_summaries(html: BuildResult) -> None:
    assert list_links(html, "everything") == [
        BATCH,
        GRADIENT_E,
        GRADIENT_M,
        LR,
        OVERFITTING,
    ]
    rows = section(html.soup("lists"), "everything").select(
        "table.concept-list tbody tr"
    )
    cells = [[words(td.get_text()) for td in row.find_all("td")] for row in rows]
    assert cells[0] == [
        "Batch Size",
        "Engineers",
        "Data Scientist",
        "Examples per update.",
    ]
    assert cells[4] == [
        "Overfitting",
        "Managers",
        "",
        "Memorising instead of learning.",
    ]


@pytest.mark.parametrize(
    ("section_id", "expected"),
    [
        ("training-or-basics", [BATCH, GRADIENT_M, LR]),  # tag: any of the list
        ("for-engineers", [BATCH, GRADIENT_E]),  # audience, matched normalised
        ("by-a-data-scientist", [BATCH]),
    ],
)
def test_list_filters(
    html: BuildResult, section_id: str, expected: list[Identity]
) -> None:
    assert list_links(html, section_id) == expected


def test_list_item_text_and_empty_list(html: BuildResult) -> None:
    soup = html.soup("lists")
    first = section(soup, "training-or-basics").select_one("ul.concept-list > li")
    assert words(first.get_text()) == (
        "Batch Size (for Engineers, by Data Scientist): Examples per update."
    )
    nothing = section(soup, "nothing")
    assert not nothing.select(".concept-list")
    assert "No concepts match" in nothing.get_text()


# -- concept-graph ---------------------------------------------------------------
def graph(
    result: BuildResult, section_id: str
) -> tuple[dict[str, Identity], set[tuple[str, str]]]:
    """Nodes (graphviz id -> the card its link lands on) and edges of the SVG
    graph shown in a section of lists.html."""
    obj = section(result.soup("lists"), section_id).select_one("object.concept-graph")
    assert obj is not None and obj["type"] == "image/svg+xml"
    svg_path = result.outdir / obj["data"]
    root = ET.parse(svg_path).getroot()
    svg_base = svg_path.relative_to(result.outdir).as_posix()
    nodes: dict[str, Identity] = {}
    edges: set[tuple[str, str]] = set()
    for group in root.iter(f"{SVG}g"):
        title = group.find(f"{SVG}title")
        if "node" in group.get("class", "").split():
            link = next(group.iter(f"{SVG}a"))
            assert link.get("target") == "_top"
            nodes[title.text] = card_identity(
                land(result.outdir, svg_base, link.get(XLINK))
            )
        elif "edge" in group.get("class", "").split():
            edges.add(tuple(title.text.split("->")))  # type: ignore[arg-type]
    return nodes, {(nodes[a], nodes[b]) for a, b in edges}


@needs_dot
def test_graph_nodes_link_to_cards_and_edges_are_see_also(html: BuildResult) -> None:
    nodes, edges = graph(html, "graph")
    assert sorted(nodes.values(), key=str) == sorted(
        [LR, OVERFITTING, BATCH, GRADIENT_M, GRADIENT_E], key=str
    )
    # "regularization" is unresolved: no edge, no node.
    assert edges == {
        (LR, GRADIENT_M),  # "gradient" resolves to the default audience
        (LR, OVERFITTING),
        (OVERFITTING, LR),
        (BATCH, LR),  # asks for engineers, only the managers' card exists
        (GRADIENT_M, LR),
        (GRADIENT_E, BATCH),
    }


@needs_dot
def test_filtered_graph_keeps_edges_between_shown_concepts(html: BuildResult) -> None:
    nodes, edges = graph(html, "graph-for-engineers")
    assert sorted(nodes.values(), key=str) == sorted([BATCH, GRADIENT_E], key=str)
    assert edges == {(GRADIENT_E, BATCH)}


def test_graph_without_graphviz_is_a_linked_list(tmp_path: Path) -> None:
    src = write_project(
        tmp_path / "src",
        {
            "index.md": "# Home\n\n"
            "```{concept} Alpha\nText.\n\n## See also:\n\n- [B](?concept=beta)\n```\n\n"
            "```{concept} Beta\nText.\n```\n\n```{concept-graph}\n```\n",
            # In conf.py: the project did not enable sphinx.ext.graphviz, whose
            # values sphinx-concepts registers only after -D overrides are read.
            "conf.py": CONF + 'graphviz_dot = "no-such-dot-command"\n',
        },
    )
    result = build(src)
    assert_no_crash(result)
    assert result.warning_lines() == []  # a fresh machine without Graphviz builds
    graph = result.soup("index").select_one("ul.concept-graph-list")
    rows = [words(li.get_text(" ")) for li in graph.find_all("li", recursive=False)]
    assert rows == ["Alpha → Beta", "Beta"]
    arrow = graph.select_one("li li a")
    target = result.soup("index").find(id=arrow["href"].lstrip("#"))
    assert words(target.select_one(".concept-title").get_text()) == "Beta"


@pytest.mark.parametrize(
    ("text", "dot"),
    [("plain", '"plain"'), ('say "hi"', '"say \\"hi\\""'), ("a\\b", '"a\\\\b"')],
)
def test_dot_strings_are_escaped(text: str, dot: str) -> None:
    assert quote(text) == dot


# -- variant tabs ----------------------------------------------------------------
def test_tabs_are_links_to_the_card_in_the_next_panel(html: BuildResult) -> None:
    soup = html.soup("tabs")
    (group,) = soup.select(".concept-variants")
    assert group.get("aria-label", "").startswith("Gradient")
    assert not group.find("script")  # works without JavaScript
    children = [c for c in group.children if isinstance(c, Tag)]
    assert [c.name for c in children] == ["a", "div", "a", "div"]
    for tab, panel in zip(children[::2], children[1::2], strict=True):
        assert "concept-variants-tab" in tab["class"]
        assert "concept-variants-panel" in panel["class"]
        cards = panel.select(".concept-card")
        assert len(cards) == 1
        assert tab["href"] == f"#{cards[0]['id']}"
        assert card_identity(cards[0])[1] == words(tab.get_text())
    assert [words(t.get_text()) for t in children[::2]] == ["Managers", "Engineers"]


def test_reference_with_audience_targets_the_card_in_its_panel(
    html: BuildResult,
) -> None:
    soup = html.soup("tabs")
    link = soup.select_one("section#tabs > p a.concept-reference")
    target = land(html.outdir, "tabs.html", link["href"])
    assert card_identity(target) == GRADIENT_E
    panels = soup.select(".concept-variants > .concept-variants-panel")
    here = soup.find(id=target["id"])  # the same element, in this page's tree
    assert here is not None
    assert here.find_parent(class_="concept-variants-panel") is panels[1]


def test_tab_stylesheet_is_linked_and_shows_the_targeted_panel(
    html: BuildResult,
) -> None:
    hrefs = [link["href"] for link in html.soup("tabs").select("link[rel=stylesheet]")]
    assert any(h.startswith("_static/sphinx-concepts-tabs.css") for h in hrefs)
    css = (html.outdir / "_static" / "sphinx-concepts-tabs.css").read_text("utf8")
    assert ".concept-variants-panel:has(:target)" in css
    assert "@supports selector(:has(a))" in css  # older browsers: all cards shown


@pytest.mark.parametrize("builder", ["latex", "text"])
def test_variants_are_consecutive_cards_outside_html(
    tmp_path_factory: pytest.TempPathFactory, builder: str
) -> None:
    result = checked(build(site(tmp_path_factory, builder), builder))
    if builder == "latex":
        text = next(result.outdir.glob("*.tex")).read_text("utf8")
        chunk = text[
            text.index(r"\label{\detokenize{tabs:concept-gradient--managers}}") :
        ]
        first_end = chunk.index(r"\end{sphinxConceptCard}")
        second = chunk.index(r"\begin{sphinxConceptCard}")
        assert first_end < second
        assert chunk[first_end + len(r"\end{sphinxConceptCard}") : second].strip() == ""
        assert (
            r"\label{\detokenize{tabs:concept-gradient--ml-engineer--engineers}}"
            in (chunk[second : second + 200])
        )
        if shutil.which("dot"):
            assert "sphinxincludegraphics" in text  # the graphs, as PDF pictures
    else:
        text = (result.outdir / "tabs.txt").read_text("utf8")
        managers = text.index("*For Managers*")
        engineers = text.index("*For Engineers, explained by ML Engineer*")
        assert managers < engineers
        assert "concept-variants" not in text


# -- wanted concepts ---------------------------------------------------------------
def test_wanted_page_lists_queries_and_referrers(html: BuildResult) -> None:
    soup = html.soup("concept-wanted")
    wanted: dict[str, list[tuple[str, Identity | str]]] = {}
    current = ""
    for row in soup.select("table.indextable tr"):
        cells = row.find_all("td")
        if (
            len(cells) < 3
            or "cap" in (row.get("class") or [])
            or not row.get_text(strip=True)
        ):
            continue
        link = cells[1].find("a")
        if link is None:
            current = words(cells[1].get_text())
            wanted[current] = []
            assert words(cells[2].get_text()).startswith("?concept=")
            continue
        href = link["href"]
        target = land(html.outdir, "concept-wanted.html", href)
        where = (
            card_identity(target) if "concept-card" in target.get("class", []) else href
        )
        wanted[current].append((words(link.get_text()), where))
    assert wanted == {
        "Learning Rate (for Engineers) (written only for: Managers)": [
            ("Batch Size (Cards)", BATCH),
            ("Features", "index.html#"),
        ],
        "momentum (not written yet)": [("Features", "index.html#")],
        "regularization (not written yet)": [("Overfitting (Cards)", OVERFITTING)],
    }
    # {ref}`concept-wanted` leads there.
    refs = [a["href"] for a in html.soup("index").select("a.reference.internal")]
    assert "concept-wanted.html" in refs


def test_wanted_page_is_off_by_default(tmp_path: Path) -> None:
    src = write_project(
        tmp_path / "src",
        {
            "index.md": "# Home\n\n```{concept} A\nText.\n```\n\n{concept}`Missing`\n",
        },
    )
    result = build(src)
    assert_no_crash(result)
    assert not (result.outdir / "concept-wanted.html").exists()
    assert (result.outdir / "concept-index.html").exists()


# -- concepts.json -----------------------------------------------------------------
def concepts_json(result: BuildResult) -> dict[str, dict[str, object]]:
    data = json.loads((result.outdir / "concepts.json").read_text("utf8"))
    assert data["format_version"] == 1
    return {f"{c['title']}/{c['target_audience']}": c for c in data["concepts"]}


def check_concepts_json(result: BuildResult) -> None:
    records = concepts_json(result)
    assert len(records) == 5
    for record in records.values():
        card = land(result.outdir, "", str(record["url"]))
        assert card_identity(card)[:2] == (record["title"], record["target_audience"])
    lr = records["Learning Rate/Managers"]
    assert lr["specialist_role"] == "ML Engineer"
    assert lr["tags"] == ["training", "basics"]
    assert lr["summary"] == "The step size of training."
    backlinks = [land(result.outdir, "", str(url)) for url in lr["backlinks"]]  # type: ignore[attr-defined]
    cards = {
        card_identity(b) for b in backlinks if "concept-card" in b.get("class", [])
    }
    assert cards == {OVERFITTING, BATCH, GRADIENT_M}
    assert len(backlinks) == 4  # and the index page's text
    see_also = records["Overfitting/Managers"]["see_also"]
    assert [(s["query"], s["url"] is None) for s in see_also] == [  # type: ignore[attr-defined]
        ("?concept=learning+rate", False),
        ("?concept=regularization", True),
    ]
    target = land(result.outdir, "", see_also[0]["url"])  # type: ignore[index]
    assert card_identity(target) == LR


def test_concepts_json_html(html: BuildResult) -> None:
    check_concepts_json(html)


@pytest.mark.parametrize("builder", ["dirhtml", "singlehtml"])
def test_concepts_json_other_html_builders(
    tmp_path_factory: pytest.TempPathFactory, builder: str
) -> None:
    result = checked(build(site(tmp_path_factory, builder), builder))
    check_concepts_json(result)
    if builder == "singlehtml":
        # List links on the one page are plain fragments that exist there.
        soup = soup_of(result.outdir / "index.html")
        for link in soup.select(".concept-list a.reference"):
            assert link["href"].startswith("#")
            assert soup.find(id=link["href"][1:]) is not None


# -- incremental builds ------------------------------------------------------------
def test_list_page_is_rewritten_when_a_concept_changes(tmp_path: Path) -> None:
    src = copy_root("features-site", tmp_path / "src")
    checked(build(src, "html"))
    source = src / "concepts" / "training.yaml"
    source.write_text(
        source.read_text("utf8").replace(
            "concept: Overfitting", "concept: Overfitting Noise"
        ),
        encoding="utf8",
    )
    result = build(src, "html")
    assert_no_crash(result)
    assert "lists" not in result.read_docs()  # only re-written, not re-read
    titles = [
        words(a.get_text())
        for a in section(result.soup("lists"), "everything").select("a")
    ]
    assert "Overfitting Noise" in titles
    assert "Overfitting" not in titles
    records = concepts_json(result)
    assert "Overfitting Noise/Managers" in records

"""Concept references resolve to the variant written for the reader's audience,
in every HTML flavour; unresolved ones warn and still render (real builds)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import Tag

from build_helpers import (
    CONF,
    ROOTS,
    SharedBuilds,
    build,
    card_identity,
    copy_root,
    inventory,
    land,
    soup_of,
    words,
    write_project,
)


@pytest.fixture(scope="module")
def refs(tmp_path_factory: pytest.TempPathFactory) -> SharedBuilds:
    """The ``refs`` root, built once per builder that a test here asks for."""
    return SharedBuilds(ROOTS / "test-refs", tmp_path_factory)


# label in index.md -> (title, audience, role) of the card the link must land on
MATRIX = {
    "exact": ("Attention", "Engineers", "Researcher"),
    "same-audience": ("Attention", "Engineers", "ML Engineer"),
    "default": ("Attention", "Managers", "ML Engineer"),
    "first-defined": ("Transformer", "Researchers", "ML Engineer"),
    "alias": ("Attention", "Managers", "ML Engineer"),
    "normalised": ("Multi-head Attention", "Managers", None),
    "c": ("C", "Managers", None),
    "cpp": ("C++", "Managers", None),
    "csharp": ("C#", "Managers", None),
    "chinese": ("注意力机制", "Managers", None),
    "french": ("Réseau de neurones", "Managers", None),
}


def matrix_links(page: Path) -> dict[str, Tag]:
    links = {}
    for item in soup_of(page).select("li"):
        label = item.get_text().split(":", 1)[0].strip()
        if label in MATRIX or label == "unknown":
            links[label] = item
    return links


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml"])
def test_resolution_matrix_lands_on_the_right_variant(
    refs: SharedBuilds, builder: str
) -> None:
    outdir = refs(builder).outdir
    page = outdir / "index.html"
    items = matrix_links(page)
    assert set(items) == {*MATRIX, "unknown"}
    for label, expected in MATRIX.items():
        link = items[label].select_one("a")
        assert link is not None, label
        if builder == "singlehtml":
            # Plain in-page anchors: "#document-x#id" cannot be followed.
            assert link["href"].startswith("#") and link["href"].count("#") == 1
        landed = land(outdir, page, link["href"])
        assert card_identity(landed) == expected, label
        # The preview is the summary of the card the link lands on.
        summary = landed.select_one(".concept-section-summary")
        summary_text = words(summary.get_text()).removeprefix("Summary ").strip()
        assert words(link["title"]) == summary_text, label
    # Unknown targets render as text, not as a link.
    unknown = items["unknown"]
    assert unknown.select_one("a") is None
    assert "No Such Concept" in unknown.get_text()


def test_link_text_defaults_to_the_title(refs: SharedBuilds) -> None:
    items = matrix_links(refs().outdir / "index.html")
    assert words(items["alias"].select_one("a").get_text()) == "Attention"
    assert (
        words(items["normalised"].select_one("a").get_text()) == "Multi-head Attention"
    )
    assert words(items["exact"].select_one("a").get_text()) == "exact"


@pytest.mark.parametrize("builder", ["html", "singlehtml", "latex", "text"])
def test_unresolved_references_warn_at_their_location(
    refs: SharedBuilds, builder: str
) -> None:
    # singlehtml and latex resolve one tree assembled from every page.
    warnings = refs(builder).warning_lines()
    concept_warnings = [w for w in warnings if "[concept.ref]" in w]
    assert len(concept_warnings) == 2, warnings
    page_warning = next(w for w in concept_warnings if "No Such Concept" in w)
    assert re.search(r"index\.md:19: WARNING: .*'No Such Concept'", page_warning)
    source_warning = next(w for w in concept_warnings if "does+not+exist" in w)
    # The see-also item's own line in its source file.
    assert re.search(r"concepts/students\.md:15: WARNING", source_warning)


def test_see_also_resolves_across_pages(refs: SharedBuilds) -> None:
    outdir = refs().outdir
    page = outdir / "b_defs.html"
    students = next(
        c
        for c in soup_of(page).select("article.concept-card")
        if "Students" in c.select_one(".concept-meta").get_text()
    )
    links = students.select("ul.concept-see-also a")
    assert [words(a.get_text()) for a in links] == ["Attention for engineers"]
    assert card_identity(land(outdir, page, links[0]["href"])) == (
        "Attention",
        "Engineers",
        "ML Engineer",
    )
    # The unresolved one is still there, as text with its description.
    assert "Missing one: nobody wrote it yet." in words(students.get_text())


def test_fallback_url_for_unresolved(tmp_path: Path) -> None:
    result = build(
        copy_root("refs", tmp_path / "src"),
        confoverrides={"concepts_fallback_url": "https://explainer.example/?{query}"},
    )
    unknown = matrix_links(result.outdir / "index.html")["unknown"]
    assert unknown.select_one("a")["href"] == (
        "https://explainer.example/?concept=No+Such+Concept"
    )
    students = result.soup("b_defs")
    hrefs = [a["href"] for a in students.select("ul.concept-see-also a")]
    assert (
        "https://explainer.example/?concept=does+not+exist&target_audience=Students"
        in hrefs
    )
    # Still a warning: the fallback is a courtesy to readers, not a resolution.
    assert result.warnings.count("[concept.ref]") == 2


def test_concept_index_lists_every_concept_and_variant(refs: SharedBuilds) -> None:
    outdir = refs().outdir
    index_page = outdir / "concept-index.html"
    soup = soup_of(index_page)
    letters = [
        words(h.get_text()) for h in soup.select("tr.cap td strong, tr.cap strong")
    ]
    # Sorted, grouped by first letter; F holds the alias "focus mechanism".
    assert letters[:4] == ["A", "C", "F", "M"]
    assert "R" in letters  # Réseau files under R (accent folded)
    rows = soup.select("table.indextable tr")
    text = " | ".join(words(r.get_text(" ")) for r in rows)
    for title in (
        "Attention",
        "Transformer",
        "C++",
        "C#",
        "注意力机制",
        "Réseau de neurones",
    ):
        assert title in text
    # Attention has three variants beneath it, each linking to its own card.
    variant_links = [
        a for a in soup.select("table.indextable a") if "concept-attention" in a["href"]
    ]
    landed = {card_identity(land(outdir, index_page, a["href"])) for a in variant_links}
    assert landed == {
        ("Attention", "Engineers", "ML Engineer"),
        ("Attention", "Engineers", "Researcher"),
        ("Attention", "Managers", "ML Engineer"),
    }


def test_index_page_is_referable(tmp_path: Path) -> None:
    srcdir = copy_root("refs", tmp_path / "src")
    with (srcdir / "index.md").open("a", encoding="utf-8") as handle:
        handle.write("\nSee the {ref}`concept-index`.\n")
    result = build(srcdir)
    prose = next(
        p
        for p in result.soup("index").select("p")
        if p.get_text().startswith("See the")
    )
    link = prose.select_one("a")
    assert link["href"] == "concept-index.html"
    assert words(link.get_text()) == "Concept Index"
    assert "undefined label" not in result.warnings


def test_general_index_has_every_concept(refs: SharedBuilds) -> None:
    genindex = words(refs().soup("genindex").get_text(" "))
    for title in ("Attention", "Transformer", "Multi-head Attention", "C++", "C#"):
        assert title in genindex


def test_objects_inv_has_every_variant(refs: SharedBuilds) -> None:
    lines = [
        line
        for line in inventory(refs().outdir / "objects.inv")
        if " concept:concept " in line
    ]
    names = [line.split(" concept:concept ")[0] for line in lines]
    assert "Attention" in names  # the default variant under its plain title
    assert (
        "?concept=attention&specialist_role=researcher&target_audience=engineers"
        in names
    )
    assert "?concept=c%2B%2B&target_audience=managers" in names
    default = next(
        line for line in lines if line.startswith("Attention concept:concept")
    )
    assert "a_defs.html#concept-attention--ml-engineer--managers" in default


def test_intersphinx_round_trip(refs: SharedBuilds, tmp_path: Path) -> None:
    objects_inv = refs().outdir / "objects.inv"
    other = write_project(
        tmp_path / "other",
        {
            "conf.py": CONF
            + 'extensions.append("sphinx.ext.intersphinx")\n'
            + "intersphinx_mapping = {'first': ('https://first.example/', "
            + f"{str(objects_inv)!r})}}\n",
            "index.md": "# Other\n\n"
            "- by title: {concept}`Attention`\n"
            "- by name: {concept}`attention`\n"
            "- by variant: {concept}`r <?concept=attention&specialist_role=Researcher"
            "&target_audience=Engineers>`\n",
        },
    )
    result = build(other)
    hrefs = {
        words(li.get_text()).split(":")[0]: li.select_one("a")["href"]
        for li in result.soup("index").select("li")
        if li.select_one("a")
    }
    base = "https://first.example/a_defs.html#concept-attention"
    assert hrefs["by title"] == f"{base}--ml-engineer--managers"
    assert hrefs["by name"] == f"{base}--ml-engineer--managers"
    assert hrefs["by variant"] == f"{base}--researcher--engineers"
    assert "[concept.ref]" not in result.warnings

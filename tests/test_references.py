"""Concept references resolve to the variant written for the reader's audience,
in every HTML flavour; unresolved ones warn and still render (real builds)."""

from __future__ import annotations

import re
import shutil
import zlib
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin

import pytest
from bs4 import BeautifulSoup, Tag

SAMPLE = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "samples"
    / "multi-head-attention.md"
)

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
    "any": ("Attention", "Managers", "ML Engineer"),
}


def words(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split())


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf8"), "html.parser")


def follow(outdir: Path, page: Path, href: str) -> Tag:
    """The element a link lands on, as a browser would find it."""
    url, fragment = urldefrag(href)
    if url:
        base = page.relative_to(outdir).as_posix()
        target = outdir / unquote(urljoin(base, url))
        if target.is_dir():
            target = target / "index.html"
    else:
        target = page
    element = soup_of(target).find(id=unquote(fragment))
    assert element is not None, f"{href} from {page.name}: no element #{fragment}"
    return element


def card_identity(element: Tag) -> tuple[str, str, str | None]:
    assert "concept-card" in element.get("class", []), element.name
    title = words(element.select_one(".concept-title").get_text())
    meta = words(element.select_one(".concept-meta").get_text())
    match = re.match(r"For (?P<aud>.*?)(?:, explained by (?P<role>.*))?$", meta)
    assert match, meta
    return title, match.group("aud"), match.group("role")


def matrix_links(outdir: Path, page: Path) -> dict[str, Tag]:
    links = {}
    for item in soup_of(page).select("li"):
        label = item.get_text().split(":", 1)[0].strip()
        if label in MATRIX or label == "unknown":
            links[label] = item
    return links


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml"])
def test_resolution_matrix_lands_on_the_right_variant(
    make_app: Any, rootdir: Path, tmp_path: Path, builder: str
) -> None:
    srcdir = tmp_path / "refs"
    shutil.copytree(rootdir / "test-refs", srcdir)
    app = make_app(builder, srcdir=srcdir, freshenv=True)
    app.build()
    outdir = Path(app.outdir)
    page = outdir / "index.html"
    items = matrix_links(outdir, page)
    assert set(items) == {*MATRIX, "unknown"}
    for label, expected in MATRIX.items():
        link = items[label].select_one("a")
        assert link is not None, label
        if builder == "singlehtml":
            # Plain in-page anchors: "#document-x#id" cannot be followed.
            assert link["href"].startswith("#") and link["href"].count("#") == 1
        landed = follow(outdir, page, link["href"])
        assert card_identity(landed) == expected, label
        # The preview is the summary of the card the link lands on.
        summary = landed.select_one(".concept-section-summary")
        summary_text = words(summary.get_text()).removeprefix("Summary ").strip()
        assert words(link["title"]) == summary_text, label
    # Unknown targets render as text, not as a link.
    unknown = items["unknown"]
    assert unknown.select_one("a") is None
    assert "No Such Concept" in unknown.get_text()


def test_link_text_defaults_to_the_title(app_refs: Any) -> None:
    items = matrix_links(Path(app_refs.outdir), Path(app_refs.outdir) / "index.html")
    assert words(items["alias"].select_one("a").get_text()) == "Attention"
    assert (
        words(items["normalised"].select_one("a").get_text()) == "Multi-head Attention"
    )
    assert words(items["exact"].select_one("a").get_text()) == "exact"


@pytest.fixture
def app_refs(make_app: Any, rootdir: Path, tmp_path: Path) -> Any:
    srcdir = tmp_path / "refs"
    shutil.copytree(rootdir / "test-refs", srcdir)
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    return app


@pytest.mark.parametrize("builder", ["html", "singlehtml", "latex", "text"])
def test_unresolved_references_warn_at_their_location(
    make_app: Any, rootdir: Path, tmp_path: Path, builder: str
) -> None:
    # singlehtml and latex resolve one tree assembled from every page.
    srcdir = tmp_path / "refs"
    shutil.copytree(rootdir / "test-refs", srcdir)
    app = make_app(builder, srcdir=srcdir, freshenv=True)
    app.build()
    warnings = app._warning.getvalue().splitlines()
    concept_warnings = [w for w in warnings if "[concept.ref]" in w]
    assert len(concept_warnings) == 2, warnings
    page_warning = next(w for w in concept_warnings if "No Such Concept" in w)
    assert re.search(r"index\.md:19: WARNING: .*'No Such Concept'", page_warning)
    source_warning = next(w for w in concept_warnings if "does+not+exist" in w)
    # The see-also item's own line in its source file.
    assert re.search(r"concepts/students\.md:15: WARNING", source_warning)


def test_see_also_resolves_across_pages(app_refs: Any) -> None:
    outdir = Path(app_refs.outdir)
    page = outdir / "b_defs.html"
    students = next(
        c
        for c in soup_of(page).select("article.concept-card")
        if "Students" in c.select_one(".concept-meta").get_text()
    )
    links = students.select("ul.concept-see-also a")
    assert [words(a.get_text()) for a in links] == ["Attention for engineers"]
    assert card_identity(follow(outdir, page, links[0]["href"])) == (
        "Attention",
        "Engineers",
        "ML Engineer",
    )
    # The unresolved one is still there, as text with its description.
    assert "Missing one: nobody wrote it yet." in words(students.get_text())


def test_fallback_url_for_unresolved(
    make_app: Any, rootdir: Path, tmp_path: Path
) -> None:
    srcdir = tmp_path / "refs"
    shutil.copytree(rootdir / "test-refs", srcdir)
    app = make_app(
        "html",
        srcdir=srcdir,
        freshenv=True,
        confoverrides={"concepts_fallback_url": "https://explainer.example/?{query}"},
    )
    app.build()
    unknown = matrix_links(Path(app.outdir), Path(app.outdir) / "index.html")["unknown"]
    assert unknown.select_one("a")["href"] == (
        "https://explainer.example/?concept=No+Such+Concept"
    )
    students = soup_of(Path(app.outdir) / "b_defs.html")
    hrefs = [a["href"] for a in students.select("ul.concept-see-also a")]
    assert (
        "https://explainer.example/?concept=does+not+exist&target_audience=Students"
        in hrefs
    )
    # Still a warning: the fallback is a courtesy to readers, not a resolution.
    assert app._warning.getvalue().count("[concept.ref]") == 2


def test_concept_index_lists_every_concept_and_variant(app_refs: Any) -> None:
    outdir = Path(app_refs.outdir)
    index_page = outdir / "concept-index.html"
    soup = soup_of(index_page)
    letters = [
        words(h.get_text()) for h in soup.select("tr.cap td strong, tr.cap strong")
    ]
    assert letters[:3] == ["A", "C", "M"]  # sorted, grouped by first letter
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
    landed = {
        card_identity(follow(outdir, index_page, a["href"])) for a in variant_links
    }
    assert landed == {
        ("Attention", "Engineers", "ML Engineer"),
        ("Attention", "Engineers", "Researcher"),
        ("Attention", "Managers", "ML Engineer"),
    }


def test_index_page_is_referable(make_app: Any, rootdir: Path, tmp_path: Path) -> None:
    srcdir = tmp_path / "refs"
    shutil.copytree(rootdir / "test-refs", srcdir)
    with (srcdir / "index.md").open("a") as handle:
        handle.write("\nSee the {ref}`concept-index`.\n")
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    soup = soup_of(Path(app.outdir) / "index.html")
    prose = next(p for p in soup.select("p") if p.get_text().startswith("See the"))
    link = prose.select_one("a")
    assert link["href"] == "concept-index.html"
    assert words(link.get_text()) == "Concept Index"
    assert "undefined label" not in app._warning.getvalue()


def test_general_index_has_every_concept(app_refs: Any) -> None:
    genindex = words(soup_of(Path(app_refs.outdir) / "genindex.html").get_text(" "))
    for title in ("Attention", "Transformer", "Multi-head Attention", "C++", "C#"):
        assert title in genindex


def _inventory(path: Path) -> list[str]:
    data = path.read_bytes()
    body = data.split(b"\n", 4)[4]
    return zlib.decompress(body).decode().splitlines()


def test_objects_inv_has_every_variant(app_refs: Any) -> None:
    lines = [
        line
        for line in _inventory(Path(app_refs.outdir) / "objects.inv")
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


def test_intersphinx_round_trip(make_app: Any, app_refs: Any, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_concepts", "sphinx.ext.intersphinx"]\n'
        "intersphinx_mapping = {'first': ('https://first.example/', "
        f"{str(Path(app_refs.outdir) / 'objects.inv')!r})}}\n"
    )
    (other / "index.md").write_text(
        "# Other\n\n"
        "- by title: {concept}`Attention`\n"
        "- by name: {concept}`attention`\n"
        "- by variant: {concept}`r <?concept=attention&specialist_role=Researcher"
        "&target_audience=Engineers>`\n"
    )
    app = make_app("html", srcdir=other, freshenv=True)
    app.build()
    hrefs = {
        words(li.get_text()).split(":")[0]: li.select_one("a")["href"]
        for li in soup_of(Path(app.outdir) / "index.html").select("li")
        if li.select_one("a")
    }
    base = "https://first.example/a_defs.html#concept-attention"
    assert hrefs["by title"] == f"{base}--ml-engineer--managers"
    assert hrefs["by name"] == f"{base}--ml-engineer--managers"
    assert hrefs["by variant"] == f"{base}--researcher--engineers"
    assert "[concept.ref]" not in app._warning.getvalue()


@pytest.mark.skipif(
    not SAMPLE.exists(), reason=f"the shared sample is absent: {SAMPLE}"
)
def test_sample_see_also_resolves_to_manager_variants(
    make_app: Any, tmp_path: Path
) -> None:
    srcdir = tmp_path / "sample"
    (srcdir / "concepts").mkdir(parents=True)
    shutil.copy(SAMPLE, srcdir / "concepts" / SAMPLE.name)
    (srcdir / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_concepts"]\n'
        'exclude_patterns = ["concepts/**"]\n'
    )
    (srcdir / "index.md").write_text(
        "# Sample\n\n```{toctree}\nothers\n```\n\n"
        f"```{{concept}} concepts/{SAMPLE.name}\n```\n"
    )
    # The see-also targets, for two audiences; managers' ones must win.
    others = ["# Others\n"]
    for title in ("Attention Mechanism", "Transformer Model"):
        for audience in (
            "Software Engineer",
            "Manager without much technical background",
        ):
            others.append(
                f"\n```{{concept}} {title}\n:specialist-role: ML Engineer\n"
                f":target-audience: {audience}\n\n{title} for {audience}.\n```\n"
            )
    (srcdir / "others.md").write_text("".join(others))
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    assert app._warning.getvalue() == ""
    outdir = Path(app.outdir)
    page = outdir / "index.html"
    links = soup_of(page).select("ul.concept-see-also a")
    landed = [card_identity(follow(outdir, page, a["href"])) for a in links]
    manager = "Manager without much technical background"
    assert landed == [
        ("Attention Mechanism", manager, "ML Engineer"),
        ("Transformer Model", manager, "ML Engineer"),
    ]

"""The concept directive renders complete cards from every source kind, in MyST
and reStructuredText pages (real Sphinx builds)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from build_helpers import BuildResult, build, copy_root, words


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """One build of the ``cards`` root, read by every test here."""
    return build(copy_root("cards", tmp_path_factory.mktemp("cards") / "src"))


def page(built: BuildResult, name: str) -> BeautifulSoup:
    return built.soup(name.removesuffix(".html"))


def card(soup: BeautifulSoup, title: str, audience: str | None = None) -> Tag:
    for candidate in soup.select("article.concept-card"):
        heading = candidate.select_one(".concept-title")
        meta = candidate.select_one(".concept-meta")
        if heading is None or words(heading.get_text()) != title:
            continue
        if audience is None or (meta is not None and audience in meta.get_text()):
            return candidate
    raise AssertionError(f"no card {title!r} ({audience})")


def section(card_tag: Tag, label: str) -> Tag:
    for candidate in card_tag.select("section.concept-section"):
        heading = candidate.select_one(".concept-section-title")
        if heading is not None and words(heading.get_text()) == label:
            return candidate
    raise AssertionError(f"no section {label!r}")


def test_markdown_source_renders_every_section_in_order(built: BuildResult) -> None:
    gd = card(page(built, "index.html"), "Gradient Descent", "Product Owner")
    labels = [words(h.get_text()) for h in gd.select(".concept-section-title")]
    # The extra section stays where the author put it: after etymology.
    assert labels == [
        "Explanation",
        "Follow-up Questions",
        "Etymology and History",
        "Pitfalls",
        "Summary",
        "See also",
        "Referenced by",
    ]
    explanation = section(gd, "Explanation")
    assert "moves each parameter a little way downhill" in words(explanation.get_text())
    # A deeper heading is a rubric inside the section, code stays code.
    assert (
        explanation.select_one("p.rubric").get_text() == "A deeper heading stays inside"
    )
    code = explanation.select_one("div.highlight pre, pre")
    assert "## Summary: not a section" in code.get_text()
    # Math from concept text is math (MathJax markup), not literal dollars.
    assert "\\(\\eta\\)" in explanation.get_text()


def test_follow_up_questions_are_pairs(built: BuildResult) -> None:
    gd = card(page(built, "index.html"), "Gradient Descent", "Product Owner")
    pairs = section(gd, "Follow-up Questions").select("dl.concept-follow-up > dt")
    assert [words(dt.get_text()) for dt in pairs] == [
        "Why not jump straight to the minimum?",
        "What happens with a learning rate that is too large?",
        "Is there a stochastic version?",
    ]
    first_answer = pairs[0].find_next_sibling("dd")
    assert len(first_answer.select("p")) == 2  # a multi-block answer
    assert len(pairs[1].find_next_sibling("dd").select("li")) == 2


def test_card_headings_are_not_document_sections(built: BuildResult) -> None:
    soup = page(built, "index.html")
    toc_titles = {words(a.get_text()) for a in soup.select("div.sphinxsidebar a")}
    assert "Explanation" not in toc_titles and "Gradient Descent" not in toc_titles
    gd = card(soup, "Gradient Descent", "Product Owner")
    # Inside an h2 page section, the card title is h3 and its labels h4.
    assert gd.select_one(".concept-title").name == "h3"
    assert {h.name for h in gd.select(".concept-section-title")} == {"h4"}
    assert gd["aria-labelledby"] == gd.select_one(".concept-title")["id"]


def test_metadata_options_and_defaults(built: BuildResult) -> None:
    soup = page(built, "index.html")
    gd = card(soup, "Gradient Descent", "Product Owner")
    # Front matter gives the role; the config default gives the audience.
    assert words(gd.select_one(".concept-meta").get_text()) == (
        "For Product Owner, explained by Optimisation Researcher"
    )
    assert "featured" in gd["class"]
    momentum = card(soup, "Momentum")
    assert "For Engineers" in momentum.select_one(".concept-meta").get_text()
    # Options override what the source says.
    rst = card(page(built, "rst_page.html"), "Gradient Descent", "Engineers")
    assert "For Engineers" in rst.select_one(".concept-meta").get_text()


def test_sections_option_orders_and_filters(built: BuildResult) -> None:
    sgd = card(page(built, "index.html"), "Stochastic Gradient Descent")
    labels = [words(h.get_text()) for h in sgd.select(".concept-section-title")]
    assert labels == ["Summary", "Explanation"]


def test_yaml_glob_and_json_sources(built: BuildResult) -> None:
    soup = page(built, "index.html")
    loss = card(soup, "Loss Function")
    assert "how wrong was the model" in words(loss.get_text())
    rate = card(soup, "Learning Rate")
    labels = [words(h.get_text()) for h in rate.select(".concept-section-title")]
    assert labels == [
        "Explanation",
        "Follow-up Questions",
        "Summary",
        "Rule of Thumb",
        "Referenced by",
    ]
    assert "Start with a value" in section(rate, "Rule of Thumb").get_text()


def test_see_also_links_and_descriptions(built: BuildResult) -> None:
    gd = card(page(built, "index.html"), "Gradient Descent", "Product Owner")
    items = section(gd, "See also").select("ul.concept-see-also > li")
    texts = [words(li.get_text()) for li in items]
    assert texts[0] == (
        "Loss Function: what is being minimised, explained for product owners."
    )
    assert texts[1] == "Learning rate"
    external = items[2].select_one("a")
    assert external["href"] == "https://example.org/cauchy-1847"


def test_reference_in_rst_page_and_role_in_myst(built: BuildResult) -> None:
    soup = page(built, "rst_page.html")
    links = {words(a.get_text()): a["href"] for a in soup.select("a.concept-reference")}
    assert links["Momentum"].startswith("index.html#concept-momentum")
    assert links["gd for engineers"] == (
        "#concept-gradient-descent--optimisation-researcher--engineers"
    )


def test_name_option_is_a_ref_label(built: BuildResult) -> None:
    soup = page(built, "index.html")
    prose = next(p for p in soup.select("p") if "Text after the cards" in p.get_text())
    ref = prose.select_one("a.reference")
    assert words(ref.get_text()) == "Gradient Descent"  # the card title as link text
    target = soup.find(id=ref["href"].split("#")[-1])
    assert target is not None and "concept-card" in target["class"]
    assert words(target.select_one(".concept-title").get_text()) == "Gradient Descent"


def test_backlinks_list_cards_and_pages_that_link_here(built: BuildResult) -> None:
    soup = page(built, "index.html")
    gd = card(soup, "Gradient Descent", "Product Owner")
    links = section(gd, "Referenced by").select("a")
    assert [words(a.get_text()) for a in links] == [
        "Training concepts",  # the page text's role
        "Loss Function (Training concepts)",  # a see-also entry of another card
    ]  # (Stochastic Gradient Descent's see-also is not shown, so it is no referrer)
    loss = soup.find(id=links[1]["href"].lstrip("#"))
    assert words(loss.select_one(".concept-title").get_text()) == "Loss Function"
    # The engineers' variant is referenced only from the reST page.
    rst = card(page(built, "rst_page.html"), "Gradient Descent", "Engineers")
    assert [words(a.get_text()) for a in section(rst, "Referenced by").select("a")] == [
        "Engineers' view"
    ]


def test_relative_links_and_images_resolve_from_the_source_folder(
    built: BuildResult,
) -> None:
    soup = page(built, "index.html")
    history = section(
        card(soup, "Gradient Descent", "Product Owner"), "Etymology and History"
    )
    image = history.select_one("img")
    assert (built.outdir / image["src"]).is_file()
    link = next(a for a in history.select("a") if "the engineers" in a.get_text())
    assert link["href"] == "rst_page.html"  # "../rst_page.rst" from concepts/


def test_dependencies_are_noted(built: BuildResult) -> None:
    deps = built.app.env.dependencies["index"]
    names = {Path(d).name for d in deps}
    assert {"gradient-descent.md", "training.yaml", "stochastic.json"} <= names


def test_no_warnings(built: BuildResult) -> None:
    assert built.warning_lines() == []

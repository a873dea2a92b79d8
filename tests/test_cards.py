"""The concept directive renders complete cards from every source kind, in MyST
and reStructuredText pages (real Sphinx builds)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from markdown_it import MarkdownIt

pytestmark = pytest.mark.sphinx("html", testroot="cards", freshenv=True)

SAMPLE = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "samples"
    / "multi-head-attention.md"
)


def words(text: str) -> str:
    """Text as a reader compares it: one space between words, straight quotes."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split())


def page(app: Any, name: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / name).read_text("utf8"), "html.parser")


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


@pytest.fixture
def built(app: Any) -> Any:
    app.build()
    return app


def test_markdown_source_renders_every_section_in_order(built: Any) -> None:
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


def test_follow_up_questions_are_pairs(built: Any) -> None:
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


def test_card_headings_are_not_document_sections(built: Any) -> None:
    soup = page(built, "index.html")
    toc_titles = {words(a.get_text()) for a in soup.select("div.sphinxsidebar a")}
    assert "Explanation" not in toc_titles and "Gradient Descent" not in toc_titles
    gd = card(soup, "Gradient Descent", "Product Owner")
    # Inside an h2 page section, the card title is h3 and its labels h4.
    assert gd.select_one(".concept-title").name == "h3"
    assert {h.name for h in gd.select(".concept-section-title")} == {"h4"}
    assert gd["aria-labelledby"] == gd.select_one(".concept-title")["id"]


def test_metadata_options_and_defaults(built: Any) -> None:
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


def test_sections_option_orders_and_filters(built: Any) -> None:
    sgd = card(page(built, "index.html"), "Stochastic Gradient Descent")
    labels = [words(h.get_text()) for h in sgd.select(".concept-section-title")]
    assert labels == ["Summary", "Explanation"]


def test_yaml_glob_and_json_sources(built: Any) -> None:
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


def test_see_also_links_and_descriptions(built: Any) -> None:
    gd = card(page(built, "index.html"), "Gradient Descent", "Product Owner")
    items = section(gd, "See also").select("ul.concept-see-also > li")
    texts = [words(li.get_text()) for li in items]
    assert texts[0] == (
        "Loss Function: what is being minimised, explained for product owners."
    )
    assert texts[1] == "Learning rate"
    external = items[2].select_one("a")
    assert external["href"] == "https://example.org/cauchy-1847"


def test_reference_in_rst_page_and_role_in_myst(built: Any) -> None:
    soup = page(built, "rst_page.html")
    links = {words(a.get_text()): a["href"] for a in soup.select("a.concept-reference")}
    assert links["Momentum"].startswith("index.html#concept-momentum")
    assert links["gd for engineers"] == (
        "#concept-gradient-descent--optimisation-researcher--engineers"
    )


def test_name_option_is_a_ref_label(built: Any) -> None:
    soup = page(built, "index.html")
    prose = next(p for p in soup.select("p") if "Text after the cards" in p.get_text())
    ref = prose.select_one("a.reference")
    assert words(ref.get_text()) == "Gradient Descent"  # the card title as link text
    target = soup.find(id=ref["href"].split("#")[-1])
    assert target is not None and "concept-card" in target["class"]
    assert words(target.select_one(".concept-title").get_text()) == "Gradient Descent"


def test_backlinks_list_cards_and_pages_that_link_here(built: Any) -> None:
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


def test_relative_links_and_images_resolve_from_the_source_folder(built: Any) -> None:
    soup = page(built, "index.html")
    history = section(
        card(soup, "Gradient Descent", "Product Owner"), "Etymology and History"
    )
    image = history.select_one("img")
    assert (Path(built.outdir) / image["src"]).is_file()
    link = next(a for a in history.select("a") if "the engineers" in a.get_text())
    assert link["href"] == "rst_page.html"  # "../rst_page.rst" from concepts/
    assert built._warning.getvalue() == ""


def test_dependencies_are_noted(built: Any) -> None:
    deps = built.env.dependencies["index"]
    names = {Path(d).name for d in deps}
    assert {"gradient-descent.md", "training.yaml", "stochastic.json"} <= names


def test_no_warnings(built: Any, warning: Any) -> None:
    assert warning.getvalue() == ""


# -- the shared sample ---------------------------------------------------------------


def _sample_texts(path: Path) -> tuple[list[str], list[str], list[str]]:
    """Paragraph texts, headings and link titles, read from the file's tokens."""
    tokens = MarkdownIt("commonmark").parse(path.read_text("utf8"))
    paragraphs, headings, links = [], [], []
    for n, token in enumerate(tokens):
        if token.type != "inline":
            continue
        parts = []
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
            elif child.type == "link_open":
                links.append(len(parts))
        text = words("".join(parts))
        if tokens[n - 1].type == "heading_open":
            headings.append(text)
        else:
            paragraphs.append(text)
    return paragraphs, headings, [str(i) for i in links]


@pytest.mark.skipif(
    not SAMPLE.exists(), reason=f"the shared sample is absent: {SAMPLE}"
)
def test_shared_sample_renders_completely(make_app: Any, tmp_path: Path) -> None:
    srcdir = tmp_path / "sample"
    (srcdir / "concepts").mkdir(parents=True)
    shutil.copy(SAMPLE, srcdir / "concepts" / SAMPLE.name)
    (srcdir / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_concepts"]\n'
        'exclude_patterns = ["concepts/**"]\n'
        'suppress_warnings = ["concept.ref"]\n'
    )
    (srcdir / "index.md").write_text(
        f"# Sample\n\n```{{concept}} concepts/{SAMPLE.name}\n```\n"
    )
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    rendered = words(
        BeautifulSoup(
            (Path(app.outdir) / "index.html").read_text("utf8"), "html.parser"
        )
        .select_one("article.concept-card")
        .get_text(" ")
    )
    paragraphs, headings, _ = _sample_texts(SAMPLE)
    assert len(paragraphs) > 10
    for paragraph in paragraphs:
        # Questions are shown without their "Q1:" numbering; see-also items as
        # "Title: description".
        expected = re.sub(r"^Q\d*[:.]\s*", "", paragraph)
        assert words(expected) in rendered.replace(" :", ":"), expected
    for heading in headings:
        label = heading.rstrip(":")
        if label.lower().startswith("concept:"):
            label = label.split(":", 1)[1].strip()
        assert label.lower() in rendered.lower(), label

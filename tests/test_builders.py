"""Every builder other than HTML renders the example site's cards (SPEC 8).

One build per builder of a copy of ``example_docs``; the expected titles and
questions are read from the concept sources with the package's own readers, so the
test follows the example site as it changes.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from build_helpers import (
    BuildResult,
    SharedBuilds,
    assert_no_crash,
    card_identity,
    example_concepts,
    land,
    shown_questions,
    soup_of,
    squeeze,
)
from sphinx_concepts.core.model import Concept
from sphinx_concepts.core.plaintext import plain_text

# The json builder's own plugin uses a deprecated Sphinx API; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:.*serializinghtml.*is deprecated")

#: Builder -> the suffixes of its output files that hold page text.
OUTPUTS = {
    "dirhtml": (".html",),
    "singlehtml": (".html",),
    "epub": (".xhtml",),
    "text": (".txt",),
    "man": (".1",),
    "texinfo": (".texi",),
    "xml": (".xml",),
    "json": (".fjson",),
    "gettext": (".pot",),
    "latex": (".tex",),
}


def readable(builder: str, raw: str) -> str:
    """The words of one output file with the writer's escapes undone."""
    if builder == "latex":
        raw = raw.replace(r"\sphinxhyphen{}", "-")
    elif builder == "man":
        raw = raw.replace(r"\-", "-").replace(r"\(aq", "'").replace(r"\(dq", '"')
    elif builder == "json":
        raw = re.sub(r"<[^>]+>", "", json.loads(raw).get("body", ""))
    elif builder == "gettext":
        raw = raw.replace('"\n"', "").replace('\\"', '"')  # wrapped, escaped
    return html.unescape(raw) if builder != "latex" else raw


@pytest.fixture(scope="module")
def concepts() -> list[Concept]:
    return example_concepts()


def all_text(builder: str, result: BuildResult) -> str:
    return squeeze(
        "\n".join(
            readable(builder, path.read_text(encoding="utf-8"))
            for path in output_files(builder, result.outdir)
        )
    )


def output_files(builder: str, outdir: Path) -> Iterator[Path]:
    for path in sorted(outdir.rglob("*")):
        if path.is_file() and path.suffix in OUTPUTS[builder]:
            yield path


@pytest.mark.parametrize("builder", OUTPUTS)
def test_builds_without_warnings(example_site: SharedBuilds, builder: str) -> None:
    result = example_site(builder)
    assert_no_crash(result)
    assert result.warning_lines() == []


@pytest.mark.parametrize("builder", OUTPUTS)
def test_titles_and_questions_are_in_the_output(
    example_site: SharedBuilds, builder: str, concepts: list[Concept]
) -> None:
    text = all_text(builder, example_site(builder))
    assert text
    for concept in concepts:
        assert squeeze(concept.title) in text, (builder, concept.title)
        for question in shown_questions(concept):
            assert squeeze(question) in text, (builder, question)


# gettext is left out: generated labels are not text of the pages to translate.
@pytest.mark.parametrize("builder", [b for b in OUTPUTS if b != "gettext"])
def test_card_labels_are_in_the_output(
    example_site: SharedBuilds, builder: str
) -> None:
    text = all_text(builder, example_site(builder))
    for label in ("Follow-up Questions", "Summary", "See also", "explained by"):
        assert squeeze(label) in text, (builder, label)


def concept_links(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """(href, link text) of every link to a concept card."""
    links = []
    for link in soup.select("a.reference.internal[href]"):
        href = link["href"]
        if "#concept-" in href:
            links.append((href, link.get_text(" ", strip=True)))
    return links


def test_dirhtml_links_reach_the_card(
    example_site: SharedBuilds, concepts: list[Concept]
) -> None:
    builder = "dirhtml"
    outdir = example_site(builder).outdir
    titles = {c.title for c in concepts}
    checked = 0
    for page in output_files(builder, outdir):
        for href, text in concept_links(soup_of(page)):
            card = land(outdir, page, href)  # fails unless it is a card
            if text in titles:
                assert card_identity(card)[0] == text, (page, href)
            checked += 1
    assert checked >= 10


def test_singlehtml_links_are_anchors_in_the_page(
    example_site: SharedBuilds, concepts: list[Concept]
) -> None:
    builder = "singlehtml"
    outdir = example_site(builder).outdir
    links = concept_links(soup_of(outdir / "index.html"))
    assert len(links) >= 10
    titles = {c.title for c in concepts}
    for href, text in links:
        assert href.startswith("#") and href.count("#") == 1, href
        card = land(outdir, "index.html", href)
        if text in titles:
            assert card_identity(card)[0] == text, href


def test_text_shows_see_also_entries(
    example_site: SharedBuilds, concepts: list[Concept]
) -> None:
    builder = "text"
    result = example_site(builder)
    text = squeeze((result.outdir / "managers.txt").read_text("utf-8"))
    entries = [
        e for c in concepts for e in c.see_also if "managers" in c.location.source
    ]
    assert entries
    for entry in entries:
        shown = f"{plain_text(entry.title)}: {plain_text(entry.description)}"
        assert squeeze(shown) in text, shown


def test_gettext_offers_concept_text_for_translation(
    example_site: SharedBuilds, concepts: list[Concept]
) -> None:
    builder = "gettext"
    result = example_site(builder)
    msgids = set()
    for pot in output_files(builder, result.outdir):
        for match in re.finditer(
            r'^msgid "(.*?)"\n((?:".*"\n)*)', pot.read_text("utf-8"), re.M
        ):
            first, rest = match.group(1), match.group(2)
            full = first + "".join(re.findall(r'^"(.*)"$', rest, re.M))
            msgids.add(squeeze(full.replace('\\"', '"')))
    # Paragraphs without inline markup: gettext keeps markup in its messages.
    paragraphs = [
        p
        for c in concepts
        for p in c.explanation.markdown.split("\n\n")
        if p.strip() and squeeze(plain_text(p)) == squeeze(p)
    ]
    assert len(paragraphs) >= 5
    for paragraph in paragraphs:
        assert squeeze(plain_text(paragraph)) in msgids, paragraph

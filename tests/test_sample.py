"""The shared sample (``multi-head-attention.md``) is read, written back and
rendered completely.

The tests read the copy in the ``sample`` test root, so they run on a fresh
clone; where the original sits beside the checkout (``../shared/samples/``), the
first test keeps the copy byte-identical to it.
"""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from build_helpers import (
    SAMPLE,
    SHARED_SAMPLES,
    BuildResult,
    build,
    card_identity,
    copy_root,
    land,
    words,
)
from sphinx_concepts.core.model import Concept
from sphinx_concepts.sources.markdown_format import read_markdown
from sphinx_concepts.sources.writers import to_markdown

MANAGER = "Manager without much technical background"


def test_the_copy_is_the_shared_sample_byte_for_byte() -> None:
    if not SHARED_SAMPLES.is_dir():
        pytest.skip(f"nothing to compare with: {SHARED_SAMPLES} is absent")
    originals = sorted(SHARED_SAMPLES.glob("*.md"))
    assert originals, f"no sample in {SHARED_SAMPLES}"
    for original in originals:
        copy = SAMPLE.parent / original.name
        assert copy.is_file(), f"{original.name} has no copy in {SAMPLE.parent}"
        assert copy.read_bytes() == original.read_bytes(), (
            f"{copy} differs from {original}: copy the original again"
        )


def sample() -> Concept:
    result = read_markdown(SAMPLE.read_text(encoding="utf-8"), str(SAMPLE))
    assert not result.problems, result.problems
    (concept,) = result.concepts
    return concept


# -- read and written back ------------------------------------------------------------
def _markdown_sentences(text: str) -> tuple[list[str], list[str]]:
    """Sentences of the paragraphs (as Markdown, emphasis marks dropped) and the
    see-also link targets, from the file's tokens."""
    tokens = MarkdownIt("commonmark").parse(text)
    sentences: list[str] = []
    targets: list[str] = []
    for n, token in enumerate(tokens):
        if token.type != "inline" or tokens[n - 1].type != "paragraph_open":
            continue
        content = " ".join(token.content.replace("*", "").split())
        for child in token.children or []:
            if child.type == "link_open":
                targets.append(str(child.attrGet("href")))
        content = re.sub(r"\[([^\]]*)\]\([^)]*\):?", r"\1", content)
        sentences.extend(s for s in re.split(r"(?<=[.?!])\s+", content) if s)
    return sentences, targets


def _model_text(concept: Concept) -> str:
    parts = [
        concept.explanation.markdown,
        concept.etymology.markdown,
        concept.summary.markdown,
        *(f"Q: {f.question} {f.answer.markdown}" for f in concept.follow_up),
        *(f"{s.title} {s.description}" for s in concept.see_also),
    ]
    return " ".join(" ".join(parts).split())


def test_sample_every_sentence_reaches_the_model() -> None:
    concept = sample()
    model = _model_text(concept)
    sentences, targets = _markdown_sentences(SAMPLE.read_text(encoding="utf-8"))
    assert len(sentences) > 30
    # Questions lose their "Q1:" numbering in the model.
    missing = [s for s in sentences if re.sub(r"^Q\d+[:.] ?", "", s) not in model]
    assert missing == []
    assert [s.target for s in concept.see_also] == targets
    assert len(concept.follow_up) == 3
    assert [s.title for s in concept.see_also] == [
        "Attention Mechanism",
        "Transformer Model",
    ]


def test_sample_is_written_back_as_it_was() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    assert to_markdown(sample()) == text.rstrip("\n") + "\n"


# -- rendered -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The ``sample`` root: the sample's card, and its see-also targets written
    for two audiences on another page."""
    return build(copy_root("sample", tmp_path_factory.mktemp("sample") / "src"))


def _plain_blocks(text: str) -> tuple[list[str], list[str]]:
    """The words of every paragraph and of every heading, from the file's tokens."""
    tokens = MarkdownIt("commonmark").parse(text)
    paragraphs, headings = [], []
    for n, token in enumerate(tokens):
        if token.type != "inline":
            continue
        parts = []
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
        block = words("".join(parts))
        (headings if tokens[n - 1].type == "heading_open" else paragraphs).append(block)
    return paragraphs, headings


def test_sample_renders_completely(built: BuildResult) -> None:
    assert built.warning_lines() == []
    card = built.soup("index").select_one("article.concept-card")
    assert card is not None
    rendered = words(card.get_text(" "))
    paragraphs, headings = _plain_blocks(SAMPLE.read_text(encoding="utf-8"))
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


def test_sample_see_also_resolves_to_manager_variants(built: BuildResult) -> None:
    links = built.soup("index").select("ul.concept-see-also a")
    landed = [card_identity(land(built.outdir, "index.html", a["href"])) for a in links]
    # The engineers' variants come first in the other page: the audience decides.
    assert landed == [
        ("Attention Mechanism", MANAGER, "ML Engineer"),
        ("Transformer Model", MANAGER, "ML Engineer"),
    ]

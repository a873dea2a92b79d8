"""Each concept source is tokenised once per build (issue 12).

The reader parses a source with the parser that renders concept text (MyST's,
with the project's settings) and keeps the tokens of every text; the card is
rendered from them.  A spy counts markdown-it parser runs during real builds:
a counter, not a timer.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from build_helpers import CONF, build, write_project
from sphinx_concepts.cards import card, containment, myst_text

MD_SOURCE = """\
---
specialist_role: Pastry Chef
target_audience: Home Baker
---
## Concept: Lamination

Butter is folded into dough again and again, so that thin layers of fat and
dough alternate.

It is why a croissant is *flaky*.

## Follow-up Questions:

**Q1: Why must the butter stay cold?**

Warm butter melts into the dough and the layers merge.

- chill between folds
- work quickly

**Q2: How many folds?**

Three letter folds give 27 layers of butter:

```text
3 x 3 x 3 = 27
```

## Etymology and History:

From Latin *lamina*, a thin plate.

## Summary:

Folding cold butter into dough to make {sub}`many` layers.

## See also:

- [Proofing](?concept=proofing&target_audience=Home+Baker): Letting dough
  rise before baking.
- [Gluten](<gluten>)
"""

YAML_SOURCE = """\
concepts:
- concept: Proofing
  target_audience: Home Baker
  explanation: |
    The last rise of the dough, in a warm and humid place.

    A finger pressed in leaves a dent that springs back slowly.
  follow_up:
  - question: How warm?
    answer: |
      Around 26 degrees; warmer and the butter of a laminated dough melts.
  - question: What is **over-proofing**?
    answer: The dough collapses in the oven.
  summary: Letting shaped dough rise before it is baked.
  see_also:
  - concept: lamination
    title: Lamination
    description: Why proofing laminated dough needs care.
- concept: Gluten
  explanation: A protein network that makes dough stretch.
  summary: What holds dough together.
"""

# Each page shows the same sources for another audience (one variant each).
PAGE = """\
# {title}

```{{concept}} concepts/lamination.md
:target-audience: {audience}
```

```{{concept}} concepts/bread.yaml
:target-audience: {audience}
```

```{{concept}} Crumb
:target-audience: {audience}

The inside of a loaf: its holes and texture.

## Summary:

The texture inside the crust.
```
"""

CONCEPTS_PER_PAGE = 4  # Lamination, Proofing, Gluten, Crumb


@contextmanager
def parse_spy() -> Iterator[list[str]]:
    """Record the text of every markdown-it parser run (block and inline)."""
    seen: list[str] = []
    parse, parse_inline = MarkdownIt.parse, MarkdownIt.parseInline

    def spy_parse(self: MarkdownIt, src: str, env: object = None) -> object:
        seen.append(src)
        return parse(self, src, env)  # type: ignore[arg-type]

    def spy_inline(self: MarkdownIt, src: str, env: object = None) -> object:
        seen.append(src)
        return parse_inline(self, src, env)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(MarkdownIt, "parse", spy_parse)
        patch.setattr(MarkdownIt, "parseInline", spy_inline)
        yield seen


def project(root: Path, pages: int) -> Path:
    files = {
        "conf.py": CONF + 'exclude_patterns += ["concepts/**"]\n',
        "concepts/lamination.md": MD_SOURCE,
        "concepts/bread.yaml": YAML_SOURCE,
        "index.md": "# Bakery\n\n```{toctree}\n"
        + "".join(f"page{n}\n" for n in range(pages))
        + "```\n",
    }
    for n in range(pages):
        files[f"page{n}.md"] = PAGE.format(title=f"Page {n}", audience=f"Baker {n}")
    return write_project(root, files)


def concept_parses(seen: list[str], srcdir: Path) -> list[str]:
    """Parser runs that were not MyST reading a page of the project."""
    pages = {p.read_text(encoding="utf-8") for p in srcdir.glob("*.md")}
    return [src for src in seen if src not in pages and src.rstrip("\n") not in pages]


def test_each_source_is_parsed_once_per_build(tmp_path: Path) -> None:
    """Two pages show the same two source files and an inline body each: the
    files are parsed once each (not once per page, not once per text), the
    inline bodies once each, and nothing else parses concept text."""
    srcdir = project(tmp_path / "src", pages=2)
    with parse_spy() as seen:
        result = build(srcdir, freshenv=True)
    assert not result.concept_warnings()
    runs = concept_parses(seen, srcdir)
    # lamination.md, bread.yaml (both concepts at once), and two inline bodies.
    assert len(runs) == 4, runs
    concepts_shown = 2 * CONCEPTS_PER_PAGE
    assert len(runs) / concepts_shown <= 1
    # Every card is complete: texts rendered from the kept tokens.
    soup = result.soup("page1")
    cards = soup.select("article.concept-card")
    assert len(cards) == CONCEPTS_PER_PAGE
    lamination = cards[0].get_text(" ", strip=True)
    for words in (
        "thin layers of fat",
        "Why must the butter stay cold?",
        "chill between folds",
        "3 x 3 x 3 = 27",
        "From Latin lamina",
        "Letting dough rise before baking.",
    ):
        assert words in " ".join(lamination.split()), words
    assert "Q1" not in lamination  # the "Q1:" prefix is the list's, not the text's
    proofing = cards[1].get_text(" ", strip=True)
    assert "over-proofing" in proofing and "springs back slowly" in proofing


def test_a_source_on_two_pages_renders_the_same(tmp_path: Path) -> None:
    """Rendering must not change the kept tokens: the second page's cards equal
    the first page's (one parse, two renders), but for the audience."""
    result = build(project(tmp_path / "src", pages=2), freshenv=True)

    def cards(page: str) -> list[str]:
        soup = result.soup(page)
        for backlinks in soup.select("section.concept-section-backlinks"):
            backlinks.decompose()  # who links to a card differs between pages
        audience = f"Baker {page[-1]}"
        return [
            " ".join(card.get_text(" ", strip=True).replace(audience, "Baker").split())
            for card in soup.select("article.concept-card")
        ]

    assert cards("page0") == cards("page1")


def test_lines_of_kept_tokens_point_into_the_source(tmp_path: Path) -> None:
    """Warnings raised while rendering kept tokens name the source's own line."""
    srcdir = project(tmp_path / "src", pages=1)
    bad = MD_SOURCE.replace(
        "From Latin *lamina*, a thin plate.",
        "From Latin *lamina*, a thin plate.\n\n<b>bold</b>",
    )
    (srcdir / "concepts" / "lamination.md").write_text(bad, encoding="utf-8")
    (srcdir / "concepts" / "bread.yaml").write_text(
        YAML_SOURCE.replace(
            "    A finger pressed in leaves a dent that springs back slowly.\n",
            "    A finger pressed in leaves a dent that springs back slowly.\n"
            "\n"
            "    <i>html</i> in its own paragraph\n",
        ),
        encoding="utf-8",
    )
    result = build(srcdir, freshenv=True)
    warnings = result.concept_warnings()
    html_line = bad.splitlines().index("<b>bold</b>") + 1
    assert any(f"lamination.md:{html_line}:" in w for w in warnings), warnings
    first = "    The last rise of the dough, in a warm and humid place."
    yaml_line = YAML_SOURCE.splitlines().index(first) + 1 + 4  # its own paragraph
    assert any(f"bread.yaml:{yaml_line}:" in w for w in warnings), warnings


def test_the_renderer_is_set_up_once_per_page(tmp_path: Path) -> None:
    """``myst_text.begin_render`` is the one place that knows myst-parser's
    renderer state: its full set-up runs once per page, not once per text, and
    the result equals rendering every text with a full set-up (this runs on
    the oldest and the newest supported myst-parser in CI)."""
    srcdir = project(tmp_path / "src", pages=2)
    setups: list[object] = []
    renderer_class = myst_text.ConceptTextRenderer
    original = renderer_class.setup_render

    def counting(self: myst_text.ConceptTextRenderer, *args: object) -> None:
        setups.append(args)
        original(self, *args)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(renderer_class, "setup_render", counting)
        fast = build(srcdir, freshenv=True)
    assert len(setups) == 2  # one per page with cards

    def always_fresh(md: MarkdownIt, context: myst_text.TextContext) -> object:
        renderer = md.renderer
        renderer.setup_render(  # type: ignore[attr-defined]
            {**md.options, "document": context.document}, dict(context.md_env)
        )
        return renderer

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(myst_text, "begin_render", always_fresh)
        slow = build(project(tmp_path / "again", pages=2), freshenv=True)
    for page in ("page0", "page1"):
        assert [str(c) for c in fast.soup(page).select("article.concept-card")] == [
            str(c) for c in slow.soup(page).select("article.concept-card")
        ]


def test_a_card_enters_the_containment_gate_once(tmp_path: Path) -> None:
    """All texts of a card (10 to 20 of them) render under one gate, whose
    check of the output then covers the whole card: a card made of many texts
    enters it once, and an unsafe link in one of its last texts is refused."""
    srcdir = project(tmp_path / "src", pages=1)
    # Only the gate's check of the output catches a reST link (the Markdown
    # renderer never sees it); the summary is among the card's last texts.
    unsafe = MD_SOURCE.replace(
        "## See also:",
        "```{eval-rst}\n`click <javascript:alert(3)>`_\n```\n\n## See also:",
    )
    (srcdir / "concepts" / "lamination.md").write_text(unsafe, encoding="utf-8")
    gates: list[object] = []
    original = containment.Gate.__init__

    def counting(self: containment.Gate, *args: Any) -> None:
        gates.append(self)
        original(self, *args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(containment.Gate, "__init__", counting)
        result = build(srcdir, freshenv=True)
    assert len(gates) == CONCEPTS_PER_PAGE
    card = result.soup("page0").select("article.concept-card")[0]
    assert "javascript" not in str(card).lower()
    assert any(
        "lamination.md:" in w and "javascript" in w for w in result.concept_warnings()
    )


def test_collections_are_paused_while_a_card_is_made(tmp_path: Path) -> None:
    """The cyclic collector does not run while a card's source is read and
    rendered (its allocations would set off walks of the whole build), and it
    is on again afterwards, also after a source that could not be read."""
    srcdir = project(tmp_path / "src", pages=1)
    (srcdir / "page0.md").write_text(
        "# Page\n\n```{concept} concepts/missing.md\n```\n\n"
        "```{concept} concepts/lamination.md\n```\n",
        encoding="utf-8",
    )
    seen: list[bool] = []
    original = myst_text.render_blocks

    def spy(*args: Any) -> Any:
        seen.append(gc.isenabled())
        return original(*args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(card, "render_blocks", spy)
        result = build(srcdir, freshenv=True)
    assert seen and not any(seen)
    assert gc.isenabled()
    assert any("missing.md" in w for w in result.concept_warnings())


LEAKY_YAML = """\
concept: Leaky Fence
explanation: |
  Before the fence.

  ```python
  print("never closed")
summary: The summary after an unclosed fence.
see_also:
- concept: Proofing
  title: Proofing
  description: Still a link.
"""


def test_a_text_that_leaks_past_its_end_is_parsed_on_its_own() -> None:
    """An unclosed fence in one YAML value would swallow the values after it in
    a joined parse: the reader sees its markers vanish and parses each value on
    its own, so every later value keeps its own tokens and lines."""
    from sphinx_concepts.sources.data_format import read_data

    parser = MarkdownIt("commonmark")
    concept = read_data(LEAKY_YAML, "leaky.yaml", parser=parser).concepts[0]
    fence = concept.explanation.tokens[-1]
    assert fence.type == "fence" and "never closed" in fence.content
    assert [t.type for t in concept.summary.tokens] == [
        "paragraph_open",
        "inline",
        "paragraph_close",
    ]
    assert concept.summary.tokens[1].content == "The summary after an unclosed fence."
    assert concept.summary.tokens[0].map == [7, 8]  # 1-based, the summary's line
    (entry,) = concept.see_also
    assert entry.title_tokens[0].content == "Proofing"
    assert entry.description_tokens[1].content == "Still a link."


def test_joined_values_keep_their_own_lines() -> None:
    """In the one joined parse, each value's tokens are moved back to the lines
    where the value starts in the file."""
    from sphinx_concepts.sources.data_format import read_data

    parser = MarkdownIt("commonmark")
    (proofing, gluten) = read_data(YAML_SOURCE, "bread.yaml", parser=parser).concepts
    lines = YAML_SOURCE.splitlines()
    explanation = proofing.explanation.tokens
    assert (
        explanation[0].map[0]
        == lines.index("    The last rise of the dough, in a warm and humid place.") + 1
    )
    second_paragraph = [t for t in explanation if t.type == "paragraph_open"][1]
    assert lines[second_paragraph.map[0] - 1].strip().startswith("A finger pressed")
    assert gluten.summary.tokens[1].content == "What holds dough together."
    assert lines[gluten.summary.tokens[0].map[0] - 1].startswith("  summary:")

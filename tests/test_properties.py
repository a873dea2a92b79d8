"""Property tests: readers never raise, writers round-trip what they are given."""

from __future__ import annotations

import json
import string

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_concepts.core.model import (
    SECTION_KEYS,
    Concept,
    ExtraSection,
    FollowUp,
    SeeAlso,
    Text,
)
from sphinx_concepts.core.names import ConceptQuery
from sphinx_concepts.core.problems import ReadResult
from sphinx_concepts.sources.data_format import CONCEPT_KEYS, read_data
from sphinx_concepts.sources.markdown_format import read_markdown
from sphinx_concepts.sources.writers import lossless, to_json, to_markdown, to_yaml

SLOW_DATA = [HealthCheck.too_slow, HealthCheck.data_too_large]


def assert_well_formed(
    result: ReadResult, source: str, may_be_empty: bool = False
) -> None:
    assert isinstance(result, ReadResult)
    for problem in result.problems:
        assert problem.location.source == source
        assert problem.location.line >= 0
        assert problem.message
    if not result.concepts and not may_be_empty:  # ``[]`` is a valid empty data file
        assert result.problems


# -- readers never raise --------------------------------------------------------------
FRAGMENTS = [
    "## Concept: Gradient Descent\n",
    "# Concept\n",
    "### Summary:\n",
    "## Follow-up Questions:\n",
    "## See also:\n",
    "## Etymology\n",
    "## Notes\n",
    "**Q1: Why?**\n",
    "**Q: How.**\n",
    "- [Rate](<learning rate>): desc\n",
    "- [](?concept=x&target_audience=y)\n",
    "- [Bad](javascript:alert(1))\n",
    "  continued\n",
    "```\n",
    "~~~\n",
    ":::{note}\n",
    ":::\n",
    "---\n",
    "concept: X\n",
    "aliases: [a, b]\n",
    "$$\n",
    "> quote\n",
    "1. item\n",
    "Some text.\n",
    "\n",
    "    indented code\n",
    "[ref]: https://example.org\n",
    "<div>html</div>\n",
    "Setext\n===\n",
]

markdown_sources = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=20), max_size=30).map(
        "".join
    ),
)


@given(markdown_sources)
@settings(suppress_health_check=SLOW_DATA)
def test_read_markdown_never_raises(text: str) -> None:
    assert_well_formed(read_markdown(text, "p.md"), "p.md")


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(["No", "3.10", "2017-06-12", "~", "null", ""]),
)
keys = st.sampled_from(
    [*CONCEPT_KEYS, "question", "answer", "title", "body", "after"]
) | st.text(max_size=8)
yaml_data = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=6)
    ),
    max_leaves=30,
)


@given(yaml_data)
@settings(suppress_health_check=SLOW_DATA)
def test_read_data_never_raises(data: object) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    assert_well_formed(read_data(text, "d.yaml"), "d.yaml", may_be_empty=True)
    as_json = json.dumps(data, ensure_ascii=False)
    result = read_data(as_json, "d.json", json_syntax=True)
    assert_well_formed(result, "d.json", may_be_empty=True)


@given(st.text(max_size=200))
def test_read_data_of_any_text_never_raises(text: str) -> None:
    assert_well_formed(read_data(text, "d.yaml"), "d.yaml", may_be_empty=True)
    result = read_data(text, "d.json", json_syntax=True)
    assert_well_formed(result, "d.json", may_be_empty=True)


# -- writers round-trip ---------------------------------------------------------------
words = st.text(alphabet=string.ascii_letters + "éß", min_size=1, max_size=8)


def phrase(
    min_words: int = 1, max_words: int = 6, end: str = ""
) -> st.SearchStrategy[str]:
    return st.lists(words, min_size=min_words, max_size=max_words).map(
        lambda ws: " ".join(ws) + end
    )


line = phrase(1, 12, ".") | phrase(1, 4).map(lambda p: f"*{p}* and `code`.")
paragraph = st.lists(line, min_size=1, max_size=3).map("\n".join)
block = paragraph | paragraph.map(lambda p: f"- {p}") | st.just("```python\nx = 1\n```")
texts = st.lists(block, max_size=3).map(lambda bs: Text("\n\n".join(bs)))
names = phrase(1, 3)


@st.composite
def targets(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["name", "query", "url", "none"]))
    if kind == "name":
        return draw(names)
    if kind == "query":
        query = ConceptQuery(
            draw(names), draw(st.none() | names), draw(st.none() | names)
        )
        return "?" + query.to_query_string()
    if kind == "url":
        return "https://example.org/" + draw(words)
    return ""


@st.composite
def see_also(draw: st.DrawFn) -> SeeAlso:
    target = draw(targets())
    title = draw(names) if not target else draw(st.just("") | names)
    description = draw(st.just("") | paragraph)
    return SeeAlso(title, target, description)


@st.composite
def concepts(draw: st.DrawFn) -> Concept:
    concept = Concept(
        title=draw(names),
        specialist_role=draw(st.none() | names),
        target_audience=draw(st.none() | names),
        aliases=tuple(draw(st.lists(names, max_size=2))),
        tags=tuple(draw(st.lists(words, max_size=2))),
        explanation=draw(texts),
        follow_up_intro=draw(texts),
        follow_up=tuple(
            FollowUp(q, a)
            for q, a in draw(st.lists(st.tuples(phrase(1, 8, "?"), texts), max_size=3))
        ),
        etymology=draw(texts),
        summary=draw(texts),
        # A list in the see-also intro would read back as see-also items.
        see_also_intro=Text(draw(st.just("") | paragraph)),
        see_also=tuple(draw(st.lists(see_also(), max_size=3))),
    )
    present = [k for k in SECTION_KEYS if concept.has_section(k)]
    extras = tuple(
        ExtraSection(f"Notes on {title}", body, draw(st.sampled_from([None, *present])))
        for title, body in draw(st.lists(st.tuples(names, texts), max_size=2))
    )
    # Extra sections render in section order, so the model lists them that way.
    order = [None, *SECTION_KEYS]
    extras = tuple(sorted(extras, key=lambda e: order.index(e.after)))
    return Concept(**{**concept.__dict__, "sections": extras})


@given(concepts())
@settings(suppress_health_check=SLOW_DATA)
def test_generated_concepts_round_trip(concept: Concept) -> None:
    markdown = to_markdown(concept)
    back = read_markdown(markdown, "g.md")
    assert back.concepts == [concept], markdown
    assert to_markdown(back.concepts[0]) == markdown
    assert read_data(to_yaml([concept]), "g.yaml").concepts == [concept]
    assert read_data(to_json([concept]), "g.json", json_syntax=True).concepts == [
        concept
    ]


@given(markdown_sources)
@settings(suppress_health_check=SLOW_DATA)
def test_whatever_markdown_gives_survives_yaml_and_json(text: str) -> None:
    for concept in read_markdown(text, "p.md").concepts:
        assert lossless([concept], "yaml") is None
        assert lossless([concept], "json") is None
        if lossless([concept], "md") is None:
            written = to_markdown(concept)
            assert to_markdown(read_markdown(written, "w.md").concepts[0]) == written


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_a_name_the_inventory_accepts_reads_back_as_itself(name: str) -> None:
    """Whatever ``inventory_safe`` lets into ``objects.inv`` is read back by
    Sphinx's own reader as one entry under exactly that name."""
    import io
    import posixpath
    import zlib

    from hypothesis import assume
    from sphinx.util.inventory import InventoryFile

    from sphinx_concepts.core.safe_text import inventory_safe

    assume(inventory_safe(name))
    header = (
        "# Sphinx inventory version 2\n# Project: p\n# Version: 1\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    line = f"{name} concept:concept -1 page.html#a -\n"
    stream = io.BytesIO(header.encode() + zlib.compress(line.encode()))
    inventory = InventoryFile.load(stream, "https://docs.example", posixpath.join)
    data = inventory.data if hasattr(inventory, "data") else inventory
    assert list(dict(data.get("concept:concept", {}))) == [name]

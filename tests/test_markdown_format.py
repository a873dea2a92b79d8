"""The Markdown source format (SPEC 2.1), read without Sphinx."""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinx_concepts.core.model import Concept, SeeAlso
from sphinx_concepts.core.names import TargetKind, classify_target
from sphinx_concepts.core.problems import ConceptSourceError, ReadResult, Severity
from sphinx_concepts.sources.markdown_format import read_markdown
from sphinx_concepts.sources.reading import decode, read_file

GRADIENT_DESCENT = """\
---
specialist_role: Data Scientist
target_audience: Product Manager
aliases: [GD, steepest descent]
tags:
  - optimisation
---

## Concept: Gradient Descent

Gradient descent finds the lowest point of a valley by always stepping downhill.

## Follow-up Questions:

**Q1: Why not jump straight to the bottom?**

Because the shape of the valley is unknown; only the local slope can be measured.

## Etymology and History:

Cauchy described the method in 1847.

## Summary:

Repeatedly step against the slope until the ground is flat.

## See also:

- [Learning Rate](<learning rate>): How big each step is.
"""


def one(text: str, **kwargs: object) -> Concept:
    result = read_markdown(text, "gd.md", **kwargs)  # type: ignore[arg-type]
    assert not result.errors, result.problems
    assert len(result.concepts) == 1
    return result.concepts[0]


def lines_of(result: ReadResult, severity: Severity) -> list[int]:
    return [p.location.line for p in result.problems if p.severity is severity]


# -- front matter and headings --------------------------------------------------------
def test_front_matter_metadata() -> None:
    concept = one(GRADIENT_DESCENT)
    assert concept.title == "Gradient Descent"
    assert concept.specialist_role == "Data Scientist"
    assert concept.target_audience == "Product Manager"
    assert concept.aliases == ("GD", "steepest descent")
    assert concept.tags == ("optimisation",)
    assert concept.explanation.line == 11
    assert concept.summary.markdown == (
        "Repeatedly step against the slope until the ground is flat."
    )


@pytest.mark.parametrize("level", [1, 2, 3, 4])
@pytest.mark.parametrize(
    ("concept_heading", "summary_heading"),
    [
        ("Concept: Vector Database", "Summary:"),
        ("concept: Vector Database", "summary"),
        ("CONCEPT: Vector Database", "SUMMARY:"),
        ("Concept:   Vector   Database", "Summary"),
    ],
)
def test_heading_levels_case_and_colon(
    level: int, concept_heading: str, summary_heading: str
) -> None:
    hashes = "#" * level
    concept = one(
        f"{hashes} {concept_heading}\n\nStores embeddings.\n\n"
        f"{hashes} {summary_heading}\n\nA search engine for vectors.\n"
    )
    assert concept.title == "Vector Database"
    assert concept.explanation.markdown == "Stores embeddings."
    assert concept.summary.markdown == "A search engine for vectors."
    assert concept.sections == ()


def test_deeper_headings_stay_in_their_section() -> None:
    concept = one(
        "## Concept: Vector Database\n\nIntro.\n\n"
        "### How it indexes\n\nHNSW graphs.\n\n"
        "#### Details\n\nLayers.\n\n## Summary:\n\nShort.\n"
    )
    assert "### How it indexes" in concept.explanation.markdown
    assert "#### Details" in concept.explanation.markdown
    assert concept.summary.markdown == "Short."
    assert concept.sections == ()


@pytest.mark.parametrize(
    ("source", "title"),
    [
        ("## Concept: From Heading\n\nText.\n", "From Heading"),
        (
            "---\nconcept: From Front Matter\n---\n\n## Concept\n\nText.\n",
            "From Front Matter",
        ),
        (
            "---\nconcept: Ignored\n---\n\n## Concept: Heading Wins\n\nText.\n",
            "Heading Wins",
        ),
    ],
)
def test_title_from_heading_or_front_matter(source: str, title: str) -> None:
    assert one(source).title == title


def test_title_argument_wins() -> None:
    assert one("## Concept: Heading\n\nText.\n", title="Directive").title == "Directive"


def test_no_title_is_an_error_with_its_line() -> None:
    result = read_markdown("\n\n## Summary:\n\nNo title anywhere.\n", "x.md")
    assert result.concepts == []
    assert lines_of(result, Severity.ERROR) == [3]


# -- follow-up questions --------------------------------------------------------------
ANSWERS = """\
## Concept: Vector Database

Text.

## Follow-up Questions:

Some questions readers ask.

**Q1: How are vectors compared?**

By cosine similarity.

```python
score = a @ b
```

- fast
- approximate

**Q2. Is it a replacement for SQL?**

No.

**Q: What about updates?**

They are cheap.

> quoted
"""


def test_questions_with_multi_block_answers() -> None:
    concept = one(ANSWERS)
    assert concept.follow_up_intro.markdown == "Some questions readers ask."
    questions = [f.question for f in concept.follow_up]
    assert questions == [
        "How are vectors compared?",
        "Is it a replacement for SQL?",
        "What about updates?",
    ]
    first = concept.follow_up[0].answer.markdown
    assert first.startswith("By cosine similarity.")
    assert "score = a @ b" in first and "- approximate" in first
    assert concept.follow_up[1].answer.markdown == "No."
    assert concept.follow_up[2].answer.markdown == "They are cheap.\n\n> quoted"
    assert [f.line for f in concept.follow_up] == [9, 20, 24]


@pytest.mark.parametrize(
    "paragraph",
    [
        "**Not a question**",
        "**Q1: half** bold",
        "Q1: not bold",
        "**Q1:**",
    ],
)
def test_paragraphs_that_are_not_questions(paragraph: str) -> None:
    concept = one(f"## Concept: X\n\nT.\n\n## Follow-up Questions:\n\n{paragraph}\n")
    assert concept.follow_up == ()
    assert concept.follow_up_intro.markdown == paragraph


def test_question_without_answer_warns_with_its_line() -> None:
    source = (
        "## Concept: X\n\nT.\n\n## Follow-up Questions:\n\n"
        "**Q1: Unanswered?**\n\n**Q2: Answered?**\n\nYes.\n"
    )
    result = read_markdown(source, "x.md")
    concept = result.concepts[0]
    assert [bool(f.answer) for f in concept.follow_up] == [False, True]
    assert lines_of(result, Severity.WARNING) == [7]


# -- see also -------------------------------------------------------------------------
SEE_ALSO = """\
## Concept: Vector Database

T.

## See also:

Related reading.

- [Embedding](<text embedding>): How text becomes a vector;
  the description continues here
  and here.
- [Nearest Neighbour Search](nearest-neighbour-search)
- [Query](?concept=ann+index&target_audience=Software+Engineer): One line.

  A second paragraph of the description.
- [Docs](https://example.org/vector-db): External.
"""


def test_see_also_items() -> None:
    concept = one(SEE_ALSO)
    assert concept.see_also_intro.markdown == "Related reading."
    assert concept.see_also == (
        SeeAlso(
            "Embedding",
            "text embedding",
            "How text becomes a vector;\nthe description continues here\nand here.",
        ),
        SeeAlso("Nearest Neighbour Search", "nearest-neighbour-search", ""),
        SeeAlso(
            "Query",
            "?concept=ann+index&target_audience=Software+Engineer",
            "One line.\n\nA second paragraph of the description.",
        ),
        SeeAlso("Docs", "https://example.org/vector-db", "External."),
    )
    assert [s.line for s in concept.see_also] == [9, 12, 13, 16]


@pytest.mark.parametrize(
    ("target", "name"),
    [
        ("<attention mechanism>", "attention mechanism"),
        ("attention-mechanism", "attention-mechanism"),
    ],
)
def test_name_targets(target: str, name: str) -> None:
    concept = one(f"## Concept: X\n\nT.\n\n## See also:\n\n- [A]({target}): d\n")
    entry = concept.see_also[0]
    assert entry.target == name
    classified = classify_target(entry.target)
    assert classified.kind is TargetKind.CONCEPT
    assert classified.query is not None
    assert classified.query.key[0] == "attention mechanism"


def test_unsafe_target_is_kept_for_reporting() -> None:
    concept = one("## Concept: X\n\nT.\n\n## See also:\n\n- [A](javascript:alert(1))\n")
    assert classify_target(concept.see_also[0].target).kind is TargetKind.UNSAFE


def test_item_without_link_is_kept_with_a_warning() -> None:
    result = read_markdown(
        "## Concept: X\n\nT.\n\n## See also:\n\n- plain words\n", "x.md"
    )
    assert result.concepts[0].see_also == (SeeAlso("plain words", "", ""),)
    assert lines_of(result, Severity.WARNING) == [7]


# -- extra sections and code ----------------------------------------------------------
def test_unknown_sections_kept_in_order_with_their_heading() -> None:
    concept = one(
        "## Preface\n\nBefore.\n\n## Concept: X\n\nT.\n\n## Pitfalls:\n\nP.\n\n"
        "## Summary:\n\nS.\n\n## Further Work\n\nF.\n"
    )
    assert [(s.title, s.body.markdown, s.after) for s in concept.sections] == [
        ("Preface", "Before.", None),
        ("Pitfalls", "P.", "explanation"),
        ("Further Work", "F.", "summary"),
    ]


@pytest.mark.parametrize(
    ("opening", "closing"), [("```", "```"), ("~~~", "~~~"), (":::{note}", ":::")]
)
def test_fenced_headings_are_content(opening: str, closing: str) -> None:
    concept = one(
        f"## Concept: X\n\nBefore.\n\n{opening}\n## Summary:\nnot a heading\n"
        f"{closing}\n\nAfter.\n"
    )
    assert "## Summary:" in concept.explanation.markdown
    assert concept.explanation.markdown.endswith("After.")
    assert not concept.summary


# -- files: encodings, sizes, emptiness -----------------------------------------------
@pytest.mark.parametrize(
    "data",
    [
        GRADIENT_DESCENT.encode(),
        GRADIENT_DESCENT.replace("\n", "\r\n").encode(),
        b"\xef\xbb\xbf" + GRADIENT_DESCENT.encode(),
        b"\xef\xbb\xbf" + GRADIENT_DESCENT.replace("\n", "\r\n").encode(),
    ],
    ids=["lf", "crlf", "bom", "bom-crlf"],
)
def test_crlf_and_bom(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "gd.md"
    path.write_bytes(data)
    result = read_file(path)
    assert result.problems == []
    assert result.concepts == [one(GRADIENT_DESCENT)]
    assert result.concepts[0].summary.line == one(GRADIENT_DESCENT).summary.line
    assert "\r" not in decode(data, "gd.md")


def test_non_utf8_is_an_error_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes("## Concept: Café\n\nna\xefve\n".encode("latin-1"))
    result = read_file(path)
    assert result.concepts == []
    assert lines_of(result, Severity.ERROR) == [1]
    with pytest.raises(ConceptSourceError):
        decode(b"ok\n\xff", "x.md")


def test_file_over_max_bytes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_text(GRADIENT_DESCENT, encoding="utf-8")
    result = read_file(path, max_bytes=100)
    assert result.concepts == []
    assert "100" in result.errors[0].message


@pytest.mark.parametrize(
    "text",
    ["", "\n\n", "---\nspecialist_role: Nobody\n---\n"],
    ids=["empty", "blank", "fm"],
)
def test_empty_sources_are_errors_not_crashes(text: str) -> None:
    result = read_markdown(text, "x.md")
    assert result.concepts == []
    assert result.errors


def test_line_offset_is_added() -> None:
    result = read_markdown("## Summary:\n\nno title\n", "page.md", line_offset=10)
    assert lines_of(result, Severity.ERROR) == [11]

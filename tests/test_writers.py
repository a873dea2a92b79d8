"""Writers: every concept a reader gives survives Markdown, YAML and JSON."""

from __future__ import annotations

import json

import pytest
import yaml

from build_helpers import SAMPLE
from sphinx_concepts.core.model import Concept, ExtraSection, FollowUp, SeeAlso, Text
from sphinx_concepts.sources.data_format import read_data
from sphinx_concepts.sources.markdown_format import read_markdown
from sphinx_concepts.sources.writers import lossless, to_json, to_markdown, to_yaml

MARKDOWN_FIXTURES = {
    "minimal": "## Concept: Gradient Descent\n\nStep downhill.\n",
    "everything": """\
---
specialist_role: Data Scientist
target_audience: Product Manager
aliases:
  - GD
tags: [optimisation, "2024"]
---

## Preface

Read this first.

## Concept: Gradient Descent

Gradient descent walks downhill.

```python
x = x - rate * grad(x)
```

### A deeper heading

Still the explanation.

## Pitfalls:

Too large a step overshoots.

## Follow-up Questions:

Two questions come up often.

**Q1: Does it always find the lowest point?**

No: it can stop in a local minimum.

- momentum helps
- restarts help

**Q2. How is the step size chosen?**

**Q: Is it used in deep learning?**

Yes, in its stochastic form.

## Etymology and History:

Cauchy, 1847.

## Summary:

Follow the slope down.

## See also:

Nearby ideas:

- [Learning Rate](<learning rate>): The step size;
  it matters a lot.

  Tune it first.
- [](?concept=stochastic+gradient+descent&target_audience=Product+Manager)
- [Newton's Method](newtons-method)
- [Wikipedia](https://en.wikipedia.org/wiki/Gradient_descent)
- [Notes]()

## Further Reading

Boyd and Vandenberghe.
""",
    "level-one": """\
# Concept: Vector Database

Intro.

## Not a section

Still the explanation.

# Summary

Vectors in, neighbours out.
""",
    "no-explanation": """\
---
concept: Embedding
---

## Summary:

A vector for a word.

## Appendix

Extra.
""",
    "empty-known-section": """\
## Concept: Embedding

E.

## Etymology and History:

## Notes

N.
""",
}

YAML_FIXTURES = {
    "strings": """\
concept: "No"
specialist_role: "3.10"
target_audience: "2017-06-12"
aliases: ["yes", "null", "~", ""]
summary: "  leading spaces\\ttab"
explanation: |
  Line one.

    indented line

  Trailing spaces here:\x20\x20
see_also:
  - attention mechanism
  - title: Only a title
  - url: <odd> target & more
    description: With an &amp; entity-like text.
  - concept: C++
    specialist_role: Compiler Engineer
sections:
  - title: First
    body: Before everything.
    after: null
  - title: Middle
    after: explanation
""",
    "several": """\
concepts:
  - concept: Gradient Descent
    summary: Downhill.
  - concept: Learning Rate
    follow_up:
      - question: Too big?
        answer: It overshoots.
      - question: Unanswered?
""",
}


def md_concept(text: str) -> Concept:
    result = read_markdown(text, "fixture.md")
    assert not result.errors, result.problems
    (concept,) = result.concepts
    return concept


def all_concepts() -> list[tuple[str, Concept]]:
    found = [(name, md_concept(text)) for name, text in MARKDOWN_FIXTURES.items()]
    for name, text in YAML_FIXTURES.items():
        result = read_data(text, f"{name}.yaml")
        assert not result.errors, result.problems
        found.extend((f"{name}-{n}", c) for n, c in enumerate(result.concepts))
    found.append(("sample", md_concept(SAMPLE.read_text(encoding="utf-8"))))
    return found


CONCEPTS = all_concepts()
IDS = [name for name, _ in CONCEPTS]


@pytest.mark.parametrize("concept", [c for _, c in CONCEPTS], ids=IDS)
def test_markdown_round_trip_and_fixed_point(concept: Concept) -> None:
    text = to_markdown(concept)
    back = read_markdown(text, "out.md")
    assert not back.errors
    assert back.concepts == [concept]
    assert to_markdown(back.concepts[0]) == text


@pytest.mark.parametrize("concept", [c for _, c in CONCEPTS], ids=IDS)
@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_data_round_trip_and_fixed_point(concept: Concept, fmt: str) -> None:
    write = to_yaml if fmt == "yaml" else to_json
    text = write([concept])
    back = read_data(text, "out", json_syntax=fmt == "json")
    assert back.concepts == [concept]
    assert write(back.concepts) == text
    assert lossless([concept], fmt) is None


def test_markdown_to_yaml_to_markdown_is_a_fixed_point() -> None:
    for _, concept in CONCEPTS:
        if lossless([concept], "md") is not None:
            continue
        via_yaml = read_data(to_yaml([concept]), "x.yaml").concepts[0]
        assert to_markdown(via_yaml) == to_markdown(concept)


def test_several_concepts_go_under_concepts() -> None:
    concepts = [c for name, c in CONCEPTS if name.startswith("several")]
    data = yaml.safe_load(to_yaml(concepts))
    assert [c["concept"] for c in data["concepts"]] == [
        "Gradient Descent",
        "Learning Rate",
    ]
    assert read_data(to_yaml(concepts), "x.yaml").concepts == concepts
    assert json.loads(to_json(concepts))["concepts"][1]["follow_up"][1] == {
        "question": "Unanswered?"
    }


def test_yaml_is_valid_for_other_tools_and_keeps_strings() -> None:
    concept = next(c for name, c in CONCEPTS if name == "strings-0")
    text = to_yaml([concept])
    data = yaml.safe_load(text)  # a YAML 1.1 reader that does coerce plain scalars
    assert data["concept"] == "No"
    assert data["specialist_role"] == "3.10"
    assert data["target_audience"] == "2017-06-12"
    assert data["aliases"] == ["yes", "null", "~", ""]
    assert data["explanation"] == concept.explanation.markdown
    # "|" cannot keep trailing spaces for every YAML tool: PyYAML quotes instead.
    assert 'explanation: "Line one.' in text


def test_yaml_uses_block_scalars_and_spec_key_order() -> None:
    concept = next(c for name, c in CONCEPTS if name == "everything")
    text = to_yaml([concept])
    assert "explanation: |-\n  Gradient descent walks downhill.\n" in text
    keys = [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]
    assert keys == [
        "concept",
        "specialist_role",
        "target_audience",
        "aliases",
        "tags",
        "explanation",
        "follow_up_intro",
        "follow_up",
        "etymology",
        "summary",
        "see_also_intro",
        "see_also",
        "sections",
    ]


def test_see_also_forms_in_markdown() -> None:
    concept = Concept(
        "Gradient Descent",
        see_also=(
            SeeAlso("", "learning rate"),
            SeeAlso("Odd", "<a> & b"),
            SeeAlso("Entity", "x&amp;y"),
            SeeAlso("No link", "", "Just text."),
            SeeAlso("Multi", "momentum", "One.\n\nTwo\n  indented."),
        ),
    )
    text = to_markdown(concept)
    assert "- [](<learning rate>)" in text
    assert "- [Odd](<\\<a\\> & b>)" in text
    assert "- [Entity](x\\&amp;y)" not in text  # bare form would decode the entity
    assert "- [No link](): Just text." in text
    assert "- [Multi](momentum): One.\n\n  Two\n    indented." in text
    assert read_markdown(text, "x.md").concepts == [concept]


def test_title_with_closing_hashes_goes_to_front_matter() -> None:
    concept = Concept("C #", summary=Text("A language, spelled oddly."))
    text = to_markdown(concept)
    assert text.startswith("---\nconcept: 'C #'\n---\n")
    assert read_markdown(text, "x.md").concepts == [concept]


def test_extra_sections_are_placed_by_after() -> None:
    concept = Concept(
        "Embedding",
        explanation=Text("E."),
        summary=Text("S."),
        sections=(
            ExtraSection("Before", Text("B."), None),
            ExtraSection("Middle", Text("M."), "explanation"),
            ExtraSection("End", Text("Z."), "summary"),
        ),
    )
    text = to_markdown(concept)
    order = [line for line in text.splitlines() if line.startswith("## ")]
    assert order == [
        "## Before:",
        "## Concept: Embedding",
        "## Middle:",
        "## Summary:",
        "## End:",
    ]
    assert read_markdown(text, "x.md").concepts == [concept]
    assert read_data(to_yaml([concept]), "x.yaml").concepts == [concept]


def test_body_with_level_two_heading_uses_level_one() -> None:
    concept = Concept("Embedding", explanation=Text("Intro.\n\n## Inside\n\nMore."))
    text = to_markdown(concept)
    assert text.startswith("# Concept: Embedding\n")
    assert read_markdown(text, "x.md").concepts == [concept]


@pytest.mark.parametrize(
    "concept",
    [
        Concept("A", follow_up=(FollowUp("Is **this** odd** here?", Text("Yes.")),)),
        Concept("A", explanation=Text("Intro.\n\n# Top heading\n\nMore.")),
        Concept("A", see_also=(SeeAlso("T", "line\nbreak"),)),
    ],
    ids=["question", "level-one-heading", "target-newline"],
)
def test_lossless_reports_what_markdown_cannot_hold(concept: Concept) -> None:
    reason = lossless([concept], "md")
    assert reason is not None
    assert "cannot be written" in reason


def test_lossless_refuses_several_concepts_in_markdown() -> None:
    assert lossless([Concept("A"), Concept("B")], "md") is not None

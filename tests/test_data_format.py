"""The YAML and JSON source formats (SPEC 2.2), read without Sphinx."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from sphinx_concepts.core.model import Concept, ExtraSection, FollowUp, SeeAlso, Text
from sphinx_concepts.core.problems import ReadResult, Severity, Subtype
from sphinx_concepts.sources.data_format import read_data
from sphinx_concepts.sources.reading import read_file

VECTOR_DB = """\
concept: Vector Database
specialist_role: Backend Engineer
target_audience: Data Analyst
aliases: [vector store]
tags: [storage, search]
explanation: |
  A database that finds rows by *meaning*.

  It compares embeddings instead of exact values.
follow_up:
  - question: Is it fast?
    answer: Approximate indexes make it fast.
etymology: The name follows "graph database".
summary: Similarity search as a service.
see_also:
  - "?concept=embedding&target_audience=Data+Analyst"
  - concept: nearest neighbour search
    target_audience: Data Analyst
    title: k-NN
    description: The algorithm underneath.
  - url: https://example.org/vectors
    title: Primer
sections:
  - title: Pitfalls
    body: Dimensions must match.
    after: explanation
"""

EXPECTED = Concept(
    title="Vector Database",
    specialist_role="Backend Engineer",
    target_audience="Data Analyst",
    aliases=("vector store",),
    tags=("storage", "search"),
    explanation=Text(
        "A database that finds rows by *meaning*.\n\n"
        "It compares embeddings instead of exact values."
    ),
    follow_up=(FollowUp("Is it fast?", Text("Approximate indexes make it fast.")),),
    etymology=Text('The name follows "graph database".'),
    summary=Text("Similarity search as a service."),
    see_also=(
        SeeAlso("", "?concept=embedding&target_audience=Data+Analyst"),
        SeeAlso(
            "k-NN",
            "?concept=nearest+neighbour+search&target_audience=Data+Analyst",
            "The algorithm underneath.",
        ),
        SeeAlso("Primer", "https://example.org/vectors"),
    ),
    sections=(ExtraSection("Pitfalls", Text("Dimensions must match."), "explanation"),),
)


def read(text: str, json_syntax: bool = False) -> ReadResult:
    return read_data(text, "c.yaml", json_syntax=json_syntax)


def problem_lines(result: ReadResult, severity: Severity | None = None) -> list[int]:
    return [
        p.location.line
        for p in result.problems
        if severity is None or p.severity is severity
    ]


# -- the three shapes -----------------------------------------------------------------
def _indent(text: str, prefix: str) -> str:
    return "".join(
        prefix + line if line.strip() else line for line in text.splitlines(True)
    )


@pytest.mark.parametrize(
    "shape",
    ["mapping", "list", "concepts"],
)
def test_three_shapes(shape: str) -> None:
    if shape == "mapping":
        text = VECTOR_DB
    elif shape == "list":
        text = "- " + _indent(VECTOR_DB, "  ")[2:]
    else:
        text = "concepts:\n  - " + _indent(VECTOR_DB, "    ")[4:]
    result = read(text)
    assert result.problems == []
    assert result.concepts == [EXPECTED]


def test_json_is_read_like_yaml() -> None:
    data = {
        "concepts": [
            {"concept": "Vector Database", "summary": "S."},
            {"concept": "Embedding", "aliases": ["vector"]},
        ]
    }
    result = read(json.dumps(data, indent=2), json_syntax=True)
    assert [c.title for c in result.concepts] == ["Vector Database", "Embedding"]
    assert [c.location.line for c in result.concepts] == [3, 7]


def test_several_concepts_keep_their_lines() -> None:
    result = read("- concept: A\n  summary: a\n- concept: B\n  summary: b\n")
    assert [c.location.line for c in result.concepts] == [1, 3]
    assert [c.summary.line for c in result.concepts] == [2, 4]


# -- scalars stay as written ----------------------------------------------------------
@pytest.mark.parametrize(
    "scalar", ["No", "yes", "3.10", "2017-06-12", "0x1F", "1e3", "~x"]
)
def test_scalars_are_kept_as_strings(scalar: str) -> None:
    result = read(f"concept: {scalar}\ntags: [{scalar}]\n")
    assert result.problems == []
    assert result.concepts[0].title == scalar
    assert result.concepts[0].tags == (scalar,)


def test_duplicate_keys_warn_with_both_lines() -> None:
    result = read("concept: A\nsummary: first\nsummary: second\n")
    assert result.concepts[0].summary.markdown == "second"
    (problem,) = result.problems
    assert problem.severity is Severity.WARNING
    assert problem.location.line == 3
    assert "line 2" in problem.message


# -- errors carry the line of the offending key or item -------------------------------
@pytest.mark.parametrize(
    ("text", "line", "severity"),
    [
        ("summary: no title\n", 1, Severity.ERROR),
        ("concept: A\n\nsummary:\n  - a list\n", 3, Severity.ERROR),
        ("concept: A\nexplanation: {a: b}\n", 2, Severity.ERROR),
        ("concept: [A]\n", 1, Severity.ERROR),
        ("concept: A\naliases: {a: b}\n", 2, Severity.ERROR),
        ("concept: A\ntags:\n  - ok\n  - [nested]\n", 4, Severity.WARNING),
        ("concept: A\nfollow_up: text\n", 2, Severity.ERROR),
        ("concept: A\nfollow_up:\n  - just text\n", 3, Severity.ERROR),
        ("concept: A\nfollow_up:\n  - answer: orphan\n", 3, Severity.ERROR),
        ("concept: A\nfollow_up:\n  - question: Why?\n", 3, Severity.WARNING),
        ("concept: A\nsee_also: text\n", 2, Severity.ERROR),
        ("concept: A\nsee_also:\n  - [x]\n", 3, Severity.ERROR),
        ("concept: A\nsee_also:\n  - description: only\n", 3, Severity.ERROR),
        ("concept: A\nsections: {a: b}\n", 2, Severity.ERROR),
        ("concept: A\nsections:\n  - body: untitled\n", 3, Severity.ERROR),
        ("concept: A\nsections:\n  - text\n", 3, Severity.ERROR),
        (
            "concept: A\nsections:\n  - title: T\n    after: nowhere\n",
            3,
            Severity.WARNING,
        ),
        ("concept: A\nsumary: typo\n", 2, Severity.WARNING),
        (
            "concept: A\nsee_also:\n  - concept: B\n    colour: red\n",
            4,
            Severity.WARNING,
        ),
        ("- concept: A\n- just text\n", 2, Severity.ERROR),
        ("concepts: text\n", 1, Severity.ERROR),
        ("concepts: []\nextra: 1\n", 2, Severity.WARNING),
        ("concept: A\nsummary: [unclosed\n", 3, Severity.ERROR),
        ("concept: A\n  bad: indent\n", 2, Severity.ERROR),
        ("", 1, Severity.ERROR),
    ],
)
def test_problems_are_located(text: str, line: int, severity: Severity) -> None:
    result = read(text)
    assert set(problem_lines(result, severity)) == {line}, result.problems


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('{\n  "concept": "A",\n  "summary": 3,\n}\n', 4),
        ('{\n  "concept": "A"\n  "summary": "x"\n}\n', 3),
        ("[1, 2", 1),
    ],
)
def test_json_syntax_errors_are_located(text: str, line: int) -> None:
    result = read(text, json_syntax=True)
    assert result.concepts == []
    assert problem_lines(result, Severity.ERROR) == [line]


def test_json_numbers_stay_as_written() -> None:
    result = read('{"concept": 3.10, "tags": [1e3, true, null]}', json_syntax=True)
    assert result.concepts[0].title == "3.10"
    assert result.concepts[0].tags == ("1e3", "true")


# -- security -------------------------------------------------------------------------
def test_python_tags_warn_and_execute_nothing(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = (
        "concept: A\n"
        f"summary: !!python/object/apply:os.system ['touch {marker}']\n"
        "explanation: !!python/name:os.system\n"
    )
    result = read(text)
    assert not marker.exists()
    assert result.concepts[0].summary.markdown == ""
    security = [p for p in result.problems if p.subtype is Subtype.SECURITY]
    assert [p.location.line for p in security] == [2, 3]


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    start = time.perf_counter()
    result = read("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 5
    assert result.concepts == []
    assert [p.subtype for p in result.errors] == [Subtype.SECURITY]


@pytest.mark.parametrize("json_syntax", [False, True])
def test_deep_nesting_is_an_error_not_a_crash(json_syntax: bool) -> None:
    result = read("[" * 10_000 + "]" * 10_000, json_syntax=json_syntax)
    assert result.concepts == []
    assert problem_lines(result, Severity.ERROR) == [1]


def test_moderate_nesting_over_the_depth_bound() -> None:
    result = read("concept: A\nsummary: " + "[" * 100 + "]" * 100 + "\n")
    assert result.concepts == []
    assert result.errors


# -- extra sections: placement --------------------------------------------------------
@pytest.mark.parametrize(
    ("after", "expected"),
    [
        ("", "summary"),  # no key: after the last present section
        ("after: explanation", "explanation"),
        ("after: etymology", "explanation"),  # absent: the nearest earlier present one
        ("after: null", None),
        ("after:", None),
    ],
)
def test_section_placement(after: str, expected: str | None) -> None:
    text = (
        "concept: A\nexplanation: E.\nsummary: S.\nsections:\n"
        f"  - title: Notes\n    body: N.\n    {after}\n"
    )
    result = read(text)
    assert result.concepts[0].sections[0].after == expected


def test_files_by_suffix(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text("concept: A\n", encoding="utf-8")
    (tmp_path / "b.json").write_text('{"concept": "B"}', encoding="utf-8")
    (tmp_path / "c.txt").write_text("concept: C\n", encoding="utf-8")
    assert read_file(tmp_path / "a.yml").concepts[0].title == "A"
    assert read_file(tmp_path / "b.json").concepts[0].title == "B"
    assert read_file(tmp_path / "c.txt").errors

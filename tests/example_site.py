"""The example site as test data: its concepts, read with the package's own readers,
and text comparison that survives every writer's wrapping and escaping."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from sphinx_concepts.core.model import Concept
from sphinx_concepts.core.plaintext import plain_text
from sphinx_concepts.sources.reading import SUFFIXES, read_file

EXAMPLE_DOCS = Path(__file__).resolve().parents[1] / "example_docs"


def copy_project(source: Path, factory: pytest.TempPathFactory, name: str) -> Path:
    """A fresh copy of ``source``, so builds never write into the repository."""
    src = factory.mktemp(name) / "src"
    shutil.copytree(source, src, ignore=shutil.ignore_patterns("_build"))
    return src


def example_concepts() -> list[Concept]:
    """Every concept of the example site's source files."""
    concepts = []
    for path in sorted((EXAMPLE_DOCS / "concepts").rglob("*")):
        if path.suffix in SUFFIXES:
            result = read_file(path)
            assert not result.problems, result.problems
            concepts.extend(result.concepts)
    assert len(concepts) >= 5
    return concepts


def shown_questions(concept: Concept) -> list[str]:
    """The questions of ``concept`` that its page shows, as plain text: a
    directive's ``:sections:`` option may leave the follow-up section out."""
    source = Path(concept.location.source)
    for page in EXAMPLE_DOCS.glob("*.md"):
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(r"```\{concept\} (\S+)\n((?::[\w-]+:.*\n)*)", text):
            sections = re.search(r":sections:(.*)", match.group(2))
            if (
                sections
                and source.match(match.group(1))
                and "follow_up" not in sections.group(1)
            ):
                return []
    return [plain_text(pair.question) for pair in concept.follow_up]


def squeeze(text: str) -> str:
    """Text reduced to what survives every writer: no whitespace (line wrapping),
    straight quotes (smartquotes), no hyphens (hyphenation, escaped hyphens), no
    Markdown emphasis marks, ligatures split (NFKC)."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[“”„\"]", '"', text)
    text = re.sub(r"[‘’']", "'", text)
    return re.sub(r"[\s\-‐­*`]+", "", text)

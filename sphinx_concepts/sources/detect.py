"""Which files below a folder are concept sources (issue 11).

``sphinx-concepts check docs`` walks a folder that also holds pages, build
output and tool configuration.  A file found by the walk is checked only if it
looks like a concept source: Markdown with a ``Concept:`` heading or a
``concept`` key in its front matter; YAML or JSON holding a mapping with a
``concept`` key (alone, in a list, or under ``concepts:``).  Other files are
skipped with a note.  Build folders (those holding Sphinx's ``.buildinfo`` or
``environment.pickle``, or named ``_build``) and hidden files are not walked.
Files named on the command line are always checked.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..core.problems import ConceptSourceError
from .located_json import load_json
from .located_yaml import Node, load_yaml
from .reading import JSON_SUFFIXES, MARKDOWN_SUFFIXES, SUFFIXES, YAML_SUFFIXES

#: Folders that are never sources: build output, caches, tool folders.
SKIPPED_FOLDERS = frozenset({"_build", "__pycache__", "node_modules"})
#: Files Sphinx writes into its output folders.
BUILD_MARKERS = (".buildinfo", "environment.pickle")

#: ``Concept: <Title>`` (or a bare ``Concept``), as the Markdown reader takes it.
_CONCEPT_HEADING = re.compile(r"concept\s*(?::|$)", re.IGNORECASE)
#: Front-matter keys that only concept sources have.
_METADATA = ("concept", "specialist_role", "target_audience")


def walk_sources(folder: Path) -> list[Path]:
    """Files with a source suffix below ``folder``, sorted, outside build
    folders and hidden files or folders."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".")
            and d not in SKIPPED_FOLDERS
            and not any(Path(root, d, m).exists() for m in BUILD_MARKERS)
        )
        found.extend(
            Path(root, name)
            for name in files
            if not name.startswith(".") and Path(name).suffix.lower() in SUFFIXES
        )
    return sorted(found)


def not_a_source(text: str, suffix: str, source: str) -> str | None:
    """Why a file does not look like a concept source, or ``None`` if it does
    (also when it cannot be parsed: then checking it reports why)."""
    suffix = suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        if _markdown_looks_like_source(text, source):
            return None
        return "no 'Concept:' heading and no concept metadata in front matter"
    try:
        if suffix in JSON_SUFFIXES:
            documents, _problems = load_json(text, source)
        elif suffix in YAML_SUFFIXES:
            documents, _problems = load_yaml(text, source)
        else:
            return None
    except ConceptSourceError:
        return None
    if any(_holds_concepts(document) for document in documents):
        return None
    return "no mapping with a 'concept' key"


def _holds_concepts(node: Node) -> bool:
    value = node.value
    if isinstance(value, dict):
        if "concept" in value:
            return True
        inner = value.get("concepts")
        return inner is not None and _holds_concepts(inner)
    if isinstance(value, list):
        return any(
            isinstance(item.value, dict) and "concept" in item.value for item in value
        )
    return False


def _has_key(node: Node, keys: tuple[str, ...]) -> bool:
    return isinstance(node.value, dict) and any(key in node.value for key in keys)


def _markdown_looks_like_source(text: str, source: str) -> bool:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    tokens = MarkdownIt("commonmark").use(front_matter_plugin).parse(text)
    for index, token in enumerate(tokens):
        if token.type == "front_matter":
            try:
                documents, _problems = load_yaml(token.content, source)
            except ConceptSourceError:
                return True  # broken metadata: checking it says what is wrong
            if any(
                isinstance(d.value, dict) and "concept" in d.value for d in documents
            ):
                return True
        elif token.type == "heading_open":
            inline = tokens[index + 1]
            if _CONCEPT_HEADING.match(inline.content.strip()):
                return True
    return False

"""``sphinx-concepts convert``: a source in another format, every word kept."""

from __future__ import annotations

import sys
from pathlib import Path

from ..core.model import Concept
from ..core.names import slug
from ..core.safe_text import safe_file_name, visible
from ..sources.reading import SUFFIXES, read_file
from ..sources.writers import lossless, to_format, to_markdown
from .output import emit
from .usage import UsageError


def convert(path: Path, fmt: str, output: str | None, max_bytes: int) -> int:
    """Write the source ``path`` as ``fmt``; refuse (status 1) rather than lose
    anything."""
    if path.suffix.lower() not in SUFFIXES:
        raise UsageError(f"{path}: not a concept source (use {', '.join(SUFFIXES)})")
    result = read_file(path, str(path), max_bytes)
    for problem in result.problems:
        print(visible(str(problem)), file=sys.stderr)
    if result.errors:
        print(f"{path}: not converted: the source has errors", file=sys.stderr)
        return 1
    if not result.concepts:
        print(f"{path}: not converted: no concept in the source", file=sys.stderr)
        return 1
    if fmt == "md" and len(result.concepts) > 1:
        return _convert_many(result.concepts, output)
    reason = lossless(result.concepts, fmt)
    if reason is not None:
        print(
            visible(f"{path}: not converted, it would lose something: {reason}"),
            file=sys.stderr,
        )
        return 1
    emit(to_format(result.concepts, fmt), output)
    return 0


def _convert_many(concepts: list[Concept], output: str | None) -> int:
    """Several concepts to Markdown: one file each in the folder ``-o``."""
    if not output:
        raise UsageError(
            f"the source holds {len(concepts)} concepts; a Markdown file holds one: "
            "give a folder with -o"
        )
    for concept in concepts:
        reason = lossless([concept], "md")
        if reason is not None:
            print(
                visible(f"not converted, it would lose something: {reason}"),
                file=sys.stderr,
            )
            return 1
    folder = Path(output)
    folder.mkdir(parents=True, exist_ok=True)
    names = _file_names(concepts)
    for concept, name in zip(concepts, names, strict=True):
        (folder / name).write_text(to_markdown(concept), encoding="utf-8")
        print(visible(str(folder / name)))
    return 0


def _file_names(concepts: list[Concept]) -> list[str]:
    """One safe, short, unique file name per concept (see ``safe_file_name``)."""
    taken: set[str] = set()
    names: list[str] = []
    for concept in concepts:
        parts = (concept.title, concept.specialist_role, concept.target_audience)
        base = "--".join(slug(p) for p in parts if p)
        names.append(safe_file_name(base, ".md", taken))
    return names

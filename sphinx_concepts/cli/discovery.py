"""What the paths on the command line name: source files, folders of sources,
Sphinx projects, and the files found in folders that are no concept source."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..core.model import Location
from ..core.problems import ConceptSourceError, Problem, Severity
from ..sources.detect import not_a_source, walk_sources
from ..sources.reading import read_text


def is_project(folder: Path) -> bool:
    """A Sphinx source folder: one with a ``conf.py``."""
    return folder.is_dir() and (folder / "conf.py").is_file()


def find_sources(
    paths: Sequence[str],
) -> tuple[list[Path], list[Path], list[Problem]]:
    """The files named, and those found below the folders named (outside build
    folders and hidden ones), in a stable order.  Sphinx projects are left
    out (their own build checks them); folders inside one get a note."""
    files: dict[Path, bool] = {}  # path -> found by walking a folder
    projects: list[Path] = []
    problems: list[Problem] = []
    for name in paths:
        path = Path(name)
        if is_project(path):
            projects.append(path)
        elif path.is_dir():
            found = walk_sources(path)
            if not found:
                problems.append(Problem("no concept sources here", Location(name)))
            for item in found:
                files.setdefault(item, True)
        elif path.is_file():
            files[path] = False
        else:
            problems.append(
                Problem(
                    "no such file or folder", Location(name), severity=Severity.ERROR
                )
            )
    walked = [p for p, by_walk in files.items() if by_walk]
    named = [p for p, by_walk in files.items() if not by_walk]
    return (
        named,
        walked,
        problems
        + [_project_hint(p) for p in _inside_projects(paths) if p not in projects],
    )


def skip_reason(path: Path, max_bytes: int) -> str | None:
    """Why a file found in a folder is no concept source (``None``: it is one,
    or it cannot be read, which checking it reports)."""
    try:
        text = read_text(path, str(path), max_bytes)
    except ConceptSourceError:
        return None
    return not_a_source(text, path.suffix, str(path))


def _inside_projects(paths: Sequence[str]) -> list[Path]:
    """The Sphinx projects (nearest folder with a ``conf.py``) that folders
    named on the command line belong to, when they are not projects themselves."""
    found: dict[Path, None] = {}
    for name in paths:
        path = Path(name).resolve()
        if not path.is_dir() or is_project(path):
            continue
        for parent in path.parents:
            if is_project(parent):
                found[parent] = None
                break
    return list(found)


def _project_hint(project: Path) -> Problem:
    return Problem(
        "these sources belong to the Sphinx project in this folder: checking it "
        "checks them as its build reads them, with the pages' directive options "
        f"(sphinx-concepts check {shown(project)})",
        Location(str(shown(project / "conf.py"))),
        severity=Severity.NOTE,
    )


def shown(path: Path) -> Path:
    """A path as the user would type it: relative to the working folder when
    below it."""
    if not path.is_absolute():
        return path
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path

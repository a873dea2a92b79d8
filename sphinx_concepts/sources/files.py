"""Which files a directive argument names, and whether they may be read (pure).

An argument is a path or glob relative to the page (a leading ``/``: to the
source directory), tried next in each ``concepts_paths`` folder.  Whatever it
resolves to -- through ``..`` or symlinks -- must lie inside the source directory
or one of those folders.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from .reading import SUFFIXES

_MAGIC = frozenset("*?[")


def is_glob(argument: str) -> bool:
    return bool(_MAGIC & set(argument))


def is_within(
    path: str,
    roots: Sequence[str],
    realpath: Callable[[str], str] = os.path.realpath,
) -> bool:
    """Whether ``path``, symlinks resolved, lies inside one of ``roots``."""
    real = realpath(path)
    for root in roots:
        base = realpath(root)
        if real == base or real.startswith(base + os.sep):
            return True
    return False


@dataclass
class SourceFiles:
    """The files an argument names: those allowed, and those refused."""

    allowed: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


class Listings:
    """Each folder's entries and each path's real path, looked up once, for a
    caller that resolves many arguments at one moment: a rebuild checking every
    page's globs lists a folder of sources once, not once per glob that walks
    it, and resolves the allowed roots once, not several times per glob."""

    def __init__(self) -> None:
        self._folders: dict[str, list[os.DirEntry[str]]] = {}
        self._real: dict[str, str] = {}

    def realpath(self, path: str) -> str:
        """``os.path.realpath(path)``, remembered."""
        real = self._real.get(path)
        if real is None:
            real = self._real[path] = os.path.realpath(path)
        return real

    def entries(self, folder: str) -> list[os.DirEntry[str]]:
        """The entries of ``folder`` sorted by name (none if it cannot be listed)."""
        listed = self._folders.get(folder)
        if listed is None:
            try:
                listed = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError:
                listed = []
            self._folders[folder] = listed
        return listed


def _split_glob(pattern: str) -> tuple[str, list[str]]:
    """``a/b/*/c/**/*.md`` -> (``a/b``, [``*``, ``c``, ``**``, ``*.md``])."""
    parts = pattern.split(os.sep)
    for index, part in enumerate(parts):
        if is_glob(part):
            prefix = os.sep.join(parts[:index]) or (
                os.sep if pattern[:1] == os.sep else ""
            )
            return prefix, parts[index:]
    return pattern, []


def _walk(
    folder: str,
    segments: list[str],
    roots: Sequence[str],
    seen: set[str],
    listings: Listings,
) -> Iterator[str]:
    """Paths below ``folder`` matching ``segments`` (``**``: any depth).

    Each real folder is listed once per segment position, so a symlink loop
    ends, and a symlink to a folder outside ``roots`` is not entered at all.
    """
    real = listings.realpath(folder)
    key = f"{len(segments)}:{real}"
    if key in seen or not is_within(real, roots, listings.realpath):
        return
    seen.add(key)
    head, rest = segments[0], segments[1:]
    if head == "**":
        if rest:
            yield from _walk(folder, rest, roots, seen, listings)
        else:
            yield from _files_below(folder, roots, seen, listings)
            return
    for entry in listings.entries(folder):
        hidden = entry.name.startswith(".")
        if head == "**":
            if not hidden and _is_dir(entry):
                yield from _walk(entry.path, segments, roots, seen, listings)
            continue
        if hidden and not head.startswith("."):
            continue
        if not fnmatch.fnmatchcase(entry.name, head):
            continue
        if rest:
            if _is_dir(entry):
                yield from _walk(entry.path, rest, roots, seen, listings)
        else:
            yield entry.path


def _files_below(
    folder: str, roots: Sequence[str], seen: set[str], listings: Listings
) -> Iterator[str]:
    # A trailing ``**`` matches files at any depth (``glob``'s recursive rule).
    for entry in listings.entries(folder):
        if entry.name.startswith("."):
            continue
        if _is_dir(entry):
            yield from _walk(entry.path, ["**"], roots, seen, listings)
        else:
            yield entry.path


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _candidates(
    base: str, glob_pattern: bool, roots: Sequence[str], listings: Listings
) -> list[str]:
    if glob_pattern:
        prefix, segments = _split_glob(base)
        if ".." in segments or not is_within(prefix or ".", roots, listings.realpath):
            # Never walk from (or climb back out to) a folder that is not allowed.
            return [base] if prefix else []
        found: dict[str, str] = {}  # real path -> first path naming it
        for path in _walk(prefix or ".", segments, roots, set(), listings):
            if path.lower().endswith(SUFFIXES) and os.path.isfile(path):
                found.setdefault(listings.realpath(path), os.path.normpath(path))
        return sorted(found.values())
    if os.path.exists(base) or os.path.islink(base):
        return [os.path.normpath(base)]
    return []


def _bases(
    argument: str, page_path: str, srcdir: str, folders: Sequence[str]
) -> list[str]:
    """Where an argument is looked for, in order: from the page (``/``: from the
    source directory), then in each ``concepts_paths`` folder."""
    if argument.startswith("/"):
        first = os.path.join(srcdir, argument.lstrip("/"))
    else:
        first = os.path.join(os.path.dirname(page_path), argument)
    bases = [os.path.normpath(first)]
    bases += [os.path.normpath(os.path.join(f, argument.lstrip("/"))) for f in folders]
    return bases


def missing_paths(
    argument: str, page_path: str, srcdir: str, folders: Sequence[str] = ()
) -> list[str]:
    """Where a missing (non-glob) source would be found once created, inside the
    allowed folders: the paths to watch for it."""
    roots = [srcdir, *folders]
    return [
        base
        for base in _bases(argument.strip(), page_path, srcdir, folders)
        if is_within(base, roots)
    ]


def find_source_files(
    argument: str,
    page_path: str,
    srcdir: str,
    folders: Sequence[str] = (),
    listings: Listings | None = None,
) -> SourceFiles:
    """Resolve a directive argument; globs give each file once, sorted.

    ``listings`` shares folder listings between calls made at one moment."""
    argument = argument.strip()
    roots = [srcdir, *folders]
    listings = listings if listings is not None else Listings()
    found = SourceFiles()
    for base in _bases(argument, page_path, srcdir, folders):
        paths = _candidates(base, is_glob(argument), roots, listings)
        if paths:
            for path in paths:
                allowed = is_within(path, roots, listings.realpath)
                (found.allowed if allowed else found.refused).append(path)
            break
    return found


def matched_files(found: SourceFiles) -> tuple[str, ...]:
    """What a glob matched, as compared between builds."""
    return (*found.allowed, *found.refused)

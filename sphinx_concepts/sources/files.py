"""Which files a directive argument names, and whether they may be read (pure).

An argument is a path or glob relative to the page (a leading ``/``: to the
source directory), tried next in each ``concepts_paths`` folder.  Whatever it
resolves to -- through ``..`` or symlinks -- must lie inside the source directory
or one of those folders.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Sequence
from dataclasses import dataclass, field

from .reading import SUFFIXES

_MAGIC = frozenset("*?[")


def is_glob(argument: str) -> bool:
    return bool(_MAGIC & set(argument))


def is_within(path: str, roots: Sequence[str]) -> bool:
    """Whether ``path``, symlinks resolved, lies inside one of ``roots``."""
    real = os.path.realpath(path)
    for root in roots:
        base = os.path.realpath(root)
        if real == base or real.startswith(base + os.sep):
            return True
    return False


@dataclass
class SourceFiles:
    """The files an argument names: those allowed, and those refused."""

    allowed: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def _candidates(base: str, glob_pattern: bool) -> list[str]:
    if glob_pattern:
        return sorted(
            {
                os.path.normpath(p)
                for p in glob.glob(base, recursive=True)
                if p.lower().endswith(SUFFIXES) and os.path.isfile(p)
            }
        )
    if os.path.exists(base) or os.path.islink(base):
        return [os.path.normpath(base)]
    return []


def find_source_files(
    argument: str, page_path: str, srcdir: str, folders: Sequence[str] = ()
) -> SourceFiles:
    """Resolve a directive argument; globs give each file once, sorted."""
    argument = argument.strip()
    if argument.startswith("/"):
        first = os.path.join(srcdir, argument.lstrip("/"))
    else:
        first = os.path.join(os.path.dirname(page_path), argument)
    bases = [os.path.normpath(first)]
    bases += [os.path.normpath(os.path.join(f, argument.lstrip("/"))) for f in folders]
    roots = [srcdir, *folders]
    found = SourceFiles()
    for base in bases:
        paths = _candidates(base, is_glob(argument))
        if paths:
            for path in paths:
                (found.allowed if is_within(path, roots) else found.refused).append(
                    path
                )
            break
    return found

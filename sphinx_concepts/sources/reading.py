"""Reading source files from disk: size limit, encoding, format by suffix.

Shared by the Sphinx layer and the CLI, so both accept exactly the same files.
"""

from __future__ import annotations

import os
import stat
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.config import DEFAULT_MAX_SOURCE_BYTES
from ..core.model import Location
from ..core.problems import ConceptSourceError, ReadResult

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

MARKDOWN_SUFFIXES = (".md", ".markdown")
YAML_SUFFIXES = (".yaml", ".yml")
JSON_SUFFIXES = (".json",)
SUFFIXES = MARKDOWN_SUFFIXES + YAML_SUFFIXES + JSON_SUFFIXES


def decode(data: bytes, source: str) -> str:
    """UTF-8 text with a BOM dropped and line endings made ``\\n``."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ConceptSourceError(
            f"not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start})",
            Location(source, line),
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ConceptSourceError("the file holds NUL bytes", Location(source, line))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(
    path: Path, source: str, max_bytes: int = DEFAULT_MAX_SOURCE_BYTES
) -> str:
    """The text of a source file, refused above ``max_bytes``.

    Only regular files are read: a named pipe would block the build forever and a
    device never ends, so both are refused from their ``stat`` without opening
    them (and the file is opened non-blocking, in case it was swapped since).
    """
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise ConceptSourceError(
                "not a regular file (a named pipe, device or socket); refused",
                Location(source),
            )
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as handle:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode):
                raise ConceptSourceError(
                    "not a regular file; refused", Location(source)
                )
            if status.st_size > max_bytes:
                raise ConceptSourceError(
                    f"the file has {status.st_size} bytes, more than "
                    f"concepts_max_source_bytes ({max_bytes}); refused",
                    Location(source),
                )
            # Ask for what the file holds (plus one byte, to notice growth), never
            # the whole limit: ``read(n)`` allocates ``n`` bytes up front.
            data = handle.read(status.st_size + 1)
    except OSError as error:
        raise ConceptSourceError(
            f"cannot read the file: {error.strerror or error}", Location(source)
        ) from None
    if len(data) > max_bytes or len(data) > status.st_size:  # grew since stat
        raise ConceptSourceError(
            f"the file changed while it was read (or is larger than "
            f"concepts_max_source_bytes, {max_bytes}); refused",
            Location(source),
        )
    return decode(data, source)


def parse_text(
    text: str, source: str, suffix: str, parser: MarkdownIt | None = None
) -> ReadResult:
    """Concepts from the text of a source, by its suffix (``parser``: see
    :func:`~.markdown_format.read_markdown`)."""
    # The readers bring markdown-it and PyYAML: imported with the first source, so
    # a project that shows no concept never pays for them.
    from .data_format import read_data
    from .markdown_format import read_markdown

    suffix = suffix.lower()
    if suffix in YAML_SUFFIXES:
        return read_data(text, source, parser=parser)
    if suffix in JSON_SUFFIXES:
        return read_data(text, source, json_syntax=True, parser=parser)
    if suffix in MARKDOWN_SUFFIXES:
        return read_markdown(text, source, parser=parser)
    raise ConceptSourceError(
        f"unknown source format {suffix!r} (use {', '.join(SUFFIXES)})",
        Location(source),
    )


def read_file(
    path: Path,
    source: str | None = None,
    max_bytes: int = DEFAULT_MAX_SOURCE_BYTES,
    parser: MarkdownIt | None = None,
) -> ReadResult:
    """Read a source file; never raises for bad content, only reports problems."""
    name = source or str(path)
    try:
        text = read_text(path, name, max_bytes)
        return parse_text(text, name, path.suffix, parser)
    except ConceptSourceError as error:
        return ReadResult(problems=[error.as_problem()])


# A file named by several directives (a glob on one page, a single file on
# another) is parsed once.  With their tokens, read sources are large (a few
# hundred token objects a concept), so only the most recently read are kept:
# memory stays flat however big the project, and directives that share sources
# are usually on the same or nearby pages.  The key changes whenever the file or
# the parser does (the parser itself, not its id: a freed parser's id can come
# back).
_CACHE: OrderedDict[tuple[str, int, int, int, MarkdownIt | None], ReadResult] = (
    OrderedDict()
)
CACHE_SIZE = 64


def read_file_cached(
    path: str,
    max_bytes: int = DEFAULT_MAX_SOURCE_BYTES,
    parser: MarkdownIt | None = None,
) -> ReadResult:
    """:func:`read_file`, remembered (for the :data:`CACHE_SIZE` most recently
    read files) while the file's size and mtime stay the same."""
    try:
        stat = os.stat(path)
    except OSError:
        return read_file(Path(path), path, max_bytes, parser)
    key = (path, stat.st_mtime_ns, stat.st_size, max_bytes, parser)
    cached = _CACHE.get(key)
    if cached is None:
        cached = read_file(Path(path), path, max_bytes, parser)
        _CACHE[key] = cached
        if len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    else:
        _CACHE.move_to_end(key)
    return cached

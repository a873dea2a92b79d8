"""What text from a source may hold where it is shown (pure).

Sources are untrusted: a YAML or JSON escape (``"\\e[2J"``, ``"\\u009b"``) puts
control characters into any field.  They break LaTeX, man and texinfo output, and
a terminal runs them.  The rules here are the one place that says what is removed,
escaped or refused on the way out: in cards and every other output (controls
removed), in messages (controls shown as escapes), in ``objects.inv`` (names it
cannot hold refused), and in file names the CLI writes.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from typing import Any, TypeVar

from .model import Location

T = TypeVar("T")

# C0 controls but tab and newline, DEL, C1 controls: nothing a document shows.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Shown in a terminal as escapes: also tab and newline (one message, one line)
# and the bidirectional overrides that reorder what follows them.
_TERMINAL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Letters that render as blank space (Hangul fillers, the braille blank).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"})


def has_controls(text: str) -> bool:
    return _CONTROLS.search(text) is not None


def without_controls(text: str) -> str:
    return _CONTROLS.sub("", text)


def clean_value(value: T) -> T:
    """``value`` (a concept, or any of its parts) with control characters removed
    from every string in it; locations (file names) are kept as they are, and the
    tokens a reader kept are dropped (they hold the old text: the renderer parses
    the cleaned text instead)."""
    return _clean(value)  # type: ignore[no-any-return]


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return without_controls(value) if has_controls(value) else value
    if isinstance(value, Location):
        return value
    if isinstance(value, tuple):
        return tuple(_clean(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: () if _is_tokens(f.name) else _clean(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.init
        }
        return dataclasses.replace(value, **changes)
    return value


def concept_has_controls(value: Any) -> bool:
    if isinstance(value, str):
        return has_controls(value)
    if isinstance(value, Location):
        return False
    if isinstance(value, tuple):
        return any(concept_has_controls(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return any(
            concept_has_controls(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not _is_tokens(f.name)
        )
    return False


def _is_tokens(field_name: str) -> bool:
    # ``Text.tokens``, ``FollowUp.question_tokens``...: the parse of a text field.
    return field_name == "tokens" or field_name.endswith("_tokens")


def visible(text: str) -> str:
    """``text`` safe to print to a terminal: controls and direction overrides
    as ``\\x1b``/``\\u202e`` escapes, so what is printed is what is there."""
    return _TERMINAL.sub(lambda m: ascii(m.group())[1:-1], text)


# What ``json.dumps`` leaves raw that a terminal still acts on.
_JSON_TERMINAL = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible_json(text: str) -> str:
    """JSON text (from ``json.dumps``, which escapes C0 controls) with DEL, C1
    controls and direction overrides as ``\\uXXXX`` escapes: the same data."""
    return _JSON_TERMINAL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def is_invisible(title: str) -> bool:
    """Whether ``title`` shows nothing: only blanks, zero-width characters,
    direction marks, combining marks or letters that render blank."""
    return all(
        unicodedata.category(char) in _INVISIBLE_CATEGORIES or char in _BLANK_LETTERS
        for char in title
    )


#: Whitespace other than the space (``\s`` matches what ``str.isspace`` accepts).
_BLANK_BUT_SPACE = re.compile(r"[^\S ]")


def inventory_safe(name: str) -> bool:
    """Whether ``objects.inv`` can hold ``name`` as an entry's name.

    A line of the inventory is ``name domain:role priority uri dispname`` and
    readers (Sphinx's among them) split it with ``(.+?)\\s+(\\S+)\\s+(-?\\d+)...``:
    the name ends before the first ``<word> <integer>`` pair, so a name holding
    ``... std:label 1 ...`` would be read as another entry (and the real one lost).
    """
    if not name or name != name.strip() or has_controls(name):
        return False
    if _BLANK_BUT_SPACE.search(name):
        return False  # tabs, line or paragraph separators: not one line
    return not any(_is_integer(word) for word in name.split()[2:])


def _is_integer(word: str) -> bool:
    digits = word[1:] if word.startswith("-") else word
    return digits.isdecimal()  # what the readers' ``\d`` matches


_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{n}" for n in range(10)}
    | {f"lpt{n}" for n in range(10)}
)
#: Bytes a file name may use (with its suffix): every common file system takes 255.
MAX_NAME_BYTES = 120


def safe_file_name(stem: str, suffix: str, taken: set[str]) -> str:
    """A file name from ``stem`` (a slug) that every file system accepts, short
    (UTF-8 bytes, not characters, count), and unique in ``taken`` ignoring case
    (for case-insensitive file systems); ``taken`` is updated."""
    stem = without_controls(stem).replace("/", "-").replace("\\", "-")
    stem = stem.strip(" .-") or "concept"
    if stem.lower() in _RESERVED:
        stem += "-concept"
    budget = MAX_NAME_BYTES - len(suffix.encode()) - 8  # room for "-NNN"
    stem = _cut_bytes(stem, budget).rstrip(" .-") or "concept"
    name, n = f"{stem}{suffix}", 2
    while name.casefold() in taken:
        name, n = f"{stem}-{n}{suffix}", n + 1
    taken.add(name.casefold())
    return name


def _cut_bytes(text: str, limit: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    return encoded[:limit].decode("utf-8", "ignore")

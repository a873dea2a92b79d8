"""Names, concept queries and link targets (SPEC 2.4).

Everything that decides whether two spellings mean the same concept lives here, so
the reader, the domain and the CLI can never disagree about it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from functools import cache
from urllib.parse import parse_qsl, quote_plus, unquote, urlencode

from .wording import describe

_SEPARATORS = re.compile(r"[\s\-_]+")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
SAFE_SCHEMES = frozenset({"http", "https"})


def normalize(name: str) -> str:
    """The form in which names are compared.

    NFKC, case folded, runs of whitespace, ``-`` and ``_`` as one space, ends
    stripped.  Every other character counts, so ``C``, ``C++`` and ``C#`` differ.
    """
    folded = unicodedata.normalize("NFKC", name).casefold()
    return _SEPARATORS.sub(" ", folded).strip()


def slug(name: str) -> str:
    """A stable, HTML- and LaTeX-safe identifier fragment for ``name``.

    Letters and digits (of any script) are kept, separators become ``-`` and any
    other character is spelled as its code point, so distinct names keep distinct
    slugs (``c``, ``c-2b-2b``, ``c-23``).
    """
    parts: list[str] = []
    for char in normalize(name):
        if char.isalnum():
            parts.append(char)
        elif char == " ":
            parts.append("-")
        else:
            parts.append(f"-{ord(char):x}-")
    text = re.sub(r"-{2,}", "-", "".join(parts)).strip("-")
    return text or "x"


#: A normalised (name, role, audience) triple; absent parts are ``""``.
Key = tuple[str, str, str]


def key_of(name: str, role: str | None = None, audience: str | None = None) -> Key:
    """The normalised key of a variant or a query."""
    return (normalize(name), normalize(role or ""), normalize(audience or ""))


@cache
def canonical_query(key: Key) -> str:
    """A normalised key as one query string (``?concept=...``): how inventories
    and ``concepts.json`` name a variant.  Remembered: a project names the same
    few thousand keys again and again, and urlencoding is not cheap."""
    name, role, audience = key
    params = [("concept", name)]
    if role:
        params.append(("specialist_role", role))
    if audience:
        params.append(("target_audience", audience))
    return "?" + urlencode(params, quote_via=quote_plus)


@dataclass(frozen=True)
class ConceptQuery:
    """A request for a concept, optionally for a role and an audience."""

    concept: str
    specialist_role: str | None = None
    target_audience: str | None = None

    @property
    def key(self) -> Key:
        """The normalised (name, role, audience) triple; absent parts are ``""``."""
        return key_of(self.concept, self.specialist_role, self.target_audience)

    @property
    def canonical(self) -> str:
        """The normalised query, as one string: how inventories name a variant."""
        return canonical_query(self.key)

    def to_query_string(self) -> str:
        """``concept=...&specialist_role=...&target_audience=...`` (no ``?``)."""
        params = [("concept", self.concept)]
        if self.specialist_role:
            params.append(("specialist_role", self.specialist_role))
        if self.target_audience:
            params.append(("target_audience", self.target_audience))
        return urlencode(params, quote_via=quote_plus)

    def __str__(self) -> str:
        return describe(self.concept, self.specialist_role, self.target_audience)


class TargetKind(Enum):
    """What a see-also or role target points at."""

    NONE = "none"
    CONCEPT = "concept"
    URL = "url"
    UNSAFE = "unsafe"
    INVALID = "invalid"


@dataclass(frozen=True)
class Target:
    """A classified link target."""

    kind: TargetKind
    query: ConceptQuery | None = None
    url: str = ""
    reason: str = ""


def parse_query(text: str) -> ConceptQuery | None:
    """Decode ``?concept=...`` (``+`` and ``%20`` are spaces); ``None`` without a
    concept.  Unknown parameters are ignored."""
    params: dict[str, str] = {}
    for key, value in parse_qsl(text.lstrip("?"), keep_blank_values=True):
        params.setdefault(key, value.strip())
    concept = params.get("concept", "")
    if not normalize(concept):
        return None
    return ConceptQuery(
        concept=concept,
        specialist_role=params.get("specialist_role") or None,
        target_audience=params.get("target_audience") or None,
    )


def classify_target(target: str) -> Target:
    """Interpret a target as written in a source or a role."""
    target = target.strip()
    if not target:
        return Target(TargetKind.NONE)
    if target.startswith("<") and target.endswith(">"):
        target = target[1:-1].strip()
    if target.startswith("?"):
        query = parse_query(target)
        if query is None:
            return Target(TargetKind.INVALID, reason="the query has no 'concept'")
        return Target(TargetKind.CONCEPT, query=query)
    # Control characters and whitespace inside a scheme are how browsers get
    # tricked into ``java\tscript:``; strip them before looking at the scheme.
    squeezed = re.sub(r"[\x00-\x20\x7f]+", "", unquote(target))
    scheme = _SCHEME.match(squeezed)
    if scheme:
        name = scheme.group(1).lower()
        if name in SAFE_SCHEMES and squeezed.lower().startswith(f"{name}://"):
            return Target(TargetKind.URL, url=target)
        return Target(
            TargetKind.UNSAFE, reason=f"the URL scheme '{name}:' is not allowed"
        )
    if target.startswith("//"):
        return Target(TargetKind.UNSAFE, reason="protocol-relative URLs are refused")
    name = unquote(target)
    if not normalize(name):
        return Target(TargetKind.INVALID, reason="the target names no concept")
    return Target(TargetKind.CONCEPT, query=ConceptQuery(concept=name))

"""Problems found in sources, and the warning subtypes they map to (SPEC 7).

The pure core never logs: it returns :class:`Problem` records (or raises
:class:`ConceptSourceError` when nothing at all can be read).  The Sphinx layer and
the CLI decide how to show them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .model import Concept, Location


class Subtype(StrEnum):
    """Warning subtypes: each is ``concept.<value>`` in ``suppress_warnings``."""

    SOURCE = "source"
    """A source is unreadable, unparsable or invalid (a missing title, a wrong type,
    a question without an answer, an unknown key, a file over the size limit)."""

    REF = "ref"
    """A concept reference (role or see-also entry) matches no concept."""

    DUPLICATE = "duplicate"
    """The same concept, specialist role and target audience are defined twice; the
    first in document order wins."""

    SECURITY = "security"
    """Something unsafe was refused: a path outside the allowed folders (also
    named by a directive, image or link in concept text), a YAML object tag, raw
    HTML or raw output, a directive or role not on the allow-list, a URL fetch,
    an unsafe URL scheme, a card that would contain itself, or a title that
    ``objects.inv`` cannot hold."""

    FALLBACK = "fallback"
    """A reference asks for an audience that the concept has no variant for, so it
    lands on another audience's card (the link tells the reader so).  Opt-in in
    builds (``concepts_warn_fallback = True``); ``sphinx-concepts check`` always
    lists them."""

    PLACEHOLDER = "placeholder"
    """Placeholder text (``TODO: ...``, as ``sphinx-concepts new`` writes it) is
    still in a source.  Reported by ``sphinx-concepts check``, not by builds."""


class Severity(StrEnum):
    """How bad a problem is; errors lose (part of) a concept, warnings lose nothing."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"
    """Not a problem: something the command line skipped, and why."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a source, with where it is."""

    message: str
    location: Location
    subtype: Subtype = Subtype.SOURCE
    severity: Severity = Severity.WARNING

    def __str__(self) -> str:
        return f"{self.location}: {self.severity.value}: {self.message}"


class ConceptSourceError(Exception):
    """A source that cannot be read at all (missing, too big, not text, not
    parsable)."""

    def __init__(
        self, message: str, location: Location, subtype: Subtype = Subtype.SOURCE
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.subtype = subtype

    def as_problem(self) -> Problem:
        return Problem(self.message, self.location, self.subtype, Severity.ERROR)


@dataclass
class ReadResult:
    """What reading one source gave: its concepts and the problems found."""

    concepts: list[Concept] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


def duplicate_message(described: str, first: str) -> str:
    """The ``concept.duplicate`` message of a variant defined a second time."""
    return (
        f"concept {described!r} is defined twice; the definition at {first} "
        "wins over this one"
    )


def alias_clash_message(alias: str, title: str) -> str:
    """The ``concept.duplicate`` message of an alias that names another concept."""
    return (
        f"the alias {alias!r} of {title!r} is the name of another concept; "
        "the concept wins"
    )

"""The concept model: immutable records that every reader produces and every writer,
the directive and the domain consume.

Text fields hold MyST Markdown exactly as the author wrote it.  Line numbers travel
with the text (``compare=False``) so that warnings can point into the source file,
while equality — and therefore the round-trip guarantees of the writers — only looks
at content.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Final, TypeAlias

if TYPE_CHECKING:
    from markdown_it.token import Token

from .names import Key, key_of
from .wording import _

#: Section keys in their default display order (SPEC 1).
SECTION_KEYS: Final = ("explanation", "follow_up", "etymology", "summary", "see_also")

#: The pseudo key that stands for all extra sections in ``:sections:`` lists.
EXTRA: Final = "extra"

#: The pseudo key for the "Referenced by" list the build adds to each card.
BACKLINKS: Final = "backlinks"

#: Labels of the section headings, by key: the Markdown format's headings and,
#: translated, the cards' section titles.
DEFAULT_SECTION_TITLES: Final = {
    "explanation": _("Explanation"),
    "follow_up": _("Follow-up Questions"),
    "etymology": _("Etymology and History"),
    "summary": _("Summary"),
    "see_also": _("See also"),
}


def place_extra(after: str | None, present: Sequence[str]) -> str | None:
    """Where an extra section renders: after the section ``after`` when that has
    content, else after the nearest section with content that comes before it in
    the format's order (before all of them when none does).  An unknown ``after``
    counts as "after everything"; both readers place extra sections through here,
    so every reader and writer agrees."""
    if after is None or after in present:
        return after
    earlier = (
        SECTION_KEYS[: SECTION_KEYS.index(after)]
        if after in SECTION_KEYS
        else SECTION_KEYS
    )
    return next((key for key in reversed(earlier) if key in present), None)


@dataclass(frozen=True)
class Location:
    """Where something was written: a file path (or a docname) and a 1-based line."""

    source: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.source}:{self.line}" if self.line else self.source


#: What a reader parsed a text into: block tokens (their ``map`` in lines of the
#: source file, 0-based), or one ``inline`` token for inline text.  Kept so that
#: a card renders them instead of parsing the text again; empty when the reader
#: was not given the parser that renders (the command line never is).
Tokens: TypeAlias = "tuple[Token, ...]"


@dataclass(frozen=True)
class Text:
    """A block of MyST Markdown and the line of the source where it starts."""

    markdown: str
    line: int = field(default=0, compare=False)
    tokens: Tokens = field(default=(), compare=False, repr=False)

    def __bool__(self) -> bool:
        return bool(self.markdown.strip())


@dataclass(frozen=True)
class FollowUp:
    """One follow-up question (inline Markdown) and its answer (blocks)."""

    question: str
    answer: Text
    line: int = field(default=0, compare=False)
    question_tokens: Tokens = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class SeeAlso:
    """A see-also entry.

    ``target`` is what the author wrote: a concept query (``?concept=...``), a bare
    concept name, an absolute URL, or ``""`` for an entry without a link.  How a
    target is interpreted lives in :mod:`sphinx_concepts.core.names`.
    """

    title: str
    target: str = ""
    description: str = ""
    line: int = field(default=0, compare=False)
    title_tokens: Tokens = field(default=(), compare=False, repr=False)
    description_tokens: Tokens = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class ExtraSection:
    """A section the format does not know, kept with its heading.

    ``after`` is the key of the known section it followed in the source (``None``
    when it came first), so it renders where the author put it.
    """

    title: str
    body: Text
    after: str | None = None
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Concept:
    """One concept explained for one audience by one specialist role."""

    title: str
    specialist_role: str | None = None
    target_audience: str | None = None
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    explanation: Text = Text("")
    follow_up_intro: Text = Text("")
    follow_up: tuple[FollowUp, ...] = ()
    etymology: Text = Text("")
    summary: Text = Text("")
    see_also_intro: Text = Text("")
    see_also: tuple[SeeAlso, ...] = ()
    sections: tuple[ExtraSection, ...] = ()
    location: Location = field(default=Location(""), compare=False)

    @property
    def key(self) -> Key:
        """The normalised (name, role, audience) triple that identifies a variant."""
        return key_of(self.title, self.specialist_role, self.target_audience)

    def present_sections(self) -> list[str]:
        """The known sections that have content, in the format's order."""
        return [key for key in SECTION_KEYS if self.has_section(key)]

    def has_section(self, key: str) -> bool:
        """Whether the section ``key`` has anything to show."""
        if key == "follow_up":
            return bool(self.follow_up or self.follow_up_intro)
        if key == "see_also":
            return bool(self.see_also or self.see_also_intro)
        if key == EXTRA:
            return bool(self.sections)
        value = getattr(self, key, None)
        return bool(value)

    def extras_after(self, key: str | None) -> Iterator[ExtraSection]:
        """The extra sections the author placed right after section ``key``."""
        return (s for s in self.sections if s.after == key)


def with_metadata(
    concept: Concept,
    *,
    role: str | None = None,
    audience: str | None = None,
    default_role: str | None = None,
    default_audience: str | None = None,
) -> Concept:
    """The concept as a build shows it (SPEC 2.3): ``role`` and ``audience`` (a
    directive's options) override what the source says, and the defaults
    (``concepts_default_*``) fill in what neither gives."""
    return replace(
        concept,
        specialist_role=role or concept.specialist_role or default_role or None,
        target_audience=audience or concept.target_audience or default_audience or None,
    )

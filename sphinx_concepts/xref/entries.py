"""The records the domain keeps: one per rendered variant, one per reference.

Plain NamedTuples of strings, so the environment pickles small and merging a
parallel reader's data is a dict update.
"""

from __future__ import annotations

import sys
from typing import Any, NamedTuple

from ..core.names import Key, key_of
from ..core.wording import describe


class ConceptEntry(NamedTuple):
    """One rendered concept variant, as the rest of the build sees it."""

    title: str
    specialist_role: str
    target_audience: str
    aliases: tuple[str, ...]
    tags: tuple[str, ...]
    summary: str  # plain text, for previews and the index
    docname: str
    anchor: str
    position: int  # order within its document
    location: str  # "path:line" of its source, for messages
    see_also: tuple[Key, ...] = ()  # normalised (concept, role, audience) targets
    first_question: str = ""  # plain text, for previews
    key: Key = ("", "", "")  # normalised (title, role, audience); see make_entry

    @property
    def order(self) -> tuple[str, int]:
        """Document order: docnames sorted, then position in the page."""
        return (self.docname, self.position)

    def describe(self) -> str:
        return describe(self.title, self.specialist_role, self.target_audience)


def interned(key: tuple[str, ...]) -> Key:
    name, role, audience = (sys.intern(part) for part in key)
    return (name, role, audience)


def make_entry(**fields: Any) -> ConceptEntry:
    """A ConceptEntry with its normalised key filled in.

    Strings that repeat across entries (roles, audiences, docnames, keys) are
    interned: pickle stores an object once, so the environment stays small."""
    for name in ("specialist_role", "target_audience", "docname", "location"):
        fields[name] = sys.intern(fields[name])
    fields["see_also"] = tuple(interned(k) for k in fields.get("see_also", ()))
    key = interned(
        key_of(fields["title"], fields["specialist_role"], fields["target_audience"])
    )
    return ConceptEntry(**fields, key=key)


class Reference(NamedTuple):
    """A concept reference found on a page, for backlinks and exact rebuilds."""

    from_anchor: str  # the card it sits in ("" for page text)
    query: Key  # normalised (concept, role, audience) asked for


class Referrer(NamedTuple):
    docname: str
    anchor: str  # the referring card, or "" for page text
    title: str  # that card's title, or "" for page text
    audience: str = ""  # that card's target audience

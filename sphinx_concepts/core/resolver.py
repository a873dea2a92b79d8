"""The one resolver (SPEC 4): which variant of a concept a query lands on.

The domain (for every reference of a build) and the command line (for the
see-also entries it checks) both build a :class:`VariantTable` from the variants
they know, in document order, and ask it; so ``sphinx-concepts check`` and the
build never disagree about where a link goes.  Lookups are dict accesses plus a
scan of one name's variants (a handful), never of every concept.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, Protocol, TypeVar

from .names import Key, normalize


class Variant(Protocol):
    """What the resolver needs of a variant: its key and its aliases."""

    @property
    def key(self) -> Key: ...

    @property
    def aliases(self) -> tuple[str, ...]: ...


V = TypeVar("V", bound=Variant)


class VariantTable(Generic[V]):
    """Variants by name and alias, in document order.

    ``variants`` come in document order: of two with the same key the first
    wins and the pair is kept in :attr:`duplicates`.  An alias that is another
    concept's name is ignored (the concept wins) and kept in
    :attr:`alias_clashes`; the first concept to claim an alias gets it.
    """

    def __init__(self, variants: Iterable[V], default_audience: str | None = None):
        self.default_audience = normalize(default_audience or "")
        self.winners: dict[Key, V] = {}
        self.duplicates: list[tuple[V, V]] = []
        self.by_name: dict[str, list[V]] = {}
        for variant in variants:
            first = self.winners.get(variant.key)
            if first is not None:
                self.duplicates.append((first, variant))
                continue
            self.winners[variant.key] = variant
            self.by_name.setdefault(variant.key[0], []).append(variant)
        self.aliases: dict[str, str] = {}
        self.alias_clashes: list[tuple[str, V]] = []
        for variant in self.winners.values():
            for alias in variant.aliases:
                name = normalize(alias)
                if not name or name == variant.key[0]:
                    continue
                if name in self.by_name:
                    self.alias_clashes.append((alias, variant))
                    continue
                self.aliases.setdefault(name, variant.key[0])

    def variants(self, name: str) -> list[V]:
        """The variants of a normalised name or alias, in document order."""
        found = self.by_name.get(name)
        if found is None and name in self.aliases:
            found = self.by_name.get(self.aliases[name])
        return found or []

    def resolve(self, key: Key) -> V | None:
        """The variant a normalised (name, role, audience) query lands on.

        With an audience: the exact variant, else that audience's first variant.
        Otherwise (or when the audience has none) among the variants of the
        role asked for, if any: the default audience's, else the first defined.
        """
        name, role, audience = key
        variants = self.variants(name)
        if not variants:
            return None
        if audience:
            same = [v for v in variants if v.key[2] == audience]
            if role:
                exact = [v for v in same if v.key[1] == role]
                if exact:
                    return exact[0]
            if same:
                return same[0]
        elif role:
            same_role = [v for v in variants if v.key[1] == role]
            if same_role:
                variants = same_role
        if self.default_audience:
            for variant in variants:
                if variant.key[2] == self.default_audience:
                    return variant
        return variants[0]

    def default_variant(self, name: str) -> V | None:
        """What a reference naming only the concept lands on."""
        return self.resolve((name, "", ""))

    def is_default(self, variant: V) -> bool:
        return self.default_variant(variant.key[0]) is variant


def missed_audience(key: Key, found: Variant | None) -> bool:
    """Whether a query asked for an audience that the variant it landed on is not
    written for (it then shows another audience's card)."""
    return found is not None and bool(key[2]) and found.key[2] != key[2]

"""The concept index page (``concept-index``, SPEC 5).

Concepts grouped by first letter (accents folded, so É files under E; other
scripts under their own first character), each linking to its default variant,
with every audience variant beneath it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any, Protocol, cast

from sphinx import addnodes
from sphinx.domains import Index, IndexEntry
from sphinx.locale import get_translation

from ..core.names import normalize
from ..core.plaintext import shorten
from ..core.problems import Subtype
from ..core.resolver import VariantTable
from ..core.wording import variant_parts
from ..report import warn
from .entries import ConceptEntry

_ = get_translation("sphinx_concepts")


class _Variants(Protocol):
    """What the index needs of the domain (which lists the index: no cycle)."""

    def all_variants(self) -> Iterator[ConceptEntry]: ...

    def is_default(self, entry: ConceptEntry) -> bool: ...

    @property
    def lookup(self) -> VariantTable[ConceptEntry]: ...


#: The docname (and std label) of the generated page.
DOCNAME = "concept-index"


def users_page(env: Any, docname: str) -> bool:
    """Whether the project has its own page where a generated one would go: the
    user's page wins (the generated one is not written; the setup warns)."""
    return docname in env.found_docs


def warn_users_page(docname: str) -> None:
    warn(
        f"the project has its own page {docname!r}: it is kept, and the generated "
        "page of that name is not written (rename the page to have both)",
        Subtype.DUPLICATE,
        (docname, None),
    )


def group_letter(title: str) -> str:
    """The heading a title files under: its first letter, accents folded."""
    for char in unicodedata.normalize("NFKD", title.strip()):
        if unicodedata.combining(char):
            continue
        if char.isalpha():
            return char.upper()
        if char.isdigit():
            return "0–9"
        if not char.isspace():
            return _("Symbols")
    return _("Symbols")


def sort_key(title: str) -> tuple[str, str]:
    folded = "".join(
        c for c in unicodedata.normalize("NFKD", title) if not unicodedata.combining(c)
    )
    return (folded.casefold(), title)


class _TranslatedNames(type(Index)):  # type: ignore[misc]
    """Builders read ``localname``/``shortname`` off the class; give them a ``str``
    in the build's language: a lazy translation breaks the json and texinfo
    builders, which need real strings."""

    @property
    def localname(cls) -> str:
        return str(vars(cls)["localname"])

    @property
    def shortname(cls) -> str:
        return str(vars(cls)["shortname"])


class ConceptIndex(Index, metaclass=_TranslatedNames):
    name = "index"
    localname = _("Concept Index")
    shortname = _("concepts")

    def generate(
        self, docnames: Iterable[str] | None = None
    ) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        if users_page(self.domain.env, DOCNAME):
            return [], False
        domain = cast(_Variants, self.domain)
        wanted = set(docnames) if docnames is not None else None
        by_name: dict[str, list[ConceptEntry]] = {}
        for entry in domain.all_variants():
            if wanted is not None and entry.docname not in wanted:
                continue
            by_name.setdefault(entry.key[0], []).append(entry)

        # Per letter: blocks of rows (a concept with its variants, or an alias),
        # sorted by their first row.
        groups: dict[str, list[tuple[tuple[str, str], list[IndexEntry]]]] = {}
        aliases = domain.lookup.aliases  # alias -> name, clashes left out
        for variants in by_name.values():
            main = next((v for v in variants if domain.is_default(v)), variants[0])
            several = len(variants) > 1
            rows = [
                IndexEntry(
                    main.title,
                    1 if several else 0,
                    main.docname,
                    main.anchor,
                    describe_variant(main) if not several else "",
                    "",
                    shorten(main.summary, 120),
                )
            ]
            if several:
                rows.extend(
                    IndexEntry(
                        _variant_name(variant),
                        2,
                        variant.docname,
                        variant.anchor,
                        ", ".join(variant_parts(variant.specialist_role, None, _)),
                        "",
                        shorten(variant.summary, 120),
                    )
                    for variant in variants
                )
            groups.setdefault(group_letter(main.title), []).append(
                (sort_key(main.title), rows)
            )
            # Readers who know a concept only by an alias find it there too.
            see = str(_("see %s")) % main.title
            for alias in _aliases(variants, aliases):
                row = IndexEntry(alias, 0, main.docname, main.anchor, see, "", "")
                groups.setdefault(group_letter(alias), []).append(
                    (sort_key(alias), [row])
                )
        content = [
            (
                letter,
                [row for _, rows in sorted(blocks, key=lambda b: b[0]) for row in rows],
            )
            for letter, blocks in sorted(groups.items(), key=lambda i: sort_key(i[0]))
        ]
        # Not collapsed: the variants beneath each concept are what the index is
        # for, and a collapsed group hides them behind a few-pixel toggle.
        return content, False


def _aliases(variants: list[ConceptEntry], aliases: dict[str, str]) -> list[str]:
    """A concept's aliases as its sources spell them, each once, without those
    the resolver gave to another concept or that name the concept itself."""
    name = variants[0].key[0]
    found: dict[str, str] = {}
    for variant in variants:
        for alias in variant.aliases:
            key = normalize(alias)
            if aliases.get(key) == name:
                found.setdefault(key, alias)
    return list(found.values())


def _variant_name(entry: ConceptEntry) -> str:
    if entry.target_audience:
        return ", ".join(variant_parts(None, entry.target_audience, _))
    return _("for everyone")


def describe_variant(entry: ConceptEntry) -> str:
    """ "for <audience>, by <role>", translated; shared by the index and lists."""
    return ", ".join(variant_parts(entry.specialist_role, entry.target_audience, _))


def general_index_node(
    title: str, audience: str, anchor: str, aliases: tuple[str, ...] = ()
) -> addnodes.index:
    """General-index entries of a variant: the concept, the audience beneath it,
    and each alias with the concept beneath it (readers who know only the
    alias find the card)."""
    entries = [("single", title, anchor, "", None)]
    if audience:
        variant = ", ".join(variant_parts(None, audience, _))
        entries.append(("single", f"{title}; {variant}", anchor, "", None))
    name = normalize(title)
    for alias in dict.fromkeys(aliases):
        if normalize(alias) and normalize(alias) != name:
            entries.append(("single", f"{alias}; {title}", anchor, "", None))
    return addnodes.index(entries=entries)

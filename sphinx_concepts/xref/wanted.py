"""Wanted concepts: what pages ask for that no card answers (``concept-wanted``).

A reference is *wanted* when it resolves to nothing, or when it asks for an
audience and only other audiences' variants exist (it then links to one of
those, which is not what the writer meant).  With ``concepts_wanted_page =
True`` a second domain index lists each such query with the pages and cards
that ask for it; with it off the index is empty and Sphinx leaves it out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple, cast

from sphinx.domains import Index, IndexEntry
from sphinx.environment import BuildEnvironment
from sphinx.locale import get_translation

from ..core.names import ConceptQuery, Key, TargetKind, classify_target
from ..core.resolver import missed_audience
from ..core.wording import describe
from ..settings import concepts_config
from .domain import ConceptDomain
from .entries import ConceptEntry, Referrer
from .index import _TranslatedNames, group_letter, sort_key, users_page
from .role import DOMAIN, OBJTYPE

_ = get_translation("sphinx_concepts")

#: The page's docname and std label, like ``concept-index``.
DOCNAME = "concept-wanted"


class Wanted(NamedTuple):
    """One query that no card answers as asked."""

    query: ConceptQuery  # normalised
    others: tuple[ConceptEntry, ...]  # variants for other audiences (may be empty)
    referrers: tuple[Referrer, ...]  # in document order


def _is_name(name: str) -> bool:
    """Invalid targets (URLs, refused schemes) are warned about, not wanted."""
    return classify_target(name).kind is TargetKind.CONCEPT


def _external(env: BuildEnvironment, query: ConceptQuery) -> bool:
    """Answered by another project through intersphinx."""
    inventory = getattr(env, "intersphinx_inventory", None)
    if not inventory:
        return False
    objects = inventory.get(f"{DOMAIN}:{OBJTYPE}", {})
    return query.canonical in objects or query.concept in objects


def wanted_concepts(domain: ConceptDomain) -> list[Wanted]:
    """Every wanted query, sorted by concept name, then audience and role."""
    lookup = domain.lookup
    by_anchor = {(e.docname, e.anchor): e for e in domain.all_variants()}
    found: dict[Key, dict[Referrer, None]] = {}
    others: dict[Key, tuple[ConceptEntry, ...]] = {}
    spellings: dict[str, str] = {}
    for entry in by_anchor.values():
        spellings.setdefault(entry.key[1], entry.specialist_role)
        spellings.setdefault(entry.key[2], entry.target_audience)
    for docname in sorted(domain.refs):
        for ref in domain.refs[docname]:
            name = ref.query[0]
            if not _is_name(name):
                continue
            target = lookup.resolve(ref.query)
            if target is not None and not missed_audience(ref.query, target):
                continue
            if target is None and _external(domain.env, ConceptQuery(*ref.query)):
                continue
            source = by_anchor.get((docname, ref.from_anchor))
            referrer = Referrer(
                docname, ref.from_anchor, source.title if source else ""
            )
            found.setdefault(ref.query, {})[referrer] = None
            others[ref.query] = tuple(lookup.variants(name))
    return [
        Wanted(_spelled(key, others[key], spellings), others[key], tuple(found[key]))
        for key in sorted(found, key=lambda k: (sort_key(k[0]), k[2], k[1]))
    ]


def _spelled(
    key: Key, others: tuple[ConceptEntry, ...], spellings: dict[str, str]
) -> ConceptQuery:
    """The query with names as the project's cards spell them, where they can
    tell (references are recorded normalised)."""
    name, role, audience = key
    return ConceptQuery(
        others[0].title if others else name,
        spellings.get(role, role) or None,
        spellings.get(audience, audience) or None,
    )


def describe_query(query: ConceptQuery) -> str:
    """``name`` or ``name (for audience, by role)``, for headings."""
    return describe(query.concept, query.specialist_role, query.target_audience, _)


class ConceptWantedIndex(Index, metaclass=_TranslatedNames):
    """``concept-wanted``: referenced but unwritten concepts, with who asks."""

    name = "wanted"
    localname = _("Wanted Concepts")
    shortname = _("wanted")

    def generate(
        self, docnames: Iterable[str] | None = None
    ) -> tuple[list[tuple[str, list[IndexEntry]]], bool]:
        domain = cast(ConceptDomain, self.domain)
        if (
            docnames is not None
            or not concepts_config(domain.env.config).wanted_page
            or users_page(domain.env, DOCNAME)
        ):
            # Off, or asked for by the PDF or Texinfo: the list is a writers'
            # tool for the site, not something readers of a book need.
            return [], False
        titles = domain.env.titles
        groups: dict[str, list[IndexEntry]] = {}
        for item in wanted_concepts(domain):
            if item.others:
                audiences = sorted(
                    {e.target_audience or str(_("everyone")) for e in item.others}
                )
                status = _("written only for: %s") % ", ".join(audiences)
            else:
                status = _("not written yet")
            rows = groups.setdefault(group_letter(item.query.concept), [])
            rows.append(
                IndexEntry(
                    describe_query(item.query),
                    1,
                    "",
                    "",
                    str(status),
                    "",
                    item.query.canonical,
                )
            )
            for referrer in item.referrers:
                page = titles.get(referrer.docname)
                page_title = page.astext() if page is not None else referrer.docname
                text = (
                    f"{referrer.title} ({page_title})" if referrer.title else page_title
                )
                rows.append(
                    IndexEntry(
                        text,
                        2,
                        referrer.docname,
                        referrer.anchor,
                        str(_("asked by")),
                        "",
                        "",
                    )
                )
        content = sorted(groups.items(), key=lambda item: sort_key(item[0]))
        return content, True

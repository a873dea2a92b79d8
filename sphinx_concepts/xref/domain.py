"""The ``concept`` domain: every rendered concept variant, and how references find
the one written for the reader's audience (SPEC 4).

Domain data is plain tuples and strings, kept per document so purging a document
is one ``dict.pop`` and merging a parallel reader is one ``dict.update``.  The
lookup tables that references use are derived from it once per build phase and
never pickled.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, cast

from docutils import nodes
from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.locale import get_translation

from ..cards.nodes import concept_card
from ..core.model import Location
from ..core.names import ConceptQuery, Key, classify_target
from ..core.problems import Subtype, alias_clash_message, duplicate_message
from ..core.resolver import VariantTable, missed_audience
from ..core.safe_text import inventory_safe
from ..core.wording import fallback_note
from ..report import warn, where
from ..sources.files import Listings, find_source_files, matched_files
from .entries import ConceptEntry, Reference, Referrer, interned
from .implicit import project_answers
from .index import ConceptIndex
from .links import Links
from .reference_node import mark_query
from .role import DOMAIN, OBJTYPE, ConceptRole, query_of

_ = get_translation("sphinx_concepts")


class _Lookup(VariantTable[ConceptEntry]):
    """The resolver's table of every variant, plus who references each one."""

    def __init__(self, entries: Iterable[ConceptEntry], default_audience: str):
        super().__init__(sorted(entries, key=lambda e: e.order), default_audience)
        self._backlinks: dict[Key, list[Referrer]] | None = None
        self._audiences: list[tuple[str, str]] | None = None

    def audiences(self) -> list[tuple[str, str]]:
        """Every audience a variant is written for: (normalised, as first
        written), in document order."""
        if self._audiences is None:
            found: dict[str, str] = {}
            for entry in sorted(self.winners.values(), key=lambda e: e.order):
                if entry.key[2]:
                    found.setdefault(entry.key[2], entry.target_audience)
            self._audiences = list(found.items())
        return self._audiences

    def backlinks(self, refs: dict[str, list[Reference]]) -> dict[Key, list[Referrer]]:
        """Target key -> who references it (each referrer once, in doc order)."""
        if self._backlinks is None:
            by_anchor = {(e.docname, e.anchor): e for e in self.winners.values()}
            found: dict[Key, dict[Referrer, None]] = {}
            for docname in sorted(refs):
                for ref in refs[docname]:
                    target = self.resolve(ref.query)
                    if target is None:
                        continue
                    source = by_anchor.get((docname, ref.from_anchor))
                    if source is not None and source.key == target.key:
                        continue  # a card that mentions itself
                    referrer = Referrer(
                        docname,
                        ref.from_anchor,
                        source.title if source else "",
                        source.target_audience if source else "",
                    )
                    found.setdefault(target.key, {})[referrer] = None
            self._backlinks = {key: list(refs_) for key, refs_ in found.items()}
        return self._backlinks


class ConceptDomain(Domain):
    """Concept variants, their references and their index."""

    name = DOMAIN
    label = "Concepts"
    object_types = {OBJTYPE: ObjType(_("concept"), OBJTYPE)}  # noqa: RUF012
    roles = {OBJTYPE: ConceptRole()}  # noqa: RUF012
    indices = [ConceptIndex]  # noqa: RUF012
    initial_data = {"entries": {}, "refs": {}}  # noqa: RUF012
    data_version = 2

    _lookup_cache: _Lookup | None = None
    # Taken before reading (main process only) to find what reading changed.
    _before: (
        tuple[dict[Key, ConceptEntry], dict[str, str], dict[str, list[Reference]]]
        | None
    ) = None
    _read: set[str] = set()  # noqa: RUF012 - replaced, never mutated
    _old_titles: dict[str, str] = {}  # noqa: RUF012 - replaced, never mutated
    #: Set while resolving a page that has unresolved concept references.
    unresolved_marks = False

    # -- data ------------------------------------------------------------------
    @property
    def entries(self) -> dict[str, list[ConceptEntry]]:
        """Entries by docname, in page order."""
        return cast(dict[str, list[ConceptEntry]], self.data.setdefault("entries", {}))

    @property
    def refs(self) -> dict[str, list[Reference]]:
        """Concept references by docname."""
        return cast(dict[str, list[Reference]], self.data.setdefault("refs", {}))

    @property
    def lists(self) -> dict[str, bool]:
        """Docnames holding a concept-list or concept-graph (filled at write time
        from every concept, so re-written whenever a concept changes)."""
        return cast(dict[str, bool], self.data.setdefault("lists", {}))

    def note_list(self, docname: str) -> None:
        self.lists[docname] = True

    @property
    def sources(self) -> dict[str, list[str]]:
        """The source files the ``concept`` directives of each page read."""
        return cast(dict[str, list[str]], self.data.setdefault("sources", {}))

    def note_source(self, docname: str, path: str) -> None:
        paths = self.sources.setdefault(docname, [])
        if path not in paths:
            paths.append(path)

    def shows_concepts(self, docname: str) -> bool:
        """Whether page ``docname`` shows anything of the extension's (a card, a
        concept list or graph, a concept reference): only such pages get its
        stylesheets, so the other pages stay exactly as they were (issue 11)."""
        return docname in self.entries or docname in self.lists or docname in self.refs

    def has_concepts(self) -> bool:
        """Whether any page shows anything of the extension's."""
        return bool(self.entries or self.lists or self.refs)

    def _changed(self) -> None:
        self._lookup_cache = None

    @property
    def lookup(self) -> _Lookup:
        if self._lookup_cache is None:
            self._lookup_cache = _Lookup(
                (entry for entries in self.entries.values() for entry in entries),
                self.env.config.concepts_default_target_audience,
            )
        return self._lookup_cache

    def add_entry(self, entry: ConceptEntry) -> None:
        self.entries.setdefault(entry.docname, []).append(entry)
        self._changed()

    def next_position(self, docname: str) -> int:
        return len(self.entries.get(docname, ()))

    @property
    def globs(self) -> dict[str, list[tuple[str, str, tuple[str, ...]]]]:
        """Per page, each glob a directive named: (argument, page path, the files
        it matched), so a new or removed match re-reads the page."""
        return cast(
            dict[str, list[tuple[str, str, tuple[str, ...]]]],
            self.data.setdefault("globs", {}),
        )

    def note_glob(
        self, docname: str, argument: str, page: str, matched: Iterable[str]
    ) -> None:
        self.globs.setdefault(docname, []).append((argument, page, tuple(matched)))

    def stale_globs(self) -> set[str]:
        """Pages whose globs match other files now than when they were read."""
        srcdir, folders = str(self.env.srcdir), self.source_paths
        listings = Listings()  # nothing changes while this runs
        return {
            docname
            for docname, records in self.globs.items()
            if any(
                matched_files(
                    find_source_files(argument, page, srcdir, folders, listings)
                )
                != matched
                for argument, page, matched in records
            )
        }

    def clear_doc(self, docname: str) -> None:
        self.globs.pop(docname, None)
        removed = self.entries.pop(docname, None)
        self.lists.pop(docname, None)
        self.sources.pop(docname, None)
        if self.refs.pop(docname, None) is not None or removed is not None:
            self._changed()

    def process_doc(
        self, env: BuildEnvironment, docname: str, document: nodes.document
    ) -> None:
        """Record the concept references of a page (see-also and roles)."""
        found = [
            Reference(_card_anchor(node), interned(query_of(node).key))
            for node in document.findall(pending_xref)
            if node.get("refdomain") == DOMAIN
        ]
        if found:
            self.refs[docname] = found
            self._changed()

    def merge_domaindata(
        self, docnames: Iterable[str], otherdata: dict[str, Any]
    ) -> None:
        other = cast(dict[str, list[ConceptEntry]], otherdata.get("entries", {}))
        other_refs = cast(dict[str, list[Reference]], otherdata.get("refs", {}))
        for docname in docnames:
            if docname in other:
                self.entries[docname] = list(other[docname])
            if docname in other_refs:
                self.refs[docname] = list(other_refs[docname])
            if docname in otherdata.get("lists", {}):
                self.lists[docname] = True
            if docname in otherdata.get("globs", {}):
                self.globs[docname] = list(otherdata["globs"][docname])
            if docname in otherdata.get("sources", {}):
                self.sources[docname] = list(otherdata["sources"][docname])
        self._changed()

    @property
    def source_paths(self) -> tuple[str, ...]:
        """Absolute ``concepts_paths`` folders (set before each read phase)."""
        return tuple(self.data.get("source_paths", ()))

    def set_source_paths(self, folders: Iterable[str]) -> None:
        self.data["source_paths"] = tuple(folders)

    def all_variants(self) -> Iterator[ConceptEntry]:
        """Every winning variant, in document order."""
        return iter(sorted(self.lookup.winners.values(), key=lambda e: e.order))

    def resolve_query(self, query: ConceptQuery) -> ConceptEntry | None:
        return self.lookup.resolve(query.key)

    def is_default(self, entry: ConceptEntry) -> bool:
        return self.lookup.is_default(entry)

    def backlinks(self, key: Key) -> list[Referrer]:
        return self.lookup.backlinks(self.refs).get(key, [])

    def audiences(self) -> list[tuple[str, str]]:
        """(normalised, as written) of every audience, in document order."""
        return self.lookup.audiences()

    # -- exact incremental builds ----------------------------------------------
    def snapshot(self, removed: Iterable[str]) -> None:
        """Remember what references resolve against before documents are read
        (and removed documents are purged)."""
        lookup = self.lookup
        self._before = (dict(lookup.winners), dict(lookup.aliases), dict(self.refs))
        self._read = set(removed)

    def note_reading(self, docnames: Iterable[str]) -> None:
        """Called before reading: page titles still hold their old values."""
        docnames = set(docnames)
        self._read = self._read | docnames
        titles = self.env.titles
        self._old_titles = {d: titles[d].astext() for d in docnames if d in titles}

    def affected_docs(self) -> set[str]:
        """Pages not re-read whose output changes because of what was read:
        pages referencing a concept whose variants changed (links, previews),
        pages listing concepts, and pages whose cards' backlinks changed."""
        if self._before is None:
            return set()
        old_winners, old_aliases, old_refs = self._before
        read, self._before, self._read = self._read, None, set()
        old_titles, self._old_titles = self._old_titles, {}
        new_winners, new_aliases = self.lookup.winners, self.lookup.aliases
        changed = {
            key[0]
            for key in old_winners.keys() | new_winners.keys()
            if _shown(old_winners.get(key)) != _shown(new_winners.get(key))
        }
        for alias in old_aliases.keys() | new_aliases.keys():
            if old_aliases.get(alias) != new_aliases.get(alias):
                changed.add(alias)
                changed.update(
                    n for n in (old_aliases.get(alias), new_aliases.get(alias)) if n
                )
        affected: set[str] = set()
        old_lookup = _Lookup(
            old_winners.values(), self.env.config.concepts_default_target_audience
        )
        if changed:
            affected.update(self.lists)  # concept lists and graphs show every concept
            affected.update(self._links_changed(old_lookup, changed, read))
        if choice_offered(old_lookup.audiences()) != choice_offered(
            self.lookup.audiences()
        ):
            # The audience choice appears (or goes) on every page with concepts.
            affected.update(self.entries.keys() | self.refs.keys() | self.lists.keys())
        if self.env.config.concepts_backlinks:
            affected |= self._backlinks_changed(
                old_lookup, old_winners, old_refs, read, old_titles
            )
        return affected & set(self.env.found_docs)

    def _links_changed(
        self, old_lookup: _Lookup, changed: set[str], read: set[str]
    ) -> set[str]:
        """Pages with a reference that now lands elsewhere, or on a card whose
        title or preview changed."""
        pages = set()
        for docname, refs in self.refs.items():
            if docname in read:
                continue  # written anyway
            for ref in refs:
                if ref.query[0] not in changed:
                    continue
                before = old_lookup.resolve(ref.query)
                if _shown(before) != _shown(self.lookup.resolve(ref.query)):
                    pages.add(docname)
                    break
        return pages

    def _backlinks_changed(
        self,
        old_lookup: _Lookup,
        old_winners: dict[Key, ConceptEntry],
        old_refs: dict[str, list[Reference]],
        read: set[str],
        old_titles: dict[str, str],
    ) -> set[str]:
        """Pages holding a card whose "Referenced by" list reads differently."""
        old = old_lookup.backlinks(old_refs)
        new = self.lookup.backlinks(self.refs)
        winners = self.lookup.winners
        keys = {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
        # A referrer is labelled with its page title: a re-titled page changes
        # the lists it appears in.
        retitled = {
            d
            for d in read
            if d in self.env.titles and old_titles.get(d) != self.env.titles[d].astext()
        }
        if retitled:
            keys.update(
                key
                for key, referrers in new.items()
                if any(r.docname in retitled for r in referrers)
            )
        return {
            entry.docname
            for key in keys
            if (entry := winners.get(key) or old_winners.get(key)) is not None
        }

    # -- consistency -----------------------------------------------------------
    def check_consistency(self) -> None:
        """Duplicates and alias clashes, reported once per build in document
        order, so serial and parallel builds say the same thing."""
        lookup = self.lookup
        for first, later in lookup.duplicates:
            where = f"{first.location} (page {first.docname!r})"
            warn(
                duplicate_message(later.describe(), where),
                Subtype.DUPLICATE,
                later.location,
            )
        for alias, entry in lookup.alias_clashes:
            warn(
                alias_clash_message(alias, entry.title),
                Subtype.DUPLICATE,
                entry.location,
            )
        self._warn_sources_read_as_pages()

    def _warn_sources_read_as_pages(self) -> None:
        """A concept source that is also a document would show its text twice,
        the second time as a page of its own (with the warnings that brings).
        Which files are documents is the project's choice, so this says how to
        change it rather than changing it (issue 11)."""
        env = self.env
        told: set[str] = set()
        for docname in sorted(self.sources):
            for path in self.sources[docname]:
                page = env.path2doc(path)
                if page is None or page not in env.found_docs or path in told:
                    continue
                told.add(path)
                relative = Path(os.path.relpath(path, env.srcdir)).as_posix()
                folder = Path(relative).parent.as_posix()
                pattern = f"{folder}/**" if folder != "." else relative
                warn(
                    f"this concept source is also read as the page {page!r}; "
                    f"add {pattern!r} to exclude_patterns in conf.py "
                    "(the concept directive reads excluded files)",
                    Subtype.SOURCE,
                    where(Location(path, 1)),
                )

    # -- references ------------------------------------------------------------
    # Pages are resolved one after another, each with many references: the
    # current page's Links (and its URI cache) serve all of them.
    _page_links: Links | None = None

    def _links(self, builder: Builder, fromdocname: str) -> Links:
        links = self._page_links
        if (
            links is None
            or links.builder is not builder
            or links.fromdocname != fromdocname
        ):
            links = self._page_links = Links(builder, fromdocname)
        return links

    def _refnode(
        self,
        builder: Builder,
        fromdocname: str,
        entry: ConceptEntry,
        node: pending_xref,
        contnode: Element,
        asked: ConceptQuery | None = None,
    ) -> nodes.reference:
        if not node.get("refexplicit"):
            contnode = nodes.inline(
                entry.title, entry.title, classes=contnode["classes"]
            )
        preview = entry.summary or entry.title
        fallback = asked is not None and missed_audience(asked.key, entry)
        if fallback:
            # Static cue (no script needed): the class, and a preview saying
            # whose card this is.
            assert asked is not None and asked.target_audience
            note = fallback_note(entry.target_audience, asked.target_audience, _)
            preview = f"{note} {preview}"
        ref = self._links(builder, fromdocname).reference(
            entry.docname, entry.anchor, contnode, preview
        )
        ref["classes"].append("concept-reference")
        if fallback:
            ref["classes"].append("concept-reference-fallback")
        mark_query(ref, query_of(node).key)
        return ref

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> nodes.reference | None:
        if node.get("concept_invalid"):
            return None
        query = query_of(node)
        entry = self.resolve_query(query)
        if entry is None:
            return None
        if self.env.config.concepts_warn_fallback and missed_audience(query.key, entry):
            warn(
                f"the reference {target!r} asks for the audience "
                f"{query.target_audience!r}; {entry.title!r} has no variant for it, "
                f"so it links to {entry.describe()!r}",
                Subtype.FALLBACK,
                node,
            )
        return self._refnode(builder, fromdocname, entry, node, contnode, query)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, nodes.reference]]:
        """A reference that did not ask for a concept (``any``, MyST links):
        a concept only with ``concepts_implicit_references``, and only where
        nothing of the project's own answers (see :mod:`.implicit`)."""
        if not env.config.concepts_implicit_references:
            return []
        entry = self.resolve_query(_query(target))
        if entry is None or project_answers(
            env, fromdocname, builder, target, node, contnode
        ):
            return []
        return [
            (
                f"{DOMAIN}:{OBJTYPE}",
                self._refnode(builder, fromdocname, entry, node, contnode),
            )
        ]

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        """Every variant under its canonical (normalised) query; the default
        variant of each name also under its plain title, so intersphinx and the
        search find it by title.  Query names have priority -1: not searchable.
        A name ``objects.inv`` cannot hold as one entry is left out (the
        directive warned), and display names are one line."""
        for name, shown, objtype, docname, anchor, priority in self._objects():
            if inventory_safe(name):
                yield (
                    name,
                    " ".join(shown.split()),
                    objtype,
                    docname,
                    anchor,
                    priority,
                )

    def _objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for entry in self.all_variants():
            query = ConceptQuery(
                entry.title, entry.specialist_role, entry.target_audience
            )
            yield (
                query.canonical,
                entry.describe(),
                OBJTYPE,
                entry.docname,
                entry.anchor,
                -1,
            )
            if self.is_default(entry):
                yield (
                    entry.title,
                    entry.title,
                    OBJTYPE,
                    entry.docname,
                    entry.anchor,
                    1,
                )
                plain = ConceptQuery(entry.title).canonical
                yield (plain, entry.title, OBJTYPE, entry.docname, entry.anchor, -1)

    def get_full_qualified_name(self, node: Element) -> str | None:
        """The inventory name a reference looks for in other projects (tried by
        intersphinx after the target as written)."""
        return query_of(node).canonical


def choice_offered(audiences: list[tuple[str, str]]) -> bool:
    """Readers get an audience choice where concepts exist for two or more."""
    return len(audiences) >= 2


def _shown(entry: ConceptEntry | None) -> tuple[object, ...] | None:
    """What of an entry other pages show or resolve by (its source line is not)."""
    return None if entry is None else entry._replace(location="")


def _card_anchor(node: nodes.Node) -> str:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, concept_card):
            return str(parent["ids"][0]) if parent["ids"] else ""
        parent = parent.parent
    return ""


def _query(target: str) -> ConceptQuery:
    classified = classify_target(target)
    return classified.query or ConceptQuery(target)


def concept_domain(env: BuildEnvironment) -> ConceptDomain:
    """The build's concept domain."""
    return cast(ConceptDomain, env.get_domain(DOMAIN))

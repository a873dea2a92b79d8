"""The ``concept-graph`` directive: see-also relations drawn by ``sphinx.ext.graphviz``.

Like ``concept-list``, the directive leaves a placeholder (with the same
filters) and a post-transform turns it into a ``graphviz`` node at write time,
from every concept in the domain.  In HTML each graph node links to its card
(``URL`` with ``target="_top"``, so links leave the SVG ``<object>``); other
formats get the picture without links.
"""

from __future__ import annotations

import itertools
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.ext.graphviz import graphviz
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..compat import builder_of, current_docname
from ..core.names import Key
from ..core.plaintext import shorten
from ..core.wording import describe
from ..tree import find_blocks
from ..xref.domain import ConceptDomain, concept_domain
from ..xref.entries import ConceptEntry
from ..xref.links import Links
from .placeholders import FILTER_OPTIONS, note_placeholder, store_filters, with_entries

_ = get_translation("sphinx_concepts")
logger = logging.getLogger(__name__)


class concept_graph(nodes.General, nodes.Element):
    """Placeholder for a concept graph; filters as for ``concept_list``."""


class ConceptGraphDirective(SphinxDirective):
    """``concept-graph``: concepts as nodes, see-also links as edges."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        **FILTER_OPTIONS,
        "layout": lambda arg: directives.choice(arg, ("dot", "neato", "fdp", "circo")),
        # docutils' choice() lower-cases what it compares: upper-case it again.
        "rankdir": lambda arg: directives.choice(arg, ("lr", "tb", "rl", "bt")).upper(),
        "alt": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        node = concept_graph(
            layout=self.options.get("layout", ""),
            rankdir=self.options.get("rankdir", "LR"),
            alt=self.options.get("alt", ""),
        )
        store_filters(node, self.options)
        self.set_source_info(node)
        note_placeholder(self)
        return [node]


def quote(text: str) -> str:
    """A DOT double-quoted string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


def graph_edges(
    entries: list[ConceptEntry], domain: ConceptDomain
) -> list[tuple[ConceptEntry, ConceptEntry]]:
    """Resolved see-also links between two shown variants, each once."""
    shown = {entry.key for entry in entries}
    edges: dict[tuple[Key, Key], tuple[ConceptEntry, ConceptEntry]] = {}
    for entry in entries:
        for key in entry.see_also:
            target = domain.lookup.resolve(key)
            if target is None or target.key not in shown or target.key == entry.key:
                continue
            edges[(entry.key, target.key)] = (entry, target)
    return list(edges.values())


def as_list(
    entries: list[ConceptEntry],
    domain: ConceptDomain,
    link: Callable[[ConceptEntry], nodes.Node],
) -> nodes.bullet_list:
    """The graph as nested lists (concept -> the concepts it points to), for
    machines without Graphviz: the relations stay readable and linked."""
    targets: dict[Key, list[ConceptEntry]] = {}
    for source, target in graph_edges(entries, domain):
        targets.setdefault(source.key, []).append(target)
    outer = nodes.bullet_list(classes=["concept-graph-list"])
    for entry in entries:
        item = nodes.list_item("", nodes.paragraph("", "", link(entry)))
        if entry.key in targets:
            inner = nodes.bullet_list()
            for target in targets[entry.key]:
                inner += nodes.list_item("", nodes.paragraph("", "→ ", link(target)))
            item += inner
        outer += item
    return outer


def dot_source(
    entries: list[ConceptEntry],
    domain: ConceptDomain,
    urls: dict[Key, str] | None,
    rankdir: str = "LR",
    name: str = "concepts",
) -> str:
    """The graph in DOT: one node per variant, one edge per resolved see-also
    link between two shown variants.  ``urls``: entry key -> card URL (HTML).
    ``name`` becomes the id of the HTML image map (and prefixes the ids of
    its areas): unique on its page."""
    ids = {entry.key: f"c{number}" for number, entry in enumerate(entries)}
    names = Counter(e.key[0] for e in entries)
    lines = [
        f"digraph {quote(name)} {{",
        f"  rankdir={rankdir};",
        '  node [shape=box, style="rounded,filled", fillcolor="#eef4f8", '
        'color="#2a6f97", fontname="sans-serif", fontsize=11];',
        '  edge [color="#5b6b78", arrowsize=0.7];',
    ]
    for entry in entries:
        label = entry.title
        if names[entry.key[0]] > 1 and entry.target_audience:
            label = describe(entry.title, None, entry.target_audience).replace(
                " (", "\n(", 1
            )
        # The node's id is its image-map area's (and SVG group's): unique on
        # the page only with the graph's name in it.
        attributes = [
            f"label={_label(label)}",
            f"id={quote(f'{name}-{ids[entry.key]}')}",
        ]
        attributes.append(
            f"tooltip={quote(shorten(entry.summary, 200) or entry.title)}"
        )
        if urls is not None:
            attributes += [f"URL={quote(urls[entry.key])}", 'target="_top"']
        lines.append(f"  {ids[entry.key]} [{', '.join(attributes)}];")
    lines += [
        f"  {ids[a.key]} -> {ids[b.key]};" for a, b in graph_edges(entries, domain)
    ]
    lines.append("}")
    return "\n".join(lines) + "\n"


def _label(text: str) -> str:
    # "\n" in a DOT string is a centred line break.
    return quote(text.replace("\n", "\0")).replace("\0", "\\n")


class ConceptGraphs(SphinxPostTransform):
    """Turn ``concept-graph`` placeholders into ``graphviz`` nodes."""

    default_priority = 120

    def run(self, **kwargs: Any) -> None:
        placeholders = find_blocks(self.document, concept_graph)
        if not placeholders:
            return
        domain = concept_domain(self.env)
        builder = builder_of(self.env)
        fromdocname = current_docname(self.env)
        links = Links(builder, fromdocname)
        empty = str(_("No concepts match this graph."))
        names = _graph_names(self.document)
        for node, entries in with_entries(self.env, placeholders, empty):
            dot = node.get("layout") or self.config.graphviz_dot
            if shutil.which(dot) is None:
                logger.info(
                    "concept-graph: Graphviz (%r) is not installed; the graph is "
                    "shown as a list",
                    dot,
                    location=node,
                )
                node.replace_self(as_list(entries, domain, lambda e: _link(links, e)))
                continue
            urls = None
            if builder.format == "html":
                urls = {e.key: links.url(e.docname, e.anchor) for e in entries}
            made = graphviz()
            made["code"] = dot_source(
                entries, domain, urls, node.get("rankdir", "LR"), next(names)
            )
            made["options"] = {"docname": fromdocname}
            if node.get("layout"):
                made["options"]["graphviz_dot"] = node["layout"]
            made["alt"] = node.get("alt") or str(
                _("Graph of %d concepts and their see-also links") % len(entries)
            )
            made["classes"] = ["concept-graph", *node["classes"]]
            made.source, made.line = node.source, node.line
            node.replace_self(made)


def _graph_names(document: nodes.document) -> Iterator[str]:
    """``concept-graph-1``, ``-2``, ...: the ids of a page's image maps (Graphviz
    names a map after its graph), skipping ids the page already has.  In a
    single-page build the whole book is one document, so they stay unique."""
    for number in itertools.count(1):
        name = f"concept-graph-{number}"
        if name not in document.ids:
            yield name


def _link(links: Links, entry: ConceptEntry) -> nodes.Node:
    text = describe(entry.title, None, entry.target_audience)
    return links.reference(entry.docname, entry.anchor, nodes.inline(text, text))

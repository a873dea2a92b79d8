"""Wiring: what the extension registers with Sphinx, in one place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from . import __version__, assets, borrowed, settings
from .cards import html, latex, variants
from .cards.directive import ConceptDirective
from .cards.fallback import CardsToStandardNodes
from .cards.nodes import (
    concept_card,
    concept_heading,
    concept_meta,
    concept_section,
    concept_variants,
)
from .pages import reading
from .pages.backlinks import Backlinks
from .pages.export import write_concepts_json
from .pages.graph import ConceptGraphDirective, ConceptGraphs
from .pages.lists import ConceptListDirective, ConceptLists
from .xref import index_link, reference_node, wanted
from .xref.domain import ConceptDomain, concept_domain
from .xref.labels import register_labels
from .xref.missing import (
    UnresolvedReferences,
    on_missing_reference,
    on_warn_missing_reference,
)
from .xref.reference_node import concept_reference
from .xref.role import ConceptRole

LOCALES = Path(__file__).parent / "locales"
#: Bump when domain data or node attributes change shape (3: the package moved
#: to subpackages, so pickled environments name classes that no longer exist;
#: 4: the domain records the source files each page reads; 5: entries keep
#: their first question, for previews).
ENV_VERSION = 5


def _card_title(node: nodes.Node) -> str:
    return str(node.get("concept_title", "")) if isinstance(node, nodes.Element) else ""


def _visitors(name: str) -> dict[str, tuple[Any, Any]]:
    return {
        "html": (
            getattr(html, f"html_visit_{name}"),
            getattr(html, f"html_depart_{name}"),
        ),
        "latex": (
            getattr(latex, f"latex_visit_{name}"),
            getattr(latex, f"latex_depart_{name}"),
        ),
    }


def _before_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Resolve ``concepts_paths`` against the conf.py folder (the directive has no
    access to it)."""
    domain = concept_domain(env)
    domain.note_reading(docnames)
    folders = settings.concepts_config(app.config).paths
    domain.set_source_paths(
        str(Path(app.confdir, folder).resolve()) for folder in folders
    )


def _get_outdated(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],
    changed: set[str],
    removed: set[str],
) -> list[str]:
    domain = concept_domain(env)
    domain.snapshot(removed)
    # Pages whose globs match other files now: not changed themselves, so
    # Sphinx would not read them again (a new source would never appear).
    return sorted(domain.stale_globs() - removed - changed - added)


def _env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages to re-write because concepts they show changed elsewhere."""
    return sorted(concept_domain(env).affected_docs())


def setup(app: Sphinx) -> dict[str, Any]:
    # Concept text is MyST and graphs are Graphviz, but a project that did not
    # enable myst_parser or sphinx.ext.graphviz gets only what concepts need
    # (not .md files as documents, nor a stylesheet on every page).
    app.connect("config-inited", borrowed.borrow, priority=900)
    settings.register(app)
    app.add_message_catalog("sphinx_concepts", str(LOCALES))

    # Cards: the directive, its nodes and their visitors.
    app.add_directive("concept", ConceptDirective)
    app.add_enumerable_node(  # enumerable: a :name: label gets the title as text
        concept_card,
        "concept",
        _card_title,
        **_visitors("concept_card"),  # type: ignore[arg-type]
    )
    for node in (concept_heading, concept_section, concept_meta):
        app.add_node(node, **_visitors(node.__name__))  # type: ignore[arg-type]
    app.add_node(
        concept_variants,
        html=(
            variants.html_visit_concept_variants,
            variants.html_depart_concept_variants,
        ),
    )

    # References: the domain resolves, the role and see-also entries ask.
    app.add_domain(ConceptDomain)
    app.add_index_to_domain(ConceptDomain.name, wanted.ConceptWantedIndex)
    app.add_role("concept", ConceptRole())
    app.add_node(  # every link to a card: data-concept* in HTML, its page in LaTeX
        concept_reference,
        html=(
            reference_node.html_visit_concept_reference,
            reference_node.html_depart_concept_reference,
        ),
        latex=(
            reference_node.latex_visit_concept_reference,
            reference_node.latex_depart_concept_reference,
        ),
    )
    app.connect("missing-reference", on_missing_reference, priority=900)
    app.connect("warn-missing-reference", on_warn_missing_reference)

    # Reader features that need every concept: filled in at write time.
    app.add_directive("concept-list", ConceptListDirective)
    app.add_directive("concept-graph", ConceptGraphDirective)

    app.add_node(index_link.concept_index_link, **index_link.visitors())  # type: ignore[arg-type]

    # Post-transforms, in the order they run (by priority).
    app.add_post_transform(index_link.ConceptIndexLinks)  # 5: LaTeX only
    app.add_post_transform(UnresolvedReferences)  # 11: after Sphinx's resolver
    app.add_post_transform(ConceptLists)
    app.add_post_transform(ConceptGraphs)
    app.add_post_transform(Backlinks)  # 150
    app.add_post_transform(variants.VariantsAsBlocks)
    app.add_post_transform(CardsToStandardNodes)  # 200: for non-HTML/LaTeX builders

    # Exact incremental builds: snapshot, read, re-write what changed elsewhere.
    app.connect("env-get-outdated", _get_outdated)
    app.connect("env-before-read-docs", _before_read)
    app.connect("env-updated", _env_updated)
    app.connect("env-updated", register_labels)  # only for pages that are written

    # Assets and outputs: only where concepts are shown.
    app.connect("env-updated", assets.prepare_assets)
    app.connect("html-page-context", assets.link_assets)
    app.connect("html-page-context", reading.add_slot)  # the audience choice
    app.connect("build-finished", assets.copy_latex_package)
    app.connect("build-finished", write_concepts_json)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }

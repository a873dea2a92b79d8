"""Wiring: what the extension registers with Sphinx, in one place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.fileutil import copy_asset_file

from . import __version__, settings
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
from .pages.backlinks import Backlinks
from .pages.export import write_concepts_json
from .pages.graph import ConceptGraphDirective, ConceptGraphs
from .pages.lists import ConceptListDirective, ConceptLists
from .xref import wanted
from .xref.domain import ConceptDomain, concept_domain
from .xref.index import DOCNAME as INDEX_DOCNAME
from .xref.index import users_page, warn_users_page
from .xref.missing import (
    UnresolvedReferences,
    on_missing_reference,
    on_warn_missing_reference,
)
from .xref.role import ConceptRole

STATIC = Path(__file__).parent / "static"
LOCALES = Path(__file__).parent / "locales"
CSS = "sphinx-concepts.css"
#: Bump when domain data or node attributes change shape (3: the package moved
#: to subpackages, so pickled environments name classes that no longer exist).
ENV_VERSION = 3


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


def _add_static(app: Sphinx) -> None:
    builder = app.builder
    if builder.format == "html":
        app.add_css_file(CSS)
        app.add_css_file(variants.CSS)
    elif builder.format == "latex":
        app.add_latex_package(latex.LATEX_PACKAGE)


def _copy_html_assets(app: Sphinx) -> None:
    """Copy the stylesheet as the builder starts: the epub builder zips its
    output in ``finish()``, before ``build-finished``, and singlehtml skips
    ``write-started`` on Sphinx 8.0.  ``force``: a newer version of the
    extension replaces the stylesheet of an earlier build."""
    builder = app.builder
    if builder.format == "html" and builder.name not in ("json", "pickle"):
        static = Path(builder.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        copy_asset_file(STATIC / CSS, static, force=True)
        copy_asset_file(STATIC / variants.CSS, static, force=True)


def _copy_assets(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None:
        return
    builder = app.builder
    if builder.format == "latex":
        copy_asset_file(STATIC / f"{latex.LATEX_PACKAGE}.sty", Path(builder.outdir))


def _before_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Resolve ``concepts_paths`` against the conf.py folder (the directive has no
    access to it), and make ``{ref}`concept-index``` work like ``genindex``."""
    domain = concept_domain(env)
    domain.note_reading(docnames)
    folders = settings.concepts_config(app.config).paths
    domain.set_source_paths(
        str(Path(app.confdir, folder).resolve()) for folder in folders
    )
    if users_page(env, INDEX_DOCNAME):
        warn_users_page(INDEX_DOCNAME)
        return
    std = env.get_domain("std")
    std.anonlabels["concept-index"] = ("concept-index", "")  # type: ignore[attr-defined]
    std.labels["concept-index"] = (  # type: ignore[attr-defined]
        "concept-index",
        "",
        str(ConceptDomain.indices[0].localname),
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
    app.setup_extension("myst_parser")  # concept text is MyST, also in reST pages
    app.setup_extension("sphinx.ext.graphviz")  # for concept-graph
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
    app.connect("missing-reference", on_missing_reference, priority=900)
    app.connect("warn-missing-reference", on_warn_missing_reference)

    # Reader features that need every concept: filled in at write time.
    app.add_directive("concept-list", ConceptListDirective)
    app.add_directive("concept-graph", ConceptGraphDirective)

    # Post-transforms, in the order they run (by priority).
    app.add_post_transform(UnresolvedReferences)  # 11: after Sphinx's resolver
    app.add_post_transform(ConceptLists)
    app.add_post_transform(ConceptGraphs)
    app.add_post_transform(Backlinks)  # 150
    app.add_post_transform(variants.VariantsAsBlocks)
    app.add_post_transform(CardsToStandardNodes)  # 200: for non-HTML/LaTeX builders

    # Exact incremental builds: snapshot, read, re-write what changed elsewhere.
    app.connect("env-get-outdated", _get_outdated)
    app.connect("env-before-read-docs", _before_read)
    app.connect("env-before-read-docs", wanted.register_label)
    app.connect("env-updated", _env_updated)

    # Assets and outputs.
    app.connect("builder-inited", _add_static)
    app.connect("builder-inited", _copy_html_assets)
    app.connect("build-finished", _copy_assets)
    app.connect("build-finished", write_concepts_json)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }

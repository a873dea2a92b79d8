"""Stylesheets, scripts, the LaTeX package and the relation bar: only where
concepts are shown (issue 11).

A project that enables the extension without showing a concept keeps its pages,
its ``_static`` folder and its LaTeX preamble exactly as they were.  In HTML the
stylesheets are linked from the pages that show something of the extension's
(``html-page-context`` adds a file to the page being written only) and copied
once the project has any such page; so are the reading scripts and their data
(:mod:`.pages.reading`: the audience choice and previews, HTML page builders
only).  The LaTeX package comes with the first concept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.fileutil import copy_asset_file

from .cards import latex, variants
from .pages import reading
from .xref.domain import concept_domain
from .xref.role import DOMAIN

STATIC = Path(__file__).parent / "static"
CSS = "sphinx-concepts.css"
STYLESHEETS = (CSS, variants.CSS)


def _writes_static(app: Sphinx) -> bool:
    builder = app.builder
    return builder.format == "html" and builder.name not in ("json", "pickle")


def prepare_assets(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated`` (every build, after reading, before writing): copy the
    stylesheets, or add the LaTeX package, if the project shows concepts.

    Before writing because the epub builder zips its output in ``finish()``,
    and pages carry a checksum of each stylesheet they link.  ``force``: a
    newer version of the extension replaces the files of an earlier build."""
    if not concept_domain(env).has_concepts():
        return []
    if _writes_static(app):
        static = Path(app.builder.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        scripts = reading.STATIC_FILES if reading.uses_script(app.builder) else ()
        for name in (*STYLESHEETS, *scripts):
            copy_asset_file(STATIC / name, static, force=True)
        if scripts:
            reading.write_data(env, app.builder, static)
    elif app.builder.format == "latex":
        app.add_latex_package(latex.LATEX_PACKAGE)
    return []


def link_assets(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """``html-page-context``: the stylesheets and the reading scripts, on pages
    showing concepts only; the concept indices in the relation bar only with
    ``concepts_index_in_relbar``."""
    if not app.config.concepts_index_in_relbar and "rellinks" in context:
        # A new list: the page context shares the builder's.
        context["rellinks"] = [
            link
            for link in context["rellinks"]
            if not str(link[0]).startswith(f"{DOMAIN}-")
        ]
    if doctree is None:
        return  # generated pages (indices, search) show no card
    domain = concept_domain(app.env)
    if app.builder.name == "singlehtml":
        shown = domain.has_concepts()  # one page holds every document
    else:
        shown = domain.shows_concepts(pagename)
    if shown:
        for name in STYLESHEETS:
            app.add_css_file(name)
        reading.link_assets(app)


def copy_latex_package(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "latex":
        return
    if concept_domain(app.env).has_concepts():
        copy_asset_file(
            STATIC / f"{latex.LATEX_PACKAGE}.sty", Path(app.builder.outdir), force=True
        )

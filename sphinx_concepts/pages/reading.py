"""Reading for one's own audience, in HTML: what the reading script needs.

``static/sphinx-concepts-reading.js`` gives readers an audience choice and
previews of the cards that concept links lead to.  Everything it knows comes
from the build:

* each concept link says what it asked for (``data-concept*`` attributes, see
  :mod:`..xref.reference_node`); each card says whom it is for;
* ``_static/sphinx-concepts-data.js``, written once per build from the domain
  (as ``concepts.json`` is, so it describes the whole project also after
  incremental and parallel builds; written before the pages, which link it with
  Sphinx's checksum): every card's preview, and for every
  (concept, role) that a link asks for without an audience, where each audience's
  variant is.  The resolver decides those targets here, so the script holds no
  rule of its own.  A script, not JSON: browsers refuse ``fetch`` of ``file://``
  URLs, and the site must work opened from disk;
* an empty ``concept-audience-slot`` at the top of each page with concepts,
  whose space the stylesheet reserves while scripts run, so the choice the
  script puts there moves nothing (the concept index, whose template belongs to
  the theme, reserves it under its letter bar: ``sphinx-concepts-index.css``).
"""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.locale import get_translation

from .. import __version__
from ..compat import builder_of
from ..core.config import ConceptsConfig
from ..core.names import normalize
from ..core.plaintext import shorten
from ..core.wording import EVERYONE, WRITTEN_FOR, byline
from ..settings import concepts_config
from ..xref.domain import ConceptDomain, choice_offered, concept_domain
from ..xref.index import ConceptIndex
from ..xref.links import site_url

_ = get_translation("sphinx_concepts")

SCRIPT = "sphinx-concepts-reading.js"
CHOICE_SCRIPT = "sphinx-concepts-choice.js"
CSS = "sphinx-concepts-reading.css"
INDEX_CSS = "sphinx-concepts-index.css"
DATA = "sphinx-concepts-data.js"
#: What the builder copies to ``_static`` (the data is written per build).
STATIC_FILES = (SCRIPT, CHOICE_SCRIPT, CSS, INDEX_CSS)
#: Builders whose pages run the script: not e-books, nor json/pickle.
BUILDERS = ("html", "dirhtml", "singlehtml")
#: The concept index page's name.
INDEX_PAGE = f"concept-{ConceptIndex.name}"
#: Bump when the shape of the data changes incompatibly.
FORMAT_VERSION = 1
#: A concept list in a page's HTML (only tags have unescaped quotes).
_LIST = re.compile(r'class="(?:[^"]* )?concept-list[ "]')
#: Previews are short: a summary longer than this is cut at a word.
PREVIEW_CHARS = 320


def enabled(config: ConceptsConfig) -> bool:
    return config.audience_choice or config.previews


def uses_script(builder: Builder) -> bool:
    return builder.name in BUILDERS and enabled(concepts_config(builder.config))


def audience_labels(
    domain: ConceptDomain, config: ConceptsConfig
) -> list[dict[str, str]]:
    """Each audience, normalised, with the name readers see: the default
    audience first, then in document order."""
    labels = {normalize(name): label for name, label in config.audience_labels.items()}
    default = normalize(config.default_target_audience or "")
    found = sorted(domain.audiences(), key=lambda item: item[0] != default)
    return [{"key": key, "label": labels.get(key, written)} for key, written in found]


def _routes(domain: ConceptDomain, builder: Builder) -> dict[str, Any]:
    """name -> role -> audience -> URL of the card a link that names the concept
    (and role) but no audience leads to once the reader chose that audience;
    only where that is not where the link leads anyway."""
    lookup = domain.lookup
    asked = {
        (ref.query[0], ref.query[1])
        for refs in domain.refs.values()
        for ref in refs
        if not ref.query[2]
    }
    asked.update((name, "") for name, found in lookup.by_name.items() if found)
    routes: dict[str, Any] = {}
    for name, role in sorted(asked):
        default = lookup.resolve((name, role, ""))
        if default is None:
            continue
        for audience, _written in domain.audiences():
            found = lookup.resolve((name, role, audience))
            if found is None or found is default or found.key[2] != audience:
                continue
            routes.setdefault(name, {}).setdefault(role, {})[audience] = site_url(
                builder, found.docname, found.anchor
            )
    return routes


def reading_data(domain: ConceptDomain, builder: Builder) -> dict[str, Any]:
    config = concepts_config(builder.config)
    cards = {}
    for entry in domain.all_variants():
        card = {
            "t": entry.title,
            "a": entry.key[2],
            "m": byline(entry.specialist_role, entry.target_audience, _),
            "s": shorten(entry.summary, PREVIEW_CHARS),
        }
        if config.preview_question and entry.first_question:
            card["q"] = shorten(entry.first_question, PREVIEW_CHARS)
        cards[site_url(builder, entry.docname, entry.anchor)] = card
    offered = config.audience_choice and choice_offered(domain.audiences())
    return {
        "version": FORMAT_VERSION,
        "choice": offered,
        "previews": config.previews,
        "default": normalize(config.default_target_audience or ""),
        "audiences": audience_labels(domain, config) if offered else [],
        "cards": cards,
        "routes": _routes(domain, builder) if offered else {},
        "text": {
            "readingAs": str(_("Reading as:")),
            "anyAudience": str(_("Any audience (as written)")),
            "onlyChosen": str(_("Only explanations for this audience")),
            "shown": str(_("%(shown)d of %(total)d shown")),
            # What a link that cannot follow the reader says, as links whose
            # author named such an audience say it without scripts.
            "fallback": str(_(WRITTEN_FOR)),
            "question": str(_("Question:")),
            "everyone": str(_(EVERYONE)),
        },
    }


def script_text(data: dict[str, Any]) -> str:
    """The data as a script.  JSON is JavaScript; ``ensure_ascii`` leaves no
    line separator or byte of another encoding, and ``<\\/`` keeps the text
    inert should anyone paste it into a page."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    text = text.replace("</", "<\\/")
    return (
        "/* Written by sphinx-concepts for sphinx-concepts-reading.js. */\n"
        f"window.sphinxConceptsData = {text};\n"
    )


def write_data(env: BuildEnvironment, builder: Builder, static: Path) -> None:
    """Write the data once every page is read and before any is written: pages
    link it with Sphinx's checksum of the file as it is then."""
    data = reading_data(concept_domain(env), builder)
    (static / DATA).write_text(script_text(data), encoding="utf-8")


def link_assets(app: Sphinx) -> None:
    """The reading scripts and their styles, on the page being written: the
    data and the script deferred (the choice script, which must run before the
    page is painted, stands first in the page's body: :func:`add_slot`)."""
    if uses_script(app.builder):
        app.add_css_file(CSS)
        app.add_js_file(DATA, loading_method="defer")
        app.add_js_file(SCRIPT, loading_method="defer")


def add_slot(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Reserve the audience choice's place on pages with concepts."""
    domain = concept_domain(app.env)
    # Cheapest test first: this runs for every page of every project.
    if not domain.has_concepts():
        return
    builder = builder_of(app.env)
    if not uses_script(builder) or not concepts_config(app.config).audience_choice:
        return
    if not choice_offered(domain.audiences()):
        return
    if pagename == INDEX_PAGE:
        # The theme's template: no room in the body, the letter bar keeps it.
        link_assets(app)
        app.add_css_file(INDEX_CSS)
        app.add_js_file(CHOICE_SCRIPT)
        return
    if doctree is None or not isinstance(context.get("body"), str):
        return
    # A single-page build shows every document on its one page.
    if builder.name == "singlehtml":
        shown = domain.has_concepts()
    else:
        shown = domain.shows_concepts(pagename)
    if not shown:
        return
    lists = _LIST.search(context["body"]) is not None
    # An ordinary script, first in the body: it runs before anything below it
    # is painted.  Versioned by the extension's release, not by a checksum of
    # the build, so a page is the same whichever build wrote it.
    script = f"{context['pathto'](f'_static/{CHOICE_SCRIPT}', 1)}?v={__version__}"
    classes = "concept-audience-slot" + (
        " concept-audience-slot-filter" if lists else ""
    )
    context["body"] = (
        f'<div class="{classes}"><script src="{escape(script)}"></script></div>\n'
        + context["body"]
    )

"""What concepts borrow from myst-parser and ``sphinx.ext.graphviz`` without
switching either on for the project (issue 11: a drop-in changes nothing it
did not ask for).

Concept text is MyST, also in a reStructuredText project, and ``concept-graph``
draws with Graphviz.  But setting up ``myst_parser`` makes every ``.md`` file in
the tree a document (a README.md, a CHANGELOG.md, concept sources), and setting
up ``sphinx.ext.graphviz`` adds ``graphviz.css`` to every page.  So once every
extension is set up (``config-inited``), for each of the two that neither the
project nor another extension loaded, this registers only what concepts use:

- myst-parser: its ``myst_*`` config values (so ``conf.py`` still configures
  concept text), ``env.myst_config`` built by myst-parser's own function, and
  its resolver for MyST links inside concept text.  Not the ``.md`` source
  parser, nor the node-visitor overrides and transforms that would change the
  project's own pages; nor the ``figure-md`` directive and ``sub-ref`` role,
  whose imports cost every build (documented as needing ``myst_parser``).
- Graphviz: the ``graphviz`` node's visitors and the three ``graphviz_*``
  config values; no directives, no stylesheet (``sphinx-concepts.css`` styles
  concept graphs).

Where the project did load them, they are used as they are.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from .cards.nodes import concept_card
from .compat import builder_name, current_docname
from .tree import find_blocks
from .xref.domain import concept_domain

logger = logging.getLogger(__name__)

#: A config value myst-parser registers (4.0 and 5.x) when its Sphinx side is set up.
MYST_MARKER = "myst_enable_extensions"
GRAPHVIZ = "sphinx.ext.graphviz"


def borrow(app: Sphinx, config: Config) -> None:
    """``config-inited``: every extension is set up; borrow what is missing."""
    if MYST_MARKER not in config:
        _borrow_myst(app)
    if GRAPHVIZ not in app.extensions:
        _borrow_graphviz(app)


def _borrow_myst(app: Sphinx) -> None:
    # myst_parser.config is light; its Sphinx module would import the whole
    # renderer (markdown-it, mdit plugins, requests) into every reST build.
    from myst_parser.config.main import MdParserConfig

    for name, default, field in MdParserConfig().as_triple():
        if _configurable(field):
            app.add_config_value(f"myst_{name}", default, "env", types=Any)
    app.connect("builder-inited", _myst_config)
    app.add_post_transform(ConceptTextReferences)


def _configurable(field: Any) -> bool:
    return "sphinx" not in field.metadata.get("omit", [])


def _myst_config(app: Sphinx) -> None:
    """``env.myst_config`` from the ``myst_*`` values, as myst-parser builds it
    (``create_myst_config``), where the concept renderer looks for it."""
    from myst_parser.config.main import MdParserConfig

    values = {
        name: app.config[f"myst_{name}"]
        for name, _default, field in MdParserConfig().as_triple()
        if _configurable(field)
    }
    try:
        config = MdParserConfig(**values)
    except (TypeError, ValueError) as error:
        logger.error("myst configuration invalid: %s", error.args[0])
        config = MdParserConfig()
    app.env.myst_config = config  # type: ignore[attr-defined]


class ConceptTextReferences(SphinxPostTransform):
    """MyST links inside concept text (``[text](page.rst)``, ``[text](#label)``),
    resolved by myst-parser's own resolver in a project without ``myst_parser``.

    Only concept text makes such references there, so pages without concepts
    are skipped before anything is walked or imported."""

    default_priority = 9  # myst-parser's MystReferenceResolver

    def run(self, **kwargs: Any) -> None:
        domain = concept_domain(self.env)
        if builder_name(self.env) == "singlehtml":
            shown = domain.has_concepts()  # one tree holds every page
        else:
            shown = domain.shows_concepts(current_docname(self.env))
        if not shown:
            return
        # Concept text is inside cards: look there only, not at every node.
        cards = find_blocks(self.document, concept_card)
        if not any(True for card in cards for _ in card.findall(_myst_xref)):
            return
        from myst_parser.sphinx_ext.myst_refs import MystReferenceResolver

        MystReferenceResolver(self.document).apply()


def _myst_xref(node: nodes.Node) -> bool:
    return isinstance(node, pending_xref) and node.get("reftype") == "myst"


def _borrow_graphviz(app: Sphinx) -> None:
    from sphinx.ext import graphviz as gv

    # override: an earlier Sphinx application in this process (tests, the
    # check command) may have registered the node already.
    app.add_node(
        gv.graphviz,
        override=True,
        html=(gv.html_visit_graphviz, None),
        latex=(gv.latex_visit_graphviz, None),
        texinfo=(gv.texinfo_visit_graphviz, None),
        text=(gv.text_visit_graphviz, None),
        man=(gv.man_visit_graphviz, None),
    )
    app.add_config_value("graphviz_dot", "dot", "html", types=frozenset({str}))
    app.add_config_value(
        "graphviz_dot_args", (), "html", types=frozenset({list, tuple})
    )
    app.add_config_value(
        "graphviz_output_format", "png", "html", types=frozenset({str})
    )

"""``{ref}`concept-index``` in the PDF: a link to the concept index, with its
page number (issue 11).

The LaTeX writer prints domain indices at the end of the book without a label,
so Sphinx's own resolution of the ``concept-index`` label leaves the bare text.
Before Sphinx resolves references, such a reference becomes a
``concept_index_link``; its LaTeX names the index (escaped as the writer
escapes the index heading), and ``sphinxconcepts.sty`` puts the label at the
first letter group of the index with that heading.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..compat import builder_of
from ..core.problems import Subtype
from ..report import warn
from .domain import ConceptDomain, concept_domain
from .index import DOCNAME as INDEX

if TYPE_CHECKING:
    from sphinx.writers.latex import LaTeXTranslator

#: The LaTeX label of the concept index (set by sphinxconcepts.sty).
LABEL = "sphinxconcepts:index"


class concept_index_link(nodes.Inline, nodes.TextElement):
    """A link to the concept index of the book (LaTeX only)."""


class ConceptIndexLinks(SphinxPostTransform):
    """Turn ``{ref}`concept-index``` into a link to the book's concept index."""

    default_priority = 5  # before Sphinx's ReferencesResolver (10)
    builders = ("latex",)

    def run(self, **kwargs: Any) -> None:
        refs = [
            node
            for node in self.document.findall(pending_xref)
            if node.get("refdomain") == "std"
            and node.get("reftype") == "ref"
            and str(node.get("reftarget", "")).lower() == INDEX
        ]
        if not refs:
            return
        std = self.env.get_domain("std")
        label = std.labels.get(INDEX)  # type: ignore[attr-defined]
        if label is None or label[0] != INDEX:
            return  # no concepts (Sphinx warns), or the project's own label
        title = str(ConceptDomain.indices[0].localname)
        in_book = self._index_in_book()
        for node in refs:
            text = node.astext() if node.get("refexplicit") else title
            if not in_book:
                warn(
                    "the concept index is not in this document "
                    "(see latex_domain_indices); the reference is shown as text",
                    Subtype.REF,
                    node,
                )
                node.replace_self(nodes.inline(text, text))
                continue
            link = concept_index_link(text, text, indexname=title)
            link.source, link.line = node.source, node.line
            node.replace_self(link)

    def _index_in_book(self) -> bool:
        """Whether the LaTeX writer prints a concept index for this book."""
        setting = self.config.latex_domain_indices
        if not setting or (not isinstance(setting, bool) and INDEX not in setting):
            return False
        builder = builder_of(self.env)
        index = ConceptDomain.indices[0](concept_domain(self.env))
        content, _collapse = index.generate(getattr(builder, "docnames", None))
        return bool(content)


def latex_visit_concept_index_link(
    self: LaTeXTranslator, node: concept_index_link
) -> None:
    name = self.escape(str(node["indexname"]))
    self.body.append(
        rf"\sphinxConceptIndexName{{{name}}}"
        rf"{{\hyperref[{LABEL}]{{\sphinxcrossref{{"
    )


def latex_depart_concept_index_link(
    self: LaTeXTranslator, node: concept_index_link
) -> None:
    self.body.append(rf"}}}} ({self.hyperpageref(LABEL)})}}")


def visitors() -> dict[str, tuple[Any, Any]]:
    return {
        "latex": (
            cast(Any, latex_visit_concept_index_link),
            cast(Any, latex_depart_concept_index_link),
        )
    }

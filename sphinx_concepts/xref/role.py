"""Concept references: the ``concept`` role and the pending nodes it (and every
see-also entry) leaves for the domain to resolve."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole

from ..core.names import ConceptQuery, TargetKind, classify_target

DOMAIN = "concept"
OBJTYPE = "concept"


def concept_xref(
    query: ConceptQuery, target: str, content: nodes.Node, *, explicit: bool
) -> addnodes.pending_xref:
    """A pending reference to the variant of a concept that ``query`` asks for.

    The query travels as plain attributes so the domain resolves it without
    parsing anything again; ``reftarget`` keeps what the author wrote.
    """
    return addnodes.pending_xref(
        "",
        content,
        refdomain=DOMAIN,
        reftype=OBJTYPE,
        reftarget=target,
        refexplicit=explicit,
        refwarn=True,
        concept=query.concept,
        specialist_role=query.specialist_role or "",
        target_audience=query.target_audience or "",
    )


def query_of(node: nodes.Element) -> ConceptQuery:
    """The query a pending reference carries (also for foreign pending_xrefs)."""
    if node.get("concept"):
        return ConceptQuery(
            node["concept"],
            node.get("specialist_role") or None,
            node.get("target_audience") or None,
        )
    target = classify_target(str(node.get("reftarget", "")))
    if target.kind is TargetKind.CONCEPT and target.query is not None:
        return target.query
    return ConceptQuery(str(node.get("reftarget", "")))


class ConceptRole(XRefRole):
    """``{concept}`name```, ``{concept}`text <name>```, targets may be queries."""

    def __init__(self) -> None:
        super().__init__(innernodeclass=nodes.inline, warn_dangling=True)

    def process_link(
        self,
        env: BuildEnvironment,
        refnode: nodes.Element,
        has_explicit_title: bool,
        title: str,
        target: str,
    ) -> tuple[str, str]:
        classified = classify_target(target)
        query = classified.query or ConceptQuery(target)
        refnode["refdomain"] = DOMAIN
        refnode["reftype"] = OBJTYPE
        refnode["concept"] = query.concept
        refnode["specialist_role"] = query.specialist_role or ""
        refnode["target_audience"] = query.target_audience or ""
        if classified.kind in (TargetKind.URL, TargetKind.UNSAFE, TargetKind.INVALID):
            refnode["concept_invalid"] = classified.reason or "not a concept name"
        return title, target

"""References that did not ask for a concept: the ``any`` role (also as
``default_role = "any"``) and MyST links like ``[text](name)`` (issue 11).

Sphinx and myst-parser ask every domain for such a reference and warn when
more than one answers.  A concept named like one of the project's pages,
labels or objects would turn the project's working references into ambiguity
warnings (and fail a ``-W`` build the day concepts are added).  So concepts
take part only when the project opts in (``concepts_implicit_references``), and
then only where nothing of the project's own answers: the project's target
always wins, silently.
"""

from __future__ import annotations

from docutils import nodes
from docutils.nodes import Element
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from .role import DOMAIN


def project_answers(
    env: BuildEnvironment,
    fromdocname: str,
    builder: Builder,
    target: str,
    node: pending_xref,
    contnode: Element,
) -> bool:
    """Whether a page, label or object of the project (any other domain) answers
    the reference: what Sphinx's ``any`` resolution and myst-parser's would
    find besides concepts.  Asked only when a concept matches the name."""
    domains = _searched(env, node)
    with logging.suppress_logging():  # probing: the real resolution reports
        std = env.get_domain("std")
        if "std" in domains:
            if std.resolve_any_xref(
                env, fromdocname, builder, target, node, contnode.deepcopy()
            ):
                return True
            doc = std.resolve_xref(
                env, fromdocname, builder, "doc", target, node, contnode.deepcopy()
            )
            if doc is not None:
                return True
        for domain in env.domains.values():
            if domain.name in ("std", DOMAIN) or domain.name not in domains:
                continue
            found = _domain_answers(
                domain, env, fromdocname, builder, target, node, contnode
            )
            if found:
                return True
    return False


def _searched(env: BuildEnvironment, node: pending_xref) -> set[str]:
    """The domains the reference is resolved in: all of them, except that a
    project may limit MyST links with ``myst_ref_domains``."""
    names = {domain.name for domain in env.domains.values()}
    if node.get("reftype") == "myst":
        limited = getattr(env.config, "myst_ref_domains", None)
        if limited is not None:
            return names & {str(name).split(":")[0] for name in limited}
    return names


def _domain_answers(
    domain: Domain,
    env: BuildEnvironment,
    fromdocname: str,
    builder: Builder,
    target: str,
    node: pending_xref,
    contnode: Element,
) -> bool:
    try:
        return bool(
            domain.resolve_any_xref(
                env, fromdocname, builder, target, node, contnode.deepcopy()
            )
        )
    except NotImplementedError:
        # As Sphinx does for domains without resolve_any_xref: every role.
        for role in domain.roles:
            found = domain.resolve_xref(
                env, fromdocname, builder, role, target, node, contnode.deepcopy()
            )
            if isinstance(found, nodes.Element):
                return True
        return False

"""The std labels of the generated pages, ``concept-index`` and
``concept-wanted`` (so ``{ref}`concept-index``` works like ``genindex``).

Set after reading, when the whole project is known, and only when the page
will be written: a project without concepts gets no ``concept-index`` entry in
its ``objects.inv`` pointing at a page that does not exist (issue 11).  A label
the project defined itself under the same name is left alone, and so is a page
of its own with that name: the generated page is then not written, which is
worth a warning only when there would have been one (a project without
concepts is told nothing).
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.domains.std import StandardDomain
from sphinx.environment import BuildEnvironment

from ..settings import concepts_config
from .domain import ConceptDomain, concept_domain
from .index import DOCNAME as INDEX
from .index import users_page, warn_users_page
from .wanted import DOCNAME as WANTED
from .wanted import ConceptWantedIndex, wanted_concepts


def register_labels(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: label the pages that this build will write."""
    domain = concept_domain(env)
    std = env.get_domain("std")
    assert isinstance(std, StandardDomain)
    title = str(ConceptDomain.indices[0].localname)
    _label(env, std, INDEX, title, bool(domain.lookup.winners))
    wanted = concepts_config(app.config).wanted_page and bool(wanted_concepts(domain))
    _label(env, std, WANTED, str(ConceptWantedIndex.localname), wanted)
    return []


def _label(
    env: BuildEnvironment, std: StandardDomain, name: str, title: str, written: bool
) -> None:
    current = std.labels.get(name)
    if current is not None and current[0] != name:
        return  # the project's own label of that name
    if written and users_page(env, name):
        warn_users_page(name)
        written = False
    if written:
        std.anonlabels[name] = (name, "")
        std.labels[name] = (name, "", title)
    else:
        std.anonlabels.pop(name, None)
        std.labels.pop(name, None)

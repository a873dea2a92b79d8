"""The one way the Sphinx layer reports problems: ``concept.<subtype>`` warnings.

Every warning has a location, so ``suppress_warnings = ["concept.ref"]`` and
editors' problem matchers work.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util import logging

from .core.model import Location
from .core.problems import Problem, Subtype
from .core.safe_text import visible

logger = logging.getLogger("sphinx_concepts")

#: What Sphinx accepts as a location: a node, (docname, line), or "path:line".
Where = nodes.Node | tuple[str, int | None] | str


def where(location: Location) -> str:
    """A source-file location as Sphinx prints it."""
    text = str(location)
    # Sphinx takes a location without ":" for a docname and appends a suffix
    # ("huge.yaml.rst"); "path:" is its own form for a file without a line.
    return text if ":" in text else f"{text}:"


def warn(message: str, subtype: Subtype, location: Where) -> None:
    # Messages quote sources: what a terminal would run is shown as escapes.
    if isinstance(location, str):
        location = visible(location)
    logger.warning(
        visible(message), type="concept", subtype=subtype.value, location=location
    )


def warn_problem(problem: Problem) -> None:
    """Report a problem found by the pure core."""
    warn(problem.message, problem.subtype, where(problem.location))

"""``sphinx-concepts check <folder with conf.py>``: what a build would see
(issue 11).

A documentation folder holds pages, build output and configuration beside the
concept sources, and the pages' ``concept`` directives give options (a
``:target-audience:``) that the sources do not.  Guessing which files are
sources, and with which options, cannot match the build; running it can.  So
this runs Sphinx's read and resolve phases for the project with the ``dummy``
builder (it writes nothing; output and doctrees go to a temporary folder),
with ``concepts_warn_fallback`` on, and returns every ``concept.*`` warning of
that build and the source files the directives read (for the checks a build
does not make: the JSON Schema, placeholders).

The command line imports this module only for such folders (from
:func:`.checks.check`): its other commands, and checking plain files, never
import Sphinx.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

from ..core.model import Location
from ..core.problems import Problem, Severity, Subtype
from ..xref.domain import concept_domain
from .discovery import shown

#: ``<location>: WARNING: <message> [concept.<subtype>]``, as Sphinx prints it.
_WARNING = re.compile(
    r"^(?:(?P<where>.*?): )?(?P<level>WARNING|ERROR|CRITICAL): "
    r"(?P<message>.*) \[concept\.(?P<subtype>[a-z_]+)\]$"
)


_COLOURS = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class ProjectResult:
    """What the build saw."""

    problems: list[Problem] = field(default_factory=list)
    sources: list[Path] = field(default_factory=list)  # read by directives
    variants: int = 0  # concept variants rendered


def check_project(folder: Path) -> ProjectResult:
    """Build ``folder`` with the dummy builder and collect what concerns concepts."""
    warnings = StringIO()
    with (
        tempfile.TemporaryDirectory(prefix="sphinx-concepts-check-") as tmp,
        # As sphinx-build does: directives, roles and nodes registered for this
        # build are forgotten after it (the caller may build again in-process).
        patch_docutils(str(folder)),
        docutils_namespace(),
    ):
        try:
            app = Sphinx(
                srcdir=str(folder),
                confdir=str(folder),
                outdir=str(Path(tmp, "out")),
                doctreedir=str(Path(tmp, "doctrees")),
                buildername="dummy",
                confoverrides={"concepts_warn_fallback": True},
                status=StringIO(),
                warning=warnings,
                freshenv=True,
            )
            if "sphinx_concepts" not in app.extensions:
                return ProjectResult(
                    [
                        Problem(
                            "the project does not enable sphinx_concepts "
                            "(add it to extensions in conf.py)",
                            Location(str(folder / "conf.py"), 1),
                            severity=Severity.ERROR,
                        )
                    ]
                )
            app.build(force_all=True)
        except Exception as error:  # SphinxError, or whatever conf.py raises
            return ProjectResult(
                [
                    Problem(
                        f"the Sphinx build failed: {error}",
                        Location(str(folder / "conf.py"), 1),
                        severity=Severity.ERROR,
                    )
                ]
            )
        domain = concept_domain(app.env)
        sources = sorted({Path(p) for paths in domain.sources.values() for p in paths})
        variants = sum(len(entries) for entries in domain.entries.values())
    text = _COLOURS.sub("", warnings.getvalue())
    return ProjectResult(_parse(text), [shown(p) for p in sources], variants)


def _parse(text: str) -> list[Problem]:
    """The ``concept.*`` warnings, each once, in the order Sphinx gave them."""
    problems: dict[Problem, None] = {}
    for line in text.splitlines():
        match = _WARNING.match(line.strip())
        if match is None:
            continue
        try:
            subtype = Subtype(match["subtype"])
        except ValueError:
            continue
        severity = Severity.WARNING if match["level"] == "WARNING" else Severity.ERROR
        problem = Problem(
            match["message"], _location(match["where"] or ""), subtype, severity
        )
        problems[problem] = None
    return list(problems)


def _location(where: str) -> Location:
    path, _, line = where.rpartition(":")
    if path and (line.isdigit() or not line):
        return Location(str(shown(Path(path))), int(line or 0))
    return Location(str(shown(Path(where))) if where else "")

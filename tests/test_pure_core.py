"""The pure layers import no Sphinx and no docutils (STYLE: layers).

Every module under ``core/`` and ``sources/``, and the command line, is
imported in a fresh interpreter and used; afterwards no ``sphinx`` or
``docutils`` module may be loaded.  The folders are walked, so a new module is
checked without anyone adding it to a list.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import sphinx_concepts

PACKAGE = Path(sphinx_concepts.__file__).parent
PURE_FOLDERS = ("core", "sources")


def pure_modules() -> list[str]:
    names = ["sphinx_concepts.cli"]
    for folder in PURE_FOLDERS:
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
            names.append(".".join(p for p in parts if p != "__init__"))
    return names


PROBE = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
# Using the modules must not pull Sphinx in lazily either.
from sphinx_concepts.cli import main
from sphinx_concepts.sources.schema import load_schema, schema_problems
from sphinx_concepts.sources.writers import to_markdown, to_yaml
from sphinx_concepts.sources.markdown_format import read_markdown
source = "## Concept: Gradient Descent\\n\\nDownhill.\\n"
concept = read_markdown(source, "x.md").concepts[0]
to_yaml([concept]), to_markdown(concept), load_schema()
schema_problems("concept: A\\nsummary: [1]\\n", "a.yaml", ".yaml")
top = {m.split(".")[0] for m in sys.modules} - {"sphinx_concepts"}
heavy = sorted(m for m in top if m.startswith(("sphinx", "docutils")))
print(json.dumps(heavy))
"""


def test_the_walk_finds_the_pure_modules() -> None:
    names = pure_modules()
    for expected in (
        "sphinx_concepts.core.resolver",
        "sphinx_concepts.sources.markdown_format",
        "sphinx_concepts.sources.writers",
    ):
        assert expected in names


def test_pure_modules_import_no_sphinx() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *pure_modules()],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []

"""The pure layers import no Sphinx and no docutils (STYLE: layers).

Every module under ``core/``, ``sources/`` and ``cli/`` is imported in a fresh
interpreter and used, and every command runs on plain source files; afterwards
no ``sphinx`` or ``docutils`` module may be loaded.  The folders are walked, so
a new module is checked without anyone adding it to a list.  The one exception
is ``cli/project.py``, which builds a Sphinx project: the command imports it
only when a folder with a ``conf.py`` is checked.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import sphinx_concepts

PACKAGE = Path(sphinx_concepts.__file__).parent
PURE_FOLDERS = ("core", "sources", "cli")
SPHINX_USING = {"sphinx_concepts.cli.project"}


def pure_modules() -> list[str]:
    names = []
    for folder in PURE_FOLDERS:
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
            names.append(".".join(p for p in parts if p != "__init__"))
    return [name for name in names if name not in SPHINX_USING]


PROBE = """
import contextlib, importlib, io, json, sys, tempfile
from pathlib import Path
for name in sys.argv[1:]:
    importlib.import_module(name)
# Using the modules must not pull Sphinx in lazily either.
from sphinx_concepts.cli import main
with tempfile.TemporaryDirectory() as tmp, contextlib.redirect_stdout(io.StringIO()):
    md, yml = str(Path(tmp, "gd.md")), str(Path(tmp, "gd.yaml"))
    assert main(["new", "Gradient Descent", "-o", md]) == 0
    assert main(["convert", md, "--to", "yaml", "-o", yml]) == 0
    assert main(["check", tmp]) == 0 and main(["check", yml, "--format", "json"]) == 0
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
        "sphinx_concepts.cli",
        "sphinx_concepts.cli.checks",
    ):
        assert expected in names
    assert "sphinx_concepts.cli.project" not in names


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

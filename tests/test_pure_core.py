"""The pure core imports no Sphinx and no docutils (STYLE: layers)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).parents[1] / "src"
PURE_MODULES = [
    "model",
    "names",
    "problems",
    "located_yaml",
    "data_format",
    "markdown_format",
    "loading",
    "writers",
    "cli",
    "config",
    "plaintext",
    "source_files",
]

PROBE = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(f"sphinx_concepts.{name}")
# Using the modules must not pull Sphinx in lazily either.
from sphinx_concepts.cli import main, load_schema
from sphinx_concepts.writers import to_markdown, to_yaml
from sphinx_concepts.markdown_format import read_markdown
source = "## Concept: Gradient Descent\\n\\nDownhill.\\n"
concept = read_markdown(source, "x.md").concepts[0]
to_yaml([concept]), to_markdown(concept), load_schema()
top = {m.split(".")[0] for m in sys.modules} - {"sphinx_concepts"}
heavy = sorted(m for m in top if m.startswith(("sphinx", "docutils")))
print(json.dumps(heavy))
"""


def test_pure_modules_import_no_sphinx() -> None:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *PURE_MODULES],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []

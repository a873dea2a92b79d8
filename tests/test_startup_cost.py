"""Enabling the extension costs nothing where no concept is shown (issue 12).

Not a timer: the heavy modules that reading and rendering concepts need
(PyYAML, jsonschema, Jinja2 writers, our readers and renderer) must not even be
imported by a build of a project that shows no concept.  ``bench/startup.py``
and the drop-in arm of ``bench/run.py`` measure what that buys.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from build_helpers import write_project

PROBE = """
import json, sys
from sphinx.cmd.build import build_main
code = build_main(["-q", "-b", "html", sys.argv[1], sys.argv[2]])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""

#: Imported only once a concept is read or rendered (or the CLI needs them).
#: (PyYAML is not listed: myst-parser imports it for every MyST project.)
HEAVY = (
    "jsonschema",
    "sphinx_concepts.sources.markdown_format",
    "sphinx_concepts.sources.data_format",
    "sphinx_concepts.sources.writers",
    "sphinx_concepts.cards.myst_text",
    "sphinx_concepts.cards.card",
)


def modules_after_build(srcdir: Path, outdir: Path) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(srcdir), str(outdir)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["code"] == 0, done.stderr
    return list(report["modules"])


def test_a_project_without_concepts_never_imports_the_readers(tmp_path: Path) -> None:
    srcdir = write_project(
        tmp_path / "src",
        {
            "conf.py": 'extensions = ["myst_parser", "sphinx_concepts"]\n',
            "index.md": "# Plain\n\nNo concept here.\n\n```python\nprint(1)\n```\n",
        },
    )
    loaded = modules_after_build(srcdir, tmp_path / "out")
    assert "sphinx_concepts.extension" in loaded  # it was enabled
    assert [name for name in HEAVY if name in loaded] == []


def test_the_first_concept_brings_them(tmp_path: Path) -> None:
    """The probe itself can fail: with a concept, the readers are imported."""
    srcdir = write_project(
        tmp_path / "src",
        {
            "conf.py": 'extensions = ["myst_parser", "sphinx_concepts"]\n',
            "index.md": "# One\n\n```{concept} Latency\nThe wait for an answer.\n```\n",
        },
    )
    loaded = modules_after_build(srcdir, tmp_path / "out")
    assert "sphinx_concepts.sources.markdown_format" in loaded
    assert "sphinx_concepts.cards.myst_text" in loaded

"""Building a small project written as a dict of files, for tests.

    files = {"conf.py": CONF, "index.md": "# Home\n", "c/a.yaml": "concept: A\n"}
    src = write_project(tmp_path / "src", files)
    result = build(src)
    soup = result.soup("index")
    assert not result.concept_warnings()

``build`` runs a real Sphinx build (:class:`sphinx.testing.util.SphinxTestApp`) with
the output in ``<src>/_build/<builder>`` and the doctrees in ``<src>/_build/doctrees``,
so building the same folder twice is an incremental build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

#: A ``conf.py`` enabling the extension; append settings to it.
CONF = (
    'extensions = ["myst_parser", "sphinx_concepts"]\nexclude_patterns = ["_build"]\n'
)


def write_project(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (relative path -> text or bytes) under ``root``; text is
    written as UTF-8 with ``\\n`` line endings, exactly as given."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
    if "conf.py" not in files and not (root / "conf.py").exists():
        (root / "conf.py").write_text(CONF, encoding="utf-8")
    return root


@dataclass
class BuildResult:
    """What one build produced, with the streams already read."""

    app: SphinxTestApp
    status: str
    warnings: str

    @property
    def outdir(self) -> Path:
        return Path(self.app.outdir)

    def html(self, docname: str) -> str:
        return (self.outdir / f"{docname}.html").read_text(encoding="utf-8")

    def soup(self, docname: str) -> BeautifulSoup:
        return BeautifulSoup(self.html(docname), "html.parser")

    def warning_lines(self) -> list[str]:
        """Warnings one per line, with the source folder spelled ``<src>`` so two
        copies of a project report the same text."""
        text = self.warnings.replace(str(self.app.srcdir), "<src>")
        return [line for line in text.splitlines() if line.strip()]

    def concept_warnings(self) -> list[str]:
        return [line for line in self.warning_lines() if "[concept." in line]

    def read_docs(self) -> set[str]:
        """The docnames Sphinx says it read ("reading sources... [..] name")."""
        found = set()
        for line in self.status.splitlines():
            match = re.search(r"reading sources\.\.\. \[[^\]]*\] (\S+)", line)
            if match:
                found.add(match.group(1))
        return found


def build(
    srcdir: Path,
    buildername: str = "html",
    *,
    freshenv: bool = False,
    parallel: int = 0,
    confoverrides: dict[str, Any] | None = None,
    builddir: Path | None = None,
) -> BuildResult:
    """One real build of ``srcdir``; never raises for warnings."""
    status, warning = StringIO(), StringIO()
    app = SphinxTestApp(
        buildername,
        srcdir=srcdir,
        builddir=builddir,
        freshenv=freshenv,
        parallel=parallel,
        confoverrides=confoverrides,
        status=status,
        warning=warning,
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return BuildResult(
        app,
        strip_escape_sequences(status.getvalue()),
        strip_escape_sequences(warning.getvalue()),
    )


def assert_no_crash(result: BuildResult) -> None:
    """Neither a traceback nor an extension error reached the user."""
    for stream in (result.status, result.warnings):
        assert "Traceback" not in stream, stream
        assert "Extension error" not in stream, stream
        assert "Exception occurred" not in stream, stream

"""The one way the tests build a project, and the helpers that read what it made.

    src = copy_root("refs", tmp_path / "src")            # tests/roots/test-refs
    src = write_project(tmp_path / "src", {"index.md": "# Home\n", ...})
    result = build(src)                                  # or build(src, "latex")
    card = land(result.outdir, "index.html", link["href"])
    assert card_identity(card) == ("Attention", "Engineers", "Researcher")

Design
------
Every build in the suite is :func:`build`: one real Sphinx build through Sphinx's
own :class:`sphinx.testing.util.SphinxTestApp`, writing its output to
``<src>/_build/<builder>`` and its doctrees to ``<src>/_build/doctrees`` (so
building the same folder twice is an incremental build), with the status and
warning streams read into a :class:`BuildResult`.  A project is either a test
root, ``tests/roots/test-<scenario>/`` as ``sphinx.testing`` lays them out,
copied by :func:`copy_root`, or files written from a dict by :func:`write_project`
(for projects that are data: hypothesis examples, parametrised bad input).

Why not the ``app``/``make_app`` fixtures of ``sphinx.testing.fixtures`` (the
suite used both, besides this module, until issue 10):

* They are function-scoped.  A build that many tests read must be made once:
  here a module- or session-scoped fixture calls :func:`build` (see
  :class:`SharedBuilds` and the ``example_site`` fixture of ``conftest.py``).
* They build every test root in one folder per session, shared by all tests of
  that root, so one test's output or edited sources reach the next (which is why
  the old tests passed ``freshenv=True`` everywhere).  Here each build copies its
  root into its own temporary folder.
* The same call serves roots, written projects, ``example_docs`` and ``docs``,
  with any builder and scope, and never raises for warnings: tests assert on them.

A build runs in a subprocess only where the process itself is what a test
checks: the exit status of ``python -m sphinx -W``, the modules a fresh process
imports, an audit hook (which cannot be removed), a hang stopped by a timeout.

The helpers below are the only copies in the suite: reading pages
(:func:`soup_of`, :func:`words`), following a link as a browser would
(:func:`land`), naming the card it lands on (:func:`card_identity`), reading
``objects.inv`` (:func:`inventory`), and the example site as test data.
"""

from __future__ import annotations

import functools
import re
import shutil
import unicodedata
import zlib
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin

import pytest
from bs4 import BeautifulSoup, Tag
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

from sphinx_concepts.core.model import Concept
from sphinx_concepts.core.plaintext import plain_text
from sphinx_concepts.sources.reading import SUFFIXES, read_file

REPO = Path(__file__).resolve().parents[1]
#: The test roots, ``test-<scenario>/`` each (the ``sphinx.testing`` layout).
ROOTS = REPO / "tests" / "roots"
EXAMPLE_DOCS = REPO / "example_docs"
DOCS = REPO / "docs"
#: The copy of the shared sample that the tests read (``test_sample.py`` keeps it
#: byte-identical to the original where that is present).
SAMPLE = ROOTS / "test-sample" / "concepts" / "multi-head-attention.md"
#: Where the shared samples live beside a checkout (absent on a fresh clone).
SHARED_SAMPLES = REPO.parent / "shared" / "samples"

#: A ``conf.py`` enabling the extension; append settings to it.
CONF = (
    'extensions = ["myst_parser", "sphinx_concepts"]\nexclude_patterns = ["_build"]\n'
)

#: Settings EPUB insists on that ``example_docs`` does not set.
EPUB_CONF = {"copyright": "2026, the authors", "version": "1.0"}


# -- projects -----------------------------------------------------------------------
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


def copy_project(source: Path, dest: Path) -> Path:
    """A private copy of the folder ``source`` at ``dest`` (without build output),
    so builds never write into the repository."""
    shutil.copytree(
        source, dest, ignore=shutil.ignore_patterns("_build", "__pycache__")
    )
    return dest


def copy_root(scenario: str, dest: Path) -> Path:
    """A private copy of the test root ``tests/roots/test-<scenario>`` at ``dest``."""
    source = ROOTS / f"test-{scenario}"
    assert (source / "conf.py").is_file(), f"no test root {source}"
    return copy_project(source, dest)


# -- building -----------------------------------------------------------------------
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


class SharedBuilds:
    """Builds of one project (a test root, ``example_docs``, any folder), one fresh
    copy per (builder, theme), each made on first use and then shared by every
    test that asks: hold one in a module- or session-scoped fixture."""

    def __init__(self, source: Path, factory: pytest.TempPathFactory) -> None:
        self.source = source
        self._factory = factory
        self._done: dict[tuple[str, str | None], BuildResult] = {}

    def __call__(
        self, builder: str = "html", *, theme: str | None = None
    ) -> BuildResult:
        if (builder, theme) not in self._done:
            name = f"{self.source.name}-{builder}-{theme or 'conf'}"
            src = copy_project(self.source, self._factory.mktemp(name) / "src")
            overrides = dict(EPUB_CONF) if builder == "epub" else {}
            if theme is not None:
                overrides["html_theme"] = theme
            self._done[builder, theme] = build(src, builder, confoverrides=overrides)
        return self._done[builder, theme]


# -- reading the output -------------------------------------------------------------
def words(text: str) -> str:
    """Text as a reader compares it: one space between words, straight quotes."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split())


def soup_of(path: Path) -> BeautifulSoup:
    """The parsed page; a page that has not changed since it was last parsed is
    not parsed again (following every link of a big page would be slow).  Read
    it, do not edit it: the tree is shared."""
    stat = path.stat()
    return _parsed(path.resolve(), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=32)
def _parsed(path: Path, mtime_ns: int, size: int) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def land(outdir: Path, page: Path | str, href: str) -> Tag:
    """The element a link on ``page`` (a path, or a name relative to ``outdir``)
    lands on, as a browser would find it: the page's body without a fragment."""
    base = (
        Path(page).relative_to(outdir).as_posix()
        if Path(page).is_absolute()
        else str(page)
    )
    url, fragment = urldefrag(href)
    target = outdir / unquote(urljoin(base, url)) if url else outdir / base
    if target.is_dir():
        target = target / "index.html"
    soup = soup_of(target)
    element = soup.find(id=unquote(fragment)) if fragment else soup.body
    assert isinstance(element, Tag), f"{href} from {base}: no element #{fragment}"
    return element


#: (title, audience, role) of a card, as its heading and meta line show them.
Identity = tuple[str, str, str | None]


def card_identity(element: Tag) -> Identity:
    """Which card ``element`` is: its title, audience and role as a reader sees
    them ("For <audience>, explained by <role>")."""
    assert "concept-card" in element.get("class", []), element.name
    title = element.select_one(".concept-title")
    meta = element.select_one(".concept-meta")
    assert title is not None and meta is not None, element
    match = re.match(
        r"For (?P<aud>.*?)(?:, explained by (?P<role>.*))?$", words(meta.get_text())
    )
    assert match, meta
    return words(title.get_text()), match.group("aud"), match.group("role")


def inventory(path: Path) -> list[str]:
    """The entry lines of an ``objects.inv`` (four header lines, then zlib)."""
    data = path.read_bytes()
    return zlib.decompress(data.split(b"\n", 4)[4]).decode("utf-8").splitlines()


# -- the example site as test data --------------------------------------------------
def example_concepts() -> list[Concept]:
    """Every concept of the example site's source files, read with the package's
    own readers."""
    concepts = []
    for path in sorted((EXAMPLE_DOCS / "concepts").rglob("*")):
        if path.suffix in SUFFIXES:
            result = read_file(path)
            assert not result.problems, result.problems
            concepts.extend(result.concepts)
    assert len(concepts) >= 5
    return concepts


def shown_questions(concept: Concept) -> list[str]:
    """The questions of ``concept`` that its page shows, as plain text: a
    directive's ``:sections:`` option may leave the follow-up section out."""
    source = Path(concept.location.source)
    for page in EXAMPLE_DOCS.glob("*.md"):
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(r"```\{concept\} (\S+)\n((?::[\w-]+:.*\n)*)", text):
            sections = re.search(r":sections:(.*)", match.group(2))
            if (
                sections
                and source.match(match.group(1))
                and "follow_up" not in sections.group(1)
            ):
                return []
    return [plain_text(pair.question) for pair in concept.follow_up]


def squeeze(text: str) -> str:
    """Text reduced to what survives every writer: no whitespace (line wrapping),
    straight quotes (smartquotes), no hyphens (hyphenation, escaped hyphens), no
    Markdown emphasis marks, ligatures split (NFKC)."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[“”„\"]", '"', text)
    text = re.sub(r"[‘’']", "'", text)
    return re.sub(r"[\s\-‐­*`]+", "", text)

"""The drop-in guarantee (issue 11): adding sphinx-concepts to an existing
project changes nothing it did not ask for.

Three test roots imitate real projects (``tests/roots/test-dropin-*``): each has
``project/``, a documentation project as it was before, and ``overlay/``, what
adding concepts brings (``conf_append.py`` is appended to ``conf.py``; other
files are added or replace the project's).  Each is built three ways:

- ``without``: the project as it was;
- ``enabled``: the extension enabled, no concept yet;
- ``concepts``: the extension enabled and the overlay's concepts added;

always with ``-n``, and the warnings compared also without it.  The project's
documents, warnings, ``objects.inv`` entries and the HTML of every page that
shows no concept must not change.  The tests are named after the points of the
issue they hold (``p1`` ... ``p10``).
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from build_helpers import (
    BuildResult,
    assert_no_crash,
    build,
    inventory,
    write_project,
)

ROOTS = Path(__file__).parent / "roots"
NAMES = ("myst", "rest", "theme")


@dataclass
class Variant:
    result: BuildResult
    docs: set[str]

    @property
    def outdir(self) -> Path:
        return self.result.outdir

    def html_files(self) -> dict[str, bytes]:
        """Every file of the HTML output but ``.buildinfo`` (which hashes the
        configuration, extensions included)."""
        return {
            path.relative_to(self.outdir).as_posix(): path.read_bytes()
            for path in sorted(self.outdir.rglob("*"))
            if path.is_file() and path.name != ".buildinfo"
        }

    def page(self, docname: str) -> bytes:
        return (self.outdir / f"{docname}.html").read_bytes()


def make_variant(
    name: str,
    stage: str,
    tmp: Path,
    *,
    nitpicky: bool = True,
    confoverrides: dict[str, Any] | None = None,
) -> Variant:
    root = ROOTS / f"test-dropin-{name}"
    flags = "-".join(sorted(confoverrides or {}))
    srcdir = tmp / f"{name}-{stage}-{'n' if nitpicky else 'plain'}{flags}"
    shutil.copytree(root / "project", srcdir)
    if stage != "without":
        overlay = root / "overlay"
        conf = srcdir / "conf.py"
        conf.write_text(
            conf.read_text("utf-8")
            + "\n"
            + (overlay / "conf_append.py").read_text("utf-8"),
            "utf-8",
        )
        if stage == "concepts":
            for path in overlay.rglob("*"):
                if path.is_file() and path.name != "conf_append.py":
                    target = srcdir / path.relative_to(overlay)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(path, target)
    overrides = {"nitpicky": nitpicky, **(confoverrides or {})}
    # autodoc imports the root's module: each copy must import its own.
    sys.modules.pop("shapes", None)
    result = build(srcdir, confoverrides=overrides, freshenv=True)
    sys.modules.pop("shapes", None)
    assert_no_crash(result)
    return Variant(result, set(result.app.env.found_docs))


@pytest.fixture(scope="module")
def variants(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[..., Variant]:
    """Builds, each made once per module."""
    made: dict[tuple[Any, ...], Variant] = {}
    tmp = tmp_path_factory.mktemp("dropin")

    def get(name: str, stage: str, nitpicky: bool = True, **overrides: Any) -> Variant:
        key = (name, stage, nitpicky, tuple(sorted(overrides.items())))
        if key not in made:
            made[key] = make_variant(
                name, stage, tmp, nitpicky=nitpicky, confoverrides=overrides
            )
        return made[key]

    return get


def concept_pages(variant: Variant) -> set[str]:
    """Pages that show a concept (the overlay's pages with a directive or role)."""
    domain = variant.result.app.env.get_domain("concept")
    return {d for d in variant.docs if domain.shows_concepts(d)}  # type: ignore[attr-defined]


def search_index(outdir: Path) -> dict[str, Any]:
    """``searchindex.js`` as data, without the environment versions of the
    extensions (which name every extension loaded)."""
    text = (outdir / "searchindex.js").read_text("utf-8")
    data: dict[str, Any] = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    data.pop("envversion", None)
    return data


# -- point 7: merely enabling the extension --------------------------------------------
@pytest.mark.parametrize("name", NAMES)
def test_p7_enabling_without_concepts_changes_no_output_byte(
    variants: Callable[..., Variant], name: str
) -> None:
    """No stylesheet, no concept-index label, no concepts.json: every page,
    every static file, the search index and objects.inv stay byte-identical."""
    without, enabled = variants(name, "without"), variants(name, "enabled")
    assert enabled.docs == without.docs
    assert enabled.result.warning_lines() == without.result.warning_lines()
    before, after = without.html_files(), enabled.html_files()
    assert sorted(after) == sorted(before)  # no stylesheet, no concepts.json
    changed = [path for path in before if before[path] != after[path]]
    # The search index records the environment version of every extension.
    assert changed in ([], ["searchindex.js"])
    assert search_index(enabled.outdir) == search_index(without.outdir)
    assert not any(
        "concept-index" in line for line in inventory(enabled.outdir / "objects.inv")
    )


def test_p7_enabling_without_concepts_leaves_the_latex_alone(tmp_path: Path) -> None:
    """The LaTeX output of a project without concepts loads no package of ours."""
    files = {"index.rst": "Home\n====\n\nText.\n"}
    conf = 'project = "P"\ntoday = "1 January 2026"\n'
    without = build(write_project(tmp_path / "a", {**files, "conf.py": conf}), "latex")
    enabled = build(
        write_project(
            tmp_path / "b",
            {**files, "conf.py": conf + 'extensions = ["sphinx_concepts"]\n'},
        ),
        "latex",
    )
    tex_before = (without.outdir / "p.tex").read_text("utf-8")
    tex_after = (enabled.outdir / "p.tex").read_text("utf-8")
    assert tex_after == tex_before
    assert not (enabled.outdir / "sphinxconcepts.sty").exists()


# -- the guarantee, with concepts added ---------------------------------------------
@pytest.mark.parametrize("name", NAMES)
def test_dropin_same_documents_and_warnings(
    variants: Callable[..., Variant], name: str
) -> None:
    without, concepts = variants(name, "without"), variants(name, "concepts")
    assert concepts.docs == without.docs
    assert concepts.result.warning_lines() == without.result.warning_lines()
    plain_before = variants(name, "without", nitpicky=False)
    plain_after = variants(name, "concepts", nitpicky=False)
    assert plain_after.result.warning_lines() == plain_before.result.warning_lines()


@pytest.mark.parametrize("name", NAMES)
def test_dropin_pages_without_concepts_are_unchanged(
    variants: Callable[..., Variant], name: str
) -> None:
    without, concepts = variants(name, "without"), variants(name, "concepts")
    shown = concept_pages(concepts)
    assert shown  # the overlay did add concepts
    for docname in sorted(without.docs - shown):
        assert concepts.page(docname) == without.page(docname), docname
    # The stylesheets: on the pages with concepts, and only there.
    for docname in sorted(concepts.docs):
        has_css = b"sphinx-concepts.css" in concepts.page(docname)
        assert has_css == (docname in shown), docname
    assert (concepts.outdir / "_static" / "sphinx-concepts.css").is_file()


@pytest.mark.parametrize("name", NAMES)
def test_dropin_existing_inventory_entries_keep_their_targets(
    variants: Callable[..., Variant], name: str
) -> None:
    """Every entry the project had is still there, unchanged; what is new is
    the concepts and the concept index (a page this build writes)."""
    before = set(inventory(variants(name, "without").outdir / "objects.inv"))
    concepts = variants(name, "concepts")
    after = set(inventory(concepts.outdir / "objects.inv"))
    assert before <= after
    for line in after - before:
        assert " concept:concept " in line or line.startswith(
            "concept-index std:label"
        ), line
    assert (concepts.outdir / "concept-index.html").is_file()


# -- point 1: references that did not ask for a concept -------------------------------
def test_p1_opt_in_never_takes_the_projects_own_targets(
    variants: Callable[..., Variant],
) -> None:
    """With ``concepts_implicit_references`` on, the MyST root's `any`
    references and bare MyST links named like concepts (hashing,
    slotted-classes, Frozen) still land where they did, without an ambiguity
    warning; the reference nobody answers still warns."""
    without = variants("myst", "without")
    opted = variants("myst", "concepts", concepts_implicit_references=True)
    assert opted.result.warning_lines() == without.result.warning_lines()
    assert any("nosuchthing" in line for line in without.result.warning_lines())
    shown = concept_pages(opted)
    for docname in sorted(without.docs - shown):
        assert opted.page(docname) == without.page(docname), docname


def test_p1_any_and_myst_links_find_concepts_only_when_asked(tmp_path: Path) -> None:
    """A name only a concept has: off (the default), Sphinx and myst-parser
    warn as before; on, both land on the card.  A name the project also has
    stays the project's, and no warning names a concept by its summary."""
    page = (
        "# Home\n\n(hashing)=\n## Hashing\n\n"
        "```{concept} Hashing\nMaps data to a number.\n\n"
        "## Summary:\n\nA number.\n```\n\n"
        "```{concept} Latency\nThe wait.\n\n## Summary:\n\nWaiting.\n```\n\n"
        "- any: {any}`latency`\n- myst: [the wait](latency)\n"
        "- label: {any}`hashing`\n- myst label: [hash](hashing)\n"
    )
    conf = (
        'extensions = ["myst_parser", "sphinx_concepts"]\n'
        'exclude_patterns = ["_build"]\n'
    )

    def run(folder: str, on: bool) -> BuildResult:
        src = write_project(tmp_path / folder, {"conf.py": conf, "index.md": page})
        return build(
            src, confoverrides={"concepts_implicit_references": on, "nitpicky": True}
        )

    off, on = run("off", False), run("on", True)
    assert_no_crash(off)
    assert_no_crash(on)
    off_lines = off.warning_lines()
    assert any("'any' reference target not found: latency" in w for w in off_lines)
    assert any(
        "'myst' cross-reference target not found: 'latency'" in w for w in off_lines
    )
    assert len(off_lines) == 2
    assert on.warning_lines() == []
    links = {
        li.get_text().split(":")[0]: li.select_one("a")
        for li in on.soup("index").select("li")
    }
    assert links["any"]["href"] == "#concept-latency"
    assert links["myst"]["href"] == "#concept-latency"
    # The project's label wins over the concept of the same name.
    assert links["label"]["href"] == "#hashing"
    assert links["myst label"]["href"] == "#hashing"
    assert not any("more than one target" in w for w in on.warning_lines())


# -- point 8: myst-parser is not switched on ----------------------------------------
def test_p8_rest_project_keeps_its_documents_and_renders_myst_concept_text(
    variants: Callable[..., Variant],
) -> None:
    """README.md, CHANGELOG.md and the concept sources are not documents; the
    MyST in concept text still renders and its links and roles resolve."""
    concepts = variants("rest", "concepts")
    assert concepts.docs == {"index", "caching", "glossary"}
    assert "myst_parser" not in concepts.result.app.extensions
    soup = concepts.result.soup("glossary")
    card = soup.select_one("#concept-caching--operators")
    assert card is not None
    hrefs = [a["href"] for a in card.select("a")]
    assert "caching.html" in hrefs  # [Caching](../caching.rst) and {doc}
    assert "caching.html#caching" in hrefs  # {ref}`caching`
    eviction = soup.select_one("#concept-eviction--operators")
    assert [a["href"] for a in eviction.select(".concept-section-explanation a")] == [
        "caching.html",
        "caching.html#caching",
        "index.html",
    ]


def test_p8_sources_also_read_as_pages_get_a_warning_with_the_fix(
    tmp_path: Path,
) -> None:
    """In a MyST project that forgot to exclude its concept folder, each source
    is named once with the exclude_patterns entry that fixes it."""
    src = write_project(
        tmp_path / "src",
        {
            "index.md": "# Home\n\n```{toctree}\n:glob:\nconcepts/*\n```\n\n"
            "```{concept} concepts/*.md\n```\n",
            "concepts/a.md": "## Concept: Alpha\n\nFirst.\n",
            "concepts/b.md": "## Concept: Beta\n\nSecond.\n",
        },
    )
    result = build(src)
    assert_no_crash(result)
    warnings = result.concept_warnings()
    assert warnings == [
        f"<src>/concepts/{name}.md:1: WARNING: this concept source is also read as "
        f"the page 'concepts/{name}'; add 'concepts/**' to exclude_patterns in "
        "conf.py (the concept directive reads excluded files) [concept.source]"
        for name in ("a", "b")
    ]
    fixed = write_project(
        tmp_path / "fixed",
        {
            "conf.py": 'extensions = ["myst_parser", "sphinx_concepts"]\n'
            'exclude_patterns = ["_build", "concepts/**"]\n',
            "index.md": "# Home\n\n```{concept} concepts/*.md\n```\n",
            "concepts/a.md": "## Concept: Alpha\n\nFirst.\n",
        },
    )
    assert build(fixed).warning_lines() == []


def test_p8_graphviz_is_borrowed_not_switched_on(
    variants: Callable[..., Variant],
) -> None:
    """sphinx.ext.graphviz is not loaded for the project: no graphviz.css on
    its pages, no `graphviz` directive of its own."""
    enabled = variants("rest", "enabled")
    assert "sphinx.ext.graphviz" not in enabled.result.app.extensions
    assert not (enabled.outdir / "_static" / "graphviz.css").exists()


def test_p8_myst_settings_apply_to_concept_text_in_a_rest_project(
    tmp_path: Path,
) -> None:
    """conf.py's myst_* values configure concept text without myst_parser."""
    src = write_project(
        tmp_path / "src",
        {
            "conf.py": 'extensions = ["sphinx_concepts"]\n'
            'myst_enable_extensions = ["dollarmath"]\n',
            "index.rst": "Home\n====\n\n.. concept:: Area\n\n   It grows as $r^2$.\n",
        },
    )
    result = build(src)
    assert_no_crash(result)
    assert result.warning_lines() == []
    card = result.soup("index").select_one("#concept-area")
    assert card.select_one("span.math") is not None
    assert "$r^2$" not in card.get_text()


def test_p8_a_rest_project_without_concepts_loads_no_markdown_renderer(
    tmp_path: Path,
) -> None:
    """Only myst-parser's settings are looked at; its renderer (markdown-it and
    the mdit plugins) is not even imported until a concept is shown."""
    from test_startup_cost import modules_after_build

    src = write_project(
        tmp_path / "src",
        {
            "conf.py": 'extensions = ["sphinx_concepts"]\n',
            "index.rst": "Home\n====\n\nText.\n",
        },
    )
    loaded = modules_after_build(src, tmp_path / "out")
    assert "sphinx_concepts.borrowed" in loaded
    heavy = ("markdown_it", "mdit_py_plugins", "myst_parser.mdit_to_docutils")
    assert [m for m in loaded if m.startswith(heavy)] == []

"""Incremental builds are exact (SPEC 8, issue 4).

For each edit: a full build in folder A, the edit, an incremental build in A, and a
fresh build of the edited project in folder B.  Every HTML page body and every
concept warning must be the same in A and B, and only the pages the edit concerns
may be read (or written) again.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from build_helpers import CONF, BuildResult, assert_no_crash, build, write_project

BASE: dict[str, str | bytes] = {
    "conf.py": CONF
    + "exclude_patterns += ['concepts/**']\n"
    + "concepts_default_target_audience = 'Manager'\n",
    "index.md": "# Home\n\n```{toctree}\n:glob:\n\n*\n```\n",
    "alpha.md": "# Alpha page\n\n```{concept} Alpha\nAlpha explained.\n```\n\n"
    "```{concept} concepts/beta.yaml\n```\n",
    "concepts/beta.yaml": "concept: Beta\nexplanation: Beta explained.\n"
    "summary: Old summary.\n",
    "refs.md": "# Referrer\n\n"
    "See {concept}`Alpha`, {concept}`Beta` and {concept}`Gamma`.\n",
    "gamma.md": "# Gamma page\n\n```{concept} Gamma\nGamma explained.\n```\n\n"
    "```{concept} Delta\n:target-audience: Engineer\n\nDelta for engineers.\n```\n\n"
    "```{concept} Delta\n:target-audience: Manager\n\nDelta for managers.\n```\n",
    "delta-refs.md": "# Delta referrer\n\nSee {concept}`Delta` and {concept}`Gone`.\n",
    "gone.md": "# Gone page\n\n```{concept} Gone\nSoon gone.\n```\n",
    "unrelated.md": "# Unrelated\n\nNothing about concepts here.\n",
}


def _replace(name: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(src: Path) -> None:
        path = src / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")

    return edit


def _delete(name: str) -> Callable[[Path], None]:
    return lambda src: (src / name).unlink()


def _both(*edits: Callable[[Path], None]) -> Callable[[Path], None]:
    def edit(src: Path) -> None:
        for one in edits:
            one(src)

    return edit


GAMMA = "```{concept} Gamma\nGamma explained.\n```\n\n"

#: edit id -> (edit, pages that must be read again, a concept warning it must cause)
EDITS: dict[str, tuple[Callable[[Path], None], set[str], str | None]] = {
    "source-file-edited": (
        _replace("concepts/beta.yaml", "Old summary.", "New summary."),
        {"alpha"},
        None,
    ),
    "concept-renamed": (
        _replace("alpha.md", "{concept} Alpha\n", "{concept} Alpha Prime\n"),
        {"alpha"},
        "'Alpha'",
    ),
    "concept-removed": (_replace("gamma.md", GAMMA, ""), {"gamma"}, "'Gamma'"),
    "page-deleted": (_delete("gone.md"), {"index"}, "'Gone'"),
    "concept-moved": (
        _both(
            _replace("gamma.md", GAMMA, ""),
            _replace("alpha.md", "# Alpha page\n\n", "# Alpha page\n\n" + GAMMA),
        ),
        {"alpha", "gamma"},
        None,
    ),
    "audience-changed": (
        _replace(
            "gamma.md", ":target-audience: Manager", ":target-audience: Executive"
        ),
        {"gamma"},
        None,
    ),
}


def _bodies(result: BuildResult) -> dict[str, str]:
    return {
        html.stem: str(result.soup(html.stem).select_one("div.body"))
        for html in sorted(result.outdir.glob("*.html"))
        if (result.outdir.parent.parent / f"{html.stem}.md").exists()
        or html.stem in ("genindex", "concept-index", "search")
    }


def _written(result: BuildResult) -> set[str]:
    found = set()
    for line in result.status.splitlines():
        match = re.search(r"writing output\.\.\. \[[^\]]*\] (\S+)", line)
        if match:
            found.add(match.group(1))
    return found


def _link_target(result: BuildResult, page: str, text: str) -> str | None:
    link = result.soup(page).find("a", string=text)
    return None if link is None else str(link["href"])


@pytest.mark.parametrize("edit_id", EDITS)
def test_incremental_equals_fresh(tmp_path: Path, edit_id: str) -> None:
    edit, reread, warning = EDITS[edit_id]
    a = write_project(tmp_path / "a", BASE)
    first = build(a)
    assert not first.concept_warnings(), first.concept_warnings()

    edit(a)
    incremental = build(a)
    b = tmp_path / "b"
    shutil.copytree(a, b, ignore=shutil.ignore_patterns("_build"))
    fresh = build(b, freshenv=True)
    for result in (incremental, fresh):
        assert_no_crash(result)

    assert _bodies(incremental) == _bodies(fresh)
    assert sorted(incremental.concept_warnings()) == sorted(fresh.concept_warnings())
    if warning is not None:
        assert any(
            warning in w and "[concept.ref]" in w for w in fresh.concept_warnings()
        )
    # Only what the edit concerns was read again; the unrelated page is untouched.
    assert incremental.read_docs() == reread
    assert "unrelated" not in _written(incremental)


def test_referrers_are_rewritten_for_the_changed_concept(tmp_path: Path) -> None:
    a = write_project(tmp_path / "a", BASE)
    first = build(a)
    assert _link_target(first, "delta-refs", "Delta") is not None
    before = _link_target(first, "delta-refs", "Delta")
    EDITS["audience-changed"][0](a)
    again = build(a)
    # Read: only the page that changed; written: it and the page linking to Delta.
    assert again.read_docs() == {"gamma"}
    assert {"gamma", "delta-refs"} <= _written(again)
    assert "refs" not in _written(again) and "unrelated" not in _written(again)
    after = _link_target(again, "delta-refs", "Delta")
    assert after is not None and after != before
    target = again.soup("gamma").find(id=after.split("#")[1])
    assert target is not None and "Delta for engineers." in target.get_text()


def test_renamed_concept_leaves_no_stale_link(tmp_path: Path) -> None:
    a = write_project(tmp_path / "a", BASE)
    assert _link_target(build(a), "refs", "Alpha") is not None
    EDITS["concept-renamed"][0](a)
    again = build(a)
    assert _link_target(again, "refs", "Alpha") is None
    assert "Alpha" in again.soup("refs").get_text()
    assert any("'Alpha'" in w and "refs.md" in w for w in again.concept_warnings())


def test_html_then_latex_on_same_doctrees(tmp_path: Path) -> None:
    a = write_project(tmp_path / "a", BASE)
    build(a)
    latex = build(a, "latex")
    b = tmp_path / "b"
    shutil.copytree(a, b, ignore=shutil.ignore_patterns("_build"))
    fresh = build(b, "latex", freshenv=True)
    assert_no_crash(latex)
    # The html build's doctrees were reused, not read again.
    assert latex.read_docs() == set()
    tex_a = sorted(latex.outdir.glob("*.tex"))
    tex_b = sorted(fresh.outdir.glob("*.tex"))
    assert [p.name for p in tex_a] == [p.name for p in tex_b] and tex_a
    for one, other in zip(tex_a, tex_b, strict=True):
        text = one.read_text(encoding="utf-8")
        assert "Delta for managers" in text
        assert text == other.read_text(encoding="utf-8")


def test_a_rebuild_lists_each_source_folder_once_for_all_globs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild asks every page's globs whether they match other files now.
    Six globs into one folder list that folder once (a spy on ``os.scandir``),
    not once per glob: with one folder of many sources, the check would grow
    with globs times files.  A file added there is still seen."""
    from sphinx_concepts.sources import files as source_files

    pages = {
        f"p{i}.md": f"# Page {i}\n\n```{{concept}} /c/s{i}*.yaml\n```\n"
        for i in range(6)
    }
    sources = {f"c/s{i}a.yaml": f"concept: S{i}\nexplanation: x\n" for i in range(6)}
    src = write_project(
        tmp_path / "src",
        {
            "conf.py": CONF + "exclude_patterns = ['_build', 'c']\n",
            "index.md": "# Home\n\n```{toctree}\n:glob:\n\n*\n```\n",
            **pages,
            **sources,
        },
    )
    build(src)
    listed: list[str] = []
    real_scandir = os.scandir

    def spy(path: str) -> object:
        listed.append(os.path.realpath(path))
        return real_scandir(path)

    monkeypatch.setattr(source_files.os, "scandir", spy)
    (src / "c" / "s3b.yaml").write_text("concept: S3b\nexplanation: y\n")
    result = build(src)
    folder = os.path.realpath(src / "c")
    # Once to check the six globs, once more to re-read the one page whose
    # glob now matches the new file.
    assert listed.count(folder) == 2, listed
    assert result.read_docs() == {"p3"}
    titles = [h.get_text() for h in result.soup("p3").select("h2.concept-title")]
    assert titles == ["S3", "S3b"]

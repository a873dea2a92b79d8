"""Which files a directive argument names, and which may be read (no Sphinx)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sphinx_concepts.sources.files import find_source_files, is_within


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """srcdir with pages and sources, a shared folder beside it, a secret outside."""
    src = tmp_path / "src"
    (src / "guide" / "concepts" / "deep").mkdir(parents=True)
    (src / "concepts").mkdir()
    for name in ("b.md", "a.yaml", "notes.txt"):
        (src / "guide" / "concepts" / name).write_text("x")
    (src / "guide" / "concepts" / "deep" / "c.json").write_text("{}")
    (src / "concepts" / "top.md").write_text("x")
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "common.md").write_text("x")
    (tmp_path / "secret.md").write_text("x")
    os.symlink(tmp_path / "secret.md", src / "guide" / "concepts" / "link.md")
    return tmp_path


def rel(paths: list[str], base: Path) -> list[str]:
    return [Path(p).relative_to(base).as_posix() for p in paths]


def test_path_relative_to_the_page(tree: Path) -> None:
    page = tree / "src" / "guide" / "page.md"
    found = find_source_files("concepts/b.md", str(page), str(tree / "src"))
    assert rel(found.allowed, tree) == ["src/guide/concepts/b.md"]
    assert found.refused == []


def test_leading_slash_is_the_source_directory(tree: Path) -> None:
    page = tree / "src" / "guide" / "page.md"
    found = find_source_files("/concepts/top.md", str(page), str(tree / "src"))
    assert rel(found.allowed, tree) == ["src/concepts/top.md"]


def test_glob_is_sorted_recursive_and_keeps_only_sources(tree: Path) -> None:
    page = tree / "src" / "guide" / "page.md"
    found = find_source_files("concepts/**/*", str(page), str(tree / "src"))
    assert rel(found.allowed, tree) == [
        "src/guide/concepts/a.yaml",
        "src/guide/concepts/b.md",
        "src/guide/concepts/deep/c.json",
    ]
    # The symlink to a file outside the source directory matches, and is refused.
    assert rel(found.refused, tree) == ["src/guide/concepts/link.md"]


def test_traversal_outside_is_refused(tree: Path) -> None:
    page = tree / "src" / "guide" / "page.md"
    found = find_source_files("../../secret.md", str(page), str(tree / "src"))
    assert found.allowed == [] and rel(found.refused, tree) == ["secret.md"]


def test_concepts_paths_are_searched_and_allowed(tree: Path) -> None:
    page = tree / "src" / "index.md"
    shared = str(tree / "shared")
    found = find_source_files("common.md", str(page), str(tree / "src"), [shared])
    assert rel(found.allowed, tree) == ["shared/common.md"]
    direct = find_source_files(
        "../shared/common.md", str(page), str(tree / "src"), [shared]
    )
    assert rel(direct.allowed, tree) == ["shared/common.md"]


def test_missing_file_is_neither(tree: Path) -> None:
    found = find_source_files(
        "nope.md", str(tree / "src" / "index.md"), str(tree / "src")
    )
    assert found.allowed == [] and found.refused == []


def test_is_within_does_not_confuse_sibling_prefixes(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src-other").mkdir()
    assert is_within(str(tmp_path / "src" / "x"), [str(tmp_path / "src")])
    assert not is_within(str(tmp_path / "src-other" / "x"), [str(tmp_path / "src")])


def test_shared_listings_resolve_each_path_once(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuild checks every page's glob with one ``Listings``: the allowed
    roots and each folder are resolved once for all globs (a spy on
    ``realpath``), not several times per glob, and the answers stay the same,
    the symlink out of the project still refused."""
    from sphinx_concepts.sources import files

    page = str(tree / "src" / "guide" / "page.md")
    src, shared = str(tree / "src"), str(tree / "shared")
    globs = ["concepts/*.md", "concepts/*.yaml", "concepts/**", "/concepts/*.md"]
    expected = [find_source_files(g, page, src, [shared]) for g in globs]
    resolved: list[str] = []
    real_realpath = os.path.realpath

    def spy(path: str, *args: object, **kwargs: object) -> str:
        resolved.append(path)
        return real_realpath(path)

    monkeypatch.setattr(files.os.path, "realpath", spy)
    listings = files.Listings()
    found = [find_source_files(g, page, src, [shared], listings) for g in globs]
    assert found == expected
    assert "src/guide/concepts/link.md" not in rel(found[0].allowed, tree)
    assert rel(found[0].refused, tree) == ["src/guide/concepts/link.md"]
    assert resolved.count(src) == 1
    assert len(resolved) == len(set(resolved)), resolved

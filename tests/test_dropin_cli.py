"""The command line on real documentation folders (issue 11, points 6, 9, 10).

6. ``sphinx-concepts check <folder with conf.py>`` checks what a build reads,
   as the build reads it; a plain folder skips what is no concept source.
9. ``new`` writes grammatical text and no self-link; ``check`` lists the
   placeholders left and ``--strict`` fails on them.
10. ``check`` lists see-also links that land on another audience's card.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from build_helpers import write_project
from sphinx_concepts.cli import main
from sphinx_concepts.core.names import classify_target
from sphinx_concepts.sources.reading import read_file

REPO = Path(__file__).resolve().parents[1]
LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?P<level>error|warning|note): ")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    out, _ = capsys.readouterr()
    return code, out


def findings(out: str) -> list[tuple[str, str, str]]:
    """(file name, line, level) of every line of a text report."""
    return [
        (Path(m["file"]).name, m["line"], m["level"])
        for m in map(LINE.match, out.splitlines())
        if m
    ]


# -- point 6 --------------------------------------------------------------------------
@pytest.mark.parametrize("folder", ["example_docs", "docs"])
def test_p6_check_of_the_projects_own_docs_finds_nothing(
    capsys: pytest.CaptureFixture[str], folder: str
) -> None:
    code, out = run(capsys, "check", "--strict", str(REPO / folder))
    assert code == 0, out
    assert findings(out) == []
    checked = int(out.splitlines()[-1].split()[0])
    assert checked >= 6  # it did read the concepts the pages show


PAGES = {
    "conf.py": 'extensions = ["myst_parser", "sphinx_concepts"]\n'
    'exclude_patterns = ["_build", "concepts/**", "drafts"]\n',
    "index.md": "# Guide\n\n```{toctree}\nmanagers\nengineers\n```\n",
    # Two pages show one source each for a different audience: one concept,
    # two variants, no duplicate (the sources name no audience).
    "managers.md": "# For managers\n\n```{concept} concepts/cache.md\n"
    ":target-audience: Managers\n```\n",
    "engineers.md": "# For engineers\n\n```{concept} concepts/cache-eng.md\n"
    ":target-audience: Engineers\n```\n",
    "concepts/cache.md": "## Concept: Cache\n\nKeeps answers.\n\n## See also:\n\n"
    "- [Eviction](?concept=eviction&target_audience=Managers)\n",
    "concepts/cache-eng.md": "## Concept: Cache\n\nA memo table.\n",
    "concepts/eviction.yaml": "concept: Eviction\ntarget_audience: Engineers\n",
    "concepts/unused.md": "## Concept: Unused\n\nNo page shows it.\n\n## Bogus\n",
    # Excluded: no directive reads it, so check does not either.
    "drafts/broken.md": "## Concept:\n\n",
    # What a build leaves behind; once read as a source, 15 errors and exit 1.
    "_build/html/concepts.json": '{"concepts": [{"title": "Cache"}]}\n',
    "_build/html/.buildinfo": "# Sphinx build info\n",
}


def test_p6_a_project_is_checked_as_its_build_reads_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write_project(tmp_path / "docs", PAGES)
    # Eviction is on no page: the see-also link to it is unresolved in the
    # build, which check reports at the source line.
    code, out = run(capsys, "check", "--format", "json", str(src))
    data = json.loads(out)
    problems = [
        (Path(p["file"]).relative_to(src).as_posix(), p["line"], p["subtype"])
        for p in data["problems"]
    ]
    assert problems == [("concepts/cache.md", 7, "ref")]
    assert code == 0
    # The same sources as a plain folder: no pages' options, so the two Cache
    # sources are one concept defined twice, and every file counts.
    code, out = run(capsys, "check", str(src / "concepts"))
    assert "defined twice" in out
    assert "sphinx-concepts check" in out  # a note naming the project


def test_p6_a_plain_folder_skips_what_is_no_concept_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_project(
        tmp_path / "notes",
        {
            "conf.py": "",  # removed below: write_project always writes one
            "attention.md": "## Concept: Attention\n\nFocus.\n",
            "scores.yaml": "concepts:\n  - concept: Score\n",
            "README.md": "# Notes\n\nWhat this folder holds.\n",
            "package.json": '{"name": "notes", "version": "1.0.0"}\n',
            "_build/html/concepts.json": '{"concepts": [{"title": "X"}]}\n',
            "out/.buildinfo": "",
            "out/stale.md": "## Concept:\n\n",
            ".github/workflow.yaml": "on: push\n",
        },
    )
    (folder / "conf.py").unlink()
    code, out = run(capsys, "check", "--strict", str(folder))
    assert code == 0, out
    assert sorted(findings(out)) == [
        ("README.md", "1", "note"),
        ("package.json", "1", "note"),
    ]
    assert "skipped, not a concept source" in out
    assert "2 concept(s) checked: 0 error(s), 0 warning(s), 2 note(s)" in out
    # Named on the command line, a file is always checked.
    code, out = run(capsys, "check", str(folder / "README.md"))
    assert code == 1
    assert "no title" in out


def test_p6_a_project_without_the_extension_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write_project(
        tmp_path / "docs", {"conf.py": "extensions = []\n", "index.rst": "Hi\n==\n"}
    )
    code, out = run(capsys, "check", str(src))
    assert code == 1
    assert "does not enable sphinx_concepts" in out


def test_p6_the_help_example_is_a_project(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "check", "--help")
    assert code == 0
    assert "sphinx-concepts check docs " in out
    assert "a Sphinx project (conf.py)" in out


# -- point 9 --------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["md", "yaml", "json"])
def test_p9_new_writes_grammatical_text_and_no_self_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    code, out = run(
        capsys,
        "new",
        "Vector Database",
        "--target-audience",
        "Software Engineer",
        "--format",
        fmt,
    )
    assert code == 0
    assert "readers who are" not in out
    path = tmp_path / f"vd.{fmt}"
    path.write_text(out, encoding="utf-8")
    (concept,) = read_file(path).concepts
    assert "for its audience (Software Engineer):" in concept.explanation.markdown
    for entry in concept.see_also:
        query = classify_target(entry.target).query
        assert query is not None
        assert query.key[0] != concept.key[0]  # never the concept itself


def test_p9_check_lists_placeholders_until_they_are_gone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(capsys, "new", "Vector Database")
    path = tmp_path / "vd.md"
    path.write_text(out, encoding="utf-8")
    code, out = run(capsys, "check", "--format", "json", str(path))
    assert code == 0  # placeholders are warnings
    placeholders = [
        p["line"] for p in json.loads(out)["problems"] if p["subtype"] == "placeholder"
    ]
    # Every section's placeholder, at its line (a see-also entry's at the item).
    lines = path.read_text("utf-8").splitlines()
    expected = [n for n, line in enumerate(lines, 1) if line.startswith("TODO:")]
    expected += [n for n, line in enumerate(lines, 1) if "TODO: which" in line]
    expected += [n for n, line in enumerate(lines, 1) if line.startswith("- [")]
    assert placeholders == sorted(expected)
    assert len(placeholders) == 6
    code, _ = run(capsys, "check", "--strict", str(path))
    assert code == 1
    # Written: no placeholder, no link to a concept that does not exist.
    written = (
        "## Concept: Vector Database\n\nStores vectors.\n\n"
        "## Follow-up Questions:\n\n**Q1: Why?**\n\nSpeed.\n\n"
        "## Summary:\n\nVectors, found fast.\n"
    )
    path.write_text(written, encoding="utf-8")
    code, out = run(capsys, "check", "--strict", str(path))
    assert code == 0, out


# -- point 10 -------------------------------------------------------------------------
def test_p10_check_lists_links_that_land_on_another_audience(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.yaml").write_text(
        "concept: Attention\ntarget_audience: Managers\nsee_also:\n"
        "  - ?concept=softmax&target_audience=Managers\n"
        "  - ?concept=softmax&target_audience=Engineers\n",
        encoding="utf-8",
    )
    (folder / "s.yaml").write_text(
        "concept: Softmax\ntarget_audience: Engineers\n", encoding="utf-8"
    )
    code, out = run(capsys, "check", str(folder))
    assert code == 0
    assert findings(out) == [("a.yaml", "4", "warning")]
    assert (
        "asks for the audience 'Managers'; no variant of 'Softmax' is written for "
        "it, so it links to 'Softmax (for Engineers)' [concept.fallback]" in out
    )
    code, _ = run(capsys, "check", "--strict", str(folder))
    assert code == 1

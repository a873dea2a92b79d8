"""``-j 2`` gives the same site as a serial build (SPEC 8, issue 4).

A generated project of 44 pages whose concepts reference each other across pages
(plus a duplicate and an unresolved reference) is built serially and with
``parallel=2``; every page body, the concept index, the warnings and the
decompressed ``objects.inv`` must be identical.
"""

from __future__ import annotations

import pytest

from build_helpers import (
    CONF,
    BuildResult,
    assert_no_crash,
    build,
    inventory,
    write_project,
)

PAGES = 44


def _project() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        "conf.py": CONF + "exclude_patterns += ['sources/**']\n",
        "index.md": "# Topics\n\n```{toctree}\n:glob:\n\npage-*\n```\n",
    }
    for n in range(PAGES):
        following, previous = (n + 1) % PAGES, (n - 1) % PAGES
        page = (
            f"# Page {n}\n\n"
            f"```{{concept}} Topic {n}\n:target-audience: Reader\n\n"
            f"Topic {n} builds on {{concept}}`Topic {previous}`.\n\n"
            f"## Summary:\n\nAbout topic {n}.\n\n"
            f"## See also:\n\n- [Next](<Topic {following}>): the next one\n```\n\n"
            f"```{{concept}} sources/extra-{n}.yaml\n```\n\n"
            f"Closing words of page {n}, see "
            f"{{concept}}`extra {following} <Extra {following}>`.\n"
        )
        if n == 30:
            # Defined a second time: page-05 comes first in document order.
            page += "\n```{concept} Shared\nThe later definition.\n```\n"
        if n == 5:
            page += "\n```{concept} Shared\nThe first definition.\n```\n"
        if n == 17:
            page += "\nA dangling {concept}`Nowhere to be found`.\n"
        files[f"page-{n:02d}.md"] = page
        files[f"sources/extra-{n}.yaml"] = (
            f"concept: Extra {n}\nexplanation: Extra {n} and {{concept}}`Shared`.\n"
            f"see_also:\n  - Topic {(n * 7) % PAGES}\n"
        )
    return files


def _bodies(result: BuildResult) -> dict[str, str]:
    bodies = {}
    for html in sorted(result.outdir.glob("*.html")):
        body = result.soup(html.stem).select_one("div.body")
        bodies[html.stem] = str(body)
    return bodies


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, BuildResult]:
    files = _project()
    serial = build(write_project(tmp_path_factory.mktemp("serial") / "src", files))
    parallel = build(
        write_project(tmp_path_factory.mktemp("parallel") / "src", files), parallel=2
    )
    return serial, parallel


def test_both_builds_ran_as_intended(builds: tuple[BuildResult, BuildResult]) -> None:
    serial, parallel = builds
    for result in builds:
        assert_no_crash(result)
    # The parallel build really read in chunks ("reading sources... [ 33%] a .. b").
    assert any(
        " .. " in line
        for line in parallel.status.splitlines()
        if line.startswith("reading sources")
    )
    assert not any(
        " .. " in line
        for line in serial.status.splitlines()
        if line.startswith("reading sources")
    )


def test_sphinx_reports_nothing_unsafe(builds: tuple[BuildResult, BuildResult]) -> None:
    _, parallel = builds
    text = (parallel.status + parallel.warnings).lower()
    # What Sphinx says about extensions that are (or may be) unsafe for -j.
    for phrase in (
        "not safe",
        "does not declare",
        "parallel reading",
        "parallel writing",
        "doing serial",
    ):
        assert phrase not in text, phrase


def test_same_pages(builds: tuple[BuildResult, BuildResult]) -> None:
    serial, parallel = builds
    serial_bodies, parallel_bodies = _bodies(serial), _bodies(parallel)
    assert len(serial_bodies) >= PAGES + 2
    assert serial_bodies.keys() == parallel_bodies.keys()
    for name, body in serial_bodies.items():
        assert parallel_bodies[name] == body, name


def test_same_concept_index(builds: tuple[BuildResult, BuildResult]) -> None:
    serial, parallel = builds
    index = serial.soup("concept-index").select_one("div.body")
    assert index is not None and "Topic 43" in index.get_text()
    assert str(parallel.soup("concept-index").select_one("div.body")) == str(index)


def test_same_warnings(builds: tuple[BuildResult, BuildResult]) -> None:
    serial, parallel = builds
    assert sorted(serial.warning_lines()) == sorted(parallel.warning_lines())
    concept = serial.concept_warnings()
    # Both places named, each at the line of the definition's body.
    body_line = _project()["page-30.md"].split("\n").index("The later definition.") + 1
    first_line = _project()["page-05.md"].split("\n").index("The first definition.") + 1
    assert any(
        w.startswith(f"<src>/page-30.md:{body_line}: ")
        and "[concept.duplicate]" in w
        and f"<src>/page-05.md:{first_line}" in w
        for w in concept
    ), concept
    assert any("[concept.ref]" in w and "Nowhere to be found" in w for w in concept)


def test_same_inventory(builds: tuple[BuildResult, BuildResult]) -> None:
    serial, parallel = builds
    entries = sorted(inventory(serial.outdir / "objects.inv"))
    assert any(line.startswith("Topic 0 concept:concept") for line in entries), entries[
        :5
    ]
    assert sorted(inventory(parallel.outdir / "objects.inv")) == entries


def test_first_definition_wins_under_parallel(
    builds: tuple[BuildResult, BuildResult],
) -> None:
    _, parallel = builds
    link = parallel.soup("page-00").find("a", string="Shared")
    assert link is not None
    page, anchor = str(link["href"]).split("#")
    assert page == "page-05.html"
    target = parallel.soup("page-05").find(id=anchor)
    assert target is not None and "The first definition." in target.get_text()


def test_links_cross_pages(builds: tuple[BuildResult, BuildResult]) -> None:
    _, parallel = builds
    link = parallel.soup("page-10").find("a", string="Next")
    assert link is not None and str(link["href"]).startswith("page-11.html#")

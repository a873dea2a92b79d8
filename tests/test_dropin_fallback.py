"""Issue 11, point 10: a reference asking for an audience that has no variant
lands on another audience's card, and says so: the link carries the class
``concept-reference-fallback`` and its preview names the audience the card was
written for (no script needed).  Authors get a ``concept.fallback`` warning
with ``concepts_warn_fallback = True``; ``sphinx-concepts check`` lists them
(tests/test_dropin_cli.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_helpers import CONF, BuildResult, assert_no_crash, build, write_project

FILES = {
    "index.md": "# Home\n\n"
    "```{concept} concepts/attention.md\n```\n\n"
    "```{concept} Softmax\n:target-audience: Engineers\n\nNormalises scores.\n\n"
    "## Summary:\n\nScores to probabilities.\n```\n\n"
    "- asked: {concept}`soft <?concept=softmax&target_audience=Managers>`\n"
    "- exact: {concept}`exact <?concept=softmax&target_audience=Engineers>`\n",
    "concepts/attention.md": "---\ntarget_audience: Managers\n---\n"
    "## Concept: Attention\n\nFocus.\n\n## See also:\n\n"
    "- [Softmax](?concept=softmax&target_audience=Managers): for managers\n"
    "- [Softmax again](?concept=softmax&target_audience=Engineers)\n",
}


def project(tmp_path: Path, extra: str = "") -> BuildResult:
    files = {**FILES, "conf.py": CONF + 'exclude_patterns.append("concepts/**")\n'}
    files["conf.py"] += extra
    result = build(write_project(tmp_path / "src", files))
    assert_no_crash(result)
    return result


@pytest.fixture(scope="module")
def quiet(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return project(tmp_path_factory.mktemp("quiet"))


def test_p10_fallback_links_say_whose_card_it_is(quiet: BuildResult) -> None:
    assert quiet.warning_lines() == []  # readers are told; authors opt in
    soup = quiet.soup("index")
    see_also = soup.select("#concept-attention--managers .concept-see-also a")
    fallback, exact = see_also[0], see_also[1]
    assert fallback["href"] == "#concept-softmax--engineers"
    assert "concept-reference-fallback" in fallback["class"]
    assert fallback["title"] == (
        "Written for Engineers: there is no variant for Managers. "
        "Scores to probabilities."
    )
    assert "concept-reference-fallback" not in exact["class"]
    assert exact["title"] == "Scores to probabilities."
    # The role, too.
    items = {
        li.get_text().split(":")[0]: li.select_one("a") for li in soup.select("li")
    }
    assert "concept-reference-fallback" in items["asked"]["class"]
    assert "concept-reference-fallback" not in items["exact"]["class"]


def test_p10_opt_in_warning_names_the_line(tmp_path: Path) -> None:
    result = project(tmp_path, "concepts_warn_fallback = True\n")
    assert result.concept_warnings() == [
        "<src>/concepts/attention.md:10: WARNING: the reference "
        "'?concept=softmax&target_audience=Managers' asks for the audience "
        "'Managers'; 'Softmax' has no variant for it, so it links to "
        "'Softmax (for Engineers)' [concept.fallback]",
        "<src>/index.md:16: WARNING: the reference "
        "'?concept=softmax&target_audience=Managers' asks for the audience "
        "'Managers'; 'Softmax' has no variant for it, so it links to "
        "'Softmax (for Engineers)' [concept.fallback]",
    ]

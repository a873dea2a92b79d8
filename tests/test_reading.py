"""What the reading script gets from the build (issue 13), without a browser.

* Concept links say what they asked (``data-concept*``), cards whom they are for,
  and the ``title`` tooltip stays for readers without JavaScript.
* ``_static/sphinx-concepts-data.js``: every card's preview, and the routes the
  resolver decides for each audience; concept text stays inert in it.
* The choice's place is reserved only on pages with concepts, only where two or
  more audiences exist, only when it is on; incremental builds add or remove it
  exactly as a fresh build would.
* Only HTML page builders (html, dirhtml, singlehtml) get scripts and data.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from build_helpers import CONF, BuildResult, build, copy_root, write_project
from sphinx_concepts.core.config import ConceptsConfig, ConfigValueError

DATA = "_static/sphinx-concepts-data.js"
SCRIPTS = ("sphinx-concepts-reading.js", "sphinx-concepts-data.js")


def _copy(dest: Path) -> Path:
    return copy_root("reading", dest)


def data_of(outdir: Path) -> dict[str, Any]:
    text = (outdir / DATA).read_text(encoding="utf-8")
    prefix = "window.sphinxConceptsData = "
    body = text[text.index(prefix) + len(prefix) :].rstrip().removesuffix(";")
    result: dict[str, Any] = json.loads(body)
    return result


def scripts_of(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [
        str(tag["src"]).split("?")[0].rsplit("/", 1)[-1]
        for tag in soup.find_all("script", src=True)
    ]


def slots_of(page: Path) -> list[Any]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return list(soup.select(".concept-audience-slot"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    result = build(_copy(tmp_path_factory.mktemp("reading") / "src"))
    assert result.warnings == "", result.warnings
    return result


def test_links_say_what_they_asked_and_cards_whom_they_are_for(
    site: BuildResult,
) -> None:
    soup = site.soup("index")
    asked = {
        a.get_text(): (
            a.get("data-concept"),
            a.get("data-concept-role"),
            a.get("data-concept-audience"),
        )
        for a in soup.select("a.concept-reference")
    }
    assert asked == {
        "Gradient": ("gradient", None, None),
        "Compute Budget": ("compute budget", None, None),
        "their gradient": ("gradient", None, "software engineer"),
        "Loss": ("loss", None, None),
    }
    # Readers without JavaScript keep the browser's tooltip.
    gradient = soup.select_one("a.concept-reference")
    assert gradient is not None
    assert gradient["title"] == "Managers' gradient summary."
    cards = site.soup("tabs").select(".concept-card")
    assert [c["data-concept-audience"] for c in cards] == [
        "manager",
        "software engineer",
    ]


def test_data_holds_previews_and_the_routes_the_resolver_decides(
    site: BuildResult,
) -> None:
    data = data_of(site.outdir)
    assert data["choice"] is True and data["previews"] is True
    assert data["default"] == "manager"
    assert data["audiences"] == [
        {"key": "manager", "label": "Manager"},
        {"key": "software engineer", "label": "Engineers"},  # from conf.py
    ]
    assert data["cards"]["tabs.html#concept-gradient--ml-engineer--manager"] == {
        "t": "Gradient",
        "a": "manager",
        "m": "For Manager, explained by ML Engineer",
        "s": "Managers' gradient summary.",
        "q": "Why should a manager care about gradients?",
    }
    # Only where an audience's variant is not where the link leads anyway; the
    # budget has no variant but the managers', so no route at all.
    assert data["routes"] == {
        "gradient": {
            "": {
                "software engineer": (
                    "tabs.html#concept-gradient--ml-engineer--software-engineer"
                )
            }
        },
        "loss": {
            "": {
                "software engineer": (
                    "cards.html#concept-loss--ml-engineer--software-engineer"
                )
            }
        },
    }
    assert set(data["text"]) >= {"readingAs", "anyAudience", "fallback"}


def test_concept_text_stays_inert_in_the_data(tmp_path: Path) -> None:
    hostile = 'Ends `</script><script>alert(1)</script>` here \u2028 and "$&" too.'
    src = write_project(
        tmp_path / "src",
        {
            "conf.py": CONF,
            "index.md": (
                "# Home\n\n```{concept} Hostile\n:target-audience: A\n\n"
                f"Body.\n\n## Summary:\n\n{hostile}\n```\n\n"
                "```{concept} Hostile\n:target-audience: B\n\nOther.\n```\n"
            ),
        },
    )
    result = build(src)
    text = (result.outdir / DATA).read_text(encoding="utf-8")
    assert "</script" not in text and "\u2028" not in text
    assert text.isascii()
    (card,) = [c for c in data_of(result.outdir)["cards"].values() if c["a"] == "a"]
    assert card["s"] == 'Ends </script><script>alert(1)</script> here and "$&" too.'
    assert result.concept_warnings() == []


def test_choice_is_reserved_on_pages_with_concepts_only(site: BuildResult) -> None:
    out = site.outdir
    for page in ("index", "cards", "tabs", "lists"):
        (slot,) = slots_of(out / f"{page}.html")
        # Its script runs first in the body, before anything is painted.
        assert [s["src"].split("?")[0] for s in slot.find_all("script")] == [
            "_static/sphinx-concepts-choice.js"
        ]
        assert ("concept-audience-slot-filter" in slot["class"]) == (page == "lists")
    for page in ("search", "genindex"):
        assert slots_of(out / f"{page}.html") == []
    # The concept index (the theme's template) reserves the room in its CSS.
    index = (out / "concept-index.html").read_text(encoding="utf-8")
    assert "sphinx-concepts-index.css" in index
    assert "sphinx-concepts-choice.js" in scripts_of(out / "concept-index.html")
    assert "sphinx-concepts-index.css" not in site.html("genindex")
    for name in (
        "sphinx-concepts-reading.js",
        "sphinx-concepts-choice.js",
        "sphinx-concepts-reading.css",
        "sphinx-concepts-index.css",
        "sphinx-concepts-data.js",
    ):
        assert (out / "_static" / name).is_file(), name


ONE_AUDIENCE = {
    "conf.py": CONF,
    "index.md": "# Home\n\nSee {concept}`Alpha`.\n\n```{toctree}\nalpha\n```\n",
    "alpha.md": (
        "# Alpha page\n\n```{concept} Alpha\n:target-audience: Manager\n\n"
        "Alpha explained.\n\n## Summary:\n\nAlpha in short.\n```\n"
    ),
}
SECOND_AUDIENCE = (
    "# Beta page\n\n```{concept} Alpha\n:target-audience: Engineer\n\n"
    "Alpha for engineers.\n```\n"
)


def test_one_audience_gets_previews_but_no_choice(tmp_path: Path) -> None:
    result = build(write_project(tmp_path / "src", ONE_AUDIENCE))
    assert slots_of(result.outdir / "index.html") == []
    data = data_of(result.outdir)
    assert data["choice"] is False and data["previews"] is True
    assert data["audiences"] == [] and data["routes"] == {}
    assert set(SCRIPTS) <= set(scripts_of(result.outdir / "index.html"))


@pytest.mark.parametrize(
    ("overrides", "scripts", "choice"),
    [
        ({"concepts_audience_choice": False}, True, False),
        ({"concepts_previews": False}, True, True),
        ({"concepts_audience_choice": False, "concepts_previews": False}, False, False),
    ],
)
def test_config_turns_the_choice_and_previews_off(
    tmp_path: Path, overrides: dict[str, bool], scripts: bool, choice: bool
) -> None:
    result = build(_copy(tmp_path / "src"), confoverrides=overrides)
    page = result.outdir / "index.html"
    assert bool(slots_of(page)) is choice
    assert (set(SCRIPTS) <= set(scripts_of(page))) is scripts
    assert (result.outdir / DATA).is_file() is scripts
    if scripts:
        data = data_of(result.outdir)
        assert data["choice"] is choice
        assert data["previews"] is overrides.get("concepts_previews", True)


def test_second_audience_brings_the_choice_to_unchanged_pages(
    tmp_path: Path,
) -> None:
    src = write_project(tmp_path / "a", ONE_AUDIENCE)
    build(src)
    (src / "beta.md").write_text(SECOND_AUDIENCE, encoding="utf-8")
    (src / "index.md").write_text(
        ONE_AUDIENCE["index.md"].replace("alpha\n", "alpha\nbeta\n"), encoding="utf-8"
    )
    incremental = build(src)
    assert "alpha" not in incremental.read_docs()  # not read again ...
    assert slots_of(incremental.outdir / "alpha.html")  # ... but written again
    fresh_src = shutil.copytree(
        src, tmp_path / "b", ignore=shutil.ignore_patterns("_build")
    )
    fresh = build(fresh_src, freshenv=True)
    for page in ("index", "alpha", "beta"):
        assert str(incremental.soup(page).select_one("div.body")) == str(
            fresh.soup(page).select_one("div.body")
        ), page


@pytest.mark.parametrize("builder", ["dirhtml", "singlehtml"])
def test_other_page_builders_get_the_script(tmp_path: Path, builder: str) -> None:
    result = build(_copy(tmp_path / "src"), builder)
    page = result.outdir / "index.html"
    assert set(SCRIPTS) <= set(scripts_of(page))
    assert len(slots_of(page)) == 1
    urls = set(data_of(result.outdir)["cards"])
    if builder == "dirhtml":
        assert "tabs/#concept-gradient--ml-engineer--manager" in urls
    else:
        assert "index.html#concept-gradient--ml-engineer--manager" in urls


@pytest.mark.parametrize("builder", ["epub", "latex", "text"])
def test_other_builders_get_no_script(tmp_path: Path, builder: str) -> None:
    result = build(
        _copy(tmp_path / "src"),
        builder,
        confoverrides={"copyright": "2026, the authors", "version": "1.0"},
    )
    assert not list(result.outdir.rglob("sphinx-concepts-*.js"))
    if builder == "epub":
        (book,) = result.outdir.glob("*.epub")
        with zipfile.ZipFile(book) as archive:
            assert not [
                n for n in archive.namelist() if n.endswith(".js") and "concepts" in n
            ]
            page = archive.read("index.xhtml").decode("utf-8")
        assert "concept-audience-slot" not in page


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"audience_labels": ["Managers"]}, "dict of audience name"),
        ({"audience_labels": {"Manager": ""}}, "non-empty string"),
        ({"audience_choice": "yes"}, "True or False"),
        ({"previews": 1}, "True or False"),
        ({"latex_pagerefs": None}, "True or False"),
    ],
)
def test_bad_settings_are_named(values: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigValueError, match=message):
        ConceptsConfig.from_values(values)

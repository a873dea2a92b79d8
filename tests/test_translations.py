"""Card and index labels follow the project's ``language``; German ships.

The labels come from the ``sphinx_concepts`` message catalog in
``sphinx_concepts/locales``; the concept texts themselves are the author's and stay
as written.
"""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import sphinx_concepts
from build_helpers import CONF, BuildResult, build, write_project

LOCALES = Path(sphinx_concepts.__file__).parent / "locales"

FILES = {
    "conf.py": CONF,
    "index.md": """\
# Glossar

```{concept} Latenz
:specialist-role: Netzwerktechnikerin
:target-audience: Vertrieb

Die Zeit, bis eine Antwort ankommt.

## Follow-up Questions:

**Q1: Ist Latenz dasselbe wie Bandbreite?**

Nein, Bandbreite ist die Menge pro Sekunde.

## Etymology and History:

Von lateinisch *latere*, verborgen sein.

## Summary:

Wartezeit bis zur ersten Antwort.

## See also:

- [Durchsatz](<Durchsatz>): Wie viel in einer Sekunde ankommt.
```

```{concept} Latenz
:target-audience: Technik

Gemessen in Millisekunden vom Senden bis zum Empfang.
```

```{concept} Durchsatz
Datenmenge pro Zeiteinheit.
```

```{concept} #Hashtag
Ein Schlagwort mit Raute.
```
""",
}

#: What each label reads as in German, by where it shows.
GERMAN = {
    "Explanation": "Erklärung",
    "Follow-up Questions": "Weiterführende Fragen",
    "Etymology and History": "Herkunft und Geschichte",
    "Summary": "Zusammenfassung",
    "See also": "Siehe auch",
}


def build_in(language: str | None, factory: pytest.TempPathFactory) -> BuildResult:
    files = dict(FILES)
    # "classic" always renders the relation bar, which names indices by their
    # short name (alabaster's varies between versions).
    files["conf.py"] += 'html_theme = "classic"\n'
    # The bar names the concept index only when asked (issue 11: pages without
    # concepts stay as they were).
    files["conf.py"] += "concepts_index_in_relbar = True\n"
    if language:
        files["conf.py"] += f"language = {language!r}\n"
    return build(write_project(factory.mktemp(f"lang-{language}"), files))


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build_in("de", tmp_path_factory)


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build_in(None, tmp_path_factory)


def section_labels(soup: BeautifulSoup) -> list[str]:
    card = soup.select_one("article.concept-card")
    assert card is not None
    return [h.get_text(strip=True) for h in card.select(".concept-section-title")]


def meta_line(soup: BeautifulSoup) -> str:
    meta = soup.select_one("article.concept-card .concept-meta")
    assert meta is not None
    return meta.get_text(" ", strip=True)


def index_page(result: BuildResult) -> BeautifulSoup:
    return result.soup("concept-index")


def test_german_card_labels(german: BuildResult) -> None:
    assert german.warning_lines() == []
    soup = german.soup("index")
    assert section_labels(soup) == list(GERMAN.values())
    assert meta_line(soup) == "Für Vertrieb, erklärt von Netzwerktechnikerin"


def test_english_card_labels_by_default(english: BuildResult) -> None:
    assert english.warning_lines() == []
    soup = english.soup("index")
    assert section_labels(soup) == list(GERMAN)
    assert meta_line(soup) == "For Vertrieb, explained by Netzwerktechnikerin"


def test_german_concept_index(german: BuildResult) -> None:
    soup = index_page(german)
    assert soup.h1 is not None and soup.h1.get_text(strip=True) == "Begriffsverzeichnis"
    rows = [row.get_text(" ", strip=True) for row in soup.select("table.indextable tr")]
    text = "\n".join(rows)
    assert "für Vertrieb" in text and "von Netzwerktechnikerin" in text
    assert "für Technik" in text
    assert "Symbole" in text  # the letter group of "#Hashtag"
    # The relation bar names the index by its short name.
    assert soup.find("a", string="Begriffe") is not None


def test_english_concept_index(english: BuildResult) -> None:
    soup = index_page(english)
    assert soup.h1 is not None and soup.h1.get_text(strip=True) == "Concept Index"
    text = "\n".join(
        r.get_text(" ", strip=True) for r in soup.select("table.indextable tr")
    )
    assert "for Vertrieb" in text and "Symbols" in text


def test_catalog_covers_every_message() -> None:
    """The shipped template lists every marked label and German translates each
    one; the compiled ``.mo`` (what Sphinx loads) matches the ``.po``."""
    template = (LOCALES / "sphinx_concepts.pot").read_text(encoding="utf-8")
    messages = [
        line[len('msgid "') : -1]
        for line in template.splitlines()
        if line.startswith('msgid "') and line != 'msgid ""'
    ]
    for label in [*GERMAN, "For %s", "explained by %s", "Concept Index", "concepts"]:
        assert label in messages
    # Every message the code marks, read from the code itself, is in the template.
    assert sorted(_marked_messages() - set(messages)) == []
    with (LOCALES / "de" / "LC_MESSAGES" / "sphinx_concepts.mo").open("rb") as mo:
        german = gettext.GNUTranslations(mo)
    untranslated = [m for m in messages if german.gettext(m) == m]
    assert untranslated == []


def _marked_messages() -> set[str]:
    """String literals passed to ``_()`` anywhere in the package."""
    package = LOCALES.parent
    found: set[str] = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found

"""Concepts on paper: page numbers and bookmarks in the PDF (issue 13).

* Every concept link and see-also entry is followed by the page of its target,
  " (page 12)", and that page really holds the card (read with ``pdftotext``).
* The concept index lists, for each entry, the page of its card.
* Every card is an entry of the PDF outline, beneath the section it stands in,
  and leads to the card's page (read with pypdf).

The PDF checks need ``latexmk`` and poppler's ``pdftotext`` (CI installs both;
elsewhere they skip, saying so).  The ``.tex`` checks always run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from build_helpers import EXAMPLE_DOCS, BuildResult, build, copy_project

HAVE_TEX = all(shutil.which(tool) for tool in ("latexmk", "pdflatex", "pdftotext"))
needs_tex = pytest.mark.skipif(
    not HAVE_TEX,
    reason="latexmk, pdflatex and pdftotext are needed to build and read the PDF "
    "(CI installs latexmk, texlive-latex-extra and poppler-utils)",
)

PAGEREF = re.compile(r"\\sphinxConceptPageRef\{\\detokenize\{([^}]*)\}\}")
CARD = re.compile(
    r"\\begin\{sphinxConceptCard\}\\sphinxConceptBookmark\{(.*?)\}\{[^}]*\}"
    r"\\phantomsection\\label\{\\detokenize\{([^}]*)\}\}\s*\\sphinxConceptTitle\{(.*?)\}\n"
    r"(?:\s*\\sphinxConceptMeta\{(.*?)\}\n)?"
)
INDEX_ENTRY = re.compile(
    r"\\sphinxstyleindexentry\{(.*?)\}(?:\\sphinxstyleindexextra\{(.*?)\})?"
    r"\\sphinxstyleindexpageref\{([^:}]*):\\detokenize\{([^}]*)\}\}"
)
#: The label of the concept index in the PDF (see sphinxconcepts.sty).
INDEX_LABEL = "sphinxconcepts:index"
ANY_PAGEREF = re.compile(
    r"\\sphinxConceptPageRef\{\\detokenize\{([^}]*)\}\}"
    r"|\(\\autopageref\*\{\\detokenize\{(" + INDEX_LABEL + r")\}\}\)"
)
HEADING = re.compile(r"\\(chapter|section|subsection)\{(.*?)\}\n")


def _tex(result: BuildResult) -> str:
    (tex,) = result.outdir.glob("*.tex")
    return tex.read_text(encoding="utf-8")


def _plain(tex: str) -> str:
    """The words of a bit of the .tex, as the PDF shows them."""
    return " ".join(tex.replace(r"\sphinxhyphen{}", "-").split())


def _words(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split())


def _loosely(words: str) -> str:
    """A pattern for ``words`` where a narrow column may have broken a line
    (with a hyphen, or at a hyphen) between any two characters."""
    chars = [re.escape(c) for c in re.sub(r"[\s\-]+", "", words)]
    return r"[\s\-]*".join(chars) + r"(?!\d)"


@pytest.fixture(scope="module")
def example_latex(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The example site, its concept table as a list: pdftotext reads a table's
    narrow columns line by line across cells, which splits "(page 12)" apart.
    (The .tex of the table is checked like everything else.)"""
    src = copy_project(EXAMPLE_DOCS, tmp_path_factory.mktemp("print") / "src")
    overview = src / "overview.md"
    text = overview.read_text(encoding="utf-8")
    assert ":style: table\n" in text
    overview.write_text(text.replace(":style: table\n", ""), encoding="utf-8")
    result = build(src, "latex")
    assert result.warnings == "", result.warnings
    return result


class Pdf:
    """The compiled PDF of a LaTeX build, as text per page and as pypdf sees it."""

    def __init__(self, result: BuildResult) -> None:
        (tex,) = result.outdir.glob("*.tex")
        run = subprocess.run(
            ["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", tex.name],
            cwd=result.outdir,
            capture_output=True,
            timeout=300,
        )
        log = tex.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
        assert run.returncode == 0, log[-3000:]
        assert not re.findall(r"Reference `[^']*' on page \d+ undefined", log)
        self.path = tex.with_suffix(".pdf")
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(self.path), "-"],
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout.decode("utf-8")
        #: Page number (1-based, as pdftotext counts them) -> the page's words.
        self.pages = [_words(page) for page in text.split("\f")]
        #: The whole text, pages joined.
        self.text = " ".join(self.pages)
        from pypdf import PdfReader

        self.reader = PdfReader(self.path)
        #: What each page prints as its number (front matter counts apart).
        self.labels = list(self.reader.page_labels)

    def printed(self, number: int) -> int:
        """The page (1-based, as pdftotext counts) printed with ``number``."""
        assert str(number) in self.labels, number
        return self.labels.index(str(number)) + 1

    def outline_page(self, title: str) -> int:
        """The page a top-level outline entry leads to."""
        for item in self.reader.outline:
            if not isinstance(item, list) and _words(item.title) == title:
                return int(self.reader.get_destination_page_number(item)) + 1
        raise AssertionError(f"no outline entry {title!r}")


@pytest.fixture(scope="module")
def example_pdf(example_latex: BuildResult) -> Pdf:
    if not HAVE_TEX:
        pytest.skip("no latexmk/pdftotext")
    return Pdf(example_latex)


def _cards(tex: str) -> dict[str, dict[str, str]]:
    """Card label -> its title, audience line and bookmark text, from the .tex."""
    cards = {}
    for bookmark, label, title, meta in CARD.findall(tex):
        cards[label] = {
            "title": _plain(title),
            "meta": _plain(meta or ""),
            "bookmark": _plain(bookmark),
        }
    return cards


def _page_of_card(pdf: Pdf, card: dict[str, str]) -> int:
    """The one page on which the card starts: its title followed by its meta line
    (variants of one concept share the title)."""
    start = f"{card['title']} {card['meta']}".strip()
    found = [n + 1 for n, page in enumerate(pdf.pages) if start in page]
    assert len(found) == 1, (card, found)
    return found[0]


# -- the .tex ------------------------------------------------------------------------
def _closing(tex: str, start: int) -> int:
    """Where the group opened at ``start`` (a ``{``) closes."""
    depth = 0
    for index in range(start, len(tex)):
        if tex[index] == "{" and tex[index - 1] != "\\":
            depth += 1
        elif tex[index] == "}" and tex[index - 1] != "\\":
            depth -= 1
            if depth == 0:
                return index
    raise AssertionError("unbalanced braces")


@pytest.mark.parametrize("style", ["list", "table"])
def test_every_link_to_a_card_asks_for_the_page_of_its_card(
    example_latex: BuildResult, tmp_path: Path, style: str
) -> None:
    """References, see-also entries, concept lists and backlinks alike."""
    if style == "table":
        example_latex = build(copy_project(EXAMPLE_DOCS, tmp_path / "src"), "latex")
        assert r"\begin{tabulary}" in _tex(example_latex)
    tex = _tex(example_latex)
    cards = _cards(tex)
    links = 0
    for match in re.finditer(r"\{\\hyperref\[\\detokenize\{([^}]*)\}\]", tex):
        end = _closing(tex, match.start())
        if match.group(1) not in cards or "std-ref" in tex[match.start() : end]:
            continue  # a link to a section or a page, or Sphinx's own {ref}
        links += 1
        after = tex[end + 1 :]
        expected = rf"\sphinxConceptPageRef{{\detokenize{{{match.group(1)}}}}}"
        assert after.startswith(expected), (match.group(1), after[:80])
    assert links >= 60  # the example's references, see-also lists, lists


def test_page_numbers_follow_sphinx_and_the_setting(tmp_path: Path) -> None:
    src = copy_project(EXAMPLE_DOCS, tmp_path / "a")
    # Sphinx's own page references already cover every link: no second one.
    both = _tex(build(src, "latex", confoverrides={"latex_show_pagerefs": True}))
    assert PAGEREF.findall(both) == []
    assert len(re.findall(r"\\autopageref\*", both)) >= 40
    off = _tex(build(src, "latex", confoverrides={"concepts_latex_pagerefs": False}))
    assert PAGEREF.findall(off) == []
    assert r"\sphinxConceptBookmark" in off  # bookmarks are not page references


def test_every_card_has_a_bookmark_naming_its_audience(
    example_latex: BuildResult,
) -> None:
    cards = _cards(_tex(example_latex))
    assert len(cards) == _tex(example_latex).count(r"\begin{sphinxConceptCard}")
    for card in cards.values():
        audience = re.match(r"For (.*?)(?:, explained by .*)?$", card["meta"])
        assert audience, card
        assert card["bookmark"] == f"{card['title']} (for {audience.group(1)})"


# -- the PDF -----------------------------------------------------------------------
@needs_tex
@pytest.mark.pdf
def test_pdf_links_give_the_page_their_card_is_on(
    example_latex: BuildResult, example_pdf: Pdf
) -> None:
    tex = _tex(example_latex)
    cards = _cards(tex)
    # Every page reference of the .tex, in document order: ours, to cards, and
    # the one a {ref} to the concept index gets.
    asked = [card or index for card, index in ANY_PAGEREF.findall(tex)]
    assert len([label for label in asked if label in cards]) >= 60
    printed = [int(n) for n in re.findall(r"\(page (\d+)\)", example_pdf.text)]
    assert len(printed) == len(asked)
    pages = {label: _page_of_card(example_pdf, card) for label, card in cards.items()}
    pages[INDEX_LABEL] = example_pdf.outline_page("Concept Index")
    for label, number in zip(asked, printed, strict=True):
        assert example_pdf.printed(number) == pages[label], (label, number)
    # The picture in the docs: the card page (a summary and a see-also list on
    # it) whose links give most pages.
    busiest = max(
        range(len(example_pdf.pages)),
        key=lambda n: (
            example_pdf.pages[n].count("(page ")
            * all(label in example_pdf.pages[n] for label in ("Summary", "See also"))
        ),
    )
    folder = os.environ.get("SPHINX_CONCEPTS_SCREENSHOTS")
    picture = Path(folder) if folder else example_pdf.path.parent
    page = str(busiest + 1)
    options = ["-png", "-r", "70", "-singlefile", "-f", page, "-l", page]
    subprocess.run(
        [
            "pdftoppm",
            *options,
            str(example_pdf.path),
            str(picture / "reading-pdf-pages"),
        ],
        check=True,
        timeout=60,
    )
    assert (picture / "reading-pdf-pages.png").stat().st_size > 10_000


@needs_tex
@pytest.mark.pdf
def test_pdf_concept_index_lists_the_page_of_each_card(
    example_latex: BuildResult, example_pdf: Pdf
) -> None:
    tex = _tex(example_latex)
    cards = _cards(tex)
    index_tex = tex.split(r"\renewcommand{\indexname}{Concept Index}")[1]
    index_tex = index_tex.split(r"\end{sphinxtheindex}")[0]
    entries = INDEX_ENTRY.findall(index_tex)
    assert len(entries) >= len(cards)  # a concept, its variants and aliases
    # The index as printed: its pages, up to the general index after it.  Its two
    # columns come out of pdftotext interleaved, so each entry is looked for by
    # its words ("for Software Engineer (by ML Engineer), 9"), not its place;
    # hyphens and spaces do not count (narrow columns break lines).
    first = example_pdf.outline_page("Concept Index")
    end = example_pdf.outline_page("Index")
    text = " ".join(example_pdf.pages[first - 1 : end - 1])
    expected = Counter(
        (
            _plain(name) + (f" ({_plain(extra)})" if extra else ""),
            _page_of_card(example_pdf, cards[f"{doc}:{anchor}"]),
        )
        for name, extra, doc, anchor in entries
    )
    for (entry, page), times in expected.items():
        folio = example_pdf.labels[page - 1]
        found = re.findall(_loosely(f"{entry}, {folio}"), text)
        assert len(found) >= times, (entry, folio)


@needs_tex
@pytest.mark.pdf
def test_pdf_outline_has_every_card_under_its_section(
    example_latex: BuildResult, example_pdf: Pdf
) -> None:
    tex = _tex(example_latex)
    cards = _cards(tex)
    # Each card's section: the last heading before it in the .tex.
    expected: dict[str, str] = {}
    for match in CARD.finditer(tex):
        headings = HEADING.findall(tex, 0, match.start())
        expected[cards[match.group(2)]["bookmark"]] = _plain(headings[-1][1])
    reader = example_pdf.reader
    found: dict[str, tuple[str, int]] = {}

    def walk(items: list[Any], parent: str) -> None:
        last = parent
        for item in items:
            if isinstance(item, list):
                walk(item, last)
            else:
                last = _words(item.title)
                if last in expected:
                    page = reader.get_destination_page_number(item) + 1
                    found[last] = (parent, page)

    walk(reader.outline, "")
    assert set(found) == set(expected)
    for card in cards.values():
        parent, page = found[card["bookmark"]]
        assert parent == expected[card["bookmark"]], card
        assert page == _page_of_card(example_pdf, card), card

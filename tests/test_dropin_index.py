"""The concept index, in HTML and in the PDF (issue 11, points 2, 3 and 5).

2. The variants beneath each concept are visible without a click.
3. Aliases are listed in the concept index and in the general index, pointing
   to their concept.
5. ``{ref}`concept-index``` in the PDF is a link to the index, with its page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_helpers import CONF, BuildResult, assert_no_crash, build, write_project
from test_latex_pdf import compile_pdf, needs_tex, pdf_text, tex_of

FILES = {
    "conf.py": CONF
    + 'project = "Index"\nconcepts_default_target_audience = "Managers"\n',
    "index.md": "# Index test\n\n```{toctree}\nterms\n```\n\n"
    "See the {ref}`concept-index` and {ref}`the list of concepts <concept-index>`.\n",
    "terms.md": "# Terms\n\n"
    "```{concept} Attention\n:target-audience: Managers\n\n"
    "Focus on what matters.\n```\n\n"
    "```{concept} Attention\n:target-audience: Engineers\n\n"
    "Weights over a sequence.\n```\n\n"
    "```{concept} concepts/gradient.yaml\n```\n",
    "concepts/gradient.yaml": "concept: Gradient Descent\n"
    "aliases: [GD, Steepest Descent, gradient-descent]\n"
    "explanation: Walk downhill.\n",
}


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    files = dict(FILES)
    files["conf.py"] += 'exclude_patterns.append("concepts/**")\n'
    result = build(write_project(tmp_path_factory.mktemp("index-html"), files))
    assert_no_crash(result)
    assert result.warning_lines() == []
    return result


@pytest.fixture(scope="module")
def latex(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    files = dict(FILES)
    files["conf.py"] += 'exclude_patterns.append("concepts/**")\n'
    result = build(write_project(tmp_path_factory.mktemp("index-tex"), files), "latex")
    assert_no_crash(result)
    assert result.warning_lines() == []
    return result


def rows(result: BuildResult) -> list[tuple[str, str, str]]:
    """(text, link, row class) of every row of the concept index."""
    found = []
    for row in result.soup("concept-index").select("table.indextable tr"):
        link = row.select_one("a")
        text = " ".join(row.get_text(" ").split())
        if text and len(text) > 1:
            found.append(
                (text, link["href"] if link else "", " ".join(row.get("class", [])))
            )
    return found


def test_p2_variants_are_visible_without_a_click(html: BuildResult) -> None:
    page = html.html("concept-index")
    # With it, Sphinx's script hides every variant row behind a tiny toggle.
    assert "COLLAPSE_INDEX = true" not in page
    found = rows(html)
    texts = [text for text, _, _ in found]
    attention = texts.index("Attention")
    # Its variants are the rows right beneath it, each to its own card.
    assert texts[attention + 1 : attention + 3] == ["for Managers", "for Engineers"]
    links = {text: href for text, href, _ in found}
    assert links["for Managers"].endswith("#concept-attention--managers")
    assert links["for Engineers"].endswith("#concept-attention--engineers")


def test_p3_aliases_in_the_concept_index(html: BuildResult) -> None:
    found = rows(html)
    by_text = {text: href for text, href, _ in found}
    card = "terms.html#concept-gradient-descent--managers"
    assert by_text["GD (see Gradient Descent)"] == card
    assert by_text["Steepest Descent (see Gradient Descent)"] == card
    # An alias that only respells the title is not listed again.
    assert not any(text.startswith("gradient-descent") for text in by_text)
    # Filed under their own letter, in order with the concepts.
    texts = [text for text, _, _ in found]
    assert texts[3:] == [
        "GD (see Gradient Descent)",
        "Gradient Descent (for Managers)",
        "Steepest Descent (see Gradient Descent)",
    ]


def test_p3_aliases_in_the_general_index(html: BuildResult) -> None:
    soup = html.soup("genindex")
    entries = {}
    for item in soup.select("table.indextable li"):
        own = item.find(string=True, recursive=False)
        if own and own.strip():
            entries[own.strip()] = item
    alias = entries["GD"]
    (sub,) = alias.select("ul li a")
    assert sub.get_text() == "Gradient Descent"
    assert sub["href"] == "terms.html#concept-gradient-descent--managers"
    assert "Steepest Descent" in entries


def test_p2_p3_index_in_the_latex(latex: BuildResult) -> None:
    tex = tex_of(latex)
    index = tex[tex.index(r"\renewcommand{\indexname}{Concept Index}") :]
    items = re.findall(r"\\sphinxstyleindexentry\{([^}]*)\}", index)
    assert items[:3] == ["Attention", "for Managers", "for Engineers"]
    assert (
        r"\sphinxstyleindexentry{GD}\sphinxstyleindexextra{see Gradient Descent}"
        in index
    )
    # General index: the alias, with the concept beneath it.
    assert re.search(r"\\index\{GD@\\spxentry\{GD\}!Gradient Descent", tex)


def test_p5_ref_to_the_concept_index_is_a_link_with_a_page(latex: BuildResult) -> None:
    tex = tex_of(latex)
    assert "concept\\sphinxhyphen{}index" not in tex  # never the bare label
    links = re.findall(
        r"\\hyperref\[sphinxconcepts:index\]\{\\sphinxcrossref\{([^}]*)\}\} "
        r"\(\\autopageref\*\{\\detokenize\{sphinxconcepts:index\}\}\)",
        tex,
    )
    assert links == ["Concept Index", "the list of concepts"]


@needs_tex
@pytest.mark.pdf
def test_p5_pdf_link_lands_on_the_index_page(latex: BuildResult) -> None:
    pdf, log = compile_pdf(latex)
    aux = pdf.with_suffix(".aux").read_text(encoding="utf-8", errors="replace")
    match = re.search(r"\\newlabel\{sphinxconcepts:index\}\{\{[^}]*\}\{(\d+)\}", aux)
    assert match, "the concept index has no label"
    page = match.group(1)
    pages = pdf_text(pdf).split("\f")
    (index_page,) = [
        p for p in pages if "CONCEPT INDEX" in p.upper() and "Steepest Descent" in p
    ]
    lines = [line.strip() for line in index_page.splitlines() if line.strip()]
    assert lines[-1] == page  # the number printed on the index's page
    assert "GD (see Gradient Descent), 1" in lines  # the aliases, in the PDF
    text = " ".join("".join(pages).split())
    assert f"Concept Index (page {page})" in text
    assert f"the list of concepts (page {page})" in text
    assert "Hyper reference `sphinxconcepts:index'" not in log


def test_p5_no_index_in_the_book_warns(tmp_path: Path) -> None:
    files = dict(FILES)
    files["conf.py"] += (
        'exclude_patterns.append("concepts/**")\nlatex_domain_indices = False\n'
    )
    result = build(write_project(tmp_path / "src", files), "latex")
    assert_no_crash(result)
    warnings = result.concept_warnings()
    assert len(warnings) == 2
    assert all("the concept index is not in this document" in w for w in warnings)
    assert "sphinxconcepts:index" not in tex_of(result)

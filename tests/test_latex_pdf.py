"""Concept cards in LaTeX and in the PDF that ``latexmk`` makes of it (SPEC 5, 8).

The ``.tex`` checks always run.  The PDF checks (marked ``pdf``) need ``latexmk``
and poppler's ``pdftotext``; CI installs both, elsewhere they are skipped with the
reason.  CJK titles are checked in the ``.tex`` only: pdflatex has no CJK glyphs
without extra packages, so the PDF build leaves the CJK page out.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from build_helpers import (
    BuildResult,
    SharedBuilds,
    assert_no_crash,
    build,
    copy_root,
    example_concepts,
    shown_questions,
    squeeze,
)
from sphinx_concepts.core.plaintext import plain_text

HAVE_TEX = all(shutil.which(tool) for tool in ("latexmk", "pdflatex", "pdftotext"))
needs_tex = pytest.mark.skipif(
    not HAVE_TEX,
    reason="latexmk, pdflatex and pdftotext are needed to build and read the PDF "
    "(CI installs latexmk, texlive-latex-extra and poppler-utils)",
)

HYPHEN = r"\sphinxhyphen{}"
HYPERREF = re.compile(r"\\hyperref\[\\detokenize\{([^}]*)\}\]")
LABEL = re.compile(r"\\label\{\\detokenize\{([^}]*)\}\}")
#: A card's PDF bookmark (issue 13), then its label and title.
BOOKMARK = r"(?:\\sphinxConceptBookmark\{.*?\}\{concept\.[0-9a-f]+\})?"
LABEL_THEN_TITLE = (
    r"\\phantomsection\\label\{\\detokenize\{[^}]+\}\}\s*\\sphinxConceptTitle\{"
)
INDEX_PAGEREF = re.compile(
    r"\\sphinxstyleindexpageref\{([^:}]*):\\detokenize\{([^}]*)\}\}"
)


def tex_of(result: BuildResult) -> str:
    (tex,) = result.outdir.glob("*.tex")
    return tex.read_text(encoding="utf-8")


def compile_pdf(result: BuildResult) -> tuple[Path, str]:
    """Run latexmk the way ``make latexpdf`` does; return the PDF and the TeX log."""
    (tex,) = result.outdir.glob("*.tex")
    run = subprocess.run(
        ["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", tex.name],
        cwd=result.outdir,
        capture_output=True,  # latexmk echoes TeX's 8-bit output: keep bytes
        timeout=300,
    )
    log = tex.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    assert run.returncode == 0, log[-3000:]
    return tex.with_suffix(".pdf"), log


def pdf_text(pdf: Path) -> str:
    run = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return run.stdout.decode("utf-8")


def undefined_references(log: str) -> list[str]:
    return re.findall(
        r"(?:Reference|Hyper reference) `[^']*' on page \d+ undefined", log
    )


# --- builds, one per project ---


@pytest.fixture(scope="module")
def example_latex(example_site: SharedBuilds) -> BuildResult:
    return example_site("latex")


@pytest.fixture(scope="module")
def special_latex(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    src = copy_root("latex-special", tmp_path_factory.mktemp("special") / "src")
    return build(src, "latex")


@pytest.fixture(scope="module")
def example_pdf(example_latex: BuildResult) -> tuple[Path, str]:
    if not HAVE_TEX:
        pytest.skip("no latexmk/pdftotext")
    return compile_pdf(example_latex)


@pytest.fixture(scope="module")
def special_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    if not HAVE_TEX:
        pytest.skip("no latexmk/pdftotext")
    src = copy_root("latex-special", tmp_path_factory.mktemp("special-pdf") / "src")
    (src / "cjk.md").unlink()  # pdflatex cannot typeset CJK (see module docstring)
    result = build(src, "latex")
    assert result.warning_lines() == []
    return compile_pdf(result)


# --- the .tex ---


@pytest.mark.parametrize("project", ["example_latex", "special_latex"])
def test_latex_builds_without_warnings(
    request: pytest.FixtureRequest, project: str
) -> None:
    result: BuildResult = request.getfixturevalue(project)
    assert_no_crash(result)
    assert result.warning_lines() == []


@pytest.mark.parametrize("project", ["example_latex", "special_latex"])
def test_every_link_target_has_a_label(
    request: pytest.FixtureRequest, project: str
) -> None:
    tex = tex_of(request.getfixturevalue(project))
    labels = set(LABEL.findall(tex))
    targets = HYPERREF.findall(tex)
    assert len([t for t in targets if ":concept-" in t]) >= 5
    missing = sorted({t for t in targets if t not in labels})
    assert missing == []
    # The concept index links with \pageref to "docname:anchor".
    index_targets = [f"{doc}:{anchor}" for doc, anchor in INDEX_PAGEREF.findall(tex)]
    assert index_targets
    assert sorted({t for t in index_targets if t not in labels}) == []


def test_cards_are_typeset_as_units(example_latex: BuildResult) -> None:
    tex = tex_of(example_latex)
    assert r"\usepackage{sphinxconcepts}" in tex
    assert (example_latex.outdir / "sphinxconcepts.sty").is_file()
    cards = re.findall(
        r"\\begin\{sphinxConceptCard\}(.*?)\\end\{sphinxConceptCard\}", tex, re.S
    )
    assert len(cards) == len(example_concepts()) + 1  # + the inline Tokenization card
    for card in cards:
        assert re.match(BOOKMARK + LABEL_THEN_TITLE, card)
        assert r"\sphinxConceptMeta{" in card
        assert r"\sphinxConceptLabel{Summary}" in card
    questions = re.findall(r"\\sphinxlineitem\{", "".join(cards))
    assert len(questions) >= sum(len(shown_questions(c)) for c in example_concepts())


def test_concept_index_is_a_domain_index(example_latex: BuildResult) -> None:
    tex = tex_of(example_latex)
    start = tex.index(r"\renewcommand{\indexname}{Concept Index}")
    index = tex[start : tex.index(r"\end{sphinxtheindex}", start)]
    for concept in example_concepts():
        title = concept.title.replace("-", HYPHEN)
        assert rf"\sphinxstyleindexentry{{{title}}}" in index


def test_titles_with_punctuation_get_distinct_labels(
    special_latex: BuildResult,
) -> None:
    tex = tex_of(special_latex)
    card_labels = re.findall(
        r"\\begin\{sphinxConceptCard\}"
        + BOOKMARK
        + r"\\phantomsection\\label\{\\detokenize\{([^}]*)\}\}\s*"
        r"\\sphinxConceptTitle\{(.*?)\}\n",
        tex,
    )
    by_title = {title: label for label, title in card_labels}
    assert set(by_title) >= {"C", "C++", r"C\#", "Réseau de neurones", "注意力机制"}
    assert len(set(by_title.values())) == len(by_title)
    # Labels are ASCII (Sphinx spells other characters out), so any engine takes them.
    assert all(label.isascii() for label in by_title.values())


def test_tex_commands_in_concept_text_are_escaped(special_latex: BuildResult) -> None:
    tex = tex_of(special_latex)
    body = tex[tex.index(r"\sphinxConceptTitle{Shell Escape}") :]
    for command in (r"\input{", r"\write18", r"\immediate"):
        assert command not in body
    assert r"\textbackslash{}input\{/etc/passwd\}" in body
    assert r"\textbackslash{}write18\{touch pwned\}" in body
    assert r"\$HOME, 50\%, a\_b" in body


# --- the PDF ---


@pytest.mark.pdf
@needs_tex
def test_pdf_shows_every_title_question_and_summary(
    example_pdf: tuple[Path, str],
) -> None:
    pdf, _log = example_pdf
    text = squeeze(pdf_text(pdf))
    for concept in example_concepts():
        assert squeeze(concept.title) in text, concept.title
        assert squeeze(plain_text(concept.summary.markdown)) in text, concept.title
        for question in shown_questions(concept):
            assert squeeze(question) in text, question
    assert squeeze("Concept Index") in text


@pytest.mark.pdf
@needs_tex
def test_pdf_links_resolve(example_pdf: tuple[Path, str]) -> None:
    pdf, log = example_pdf
    assert undefined_references(log) == []
    # pdftohtml lists the PDF's link annotations; internal ones point at a page.
    run = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-stdout", str(pdf)],
        capture_output=True,
        check=True,
        timeout=60,
    )
    xml = run.stdout.decode("utf-8", errors="replace")
    assert len(re.findall(r'<a href="[^"]*#\d+', xml)) >= 10


@pytest.mark.pdf
@needs_tex
def test_pdf_shows_non_ascii_titles_and_tex_as_text(
    special_pdf: tuple[Path, str],
) -> None:
    pdf, log = special_pdf
    assert undefined_references(log) == []
    text = squeeze(pdf_text(pdf))
    for shown in (
        "C++",
        "C#",
        "Réseau de neurones",
        "For Étudiants, explained by Language Lawyer",
        "Faut-il beaucoup de données ?",
        r"Typing \input{/etc/passwd} or \write18{touch pwned}",
        r"No: \immediate\write18{rm -rf /} is only text.",
    ):
        assert squeeze(shown) in text, shown

"""Bad input never breaks a build (SPEC 7, issue 4).

Every case is a page of one real HTML build: a good concept, then a ``concept``
directive reading the bad source, then a paragraph.  Each case checks that the bad
source warns with ``concept.<subtype>`` at its file and exact line, that the page
and its good concept still render, and (for the whole build) that no traceback or
"Extension error" reached the user.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from build_helpers import CONF, BuildResult, assert_no_crash, build, write_project

#: The page line of the directive reading the bad source (see ``_page``).
DIRECTIVE_LINE = 7
LIMIT = 20_000  # concepts_max_source_bytes of the project

# Ten levels of ten aliases: expanded naively that is 10**9 values (many GB).
_BOMB = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10)
)


@dataclass(frozen=True)
class Case:
    """One bad source, the directive argument that reads it, and what it must say."""

    id: str
    files: dict[str, str | bytes]  # relative to the project folder
    argument: str
    #: (subtype, file relative to the project folder, line or None)
    warnings: tuple[tuple[str, str, int | None], ...]
    #: titles of concepts in the bad source that must still render
    renders: tuple[str, ...] = ()
    #: extra warning-free check: the source must not warn at all
    clean: bool = False
    conf: dict[str, str] = field(default_factory=dict)


def _one(
    case_id: str,
    name: str,
    content: str | bytes,
    *warnings: tuple[str, int | None],
    renders: tuple[str, ...] = (),
) -> Case:
    path = f"src/bad/{name}"
    return Case(
        case_id,
        {path: content},
        f"bad/{name}",
        tuple((subtype, path, line) for subtype, line in warnings),
        renders,
    )


TYPES_YAML = """\
concept: Typed
specialist_role: [a, b]
target_audience: {a: b}
aliases: {a: b}
tags: {a: b}
explanation: [x]
follow_up: some text
etymology: [y]
summary: {a: b}
see_also: {a: b}
sections: {a: b}
follow_up_intro: [z]
see_also_intro: {a: b}
"""

TYPES_NESTED_YAML = """\
concept: Nested types
follow_up:
  - question: [not, text]
    answer: fine
  - question: Fine?
    answer: {not: text}
  - just a string
see_also:
  - {concept: [x], title: T}
  - [a, list]
sections:
  - {title: [x], body: b}
  - {title: Extra, body: [not, text]}
  - 42
"""

TYPES_FRONT_MD = """\
---
specialist_role: [a, b]
aliases: {a: b}
target_audience: {x: y}
---

## Concept: Front types

Still explained.
"""

UNSAFE_YAML = """\
concept: Unsafe <script>alert(0)</script>
explanation: Explained <script>alert('explanation')</script>
follow_up_intro: Before <img src="x" onerror="alert(3)">
follow_up:
  - question: Why <script>alert('question')</script>?
    answer: Because <script>alert('answer')</script>
etymology: From <iframe src="https://evil.example"></iframe>
summary: Summed <script>alert('summary')</script>
see_also_intro: <b onclick="alert('see_also_intro')">see</b>
see_also:
  - title: Link <script>alert('see_also title')</script>
    concept: Something
    description: Described <script>alert('see_also description')</script>
sections:
  - title: Extra <script>alert('section title')</script>
    body: Body <script>alert('section body')</script>
"""

UNSAFE_MD = """\
## Concept: Markdown <script>alert(0)</script>

Explained <script>alert('md explanation')</script>

<script>alert('md block')</script>

## Summary:

Summed <em onmouseover="alert('md summary')">x</em>
"""

URLS_YAML = """\
concept: Schemes
explanation: |
  [one](javascript:alert(1)), [two](data:text/html;base64,PHNjcmlwdD4=),
  [three](vbscript:msgbox(1))

  [four](JaVaScRiPt:alert(4)) and [five](java&#09;script:alert(5))
see_also:
  - javascript:alert(6)
  - {title: Data, url: 'data:text/html,<script>alert(7)</script>'}
  - 'vbscript:msgbox(8)'
  - {title: Fine, url: 'https://example.org/fine'}
"""

URLS_MD = """\
## Concept: Markdown schemes

See [this](javascript:alert(1)) and ![img](data:image/png;base64,AAAA).

## See also:

- [Evil](javascript:alert(2)): not a link
- [Evil data](data:text/html,hi): not a link either
- [Evil vb](vbscript:msgbox): nor this
- [Fine](https://example.org/): a link
"""

CASES: list[Case] = [
    _one(
        "yaml-syntax",
        "syntax.yaml",
        "concept: A\nexplanation: [unclosed\nsummary: x\n",
        ("source", 3),
    ),
    _one(
        "json-syntax",
        "syntax.json",
        '{"concept": "A",\n  "explanation": }\n',
        ("source", 2),
    ),
    _one(
        "list-of-scalars",
        "scalars.yaml",
        "- one\n- two\n",
        ("source", 1),
        ("source", 2),
    ),
    _one(
        "missing-title", "untitled.yaml", "explanation: No title here.\n", ("source", 1)
    ),
    _one(
        "wrong-types",
        "types.yaml",
        TYPES_YAML,
        *(("source", line) for line in range(2, 14)),
        renders=("Typed",),
    ),
    _one(
        "wrong-types-nested",
        "types_nested.yaml",
        TYPES_NESTED_YAML,
        ("source", 3),
        ("source", 5),
        ("source", 6),
        ("source", 7),
        ("source", 9),
        ("source", 10),
        ("source", 12),
        ("source", 13),
        ("source", 14),
        renders=("Nested types",),
    ),
    _one(
        "wrong-types-front-matter",
        "types_front.md",
        TYPES_FRONT_MD,
        ("source", 2),
        ("source", 3),
        ("source", 4),
        renders=("Front types",),
    ),
    _one("title-not-text", "title_list.yaml", "concept: [a, b]\n", ("source", 1)),
    _one(
        "question-without-answer",
        "unanswered.yaml",
        "concept: Asked\nfollow_up:\n  - question: Why?\n"
        "  - question: How?\n    answer: So.\n",
        ("source", 3),
        renders=("Asked",),
    ),
    _one(
        "question-without-answer-md",
        "unanswered.md",
        "## Concept: Asked in Markdown\n\nBody.\n\n## Follow-up Questions:\n\n"
        "**Q1: Why not?**\n\n**Q2: And then?**\n\nThen this.\n",
        ("source", 7),
        renders=("Asked in Markdown",),
    ),
    _one("empty-yaml", "empty.yaml", "", ("source", 1)),
    _one("empty-json", "empty.json", "", ("source", 1)),
    _one("empty-md", "empty.md", "", ("source", 1)),
    _one(
        "only-front-matter",
        "front_only.md",
        "---\nspecialist_role: Writer\n---\n",
        ("source", 1),
    ),
    _one(
        "not-utf8",
        "latin1.yaml",
        b"concept: Ok\nexplanation: Caf\xe9 au lait\n",
        ("source", 2),
    ),
    _one("nul-bytes", "nul.md", "## Concept: Nul\n\nA\x00B\n", ("source", 3)),
    _one(
        "too-big",
        "huge.yaml",
        "concept: Huge\nexplanation: " + "x" * LIMIT + "\n",
        ("source", None),
    ),
    _one(
        "deep-nesting",
        "deep.yaml",
        "concept: Deep\nexplanation: " + "[" * 200 + "]" * 200,
        ("source", 2),
    ),
    # Deep enough for json's own RecursionError and libyaml's depth limit.
    _one("recursion-json", "recursion.json", "[" * 9000 + "]" * 9000, ("source", 1)),
    _one("recursion-yaml", "recursion.yaml", "[" * 9000 + "]" * 9000, ("source", 1)),
    _one(
        "python-tag",
        "python_tag.yaml",
        "concept: Tagged\nexplanation: !!python/object/apply:os.system\n"
        "  - touch PYTHON_TAG_RAN\n",
        ("security", 2),
        renders=("Tagged",),
    ),
    _one(
        "python-tag-title",
        "python_title.yaml",
        "concept: !!python/object/apply:os.system ['touch PYTHON_TAG_RAN']\n",
        ("security", 1),
    ),
    _one("alias-bomb", "bomb.yaml", _BOMB + "concept: Bomb\n", ("security", 1)),
    _one(
        "duplicate-yaml-keys",
        "dup_keys.yaml",
        "concept: Keys\nsummary: first\nsummary: second\n",
        ("source", 3),
        renders=("Keys",),
    ),
    _one(
        "unsafe-html-yaml",
        "unsafe.yaml",
        UNSAFE_YAML,
        # A see-also entry's title and description are located at its item.
        *(("security", line) for line in (1, 2, 3, 5, 6, 7, 8, 9, 11, 15, 16)),
        renders=("Unsafe <script>alert(0)</script>",),
    ),
    _one(
        "unsafe-html-md",
        "unsafe.md",
        UNSAFE_MD,
        ("security", 1),
        ("security", 3),
        ("security", 5),
        ("security", 9),
        renders=("Markdown <script>alert(0)</script>",),
    ),
    _one(
        "unsafe-urls-yaml",
        "urls.yaml",
        URLS_YAML,
        # Links inside a paragraph are located at the paragraph's first line.
        ("security", 3),
        ("security", 6),
        ("security", 8),
        ("security", 9),
        ("security", 10),
        renders=("Schemes",),
    ),
    _one(
        "unsafe-urls-md",
        "urls.md",
        URLS_MD,
        ("security", 3),
        ("security", 7),
        ("security", 8),
        ("security", 9),
        renders=("Markdown schemes",),
    ),
    Case(
        "missing-file",
        {},
        "bad/nowhere.yaml",
        (("source", "src/missing-file.md", DIRECTIVE_LINE),),
    ),
    Case(
        "missing-glob",
        {},
        "bad/nothing-*.yaml",
        (("source", "src/missing-glob.md", DIRECTIVE_LINE),),
    ),
    Case(
        "dotdot-traversal",
        {"outside/secret.yaml": "concept: Secret\n"},
        "../outside/secret.yaml",
        (("security", "src/dotdot-traversal.md", DIRECTIVE_LINE),),
    ),
    Case(
        "symlink-outside",
        {"outside/linked.yaml": "concept: Linked secret\n"},
        "bad/link.yaml",
        (("security", "src/symlink-outside.md", DIRECTIVE_LINE),),
    ),
    Case(
        "absolute-path-outside",
        {"outside/abs.yaml": "concept: Absolute secret\n"},
        "/../outside/abs.yaml",
        (("security", "src/absolute-path-outside.md", DIRECTIVE_LINE),),
    ),
    Case(
        "url-as-source",
        {},
        "https://example.org/x.yaml",
        (("security", "src/url-as-source.md", DIRECTIVE_LINE),),
    ),
]

#: Sources that are fine, though written in ways tools produce.
GOOD_CASES: list[Case] = [
    Case(
        "bom",
        {"src/bad/bom.yaml": "\ufeffconcept: With BOM\nexplanation: Read fine.\n"},
        "bad/bom.yaml",
        (),
        ("With BOM",),
        clean=True,
    ),
    Case(
        "bom-md",
        {"src/bad/bom.md": "\ufeff## Concept: BOM Markdown\n\nRead fine.\n"},
        "bad/bom.md",
        (),
        ("BOM Markdown",),
        clean=True,
    ),
    Case(
        "crlf",
        {
            "src/bad/crlf.md": "## Concept: Windows\r\n\r\nLine one.\r\n\r\n"
            "## Summary:\r\n\r\nShort.\r\n"
        },
        "bad/crlf.md",
        (),
        ("Windows",),
        clean=True,
    ),
    Case(
        "crlf-yaml",
        {"src/bad/crlf.yaml": "concept: Windows YAML\r\nsummary: Short.\r\n"},
        "bad/crlf.yaml",
        (),
        ("Windows YAML",),
        clean=True,
    ),
    Case(
        "yaml-1-1-scalars",
        {
            "src/bad/coerce.yaml": "- concept: No\n- concept: 3.10\n"
            "- concept: 2017-06-12\n"
            "- concept: on\n- concept: 0o17\n- concept: 1_000\n"
        },
        "bad/coerce.yaml",
        (),
        ("No", "3.10", "2017-06-12", "on", "0o17", "1_000"),
        clean=True,
    ),
    Case(
        "deep-markdown",
        {
            "src/bad/deep.md": "## Concept: Deep quotes\n\n"
            + "> " * 3000
            + "deep\n\n"
            + "- " * 3000
            + "item\n\nAfter the depths.\n"
        },
        "bad/deep.md",
        (),
        ("Deep quotes",),
        clean=True,
    ),
    Case(
        "allowed-outside-path",
        {"shared/extra.yaml": "concept: Shared concept\n"},
        "extra.yaml",
        (),
        ("Shared concept",),
        clean=True,
    ),
]
ALL = CASES + GOOD_CASES


def _page(case: Case) -> str:
    # Keep in step with DIRECTIVE_LINE.
    return (
        f"# Case {case.id}\n"
        "\n"
        f"```{{concept}} Good {case.id}\n"
        f"Good body of {case.id}.\n"
        "```\n"
        "\n"
        f"```{{concept}} {case.argument}\n"
        "```\n"
        "\n"
        f"After {case.id}.\n"
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    base = tmp_path_factory.mktemp("bad-input")
    files: dict[str, str | bytes] = {
        "src/conf.py": CONF
        + f"exclude_patterns += ['bad/**']\nconcepts_max_source_bytes = {LIMIT}\n"
        + "concepts_paths = ['../shared']\n",
        "src/index.md": "# Bad input\n\n```{toctree}\n"
        + "".join(f"{case.id}\n" for case in ALL)
        + "```\n",
    }
    for case in ALL:
        files.update(case.files)
        files[f"src/{case.id}.md"] = _page(case)
    write_project(base, files)
    os.symlink(base / "outside" / "linked.yaml", base / "src" / "bad" / "link.yaml")
    # A Python tag that ran would create this file in the working directory.
    cwd = os.getcwd()
    os.chdir(base)
    try:
        result = build(base / "src")
    finally:
        os.chdir(cwd)
    return base, result


def _article(soup: BeautifulSoup, title: str) -> Tag | None:
    for heading in soup.select("article.concept-card .concept-title"):
        if heading.get_text(strip=True).rstrip("¶") == title:
            parent = heading.find_parent("article")
            assert isinstance(parent, Tag)
            return parent
    return None


def _warnings_at(
    result: BuildResult, base: Path, path: str, line: int | None
) -> list[str]:
    prefix = f"{base / path}:{line}: " if line is not None else f"{base / path}:: "
    return [w for w in result.warnings.splitlines() if w.startswith(prefix)]


def test_build_never_shows_a_traceback(project: tuple[Path, BuildResult]) -> None:
    _, result = project
    assert_no_crash(result)
    assert "concept.source" in result.warnings


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_source_warns_at_file_and_line(
    project: tuple[Path, BuildResult], case: Case
) -> None:
    base, result = project
    for subtype, path, line in case.warnings:
        found = _warnings_at(result, base, path, line)
        assert any(f"[concept.{subtype}]" in w for w in found), (
            f"no concept.{subtype} warning at {path}:{line}; got:\n{result.warnings}"
        )
    # Every warning about this source is one the case expects (no stray lines).
    for path in {p for _, p, _ in case.warnings if p.startswith("src/bad/")}:
        lines = {
            int(m.group(1)) if m.group(1) else None
            for w in result.warnings.splitlines()
            if (m := re.match(re.escape(f"{base / path}:") + r"(\d*):", w))
        }
        assert lines <= {line for _, _, line in case.warnings}


@pytest.mark.parametrize("case", ALL, ids=lambda c: c.id)
def test_rest_of_page_renders(project: tuple[Path, BuildResult], case: Case) -> None:
    _, result = project
    soup = result.soup(case.id)
    paragraphs = [p.get_text(strip=True) for p in soup.find_all("p")]
    assert f"After {case.id}." in paragraphs
    good = _article(soup, f"Good {case.id}")
    assert good is not None
    assert f"Good body of {case.id}." in good.get_text()
    for title in case.renders:
        assert _article(soup, title) is not None, title


@pytest.mark.parametrize("case", GOOD_CASES, ids=lambda c: c.id)
def test_well_formed_variants_do_not_warn(
    project: tuple[Path, BuildResult], case: Case
) -> None:
    base, result = project
    for path in case.files:
        assert str(base / path) not in result.warnings
    assert f"{case.id}.md" not in result.warnings


def test_crlf_sections_are_split(project: tuple[Path, BuildResult]) -> None:
    _, result = project
    card = _article(result.soup("crlf"), "Windows")
    assert card is not None
    headings = [
        h.get_text(strip=True) for h in card.select(".concept-section-title, h3")
    ]
    assert any(h.startswith("Summary") for h in headings), headings
    assert "\r" not in result.html("crlf")


def test_yaml_1_1_scalars_are_kept_as_written(
    project: tuple[Path, BuildResult],
) -> None:
    _, result = project
    titles = [
        h.get_text(strip=True).rstrip("¶")
        for h in result.soup("yaml-1-1-scalars").select("article .concept-title")
    ]
    assert titles == [
        "Good yaml-1-1-scalars",
        "No",
        "3.10",
        "2017-06-12",
        "on",
        "0o17",
        "1_000",
    ]


def test_python_tags_never_run(project: tuple[Path, BuildResult]) -> None:
    base, result = project
    assert not list(base.rglob("PYTHON_TAG_RAN"))
    assert not (Path.cwd() / "PYTHON_TAG_RAN").exists()
    assert "os.system" not in result.soup("python-tag").get_text()


def test_refused_paths_show_nothing_from_outside(
    project: tuple[Path, BuildResult],
) -> None:
    _, result = project
    for page in ("dotdot-traversal", "symlink-outside", "absolute-path-outside"):
        text = result.soup(page).get_text()
        assert "secret" not in text.lower(), page


def test_concepts_paths_outside_srcdir_are_allowed(
    project: tuple[Path, BuildResult],
) -> None:
    _, result = project
    assert _article(result.soup("allowed-outside-path"), "Shared concept") is not None


def test_no_script_or_event_handler_reaches_the_page(
    project: tuple[Path, BuildResult],
) -> None:
    _, result = project
    for page in ("unsafe-html-yaml", "unsafe-html-md"):
        soup = result.soup(page)
        body = soup.select_one("div.body") or soup.body
        assert body is not None
        assert body.find_all(["script", "iframe", "img"]) == [], page
        for element in body.find_all(True):
            assert not any(attr.startswith("on") for attr in element.attrs), element
        # The markup is still there, as text the reader can see.
        assert "<script>alert(0)</script>" in body.get_text()
    # And nowhere in the site: no script carries the payloads.
    for html in result.outdir.rglob("*.html"):
        for script in BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")(
            "script"
        ):
            assert "alert" not in script.get_text(), html


def test_unsafe_schemes_never_become_links(project: tuple[Path, BuildResult]) -> None:
    _, result = project
    for html in result.outdir.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for element in soup.find_all(href=True) + soup.find_all(src=True):
            url = element.get("href") or element.get("src")
            squeezed = re.sub(r"[\x00-\x20]+", "", str(url)).lower()
            assert not squeezed.startswith(("javascript:", "data:", "vbscript:")), (
                html,
                url,
            )
    for page in ("unsafe-urls-yaml", "unsafe-urls-md"):
        card = result.soup(page).select("article.concept-card")[-1]
        hrefs = [a["href"] for a in card.find_all("a", href=True)]
        assert any(h.startswith("https://example.org/") for h in hrefs), hrefs
        assert "Evil" in card.get_text() or "javascript:alert" in card.get_text()


# -- cases that need a project of their own -----------------------------------------


def _run(
    tmp_path: Path, files: dict[str, str | bytes], **kwargs: object
) -> BuildResult:
    src = write_project(tmp_path / "src", files)
    result = build(src, **kwargs)  # type: ignore[arg-type]
    assert_no_crash(result)
    return result


def test_duplicates_name_both_locations_and_first_wins(tmp_path: Path) -> None:
    result = _run(
        tmp_path,
        {
            "index.md": "# Home\n\n```{toctree}\nb-first\nz-second\n```\n\n"
            "See {concept}`Twice`.\n",
            "z-second.md": "# Second\n\n```{concept} Twice\nSecond body.\n```\n",
            "b-first.md": "# First\n\n```{concept} Twice\nFirst body.\n```\n",
        },
    )
    duplicates = [w for w in result.warnings.splitlines() if "[concept.duplicate]" in w]
    assert len(duplicates) == 1
    src = tmp_path / "src"
    assert duplicates[0].startswith(f"{src / 'z-second.md'}:")
    assert str(src / "b-first.md") in duplicates[0]
    link = result.soup("index").select_one("a.concept-reference")
    assert link is not None and link["href"].startswith("b-first.html#")
    target = result.soup("b-first").find(id=link["href"].split("#")[1])
    assert target is not None and "First body." in target.get_text()


def test_titles_that_slugify_alike_get_distinct_anchors(tmp_path: Path) -> None:
    result = _run(
        tmp_path,
        {
            "index.md": "# Languages\n\n"
            "```{concept} C\nThe C language.\n```\n\n"
            "```{concept} C++\nThe C++ language.\n```\n\n"
            "```{concept} C#\nThe C# language.\n```\n\n"
            "```{concept} ?!\nOnly punctuation.\n```\n\n"
            "Links: {concept}`C`, {concept}`C++`, {concept}`C#`, "
            "{concept}`bang <?concept=%3F%21>`.\n",
        },
    )
    assert not result.concept_warnings()
    soup = result.soup("index")
    anchors = [a["id"] for a in soup.select("article.concept-card")]
    assert len(set(anchors)) == 4
    links = soup.select("a.concept-reference")
    assert [a.get_text() for a in links] == ["C", "C++", "C#", "bang"]
    for link, body in zip(
        links,
        [
            "The C language.",
            "The C++ language.",
            "The C# language.",
            "Only punctuation.",
        ],
        strict=True,
    ):
        target = soup.find(id=link["href"].lstrip("#"))
        assert target is not None and body in target.get_text()


def test_empty_titles_warn(tmp_path: Path) -> None:
    result = _run(
        tmp_path,
        {
            "conf.py": CONF + "exclude_patterns += ['c/**']\n",
            "c/empty.yaml": "- concept: ''\n- concept: '   '\n- concept:\n"
            "- concept: Kept\n",
            "index.md": "# Home\n\n```{concept} c/empty.yaml\n```\n\nAfter.\n",
        },
    )
    src = tmp_path / "src" / "c" / "empty.yaml"
    for line in (1, 2, 3):
        assert any(
            w.startswith(f"{src}:{line}: ") and "[concept.source]" in w
            for w in result.warnings.splitlines()
        ), line
    soup = result.soup("index")
    assert _article(soup, "Kept") is not None
    assert len(soup.select("article.concept-card")) == 1


def test_latex_commands_are_escaped_in_tex(tmp_path: Path) -> None:
    result = _run(
        tmp_path,
        {
            "conf.py": CONF + "exclude_patterns += ['c/**']\n",
            "c/tex.yaml": "concept: Tex \\input{/etc/passwd}\n"
            "explanation: Run \\write18{touch pwned} and \\input{/etc/passwd} now.\n"
            "summary: '\\immediate\\write18{ls} $\\\\ # % & ~ ^ _'\n",
            "index.md": "# Home\n\n```{concept} c/tex.yaml\n```\n\nAfter.\n",
        },
        buildername="latex",
    )
    tex = next(result.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert "\\input{/etc/passwd}" not in tex
    assert "\\write18" not in tex
    assert "\\textbackslash{}write18" in tex
    assert "\\textbackslash{}input\\{/etc/passwd\\}" in tex
    assert "After." in tex


def test_warning_is_error_fails_cleanly(tmp_path: Path) -> None:
    src = write_project(
        tmp_path / "src",
        {
            "conf.py": CONF + "exclude_patterns += ['c/**']\n",
            "c/broken.yaml": "concept: Broken\nexplanation: [unclosed\n",
            "index.md": "# Home\n\n```{concept} c/broken.yaml\n```\n",
        },
    )
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "-b",
            "html",
            str(src),
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode != 0
    assert "[concept.source]" in proc.stderr
    assert f"{src / 'c' / 'broken.yaml'}:" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "Extension error" not in proc.stderr + proc.stdout

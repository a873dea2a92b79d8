"""Concept text (MyST Markdown) rendered into docutils nodes, inside a page.

Text is rendered by myst-parser's own Sphinx renderer into the page's document, so
roles, math, code and references behave as they would in a MyST page, also when
the page itself is reStructuredText.  A renderer subclass adds what concept text
needs on top: headings become rubrics (cards are not document sections), raw HTML
and unsafe URL schemes are refused with a ``concept.security`` warning, links to
concept queries become concept references, and relative links and images resolve
from the source file's folder.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import Any, cast

from docutils import nodes
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.front_matter import front_matter_plugin
from myst_parser.config.main import MdParserConfig
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from sphinx.environment import BuildEnvironment

from ..core.model import Text, Tokens
from ..core.names import TargetKind, classify_target
from ..core.problems import Subtype
from ..report import warn
from ..xref.role import concept_xref
from . import containment
from .containment import Containment, contained
from .containment import refused_scheme as _refused_scheme


class ConceptTextRenderer(SphinxRenderer):
    """myst-parser's Sphinx renderer with the rules concept text needs."""

    def _where(self, token: SyntaxTreeNode) -> str:
        # myst-parser has made token maps 1-based by the time tokens render.
        line = token.map[0] if token.map else 0
        return f"{self.md_env.get('concept_source', self.document['source'])}:{line}"

    def add_line_and_source_path(self, node: Any, token: SyntaxTreeNode) -> None:
        super().add_line_and_source_path(node, token)
        if self.md_env.get("concept_source"):
            node.source = self.md_env["concept_source"]

    def render_heading(self, token: SyntaxTreeNode) -> None:
        rubric = nodes.rubric(classes=[f"concept-h{token.tag[1:]}"])
        self.add_line_and_source_path(rubric, token)
        with self.current_node_context(rubric, append=True):
            self.render_children(token)

    def _escaped_html(self, token: SyntaxTreeNode, block: bool) -> None:
        if self.md_env.get("allow_raw_html"):
            if block:
                super().render_html_block(token)
            else:
                super().render_html_inline(token)
            return
        warn(
            "raw HTML in concept text is shown as text "
            "(set concepts_allow_raw_html = True to pass it through)",
            Subtype.SECURITY,
            self._where(token),
        )
        text = token.content.rstrip("\n") if block else token.content
        node: nodes.Element = (
            nodes.literal_block(text, text, classes=["concept-raw-html"])
            if block
            else nodes.inline(text, text, classes=["concept-raw-html"])
        )
        self.add_line_and_source_path(node, token)
        self.current_node.append(node)

    def render_html_block(self, token: SyntaxTreeNode) -> None:
        self._escaped_html(token, block=True)

    def render_html_inline(self, token: SyntaxTreeNode) -> None:
        self._escaped_html(token, block=False)

    def render_link(self, token: SyntaxTreeNode) -> None:
        href = str(token.attrGet("href") or "")
        scheme = _refused_scheme(href)
        if scheme:
            warn(
                f"a link with the URL scheme '{scheme}:' is shown as text",
                Subtype.SECURITY,
                self._where(token),
            )
            self.render_children(token)
            return
        if href.startswith("?"):
            target = classify_target(href)
            if target.kind is TargetKind.CONCEPT and target.query is not None:
                inner = nodes.inline(classes=["concept-ref"])
                with self.current_node_context(inner):
                    self.render_children(token)
                xref = concept_xref(target.query, href, inner, explicit=True)
                self.add_line_and_source_path(xref, token)
                self.current_node.append(xref)
                return
        super().render_link(token)

    def render_substitution(self, token: SyntaxTreeNode, inline: bool) -> None:
        if containment.refuse_substitution(self, token):
            return
        super().render_substitution(token, inline)

    def render_image(self, token: SyntaxTreeNode) -> None:
        scheme = _refused_scheme(str(token.attrGet("src") or ""))
        if scheme:
            warn(
                f"an image with the URL scheme '{scheme}:' is left out",
                Subtype.SECURITY,
                self._where(token),
            )
            return
        super().render_image(token)


def _create_parser(config: MdParserConfig) -> MarkdownIt:
    md = create_md_parser(config, ConceptTextRenderer)
    # Let unsafe links through the tokenizer so the renderer can refuse them with
    # a warning instead of markdown-it silently printing them as text.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    # The reader finds a source's metadata in its front matter, which MyST's
    # commonmark-only and GFM modes do not parse.
    if "front_matter" not in md.block.ruler.get_all_rules():
        md.use(front_matter_plugin)
    return md


# Building a MyST parser costs more than rendering a typical concept, so one is
# kept per configuration object (one per build and process).
_PARSERS: dict[int, tuple[MdParserConfig, MarkdownIt]] = {}


def concept_parser(env: BuildEnvironment) -> MarkdownIt:
    """The parser that reads and renders concept text in this build: MyST's,
    with the project's MyST configuration and :class:`ConceptTextRenderer`."""
    config: MdParserConfig = getattr(env, "myst_config")  # noqa: B009 - by myst_parser
    cached = _PARSERS.get(id(config))
    if cached is None or cached[0] is not config:
        _PARSERS.clear()
        cached = (config, _create_parser(config))
        _PARSERS[id(config)] = cached
    return cached[1]


@dataclass(frozen=True)
class TextContext:
    """Where concept text comes from and where it is rendered."""

    document: nodes.document
    env: BuildEnvironment
    source: str  # the file holding the text (for locations)
    source_dir: str  # absolute folder of that file (for relative links)
    allow_raw_html: bool
    containment: Containment  # what the text may read and use

    @cached_property
    def md_env(self) -> dict[str, Any]:
        """The renderer's environment for this card's texts: where they come
        from, and what makes relative links and images resolve from the source's
        folder (worked out once per card, not for each of its 10-20 texts)."""
        md_env: dict[str, Any] = {
            "concept_source": self.source,
            "allow_raw_html": self.allow_raw_html,
        }
        page_dir = os.path.dirname(self.env.doc2path(self.env.docname))
        if os.path.normpath(page_dir) != os.path.normpath(self.source_dir):
            md_env["relative-images"] = os.path.relpath(self.source_dir, page_dir)
            md_env["relative-docs"] = ("", page_dir, self.source_dir)
        return md_env


def begin_render(md: MarkdownIt, context: TextContext) -> ConceptTextRenderer:
    """The renderer, set up to render the texts of one card into ``context``'s page.

    The one place that knows how myst-parser's renderer keeps its state (tested
    on the oldest and newest supported myst-parser).  ``setup_render`` builds a
    throw-away docutils document (~4 ms) even when given the page's: so it runs
    once per page, and for each further card only the environment changes (a
    public attribute); the node rendered into is set with
    ``current_node_context`` for each text.  Concept text never makes sections
    (headings become rubrics), so the renderer's section state, set by the one
    real setup, is never consulted.
    """
    renderer = cast(ConceptTextRenderer, md.renderer)
    if getattr(renderer, "document", None) is not context.document:
        renderer.setup_render({**md.options, "document": context.document}, {})
    renderer.md_env = context.md_env
    return renderer


@contextmanager
def card_texts(context: TextContext) -> Iterator[list[nodes.Node]]:
    """Render the texts of one card: one containment gate and one renderer
    setup for all of them (a card has 10 to 20 texts, and entering the gate and
    checking its output per text cost more than rendering a short one).

    Yields a list for the caller to fill with what it built from the texts (the
    card): it is checked by the gate on the way out.  Texts render with
    :func:`render_blocks` and :func:`render_inline` only inside this block.
    """
    md = concept_parser(context.env)
    built: list[nodes.Node] = []
    with contained(
        context.containment, context.env, context.document, built, md.renderer
    ):
        begin_render(md, context)
        yield built


def _render(
    context: TextContext, tokens: Tokens, markdown: str, line: int
) -> list[nodes.Node]:
    """Tokens (or, without them, the text) -> nodes, with file and line set."""
    renderer = cast(ConceptTextRenderer, concept_parser(context.env).renderer)
    if containment.current_gate() is None:
        raise RuntimeError("concept text renders only inside card_texts()")
    root = nodes.container()
    # Rendered nodes then know their document directly; without it every later
    # ``node.document`` (docutils asks on each insert, e.g. in SmartQuotes) walks
    # up through the card.
    root.document = context.document
    with renderer.current_node_context(root):
        if tokens:
            renderer.render_children(SyntaxTreeNode(list(tokens)))
        else:
            renderer.nested_render_text(markdown, max(line - 1, 0))
    return list(root.children)


def render_blocks(text: Text, context: TextContext) -> list[nodes.Node]:
    """MyST block content -> docutils nodes, from the tokens the reader kept."""
    if not text:
        return []
    return _render(context, text.tokens, text.markdown, text.line)


# Inline text that MyST would render as one Text node (no markup, no characters
# that typography extensions replace): see-also titles and most questions.
_PLAIN_INLINE = re.compile(r"[^\W_]+(?:(?:, |[ -])[^\W_]+)*\??")


def render_inline(
    markdown: str, line: int, context: TextContext, tokens: Tokens = ()
) -> list[nodes.Node]:
    """MyST inline content -> nodes (a single paragraph is unwrapped)."""
    if _PLAIN_INLINE.fullmatch(markdown):
        return [nodes.Text(markdown)]  # what MyST would give, ~1 ms sooner
    children = _render(context, tokens, markdown, line)
    if len(children) == 1 and isinstance(children[0], nodes.paragraph):
        return list(children[0].children)
    return children

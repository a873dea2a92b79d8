"""Finding the extension's block-level nodes without walking every text node.

Cards, list and graph placeholders and variant groups are block elements: they
never sit inside a paragraph, title or other text element.  Skipping those (and
not descending into a match) visits a small fraction of a page's nodes, which
matters because several post-transforms look for them on every page.
"""

from __future__ import annotations

from typing import TypeVar

from docutils import nodes

N = TypeVar("N", bound=nodes.Element)


def find_blocks(root: nodes.Element, cls: type[N]) -> list[N]:
    """Every ``cls`` node under ``root`` in document order, not looking inside
    text elements or inside a match."""
    found: list[N] = []
    stack: list[nodes.Node] = list(reversed(root.children))
    while stack:
        node = stack.pop()
        if isinstance(node, cls):
            found.append(node)
        elif isinstance(node, nodes.Element) and not isinstance(
            node, nodes.TextElement
        ):
            stack.extend(reversed(node.children))
    return found

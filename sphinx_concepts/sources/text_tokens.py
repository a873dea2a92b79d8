"""Every text of a YAML or JSON source parsed in one go.

A data source holds its Markdown in many separate values (an explanation, each
question and answer, each see-also title ...).  Parsing each on its own costs a
parser run per value, ten or more per concept; instead they are joined into one
document, each value after a marker block only this call can write (a random
nonce), parsed once, and the token stream is cut at the markers.  Token lines
are moved back to where each value starts in the source file.

Token maps then hold 1-based lines of the source file, like every line in the
model (and as MyST's renderer expects them; markdown-it counts from 0), and
inline tokens carry the line of their block: see :func:`located`.

When a value's markup runs past its end (an unclosed fence, ``$$`` or HTML
comment swallows the following markers), the join cannot be cut reliably, and
each value is parsed on its own instead: the same tokens, only slower.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import replace

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..core.model import Concept, Text, Tokens

#: A value to parse: its Markdown and the 1-based line where it starts (0: unknown).
_Piece = tuple[str, int]


def _pieces(concept: Concept) -> list[_Piece]:
    """The concept's texts, in the order :func:`_rebuild` consumes them."""
    pieces: list[_Piece] = [
        (concept.explanation.markdown, concept.explanation.line),
        (concept.follow_up_intro.markdown, concept.follow_up_intro.line),
    ]
    for pair in concept.follow_up:
        pieces += [(pair.question, pair.line), (pair.answer.markdown, pair.answer.line)]
    pieces += [
        (concept.etymology.markdown, concept.etymology.line),
        (concept.summary.markdown, concept.summary.line),
        (concept.see_also_intro.markdown, concept.see_also_intro.line),
    ]
    for entry in concept.see_also:
        pieces += [(entry.title, entry.line), (entry.description, entry.line)]
    pieces += [(extra.body.markdown, extra.body.line) for extra in concept.sections]
    return pieces


def _inline_or_blocks(tokens: Tokens) -> Tokens:
    """Inline text parsed as blocks is one paragraph: keep its ``inline`` token."""
    if (
        len(tokens) == 3
        and tokens[0].type == "paragraph_open"
        and tokens[1].type == "inline"
    ):
        return (tokens[1],)
    return tokens


def _rebuild(concept: Concept, parsed: Callable[[], Tokens]) -> Concept:
    """The concept with the tokens of each text, taken in :func:`_pieces` order."""

    def text(value: Text) -> Text:
        tokens = parsed()
        return replace(value, tokens=tokens) if value else value

    explanation = text(concept.explanation)
    follow_up_intro = text(concept.follow_up_intro)
    follow_up = tuple(
        replace(
            pair,
            question_tokens=_inline_or_blocks(parsed()),
            answer=text(pair.answer),
        )
        for pair in concept.follow_up
    )
    etymology = text(concept.etymology)
    summary = text(concept.summary)
    see_also_intro = text(concept.see_also_intro)
    see_also = tuple(
        replace(
            entry,
            title_tokens=_inline_or_blocks(parsed()),
            description_tokens=parsed(),
        )
        for entry in concept.see_also
    )
    sections = tuple(replace(e, body=text(e.body)) for e in concept.sections)
    return replace(
        concept,
        explanation=explanation,
        follow_up_intro=follow_up_intro,
        follow_up=follow_up,
        etymology=etymology,
        summary=summary,
        see_also_intro=see_also_intro,
        see_also=see_also,
        sections=sections,
    )


def located(tokens: list[Token], shift: int) -> Tokens:
    """Freshly parsed tokens with ``shift`` added to their (0-based) lines, and
    each inline token's children given their block's line."""
    for token in tokens:
        if token.map:
            token.map = [token.map[0] + shift, token.map[1] + shift]
            for child in token.children or ():
                child.map = token.map
    return tuple(tokens)


def _moved(tokens: list[Token], first_line: int, source_line: int) -> Tokens:
    """Tokens whose map counts from ``first_line`` (0-based) of the document they
    were parsed from, moved to the 1-based lines of the source file, where the
    value starts at ``source_line`` (0: unknown, taken as 1)."""
    return located(tokens, max(source_line, 1) - first_line)


def _joined(pieces: list[_Piece], parser: MarkdownIt) -> list[Tokens] | None:
    """Each piece's tokens from one parse, or ``None`` when the join leaked."""
    nonce = secrets.token_hex(8)
    markers = [f"<!-- sphinx-concepts {nonce} {n} -->\n" for n in range(len(pieces))]
    lines: list[str] = []
    starts: list[int] = []
    for marker, (markdown, _line) in zip(markers, pieces, strict=True):
        lines += [marker.rstrip("\n"), ""]
        starts.append(len(lines))
        lines += [*markdown.split("\n"), ""]
    tokens = parser.parse("\n".join(lines), {})
    cuts = [
        i
        for i, token in enumerate(tokens)
        if token.type == "html_block" and token.level == 0 and token.content in markers
    ]
    if [tokens[i].content for i in cuts] != markers:
        return None
    bounds = [*cuts[1:], len(tokens)]
    return [
        _moved(tokens[cut + 1 : end], start, line)
        for cut, end, start, (_markdown, line) in zip(
            cuts, bounds, starts, pieces, strict=True
        )
    ]


def _one_by_one(pieces: list[_Piece], parser: MarkdownIt) -> list[Tokens]:
    return [
        _moved(parser.parse(markdown, {}) if markdown.strip() else [], 0, line)
        for markdown, line in pieces
    ]


def with_tokens(concepts: list[Concept], parser: MarkdownIt) -> list[Concept]:
    """``concepts`` with the tokens of every text, parsed by ``parser``: once for
    all of them when the join is safe, else once per text."""
    per_concept = [_pieces(concept) for concept in concepts]
    pieces = [piece for group in per_concept for piece in group]
    if not pieces:
        return concepts
    parsed = _joined(pieces, parser) or _one_by_one(pieces, parser)
    stream = iter(parsed)
    return [_rebuild(concept, lambda: next(stream)) for concept in concepts]

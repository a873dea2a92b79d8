"""The Markdown source format (SPEC 2.1), read from markdown-it-py tokens.

Block structure (front matter, headings, paragraphs, lists, fences) comes from the
tokenizer; the text of a section is then the author's own source lines for the
blocks it spans (token ``map`` ranges), so nothing is re-rendered or lost.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, replace

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.link import link as link_rule
from markdown_it.token import Token
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from ..core.model import (
    SECTION_KEYS,
    Concept,
    ExtraSection,
    FollowUp,
    Location,
    SeeAlso,
    Text,
    Tokens,
    place_extra,
)
from ..core.names import normalize
from ..core.problems import ConceptSourceError, Problem, ReadResult, Severity
from .data_format import metadata_fields
from .located_yaml import load_yaml
from .text_tokens import located


def _tokenizer(permissive_links: bool = False) -> MarkdownIt:
    # The block syntax MyST adds (colon fences, $$ math) must be known here too, or
    # a "## Summary:" inside a ::: block would be taken for a section heading.
    md = (
        MarkdownIt("commonmark")
        .enable("table")
        .use(front_matter_plugin)
        .use(colon_fence_plugin)
        .use(dollarmath_plugin)
    )
    if permissive_links:
        # Unsafe targets must still be recognised as links so that they can be
        # reported and refused, instead of silently turning into text.
        md.validateLink = lambda url: True  # type: ignore[method-assign]
        # Keep the target as the author wrote it (``<attention mechanism>`` is the
        # name, not ``attention%20mechanism``), as the YAML reader does.
        md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    return md


# One tokenizer per process: building one costs far more than parsing a source.
MARKDOWN = _tokenizer()
_LINKS = _tokenizer(permissive_links=True)
# Sources are split into sections by block structure alone; only candidate
# question paragraphs need their inline tokens (see _question), so the reader
# skips inline parsing of everything else (a third of its time).
_BLOCKS = _tokenizer().disable("inline")

_CONCEPT_HEADING = re.compile(r"^concept\b\s*(?::\s*(?P<title>.*))?$", re.I | re.S)
# One ``\s*`` on each side of the optional number: two in a row with only an
# optional group between would share every run of blanks in n**2 ways.
_QUESTION = re.compile(r"^Q\s*(?:(?P<number>\d+)\s*)?[:.]\s*(?P<text>.*)$", re.S)
_HEADING_KEYS = {
    "explanation": "explanation",
    "follow up questions": "follow_up",
    "follow up question": "follow_up",
    "follow up": "follow_up",
    "etymology and history": "etymology",
    "etymology": "etymology",
    "summary": "summary",
    "see also": "see_also",
}


@dataclass(frozen=True)
class _Heading:
    index: int  # of the heading_open token
    level: int
    text: str
    start: int  # 0-based line of the heading
    end: int  # 0-based line after the heading


def section_key(heading: str) -> str | None:
    """The section key a heading names, or ``None`` for an extra section."""
    if _CONCEPT_HEADING.match(heading.strip()):
        return "explanation"
    return _HEADING_KEYS.get(normalize(heading.strip().rstrip(":")))


class _Reader:
    def __init__(
        self, text: str, source: str, line_offset: int, parser: MarkdownIt | None
    ) -> None:
        self.source = source
        self.offset = line_offset
        self.lines = text.split("\n")
        self.env: dict[str, object] = {}
        # With the parser that will render the text, the tokens are kept on each
        # Text (in file lines), so nothing is parsed twice.
        self.keep = parser is not None
        self.tokens = (parser or _BLOCKS).parse(text, self.env)
        # Tokens made here from parsed ones (a question without its "Q1:").
        self.made: list[Token] = []
        self.problems: list[Problem] = []

    # -- helpers -----------------------------------------------------------------
    def where(self, line0: int) -> Location:
        return Location(self.source, line0 + 1 + self.offset)

    def problem(self, message: str, line0: int, error: bool = False) -> None:
        severity = Severity.ERROR if error else Severity.WARNING
        self.problems.append(Problem(message, self.where(line0), severity=severity))

    def text(
        self,
        start: int,
        end: int,
        tokens: tuple[int, int] | None = None,
        dedent: bool = False,
    ) -> Text:
        """Source lines ``[start, end)`` with blank lines around them trimmed, and
        (when kept) the tokens ``tokens[first:last]`` that hold them."""
        chunk = self.lines[start:end]
        while chunk and not chunk[0].strip():
            chunk.pop(0)
            start += 1
        while chunk and not chunk[-1].strip():
            chunk.pop()
        body = "\n".join(chunk)
        if not body:
            return Text("")
        if dedent:
            body = textwrap.dedent(body)
        return Text(body, start + 1 + self.offset, self.slice(tokens))

    def slice(self, bounds: tuple[int, int] | None) -> Tokens:
        if not self.keep or bounds is None:
            return ()
        return tuple(self.tokens[bounds[0] : bounds[1]])

    def blocks(self, first: int, last: int) -> list[int]:
        """Indices of the top-level block tokens in ``tokens[first:last]``."""
        return [
            i
            for i in range(first, last)
            if self.tokens[i].level == 0
            and self.tokens[i].map is not None
            and self.tokens[i].nesting >= 0
        ]

    def closing(self, index: int) -> int:
        """Index of the token that closes the block opened at ``index``."""
        token = self.tokens[index]
        if token.nesting == 0:
            return index
        depth = 0
        for i in range(index, len(self.tokens)):
            depth += self.tokens[i].nesting
            if depth == 0:
                return i
        return len(self.tokens) - 1  # pragma: no cover - tokens are balanced

    # -- structure ---------------------------------------------------------------
    def headings(self) -> list[_Heading]:
        found = []
        for i, token in enumerate(self.tokens):
            if token.type == "heading_open" and token.level == 0 and token.map:
                inline = self.tokens[i + 1]
                found.append(
                    _Heading(
                        i,
                        int(token.tag[1:]),
                        inline.content.strip(),
                        token.map[0],
                        token.map[1],
                    )
                )
        return found

    def front_matter(self) -> tuple[dict[str, str | tuple[str, ...] | None], int]:
        """Metadata from the front matter and the line where the body starts."""
        if not self.tokens or self.tokens[0].type != "front_matter":
            return {}, 0
        token = self.tokens[0]
        body_start = token.map[1] if token.map else 0
        try:
            documents, problems = load_yaml(token.content, self.source, self.offset + 1)
        except ConceptSourceError as error:
            self.problems.append(error.as_problem())
            return {}, body_start
        self.problems.extend(problems)
        if not documents:
            return {}, body_start
        if not isinstance(documents[0].value, dict):
            self.problem("the front matter must be a mapping; ignored", 0, True)
            return {}, body_start
        fields = metadata_fields(documents[0], self.source, self.problems)
        meta: dict[str, str | tuple[str, ...] | None] = {
            "concept": fields.text("concept"),
            "specialist_role": fields.text("specialist_role"),
            "target_audience": fields.text("target_audience"),
            "aliases": fields.strings("aliases"),
            "tags": fields.strings("tags"),
        }
        return meta, body_start

    # -- sections ----------------------------------------------------------------
    def follow_up(
        self, first: int, last: int, start: int, end: int
    ) -> tuple[Text, tuple[FollowUp, ...]]:
        # (question, start line, end line, index of its paragraph_open)
        questions: list[tuple[str, int, int, int]] = []
        for i in self.blocks(first, last):
            token = self.tokens[i]
            if token.type != "paragraph_open" or not token.map:
                continue
            question = _question(self.tokens[i + 1])
            if question is not None:
                questions.append((question, token.map[0], token.map[1], i))
        if not questions:
            return self.text(start, end, (first, last)), ()
        intro = self.text(start, questions[0][1], (first, questions[0][3]))
        pairs = []
        for n, (question, q_start, q_end, index) in enumerate(questions):
            following = questions[n + 1] if n + 1 < len(questions) else None
            answer = self.text(
                q_end,
                following[1] if following else end,
                (index + 3, following[3] if following else last),
            )
            if not answer:
                self.problem(f"the question {question!r} has no answer", q_start)
            pairs.append(
                FollowUp(
                    question,
                    answer,
                    q_start + 1 + self.offset,
                    self.question_tokens(self.tokens[index + 1]),
                )
            )
        return intro, tuple(pairs)

    def question_tokens(self, inline: Token) -> Tokens:
        """The question's own inline tokens: without the bold around it and the
        ``Qn:`` in front (see :func:`_question`, which matched them)."""
        if not self.keep or not inline.children:
            return ()
        children = list(inline.children)
        while (
            children and children[0].type == "text" and not children[0].content.strip()
        ):
            children.pop(0)
        while (
            children
            and children[-1].type == "text"
            and not children[-1].content.strip()
        ):
            children.pop()
        inner = children[1:-1]  # the outer strong_open / strong_close
        if inner and inner[0].type == "text":
            match = _QUESTION.match(inner[0].content.lstrip())
            rest = match.group("text") if match else inner[0].content
            inner[0] = inner[0].copy(content=rest)
            if not rest:
                inner.pop(0)
        made = _inline(inner, inline.map)
        self.made.append(made)
        return (made,)

    def see_also(
        self, first: int, last: int, start: int, end: int
    ) -> tuple[Text, tuple[SeeAlso, ...]]:
        entries: list[SeeAlso] = []
        other: list[str] = []
        other_tokens: list[Token] = []
        other_line = 0
        for i in self.blocks(first, last):
            token = self.tokens[i]
            assert token.map is not None
            if token.type in ("bullet_list_open", "ordered_list_open"):
                entries.extend(self.list_entries(i))
                continue
            block = self.text(token.map[0], token.map[1], (i, self.closing(i) + 1))
            if block:
                other.append(block.markdown)
                other_tokens.extend(block.tokens)
                other_line = other_line or block.line
        intro = Text("\n\n".join(other), other_line, tuple(other_tokens))
        return intro, tuple(entries)

    def list_entries(self, list_index: int) -> list[SeeAlso]:
        entries = []
        close = self.closing(list_index)
        item_level = self.tokens[list_index].level + 1
        for i in range(list_index + 1, close):
            token = self.tokens[i]
            if token.type != "list_item_open" or token.level != item_level:
                continue
            assert token.map is not None
            item_close = self.closing(i)
            entry = self.list_entry(i, item_close)
            if entry is not None:
                entries.append(entry)
        return entries

    def list_entry(self, item: int, item_close: int) -> SeeAlso | None:
        item_token = self.tokens[item]
        assert item_token.map is not None
        line = item_token.map[0] + 1 + self.offset
        first = self.tokens[item + 1] if item + 1 < item_close else None
        if first is None or first.type != "paragraph_open" or not first.map:
            whole = self.text(item_token.map[0], item_token.map[1])
            self.problem(
                "a see-also item does not start with a link", item_token.map[0]
            )
            return (
                SeeAlso(whole.markdown.lstrip("-*+ "), "", "", line) if whole else None
            )
        inline = self.tokens[item + 2]
        # Blocks of the item after its first paragraph continue the description.
        more = self.text(
            first.map[1], item_token.map[1], (item + 4, item_close), dedent=True
        )
        title, target, rest = _split_link(inline.content, self.env)
        if target is None:
            self.problem(
                "a see-also item does not start with a link", item_token.map[0]
            )
            description = "\n\n".join(
                p for p in (inline.content.strip(), more.markdown) if p
            )
            return SeeAlso(description, "", "", line)
        rest = rest.lstrip()
        if rest.startswith(":"):
            rest = rest[1:]
        description = "\n\n".join(p for p in (rest.strip(), more.markdown) if p)
        entry = SeeAlso(title.strip(), target, description, line)
        if self.keep:
            entry = self.see_also_tokens(entry, inline, more.tokens)
        return entry

    def see_also_tokens(self, entry: SeeAlso, inline: Token, more: Tokens) -> SeeAlso:
        """The entry with the tokens of its title (the link's label) and of its
        description (the text after the link, then the item's other blocks)."""
        children = inline.children or []
        opening = next(
            (i for i, c in enumerate(children) if c.type == "link_open"), None
        )
        if opening is None:
            return entry
        depth, closing = 0, len(children)
        for i in range(opening, len(children)):
            depth += children[i].nesting
            if depth == 0:
                closing = i
                break
        rest = list(children[closing + 1 :])
        if rest and rest[0].type == "text":
            text = rest[0].content.lstrip()
            text = text[1:].lstrip() if text.startswith(":") else text
            rest[0] = rest[0].copy(content=text)
            if not text:
                rest.pop(0)
        title = _inline(children[opening + 1 : closing], inline.map)
        description = _paragraph(rest, inline.map) if rest else []
        self.made += [title, *description]
        return replace(
            entry,
            title_tokens=(title,),
            description_tokens=(*description, *more),
        )

    # -- the whole source ---------------------------------------------------------
    def read(self, title: str | None) -> ReadResult:
        result = self.read_structure(title)
        if self.keep:
            # Structure is read in the tokenizer's 0-based lines of the text;
            # kept tokens hold 1-based lines of the file, like the model.
            located([*self.tokens, *self.made], 1 + self.offset)
        return result

    def read_structure(self, title: str | None) -> ReadResult:
        meta, body_start = self.front_matter()
        headings = self.headings()
        concept_headings = [
            h for h in headings if h.level <= 4 and _CONCEPT_HEADING.match(h.text)
        ]
        level = (
            concept_headings[0].level
            if concept_headings
            else next((h.level for h in headings if h.level <= 4), 0)
        )
        bounds = [h for h in headings if h.level <= level]

        fields: dict[str, object] = {}
        extras: list[ExtraSection] = []
        seen: list[str] = []
        heading_title: str | None = None

        first_bound = bounds[0].start if bounds else len(self.lines)
        after_front_matter = int(
            bool(self.tokens) and self.tokens[0].type == "front_matter"
        )
        preamble = self.text(
            body_start,
            first_bound,
            (after_front_matter, bounds[0].index if bounds else len(self.tokens)),
        )
        for n, heading in enumerate(bounds):
            end = bounds[n + 1].start if n + 1 < len(bounds) else len(self.lines)
            last_token = (
                bounds[n + 1].index if n + 1 < len(bounds) else len(self.tokens)
            )
            first_token = heading.index + 3  # heading_open, inline, heading_close
            key = section_key(heading.text)
            if key in seen:
                self.problem(
                    f"a second {heading.text!r} section; kept as an extra section",
                    heading.start,
                )
                key = None
            if key is None:
                extras.append(
                    ExtraSection(
                        heading.text.rstrip(":").strip(),
                        self.text(heading.end, end, (first_token, last_token)),
                        seen[-1] if seen else None,
                        heading.start + 1 + self.offset,
                    )
                )
                continue
            seen.append(key)
            if key == "explanation":
                match = _CONCEPT_HEADING.match(heading.text)
                named = (match.group("title") or "").strip() if match else ""
                heading_title = named or heading_title
                fields["explanation"] = self.text(
                    heading.end, end, (first_token, last_token)
                )
            elif key == "follow_up":
                intro, pairs = self.follow_up(first_token, last_token, heading.end, end)
                fields["follow_up_intro"], fields["follow_up"] = intro, pairs
            elif key == "see_also":
                intro, entries = self.see_also(
                    first_token, last_token, heading.end, end
                )
                fields["see_also_intro"], fields["see_also"] = intro, entries
            else:
                fields[key] = self.text(heading.end, end, (first_token, last_token))

        if preamble:
            # Text before the first section is the explanation's opening.
            current = fields.get("explanation")
            if isinstance(current, Text) and current:
                preamble = Text(
                    f"{preamble.markdown}\n\n{current.markdown}",
                    preamble.line,
                    preamble.tokens + current.tokens,
                )
            fields["explanation"] = preamble
            if "explanation" not in seen:
                seen.insert(0, "explanation")

        chosen = _first_text(title, heading_title, meta.get("concept"))
        if chosen is None:
            self.problem(
                "the concept has no title: add a '## Concept: <Title>' heading "
                "or a 'concept:' key in the front matter",
                # With nothing after the front matter, point at the front matter
                # (where 'concept:' would go), not at a line past the end.
                bounds[0].start
                if bounds
                else body_start
                if "".join(self.lines[body_start:]).strip()
                else 0,
                error=True,
            )
            return ReadResult([], self.problems)

        concept = Concept(
            title=" ".join(chosen.split()),
            specialist_role=_meta_text(meta.get("specialist_role")),
            target_audience=_meta_text(meta.get("target_audience")),
            aliases=_meta_list(meta.get("aliases")),
            tags=_meta_list(meta.get("tags")),
            location=Location(self.source, 1 + self.offset),
            **fields,  # type: ignore[arg-type]
        )
        # Extra sections keep their place relative to the known ones.
        present = concept.present_sections()
        concept = replace(
            concept,
            sections=tuple(
                replace(e, after=place_extra(e.after, present)) for e in extras
            ),
        )
        if not any(concept.has_section(k) for k in (*SECTION_KEYS, "extra")):
            self.problem(f"the concept {concept.title!r} has no content", body_start)
        return ReadResult([concept], self.problems)


def _first_text(*values: object) -> str | None:
    for value in values:
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _meta_text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _meta_list(value: object) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, tuple) else ()


def _question(inline: Token) -> str | None:
    """The question of a paragraph that is entirely bold and starts ``Qn:``."""
    if not inline.content.lstrip().startswith(("**", "__")):
        return None
    parsed = inline.children or MARKDOWN.parseInline(inline.content)[0].children
    children = [
        c for c in parsed or [] if not (c.type == "text" and not c.content.strip())
    ]
    if len(children) < 2 or children[0].type != "strong_open":
        return None
    depth = 0
    for n, child in enumerate(children):
        depth += (
            1
            if child.type == "strong_open"
            else -1
            if child.type == "strong_close"
            else 0
        )
        if depth == 0 and n != len(children) - 1:
            return None
    if children[-1].type != "strong_close":
        return None
    raw = inline.content.strip()
    marker = children[0].markup
    inner = raw[len(marker) : len(raw) - len(marker)]
    match = _QUESTION.match(inner.strip())
    if not match or not match.group("text").strip():
        return None
    return " ".join(match.group("text").split())


def _split_link(content: str, env: dict[str, object]) -> tuple[str, str | None, str]:
    """``[Title](TARGET) rest`` -> (title, target as written, rest)."""
    if not content.startswith("["):
        return "", None, content
    tokens: list[Token] = []
    state = StateInline(content, _LINKS, env, tokens)
    if not link_rule(state, False):
        return "", None, content
    opening = next((t for t in tokens if t.type == "link_open"), None)
    if opening is None:  # pragma: no cover - the rule always opens a link
        return "", None, content
    label_end = _LINKS.helpers.parseLinkLabel(StateInline(content, _LINKS, env, []), 0)
    href = str(opening.attrGet("href") or "")
    return content[1:label_end], href, content[state.pos :]


def _inline(children: list[Token], map_: list[int] | None) -> Token:
    """An ``inline`` token holding ``children`` (renders as their content)."""
    token = Token("inline", "", 0, map=list(map_) if map_ else None, children=children)
    token.content = "".join(c.content for c in children)
    return token


def _paragraph(children: list[Token], map_: list[int] | None) -> list[Token]:
    """A paragraph made of ``children`` (inline tokens), as block tokens."""
    return [
        Token("paragraph_open", "p", 1, map=list(map_) if map_ else None, block=True),
        _inline(children, map_),
        Token("paragraph_close", "p", -1, block=True),
    ]


def read_markdown(
    text: str,
    source: str,
    *,
    title: str | None = None,
    line_offset: int = 0,
    parser: MarkdownIt | None = None,
) -> ReadResult:
    """Read one concept from Markdown.

    ``title`` (the directive argument of an inline body) wins over the headings;
    ``line_offset`` is added to every line number (for bodies inside a page).
    ``parser``: the Markdown parser that will render the concept's text (MyST's,
    in a build); the reader then parses with it, once, and keeps the tokens of
    each text on the concept.  It must know front matter.
    """
    try:
        return _Reader(text, source, line_offset, parser).read(title)
    except RecursionError:
        return ReadResult(
            problems=[
                Problem(
                    "the Markdown is nested too deeply to read",
                    Location(source, line_offset + 1),
                    severity=Severity.ERROR,
                )
            ]
        )

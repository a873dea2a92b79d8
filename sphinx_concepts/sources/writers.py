"""Writers: :class:`Concept` -> the Markdown, YAML and JSON source formats.

Each writer is the inverse of its reader: reading what a writer wrote gives the
same concepts again, and writing what was read gives the same text again, so
``sphinx-concepts convert`` keeps every word and converting back and forth is a
fixed point.  A few texts cannot be said in Markdown at all (a question that
contains ``**``, a body holding a level-1 heading); :func:`lossless` tells the
caller, which then refuses instead of converting with a loss.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Sequence
from typing import Any

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined

from ..core.model import DEFAULT_SECTION_TITLES, SECTION_KEYS, Concept, SeeAlso, Text
from ..core.names import parse_query
from .data_format import read_data
from .markdown_format import MARKDOWN, read_markdown

_TEMPLATES = Environment(
    loader=PackageLoader("sphinx_concepts", "templates"),
    autoescape=False,  # Markdown, not HTML: texts go out exactly as written
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    undefined=StrictUndefined,
)

# Headings of the known sections as the sample writes them.
_HEADINGS = {
    key: f"{DEFAULT_SECTION_TITLES[key]}:"
    for key in SECTION_KEYS
    if key != "explanation"
}

# An ATX heading drops a trailing " ###" as its closing sequence.  (``\s#+$``
# would be tried at every ``#`` of a long run: quadratic; this is not.)
_CLOSING_HASHES = re.compile(r"(?:^|\s)(?<!#)#+$")
# A link destination that needs neither angle brackets nor escapes.
_BARE_DESTINATION = re.compile(r"[^\s<>()\\\x00-\x1f\x7f]+")
_WIDTH = 88
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# Characters YAML may not hold raw (non-printable) or reads as line breaks.
_YAML_UNSAFE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
    "|[\u2028\u2029]"
)


_TEMPLATES.filters["fold"] = lambda line: _fold(str(line))


# -- Markdown -------------------------------------------------------------------------
def to_markdown(concept: Concept) -> str:
    """The concept in the Markdown source format of SPEC 2.1."""
    title_in_heading = not _CLOSING_HASHES.search(concept.title)
    heading = f"Concept: {concept.title}" if title_in_heading else "Concept:"
    sections = _extras(concept, None)
    sections.append(_text_section(heading, concept.explanation))
    sections.extend(_extras(concept, "explanation"))
    for key in SECTION_KEYS[1:]:
        if concept.has_section(key):
            sections.append(_known_section(concept, key))
        sections.extend(_extras(concept, key))
    text = _TEMPLATES.get_template("concept.md.jinja").render(
        front_matter=_front_matter(concept, with_title=not title_in_heading),
        sections=sections,
        hashes="#" * _heading_level(concept),
    )
    return text.rstrip("\n") + "\n"


def _text_section(heading: str, text: Text) -> dict[str, Any]:
    return {"kind": "text", "heading": heading, "text": text.markdown, "entries": ()}


def _extras(concept: Concept, key: str | None) -> list[dict[str, Any]]:
    return [_text_section(e.title + ":", e.body) for e in concept.extras_after(key)]


def _known_section(concept: Concept, key: str) -> dict[str, Any]:
    if key == "follow_up":
        pairs = [
            {"question": f.question, "answer": f.answer.markdown}
            for f in concept.follow_up
        ]
        section = _text_section(_HEADINGS[key], concept.follow_up_intro)
        return section | {"kind": "follow_up", "entries": pairs}
    if key == "see_also":
        items = [_see_also_item(entry) for entry in concept.see_also]
        section = _text_section(_HEADINGS[key], concept.see_also_intro)
        return section | {"kind": "see_also", "entries": items}
    text = getattr(concept, key)
    assert isinstance(text, Text)
    return _text_section(_HEADINGS[key], text)


def _fold(line: str) -> str:
    """``line`` folded at the width, where every folded line starts with a letter
    (so it cannot start a block of its own); else as it is."""
    lines = textwrap.wrap(line, _WIDTH, break_long_words=False, break_on_hyphens=False)
    if len(lines) > 1 and all(part[:1].isalpha() for part in lines[1:]):
        return "\n".join(lines)
    return line


def _see_also_item(entry: SeeAlso) -> str:
    """``[Title](TARGET): description``, continuation lines indented for the item."""
    item = f"[{entry.title}]({_destination(entry.target)})"
    if entry.description:
        # A long link puts the description on the next line, as the sample does;
        # only text starting with a letter, which cannot start a block there.
        first_line = entry.description.split("\n", 1)[0]
        wrap = len(item) + len(first_line) > _WIDTH and first_line[:1].isalpha()
        item += f":\n{entry.description}" if wrap else f": {entry.description}"
    first, *rest = item.split("\n")
    return "\n".join([first, *(f"  {line}" if line.strip() else "" for line in rest)])


def _destination(target: str) -> str:
    """A link destination that Markdown reads back as exactly ``target``."""
    if not target or (
        _BARE_DESTINATION.fullmatch(target) and not _ENTITY.search(target)
    ):
        return target
    escaped = _ENTITY.sub(r"\\&", re.sub(r"([\\<>])", r"\\\1", target))
    return f"<{escaped}>"


def _front_matter(concept: Concept, *, with_title: bool) -> str:
    data: dict[str, Any] = {"concept": concept.title} if with_title else {}
    data |= _metadata(concept, with_title=False)
    return _dump_yaml(data) if data else ""


def _heading_level(concept: Concept) -> int:
    """2, unless a text holds a level-2 heading of its own: then 1."""
    texts = [
        concept.explanation,
        concept.follow_up_intro,
        *(f.answer for f in concept.follow_up),
        concept.etymology,
        concept.summary,
        concept.see_also_intro,
        *(e.body for e in concept.sections),
    ]
    levels = [_top_heading_level(t.markdown) for t in texts if t.markdown]
    return 1 if min(levels, default=9) <= 2 else 2


def _top_heading_level(markdown: str) -> int:
    levels = [
        int(token.tag[1:])
        for token in MARKDOWN.parse(markdown)
        if token.type == "heading_open" and token.level == 0
    ]
    return min(levels, default=9)


# -- YAML and JSON --------------------------------------------------------------------
def concept_data(concept: Concept) -> dict[str, Any]:
    """The concept as plain data in the key order of SPEC 2.2 (empty keys left out)."""
    data = _metadata(concept, with_title=True)
    for key in ("explanation", "follow_up_intro"):
        _put_text(data, key, getattr(concept, key))
    if concept.follow_up:
        data["follow_up"] = [
            {"question": f.question}
            | ({"answer": f.answer.markdown} if f.answer.markdown else {})
            for f in concept.follow_up
        ]
    for key in ("etymology", "summary", "see_also_intro"):
        _put_text(data, key, getattr(concept, key))
    if concept.see_also:
        data["see_also"] = [_see_also_data(entry) for entry in concept.see_also]
    if concept.sections:
        present = [k for k in SECTION_KEYS if concept.has_section(k)]
        default_after = present[-1] if present else None
        data["sections"] = [
            {"title": e.title}
            | ({"body": e.body.markdown} if e.body.markdown else {})
            | ({} if e.after == default_after else {"after": e.after})
            for e in concept.sections
        ]
    return data


def _metadata(concept: Concept, *, with_title: bool) -> dict[str, Any]:
    data: dict[str, Any] = {"concept": concept.title} if with_title else {}
    if concept.specialist_role is not None:
        data["specialist_role"] = concept.specialist_role
    if concept.target_audience is not None:
        data["target_audience"] = concept.target_audience
    if concept.aliases:
        data["aliases"] = list(concept.aliases)
    if concept.tags:
        data["tags"] = list(concept.tags)
    return data


def _put_text(data: dict[str, Any], key: str, text: Text) -> None:
    if text.markdown:
        data[key] = text.markdown


def _see_also_data(entry: SeeAlso) -> str | dict[str, str]:
    """A bare target when that is all there is, else a mapping."""
    if not entry.title and not entry.description and entry.target:
        return entry.target
    data = {"title": entry.title} if entry.title else {}
    data |= _target_data(entry.target)
    if entry.description:
        data["description"] = entry.description
    return data


def _target_data(target: str) -> dict[str, str]:
    """``concept``/``specialist_role``/``target_audience`` keys when the target is
    a query they spell exactly; else the target verbatim under ``url``."""
    query = parse_query(target) if target.startswith("?") else None
    if query is None or "?" + query.to_query_string() != target:
        return {"url": target} if target else {}
    data = {"concept": query.concept}
    if query.specialist_role:
        data["specialist_role"] = query.specialist_role
    if query.target_audience:
        data["target_audience"] = query.target_audience
    return data


def _document(concepts: Sequence[Concept]) -> dict[str, Any]:
    if len(concepts) == 1:
        return concept_data(concepts[0])
    return {"concepts": [concept_data(c) for c in concepts]}


def to_yaml(concepts: Sequence[Concept]) -> str:
    """One concept as a mapping, several under ``concepts:`` (SPEC 2.2)."""
    return _dump_yaml(_document(concepts))


def to_json(concepts: Sequence[Concept]) -> str:
    """Like :func:`to_yaml`, as JSON."""
    text = json.dumps(_document(concepts), indent=2, ensure_ascii=False)
    # JSON sources are read by a YAML composer, which refuses some raw characters.
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


class _Dumper(yaml.SafeDumper):
    """Block scalars for multi-line text, lists indented under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # PyYAML falls back to a quoted style by itself where "|" cannot hold the text;
    # plain scalars that YAML 1.1 would read as bool, number or date get quoted.
    # Unicode line breaks (NEL, LS, PS) are folded by YAML inside plain, single
    # quoted and block scalars; only double quotes keep them, as escapes.
    if any(ch in value for ch in "\x85\u2028\u2029"):
        style: str | None = '"'
    else:
        style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _dump_yaml(data: object) -> str:
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=_WIDTH,
    )


# -- by format name --------------------------------------------------------------------
#: The formats a source is written in, by the names the command line uses.
FORMATS = ("md", "yaml", "json")


def to_format(concepts: Sequence[Concept], fmt: str) -> str:
    """``concepts`` as a source in ``fmt`` (one of :data:`FORMATS`); a Markdown
    source holds one concept."""
    if fmt == "md":
        if len(concepts) != 1:
            raise ValueError(
                f"a Markdown source holds one concept, not {len(concepts)}"
            )
        return to_markdown(concepts[0])
    if fmt == "yaml":
        return to_yaml(concepts)
    if fmt == "json":
        return to_json(concepts)
    raise ValueError(f"unknown format {fmt!r}")


# -- round-trip check -----------------------------------------------------------------
def lossless(concepts: Sequence[Concept], fmt: str) -> str | None:
    """Why writing ``concepts`` as ``fmt`` (``md``, ``yaml``, ``json``) would lose
    something, or ``None`` when reading the output gives the same concepts."""
    if fmt == "md" and len(concepts) != 1:
        return f"a Markdown source holds one concept, not {len(concepts)}"
    text = to_format(concepts, fmt)
    if fmt == "md":
        back = read_markdown(text, "<converted>").concepts
    else:
        back = read_data(text, "<converted>", json_syntax=fmt == "json").concepts
    if list(back) == list(concepts):
        return None
    return _difference(list(concepts), back)


def _difference(wanted: list[Concept], got: list[Concept]) -> str:
    if len(wanted) != len(got):
        return f"{len(wanted)} concept(s) would read back as {len(got)}"
    for before, after in zip(wanted, got, strict=True):
        for name in before.__dataclass_fields__:
            if getattr(before, name) != getattr(after, name):
                return f"'{name}' of {before.title!r} cannot be written in this format"
    return "the concepts would change"  # pragma: no cover - some field differs

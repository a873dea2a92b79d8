"""A :class:`~sphinx_concepts.model.Concept` -> the nodes of its card.

Pure assembly: the text of each section is rendered by :mod:`.myst_text`, see-also
targets become pending references for the domain, and nothing here touches
cross-document state.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from docutils import nodes
from sphinx.locale import get_translation

from ..core.config import ConceptsConfig
from ..core.model import (
    BACKLINKS,
    DEFAULT_SECTION_TITLES,
    EXTRA,
    SECTION_KEYS,
    Concept,
    ExtraSection,
    SeeAlso,
    Text,
)
from ..core.names import TargetKind, classify_target
from ..core.problems import Subtype
from ..core.wording import byline
from ..report import warn
from ..xref.role import concept_xref
from .myst_text import TextContext, card_texts, render_blocks, render_inline
from .nodes import concept_card, concept_heading, concept_meta, concept_section

_ = get_translation("sphinx_concepts")


@dataclass(frozen=True)
class CardOptions:
    anchor: str
    heading_level: int  # of the card title, 1-6
    sections: tuple[str, ...] | None  # what to show, None: everything in place
    classes: tuple[str, ...]
    config: ConceptsConfig
    text: TextContext


def section_plan(
    concept: Concept, order: tuple[str, ...] | None
) -> Iterator[tuple[str, ExtraSection | None]]:
    """Which sections a card shows, in order; extras carry their record."""
    if order is None:
        yield from ((EXTRA, e) for e in concept.extras_after(None))
        for key in SECTION_KEYS:
            if concept.has_section(key):
                yield key, None
                yield from ((EXTRA, e) for e in concept.extras_after(key))
        return
    for key in order:
        if key == BACKLINKS:
            continue  # added at write time, see backlinks.py
        if key == EXTRA:
            yield from ((EXTRA, e) for e in concept.sections)
        elif concept.has_section(key):
            yield key, None


def section_label(key: str, config: ConceptsConfig) -> str:
    return config.section_titles.get(key) or str(_(DEFAULT_SECTION_TITLES[key]))


def build_card(concept: Concept, options: CardOptions) -> concept_card:
    with card_texts(options.text) as built:
        card = _assemble(concept, options)
        built.append(card)
    return card


def _assemble(concept: Concept, options: CardOptions) -> concept_card:
    level = max(1, min(options.heading_level, 6))
    card = concept_card(
        ids=[options.anchor],
        classes=list(options.classes),
        concept_title=concept.title,
        specialist_role=concept.specialist_role or "",
        target_audience=concept.target_audience or "",
        heading_level=level,
        show_backlinks=options.sections is None or BACKLINKS in options.sections,
    )
    card.source, card.line = concept.location.source, concept.location.line
    card += concept_heading(
        concept.title, concept.title, kind="title", level=level, card_id=options.anchor
    )
    meta = byline(concept.specialist_role, concept.target_audience, _)
    if meta:
        card += concept_meta(meta, meta)
    for key, extra in section_plan(concept, options.sections):
        section = concept_section(key=key)
        label = extra.title if extra is not None else section_label(key, options.config)
        section += concept_heading(
            label, label, kind="section", level=min(level + 1, 6)
        )
        section.extend(_section_body(concept, key, extra, options))
        card += section
    return card


def _section_body(
    concept: Concept, key: str, extra: ExtraSection | None, options: CardOptions
) -> list[nodes.Node]:
    text = options.text
    if extra is not None:
        return render_blocks(extra.body, text)
    if key == "follow_up":
        body = render_blocks(concept.follow_up_intro, text)
        if concept.follow_up:
            questions = nodes.definition_list(classes=["concept-follow-up"])
            for pair in concept.follow_up:
                question = render_inline(
                    pair.question, pair.line, text, pair.question_tokens
                )
                term = nodes.term("", "", *question)
                term.source, term.line = text.source, pair.line
                answer = nodes.definition("", *render_blocks(pair.answer, text))
                questions += nodes.definition_list_item("", term, answer)
            body.append(questions)
        return body
    if key == "see_also":
        body = render_blocks(concept.see_also_intro, text)
        if concept.see_also:
            links = nodes.bullet_list(classes=["concept-see-also"])
            for entry in concept.see_also:
                links += nodes.list_item("", *see_also_item(entry, text))
            body.append(links)
        return body
    value = getattr(concept, key)
    return render_blocks(value, text)


def see_also_item(entry: SeeAlso, text: TextContext) -> list[nodes.Node]:
    """``[Title](TARGET): description`` as a paragraph with a (pending) link (and
    the blocks of a description that runs over several paragraphs)."""
    paragraph = nodes.paragraph()
    paragraph.source, paragraph.line = text.source, entry.line
    title_nodes = (
        render_inline(entry.title, entry.line, text, entry.title_tokens)
        if entry.title
        else []
    )
    target = classify_target(entry.target)
    if target.kind is TargetKind.CONCEPT and target.query is not None:
        shown = (
            nodes.inline("", "", *title_nodes)
            if title_nodes
            else nodes.inline(target.query.concept, target.query.concept)
        )
        xref = concept_xref(
            target.query, entry.target, shown, explicit=bool(entry.title)
        )
        xref.source, xref.line = text.source, entry.line
        paragraph += xref
    elif target.kind is TargetKind.URL:
        label = title_nodes or [nodes.Text(target.url)]
        paragraph += nodes.reference("", "", *label, refuri=target.url)
    else:
        if target.kind is not TargetKind.NONE:
            warn(
                f"the see-also target {entry.target!r} is shown as text: "
                f"{target.reason}",
                Subtype.SECURITY if target.kind is TargetKind.UNSAFE else Subtype.REF,
                f"{text.source}:{entry.line}",
            )
        paragraph.extend(title_nodes or [nodes.Text(entry.target)])
    blocks: list[nodes.Node] = []
    if entry.description:
        description = Text(entry.description, entry.line, entry.description_tokens)
        blocks = render_blocks(description, text)
        if blocks and isinstance(blocks[0], nodes.paragraph):
            paragraph += nodes.Text(": ")
            paragraph.extend(blocks.pop(0).children)
    return [paragraph, *blocks]

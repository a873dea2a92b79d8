"""The ``concept`` directive (SPEC 3): sources -> cards + domain entries.

Reading and rendering bring markdown-it, PyYAML and myst-parser's renderer
(with it intersphinx and requests): they are imported when the first directive
runs, so enabling the extension in a project that shows no concept costs
nothing measurable (see ``bench/startup.py``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from ..core.config import ConceptsConfig, ConfigValueError, parse_sections
from ..core.model import Concept, Location, Text, with_metadata
from ..core.names import TargetKind, classify_target, slug
from ..core.plaintext import plain_text
from ..core.problems import ReadResult, Subtype
from ..core.safe_text import (
    clean_value,
    concept_has_controls,
    inventory_safe,
    is_invisible,
)
from ..gc_pause import gc_paused
from ..report import warn, warn_problem
from ..settings import concepts_config
from ..sources.files import find_source_files, is_glob, matched_files, missing_paths
from ..xref.domain import concept_domain
from ..xref.entries import make_entry
from ..xref.index import general_index_node
from . import variants
from .containment import MAX_NESTING, Containment, current_gate

# What CommonMark would take for an HTML tag, comment or declaration.  A tag
# ends before the next ``<``: ``[^>]*`` would rescan the rest of the title from
# every ``<`` (quadratic for a long title of unclosed tags).
_HTML_TAG = re.compile(r"<[A-Za-z!?/][^<>]*>")


class ConceptDirective(SphinxDirective):
    """Render concepts from a source file, a glob, or an inline body."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "specialist-role": directives.unchanged_required,
        "target-audience": directives.unchanged_required,
        "name": directives.unchanged_required,
        "sections": directives.unchanged_required,
        "class": directives.class_option,
        "variants": lambda arg: directives.choice(arg, variants.CHOICES),
    }

    def _sources(self, config: ConceptsConfig) -> list[tuple[ReadResult, str]]:
        argument = self.arguments[0].strip()
        here = self._location()
        if classify_target(argument).kind in (TargetKind.URL, TargetKind.UNSAFE):
            warn(
                f"concept sources are local files, not URLs: {argument!r}",
                Subtype.SECURITY,
                here,
            )
            return []
        files = find_source_files(
            argument,
            str(self.env.doc2path(self.env.docname)),
            str(self.env.srcdir),
            concept_domain(self.env).source_paths,
        )
        if files.refused:
            warn(
                f"the concept source {argument!r} resolves outside the source "
                "directory and concepts_paths; refused",
                Subtype.SECURITY,
                here,
            )
        page = str(self.env.doc2path(self.env.docname))
        if is_glob(argument):
            # Re-read the page when the glob matches other files (env-get-outdated).
            concept_domain(self.env).note_glob(
                self.env.docname, argument, page, matched_files(files)
            )
        if not files.allowed and not files.refused:
            what = "matches no source file" if is_glob(argument) else "does not exist"
            warn(f"the concept source {argument!r} {what}", Subtype.SOURCE, here)
            if not is_glob(argument):
                # A missing dependency keeps the page outdated: it is read
                # again once the source is created.
                for missing in missing_paths(
                    argument,
                    page,
                    str(self.env.srcdir),
                    concept_domain(self.env).source_paths,
                ):
                    self.env.note_dependency(missing)
        from ..sources.reading import read_file_cached
        from .myst_text import concept_parser

        results = []
        gate = current_gate()
        domain = concept_domain(self.env)
        for path in files.allowed:
            self.env.note_dependency(path)
            if gate is not None and os.path.realpath(path) in map(
                os.path.realpath, gate.chain
            ):
                warn(
                    f"the concept source {argument!r} is already being shown around "
                    "this directive (a card would contain itself); refused",
                    Subtype.SECURITY,
                    here,
                )
                continue
            domain.note_source(self.env.docname, path)
            result = read_file_cached(
                path, config.max_source_bytes, concept_parser(self.env)
            )
            results.append((result, path))
        return results

    _named = False

    def _location(self) -> str:
        """Where this directive is written: in concept text (a card showing a
        card), the source file of that text, not the page."""
        gate = current_gate()
        if gate is not None:
            return f"{gate.rules.source}:{self.lineno}"
        return str(self.get_location())

    # -- running -----------------------------------------------------------------
    def run(self) -> list[nodes.Node]:
        with gc_paused():  # a card makes thousands of objects, all kept or freed
            return self._run()

    def _run(self) -> list[nodes.Node]:
        config = concepts_config(self.env.config)
        here = self._location()
        if not self.arguments:
            warn(
                "the concept directive needs a source path or, with a body, a title",
                Subtype.SOURCE,
                here,
            )
            return []
        gate = current_gate()
        if gate is not None and gate.depth >= MAX_NESTING:
            warn(
                f"concept directives are nested more than {MAX_NESTING} deep; "
                "this one is refused",
                Subtype.SECURITY,
                here,
            )
            return []
        order = config.sections
        if "sections" in self.options:
            try:
                order = parse_sections(":sections:", self.options["sections"])
            except ConfigValueError as error:
                warn(f"{error}; showing the default sections", Subtype.SOURCE, here)

        page = self.env.doc2path(self.env.docname)
        if self.content:
            from ..sources.markdown_format import read_markdown
            from .myst_text import concept_parser

            result = read_markdown(
                "\n".join(self.content),
                str(page),
                title=self.arguments[0],
                line_offset=self._content_line_offset(),
                parser=concept_parser(self.env),
            )
            sources = [(result, str(page))]
        else:
            sources = self._sources(config)

        output: list[nodes.Node] = []
        for result, path in sources:
            for problem in result.problems:
                warn_problem(problem)
            for concept in result.concepts:
                concept = self._clean(concept, here)
                self._warn_html_titles(concept, here)
                output.extend(
                    self._render(
                        self._with_metadata(concept, config), path, config, order
                    )
                )
        if self.options.get("variants") == "tabs":
            output = variants.group_variants(output)
        return output

    def _content_line_offset(self) -> int:
        """0-based line of the body in the page.  docutils gives that as
        ``content_offset``; MyST gives the offset within the directive."""
        if getattr(self.state, "_renderer", None) is not None:
            return self.lineno + self.content_offset
        return self.content_offset

    def _clean(self, concept: Concept, here: str) -> Concept:
        """Control characters (from YAML/JSON escapes) leave the concept before
        anything shows it; a title that shows nothing, or that ``objects.inv``
        cannot hold, is said so."""
        where = str(concept.location) if concept.location.source else here
        if concept_has_controls(concept):
            warn(
                "control characters in the concept are removed (they break LaTeX, "
                "man and texinfo output and terminals)",
                Subtype.SOURCE,
                where,
            )
            concept = clean_value(concept)
        if is_invisible(concept.title):
            warn(
                f"the title {concept.title!r} is made only of invisible "
                "characters (blanks, zero-width or direction marks)",
                Subtype.SOURCE,
                where,
            )
        if not inventory_safe(concept.title):
            warn(
                f"the title {concept.title!r} would read as another entry in "
                "objects.inv; it is left out of the inventory (a number after "
                "two words, or a tab or line separator)",
                Subtype.SECURITY,
                where,
            )
        return concept

    def _warn_html_titles(self, concept: Concept, here: str) -> None:
        """Titles are plain text (always escaped), but say so: the author (or
        their tool) may expect the markup to work."""
        titles = [(concept.title, concept.location.line)]
        titles += [(extra.title, extra.line) for extra in concept.sections]
        for title, line in titles:
            if _HTML_TAG.search(title):
                warn(
                    "raw HTML in a concept or section title is shown as text",
                    Subtype.SECURITY,
                    f"{concept.location.source}:{line}" if line else here,
                )

    def _with_metadata(self, concept: Concept, config: ConceptsConfig) -> Concept:
        return with_metadata(
            concept,
            role=self.options.get("specialist-role"),
            audience=self.options.get("target-audience"),
            default_role=config.default_specialist_role,
            default_audience=config.default_target_audience,
        )

    def _heading_level(self) -> int:
        depth = 0
        # MyST's mock state has no ``parent``; its renderer knows the current node.
        renderer = getattr(self.state, "_renderer", None)
        node: nodes.Node | None = (
            renderer.current_node if renderer is not None else self.state.parent
        )
        while node is not None:
            if isinstance(node, nodes.section):
                depth += 1
            node = node.parent
        return depth + 1

    def _anchor(self, concept: Concept) -> str:
        parts = [slug(concept.title)]
        parts += [
            slug(p) for p in (concept.specialist_role, concept.target_audience) if p
        ]
        base = "concept-" + "--".join(parts)
        anchor, n = base, 1
        while anchor in self.state.document.ids:
            n += 1
            anchor = f"{base}-{n}"
        return anchor

    def _render(
        self,
        concept: Concept,
        path: str,
        config: ConceptsConfig,
        order: tuple[str, ...] | None,
    ) -> list[nodes.Node]:
        anchor = self._anchor(concept)
        from .card import CardOptions, build_card
        from .myst_text import TextContext

        text = TextContext(
            document=self.state.document,
            env=self.env,
            source=path,
            source_dir=os.path.dirname(path),
            allow_raw_html=config.allow_raw_html,
            containment=Containment(
                source=path,
                roots=(str(self.env.srcdir), *concept_domain(self.env).source_paths),
                allow_raw_html=config.allow_raw_html,
                extra_directives=frozenset(config.allow_directives),
                extra_roles=frozenset(config.allow_roles),
            ),
        )
        card = build_card(
            concept,
            CardOptions(
                anchor=anchor,
                heading_level=self._heading_level(),
                sections=order,
                classes=tuple(self.options.get("class", ())),
                config=config,
                text=text,
            ),
        )
        self.state.document.set_id(card)
        if "name" in self.options and not self._named:
            # With a glob, the label names the first card rendered.
            self._named = True
            name = nodes.fully_normalize_name(self.options["name"])
            card["names"].append(name)
            self.state.document.note_explicit_target(card, card)

        domain = concept_domain(self.env)
        location = concept.location if concept.location.source else Location(path)
        domain.add_entry(
            make_entry(
                title=concept.title,
                specialist_role=concept.specialist_role or "",
                target_audience=concept.target_audience or "",
                aliases=concept.aliases,
                tags=concept.tags,
                summary=plain_text(concept.summary),
                first_question=_first_question(concept),
                docname=self.env.docname,
                anchor=anchor,
                position=domain.next_position(self.env.docname),
                location=str(location),
                see_also=tuple(
                    q.key
                    for q in (classify_target(s.target).query for s in concept.see_also)
                    if q is not None
                ),
            )
        )
        return [
            general_index_node(
                concept.title, concept.target_audience or "", anchor, concept.aliases
            ),
            card,
        ]


def _first_question(concept: Concept) -> str:
    """The first follow-up question as plain text, for previews (from the tokens
    the reader kept: a source is parsed once per build)."""
    if not concept.follow_up:
        return ""
    first = concept.follow_up[0]
    return plain_text(Text(first.question, first.line, first.question_tokens))

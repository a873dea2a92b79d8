"""``sphinx-concepts check``: every rule it applies, and the report it returns.

A source is read and checked as the build would (same readers, same messages),
plus what only the command line checks (the JSON Schema, placeholders left);
every see-also target is then resolved by the build's resolver.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..core.config import DEFAULT_MAX_SOURCE_BYTES
from ..core.model import Concept, Location, with_metadata
from ..core.names import ConceptQuery, TargetKind, classify_target, normalize
from ..core.placeholders import placeholder_problems
from ..core.problems import (
    ConceptSourceError,
    Problem,
    ReadResult,
    Severity,
    Subtype,
    alias_clash_message,
    duplicate_message,
)
from ..core.resolver import VariantTable, missed_audience
from ..core.safe_text import concept_has_controls, is_invisible
from ..core.wording import describe
from ..sources.reading import JSON_SUFFIXES, YAML_SUFFIXES, read_file, read_text
from ..sources.schema import schema_problems
from .discovery import find_sources, is_project, skip_reason


@dataclass
class WantedTarget:
    """A concept that is referenced but defined nowhere."""

    concept: str
    query: str
    referrers: list[Location] = field(default_factory=list)


@dataclass
class ResolvedLink:
    """A see-also entry naming a concept, and the variant it lands on (``None``
    when no concept matches): where the build's link goes."""

    where: Location
    query: ConceptQuery
    concept: Concept | None


@dataclass
class Report:
    """What ``check`` found, for :mod:`.report_format` to print."""

    problems: list[Problem] = field(default_factory=list)  # notes too
    wanted: list[WantedTarget] = field(default_factory=list)
    concepts: list[Concept] = field(default_factory=list)
    links: list[ResolvedLink] = field(default_factory=list)
    #: Variants a Sphinx project's build rendered (it reads pages' inline
    #: concepts too); ``None``: count :attr:`concepts`.
    rendered: int | None = None

    def failed(self, strict: bool) -> bool:
        return any(
            p.severity is Severity.ERROR or (strict and p.severity is Severity.WARNING)
            for p in self.problems
        )

    @property
    def checked(self) -> int:
        return len(self.concepts) if self.rendered is None else self.rendered


def check(
    paths: Sequence[str],
    max_bytes: int = DEFAULT_MAX_SOURCE_BYTES,
    default_audience: str | None = None,
    default_role: str | None = None,
) -> Report:
    """Read and validate every source, then resolve every see-also target with
    the build's resolver; ``default_audience``/``default_role`` stand for the
    ``concepts_default_*`` values of a build.  A Sphinx project is checked by
    its own build (:mod:`sphinx_concepts.cli.project`)."""
    named, walked, problems = find_sources(paths)
    report = Report(problems=problems)
    projects = [Path(p) for p in paths if is_project(Path(p))]
    if projects:
        _check_projects(report, projects, max_bytes)
        if not named and not walked:
            return report
    for path in [*named, *walked]:
        if path in walked:
            reason = skip_reason(path, max_bytes)
            if reason is not None:
                report.problems.append(
                    Problem(
                        f"skipped, not a concept source ({reason})",
                        Location(str(path)),
                        severity=Severity.NOTE,
                    )
                )
                continue
        result = read_file(path, str(path), max_bytes)
        report.problems.extend(result.problems)
        report.problems.extend(_shown_problems(result))
        if path.suffix.lower() in YAML_SUFFIXES + JSON_SUFFIXES:
            report.problems.extend(_schema_warnings(path, result, max_bytes))
        for concept in result.concepts:
            report.problems.extend(placeholder_problems(concept))
        report.concepts.extend(
            with_metadata(
                c, default_role=default_role, default_audience=default_audience
            )
            for c in result.concepts
        )
    table = VariantTable(report.concepts, default_audience)
    report.problems.extend(_duplicates(table))
    _check_targets(report, table)
    if projects:
        report.rendered = (report.rendered or 0) + len(report.concepts)
    return report


def _shown_problems(result: ReadResult) -> list[Problem]:
    """What the build warns about how a concept would be shown (same rules)."""
    problems = []
    for concept in result.concepts:
        if concept_has_controls(concept):
            problems.append(
                Problem(
                    "control characters in the concept are removed (they break "
                    "LaTeX, man and texinfo output and terminals)",
                    concept.location,
                )
            )
        if is_invisible(concept.title):
            problems.append(
                Problem(
                    f"the title {concept.title!r} is made only of "
                    "invisible characters (blanks, zero-width or direction marks)",
                    concept.location,
                )
            )
    return problems


def _check_projects(report: Report, projects: list[Path], max_bytes: int) -> None:
    """Build each project with the dummy builder, then check what only the
    command line checks on the sources its directives read."""
    # Imported here: it imports Sphinx, which nothing else of the command needs.
    from .project import check_project

    for project in projects:
        result = check_project(project)
        report.problems.extend(result.problems)
        report.rendered = (report.rendered or 0) + result.variants
        for path in result.sources:
            read = read_file(path, str(path), max_bytes)
            # The build reported what reading found; only the schema and the
            # placeholders are the command line's own.
            if path.suffix.lower() in YAML_SUFFIXES + JSON_SUFFIXES:
                report.problems.extend(_schema_warnings(path, read, max_bytes))
            for concept in read.concepts:
                report.problems.extend(placeholder_problems(concept))


def _schema_warnings(path: Path, result: ReadResult, max_bytes: int) -> list[Problem]:
    """Schema violations of a source the reader took without a word.

    The reader is the authority (its problems decide the exit status); the schema,
    which editors use, is a second opinion that must not repeat the reader's.
    """
    if result.problems:
        return []
    try:
        text = read_text(path, str(path), max_bytes)
    except ConceptSourceError:
        return []
    return schema_problems(text, str(path), path.suffix.lower())


def _duplicates(table: VariantTable[Concept]) -> list[Problem]:
    """What the build reports as ``concept.duplicate``, from the same table."""
    problems = [
        Problem(
            duplicate_message(_described(later), str(first.location)),
            later.location,
            Subtype.DUPLICATE,
        )
        for first, later in table.duplicates
    ]
    problems += [
        Problem(
            alias_clash_message(alias, concept.title),
            concept.location,
            Subtype.DUPLICATE,
        )
        for alias, concept in table.alias_clashes
    ]
    return problems


def _check_targets(report: Report, table: VariantTable[Concept]) -> None:
    wanted: dict[str, WantedTarget] = {}
    for concept in report.concepts:
        for entry in concept.see_also:
            where = Location(concept.location.source, entry.line)
            target = classify_target(entry.target)
            if target.kind is TargetKind.UNSAFE:
                report.problems.append(
                    Problem(
                        f"the see-also target {entry.target!r} is refused: "
                        f"{target.reason}",
                        where,
                        Subtype.SECURITY,
                        Severity.ERROR,
                    )
                )
            elif target.kind is TargetKind.INVALID:
                report.problems.append(
                    Problem(
                        f"the see-also target {entry.target!r} is invalid: "
                        f"{target.reason}",
                        where,
                        Subtype.REF,
                    )
                )
            elif target.query is not None:
                query = target.query
                found = table.resolve(query.key)
                report.links.append(ResolvedLink(where, query, found))
                if found is not None:
                    if missed_audience(query.key, found):
                        report.problems.append(
                            Problem(
                                f"the see-also target {str(query)!r} asks for the "
                                f"audience {query.target_audience!r}; no variant of "
                                f"{found.title!r} is written for it, so it links "
                                f"to {_described(found)!r}",
                                where,
                                Subtype.FALLBACK,
                            )
                        )
                    continue
                report.problems.append(
                    Problem(
                        f"the see-also target {str(query)!r} matches no concept",
                        where,
                        Subtype.REF,
                    )
                )
                item = wanted.setdefault(
                    normalize(query.concept),
                    WantedTarget(query.concept, "?" + query.to_query_string()),
                )
                item.referrers.append(where)
    report.wanted = list(wanted.values())


def _described(concept: Concept) -> str:
    return describe(concept.title, concept.specialist_role, concept.target_audience)

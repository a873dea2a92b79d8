"""The ``sphinx-concepts`` command: check, convert and create sources (SPEC 9).

Pure like the readers: it imports no Sphinx, so it runs in editors' save hooks
and pre-commit without building any documentation.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .core.config import DEFAULT_MAX_SOURCE_BYTES
from .core.model import Concept, FollowUp, Location, SeeAlso, Text, with_metadata
from .core.names import ConceptQuery, TargetKind, classify_target, normalize, slug
from .core.placeholders import MARKER, placeholder_problems
from .core.problems import (
    ConceptSourceError,
    Problem,
    ReadResult,
    Severity,
    Subtype,
    alias_clash_message,
    duplicate_message,
)
from .core.resolver import VariantTable, missed_audience
from .core.safe_text import (
    concept_has_controls,
    is_invisible,
    safe_file_name,
    visible,
    visible_json,
)
from .core.wording import describe
from .sources.detect import not_a_source, walk_sources
from .sources.reading import JSON_SUFFIXES, SUFFIXES, YAML_SUFFIXES, read_file
from .sources.schema import schema_problems
from .sources.writers import lossless, to_json, to_markdown, to_yaml

EXAMPLES = """\
examples:
  sphinx-concepts check docs                     a Sphinx project (conf.py): what
                                                 its build reads, as it reads it
  sphinx-concepts check docs/concepts            every source below a folder
  sphinx-concepts check a.md b.yaml --strict     warnings (placeholders too) fail
  sphinx-concepts check docs --format json       machine-readable report
  sphinx-concepts convert attention.md --to yaml -o attention.yaml
  sphinx-concepts convert concepts.yaml --to md -o concepts/   one file per concept
  sphinx-concepts new "Gradient Descent" --target-audience "Data Analyst" > gd.md

exit status: 0 no errors (warnings allowed unless --strict), 1 errors, 2 usage error
"""

FORMATS = {"md": ".md", "yaml": ".yaml", "json": ".json"}


# -- check ----------------------------------------------------------------------------
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


def find_sources(
    paths: Sequence[str],
) -> tuple[list[Path], list[Path], list[Problem]]:
    """The files named, and those found below the folders named (outside build
    folders and hidden ones), in a stable order; Sphinx projects (folders with
    a ``conf.py``) are returned apart, for :func:`check_projects`."""
    files: dict[Path, bool] = {}  # path -> found by walking a folder
    projects: list[Path] = []
    problems: list[Problem] = []
    for name in paths:
        path = Path(name)
        if path.is_dir() and (path / "conf.py").is_file():
            projects.append(path)
        elif path.is_dir():
            found = walk_sources(path)
            if not found:
                problems.append(Problem("no concept sources here", Location(name)))
            for item in found:
                files.setdefault(item, True)
        elif path.is_file():
            files[path] = False
        else:
            problems.append(
                Problem(
                    "no such file or folder", Location(name), severity=Severity.ERROR
                )
            )
    walked = [p for p, by_walk in files.items() if by_walk]
    named = [p for p, by_walk in files.items() if not by_walk]
    return (
        named,
        walked,
        problems
        + [_project_hint(p) for p in _inside_projects(paths) if p not in projects],
    )


def check(
    paths: Sequence[str],
    max_bytes: int = DEFAULT_MAX_SOURCE_BYTES,
    default_audience: str | None = None,
    default_role: str | None = None,
) -> Report:
    """Read and validate every source, then resolve every see-also target with
    the build's resolver; ``default_audience``/``default_role`` stand for the
    ``concepts_default_*`` values of a build.  A Sphinx project is checked by
    its own build (:mod:`sphinx_concepts.project_check`)."""
    named, walked, problems = find_sources(paths)
    report = Report(problems=problems)
    projects = [Path(p) for p in paths if Path(p, "conf.py").is_file()]
    if projects:
        _check_projects(report, projects, max_bytes)
        if not named and not walked:
            return report
    for path in [*named, *walked]:
        if path in walked:
            reason = _not_a_source(path, max_bytes)
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


def _not_a_source(path: Path, max_bytes: int) -> str | None:
    """Why a file found in a folder is no concept source (``None``: it is one,
    or it cannot be read, which checking it reports)."""
    from .sources.reading import read_text

    try:
        text = read_text(path, str(path), max_bytes)
    except ConceptSourceError:
        return None
    return not_a_source(text, path.suffix, str(path))


def _inside_projects(paths: Sequence[str]) -> list[Path]:
    """The Sphinx projects (nearest folder with a ``conf.py``) that folders
    named on the command line belong to, when they are not projects themselves."""
    found: dict[Path, None] = {}
    for name in paths:
        path = Path(name).resolve()
        if not path.is_dir() or (path / "conf.py").is_file():
            continue
        for parent in path.parents:
            if (parent / "conf.py").is_file():
                found[parent] = None
                break
    return list(found)


def _project_hint(project: Path) -> Problem:
    return Problem(
        "these sources belong to the Sphinx project in this folder: checking it "
        "checks them as its build reads them, with the pages' directive options "
        f"(sphinx-concepts check {_shown(project)})",
        Location(str(_shown(project / "conf.py"))),
        severity=Severity.NOTE,
    )


def _shown(path: Path) -> Path:
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def _check_projects(report: Report, projects: list[Path], max_bytes: int) -> None:
    """Build each project with the dummy builder (imports Sphinx), then check
    what only the command line checks on the sources its directives read."""
    from .project_check import check_project

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
    from .sources.reading import read_text

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
            duplicate_message(
                describe(later.title, later.specialist_role, later.target_audience),
                str(first.location),
            ),
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


def _line(location: Location) -> int:
    return location.line or 1  # a problem with the whole file points at its top


def format_text(report: Report) -> str:
    """The report for a terminal: sources' control characters (an ESC decoded
    from a see-also query, a YAML escape) are printed as escapes, never run."""
    return "\n".join(visible(line) for line in _text_lines(report))


def _text_lines(report: Report) -> list[str]:
    lines = [
        f"{p.location.source}:{_line(p.location)}: {p.severity.value}: {p.message}"
        + ("" if p.severity is Severity.NOTE else f" [concept.{p.subtype.value}]")
        for p in _ordered(report.problems)
    ]
    if report.wanted:
        lines.append("")
        lines.append("wanted concepts (referenced, defined nowhere):")
        for item in report.wanted:
            lines.append(f"  {item.concept}  ({item.query})")
            lines.extend(f"    wanted by {r.source}:{_line(r)}" for r in item.referrers)
    errors = sum(p.severity is Severity.ERROR for p in report.problems)
    warnings = sum(p.severity is Severity.WARNING for p in report.problems)
    notes = sum(p.severity is Severity.NOTE for p in report.problems)
    lines.append(
        f"{report.checked} concept(s) checked: "
        f"{errors} error(s), {warnings} warning(s)"
        + (f", {notes} note(s)" if notes else "")
    )
    return lines


def format_json(report: Report) -> str:
    data = {
        "problems": [
            {
                "file": p.location.source,
                "line": _line(p.location),
                "level": p.severity.value,
                "subtype": p.subtype.value,
                "message": p.message,
            }
            for p in _ordered(report.problems)
        ],
        "wanted": [
            {
                "concept": w.concept,
                "query": w.query,
                "referrers": [
                    {"file": r.source, "line": _line(r)} for r in w.referrers
                ],
            }
            for w in report.wanted
        ],
        "links": [
            {
                "file": link.where.source,
                "line": _line(link.where),
                "query": "?" + link.query.to_query_string(),
                "concept": None if link.concept is None else _variant(link.concept),
            }
            for link in report.links
        ],
    }
    # json escapes C0 controls itself; DEL, C1 and direction overrides too here.
    return visible_json(json.dumps(data, indent=2, ensure_ascii=False))


def _variant(concept: Concept) -> dict[str, str | int | None]:
    return {
        "title": concept.title,
        "specialist_role": concept.specialist_role,
        "target_audience": concept.target_audience,
        "file": concept.location.source,
        "line": _line(concept.location),
    }


def _ordered(problems: list[Problem]) -> list[Problem]:
    files = list(dict.fromkeys(p.location.source for p in problems))
    # Within a file: by line, notes (about the whole file) first.
    return sorted(
        problems, key=lambda p: (files.index(p.location.source), p.location.line)
    )


# -- new ------------------------------------------------------------------------------
def skeleton(title: str, role: str | None, audience: str | None) -> Concept:
    """A concept with a placeholder (``TODO:``, see :mod:`.core.placeholders`)
    in every section, which ``check`` reports until each is rewritten.  The
    see-also entry names a concept to write or link, never this one."""
    reader = f"its audience ({audience})" if audience else "its readers"
    return Concept(
        title=title,
        specialist_role=role,
        target_audience=audience,
        explanation=Text(
            f"{MARKER} explain {title} in plain language for {reader}:\n"
            "what it is, what it is for, and an everyday picture of how it works."
        ),
        follow_up=(
            FollowUp(
                f"{MARKER} which question would a reader ask next?",
                Text(f"{MARKER} answer it in a paragraph or two."),
            ),
        ),
        etymology=Text(f"{MARKER} where the idea and its name come from."),
        summary=Text(
            f"{MARKER} a recap in two or three sentences\n"
            "(also shown as the preview of links to this concept)."
        ),
        see_also=(
            SeeAlso(
                "Related Concept",
                "related concept",
                f"{MARKER} link a concept that {title} builds on or leads to "
                "(its name, or a ?concept= query with an audience), and say what "
                "the reader finds there.",
            ),
        ),
    )


# -- the commands ---------------------------------------------------------------------
class UsageError(Exception):
    """Bad arguments: exit status 2."""


def _cmd_check(args: argparse.Namespace) -> int:
    report = check(
        args.paths,
        args.max_bytes,
        default_audience=args.default_target_audience,
        default_role=args.default_specialist_role,
    )
    output = format_json(report) if args.format == "json" else format_text(report)
    print(output)
    return 1 if report.failed(args.strict) else 0


def _cmd_convert(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if path.suffix.lower() not in SUFFIXES:
        raise UsageError(f"{path}: not a concept source (use {', '.join(SUFFIXES)})")
    result = read_file(path, str(path), args.max_bytes)
    for problem in result.problems:
        print(visible(str(problem)), file=sys.stderr)
    if result.errors:
        print(f"{path}: not converted: the source has errors", file=sys.stderr)
        return 1
    if not result.concepts:
        print(f"{path}: not converted: no concept in the source", file=sys.stderr)
        return 1
    if args.to == "md" and len(result.concepts) > 1:
        return _convert_many(result.concepts, args)
    reason = lossless(result.concepts, args.to)
    if reason is not None:
        print(
            visible(f"{path}: not converted, it would lose something: {reason}"),
            file=sys.stderr,
        )
        return 1
    _emit(_write(result.concepts, args.to), args.output)
    return 0


def _convert_many(concepts: list[Concept], args: argparse.Namespace) -> int:
    """Several concepts to Markdown: one file each in the folder ``-o``."""
    if not args.output:
        raise UsageError(
            f"the source holds {len(concepts)} concepts; a Markdown file holds one: "
            "give a folder with -o"
        )
    for concept in concepts:
        reason = lossless([concept], "md")
        if reason is not None:
            print(
                visible(f"not converted, it would lose something: {reason}"),
                file=sys.stderr,
            )
            return 1
    folder = Path(args.output)
    folder.mkdir(parents=True, exist_ok=True)
    names = _file_names(concepts)
    for concept, name in zip(concepts, names, strict=True):
        (folder / name).write_text(to_markdown(concept), encoding="utf-8")
        print(visible(str(folder / name)))
    return 0


def _file_names(concepts: list[Concept]) -> list[str]:
    """One safe, short, unique file name per concept (see ``safe_file_name``)."""
    taken: set[str] = set()
    names: list[str] = []
    for concept in concepts:
        parts = (concept.title, concept.specialist_role, concept.target_audience)
        base = "--".join(slug(p) for p in parts if p)
        names.append(safe_file_name(base, ".md", taken))
    return names


def _write(concepts: list[Concept], fmt: str) -> str:
    if fmt == "md":
        return to_markdown(concepts[0])
    return to_yaml(concepts) if fmt == "yaml" else to_json(concepts)


def _emit(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def _cmd_new(args: argparse.Namespace) -> int:
    title = " ".join(args.title.split())
    if not title:
        raise UsageError("the title is empty")
    role = " ".join((args.specialist_role or "").split()) or None
    audience = " ".join((args.target_audience or "").split()) or None
    concept = skeleton(title, role, audience)
    reason = lossless([concept], args.format)
    if reason is not None:
        raise UsageError(f"this title cannot be written as {args.format}: {reason}")
    _emit(_write([concept], args.format), args.output)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sphinx-concepts",
        description="Check, convert and create sphinx-concepts sources "
        "(Markdown, YAML, JSON).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check_cmd = commands.add_parser(
        "check",
        help="validate sources and the links between them",
        description="Validate sources: syntax, fields, the JSON Schema (YAML/JSON), "
        "unsafe link targets, see-also targets that match no checked concept or "
        "land on another audience's variant, and placeholders left.  A folder "
        "with a conf.py is checked as its Sphinx build reads it.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check_cmd.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="files, folders of sources, or Sphinx projects (folders with conf.py)",
    )
    check_cmd.add_argument("--format", choices=("text", "json"), default="text")
    check_cmd.add_argument("--strict", action="store_true", help="warnings fail too")
    check_cmd.add_argument(
        "--default-target-audience",
        metavar="A",
        help="as concepts_default_target_audience: the audience of sources that "
        "name none, and the variant a link without an audience lands on (a "
        "Sphinx project's own value comes from its conf.py)",
    )
    check_cmd.add_argument(
        "--default-specialist-role",
        metavar="R",
        help="as concepts_default_specialist_role (likewise)",
    )
    _add_max_bytes(check_cmd)
    check_cmd.set_defaults(run=_cmd_check)

    convert = commands.add_parser(
        "convert",
        help="convert a source between Markdown, YAML and JSON, keeping every word",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    convert.add_argument("file", metavar="FILE")
    convert.add_argument("--to", choices=tuple(FORMATS), required=True)
    convert.add_argument("-o", "--output", metavar="OUT", help="file (default: stdout)")
    _add_max_bytes(convert)
    convert.set_defaults(run=_cmd_convert)

    new = commands.add_parser(
        "new",
        help="print a skeleton source that passes check",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    new.add_argument("title", metavar="TITLE")
    new.add_argument("--specialist-role", metavar="R")
    new.add_argument("--target-audience", metavar="A")
    new.add_argument("--format", choices=tuple(FORMATS), default="md")
    new.add_argument("-o", "--output", metavar="OUT", help="file (default: stdout)")
    new.set_defaults(run=_cmd_new)
    return parser


def _add_max_bytes(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_SOURCE_BYTES,
        metavar="N",
        help="refuse larger sources (default: %(default)s)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (never raises for bad input)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version and argparse's usage errors
        return exit_.code if isinstance(exit_.code, int) else 2
    try:
        status: int = args.run(args)
        return status
    except UsageError as error:
        parser.print_usage(sys.stderr)
        print(visible(f"sphinx-concepts: error: {error}"), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 1
    except OSError as error:
        print(visible(f"sphinx-concepts: error: {error}"), file=sys.stderr)
        return 1
    except Exception as error:  # a bug must still not greet the user with a traceback
        print(f"sphinx-concepts: internal error: {error!r}", file=sys.stderr)
        return 1

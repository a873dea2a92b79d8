"""A check :class:`~.checks.Report` as text for a terminal, or as JSON."""

from __future__ import annotations

import json

from ..core.model import Concept, Location
from ..core.problems import Problem, Severity
from ..core.safe_text import visible, visible_json
from .checks import Report


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


def _line(location: Location) -> int:
    return location.line or 1  # a problem with the whole file points at its top

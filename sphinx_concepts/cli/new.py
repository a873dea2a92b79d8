"""``sphinx-concepts new``: a skeleton source that ``check`` flags until written."""

from __future__ import annotations

from ..core.model import Concept, FollowUp, SeeAlso, Text
from ..core.placeholders import MARKER
from ..sources.writers import lossless, to_format
from .output import emit
from .usage import UsageError


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


def new(
    title: str, role: str | None, audience: str | None, fmt: str, output: str | None
) -> int:
    """Write the skeleton as ``fmt``; names are taken with blanks collapsed."""
    title = " ".join(title.split())
    if not title:
        raise UsageError("the title is empty")
    role = " ".join((role or "").split()) or None
    audience = " ".join((audience or "").split()) or None
    concept = skeleton(title, role, audience)
    reason = lossless([concept], fmt)
    if reason is not None:
        raise UsageError(f"this title cannot be written as {fmt}: {reason}")
    emit(to_format([concept], fmt), output)
    return 0

"""Every phrase that describes a variant ("for whom, by whom"), in one place.

Messages are marked with :func:`_` so the catalog extraction finds them; the
core never translates.  Callers in the Sphinx layer pass their translator as
``translate``, the command line and warnings keep English.
"""

from __future__ import annotations

from collections.abc import Callable

Translate = Callable[[str], str]


def _(message: str) -> str:
    """Mark ``message`` for the catalog (like ``gettext_noop``)."""
    return message


FOR = _("for %s")
BY = _("by %s")
FOR_SENTENCE = _("For %s")
EXPLAINED_BY = _("explained by %s")
EVERYONE = _("Everyone")
WRITTEN_FOR = _("Written for %(found)s: there is no variant for %(asked)s.")


def _same(message: str) -> str:
    return message


def variant_parts(
    role: str | None, audience: str | None, translate: Translate = _same
) -> list[str]:
    """``["for <audience>", "by <role>"]``, leaving out what is not given."""
    parts = []
    if audience:
        parts.append(str(translate(FOR)) % audience)
    if role:
        parts.append(str(translate(BY)) % role)
    return parts


def describe(
    title: str,
    role: str | None = None,
    audience: str | None = None,
    translate: Translate = _same,
) -> str:
    """``Title (for <audience>, by <role>)``, or the bare title."""
    parts = variant_parts(role, audience, translate)
    return f"{title} ({', '.join(parts)})" if parts else title


def byline(role: str | None, audience: str | None, translate: Translate = _same) -> str:
    """The line under a card's title: ``For <audience>, explained by <role>``."""
    parts = []
    if audience:
        parts.append(str(translate(FOR_SENTENCE)) % audience)
    if role:
        parts.append(str(translate(EXPLAINED_BY)) % role)
    return ", ".join(parts)


def audience_label(
    audience: str | None, role: str | None, repeated: bool, translate: Translate = _same
) -> str:
    """A short label for one audience's variant (tabs, the audience choice); the
    role is added where the same audience has several variants."""
    label = audience or str(translate(EVERYONE))
    if repeated and role:
        return ", ".join([label, *variant_parts(role, None, translate)])
    return label


def fallback_note(
    found_audience: str | None, asked_audience: str, translate: Translate = _same
) -> str:
    """What a link landing on another audience's card tells the reader."""
    found = found_audience or str(translate(EVERYONE))
    return str(translate(WRITTEN_FOR)) % {"found": found, "asked": asked_audience}

"""The extension's configuration (SPEC 6) as one validated, frozen dataclass.

The field metadata is the single place each value is described: the Sphinx layer
registers ``concepts_<field>`` from it and the docs render the table from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from .model import BACKLINKS, EXTRA, SECTION_KEYS

PREFIX = "concepts_"
#: Sources larger than this many bytes are refused unless configured otherwise.
DEFAULT_MAX_SOURCE_BYTES = 1_000_000
#: The most ``concepts_max_source_bytes`` may be: a source is read into memory
#: whole, and a concept source of a gigabyte is a mistake, not a document.
MAX_SOURCE_BYTES_LIMIT = 1 << 30


class ConfigValueError(ValueError):
    """A configuration value that cannot be used; the message names it."""


def _doc(text: str, rebuild: str = "env") -> dict[str, str]:
    return {"doc": text, "rebuild": rebuild}


@dataclass(frozen=True)
class ConceptsConfig:
    """Every ``concepts_*`` value of ``conf.py``, checked."""

    default_specialist_role: str | None = field(
        default=None, metadata=_doc("Specialist role of sources that name none.")
    )
    default_target_audience: str | None = field(
        default=None,
        metadata=_doc(
            "Target audience of sources that name none; also picks the variant a "
            "reference without an audience links to."
        ),
    )
    section_titles: Mapping[str, str] = field(
        default_factory=dict,
        metadata=_doc(
            "Heading labels by section key, e.g. ``{'follow_up': 'Questions'}``.",
            "html",
        ),
    )
    sections: tuple[str, ...] | None = field(
        default=None,
        metadata=_doc(
            "Which sections to show, in order (keys of the format, plus ``extra`` for "
            'all extra sections and ``backlinks`` for the "Referenced by" list, '
            "which always comes last). ``None``: all, in the format's order, extra "
            "sections where they stand."
        ),
    )
    fallback_url: str | None = field(
        default=None,
        metadata=_doc(
            "Where unresolved references link, e.g. "
            "``'https://explainer.example/?{query}'``; ``{query}`` is the URL-encoded "
            "query, ``{concept}`` the encoded name.",
            "html",
        ),
    )
    paths: tuple[str, ...] = field(
        default=(),
        metadata=_doc(
            "Extra folders (relative to ``conf.py``) that sources may be read from."
        ),
    )
    allow_raw_html: bool = field(
        default=False,
        metadata=_doc("Pass raw HTML in concept text through (off: escaped, warned)."),
    )
    allow_directives: tuple[str, ...] = field(
        default=(),
        metadata=_doc(
            "Directives concept text may use beyond the built-in allow-list "
            "(e.g. ``['tab-set', 'tab-item']``). They run unchecked: list only "
            "directives you trust with every source."
        ),
    )
    allow_roles: tuple[str, ...] = field(
        default=(),
        metadata=_doc(
            "Roles concept text may use beyond the built-in allow-list; as "
            "trusted as ``concepts_allow_directives``."
        ),
    )
    max_source_bytes: int = field(
        default=DEFAULT_MAX_SOURCE_BYTES,
        metadata=_doc("Sources larger than this are refused with a warning."),
    )
    backlinks: bool = field(
        default=True,
        metadata=_doc("Show on each card the pages and concepts that reference it."),
    )
    wanted_page: bool = field(
        default=False,
        metadata=_doc(
            "Add the page ``concept-wanted`` (HTML): references that no card "
            "answers (or none for the audience asked), with who makes them.",
            "html",
        ),
    )
    index_in_relbar: bool = field(
        default=False,
        metadata=_doc(
            "Name the concept index (and ``concept-wanted``) in the relation bar "
            "of every page, as Sphinx does for the Python module index, in themes "
            "that show one (classic, nature, ...). Off: pages without concepts "
            "stay exactly as they were.",
            "html",
        ),
    )
    implicit_references: bool = field(
        default=False,
        metadata=_doc(
            "Let references that did not ask for a concept (the ``any`` role, also "
            'as ``default_role = "any"``, and MyST links like ``[text](name)``) '
            "land on a concept, where nothing of the project's own (page, label, "
            "object) answers them: the project's target always wins, so a concept "
            "never makes such a reference ambiguous. Off: only the ``concept`` "
            "role, see-also entries and concept queries find concepts.",
            "html",
        ),
    )
    warn_fallback: bool = field(
        default=False,
        metadata=_doc(
            "Warn (``concept.fallback``) about each reference that asks for an "
            "audience the concept has no variant for, and so lands on another "
            "audience's card. Readers see it either way: the link says which "
            "audience the card was written for.",
            "html",
        ),
    )
    audience_choice: bool = field(
        default=True,
        metadata=_doc(
            "HTML: where the site has concepts for two or more audiences, readers "
            'choose theirs ("Reading as: …"); links and see-also entries that name '
            "no audience then lead to that audience's variant. Needs JavaScript; "
            "without it, pages work as they do with this off.",
            "html",
        ),
    )
    audience_labels: Mapping[str, str] = field(
        default_factory=dict,
        metadata=_doc(
            "Display names of audiences in the audience choice and in previews, by "
            "audience name, e.g. ``{'Manager without much technical background': "
            "'Managers'}``.",
            "html",
        ),
    )
    previews: bool = field(
        default=True,
        metadata=_doc(
            "HTML: hovering, focusing or tapping a concept link shows a preview of "
            "its target card (JavaScript; the ``title`` tooltip stays for readers "
            "without it).",
            "html",
        ),
    )
    preview_question: bool = field(
        default=True,
        metadata=_doc(
            "Previews also show the card's first follow-up question.", "html"
        ),
    )
    latex_pagerefs: bool = field(
        default=True,
        metadata=_doc(
            "PDF: concept links and see-also entries also give the page of their "
            "target, as Sphinx's ``latex_show_pagerefs`` does for every link (which, "
            "when on, already covers them).",
            "",
        ),
    )

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> ConceptsConfig:
        """Check raw ``conf.py`` values (by field name) and build the config."""
        checked: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in values:
                continue
            checked[f.name] = _CHECKS[f.name](PREFIX + f.name, values[f.name])
        return cls(**checked)


def _optional_text(name: str, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigValueError(
            f"{name} must be a non-empty string or None, not {value!r}"
        )
    return value.strip()


def _section_titles(name: str, value: Any) -> Mapping[str, str]:
    if not isinstance(value, Mapping):
        raise ConfigValueError(f"{name} must be a dict of section key -> label")
    for key, label in value.items():
        if key not in SECTION_KEYS:
            raise ConfigValueError(
                f"{name}: unknown section key {key!r} "
                f"(known: {', '.join(SECTION_KEYS)})"
            )
        if not isinstance(label, str) or not label.strip():
            raise ConfigValueError(f"{name}[{key!r}] must be a non-empty string")
    return dict(value)


def parse_sections(name: str, value: Any) -> tuple[str, ...] | None:
    """A section list from config (a list) or an option (a comma-separated string)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, list | tuple) or not all(
        isinstance(v, str) for v in value
    ):
        raise ConfigValueError(f"{name} must be a list of section keys")
    known = (*SECTION_KEYS, EXTRA, BACKLINKS)
    keys = [v.strip().replace("-", "_") for v in value]
    for key in keys:
        if key not in known:
            raise ConfigValueError(
                f"{name}: unknown section key {key!r} (known: {', '.join(known)})"
            )
    if len(set(keys)) != len(keys):
        raise ConfigValueError(f"{name} lists a section twice")
    return tuple(keys)


def _fallback_url(name: str, value: Any) -> str | None:
    value = _optional_text(name, value)
    if value is None:
        return None
    if not value.startswith(("http://", "https://", "/", "./", "../")):
        raise ConfigValueError(
            f"{name} must be an http(s) URL or a path, not {value!r}"
        )
    try:
        value.format(query="", concept="")
    except (KeyError, IndexError, ValueError) as error:
        raise ConfigValueError(
            f"{name} may only use the fields {{query}} and {{concept}} ({error})"
        ) from None
    return str(value)


def _audience_labels(name: str, value: Any) -> Mapping[str, str]:
    if not isinstance(value, Mapping):
        raise ConfigValueError(f"{name} must be a dict of audience name -> label")
    for audience, label in value.items():
        if not isinstance(audience, str) or not audience.strip():
            raise ConfigValueError(f"{name}: {audience!r} is not an audience name")
        if not isinstance(label, str) or not label.strip():
            raise ConfigValueError(f"{name}[{audience!r}] must be a non-empty string")
    return {audience.strip(): label.strip() for audience, label in value.items()}


def _paths(name: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(
        isinstance(v, str) for v in value
    ):
        raise ConfigValueError(f"{name} must be a list of folder paths")
    return tuple(value)


def _names(name: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple | set | frozenset) or not all(
        isinstance(v, str) and v.strip() for v in value
    ):
        raise ConfigValueError(f"{name} must be a list of names, not {value!r}")
    return tuple(sorted(v.strip().lower() for v in value))


def _flag(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ConfigValueError(f"{name} must be True or False, not {value!r}")
    return value


def _positive_int(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ConfigValueError(f"{name} must be a positive integer, not {value!r}")
    return value


def _byte_limit(name: str, value: Any) -> int:
    value = _positive_int(name, value)
    if value > MAX_SOURCE_BYTES_LIMIT:
        raise ConfigValueError(
            f"{name} must be at most {MAX_SOURCE_BYTES_LIMIT} (1 GiB), not {value!r}"
        )
    return int(value)


_CHECKS = {
    "default_specialist_role": _optional_text,
    "default_target_audience": _optional_text,
    "section_titles": _section_titles,
    "sections": parse_sections,
    "fallback_url": _fallback_url,
    "paths": _paths,
    "allow_raw_html": _flag,
    "allow_directives": _names,
    "allow_roles": _names,
    "max_source_bytes": _byte_limit,
    "backlinks": _flag,
    "wanted_page": _flag,
    "index_in_relbar": _flag,
    "implicit_references": _flag,
    "warn_fallback": _flag,
    "audience_choice": _flag,
    "audience_labels": _audience_labels,
    "previews": _flag,
    "preview_question": _flag,
    "latex_pagerefs": _flag,
}


def config_table() -> list[tuple[str, str, str]]:
    """(name, default, meaning) rows for the docs."""
    rows = []
    for f in fields(ConceptsConfig):
        default = f.default_factory() if callable(f.default_factory) else f.default
        if isinstance(default, tuple) and not default:
            default = []
        rows.append((PREFIX + f.name, repr(default), str(f.metadata["doc"])))
    return rows

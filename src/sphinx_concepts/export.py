"""``concepts.json``: every concept variant of an HTML build, for search and tools.

Written at ``build-finished`` (in the main process, after parallel writers have
merged their data) from the domain, so it always describes the whole project,
also after incremental builds.  URLs are relative to the site root.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders import Builder

from .domain import ConceptDomain, ConceptEntry
from .names import ConceptQuery
from .references import DOMAIN

FILENAME = "concepts.json"
#: Bump when the shape of the file changes incompatibly.
FORMAT_VERSION = 1
BUILDERS = ("html", "dirhtml", "singlehtml")


def single_page(builder: Builder) -> str:
    """The one page of a singlehtml build (its target URIs are "#document-x")."""
    return f"{builder.config.root_doc}{getattr(builder, 'out_suffix', '.html')}"


def page_url(builder: Builder, docname: str, anchor: str = "") -> str:
    """A page (and element) URL relative to the site root."""
    if builder.name == "singlehtml":
        page = single_page(builder)
    else:
        page = builder.get_target_uri(docname)
    return f"{page}#{anchor}" if anchor else page or "./"


def concept_record(
    domain: ConceptDomain, builder: Builder, entry: ConceptEntry
) -> dict[str, Any]:
    see_also = []
    for key in entry.see_also:
        query = ConceptQuery(*key)
        target = domain.resolve_query(query)
        see_also.append(
            {
                "query": query.canonical,
                "title": target.title if target else None,
                "url": page_url(builder, target.docname, target.anchor)
                if target
                else None,
            }
        )
    return {
        "title": entry.title,
        "specialist_role": entry.specialist_role or None,
        "target_audience": entry.target_audience or None,
        "aliases": list(entry.aliases),
        "tags": list(entry.tags),
        "url": page_url(builder, entry.docname, entry.anchor),
        "docname": entry.docname,
        "id": entry.anchor,
        "summary": entry.summary,
        "see_also": see_also,
        "backlinks": [
            page_url(builder, r.docname, r.anchor) for r in domain.backlinks(entry.key)
        ],
    }


def export_data(domain: ConceptDomain, builder: Builder) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "project": builder.config.project,
        "concepts": [concept_record(domain, builder, e) for e in domain.all_variants()],
    }


def write_concepts_json(app: Sphinx, exception: Exception | None) -> None:
    builder = app.builder
    if exception is not None or builder.name not in BUILDERS:
        return
    domain = app.env.get_domain(DOMAIN)
    assert isinstance(domain, ConceptDomain)
    text = json.dumps(export_data(domain, builder), ensure_ascii=False, indent=1)
    Path(builder.outdir, FILENAME).write_text(text + "\n", encoding="utf-8")

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

from ..core.names import canonical_query
from ..xref.domain import ConceptDomain, concept_domain
from ..xref.entries import ConceptEntry
from ..xref.links import site_url

FILENAME = "concepts.json"
#: Bump when the shape of the file changes incompatibly.
FORMAT_VERSION = 1
BUILDERS = ("html", "dirhtml", "singlehtml")


def concept_record(
    domain: ConceptDomain, builder: Builder, entry: ConceptEntry
) -> dict[str, Any]:
    see_also = []
    for key in entry.see_also:
        target = domain.lookup.resolve(key)
        see_also.append(
            {
                "query": canonical_query(key),
                "title": target.title if target else None,
                "url": site_url(builder, target.docname, target.anchor)
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
        "url": site_url(builder, entry.docname, entry.anchor),
        "docname": entry.docname,
        "id": entry.anchor,
        "summary": entry.summary,
        "see_also": see_also,
        "backlinks": [
            site_url(builder, r.docname, r.anchor) for r in domain.backlinks(entry.key)
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
    domain = concept_domain(app.env)
    if not domain.lookup.winners:
        return  # nothing to export: a project without concepts gets no file
    # Compact: json's C encoder (an indented dump is pure Python, ~10x slower).
    text = json.dumps(
        export_data(domain, builder), ensure_ascii=False, separators=(",", ":")
    )
    Path(builder.outdir, FILENAME).write_text(text + "\n", encoding="utf-8")

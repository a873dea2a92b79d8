"""The few places where Sphinx 8 and 9 differ for this extension.

Sphinx 9 deprecates ``env.app`` and ``SphinxTransform.app``; its own transforms
read the builder through ``env._app`` and ``env._builder_cls``.  These helpers use
those where they exist and fall back to the Sphinx 8 spelling.
"""

from __future__ import annotations

from typing import Any

from sphinx.builders import Builder


def builder_of(env: Any) -> Builder:
    app = getattr(env, "_app", None) or env.app
    return app.builder  # type: ignore[no-any-return]


def builder_name(env: Any) -> str:
    cls = getattr(env, "_builder_cls", None)
    return str(cls.name if cls is not None else env.app.builder.name)


def builder_format(env: Any) -> str:
    cls = getattr(env, "_builder_cls", None)
    return str(cls.format if cls is not None else env.app.builder.format)


def current_docname(env: Any) -> str:
    document = getattr(env, "current_document", None)  # Sphinx >= 9
    return str(document.docname if document is not None else env.docname)

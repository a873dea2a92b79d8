"""The ``sphinx-concepts`` command: check, convert and create sources (SPEC 9).

Pure like the readers: it imports no Sphinx, so it runs in editors' save hooks
and pre-commit without building any documentation.  Only checking a Sphinx
project (a folder with a ``conf.py``) imports :mod:`.project`, which builds it.
"""

from __future__ import annotations

from .app import EXAMPLES, build_parser, main
from .checks import Report, ResolvedLink, WantedTarget, check
from .discovery import find_sources
from .new import skeleton
from .report_format import format_json, format_text
from .usage import UsageError

__all__ = [
    "EXAMPLES",
    "Report",
    "ResolvedLink",
    "UsageError",
    "WantedTarget",
    "build_parser",
    "check",
    "find_sources",
    "format_json",
    "format_text",
    "main",
    "skeleton",
]

"""Where ``convert`` and ``new`` put the source they write."""

from __future__ import annotations

import sys
from pathlib import Path


def emit(text: str, output: str | None) -> None:
    """``text`` to the file ``output`` names, or to stdout."""
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)

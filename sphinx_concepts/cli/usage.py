"""The error for bad arguments that only a command, not the parser, can see."""

from __future__ import annotations


class UsageError(Exception):
    """Bad arguments: exit status 2."""

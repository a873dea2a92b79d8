"""Reference tables of the sphinx-concepts docs, generated from the code.

- ``concepts-config-table``: every ``concepts_*`` value, from
  :func:`sphinx_concepts.core.config.config_table`; each name is a ``confval`` target.
- ``concepts-warning-types``: every :class:`sphinx_concepts.core.problems.Subtype`
  with the docstring written under the member.
- ``concepts-cli-help [COMMAND]``: the ``--help`` text of the ``sphinx-concepts``
  command (or one of its sub-commands), from the CLI's own argparse parser.

Each directive notes the module it reads as a dependency, so editing the code
rebuilds the page.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import itertools
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from sphinx_concepts.cli import app as cli_app
from sphinx_concepts.core import config, problems

# ``literal`` spans as written in the field docs: ``like this``.
_LITERAL = re.compile(r"``(.+?)``")
# Width of the captured help text: stable whatever terminal runs the build.
HELP_COLUMNS = "88"


def inline(text: str) -> list[nodes.Node]:
    """Text with ````literal```` spans as docutils nodes."""
    parts: list[nodes.Node] = []
    for index, piece in enumerate(_LITERAL.split(text)):
        if index % 2:
            parts.append(nodes.literal(piece, piece))
        elif piece:
            parts.append(nodes.Text(piece))
    return parts


def member_docs(enum_class: type) -> dict[str, str]:
    """The docstrings written under the members of an Enum class, by member name.

    Python keeps no attribute for them, so they are read from the class source: a
    string expression right after ``NAME = value`` documents ``NAME``.
    """
    tree = ast.parse(inspect.getsource(enum_class))
    body = tree.body[0].body  # type: ignore[attr-defined]
    docs: dict[str, str] = {}
    for statement, following in itertools.pairwise(body):
        if (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[statement.targets[0].id] = inspect.cleandoc(following.value.value)
    return docs


def cli_help(command: str | None = None) -> str:
    """``sphinx-concepts [COMMAND] --help`` as the CLI prints it."""
    parser = cli_app.build_parser()
    if command:
        parser = _subparsers(parser)[command]
    with _columns(HELP_COLUMNS):
        return parser.format_help()


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


@contextmanager
def _columns(value: str) -> Iterator[None]:
    """argparse wraps help at ``$COLUMNS``; pin it while formatting."""
    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = value
    try:
        yield
    finally:
        if saved is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = saved


def _table(
    headers: list[str], rows: list[list[list[nodes.Node]]], widths: list[int]
) -> nodes.table:
    table = nodes.table(classes=["colwidths-given"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    group.extend(nodes.colspec(colwidth=width) for width in widths)
    head = nodes.thead()
    head += _row([[nodes.Text(text)] for text in headers])
    group += head
    body = nodes.tbody()
    body.extend(_row(cells) for cells in rows)
    group += body
    return table


def _row(cells: list[list[nodes.Node]]) -> nodes.row:
    row = nodes.row()
    for content in cells:
        entry = nodes.entry()
        entry += nodes.paragraph("", "", *content)
        row += entry
    return row


class _GeneratedDirective(SphinxDirective):
    has_content = False

    def note_module(self, module: Any) -> None:
        self.env.note_dependency(inspect.getfile(module))


class ConfigTable(_GeneratedDirective):
    """The configuration values with their defaults and meaning."""

    def run(self) -> list[nodes.Node]:
        self.note_module(config)
        std = self.env.get_domain("std")
        rows = []
        for name, default, meaning in config.config_table():
            node_id = f"confval-{name}"
            target = nodes.target("", "", ids=[node_id])
            self.set_source_info(target)
            std.note_object("confval", name, node_id, location=target)  # type: ignore[attr-defined]
            entry = ("single", f"{name}; configuration value", node_id, "", None)
            rows.append(
                [
                    [
                        addnodes.index(entries=[entry]),
                        target,
                        nodes.literal(name, name),
                    ],
                    [nodes.literal(default, default)],
                    inline(meaning),
                ]
            )
        return [_table(["name", "default", "meaning"], rows, [30, 15, 55])]


class WarningTypes(_GeneratedDirective):
    """The warning subtypes, each with what triggers it."""

    def run(self) -> list[nodes.Node]:
        self.note_module(problems)
        docs = member_docs(problems.Subtype)
        rows = []
        for member in problems.Subtype:
            name = f"concept.{member.value}"
            node_id = f"warning-{nodes.make_id(name)}"
            target = nodes.target("", "", ids=[node_id])
            self.set_source_info(target)
            rows.append(
                [
                    [target, nodes.literal(name, name)],
                    inline(docs.get(member.name, "")),
                ]
            )
        return [_table(["warning", "when"], rows, [25, 75])]


class CliHelp(_GeneratedDirective):
    """``sphinx-concepts --help`` (or ``sphinx-concepts COMMAND --help``)."""

    optional_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {}  # type: ignore[misc]

    def run(self) -> list[nodes.Node]:
        self.note_module(cli_app)
        command = self.arguments[0] if self.arguments else None
        if command and command not in _subparsers(cli_app.build_parser()):
            raise self.error(f"sphinx-concepts has no command {command!r}")
        text = cli_help(command)
        block = nodes.literal_block(text, text, language="text")
        self.set_source_info(block)
        return [block]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("concepts-config-table", ConfigTable)
    app.add_directive("concepts-warning-types", WarningTypes)
    app.add_directive("concepts-cli-help", CliHelp)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}

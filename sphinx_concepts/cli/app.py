"""The ``sphinx-concepts`` command line: its arguments, its help text, and
turning each command's outcome into an exit status."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .. import __version__
from ..core.config import DEFAULT_MAX_SOURCE_BYTES
from ..core.safe_text import visible
from ..sources.writers import FORMATS
from .checks import check
from .convert import convert
from .new import new
from .report_format import format_json, format_text
from .usage import UsageError

EXAMPLES = """\
examples:
  sphinx-concepts check docs                     a Sphinx project (conf.py): what
                                                 its build reads, as it reads it
  sphinx-concepts check docs/concepts            every source below a folder
  sphinx-concepts check a.md b.yaml --strict     warnings (placeholders too) fail
  sphinx-concepts check docs --format json       machine-readable report
  sphinx-concepts convert attention.md --to yaml -o attention.yaml
  sphinx-concepts convert concepts.yaml --to md -o concepts/   one file per concept
  sphinx-concepts new "Gradient Descent" --target-audience "Data Analyst" > gd.md

exit status: 0 no errors (warnings allowed unless --strict), 1 errors, 2 usage error
"""


def _cmd_check(args: argparse.Namespace) -> int:
    report = check(
        args.paths,
        args.max_bytes,
        default_audience=args.default_target_audience,
        default_role=args.default_specialist_role,
    )
    output = format_json(report) if args.format == "json" else format_text(report)
    print(output)
    return 1 if report.failed(args.strict) else 0


def _cmd_convert(args: argparse.Namespace) -> int:
    return convert(Path(args.file), args.to, args.output, args.max_bytes)


def _cmd_new(args: argparse.Namespace) -> int:
    return new(
        args.title, args.specialist_role, args.target_audience, args.format, args.output
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sphinx-concepts",
        description="Check, convert and create sphinx-concepts sources "
        "(Markdown, YAML, JSON).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check_cmd = commands.add_parser(
        "check",
        help="validate sources and the links between them",
        description="Validate sources: syntax, fields, the JSON Schema (YAML/JSON), "
        "unsafe link targets, see-also targets that match no checked concept or "
        "land on another audience's variant, and placeholders left.  A folder "
        "with a conf.py is checked as its Sphinx build reads it.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check_cmd.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="files, folders of sources, or Sphinx projects (folders with conf.py)",
    )
    check_cmd.add_argument("--format", choices=("text", "json"), default="text")
    check_cmd.add_argument("--strict", action="store_true", help="warnings fail too")
    check_cmd.add_argument(
        "--default-target-audience",
        metavar="A",
        help="as concepts_default_target_audience: the audience of sources that "
        "name none, and the variant a link without an audience lands on (a "
        "Sphinx project's own value comes from its conf.py)",
    )
    check_cmd.add_argument(
        "--default-specialist-role",
        metavar="R",
        help="as concepts_default_specialist_role (likewise)",
    )
    _add_max_bytes(check_cmd)
    check_cmd.set_defaults(run=_cmd_check)

    convert_cmd = commands.add_parser(
        "convert",
        help="convert a source between Markdown, YAML and JSON, keeping every word",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    convert_cmd.add_argument("file", metavar="FILE")
    convert_cmd.add_argument("--to", choices=FORMATS, required=True)
    convert_cmd.add_argument(
        "-o", "--output", metavar="OUT", help="file (default: stdout)"
    )
    _add_max_bytes(convert_cmd)
    convert_cmd.set_defaults(run=_cmd_convert)

    new_cmd = commands.add_parser(
        "new",
        help="print a skeleton source that passes check",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    new_cmd.add_argument("title", metavar="TITLE")
    new_cmd.add_argument("--specialist-role", metavar="R")
    new_cmd.add_argument("--target-audience", metavar="A")
    new_cmd.add_argument("--format", choices=FORMATS, default="md")
    new_cmd.add_argument("-o", "--output", metavar="OUT", help="file (default: stdout)")
    new_cmd.set_defaults(run=_cmd_new)
    return parser


def _add_max_bytes(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_SOURCE_BYTES,
        metavar="N",
        help="refuse larger sources (default: %(default)s)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (never raises for bad input)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version and argparse's usage errors
        return exit_.code if isinstance(exit_.code, int) else 2
    try:
        status: int = args.run(args)
        return status
    except UsageError as error:
        parser.print_usage(sys.stderr)
        print(visible(f"sphinx-concepts: error: {error}"), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 1
    except OSError as error:
        print(visible(f"sphinx-concepts: error: {error}"), file=sys.stderr)
        return 1
    except Exception as error:  # a bug must still not greet the user with a traceback
        print(f"sphinx-concepts: internal error: {error!r}", file=sys.stderr)
        return 1

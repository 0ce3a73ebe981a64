"""The command line. Each package owns its commands in ``<package>/commands.py`` with a function
``add_commands(sub, common)``; this module only wires them together and turns UserError into a
one-line message and a non-zero exit."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from complicity import __version__
from complicity.errors import UserError
from complicity.names import index_code
from complicity.report.console import TerminalSafe

# Order is the order of `complicity --help`.
COMMAND_MODULES = (
    "complicity.store.commands",  # search, show, import, export
    "complicity.report.commands",  # demo
    "complicity.names.commands",  # match
    "complicity.screen.commands",  # screen
    "complicity.extract.commands",  # extract, ingest, eval
    "complicity.graph.commands",  # exposure, ownership
    "complicity.sources.commands",  # lists ...
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="complicity",
        description="Who is linked, and how, to the companies that build Xinjiang's surveillance "
        "system - with a source for every link.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"complicity {__version__} (name index: {index_code()})",
    )
    db_help = "SQLite store (default: $COMPLICITY_DB, else ./complicity.db)"
    # --db works before or after the command; SUPPRESS keeps the subcommand's default from
    # overwriting a value given before it.
    parser.add_argument("--db", metavar="PATH", help=db_help)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", help=db_help, default=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).add_commands(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    out, err = sys.stdout, sys.stderr
    # a name read from a file or a page is printed as it is, but a terminal is shown its
    # escape sequences, never driven by them (``TerminalSafe``); files and pipes get the bytes
    if out.isatty():
        sys.stdout = TerminalSafe(out)
    if err.isatty():
        sys.stderr = TerminalSafe(err)
    try:
        code: int = args.func(args)
        return code
    except UserError as exc:
        print(f"complicity: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            "complicity: interrupted; the store is unchanged by the unfinished step",
            file=sys.stderr,
        )
        return 130
    except BrokenPipeError:
        return 0
    finally:
        sys.stdout, sys.stderr = out, err


if __name__ == "__main__":
    sys.exit(main())

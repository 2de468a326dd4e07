"""The ``pyexpert`` command: browse the rule catalog and generate its docs.

    pyexpert rules [--json] [--checker flake8|mypy] [--family PX1]
    pyexpert explain <code|name|mypy-code>
    pyexpert docs --out DIR
    pyexpert generate [--check]
    pyexpert preset ruff|flake8|mypy [--format ini|toml]

A command is a :class:`Command` in :data:`COMMANDS` (a name, a help line, a function that adds
its arguments and a function that runs it); adding one touches nothing else.
Exit status: 0 success, 1 a runtime failure (e.g. the docs directory cannot be written),
2 a usage error or an unknown rule.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from pyexpert_core import __version__
from pyexpert_core.catalog import Checker, Family, Rule
from pyexpert_core.docs import INDEX_FILENAME, STANDARD_FILENAME, render_rule, write_docs
from pyexpert_core.generate import stale_files, write_generated
from pyexpert_core.registry import UnknownRuleError, registry
from pyexpert_core.standard import PresetFormat, PresetTool, UnknownPresetError, render_preset

__all__ = ["COMMANDS", "Command", "main"]

PROG: Final = "pyexpert"
EXIT_OK: Final = 0
EXIT_FAILURE: Final = 1
EXIT_USAGE: Final = 2


@dataclass(frozen=True)
class Command:
    """One sub-command of ``pyexpert``."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def _error(message: str) -> None:
    print(f"{PROG}: error: {message}", file=sys.stderr)


# -- pyexpert rules ----------------------------------------------------------------------------


def _configure_rules(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print a JSON list instead of a table")
    parser.add_argument(
        "--checker",
        choices=[checker.value for checker in Checker],
        help="only the rules this tool enforces",
    )
    parser.add_argument(
        "--family",
        type=str.upper,
        choices=[family.name for family in Family],
        help="only the rules of one family (PX1, PX2, ...)",
    )


def _selected_rules(args: argparse.Namespace) -> list[Rule]:
    checker: str | None = args.checker
    family: str | None = args.family
    return [
        rule
        for rule in registry()
        if (checker is None or rule.checker.value == checker) and (family is None or rule.family.name == family)
    ]


def _table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths[:-1], strict=True)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines)


def _run_rules(args: argparse.Namespace) -> int:
    rules = _selected_rules(args)
    as_json: bool = args.json
    if as_json:
        payload = [
            {
                **rule.model_dump(mode="json"),
                "mypy_code": rule.mypy_code if rule.checker is Checker.MYPY else None,
                "family": rule.family.name,
            }
            for rule in rules
        ]
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not rules:
        print("no rules match")
        return EXIT_OK
    header = ("CODE", "NAME", "CHECKER", "DEFAULT", "SUMMARY")
    rows = [
        (rule.code, rule.name, rule.checker.value, "on" if rule.default_enabled else "off", rule.summary)
        for rule in rules
    ]
    print(_table([header, *rows]))
    return EXIT_OK


# -- pyexpert explain --------------------------------------------------------------------------


def _configure_explain(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "rule",
        metavar="RULE",
        help="a code (PX101), a name (raw-dict-param) or a mypy error code (pyexpert-raw-dict-param)",
    )


def _run_explain(args: argparse.Namespace) -> int:
    key: str = args.rule
    try:
        rule = registry().lookup(key)
    except UnknownRuleError as exc:
        _error(str(exc))
        return EXIT_USAGE
    sys.stdout.write(render_rule(rule))
    return EXIT_OK


# -- pyexpert docs -----------------------------------------------------------------------------


def _configure_docs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        metavar="DIR",
        type=Path,
        required=True,
        help="directory for the pages (created if missing; stale rule pages in it are removed)",
    )


def _run_docs(args: argparse.Namespace) -> int:
    out: Path = args.out
    try:
        written = write_docs(out)
    except OSError as exc:
        _error(f"cannot write the docs to {out}: {exc}")
        return EXIT_FAILURE
    for path in written:
        print(path)
    rule_pages = [path for path in written if path.name not in (INDEX_FILENAME, STANDARD_FILENAME)]
    print(f"wrote {len(rule_pages)} rule pages, the index and {STANDARD_FILENAME} to {out}")
    return EXIT_OK


# -- pyexpert generate -------------------------------------------------------------------------


def _configure_generate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a generated file is out of date"
    )


def _run_generate(args: argparse.Namespace) -> int:
    check: bool = args.check
    try:
        if check:
            stale = stale_files()
            for path in stale:
                _error(f"{path} is out of date with the catalog: run `pyexpert generate`")
            if stale:
                return EXIT_FAILURE
            print("every generated file is up to date")
            return EXIT_OK
        written = write_generated()
    except (OSError, ValueError) as exc:
        _error(str(exc))
        return EXIT_FAILURE
    for path in written:
        print(f"wrote {path}")
    if not written:
        print("every generated file is up to date")
    return EXIT_OK


# -- pyexpert preset ---------------------------------------------------------------------------


def _configure_preset(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "tool",
        metavar="TOOL",
        help=f"the tool to configure: {', '.join(tool.value for tool in PresetTool)}",
    )
    parser.add_argument(
        "--format",
        metavar="FORMAT",
        help=(
            f"{' or '.join(fmt.value for fmt in PresetFormat)} (mypy: ini for mypy.ini/setup.cfg, the "
            "default, or toml for pyproject.toml; ruff is always toml, flake8 always ini)"
        ),
    )


def _run_preset(args: argparse.Namespace) -> int:
    tool: str = args.tool
    fmt: str | None = args.format
    try:
        text = render_preset(tool, fmt)
    except UnknownPresetError as exc:
        _error(str(exc))
        return EXIT_USAGE
    sys.stdout.write(text)
    return EXIT_OK


COMMANDS: Final = (
    Command("rules", "list the rules (table or --json)", _configure_rules, _run_rules),
    Command("explain", "print the documentation of one rule", _configure_explain, _run_explain),
    Command(
        "docs",
        "write one Markdown page per rule, an index and the page on the standard",
        _configure_docs,
        _run_docs,
    ),
    Command(
        "generate",
        "regenerate every file derived from the catalog (the plugins' rule metadata, the README's "
        "rule table, docs/standard.md)",
        _configure_generate,
        _run_generate,
    ),
    Command(
        "preset",
        "print the ruff, flake8 or mypy configuration that completes the standard",
        _configure_preset,
        _run_preset,
    ),
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="The pyexpert rule catalog (the flake8 plugin PX and the mypy plugin mypy_pyexpert).",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        sub = commands.add_parser(command.name, help=command.help, description=command.help)
        command.configure(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; the return value is the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help/--version (0) or a usage error (2)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    run: Callable[[argparse.Namespace], int] = args.run
    return run(args)

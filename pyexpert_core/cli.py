"""The ``pyexpert`` command: browse the rule catalog and generate its docs.

    pyexpert rules [--json] [--checker flake8|mypy] [--family PX1]
    pyexpert explain <code|name|mypy-code>
    pyexpert docs --out DIR
    pyexpert generate [--check]
    pyexpert preset ruff|flake8|mypy [--format ini|toml]
    pyexpert check [PATHS] [--format text|json|sarif|github] [--statistics] [--baseline FILE]
    pyexpert baseline FILE [PATHS]
    pyexpert fix [PATHS] [--diff] [--select CODES] [--unsafe-fixes]

A command is a :class:`Command` in :data:`COMMANDS` (a name, a help line, a function that adds
its arguments and a function that runs it); adding one touches nothing else.
Exit status: 0 success, 1 a runtime failure (e.g. the docs directory cannot be written) or,
for ``check``, findings (for ``fix``: findings left, or changes ``--diff`` would make); 2 a usage
error, an unknown rule, or a tool that could not run.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from pyexpert_core import __version__
from pyexpert_core.baseline import Baseline, BaselineError, build_baseline, new_findings
from pyexpert_core.catalog import Checker, Family, Rule
from pyexpert_core.check import CheckError, Progress, run_check
from pyexpert_core.docs import INDEX_FILENAME, STANDARD_FILENAME, render_rule, write_docs
from pyexpert_core.findings import Finding
from pyexpert_core.formats import OutputFormat, render, render_statistics, summary_line
from pyexpert_core.generate import stale_files, write_generated
from pyexpert_core.progress import TerminalProgress, count_python_files
from pyexpert_core.registry import UnknownRuleError, registry
from pyexpert_core.standard import PresetFormat, PresetTool, UnknownPresetError, render_preset

if TYPE_CHECKING:
    from pyexpert_core.fix.engine import FixResult

__all__ = ["COMMANDS", "Command", "fixable_codes", "main"]

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


# -- pyexpert check and pyexpert baseline -------------------------------------------------------


def _add_paths_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        metavar="PATHS",
        nargs="*",
        help="files and directories (default: flake8's `.` and mypy's `files` setting, else `.`)",
    )


def _add_run_arguments(parser: argparse.ArgumentParser) -> None:
    _add_paths_argument(parser)
    parser.add_argument(
        "--with-mypy-errors",
        action="store_true",
        help="include mypy's own errors (code mypy:<error-code>), not only the PX rules",
    )


def _configure_check(parser: argparse.ArgumentParser) -> None:
    _add_run_arguments(parser)
    parser.add_argument(
        "--format",
        choices=[fmt.value for fmt in OutputFormat],
        default=OutputFormat.TEXT.value,
        help="text (default), json, sarif (SARIF 2.1.0) or github (workflow annotations)",
    )
    parser.add_argument(
        "--statistics", action="store_true", help="print the number of findings per rule instead of the findings"
    )
    parser.add_argument(
        "--baseline", metavar="FILE", type=Path, help="report only the findings this baseline file does not accept"
    )
    parser.add_argument(
        "--docs-url",
        metavar="URL",
        help="where the rule pages of `pyexpert docs` are published: SARIF rules link to URL/PX101-raw-dict-param.md",
    )


def _findings(args: argparse.Namespace) -> list[Finding]:
    paths: list[str] = args.paths
    with_mypy_errors: bool = args.with_mypy_errors
    progress: Progress | None = None
    if sys.stderr.isatty():
        progress = TerminalProgress(sys.stderr, count_python_files(paths))
    return run_check(paths, with_mypy_errors=with_mypy_errors, progress=progress)


def _run_check(args: argparse.Namespace) -> int:
    fmt = OutputFormat(args.format)
    show_statistics: bool = args.statistics
    baseline_path: Path | None = args.baseline
    docs_url: str | None = args.docs_url
    if show_statistics and fmt not in (OutputFormat.TEXT, OutputFormat.JSON):
        _error("--statistics works with --format text or json")
        return EXIT_USAGE
    try:
        baseline = Baseline.read(baseline_path) if baseline_path is not None else None
        findings = _findings(args)
    except (CheckError, BaselineError) as exc:
        _error(str(exc))
        return EXIT_USAGE
    accepted: int | None = None
    if baseline is not None:
        reported = new_findings(findings, baseline)
        accepted = len(findings) - len(reported)
        findings = reported
    if show_statistics:
        sys.stdout.write(render_statistics(findings, fmt))
    else:
        sys.stdout.write(render(findings, fmt, docs_url=docs_url))
    if fmt is OutputFormat.TEXT:
        print(summary_line(len(findings), accepted=accepted))
    return EXIT_FAILURE if findings else EXIT_OK


def _configure_baseline(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", type=Path, help="the baseline file to write (JSON)")
    _add_run_arguments(parser)


def _run_baseline(args: argparse.Namespace) -> int:
    path: Path = args.file
    try:
        before = Baseline.read(path) if path.exists() else Baseline()
    except BaselineError:
        before = Baseline()  # rewritten whole below
    try:
        baseline = build_baseline(_findings(args))
        baseline.write(path)
    except CheckError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except OSError as exc:
        _error(f"cannot write the baseline {path}: {exc}")
        return EXIT_FAILURE
    old = {entry.key() for entry in before.entries}
    new = {entry.key() for entry in baseline.entries}
    print(
        f"wrote {len(baseline.entries)} entries to {path} "
        f"({len(new - old)} added, {len(old - new)} removed)"
    )
    return EXIT_OK


# -- pyexpert fix ------------------------------------------------------------------------------


def _configure_fix(parser: argparse.ArgumentParser) -> None:
    _add_paths_argument(parser)
    parser.add_argument("--diff", action="store_true", help="print a unified diff and change nothing (exit 1 if any)")
    parser.add_argument(
        "--select",
        metavar="CODES",
        help="comma-separated codes or prefixes of the rules to fix (default: the fixable rules on by default)",
    )
    parser.add_argument("--unsafe-fixes", action="store_true", help="apply the unsafe fixes too")


def fixable_codes(select: str | None) -> frozenset[str]:
    """The codes ``--select`` names among the fixable rules; ValueError for an unknown one."""
    fixable = [rule for rule in registry() if rule.fix is not None]
    if select is None:
        return frozenset(rule.code for rule in fixable if rule.default_enabled)
    codes: set[str] = set()
    for part in (part.strip().upper() for part in select.split(",")):
        if not part:
            continue
        matched = {rule.code for rule in fixable if rule.code.startswith(part)}
        if not matched:
            known = any(rule.code.startswith(part) for rule in registry())
            raise ValueError(f"{part} has no fix" if known and part.startswith("PX") else f"unknown rule code {part!r}")
        codes |= matched
    return frozenset(codes)


def _position(result: FixResult) -> str:
    finding = result.finding
    return f"{finding.path}:{finding.line}:{finding.column}: {finding.code}"


def _run_fix(args: argparse.Namespace) -> int:
    if importlib.util.find_spec("libcst") is None:
        _error("pyexpert fix needs libcst: pip install 'flake8-pyexpert[fix]'")
        return EXIT_USAGE
    from pyexpert_core.fix.engine import FixStatus, run_fix
    from pyexpert_core.fix.fixers import FIXERS

    paths: list[str] = args.paths
    show_diff: bool = args.diff
    unsafe: bool = args.unsafe_fixes
    try:
        codes = fixable_codes(args.select)
        report = run_fix(paths, codes, FIXERS, unsafe=unsafe, write=not show_diff)
    except (ValueError, CheckError) as exc:
        _error(str(exc))
        return EXIT_USAGE
    fixed = report.with_status(FixStatus.FIXED)
    unsafe_left = report.with_status(FixStatus.UNSAFE)
    not_fixable = report.with_status(FixStatus.NOT_FIXABLE)
    out = sys.stderr if show_diff else sys.stdout  # --diff: stdout is the patch alone
    if show_diff:
        for change in report.changes:
            sys.stdout.write(change.diff())
    verb = "Would fix" if show_diff else "Fixed"
    for result in fixed:
        print(f"{_position(result)} {verb.lower()}: {result.detail}", file=out)
    for result in unsafe_left:
        print(f"{_position(result)} unsafe fix (--unsafe-fixes): {result.detail}", file=out)
    print(
        f"{verb} {len(fixed)} finding{'s' if len(fixed) != 1 else ''} in {len(report.changes)} "
        f"file{'s' if len(report.changes) != 1 else ''} ({len(unsafe_left)} unsafe fixes available with "
        f"--unsafe-fixes); {len(not_fixable)} not fixable{':' if not_fixable else '.'}",
        file=out,
    )
    for result in not_fixable:
        print(f"  {_position(result)} {result.detail}", file=out)
    if show_diff and report.changes:
        return EXIT_FAILURE
    return EXIT_FAILURE if unsafe_left or not_fixable else EXIT_OK


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
    Command(
        "check",
        "run the flake8 side and mypy with the plugin, and report their PX findings as one list",
        _configure_check,
        _run_check,
    ),
    Command(
        "baseline",
        "write a baseline file that accepts every current finding (for `pyexpert check --baseline`)",
        _configure_baseline,
        _run_baseline,
    ),
    Command(
        "fix",
        "fix the findings of the fixable rules (PX204 through mypy's types), safe fixes only unless --unsafe-fixes",
        _configure_fix,
        _run_fix,
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
    try:
        status = run(args)
        sys.stdout.flush()
    except BrokenPipeError:
        # the reader went away (`pyexpert check | head`): stop quietly, as other command-line
        # tools do, and keep Python from reporting the pipe again when it flushes at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILURE
    return status

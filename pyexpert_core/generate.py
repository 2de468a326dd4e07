"""Generate every file derived from the catalog (``pyexpert generate``).

The generated files (:data:`GENERATED`): :mod:`pyexpert_core.metadata`, the README's rule table
(between its ``rules-table`` markers) and ``docs/standard.md``. ``pyexpert generate`` rewrites
those that changed, ``pyexpert generate --check`` names the stale ones; the tests fail while
any of them is stale. The rule pages are not committed (``pyexpert docs --out DIR``).


The plugins need a rule's code, name, summary, message template, checker, default state, roles
and options on every run; the catalog's Pydantic models are too costly to load for that (see
:mod:`pyexpert_core.ruleinfo`). This module writes those fields out as literals, one
:class:`~pyexpert_core.ruleinfo.RuleInfo` per rule under the same name the catalog gives it
(``RAW_DICT_PARAM``), so a plugin module imports ``from pyexpert_core.metadata import
RAW_DICT_PARAM`` where it would have imported the catalog's rule. ``tests/test_metadata.py``
fails when the committed file differs from what this renders.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Final, NamedTuple

from pyexpert_core.catalog import Rule, RuleOption
from pyexpert_core.docs import render_standard, render_table
from pyexpert_core.options import MYPY_SWITCHES, ROLE_OPTIONS
from pyexpert_core.registry import bound_rules, registry
from pyexpert_core.roles import Role

__all__ = [
    "GENERATED",
    "METADATA_PATH",
    "README_PATH",
    "STANDARD_PATH",
    "GeneratedFile",
    "render_metadata",
    "render_readme",
    "render_standard_page",
    "rule_constants",
    "stale_files",
    "write_generated",
]

METADATA_PATH: Final = Path(__file__).resolve().parent / "metadata.py"
_ROOT: Final = Path(__file__).resolve().parent.parent  # the repository, in a source checkout
README_PATH: Final = _ROOT / "README.md"
STANDARD_PATH: Final = _ROOT / "docs" / "standard.md"
_TABLE_START: Final = "<!-- rules-table: generated from the catalog; `pyexpert generate` refreshes it -->"
_TABLE_END: Final = "<!-- rules-table: end -->"

_HEADER: Final = '''"""Rule metadata for the plugins, generated from the catalog: do not edit.

Regenerate with ``pyexpert generate`` after changing a rule of :mod:`pyexpert_core.rules`;
``tests/test_metadata.py`` fails while this file is stale. Why it exists: see
:mod:`pyexpert_core.ruleinfo`.
"""

from __future__ import annotations

from typing import Final

from pyexpert_core.roles import Role
from pyexpert_core.ruleinfo import Checker, OptionInfo, RuleInfo

'''


def rule_constants() -> Iterator[tuple[str, Rule]]:
    """``(NAME, rule)`` for every rule of the catalog, named as its module names it, in code order."""
    named: dict[str, str] = {}
    for constant, rule in bound_rules():
        if constant.isupper():
            named.setdefault(rule.code, constant)
    for rule in registry():
        if rule.code not in named:
            raise LookupError(f"{rule.code} is not bound to an upper-case name in pyexpert_core.rules")
        yield named[rule.code], rule


def _literal(text: str) -> str:
    """A double-quoted Python string literal (JSON's escapes are a subset of Python's)."""
    return json.dumps(text, ensure_ascii=False)


def _option_constant(option: RuleOption) -> str:
    return option.name.upper()


def _option_source(option: RuleOption) -> str:
    return (
        f"{_option_constant(option)}: Final = OptionInfo(\n"
        f"    name={_literal(option.name)},\n"
        f"    type={_literal(option.type)},\n"
        f"    default={_literal(option.default)},\n"
        f"    description={_literal(option.description)},\n"
        ")\n"
    )


def _roles_source(roles: frozenset[Role]) -> str:
    return "frozenset({" + ", ".join(f"Role.{role.name}" for role in Role if role in roles) + "})"


def _rule_source(constant: str, rule: Rule) -> str:
    options = "".join(f"{_option_constant(option)}, " for option in rule.options)
    return (
        f"{constant}: Final = RuleInfo(\n"
        f"    code={_literal(rule.code)},\n"
        f"    name={_literal(rule.name)},\n"
        f"    summary={_literal(rule.summary)},\n"
        f"    message={_literal(rule.message)},\n"
        f"    checker=Checker.{rule.checker.name},\n"
        f"    default_enabled={rule.default_enabled!r},\n"
        f"    applies_to={_roles_source(rule.applies_to)},\n"
        f"    options=({options.rstrip()}),\n"
        ")\n"
    )


def render_metadata() -> str:
    """The text of :mod:`pyexpert_core.metadata` for the catalog of this installation."""
    constants = list(rule_constants())
    options: dict[str, RuleOption] = {}
    for option in (*ROLE_OPTIONS, *MYPY_SWITCHES, *(option for _, rule in constants for option in rule.options)):
        known = options.setdefault(_option_constant(option), option)
        if known != option:
            raise ValueError(f"two different catalog options are named {_literal(option.name)}")
    clashes = set(options) & {constant for constant, _ in constants}
    if clashes:
        raise ValueError(f"an option and a rule share the name {sorted(clashes)}")
    names = [*options, "MYPY_SWITCHES", "ROLE_OPTIONS", *(constant for constant, _ in constants), "RULES"]
    parts = [_HEADER, "__all__ = [\n", *(f"    {_literal(name)},\n" for name in sorted(names)), "]\n\n"]
    parts.append("# -- options ---------------------------------------------------------------\n\n")
    parts.extend(_option_source(option) + "\n" for option in options.values())
    role_options = ", ".join(_option_constant(option) for option in ROLE_OPTIONS)
    parts.append("#: The options every rule of both plugins shares: the file-role globs.\n")
    parts.append(f"ROLE_OPTIONS: Final = ({role_options})\n\n")
    switches = ", ".join(_option_constant(option) for option in MYPY_SWITCHES)
    parts.append("#: The mypy plugin's own switches for its rules (``enable``, ``disable``).\n")
    parts.append(f"MYPY_SWITCHES: Final = ({switches})\n\n")
    parts.append("# -- rules -----------------------------------------------------------------\n\n")
    parts.extend(_rule_source(constant, rule) + "\n" for constant, rule in constants)
    parts.append("#: Every rule, in code order.\nRULES: Final = (\n")
    parts.extend(f"    {constant},\n" for constant, _ in constants)
    parts.append(")\n")
    return "".join(parts)


def render_readme(current: str) -> str:
    """``current`` (the README's text) with the rule table between its markers regenerated."""
    start = current.find(_TABLE_START)
    end = current.find(_TABLE_END, start)
    if start < 0 or end < 0:
        raise ValueError(f"the README has no rule table between {_TABLE_START!r} and {_TABLE_END!r}")
    table = render_table(registry(), link_dir=None)
    return f"{current[: start + len(_TABLE_START)]}\n{table}\n{current[end:]}"


def render_standard_page() -> str:
    """The text of ``docs/standard.md`` (no links: the rule pages are not committed)."""
    return render_standard(registry(), link_dir=None)


class GeneratedFile(NamedTuple):
    path: Path
    render: Callable[[str], str]  # the file's current text (or "") -> its generated text


GENERATED: Final = (
    GeneratedFile(METADATA_PATH, lambda _current: render_metadata()),
    GeneratedFile(README_PATH, render_readme),
    GeneratedFile(STANDARD_PATH, lambda _current: render_standard_page()),
)


def _current(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _present(files: Sequence[GeneratedFile]) -> list[GeneratedFile]:
    """The files of a source checkout: an installed package has the metadata module only."""
    return [file for file in files if file.path == METADATA_PATH or file.path.exists()]


def stale_files(files: Sequence[GeneratedFile] | None = None) -> list[Path]:
    """The generated files (default: :data:`GENERATED`) whose text differs from what the catalog renders."""
    chosen = _present(GENERATED if files is None else files)
    return [file.path for file in chosen if _current(file.path) != file.render(_current(file.path))]


def write_generated(files: Sequence[GeneratedFile] | None = None) -> list[Path]:
    """Rewrite the generated files (default: :data:`GENERATED`) that changed; the paths written."""
    written: list[Path] = []
    for file in _present(GENERATED if files is None else files):
        current = _current(file.path)
        text = file.render(current)
        if text != current:
            file.path.write_text(text, encoding="utf-8")
            written.append(file.path)
    return written

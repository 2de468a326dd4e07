"""Renders the catalog to Markdown: one page per rule in ruff's headings, plus an index.

Everything here is derived from :class:`~pyexpert_core.catalog.Rule` and, for the page "The
standard, item by item", from the external checks of :mod:`pyexpert_core.standard`; nothing
about a rule is written twice. The functions are pure (they return strings); :func:`write_docs`
writes them.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Final, TypedDict

from pyexpert_core.catalog import Checker, Family, FixSafety, Resolution, Rule, RuleOption
from pyexpert_core.roles import Role
from pyexpert_core.registry import registry
from pyexpert_core.standard import CHECKS, ITEMS, CheckKind, ExternalCheck, Tool

__all__ = [
    "HEADINGS",
    "INDEX_FILENAME",
    "STANDARD_FILENAME",
    "page_filename",
    "render_index",
    "render_rule",
    "refresh_committed",
    "render_standard",
    "write_docs",
]

#: The section headings of a rule page, in order (ruff's).
HEADINGS: Final = ("What it does", "Why is this bad?", "Example", "Use instead", "Options", "References")

INDEX_FILENAME: Final = "index.md"
STANDARD_FILENAME: Final = "standard.md"
STANDARD_TITLE: Final = "The standard, item by item"

_PAGE_RE: Final = re.compile(r"^PX\d{3}-[a-z0-9-]+\.md$")
_MYPY_SECTION: Final = "[pyexpert-mypy]"
_MYPY_TOML_SECTION: Final = "[tool.pyexpert-mypy]"


def page_filename(rule: Rule) -> str:
    """The file name of a rule's page, e.g. ``PX101-raw-dict-param.md``."""
    return f"{rule.code}-{rule.name}.md"


def _on_off(rule: Rule) -> str:
    return "on" if rule.default_enabled else "off (opt-in)"


_ROLE_ORDER: Final = (Role.APP, Role.TEST, Role.EXAMPLE, Role.SCRIPT, Role.MIGRATION)


def applies_to_text(rule: Rule) -> str:
    """``all code`` or ``app code``/``app and test code``: the file roles the rule applies to."""
    if rule.applies_everywhere:
        return "all code"
    roles = [role.value for role in _ROLE_ORDER if role in rule.applies_to]
    return (" and ".join([", ".join(roles[:-1]), roles[-1]]) if len(roles) > 1 else roles[0]) + " code"


def _status_line(rule: Rule) -> str:
    return (
        f"Checker: **{rule.checker.value}** · Default: **{_on_off(rule)}** · "
        f"Status: {rule.status.value} · Standard: {rule.standard.value} · Applies to: {applies_to_text(rule)}"
    )


def _where_it_applies(rule: Rule) -> str:
    if rule.applies_everywhere:
        return (
            "Where it applies: in every checked file (application code, tests, examples, scripts "
            "and migrations alike): the mistake hurts wherever it runs."
        )
    return (
        f"Where it applies: {applies_to_text(rule)} only. Files whose path or content says they are "
        "tests (`tests/`, `test_*.py`, `conftest.py`), examples (`examples/`, `demo/`, `docs/`, `docs_src/`), "
        "scripts (`scripts/`, `bin/`, or a module whose only entry is its `__main__` guard) or "
        "migrations (`alembic/`, `migrations/`, a module importing alembic) are left alone; the globs "
        "are options (`test_globs`, `example_globs`, `script_globs`, `migration_globs`)."
    )


PRECISION_FILE: Final = Path(__file__).resolve().parent / "precision.json"


class _Counts(TypedDict):
    correct: int
    judged: int


@cache
def _precision() -> tuple[int | None, dict[str, _Counts]]:
    """(lines of the corpus, rule code -> counts) from ``precision.json``; nothing if unreadable."""
    try:
        data = json.loads(PRECISION_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, {}
    if not isinstance(data, dict):
        return None, {}
    lines = data.get("lines")
    rules = data.get("rules")
    counts: dict[str, _Counts] = {}
    if isinstance(rules, dict):
        for code, value in rules.items():
            correct = value.get("correct") if isinstance(value, dict) else None
            judged = value.get("judged") if isinstance(value, dict) else None
            if isinstance(correct, int) and isinstance(judged, int):
                counts[str(code)] = _Counts(correct=correct, judged=judged)
    return (lines if isinstance(lines, int) else None), counts


def precision_line(rule: Rule) -> str:
    """"Precision on real code": the rule's judged findings in the ecosystem check."""
    lines, counts = _precision()
    size = f"{lines:,} lines of open-source FastAPI/Pydantic code" if lines else "real code"
    found = counts.get(rule.code)
    if found is None or not found["judged"]:
        return f"Precision on real code: no finding on the {size} of the ecosystem check."
    correct, judged = found["correct"], found["judged"]
    return (
        f"Precision on real code: {100 * correct / judged:.0f}% ({correct} of {judged} findings on the {size} of "
        "the ecosystem check judged correct by reading them in context)."
    )


_RESOLUTION_TEXT: Final = {
    Resolution.PRESET_LEAVES_OUT: "left out of `pyexpert preset {tool}`",
    Resolution.RULE_DEFERS: "this rule defers to it",
    Resolution.PRESET_EXCLUDES: "`pyexpert preset {tool}` excludes these APIs from it",
}


def _overlaps(rule: Rule) -> list[str]:
    lines = []
    for overlap in rule.overlaps:
        how = _RESOLUTION_TEXT[overlap.resolution].format(tool=overlap.tool)
        lines.append(f"- {overlap.tool} `{overlap.code}` ({how}): {overlap.reason}")
    return lines


def _control_line(rule: Rule) -> str:
    """How to turn the rule on or off and how to silence one finding."""
    if rule.checker is Checker.MYPY:
        code = rule.mypy_code
        switch = (
            f"turn it on with `enable = {rule.code}` in `[pyexpert-mypy]` (on mypy 1.19 and later run directly, "
            f"also `enable_error_code = {code}`)"
            if not rule.default_enabled
            else f"turn it off with `disable = {rule.code}` in `[pyexpert-mypy]` (on mypy 1.19 and later run "
            f"directly, also `disable_error_code = {code}`)"
        )
        return (
            f"mypy error code: `{code}` (a sub-code of `pyexpert`). Requires `plugins = mypy_pyexpert`; "
            f"{switch}; silence one line with `# noqa: {rule.code}` (as on the flake8 side) or "
            f"`# type: ignore[{code}]`."
        )
    switch = (
        f"turn it on with `extend-select = {rule.code}`"
        if not rule.default_enabled
        else f"turn it off with `extend-ignore = {rule.code}`"
    )
    return f"flake8 code: `{rule.code}`. {switch[0].upper()}{switch[1:]}; silence one line with `# noqa: {rule.code}`."


def _reported_as(rule: Rule) -> str:
    if rule.checker is Checker.MYPY:
        return f"`error: {rule.message}  [{rule.mypy_code}]`"
    return f"`{rule.code} {rule.message}`"


def _fence(source: str) -> str:
    body = source if source.endswith("\n") else source + "\n"
    return f"```python\n{body}```"


def fix_diff(rule: Rule) -> str:
    """The unified diff of the rule's fix example (empty without a fix)."""
    before, after = rule.fix_example
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), "before.py", "after.py", n=1
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _render_fix(rule: Rule) -> str:
    """The fix paragraph of a rule page: what `pyexpert fix` does, its safety, an example diff."""
    fix = rule.fix
    if fix is None:
        return "Fix: none (`pyexpert fix` leaves these findings to you)."
    flag = "" if fix.safety is FixSafety.SAFE else ", only with `--unsafe-fixes`"
    parts = [f"Fix ({fix.safety.value}{flag}): {fix.description.strip()}"]
    if fix.unsafe:
        parts.append("Unsafe, only with `--unsafe-fixes`: " + "; ".join(fix.unsafe) + ".")
    if fix.not_fixable:
        parts.append("Not fixable (listed by `pyexpert fix`): " + "; ".join(fix.not_fixable) + ".")
    parts.append(f"```diff\n{fix_diff(rule)}```")
    return "\n\n".join(parts)


def _render_option(rule: Rule, option: RuleOption) -> str:
    lines = [
        f"### `{option.name}`",
        "",
        f"- Type: {option.type}",
        f"- Default: `{option.default}`",
    ]
    if rule.checker is Checker.MYPY:
        lines.append(
            f"- mypy config: `{option.name} = ...` under `{_MYPY_SECTION}` "
            f"(`{_MYPY_TOML_SECTION}` in `pyproject.toml`)"
        )
    else:
        lines.append(
            f"- flake8: `{option.flake8_flag}=...` on the command line, or "
            f"`{option.flake8_flag.removeprefix('--')} = ...` in the `[flake8]` section"
        )
    lines += ["", option.description]
    return "\n".join(lines)


def render_rule(rule: Rule) -> str:
    """The Markdown page of one rule."""
    what, why, example, instead, options, references = HEADINGS
    parts = [
        f"# {rule.name} ({rule.code})",
        _status_line(rule),
        _control_line(rule),
        f"## {what}",
        rule.summary.rstrip(".") + ".",
        f"Reported as: {_reported_as(rule)}",
        f"## {why}",
        rule.rationale.strip(),
        _where_it_applies(rule),
        precision_line(rule),
        *(
            ["One mistake, one report: where another tool's code would report the same site, one of the two stays."]
            + ["\n".join(_overlaps(rule))]
            if rule.overlaps
            else []
        ),
        f"## {example}",
        _fence(rule.bad),
        f"## {instead}",
        _fence(rule.good),
        _render_fix(rule),
        f"## {options}",
    ]
    if rule.options:
        parts += [_render_option(rule, option) for option in rule.options]
    else:
        parts.append("None.")
    parts.append(f"## {references}")
    if rule.references:
        parts.append("\n".join(f"- <{ref}>" if ref.startswith("http") else f"- {ref}" for ref in rule.references))
    else:
        parts.append("None.")
    return "\n\n".join(parts) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _fix_cell(rule: Rule) -> str:
    """``safe``, ``unsafe``, ``safe, unsafe`` (some fixes only with --unsafe-fixes) or empty."""
    if rule.fix is None:
        return ""
    if rule.fix.safety is FixSafety.SAFE and rule.fix.unsafe:
        return "safe, unsafe"
    return rule.fix.safety.value


def render_table(rules: Iterable[Rule], *, link_dir: str | None = "") -> str:
    """A Markdown table of rules (code, name, checker, default, the `pyexpert fix` safety, summary).

    Names link to the rule pages in ``link_dir`` (``""``: pages beside the table); ``None``
    renders plain names. The README's rule table is this table, checked by a test.
    """
    rows = [
        "| Code | Name | Checker | Default | Fix | Summary |",
        "|---|---|---|---|---|---|",
    ]
    for rule in sorted(rules, key=lambda rule: rule.code):
        name = rule.name if link_dir is None else f"[{rule.name}]({link_dir}{page_filename(rule)})"
        rows.append(
            f"| {rule.code} | {name} | {rule.checker.value} | "
            f"{'on' if rule.default_enabled else 'off'} | {_fix_cell(rule)} | {_cell(rule.summary)} |"
        )
    return "\n".join(rows)


def render_index(rules: Iterable[Rule]) -> str:
    """The index page: one table per rule family, each row linking to the rule's page."""
    ordered = sorted(rules, key=lambda rule: rule.code)
    parts = [
        "# pyexpert rules",
        "Generated from the rule catalog (`pyexpert docs --out DIR`); do not edit by hand. "
        "`pyexpert explain <code>` prints a page in the terminal.",
        "Default *off* rules are opt-in: flake8 rules are enabled with `extend-select = PXnnn`, "
        "mypy rules with `enable = PXnnn` in the `[pyexpert-mypy]` section.",
        f"[{STANDARD_TITLE}]({STANDARD_FILENAME}) lists, for each item of the standard, the rules "
        "that enforce it: pyexpert's and those of other tools (`pyexpert preset ruff|flake8|mypy`).",
    ]
    for family in Family:
        members = [rule for rule in ordered if rule.family is family]
        if members:
            parts += [f"## {family.name} — {family.value}", render_table(members)]
    return "\n\n".join(parts) + "\n"


_TOOL_NAMES: Final = {Checker.FLAKE8: "pyexpert (flake8)", Checker.MYPY: "pyexpert (mypy)"}


def _rule_row(rule: Rule, link_dir: str | None) -> str:
    tool = _TOOL_NAMES[rule.checker]
    if rule.checker is Checker.MYPY:
        tool += f", `{rule.mypy_code}`"
    if not rule.default_enabled:
        tool += ", opt-in"
    code = rule.code if link_dir is None else f"[{rule.code}]({link_dir}{page_filename(rule)})"
    return f"| {code} | {tool} | {_cell(rule.summary)} |"


def _check_cell(check: ExternalCheck) -> str:
    if check.kind is CheckKind.ERROR_CODE:
        return f"`enable_error_code = {check.code}`"
    if check.kind is CheckKind.SETTING:
        section = "[pydantic-mypy]" if Tool.PYDANTIC_MYPY in check.tools else "[mypy]"
        return f"`{check.code} = true` in `{section}`"
    return check.code


def _check_row(check: ExternalCheck) -> str:
    tools = ", ".join(tool.value for tool in check.tools)
    return f"| {_check_cell(check)} | {tools} | {_cell(check.description)} |"


def render_standard(
    rules: Iterable[Rule], checks: Iterable[ExternalCheck] = CHECKS, *, link_dir: str | None = ""
) -> str:
    """The page "The standard, item by item": each item's statement and the codes enforcing it.

    pyexpert's rules come first (by code, linking to their pages in ``link_dir``; ``None``: no
    links, as in the committed ``docs/standard.md``), then the other tools' checks in the order
    :data:`pyexpert_core.standard.CHECKS` gives them.
    """
    ordered = sorted(rules, key=lambda rule: rule.code)
    external = list(checks)
    parts = [
        f"# {STANDARD_TITLE}",
        "Generated from the rule catalog and pyexpert's preset (`pyexpert docs --out DIR`); do not "
        "edit by hand.",
        "pyexpert enforces each item with its own rules, flake8 codes `PXnnn` and mypy error codes "
        "`pyexpert-<name>`, and does not re-implement what well-kept tools already check: "
        "`pyexpert preset ruff`, `pyexpert preset flake8` and `pyexpert preset mypy` print the "
        "configuration that turns those checks on. A code that ruff and flake8-bugbear both "
        "implement is needed from one of them only.",
    ]
    for statement in ITEMS:
        rows = [_rule_row(rule, link_dir) for rule in ordered if rule.standard is statement.item]
        rows += [_check_row(check) for check in external if check.standard is statement.item]
        parts += [f"## {statement.title}", statement.statement.strip()]
        if rows:
            parts.append("\n".join(["| Code | Tool | Enforces |", "|---|---|---|", *rows]))
        else:
            parts.append("No rule enforces this item yet.")
    return "\n\n".join(parts) + "\n"


def write_docs(out_dir: Path, rules: Iterable[Rule] | None = None) -> list[Path]:
    """Write every rule page, the index and the standard page into ``out_dir``; returns the paths.

    Pages of rules that no longer exist (a renamed or removed rule) are deleted, so the
    directory always mirrors the catalog.
    """
    chosen = sorted(registry() if rules is None else rules, key=lambda rule: rule.code)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for rule in chosen:
        path = out_dir / page_filename(rule)
        path.write_text(render_rule(rule), encoding="utf-8")
        written.append(path)
    index = out_dir / INDEX_FILENAME
    index.write_text(render_index(chosen), encoding="utf-8")
    written.append(index)
    standard = out_dir / STANDARD_FILENAME
    standard.write_text(render_standard(chosen), encoding="utf-8")
    written.append(standard)
    current = {path.name for path in written}
    for stale in out_dir.iterdir():
        if stale.is_file() and _PAGE_RE.match(stale.name) and stale.name not in current:
            stale.unlink()
    return written


_TABLE_RE: Final = re.compile(r"(<!-- rules-table:[^>]*-->\n)(.*?)(\n<!-- rules-table: end -->)", re.S)


def refresh_committed(root: Path) -> list[Path]:
    """Rewrite the generated parts of a source checkout: ``docs/standard.md`` and the README's
    rule table (``python -c "from pathlib import Path; from pyexpert_core.docs import
    refresh_committed; refresh_committed(Path('.'))"``). Returns the files it changed."""
    changed: list[Path] = []
    standard = root / "docs" / STANDARD_FILENAME
    text = render_standard(registry(), link_dir=None)
    if standard.read_text(encoding="utf-8") != text:
        standard.write_text(text, encoding="utf-8")
        changed.append(standard)
    readme = root / "README.md"
    current = readme.read_text(encoding="utf-8")
    table = render_table(registry(), link_dir=None)
    updated = _TABLE_RE.sub(lambda match: match.group(1) + table + match.group(3), current)
    if updated != current:
        readme.write_text(updated, encoding="utf-8")
        changed.append(readme)
    return changed

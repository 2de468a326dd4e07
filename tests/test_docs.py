"""The generated rule pages and index: ruff's headings, fenced examples, complete links."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Final

import pytest

from pyexpert_core.catalog import Checker, Family, Rule, StandardItem
from pyexpert_core.docs import (
    HEADINGS,
    INDEX_FILENAME,
    STANDARD_FILENAME,
    page_filename,
    render_index,
    render_rule,
    render_standard,
    write_docs,
)
from pyexpert_core.options import ROLE_OPTIONS
from pyexpert_core.registry import registry
from pyexpert_core.standard import CHECKS, ITEMS

RULES: Final = tuple(registry())
RULE_IDS: Final = [rule.code for rule in RULES]
_HEADING_RE: Final = re.compile(r"^## (.+)$", re.MULTILINE)
_LINK_RE: Final = re.compile(r"\]\(([^)]+)\)")


def sections(page: str) -> dict[str, str]:
    """The body of each ``## `` section of a page, by heading."""
    parts = _HEADING_RE.split(page)
    return {heading: body for heading, body in zip(parts[1::2], parts[2::2], strict=True)}


def _variant(rule: Rule, **changes: object) -> Rule:
    """A validated copy of a catalog rule with some fields changed."""
    return Rule.model_validate({**rule.model_dump(), **changes})


@pytest.mark.parametrize("rule", RULES, ids=RULE_IDS)
def test_page_has_the_six_headings_in_order(rule: Rule) -> None:
    page = render_rule(rule)
    assert page.splitlines()[0] == f"# {rule.name} ({rule.code})"
    assert _HEADING_RE.findall(page) == list(HEADINGS)
    assert page.count("```") % 2 == 0


@pytest.mark.parametrize("rule", RULES, ids=RULE_IDS)
def test_examples_are_fenced_python_in_their_sections(rule: Rule) -> None:
    body = sections(render_rule(rule))
    assert f"```python\n{rule.bad.rstrip()}\n```" in body["Example"]
    assert f"```python\n{rule.good.rstrip()}\n```" in body["Use instead"]
    assert rule.summary in body["What it does"]
    assert rule.rationale.strip() in body["Why is this bad?"]


@pytest.mark.parametrize("rule", RULES, ids=RULE_IDS)
def test_options_and_references_sections(rule: Rule) -> None:
    body = sections(render_rule(rule))
    if rule.options:
        for option in rule.options:
            assert f"### `{option.name}`" in body["Options"]
            assert option.description in body["Options"]
    else:
        assert body["Options"].strip() == "None."
    if rule.references:
        for reference in rule.references:
            assert reference in body["References"]
    else:
        assert body["References"].strip() == "None."


@pytest.mark.parametrize("rule", RULES, ids=RULE_IDS)
def test_page_says_how_to_control_the_rule(rule: Rule) -> None:
    header = render_rule(rule).split("## ", 1)[0]
    assert f"Checker: **{rule.checker.value}**" in header
    if rule.checker is Checker.MYPY:
        assert f"# type: ignore[{rule.mypy_code}]" in header and f"# noqa: {rule.code}" in header
        switch = "enable" if not rule.default_enabled else "disable"
        assert f"`{switch} = {rule.code}` in `[pyexpert-mypy]`" in header
        assert f"{switch}_error_code = {rule.mypy_code}" in header
    else:
        assert f"# noqa: {rule.code}" in header
        switch = "extend-select" if not rule.default_enabled else "extend-ignore"
        assert f"{switch} = {rule.code}" in header


def test_option_spelling_follows_the_checker() -> None:
    mypy_rule = next(rule for rule in RULES if rule.checker is Checker.MYPY and rule.options)
    option = mypy_rule.options[0]
    as_flake8 = _variant(mypy_rule, checker=Checker.FLAKE8)
    assert "[pyexpert-mypy]" in render_rule(mypy_rule)
    assert option.flake8_flag not in render_rule(mypy_rule)
    assert option.flake8_flag in render_rule(as_flake8)
    assert "[pyexpert-mypy]" not in render_rule(as_flake8)


def test_opt_in_flake8_rule_without_options_or_references() -> None:
    base = next(rule for rule in RULES if rule.checker is Checker.FLAKE8)
    rule = _variant(base, default_enabled=False, options=(), references=())
    page = render_rule(rule)
    body = sections(page)
    assert body["Options"].strip() == "None."
    assert body["References"].strip() == "None."
    assert f"extend-select = {rule.code}" in page
    assert "Default: **off (opt-in)**" in page


def test_index_links_to_every_page_once() -> None:
    index = render_index(RULES)
    links = _LINK_RE.findall(index)
    assert sorted(links) == sorted([page_filename(rule) for rule in RULES] + [STANDARD_FILENAME])
    for rule in RULES:
        row = next(line for line in index.splitlines() if line.startswith(f"| {rule.code} |"))
        assert f"[{rule.name}]({page_filename(rule)})" in row
        assert f"| {rule.checker.value} |" in row
        assert ("| on |" if rule.default_enabled else "| off |") in row


def test_index_groups_rules_by_family() -> None:
    index = render_index(RULES)
    families = {rule.family for rule in RULES}
    headings = _HEADING_RE.findall(index)
    assert headings == [f"{family.name} — {family.value}" for family in Family if family in families]
    for heading, body in sections(index).items():
        prefix = heading.split(" ", 1)[0]
        codes = re.findall(r"^\| (PX\d{3}) \|", body, re.MULTILINE)
        assert codes and all(code.startswith(prefix) for code in codes)


def test_rendering_is_deterministic() -> None:
    assert render_index(reversed(RULES)) == render_index(RULES)
    assert [render_rule(rule) for rule in RULES] == [render_rule(rule) for rule in RULES]


def test_write_docs_writes_pages_and_index_and_removes_stale_pages(tmp_path: Path) -> None:
    out = tmp_path / "rules"
    out.mkdir()
    (out / "PX999-removed-rule.md").write_text("stale\n", encoding="utf-8")
    (out / "notes.md").write_text("kept\n", encoding="utf-8")
    written = write_docs(out)
    assert [path.name for path in written] == [page_filename(rule) for rule in RULES] + [
        INDEX_FILENAME,
        STANDARD_FILENAME,
    ]
    for rule in RULES:
        assert (out / page_filename(rule)).read_text(encoding="utf-8") == render_rule(rule)
    assert (out / INDEX_FILENAME).read_text(encoding="utf-8") == render_index(RULES)
    assert (out / STANDARD_FILENAME).read_text(encoding="utf-8") == render_standard(RULES)
    assert not (out / "PX999-removed-rule.md").exists()
    assert (out / "notes.md").read_text(encoding="utf-8") == "kept\n"
    for link in _LINK_RE.findall(render_index(RULES)) + _LINK_RE.findall(render_standard(RULES)):
        assert (out / link).is_file()


# -- the page "The standard, item by item" -----------------------------------------------------


def test_standard_page_has_one_section_per_item_in_order() -> None:
    page = render_standard(RULES)
    assert page.splitlines()[0] == "# The standard, item by item"
    assert _HEADING_RE.findall(page) == [statement.title for statement in ITEMS]
    assert [statement.item for statement in ITEMS] == list(StandardItem)
    for statement in ITEMS:
        assert statement.statement in sections(page)[statement.title]


def test_standard_page_lists_every_rule_once_under_its_item_with_a_link() -> None:
    body = sections(render_standard(RULES))
    titles = {statement.item: statement.title for statement in ITEMS}
    for rule in RULES:
        link = f"[{rule.code}]({page_filename(rule)})"
        rows = [line for line in body[titles[rule.standard]].splitlines() if line.startswith(f"| {link} |")]
        assert len(rows) == 1, rule.code
        assert ("pyexpert (mypy)" if rule.checker is Checker.MYPY else "pyexpert (flake8)") in rows[0]
        assert ("opt-in" in rows[0]) is (not rule.default_enabled)
        assert sum(text.count(link) for text in body.values()) == 1


def test_standard_page_lists_every_external_check_once_under_its_item() -> None:
    body = sections(render_standard(RULES))
    titles = {statement.item: statement.title for statement in ITEMS}
    for check in CHECKS:
        section = body[titles[check.standard]]
        names_it = re.compile(rf"(?<![\w-]){re.escape(check.code)}(?![\w-])")
        rows = [row for row in section.splitlines() if row.startswith("| ") and names_it.search(row.split(" | ")[0])]
        assert len(rows) == 1, check.code
        cells = rows[0].strip("|").split(" | ")
        assert cells[1].strip() == ", ".join(tool.value for tool in check.tools)
        assert cells[2].strip() == check.description.replace("|", "\\|")


def test_standard_page_is_deterministic_and_follows_the_rules_given() -> None:
    assert render_standard(reversed(RULES)) == render_standard(RULES)
    assert "No rule enforces this item yet." not in render_standard(RULES)
    only_external = render_standard([])
    assert "](PX" not in only_external
    assert only_external.count("| Code | Tool | Enforces |") == len({check.standard for check in CHECKS})


# -- the hand-written guides in docs/ ----------------------------------------------------------

GUIDES: Final = sorted((Path(__file__).parent.parent / "docs").glob("*.md"))
_CODE_MENTION_RE: Final = re.compile(r"\bPX\d{3}\b")
_MYPY_MENTION_RE: Final = re.compile(r"\bpyexpert-[a-z][a-z0-9-]*[a-z0-9]\b")


def test_guides_exist() -> None:
    names = {path.name for path in GUIDES}
    assert {"index.md", "configuration.md", "mypy-plugin.md", "writing-rules.md"} <= names


@pytest.mark.parametrize("guide", GUIDES, ids=lambda path: path.name)
def test_guide_names_only_real_rules_codes_and_options(guide: Path) -> None:
    """A code, mypy error code or option a guide mentions exists in this version's catalog."""
    text = guide.read_text(encoding="utf-8")
    codes = {rule.code for rule in RULES}
    known = {rule.mypy_code for rule in RULES if rule.checker is Checker.MYPY} | {"pyexpert-mypy"}
    known |= {option.flake8_flag.removeprefix("--") for rule in RULES for option in rule.options}
    known |= {option.flake8_flag.removeprefix("--") for option in ROLE_OPTIONS}
    hooks = (Path(__file__).resolve().parent.parent / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    known |= set(re.findall(r"^- id: (\S+)$", hooks, re.M))  # the pre-commit hooks' ids
    assert set(_CODE_MENTION_RE.findall(text)) <= codes
    assert set(_MYPY_MENTION_RE.findall(text)) <= known


@pytest.mark.parametrize("guide", GUIDES, ids=lambda path: path.name)
def test_guide_links_resolve(guide: Path) -> None:
    for link in _LINK_RE.findall(guide.read_text(encoding="utf-8")):
        target = link.split("#", 1)[0]
        if target and "://" not in target:
            assert (guide.parent / target).exists(), f"{guide.name}: broken link {link}"


def test_committed_standard_page_is_the_generated_one() -> None:
    """``docs/standard.md`` (committed, no links: the rule pages are generated) matches the catalog."""
    committed = Path(__file__).resolve().parent.parent / "docs" / "standard.md"
    expected = render_standard(registry(), link_dir=None)
    assert committed.read_text(encoding="utf-8") == expected, (
        "docs/standard.md is stale: run `pyexpert generate`"
    )


def test_the_rule_pages_show_the_ledgers_precision() -> None:
    """``pyexpert_core/precision.json`` (what the pages print) is the ledger's count per rule."""
    import ecosystem

    committed = json.loads(ecosystem.PRECISION_FILE.read_text(encoding="utf-8"))
    assert committed == ecosystem.precision_summary(ecosystem.ledger()), (
        "pyexpert_core/precision.json is stale: python tests/ecosystem.py summary"
    )
    for code, counts in committed["rules"].items():
        page = render_rule(registry().by_code(code))
        assert f"({counts['correct']} of {counts['judged']} findings" in page

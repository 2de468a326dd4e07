"""The README stays true: its rule table is the catalog's, and CI runs its test command."""

from __future__ import annotations

import re
from pathlib import Path

from pyexpert_core.docs import render_table
from pyexpert_core.registry import registry

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _quickstart_commands() -> list[str]:
    block = README.split("## Quickstart", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip() and not line.startswith("#")]


def test_rule_table_is_the_catalogs() -> None:
    match = re.search(r"<!-- rules-table:[^>]*-->\n(.*?)\n<!-- rules-table: end -->", README, re.S)
    assert match is not None, "README has no generated rules table"
    expected = render_table(registry(), link_dir=None)
    assert match.group(1) == expected, "the README's rule table is stale: run `pyexpert generate`"


def test_quickstart_has_exactly_two_commands() -> None:
    commands = _quickstart_commands()
    assert len(commands) == 2, commands
    assert "examples" in commands[0] and "flake8" in commands[0] and "mypy" in commands[0]
    assert commands[1].endswith("pytest")


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert _quickstart_commands()[1] in ci_lines


def test_the_changelog_dates_the_release_the_package_carries() -> None:
    from pyexpert_core import __version__

    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", changelog, re.M)
    assert releases, "CHANGELOG.md has no dated release section"
    assert releases[0][0] == __version__, "the newest dated release is not the package's version"
    assert changelog.index("## [Unreleased]") < changelog.index(f"## [{__version__}]")

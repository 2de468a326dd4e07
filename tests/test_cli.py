"""The ``pyexpert`` command, in-process through ``main()`` and once through the console script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Final

import pytest

from pyexpert_core import __version__
from pyexpert_core.catalog import Checker, Rule
from pyexpert_core.cli import main
from pyexpert_core.docs import INDEX_FILENAME, STANDARD_FILENAME, page_filename, render_rule
from pyexpert_core.registry import registry

RULES: Final = tuple(registry())
CODES: Final = [rule.code for rule in RULES]
_DERIVED: Final = ("mypy_code", "family")


def _json_rules(capsys: pytest.CaptureFixture[str], *args: str) -> list[Rule]:
    """Runs ``pyexpert rules --json`` and validates every item back into a Rule."""
    assert main(["rules", "--json", *args]) == 0
    items = json.loads(capsys.readouterr().out)
    assert isinstance(items, list)
    rules: list[Rule] = []
    for item in items:
        assert isinstance(item, dict)
        rule = Rule.model_validate_json(json.dumps({k: v for k, v in item.items() if k not in _DERIVED}))
        assert item["family"] == rule.family.name
        assert item["mypy_code"] == (rule.mypy_code if rule.checker is Checker.MYPY else None)
        rules.append(rule)
    return rules


def test_rules_table_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["CODE", "NAME", "CHECKER", "DEFAULT", "SUMMARY"]
    rows = {line.split()[0]: line for line in out[1:]}
    assert list(rows) == CODES
    for rule in RULES:
        assert rows[rule.code].split()[1:4] == [
            rule.name,
            rule.checker.value,
            "on" if rule.default_enabled else "off",
        ]
        assert rows[rule.code].endswith(rule.summary)


def test_rules_json_round_trips_the_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    assert _json_rules(capsys) == list(RULES)


@pytest.mark.parametrize("checker", list(Checker), ids=str)
def test_rules_filtered_by_checker(capsys: pytest.CaptureFixture[str], checker: Checker) -> None:
    assert _json_rules(capsys, "--checker", checker.value) == list(registry().for_checker(checker))


@pytest.mark.parametrize("family", ["PX1", "px1", "PX7"])
def test_rules_filtered_by_family(capsys: pytest.CaptureFixture[str], family: str) -> None:
    expected = [rule for rule in RULES if rule.family.name == family.upper()]
    assert _json_rules(capsys, "--family", family) == expected


@pytest.mark.parametrize(
    "key",
    ["PX101", "px101", "raw-dict-param", "pyexpert-raw-dict-param", " PX104 ", "dict-record-literal"],
)
def test_explain_prints_the_rule_page(capsys: pytest.CaptureFixture[str], key: str) -> None:
    rule = registry().lookup(key)
    assert main(["explain", key]) == 0
    captured = capsys.readouterr()
    assert captured.out == render_rule(rule)
    assert captured.err == ""


@pytest.mark.parametrize("key", ["PX999", "no-such-rule", "pyexpert-nothing", ""])
def test_explain_unknown_rule_is_one_line_exit_2(capsys: pytest.CaptureFixture[str], key: str) -> None:
    assert main(["explain", key]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("pyexpert: error: unknown rule")
    assert "Traceback" not in captured.err


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["rules", "--checker", "pylint"],
        ["rules", "--family", "PX9"],
        ["explain"],
        ["docs"],
        ["preset"],
    ],
    ids=[
        "no-command",
        "unknown-command",
        "bad-checker",
        "bad-family",
        "explain-no-rule",
        "docs-no-out",
        "preset-no-tool",
    ],
)
def test_bad_usage_exits_2_with_usage(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert "usage: pyexpert" in captured.err
    assert "Traceback" not in captured.err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"pyexpert {__version__}"


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("rules", "explain", "docs", "preset"):
        assert command in out


def test_docs_writes_one_page_per_rule_and_the_index(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "site" / "rules"
    assert main(["docs", "--out", str(out)]) == 0
    expected = sorted([page_filename(rule) for rule in RULES] + [INDEX_FILENAME, STANDARD_FILENAME])
    assert sorted(path.name for path in out.iterdir()) == expected
    printed = capsys.readouterr().out.splitlines()
    assert sorted(Path(line).name for line in printed[:-1]) == expected
    assert printed[-1] == f"wrote {len(RULES)} rule pages, the index and {STANDARD_FILENAME} to {out}"


def test_docs_into_a_file_fails_cleanly(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("", encoding="utf-8")
    assert main(["docs", "--out", str(blocker)]) == 1
    captured = capsys.readouterr()
    assert len(captured.err.splitlines()) == 1
    assert captured.err.startswith("pyexpert: error: cannot write the docs to")


# -- through the installed console script --------------------------------------------------------


def _console_script() -> Path:
    script = Path(sys.executable).parent / ("pyexpert.exe" if sys.platform == "win32" else "pyexpert")
    assert script.is_file(), f"the console script is not installed next to {sys.executable}"
    return script


def test_console_script_rules_json() -> None:
    proc = subprocess.run([str(_console_script()), "rules", "--json"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    codes = [item["code"] for item in json.loads(proc.stdout)]
    assert codes == CODES


def test_console_script_unknown_rule_exit_status() -> None:
    proc = subprocess.run([str(_console_script()), "explain", "PX000"], capture_output=True, text=True, check=False)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert len(proc.stderr.splitlines()) == 1
    assert "Traceback" not in proc.stderr


def test_python_dash_m() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pyexpert_core", "explain", "PX101"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == render_rule(registry().by_code("PX101"))


def test_cli_imports_neither_flake8_nor_mypy() -> None:
    """The shared core (and so the CLI) imports pydantic only: fast to start, no tool coupling."""
    code = (
        "import sys, pyexpert_core.cli, pyexpert_core.docs; "
        "print(sorted({name.split('.')[0] for name in sys.modules} & {'flake8', 'mypy'}))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_a_reader_that_goes_away_is_no_traceback() -> None:
    """``pyexpert rules --json | head -1``: the pipe closes after one line of 128 kB of output."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "pyexpert_core", "rules", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().strip()
    proc.stdout.close()
    error = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 1
    assert error == ""

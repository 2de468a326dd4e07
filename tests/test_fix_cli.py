"""``pyexpert fix`` as a command: --diff, exit statuses, --select, the one-line errors.

The runs select flake8 rules only (PX205, PX209), so no mypy run is needed but the one that checks
the configuration error."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from fixing import write_project
from pyexpert_core import cli

BEFORE = (
    "from typing import Optional\n"
    "\n"
    "from pydantic import BaseModel, Field\n"
    "\n"
    "\n"
    "class User(BaseModel):\n"
    "    nickname: Optional[str]  # a comment\n"
    '    handle: str = Field(regex="^[a-z]+$")\n'
)
AFTER = BEFORE.replace("Optional[str]  #", "Optional[str] = None  #").replace("regex=", "pattern=")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_project(tmp_path, {"app.py": BEFORE})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_diff_changes_nothing_and_exits_1_then_fix_writes(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["fix", "--diff", "--select", "PX205,PX209", "app.py"]) == 1
    out, err = capsys.readouterr()
    assert out.startswith("--- a/app.py\n+++ b/app.py\n") and "+    nickname: Optional[str] = None  # a comment" in out
    assert "Would fix 2 findings in 1 file" in err
    assert (project / "app.py").read_text(encoding="utf-8") == BEFORE
    assert cli.main(["fix", "--select", "px2", "app.py"]) == 0  # a prefix selects the opt-in PX209 too
    out, _err = capsys.readouterr()
    assert "app.py:8:25: PX205 fixed: regex= -> pattern=" in out and "Fixed 2 findings in 1 file" in out
    assert (project / "app.py").read_text(encoding="utf-8") == AFTER
    assert cli.main(["fix", "--diff", "--select", "PX205,PX209", "app.py"]) == 0
    out, err = capsys.readouterr()
    assert "Would fix 0 findings" in err


def test_findings_left_exit_1_with_their_reasons(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "app.py").write_text(BEFORE.replace('regex="^[a-z]+$"', "unique_items=True"), encoding="utf-8")
    assert cli.main(["fix", "--select", "PX205", "app.py"]) == 1
    out = capsys.readouterr().out
    assert "0 not fixable" not in out and "1 not fixable:" in out
    assert "  app.py:8:25: PX205 unique_items= has no v2 argument" in out


@pytest.mark.parametrize(
    ("select", "message"), [("PX999", "unknown rule code 'PX999'"), ("PX101", "PX101 has no fix")]
)
def test_select_errors(project: Path, capsys: pytest.CaptureFixture[str], select: str, message: str) -> None:
    assert cli.main(["fix", "--select", select]) == 2
    assert capsys.readouterr().err == f"pyexpert: error: {message}\n"


def test_without_libcst(project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "libcst" else real(name, *a))
    assert cli.main(["fix"]) == 2
    assert capsys.readouterr().err == "pyexpert: error: pyexpert fix needs libcst: pip install 'flake8-pyexpert[fix]'\n"


def test_mypy_without_the_plugin(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "mypy.ini").write_text("[mypy]\n", encoding="utf-8")
    assert cli.main(["fix", "--select", "PX204", "app.py"]) == 2
    assert "mypy does not load the pyexpert plugin" in capsys.readouterr().err

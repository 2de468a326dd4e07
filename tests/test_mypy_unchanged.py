"""Loading mypy_pyexpert never changes mypy's own output (a lint rule never changes inference).

mypy runs twice over every mypy fixture, with ``deprecated`` and ``unused-awaitable`` enabled
and pydantic's plugin on: once with ``mypy_pyexpert`` and once without. Every finding that is
not a pyexpert one must be the same. (Seen before this test existed: ``json.loads(
Model(**data).json())`` gained a ``deprecated`` error with the plugin, because a finding
reported while mypy inferred the call's argument in two type contexts changed which result
mypy kept; see ``mypy_pyexpert.reporting``.)
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

import pytest

from expectations import Finding, run_mypy
from mypy_pyexpert.safety import DEBUG_ENV

pytestmark = pytest.mark.slow

FIXTURES: Final = Path(__file__).resolve().parent / "fixtures" / "mypy"
CODES: Final = "deprecated, unused-awaitable"

# the case that was seen to change: mypy loses this deprecation itself, and must still lose it
ARGUMENT_CASE: Final = '''\
import json

from pydantic import BaseModel


class Model(BaseModel):
    name: str


def load(data: dict[str, str]) -> object:
    return json.loads(Model(**data).json())


def dump(model: Model) -> object:
    return model.json()
'''


def _own(findings: list[Finding]) -> set[tuple[str, int, int, str, str]]:
    return {(Path(f.path).name, f.line, f.col, f.code, f.message) for f in findings if not f.code.startswith("PX")}


def _run(tmp_path: Path, plugins: str, paths: list[Path | str], cwd: Path) -> list[Finding]:
    config = tmp_path / f"{re.sub(r'[^a-z]+', '-', plugins)}.ini"
    config.write_text(f"[mypy]\nplugins = {plugins}\nenable_error_code = {CODES}\n", encoding="utf-8")
    return run_mypy(paths, cwd=cwd, config_file=config, cache_dir=tmp_path / f"cache-{config.stem}").findings


def test_mypy_reports_the_same_own_errors_with_and_without_the_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DEBUG_ENV, "1")
    (tmp_path / "argument_case.py").write_text(ARGUMENT_CASE, encoding="utf-8")
    without = _run(tmp_path, "pydantic.mypy", [".", str(tmp_path / "argument_case.py")], FIXTURES)
    with_plugin = _run(tmp_path, "pydantic.mypy, mypy_pyexpert", [".", str(tmp_path / "argument_case.py")], FIXTURES)
    assert any(f.code.startswith("PX") for f in with_plugin), "the plugin did not run"
    assert any(f.code == "mypy:deprecated" for f in without), "the fixtures must exercise deprecated"
    assert _own(with_plugin) == _own(without)
    # the case itself: the v1 call in an argument is reported by PX204, and mypy's own output
    # (which does not report it there) is unchanged
    lines = {(f.line, f.code) for f in with_plugin if Path(f.path).name == "argument_case.py"}
    plain = {(f.line, f.code) for f in without if Path(f.path).name == "argument_case.py"}
    assert (11, "PX204") in lines and (11, "PX105") in lines
    # mypy 2.x does not report `deprecated` inside that argument, mypy 1.x does: either way the
    # plugin must not change it
    assert ((11, "mypy:deprecated") in lines) == ((11, "mypy:deprecated") in plain)
    assert (15, "mypy:deprecated") in lines

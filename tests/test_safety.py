"""The analysis guard: an unexpected shape means "no finding" and one note in a user's run, an
error under the debug switch, and it never hides mypy's own control flow."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Final

import pytest
from mypy.errors import CompileError
from mypy.nodes import Context

from mypy_pyexpert.safety import DEBUG_ENV, analysis_guard, crash_note

# A plugin that is pyexpert's, with PX105's analysis made to fail on every call it looks at.
_CRASHING_PLUGIN: Final = '''
import mypy_pyexpert.rules.px105_unvalidated_unpack as px105
from mypy_pyexpert import plugin


def _fail(*args, **kwargs):
    raise KeyError("unexpected shape")


px105._report = _fail
'''

_SOURCE: Final = '''from typing import Any

from pydantic import BaseModel


class User(BaseModel):
    name: str


def first(data: dict[str, Any]) -> User:
    return User(**data)


def second(data: dict[str, Any]) -> User:
    return User(**data)
'''

_FLAGS: Final = ("--show-column-numbers", "--no-error-summary", "--no-color-output", "--hide-error-context")


def _no_node() -> Context:
    return Context(line=1, column=0)


def test_the_debug_switch_is_on_for_the_whole_test_session() -> None:
    assert os.environ.get(DEBUG_ENV) == "1"  # tests/conftest.py


@pytest.mark.parametrize("error", [AttributeError("x"), KeyError("k"), TypeError(), ValueError(), AssertionError()])
def test_a_shape_error_is_caught_in_a_users_run(monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    monkeypatch.delenv(DEBUG_ENV)
    reached = []
    with analysis_guard("PX105", object(), _no_node()):  # no mypy analyser: nowhere to note it
        raise error
    reached.append(True)  # the code after the guarded block runs
    assert reached == [True]


def test_a_shape_error_is_raised_under_the_debug_switch() -> None:
    with pytest.raises(KeyError), analysis_guard("PX105", object(), _no_node()):
        raise KeyError("k")


@pytest.mark.parametrize("error", [CompileError(["blocking"]), SystemExit(2), KeyboardInterrupt()])
def test_mypy_control_flow_is_never_caught(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    monkeypatch.delenv(DEBUG_ENV)
    with pytest.raises(type(error)), analysis_guard("PX105", object(), _no_node()):
        raise error


def test_the_guard_can_be_nested(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DEBUG_ENV)
    for _ in range(2):
        with analysis_guard("PX101", object(), _no_node()):
            with analysis_guard("PX105", object(), _no_node()):
                raise ValueError("inner")


def test_the_note_names_the_rules_and_the_error_on_one_short_line() -> None:
    note = crash_note("PX401, PX604, PX605", KeyError("a\nvery " + "long " * 100))
    assert note.startswith("pyexpert: the analysis of PX401, PX604, PX605 failed here (KeyError: ")
    assert "please report it" in note and DEBUG_ENV in note
    assert "\n" not in note and len(note) < 400


def _run_crashing_mypy(tmp_path: Path, debug: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "crashing_plugin.py").write_text(_CRASHING_PLUGIN, encoding="utf-8")
    (tmp_path / "service.py").write_text(_SOURCE, encoding="utf-8")
    (tmp_path / "mypy.ini").write_text("[mypy]\nplugins = crashing_plugin.py\n", encoding="utf-8")
    env = {**os.environ, DEBUG_ENV: debug, "MYPY_FORCE_COLOR": "0"}
    command = [sys.executable, "-m", "mypy", *_FLAGS, "--show-traceback", "--config-file", "mypy.ini"]
    command += ["--cache-dir", ".cache", "service.py"]
    return subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, env=env, check=False)


def test_a_failing_rule_says_so_once_in_a_real_run(tmp_path: Path) -> None:
    proc = _run_crashing_mypy(tmp_path, debug="0")
    lines = proc.stdout.splitlines()
    notes = [line for line in lines if "pyexpert: the analysis of PX105 failed" in line]
    # Two calls fail; the note comes once, at the first, and the run is otherwise unharmed.
    assert notes == [line for line in lines if line.startswith("service.py:11:12: note: ")], proc.stdout
    assert len(notes) == 1 and "KeyError: 'unexpected shape'" in notes[0]
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_failing_rule_stops_mypy_under_the_debug_switch(tmp_path: Path) -> None:
    proc = _run_crashing_mypy(tmp_path, debug="1")
    assert proc.returncode not in (0, 1), proc.stdout
    assert "KeyError: 'unexpected shape'" in proc.stdout + proc.stderr

"""The analysis guard: an unexpected shape means "no finding" in a user's run, an error under the
debug switch, and never hides mypy's own control flow."""

from __future__ import annotations

import os

import pytest
from mypy.errors import CompileError

from mypy_pyexpert.rules._safety import DEBUG_ENV, analysis_guard


def test_the_debug_switch_is_on_for_the_whole_test_session() -> None:
    assert os.environ.get(DEBUG_ENV) == "1"  # tests/conftest.py


@pytest.mark.parametrize("error", [AttributeError("x"), KeyError("k"), TypeError(), ValueError(), AssertionError()])
def test_a_shape_error_is_swallowed_in_a_users_run(monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    monkeypatch.delenv(DEBUG_ENV)
    reached = []
    with analysis_guard():
        raise error
    reached.append(True)  # the code after the guarded block runs
    assert reached == [True]


def test_a_shape_error_is_raised_under_the_debug_switch() -> None:
    with pytest.raises(KeyError), analysis_guard():
        raise KeyError("k")


@pytest.mark.parametrize("error", [CompileError(["blocking"]), SystemExit(2), KeyboardInterrupt()])
def test_mypy_control_flow_is_never_swallowed(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    monkeypatch.delenv(DEBUG_ENV)
    with pytest.raises(type(error)), analysis_guard():
        raise error


def test_the_guard_can_be_nested_and_reused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DEBUG_ENV)
    for _ in range(2):
        with analysis_guard():
            with analysis_guard():
                raise ValueError("inner")

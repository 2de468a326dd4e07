"""One suppression syntax: flake8's ``# noqa`` suppresses a finding of the mypy plugin too.

The pattern and the code matching of :mod:`pyexpert_core.noqa` are flake8's own (compared with
flake8's regular expression and ``Violation.is_inline_ignored``), and plain mypy runs honour it.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Final

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from expectations import run_mypy
from pyexpert_core.noqa import NOQA_INLINE_RE, is_suppressed, line_is_suppressed, source_line

_COMMENTS: Final = (
    "x = 1  # noqa",
    "x = 1  # NOQA",
    "x = 1  # noqa: PX101",
    "x = 1  # noqa:PX101,PX102",
    "x = 1  # noqa: PX101 PX102",
    "x = 1  # noqa : PX101",
    "x = 1  # noqa: px101",
    "x = 1  # noqa: PX1",
    "x = 1  # noqa: E501, PX101 some text",
    "x = 1  # noqa:  PX101",
    "x = 1  #noqa: PX101",
    "x = 1  # type: ignore[misc]  # noqa: PX999",
    "x = 1  # noqa-ish",
    "x = 1",
)

_CODES: Final = ("PX101", "PX102", "PX999", "E501")

# flake8 ships no type information: its objects are looked up by name (and checked) here.
_FLAKE8_NOQA: Final = vars(importlib.import_module("flake8.defaults"))["NOQA_INLINE_REGEXP"]
_VIOLATION: Final = vars(importlib.import_module("flake8.violation"))["Violation"]


def _flake8_suppresses(line: str, code: str) -> bool:
    """flake8's own decision (``Violation.is_inline_ignored``) for ``code`` on ``line``."""
    ignored = _VIOLATION(code, "f.py", 1, 1, "text", line).is_inline_ignored(disable_noqa=False)
    assert isinstance(ignored, bool)
    return ignored


def test_the_pattern_is_flake8s() -> None:
    assert isinstance(_FLAKE8_NOQA, re.Pattern)
    assert NOQA_INLINE_RE.pattern == _FLAKE8_NOQA.pattern
    assert NOQA_INLINE_RE.flags == _FLAKE8_NOQA.flags


@pytest.mark.parametrize("line", _COMMENTS)
@pytest.mark.parametrize("code", _CODES)
def test_listed_comments_agree_with_flake8(line: str, code: str) -> None:
    assert is_suppressed(line, code) == _flake8_suppresses(line, code)


_TOKENS: Final = st.sampled_from(["#", " ", "noqa", "NoQA", ":", ",", "PX101", "px1", "PX", "E501", "x", "\t"])


@given(st.lists(_TOKENS, max_size=10).map("".join), st.sampled_from(_CODES))
@example("# noqa:PX101,,PX102", "PX102")
def test_any_comment_agrees_with_flake8(line: str, code: str) -> None:
    assert is_suppressed(line, code) == _flake8_suppresses(line, code)


def test_source_lines_follow_edits_and_never_raise(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text("a = 1\r\nb = 2  # noqa: PX101\n", encoding="utf-8")
    assert source_line(str(path), 2) == "b = 2  # noqa: PX101"
    assert line_is_suppressed(str(path), 2, "PX101") and not line_is_suppressed(str(path), 1, "PX101")
    path.write_text("a = 1\nb = 2  # a longer line, no comment of that kind\n", encoding="utf-8")
    assert not line_is_suppressed(str(path), 2, "PX101")
    assert source_line(str(path), 3) is None and source_line(str(path), 0) is None
    assert source_line(str(tmp_path / "missing.py"), 1) is None
    assert source_line("<string>", 1) is None


_PROGRAM: Final = '''\
from typing import Any


def plain(payload: dict[str, Any]) -> None: ...


def suppressed(payload: dict[str, Any]) -> None: ...  # noqa: PX101


def other_code(payload: dict[str, Any]) -> None: ...  # noqa: PX999


def family(payload: dict[str, Any]) -> None: ...  # NOQA:PX1


def bare(payload: dict[str, Any]) -> None: ...  # noqa


def ignored(payload: dict[str, Any]) -> None: ...  # type: ignore[pyexpert-raw-dict-param]
'''


def test_plain_mypy_honours_noqa(tmp_path: Path) -> None:
    (tmp_path / "mypy.ini").write_text("[mypy]\nplugins = mypy_pyexpert\n", encoding="utf-8")
    (tmp_path / "app.py").write_text(_PROGRAM, encoding="utf-8")
    result = run_mypy(["app.py"], cwd=tmp_path, config_file=tmp_path / "mypy.ini")
    assert [(f.line, f.code) for f in result.findings] == [(4, "PX101"), (10, "PX101")], result.stdout

"""Property tests: both plugins' settings accept exactly the valid values, round-trip, and
reject everything else with their own one-line error type (never a stray exception)."""

from __future__ import annotations

import argparse
import json
import keyword
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flake8_pyexpert.options import OptionError, Settings as Flake8Settings, settings_from_namespace
from mypy_pyexpert.config import ConfigError, Settings as MypySettings, parse_settings

_IDENTIFIERS = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,15}", fullmatch=True).filter(
    lambda name: not keyword.iskeyword(name)
)
_TMP = settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60, deadline=None)


@given(st.lists(_IDENTIFIERS, max_size=6))
def test_flake8_settings_accept_identifier_lists_and_round_trip(names: list[str]) -> None:
    namespace = argparse.Namespace(pyexpert_serializer_methods=names)
    parsed = settings_from_namespace(namespace)
    assert parsed.serializer_methods == frozenset(names)
    assert Flake8Settings.parse(serializer_methods=sorted(parsed.serializer_methods)) == parsed


@given(st.lists(_IDENTIFIERS, max_size=3), st.text(min_size=1, max_size=12))
def test_flake8_settings_reject_non_identifiers_with_option_error(good: list[str], bad: str) -> None:
    candidate = bad.strip()
    if not candidate or "," in candidate or candidate.isidentifier():
        return  # not a bad name (empty items are dropped; a comma splits it in two)
    namespace = argparse.Namespace(pyexpert_serializer_methods=[*good, candidate])
    with pytest.raises(OptionError) as error:
        settings_from_namespace(namespace)
    message = str(error.value)
    assert "--pyexpert-serializer-methods" in message and "\n" not in message


@_TMP
@given(st.booleans(), st.sampled_from(["ini", "toml"]))
def test_mypy_settings_read_back_what_was_written(tmp_path: Path, value: bool, kind: str) -> None:
    if kind == "ini":
        path = tmp_path / "mypy.ini"
        path.write_text(f"[mypy]\n[pyexpert-mypy]\ncheck_private = {str(value).lower()}\n", encoding="utf-8")
    else:
        path = tmp_path / "pyproject.toml"
        path.write_text(f"[tool.pyexpert-mypy]\ncheck_private = {str(value).lower()}\n", encoding="utf-8")
    parsed = parse_settings(str(path))
    assert parsed.check_private is value
    assert MypySettings.parse(**json.loads(json.dumps(parsed.as_dict()))) == parsed


@_TMP
@given(
    st.from_regex(r"[a-z][a-z_]{0,12}", fullmatch=True).filter(lambda key: key not in MypySettings.keys()),
    st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=10),
)
def test_mypy_settings_reject_unknown_keys_with_one_line(tmp_path: Path, key: str, value: str) -> None:
    path = tmp_path / "mypy.ini"
    path.write_text(f"[mypy]\n[pyexpert-mypy]\n{key} = {value.strip() or 'x'}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        parse_settings(str(path))
    assert f"unknown key {key!r}" in str(error.value) and "\n" not in str(error.value)


@_TMP
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz23456789", min_size=1, max_size=8))
def test_mypy_settings_reject_non_booleans(tmp_path: Path, value: str) -> None:
    if value in {"true", "false", "yes", "no", "on", "off", "t", "f", "y", "n"}:
        return  # accepted spellings of a bool
    path = tmp_path / "mypy.ini"
    path.write_text(f"[mypy]\n[pyexpert-mypy]\ncheck_private = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        parse_settings(str(path))
    assert "check_private" in str(error.value) and "\n" not in str(error.value)

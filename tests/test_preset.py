"""``pyexpert preset ruff|flake8|mypy``: every code it prints exists in the installed tool, and
each preset, pasted as a real config, makes the real tool run and apply it.

The presets are parsed back from their printed text (tomllib, configparser), so the tests check
what a user pastes, not only the data it was rendered from. ruff, flake8-bugbear and mypy are
test dependencies: a missing one fails the suite instead of skipping the staleness check.
"""

from __future__ import annotations

import configparser
import importlib
import io
import json
import re
import subprocess
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

import fastapi
import mypy.config_parser
import mypy.errorcodes
import mypy.options
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic.mypy import PydanticPluginConfig

import mypy_pyexpert
from expectations import run_mypy
from pyexpert_core.catalog import StandardItem
from pyexpert_core.cli import main
from pyexpert_core.registry import registry
from pyexpert_core.standard import (
    CHECKS,
    FASTAPI_PARAMETER_FUNCTIONS,
    FLAKE8_PREFIX,
    ITEMS,
    MYPY_PLUGINS,
    RUFF_MIN_VERSION,
    CheckKind,
    ExternalCheck,
    ItemStatement,
    PresetFormat,
    PresetTool,
    Tool,
    UnknownPresetError,
    checks_for,
    deprecated_excludes,
    left_out,
    preset_formats,
    render_preset,
)

#: The codes of other tools the standard requires (docs/standard.md), ranges as written there;
#: a range stands for every stable code of the installed ruff inside it.
REQUIRED_RUFF: Final = (
    "B019 B024 B027 B904 BLE001 TRY002 TRY400 G004 LOG004 RUF006 ASYNC210 ASYNC212 ASYNC220-222 "
    "ASYNC230 ASYNC240 ASYNC250 ASYNC251 FAST001-003 DTZ001-012 UP006 UP007 UP035 UP045 ANN001-206 "
    "PGH003 S105-107"
).split()
REQUIRED_BUGBEAR: Final = ("B019", "B024", "B027", "B904")
REQUIRED_MYPY_CODES: Final = ("deprecated", "ignore-without-code", "unused-awaitable")

_RANGE_RE: Final = re.compile(r"^(?P<prefix>[A-Z]+)(?P<low>\d{3})-(?P<high>\d{3})$")
_CODE_RE: Final = re.compile(r"^(?P<prefix>[A-Z]+)(?P<number>\d{3})$")


# -- the installed tools -----------------------------------------------------------------------


@dataclass(frozen=True)
class RuffRule:
    code: str
    stable_since: tuple[int, ...] | None  # None: preview or removed


def _tool(name: str) -> Path:
    path = Path(sys.executable).parent / name
    assert path.is_file(), f"{name} is a test dependency (pip install -e '.[test]'); not found next to {sys.executable}"
    return path


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.removeprefix("v").split("."))


@cache
def ruff_rules() -> Mapping[str, RuffRule]:
    """Every rule of the installed ruff, by code, from `ruff rule --all --output-format json`."""
    proc = subprocess.run(
        [str(_tool("ruff")), "rule", "--all", "--output-format", "json"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    rules: dict[str, RuffRule] = {}
    for item in json.loads(proc.stdout):
        assert isinstance(item, dict)
        code = item.get("code")
        status = item.get("status")
        if not isinstance(code, str):
            continue  # a rule reachable by name only
        since = status.get("Stable", {}).get("since") if isinstance(status, dict) else None
        rules[code] = RuffRule(code, _version(since) if isinstance(since, str) else None)
    return rules


def _expand(spec: str) -> set[str]:
    """``DTZ001-012`` → the installed ruff's stable codes in that range; a plain code → itself."""
    match = _RANGE_RE.match(spec)
    if match is None:
        return {spec}
    low, high = int(match["low"]), int(match["high"])
    found = set()
    for code, rule in ruff_rules().items():
        parts = _CODE_RE.match(code)
        if parts and parts["prefix"] == match["prefix"] and low <= int(parts["number"]) <= high:
            if rule.stable_since is not None:
                found.add(code)
    return found


def known_mypy_error_codes() -> Mapping[str, mypy.errorcodes.ErrorCode]:
    """mypy's error codes, pyexpert's included (created when mypy_pyexpert is imported)."""
    assert mypy_pyexpert.plugin is not None
    return dict(mypy.errorcodes.error_codes)


# -- the printed presets, parsed back ----------------------------------------------------------


class _Pasted(BaseModel):
    """A parsed preset table: an unexpected key or a wrong type fails the test."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class RuffBugbearTable(_Pasted):
    extend_immutable_calls: list[str] = Field(alias="extend-immutable-calls")


class RuffLintTable(_Pasted):
    extend_select: list[str] = Field(alias="extend-select")
    external: list[str]
    flake8_bugbear: RuffBugbearTable = Field(alias="flake8-bugbear")


class RuffTable(_Pasted):
    lint: RuffLintTable


class RuffToolTable(_Pasted):
    ruff: RuffTable


class RuffPyproject(_Pasted):
    tool: RuffToolTable


class MypyTable(_Pasted):
    strict: bool
    enable_error_code: list[str]
    deprecated_calls_exclude: list[str]
    plugins: list[str]


class MypyToolTable(_Pasted):
    mypy: MypyTable
    pydantic_mypy: dict[str, bool] = Field(alias="pydantic-mypy")


class MypyPyproject(_Pasted):
    tool: MypyToolTable


def ruff_lint_section() -> RuffLintTable:
    return RuffPyproject.model_validate(tomllib.loads(render_preset("ruff"))).tool.ruff.lint


def ruff_selected() -> list[str]:
    return ruff_lint_section().extend_select


def flake8_section() -> configparser.SectionProxy:
    parser = configparser.RawConfigParser()
    parser.read_string(render_preset("flake8"))
    assert parser.sections() == ["flake8"]
    return parser["flake8"]


def _ini_list(value: str) -> list[str]:
    return [item for item in re.split(r"[,\s]+", value) if item]


def flake8_selected() -> list[str]:
    return _ini_list(flake8_section()["extend-select"])


def mypy_ini() -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser()
    parser.read_string(render_preset("mypy", "ini"))
    assert parser.sections() == ["mypy", "pydantic-mypy"]
    return parser


def mypy_toml() -> MypyToolTable:
    return MypyPyproject.model_validate(tomllib.loads(render_preset("mypy", "toml"))).tool


# -- ruff --------------------------------------------------------------------------------------


def test_ruff_preset_selects_exactly_the_ruff_checks() -> None:
    kept = [check.code for check in checks_for(Tool.RUFF, CheckKind.LINT) if left_out(check) is None]
    assert ruff_selected() == kept
    assert len(set(ruff_selected())) == len(ruff_selected())


def test_ruff_preset_leaves_out_the_codes_a_pyexpert_rule_reports() -> None:
    """One mistake, one report: each left-out code names the PX rule whose page explains why."""
    omitted = {check.code: left_out(check) for check in checks_for(Tool.RUFF, CheckKind.LINT) if left_out(check)}
    assert omitted == {"ASYNC212": "PX301", "RUF006": "PX310"}
    assert "Left out, one mistake one report (see the rule's page): RUF006 (PX310), ASYNC212 (PX301)." in (
        render_preset("ruff")
    )


def test_mypy_preset_excludes_the_apis_pyexpert_rules_report_from_deprecated() -> None:
    excluded = deprecated_excludes()
    assert "pydantic.main.BaseModel.dict" in excluded and "fastapi.applications.FastAPI.on_event" in excluded
    assert mypy_toml().mypy.deprecated_calls_exclude == list(excluded)


def test_every_ruff_code_of_the_preset_exists_and_is_stable() -> None:
    rules = ruff_rules()
    missing = [code for code in ruff_selected() if code not in rules]
    assert not missing, f"codes the installed ruff does not know: {missing}"
    unstable = [code for code in ruff_selected() if rules[code].stable_since is None]
    assert not unstable, f"codes that are preview-only or removed in the installed ruff: {unstable}"


def test_ruff_preset_covers_what_rules_md_requires() -> None:
    required = set().union(*(_expand(spec) for spec in REQUIRED_RUFF))
    assert {"ANN001", "ANN206", "DTZ012", "FAST003", "S107"} <= required  # the ranges expanded
    assert not {"ANN101", "ANN102"} & required  # removed from ruff: never selected
    # the codes that would report a PX rule's sites again are left out (one mistake, one report)
    left = {check.code for check in checks_for(Tool.RUFF, CheckKind.LINT) if left_out(check)}
    assert required - left <= set(ruff_selected()), sorted(required - left - set(ruff_selected()))


def test_ruff_min_version_is_when_the_last_code_became_stable() -> None:
    newest = max(rule.stable_since or () for code, rule in ruff_rules().items() if code in ruff_selected())
    assert ".".join(map(str, newest[:2])) == RUFF_MIN_VERSION
    assert f"stable since ruff {RUFF_MIN_VERSION}" in render_preset("ruff")


def test_ruff_preset_points_to_pyexpert_and_keeps_its_noqa() -> None:
    text = render_preset("ruff")
    assert "pyexpert preset flake8" in text and "pyexpert preset mypy" in text
    assert ruff_lint_section().external == [FLAKE8_PREFIX]


RUFF_PROBE: Final = '''\
import datetime
import time

from fastapi import Depends


def make() -> list[int]:
    return []


async def nap() -> None:
    time.sleep(1)


def today() -> datetime.datetime:
    try:
        return datetime.datetime.now()
    except ValueError:
        raise KeyError("x")


def route(x: list[int] = Depends(make)) -> int:
    return len(x)


def control(x: list[int] = make()) -> int:
    return len(x)
'''


def _ruff(tmp_path: Path, source: str, *args: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "pyproject.toml").write_text(render_preset("ruff"), encoding="utf-8")
    (tmp_path / "probe.py").write_text(source, encoding="utf-8")
    command = [str(_tool("ruff")), "check", "--no-cache", "--config", "pyproject.toml", *args, "probe.py"]
    proc = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, check=False)
    assert proc.returncode == 1 and proc.stderr == "", proc.stderr
    return proc


def test_ruff_preset_is_a_working_ruff_config(tmp_path: Path) -> None:
    proc = _ruff(tmp_path, RUFF_PROBE, "--output-format", "json", "--extend-select", "B008")
    found = sorted((int(item["location"]["row"]), str(item["code"])) for item in json.loads(proc.stdout))
    # the preset's codes fire, and B008 (if selected) skips Depends(...) but not make()
    assert found == [(12, "ASYNC251"), (17, "DTZ005"), (19, "B904"), (26, "B008")]


NOQA_PROBE: Final = "import os\nz = 3  # noqa: F401, PX101\n"


def test_ruff_keeps_the_px_code_when_it_rewrites_a_noqa(tmp_path: Path) -> None:
    fix = ("--extend-select", "RUF100", "--diff")
    kept = _ruff(tmp_path, NOQA_PROBE, *fix).stdout
    assert "+z = 3  # noqa: PX101\n" in kept
    dropped = _ruff(tmp_path, NOQA_PROBE, *fix, "--config", "lint.external = []").stdout
    assert "+z = 3\n" in dropped  # what `external` prevents: RUF100's fix deletes the PX code


# -- flake8 and flake8-bugbear -----------------------------------------------------------------


def test_flake8_preset_selects_exactly_the_bugbear_checks() -> None:
    assert flake8_selected() == [check.code for check in checks_for(Tool.FLAKE8_BUGBEAR, CheckKind.LINT)]
    assert set(REQUIRED_BUGBEAR) <= set(flake8_selected())


def test_every_bugbear_code_of_the_preset_is_registered_by_bugbear() -> None:
    error_codes: object = vars(importlib.import_module("bugbear"))["error_codes"]
    assert isinstance(error_codes, dict)
    registered = {str(code) for code in error_codes}
    assert {"B001", "B950"} <= registered  # the table is bugbear's code registry
    assert set(flake8_selected()) <= registered, sorted(set(flake8_selected()) - registered)


def test_ruff_also_implements_every_bugbear_code_we_name() -> None:
    both = {check.code for check in CHECKS if set(check.tools) == {Tool.RUFF, Tool.FLAKE8_BUGBEAR}}
    assert both == set(flake8_selected())
    assert both <= set(ruff_selected())


def test_flake8_preset_leaves_pyexpert_opt_in_rules_off() -> None:
    """Selecting the prefix PX would turn the opt-in PX rules on: the preset never does."""
    assert not any(code.startswith(FLAKE8_PREFIX) for code in flake8_selected())


def test_immutable_calls_are_fastapi_parameter_functions() -> None:
    names = _ini_list(flake8_section()["extend-immutable-calls"])
    assert {name.removeprefix("fastapi.") for name in names} == set(FASTAPI_PARAMETER_FUNCTIONS)
    for name in FASTAPI_PARAMETER_FUNCTIONS:
        assert callable(getattr(fastapi, name)), name
        assert f"fastapi.{name}" in names and name in names
    ruff_names = ruff_lint_section().flake8_bugbear.extend_immutable_calls
    assert ruff_names == [f"fastapi.{name}" for name in FASTAPI_PARAMETER_FUNCTIONS]


FLAKE8_PROBE: Final = '''\
import abc
import functools
from typing import Optional

from fastapi import Depends
from pydantic import BaseModel


class Account(BaseModel):
    password: str
    nickname: Optional[str]


class Base(abc.ABC):
    def hook(self) -> None:
        pass


class Repo:
    @functools.lru_cache
    def find(self, key: str) -> str:
        return key


def make() -> int:
    return 1


def route(x: int = Depends(make)) -> int:
    try:
        return x
    except ValueError:
        raise KeyError("x")
'''


def _flake8(tmp_path: Path, *args: str) -> list[tuple[int, str]]:
    config = tmp_path / "setup.cfg"
    config.write_text(render_preset("flake8"), encoding="utf-8")
    (tmp_path / "probe.py").write_text(FLAKE8_PROBE, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "flake8", "--config", str(config), "--format", "%(row)d %(code)s", *args, "probe.py"],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )
    assert proc.returncode == 1 and proc.stderr == "", proc.stderr
    return sorted((int(row), code) for row, code in (line.split() for line in proc.stdout.splitlines()))


def test_flake8_preset_is_a_working_flake8_config(tmp_path: Path) -> None:
    # PX207 (on by default) runs, PX209 (opt-in) stays off, B904 (opt-in in bugbear) is on,
    # B008 does not flag Depends(...) on line 29
    assert _flake8(tmp_path) == [(10, "PX207"), (14, "B024"), (15, "B027"), (20, "B019"), (33, "B904")]


def test_without_the_immutable_calls_bugbear_flags_depends(tmp_path: Path) -> None:
    assert (29, "B008") in _flake8(tmp_path, "--extend-immutable-calls=")


# -- mypy --------------------------------------------------------------------------------------


def test_mypy_preset_ini_and_toml_say_the_same() -> None:
    ini = mypy_ini()
    toml = mypy_toml()
    assert ini["mypy"].getboolean("strict") is True and toml.mypy.strict is True
    assert _ini_list(ini["mypy"]["enable_error_code"]) == toml.mypy.enable_error_code
    assert _ini_list(ini["mypy"]["plugins"]) == toml.mypy.plugins == list(MYPY_PLUGINS)
    assert {key: ini["pydantic-mypy"].getboolean(key) for key in ini["pydantic-mypy"]} == toml.pydantic_mypy


def test_every_mypy_error_code_of_the_preset_exists_and_is_off_by_default() -> None:
    codes = _ini_list(mypy_ini()["mypy"]["enable_error_code"])
    assert codes == [check.code for check in checks_for(Tool.MYPY, CheckKind.ERROR_CODE)]
    assert set(REQUIRED_MYPY_CODES) <= set(codes)
    known = known_mypy_error_codes()
    assert any(name.startswith("pyexpert-") for name in known)  # pyexpert's own codes are there too
    assert set(codes) <= set(known), sorted(set(codes) - set(known))
    assert not [code for code in codes if known[code].default_enabled]  # enabling them is not a no-op


def test_every_mypy_option_of_the_preset_is_a_real_option() -> None:
    section = dict(mypy_ini()["mypy"])
    stderr = io.StringIO()
    results, _reports = mypy.config_parser.parse_section(
        "preset: ", mypy.options.Options(), lambda: None, section, mypy.config_parser.ini_config_types, stderr
    )
    assert stderr.getvalue() == ""
    assert results["plugins"] == list(MYPY_PLUGINS)
    assert set(section) == {"strict", "enable_error_code", "deprecated_calls_exclude", "plugins"}
    # mypy 2.4 reads this list from an ini file as single characters; mypy_pyexpert reads it
    # as the comma-separated list it is (see its plugin module)
    characters = results["deprecated_calls_exclude"]
    assert isinstance(characters, list)
    assert "".join(characters).replace("\n", "").split(",") == list(deprecated_excludes())


def test_every_pydantic_mypy_setting_of_the_preset_is_real() -> None:
    keys = set(mypy_ini()["pydantic-mypy"])
    assert keys == {check.code for check in checks_for(Tool.PYDANTIC_MYPY)}
    assert keys <= set(PydanticPluginConfig.__slots__)


MYPY_PROBE: Final = '''\
from typing import Any

from pydantic import BaseModel


class User(BaseModel):
    name: str


def make(data: dict[str, Any]) -> User:
    return User(name="a", extra=1)


x: int = "a"  # type: ignore
'''


@pytest.mark.parametrize("fmt", list(PresetFormat))
def test_mypy_preset_runs_the_real_mypy_with_both_plugins(tmp_path: Path, fmt: PresetFormat) -> None:
    config = tmp_path / ("pyproject.toml" if fmt is PresetFormat.TOML else "mypy.ini")
    config.write_text(render_preset("mypy", fmt.value), encoding="utf-8")
    (tmp_path / "probe.py").write_text(MYPY_PROBE, encoding="utf-8")
    result = run_mypy(["probe.py"], cwd=tmp_path, config_file=config, cache_dir=tmp_path / "cache")
    assert result.returncode == 1 and result.stderr == "", result.stderr
    found = sorted((finding.line, finding.code) for finding in result.findings)
    # mypy_pyexpert is loaded (PX101), pydantic.mypy reads its section (init_forbid_extra makes
    # the unknown keyword an error), enable_error_code is applied (ignore-without-code: mypy
    # reports it without a column, so it is read from the raw output)
    assert found == [(10, "PX101"), (11, "mypy:call-arg")]
    assert re.search(r"^probe\.py:14: error: .*\[ignore-without-code\]$", result.stdout, re.MULTILINE), result.stdout


# -- the data and the command ------------------------------------------------------------------


def test_items_state_each_item_of_the_standard_once_in_order() -> None:
    assert [statement.item for statement in ITEMS] == list(StandardItem)


def test_every_item_is_enforced_by_some_code() -> None:
    for item in StandardItem:
        ours = [rule for rule in registry() if rule.standard is item]
        theirs = [check for check in CHECKS if check.standard is item]
        assert ours or theirs, item


def test_codes_are_unique_per_tool() -> None:
    for tool in Tool:
        codes = [check.code for check in checks_for(tool)]
        assert len(codes) == len(set(codes)), tool


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.code)
def test_external_checks_round_trip(check: ExternalCheck) -> None:
    assert ExternalCheck.model_validate_json(check.model_dump_json()) == check
    assert ExternalCheck.model_validate(check.model_dump()) == check


@pytest.mark.parametrize("statement", ITEMS, ids=lambda statement: statement.item.value)
def test_item_statements_round_trip(statement: ItemStatement) -> None:
    assert ItemStatement.model_validate_json(statement.model_dump_json()) == statement


_CODES: Final = {
    CheckKind.LINT: st.from_regex(r"[A-Z]{1,5}[0-9]{3}", fullmatch=True),
    CheckKind.ERROR_CODE: st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,6}){0,3}", fullmatch=True),
    CheckKind.SETTING: st.from_regex(r"[a-z][a-z0-9_]{0,20}", fullmatch=True),
}
_TOOLS: Final = {
    CheckKind.LINT: st.sampled_from([(Tool.RUFF,), (Tool.FLAKE8_BUGBEAR,), (Tool.RUFF, Tool.FLAKE8_BUGBEAR)]),
    CheckKind.ERROR_CODE: st.just((Tool.MYPY,)),
    CheckKind.SETTING: st.sampled_from([(Tool.MYPY,), (Tool.PYDANTIC_MYPY,)]),
}
_DESCRIPTIONS: Final = st.text(st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=30).filter(
    lambda text: text.strip() != ""
)


@st.composite
def external_checks(draw: st.DrawFn) -> ExternalCheck:
    kind = draw(st.sampled_from(list(CheckKind)))
    return ExternalCheck(
        code=draw(_CODES[kind]),
        kind=kind,
        tools=draw(_TOOLS[kind]),
        standard=draw(st.sampled_from(list(StandardItem))),
        description=draw(_DESCRIPTIONS),
    )


@given(external_checks())
def test_any_valid_external_check_round_trips_through_json(check: ExternalCheck) -> None:
    assert ExternalCheck.model_validate_json(check.model_dump_json()) == check


@given(external_checks(), st.sampled_from(list(CheckKind)))
def test_a_code_of_another_kind_or_tool_is_rejected(check: ExternalCheck, kind: CheckKind) -> None:
    data = {**check.model_dump(), "kind": kind}
    fits = bool(re.fullmatch(_pattern(kind), check.code)) and _tools_fit(kind, check.tools)
    if fits:
        assert ExternalCheck.model_validate(data).kind is kind
    else:
        with pytest.raises(ValidationError):
            ExternalCheck.model_validate(data)


def _pattern(kind: CheckKind) -> str:
    return {
        CheckKind.LINT: r"[A-Z]+[0-9]{3}",
        CheckKind.ERROR_CODE: r"[a-z][a-z0-9]*(-[a-z0-9]+)*",
        CheckKind.SETTING: r"[a-z][a-z0-9_]*",
    }[kind]


def _tools_fit(kind: CheckKind, tools: tuple[Tool, ...]) -> bool:
    if kind is CheckKind.LINT:
        return set(tools) <= {Tool.RUFF, Tool.FLAKE8_BUGBEAR}
    if kind is CheckKind.ERROR_CODE:
        return tools == (Tool.MYPY,)
    return len(tools) == 1 and tools[0] in (Tool.MYPY, Tool.PYDANTIC_MYPY)


def test_a_tool_listed_twice_or_a_multi_line_description_is_rejected() -> None:
    check = checks_for(Tool.RUFF)[0]
    with pytest.raises(ValidationError):
        ExternalCheck.model_validate({**check.model_dump(), "tools": (Tool.RUFF, Tool.RUFF)})
    with pytest.raises(ValidationError):
        ExternalCheck.model_validate({**check.model_dump(), "description": "one\ntwo"})
    with pytest.raises(ValidationError):
        ExternalCheck.model_validate({**check.model_dump(), "severity": "high"})


@pytest.mark.parametrize("tool", list(PresetTool), ids=str)
def test_cli_prints_the_preset(capsys: pytest.CaptureFixture[str], tool: PresetTool) -> None:
    for fmt in preset_formats(tool):
        assert main(["preset", tool.value, "--format", fmt.value]) == 0
        captured = capsys.readouterr()
        assert captured.out == render_preset(tool.value, fmt.value) and captured.err == ""
    assert main(["preset", tool.value.upper()]) == 0
    assert capsys.readouterr().out == render_preset(tool.value, preset_formats(tool)[0].value)


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["preset", "pylint"], "unknown tool 'pylint'"),
        (["preset", ""], "unknown tool ''"),
        (["preset", "flake8", "--format", "toml"], "the flake8 preset is printed as ini"),
        (["preset", "ruff", "--format", "ini"], "the ruff preset is printed as toml"),
        (["preset", "mypy", "--format", "yaml"], "the mypy preset is printed as ini, toml"),
    ],
)
def test_cli_rejects_unknown_tools_and_formats_in_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], needle: str
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and captured.err.startswith(f"pyexpert: error: {needle}")
    assert "Traceback" not in captured.err


def test_render_preset_raises_its_own_error() -> None:
    with pytest.raises(UnknownPresetError, match="expected one of ruff, flake8, mypy"):
        render_preset("black")


def test_console_script_prints_the_preset() -> None:
    proc = subprocess.run([str(_tool("pyexpert")), "preset", "mypy"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and proc.stderr == ""
    assert proc.stdout == render_preset("mypy")

"""The mypy plugin's configuration, error codes, cache fingerprint and reporting scope."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

import pytest

import mypy_pyexpert
from mypy.version import __version__ as MYPY_VERSION

from expectations import MYPY_DAEMON_SUPPORTED, MYPY_OUTPUT_FLAGS, Dmypy, Finding, MypyResult, run_mypy
from mypy_pyexpert.mypy_api import release
from mypy_pyexpert.safety import DEBUG_ENV

SOURCE: Final = '''\
from typing import Any

from pydantic import BaseModel


class User(BaseModel):
    email: str


def save(row: object) -> None:
    print(row)


def _private(payload: dict[str, Any]) -> None:
    print(payload)


def parse(data: dict[str, str], user: User) -> User:
    save(user.model_dump())
    ignored = User(**data)  # type: ignore[pyexpert-unvalidated-unpack]
    print(ignored)
    return User(**data)
'''
#: mypy before 1.19 checks the codes of enable_error_code/disable_error_code before it loads plugins.
MYPY_REJECTS_PLUGIN_CODES: Final = (release(MYPY_VERSION) or (0, 0)) < (1, 19)
PRIVATE_LINE: Final = 14
DUMP_LINE: Final = 19
UNPACK_LINE: Final = 22


@pytest.fixture(autouse=True)
def _debug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DEBUG_ENV, "1")


def _project(tmp_path: Path, config_name: str, config: str) -> tuple[Path, Path]:
    module = tmp_path / "app.py"
    module.write_text(SOURCE)
    config_file = tmp_path / config_name
    config_file.write_text(config)
    return module, config_file


def _run(tmp_path: Path, config_name: str, config: str, *, check: bool = True) -> MypyResult:
    module, config_file = _project(tmp_path, config_name, config)
    return run_mypy([module], cwd=tmp_path, config_file=config_file, check=check)


def _codes(findings: list[Finding]) -> set[tuple[int, str]]:
    return {(f.line, f.code) for f in findings}


@pytest.mark.parametrize(
    ("section", "mentions"),
    [
        ("check_privat = false", "check_privat"),
        ("check_private = perhaps", "perhaps"),
    ],
)
def test_bad_config_stops_mypy_with_one_clear_line(tmp_path: Path, section: str, mentions: str) -> None:
    result = _run(tmp_path, "mypy.ini", f"[mypy]\nplugins = mypy_pyexpert\n\n[pyexpert-mypy]\n{section}\n", check=False)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if "pyexpert" in line]
    assert len(lines) == 1, result.stderr
    assert mentions in lines[0] and "[pyexpert-mypy]" in lines[0]


def test_defaults_report_unpack_and_private_and_honour_type_ignore(tmp_path: Path) -> None:
    result = _run(tmp_path, "mypy.ini", "[mypy]\nplugins = mypy_pyexpert\n")
    # PX106 is opt-in: silent unless enabled; the `# type: ignore[...]` line stays clean
    assert _codes(result.findings) == {(PRIVATE_LINE, "PX101"), (UNPACK_LINE, "PX105")}


def test_mypys_own_switches_work_from_mypy_1_19_and_are_rejected_before(tmp_path: Path) -> None:
    config = (
        "[mypy]\nplugins = mypy_pyexpert\n"
        "enable_error_code = pyexpert-dumped-model-as-data\n"
        "disable_error_code = pyexpert-raw-dict-param\n"
    )
    result = _run(tmp_path, "mypy.ini", config)
    if MYPY_REJECTS_PLUGIN_CODES:  # it checks these codes before it loads plugins (as the docs say)
        assert "Invalid error code" in result.stdout + result.stderr
        assert _codes(result.findings) == {(PRIVATE_LINE, "PX101"), (UNPACK_LINE, "PX105")}
    else:
        assert "Invalid error code" not in result.stdout + result.stderr
        assert _codes(result.findings) == {(DUMP_LINE, "PX106"), (UNPACK_LINE, "PX105")}


@pytest.mark.parametrize(
    ("enable", "disable"),
    [("PX106", "PX101"), ("dumped-model-as-data", "raw-dict-param"), ("pyexpert-dumped-model-as-data", "px101")],
)
def test_the_plugins_own_switches_enable_and_disable_rules(tmp_path: Path, enable: str, disable: str) -> None:
    config = f"[mypy]\nplugins = mypy_pyexpert\n\n[pyexpert-mypy]\nenable = {enable}\ndisable = {disable}\n"
    result = _run(tmp_path, "mypy.ini", config)
    assert _codes(result.findings) == {(DUMP_LINE, "PX106"), (UNPACK_LINE, "PX105")}


def test_a_per_module_section_still_applies_over_the_switches(tmp_path: Path) -> None:
    config = (
        "[mypy]\nplugins = mypy_pyexpert\n\n[mypy-app]\nignore_errors = true\n\n"
        "[pyexpert-mypy]\nenable = PX106\n"
    )
    assert _run(tmp_path, "mypy.ini", config).findings == []


@pytest.mark.parametrize(
    ("section", "mentions"),
    [
        ("enable = PX208", "PX208 is a flake8 rule"),
        ("disable = PX999", "'PX999' is not a pyexpert rule"),
        ("enable = PX106\ndisable = dumped-model-as-data", "enable and disable both name PX106"),
    ],
)
def test_bad_switches_stop_mypy_with_one_line(tmp_path: Path, section: str, mentions: str) -> None:
    result = _run(tmp_path, "mypy.ini", f"[mypy]\nplugins = mypy_pyexpert\n\n[pyexpert-mypy]\n{section}\n", check=False)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if "pyexpert" in line]
    assert len(lines) == 1 and mentions in lines[0], result.stderr


@pytest.mark.skipif(not MYPY_DAEMON_SUPPORTED, reason="the plugin refuses dmypy on mypy 1.x (test_mypy_version.py)")
def test_the_switches_work_under_dmypy(tmp_path: Path) -> None:
    config = "[mypy]\nplugins = mypy_pyexpert\n\n[pyexpert-mypy]\nenable = PX106\n"
    module, config_file = _project(tmp_path, "mypy.ini", config)
    daemon = Dmypy(tmp_path, ["--config-file", str(config_file), *MYPY_OUTPUT_FLAGS], [str(module)])
    try:
        first = daemon.run()
        module.write_text(SOURCE + "\n")  # an edit: the daemon rechecks the module
        second = daemon.run()
    finally:
        daemon.stop()
    expected = {(PRIVATE_LINE, "PX101"), (DUMP_LINE, "PX106"), (UNPACK_LINE, "PX105")}
    assert _codes(first) == expected and _codes(second) == expected


def test_pyproject_section(tmp_path: Path) -> None:
    config = '[tool.mypy]\nplugins = ["mypy_pyexpert"]\n\n[tool.pyexpert-mypy]\ncheck_private = false\n'
    result = _run(tmp_path, "pyproject.toml", config)
    assert _codes(result.findings) == {(UNPACK_LINE, "PX105")}


def test_pyproject_section_is_strict(tmp_path: Path) -> None:
    config = '[tool.mypy]\nplugins = ["mypy_pyexpert"]\n\n[tool.pyexpert-mypy]\nnot_an_option = 1\n'
    result = _run(tmp_path, "pyproject.toml", config, check=False)
    assert result.returncode == 2
    assert "not_an_option" in result.stderr and "Traceback" not in result.stderr


def test_settings_change_on_a_warm_cache_rechecks(tmp_path: Path) -> None:
    """report_config_data carries the settings: a changed option never replays stale errors."""
    module, config_file = _project(tmp_path, "mypy.ini", "[mypy]\nplugins = mypy_pyexpert\n")
    cache = tmp_path / "cache"

    def findings(check_private: str) -> set[tuple[int, str]]:
        config_file.write_text(f"[mypy]\nplugins = mypy_pyexpert\n\n[pyexpert-mypy]\ncheck_private = {check_private}\n")
        return _codes(run_mypy([module], cwd=tmp_path, config_file=config_file, cache_dir=cache).findings)

    with_private = {(PRIVATE_LINE, "PX101"), (UNPACK_LINE, "PX105")}
    assert findings("true") == with_private
    assert findings("false") == {(UNPACK_LINE, "PX105")}
    assert findings("true") == with_private


def test_version_follows_plugin_sources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache fingerprint (``__version__``) changes when any plugin source file changes."""
    assert mypy_pyexpert.__version__.startswith(mypy_pyexpert._source_version().split("+")[0])
    package = tmp_path / "mypy_pyexpert"
    (package / "rules").mkdir(parents=True)
    rule = package / "rules" / "some_rule.py"
    rule.write_text("X = 1\n")
    (package / "__init__.py").write_text("")
    monkeypatch.setattr(mypy_pyexpert, "_PACKAGES", (package,))

    def version() -> str:
        mypy_pyexpert._source_version.cache_clear()
        return str(mypy_pyexpert.__version__)

    try:
        first = version()
        assert version() == first  # stable while nothing changes
        written = rule.stat().st_mtime_ns
        rule.write_text("X = 2\n")  # same size: the modification time tells (set: a coarse clock may not move)
        os.utime(rule, ns=(written + 1_000_000, written + 1_000_000))
        edited = version()
        assert edited != first
        (package / "rules" / "new_rule.py").write_text("")
        assert version() not in (first, edited)  # a new file counts too
    finally:
        mypy_pyexpert._source_version.cache_clear()


HELPER: Final = '''\
from typing import Any

from pydantic import BaseModel


class Record(BaseModel):
    name: str


def store(row: object) -> None:
    print(row)


def build(data: dict[str, Any]) -> Record:
    return Record(**data)
'''

CHECKED: Final = '''\
from helperpkg.core import Record, build, store


def run(record: Record) -> Record:
    store(record.model_dump())  # a silenced module is not project code: not PX106
    return build({"name": "x"})


def local_store(row: object) -> None:
    print(row)


def run_local(record: Record) -> None:
    local_store(record.model_dump())
'''


@pytest.mark.parametrize("silencing", ["follow_imports = silent", "ignore_errors = True"])
def test_only_checked_files_are_reported(tmp_path: Path, silencing: str) -> None:
    """A helper package on MYPYPATH that mypy silences: its violations are never reported."""
    helper = tmp_path / "lib" / "helperpkg"
    helper.mkdir(parents=True)
    (helper / "__init__.py").write_text("")
    (helper / "core.py").write_text(HELPER)
    src = tmp_path / "src"
    src.mkdir()
    checked = src / "checked.py"
    checked.write_text(CHECKED)
    config = tmp_path / "mypy.ini"
    config.write_text(
        f"[mypy]\nplugins = mypy_pyexpert\nmypy_path = {tmp_path / 'lib'}\n\n[mypy-helperpkg.*]\n{silencing}\n"
        "\n[pyexpert-mypy]\nenable = PX106\n"
    )
    cache = tmp_path / "cache"
    for _ in ("cold", "warm"):
        result = run_mypy([checked], cwd=tmp_path, config_file=config, cache_dir=cache)
        assert {(Path(f.path).name, f.line, f.code) for f in result.findings} == {("checked.py", 14, "PX106")}


@pytest.mark.parametrize("pattern", [".*", "", "x?"])
def test_a_mixin_pattern_matching_an_empty_name_is_an_error_as_in_flake8(tmp_path: Path, pattern: str) -> None:
    from mypy_pyexpert.config import ConfigError, parse_settings

    config = tmp_path / "mypy.ini"
    config.write_text(f"[mypy]\n[pyexpert-mypy]\nmixin_pattern = {pattern}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="mixin_pattern: .* matches an empty name"):
        parse_settings(str(config))


@pytest.mark.parametrize(
    ("config_name", "config", "shown"),
    [
        ("mypy.ini", "[mypy]\nplugins = mypy_pyexpert\n\n[pyexpert_mypy]\ncheck_private = false\n", "[pyexpert_mypy]"),
        ("mypy.ini", "[mypy]\nplugins = mypy_pyexpert\n\n[pyexpert]\nenable = PX106\n", "[pyexpert]"),
        ("pyproject.toml", '[tool.mypy]\nplugins = ["mypy_pyexpert"]\n\n[tool.pyexpert_mypy]\ncheck_private = false\n',
         "[tool.pyexpert_mypy]"),
    ],
)
def test_a_misspelt_section_stops_mypy_naming_the_right_one(
    tmp_path: Path, config_name: str, config: str, shown: str
) -> None:
    result = _run(tmp_path, config_name, config, check=False)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if "pyexpert" in line]
    assert len(lines) == 1 and f"{shown} is not a section pyexpert reads" in lines[0], result.stderr
    assert "did you mean [pyexpert-mypy]" in lines[0] or "did you mean [tool.pyexpert-mypy]" in lines[0]


def test_default_section_keys_are_not_the_plugins(tmp_path: Path) -> None:
    # mypy itself only warns about a [DEFAULT] key; the plugin must not reject it as its own
    config = "[DEFAULT]\nshared = 1\n\n[mypy]\nplugins = mypy_pyexpert\n\n[pyexpert-mypy]\ncheck_private = false\n"
    result = _run(tmp_path, "mypy.ini", config)
    assert result.returncode == 1 and "mypy_pyexpert: error" not in result.stderr
    assert _codes(result.findings) == {(UNPACK_LINE, "PX105")}  # check_private = false was read

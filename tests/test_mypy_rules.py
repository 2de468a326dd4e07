"""The mypy rules, through the real mypy with ``plugins = mypy_pyexpert``.

One mypy run over the whole ``tests/fixtures/mypy/`` directory (every fixture file and package,
whichever rule it is for) is compared exactly with the ``# expect:`` comments; a few small extra
runs prove configuration: ``disable = PX101`` and ``check_private = false``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Final

import pytest

from mypy_pyexpert.safety import DEBUG_ENV
from expectations import Finding, MypyResult, assert_matches, run_mypy

FIXTURES: Final = Path(__file__).resolve().parent / "fixtures" / "mypy"

BASE_CONFIG: Final = "[mypy]\nplugins = mypy_pyexpert\n"
SWITCHES: Final = "\n[pyexpert-mypy]\nenable = PX106\n"


#: Fixtures of rules that are off until an option is set; tests/test_mypy_class_rules.py runs them
#: with it (PX401 needs exception_bases). Left out of the shared run, which sets no option.
CONFIGURED_FIXTURES: Final = r"(^|/)px401_"


def _fixture_files() -> list[Path]:
    return sorted(
        path
        for path in FIXTURES.rglob("*.py*")
        if path.suffix in {".py", ".pyi"} and not re.search(CONFIGURED_FIXTURES, path.relative_to(FIXTURES).as_posix())
    )


def _run(tmp: Path, config: str, paths: list[Path | str]) -> MypyResult:
    config_file = tmp / "mypy.ini"
    config_file.write_text(config, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DEBUG_ENV, "1")  # a bug in a rule fails the run instead of hiding
        return run_mypy(
            paths,
            cwd=FIXTURES,
            config_file=config_file,
            cache_dir=tmp / "cache",
            args=["--exclude", CONFIGURED_FIXTURES],
        )


@pytest.fixture(scope="module")
def fixture_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MypyResult]:
    yield _run(tmp_path_factory.mktemp("mypy-fixtures"), BASE_CONFIG + SWITCHES, ["."])


def _messages(findings: list[Finding], name: str) -> dict[int, list[str]]:
    by_line: dict[int, list[str]] = {}
    for finding in findings:
        if Path(finding.path).name == name:
            by_line.setdefault(finding.line, []).append(finding.message)
    return by_line


def test_fixtures_match_expectations(fixture_run: MypyResult) -> None:
    assert fixture_run.returncode in (0, 1), fixture_run.stderr
    assert_matches(_fixture_files(), fixture_run.findings)


def test_every_px1_type_rule_has_fixture_findings(fixture_run: MypyResult) -> None:
    codes = {finding.code for finding in fixture_run.findings}
    assert {"PX101", "PX102", "PX103"} <= codes


def _line_of(path: Path, text: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


@pytest.mark.parametrize(
    ("name", "needle", "message"),
    [
        (
            "px101_raw_dict_param.py",
            "def plain(payload",
            "Parameter 'payload' is a raw dict (dict[str, Any]); model it as a Pydantic model or TypedDict",
        ),
        (
            "px101_raw_dict_param.py",
            "def via_generic_alias(",
            "Parameter 'payload' is a raw dict (dict[str, Any] via alias JSONMap); "
            "model it as a Pydantic model or TypedDict",
        ),
        (
            "px101_raw_dict_param.py",
            "JSONDict = dict[str, Any]",
            "Type alias 'JSONDict' names a raw dict (dict[str, Any]), used in 5 signatures or fields of this "
            "module; model it as a Pydantic model or TypedDict",
        ),
        (
            "px101_raw_dict_param.py",
            "JSON = Union[",
            "Type alias 'JSON' names a raw dict (dict[str, JSON]), used in 2 signatures or fields of this module; "
            "model it as a Pydantic model or TypedDict",
        ),
        (
            "px101_raw_dict_param.py",
            "def typing_default_dict(",
            "Parameter 'payload' is a raw dict (defaultdict[str, Any]); model it as a Pydantic model or TypedDict",
        ),
        (
            "px102_raw_dict_return.py",
            "async def stream()",
            "Function 'stream' returns a raw dict (dict[str, Any]); return a Pydantic model or TypedDict",
        ),
        (
            "aliases.py",
            "JSONDict = dict[str, Any]",
            "Type alias 'JSONDict' names a raw dict (dict[str, Any]), used in no signature or field of this "
            "module; model it as a Pydantic model or TypedDict",
        ),
    ],
)
def test_messages_name_the_resolved_type_and_alias(
    fixture_run: MypyResult, name: str, needle: str, message: str
) -> None:
    path = next(path for path in _fixture_files() if path.name == name)
    assert _messages(fixture_run.findings, name).get(_line_of(path, needle)) == [message]


def test_one_finding_per_parameter(fixture_run: MypyResult) -> None:
    # two raw dicts in one annotation (each analysed by the hook): still one finding
    path = FIXTURES / "px101_raw_dict_param.py"
    line = _line_of(path, "def two_dicts_in_one(")
    assert len(_messages(fixture_run.findings, path.name)[line]) == 1


def test_disable_turns_off_only_that_rule(tmp_path: Path) -> None:
    config = BASE_CONFIG + "\n[pyexpert-mypy]\ndisable = PX101\n"
    result = _run(tmp_path, config, ["px102_raw_dict_return.py"])
    codes = [finding.code for finding in result.findings]
    assert "PX101" not in codes
    assert codes.count("PX102") >= 10


_PRIVATE_SOURCE: Final = '''\
from typing import Any


def _helper(payload: dict[str, Any]) -> dict[str, Any]:
    return payload


def public(payload: dict[str, Any]) -> None:
    print(payload)


class Service:
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options

    def _load(self) -> dict[str, Any]:
        return self.options

    def __private(self, payload: dict[str, Any]) -> None:
        print(payload)
'''


@pytest.mark.parametrize(("check_private", "expected"), [("true", 6), ("false", 2)])
def test_check_private_option(tmp_path: Path, check_private: str, expected: int) -> None:
    source = tmp_path / "private_mod.py"
    source.write_text(_PRIVATE_SOURCE, encoding="utf-8")
    config = BASE_CONFIG + f"\n[pyexpert-mypy]\ncheck_private = {check_private}\n"
    result = _run(tmp_path, config, [source])
    findings = [(finding.line, finding.code) for finding in result.findings]
    assert len(findings) == expected, result.stdout
    assert (8, "PX101") in findings  # public()
    assert (13, "PX101") in findings  # __init__ (a dunder is not private)


@pytest.mark.skipif(sys.version_info < (3, 12), reason="the `type` statement needs Python 3.12 to parse")
def test_type_statement_alias_is_reported_once(tmp_path: Path) -> None:
    source = (
        "from typing import Any\n\n"
        "type Payload = dict[str, Any]  # expect: PX107\n\n\n"
        "def handle(payload: Payload) -> Payload:\n    return payload\n"
    )
    module = tmp_path / "aliases312.py"
    module.write_text(source, encoding="utf-8")
    result = _run(tmp_path, BASE_CONFIG, [str(module)])
    assert_matches([module], result.findings)

"""PX204 v1-model-method against mypy's own ``deprecated`` error code, and in both plugin orders.

The fixture package ``tests/fixtures/mypy/px204_pkg`` is a v2 app (``app.py``) that calls v1
methods on models defined in another module (``models.py``) and subclassed in a third
(``accounts.py``), reached through functions' return types. mypy's ``deprecated`` code reports
every use of a member pydantic marks ``@deprecated``; PX204 must report at least those call
sites (it may report more, never fewer), except in Pydantic v1 compatibility branches (``if
PYDANTIC_V1:``), where the v1 API is written on purpose and PX204, like every PX2 rule, stays
silent while ``deprecated`` does not know better. pydantic.mypy claims ``get_method_hook`` for
``*.from_orm``: PX204 must find the same calls with pydantic.mypy listed before or after it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Final

import pytest

from expectations import Finding, MypyResult, assert_matches, run_mypy
from mypy_pyexpert.safety import DEBUG_ENV
from mypy_pyexpert.rules.px204_v1_model_method import FIXES
from pyexpert_core.compat import compat_regions

FIXTURES: Final = Path(__file__).resolve().parent / "fixtures" / "mypy"
PACKAGE: Final = FIXTURES / "px204_pkg"
SINGLE: Final = FIXTURES / "px204_v1_model_method.py"
SUPPRESSED: Final = "type: ignore[pyexpert-v1-model-method]"

#: mypy's message for a deprecated pydantic (or SQLModel) member: "function
#: pydantic.main.BaseModel.dict is deprecated: ...".
DEPRECATED_RE: Final = re.compile(
    r"\b(?:pydantic|sqlmodel)\.[\w.]*\.(?P<member>" + "|".join(map(re.escape, FIXES)) + r") is deprecated"
)

Site = tuple[str, int]


def _run(tmp: Path, plugins: str, paths: list[Path | str], args: tuple[str, ...] = ()) -> MypyResult:
    config = tmp / "mypy.ini"
    config.write_text(f"[mypy]\nplugins = {plugins}\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DEBUG_ENV, "1")
        return run_mypy(paths, cwd=FIXTURES, config_file=config, cache_dir=tmp / "cache", args=args)


def _sites(findings: list[Finding], code: str) -> set[Site]:
    return {(Path(f.path).name, f.line) for f in findings if f.code == code}


def _deprecated_pydantic_sites(findings: list[Finding]) -> set[Site]:
    return {
        (Path(f.path).name, f.line)
        for f in findings
        if f.code == "mypy:deprecated" and DEPRECATED_RE.search(f.message)
    }


def _compat_sites(path: Path) -> set[Site]:
    """The lines of a file inside a Pydantic v1 compatibility branch."""
    regions = compat_regions(ast.parse(path.read_text(encoding="utf-8")))
    return {(path.name, line) for (first, _), (last, _) in regions.spans for line in range(first, last + 1)}


def _suppressed_sites(path: Path) -> set[Site]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {(path.name, number) for number, line in enumerate(lines, start=1) if SUPPRESSED in line}


def _package_files() -> list[Path]:
    return sorted(PACKAGE.glob("*.py"))


def test_px204_finds_every_call_mypy_reports_deprecated(tmp_path: Path) -> None:
    result = _run(tmp_path, "mypy_pyexpert", ["px204_pkg", SINGLE.name], ("--enable-error-code", "deprecated"))
    deprecated = _deprecated_pydantic_sites(result.findings) - _suppressed_sites(SINGLE) - _compat_sites(SINGLE)
    assert _deprecated_pydantic_sites(result.findings) & _compat_sites(SINGLE), "the fixture has compat branches"
    px204 = _sites(result.findings, "PX204")
    # the comparison is meaningful: mypy reports the package's v1 calls, in app.py and beyond
    # (mypy itself loses a few: a deprecated call inside a return or an argument that mypy
    # infers in two type contexts is not reported; PX204 reports those too)
    assert len({site for site in deprecated if site[0] == "app.py"}) >= 7, result.stdout
    assert len(deprecated) >= 30, result.stdout
    assert deprecated <= px204, "deprecated but not PX204: " + repr(sorted(deprecated - px204))


def test_px204_messages_name_the_v2_replacement(tmp_path: Path) -> None:
    result = _run(tmp_path, "mypy_pyexpert", ["px204_pkg"])
    messages = {f.message for f in result.findings if f.code == "PX204"}
    assert "'Account.from_orm' is Pydantic v1 API, deprecated in v2; use model_validate(..., from_attributes=True)" in {
        message.split("  [")[0] for message in messages
    }, messages
    assert any("'AccountPage.__fields__'" in message and "use model_fields" in message for message in messages)


@pytest.fixture(scope="module")
def both_orders(tmp_path_factory: pytest.TempPathFactory) -> tuple[MypyResult, MypyResult]:
    first = _run(tmp_path_factory.mktemp("pydantic-first"), "pydantic.mypy, mypy_pyexpert", ["px204_pkg"])
    last = _run(tmp_path_factory.mktemp("pydantic-last"), "mypy_pyexpert, pydantic.mypy", ["px204_pkg"])
    return first, last


def test_same_px204_findings_in_both_plugin_orders(both_orders: tuple[MypyResult, MypyResult]) -> None:
    first, last = both_orders

    def px204(result: MypyResult) -> set[tuple[str, int, str]]:
        return {(Path(f.path).name, f.line, f.message) for f in result.findings if f.code == "PX204"}

    assert px204(first) == px204(last)
    assert any("from_orm" in message for _, _, message in px204(first)), first.stdout


@pytest.mark.parametrize("order", [0, 1], ids=["pydantic-first", "pydantic-last"])
def test_package_expectations_hold_with_pydantic_plugin(
    both_orders: tuple[MypyResult, MypyResult], order: int
) -> None:
    result = both_orders[order]
    assert result.returncode in (0, 1), result.stderr
    assert_matches(_package_files(), result.findings)

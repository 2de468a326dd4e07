"""``pyexpert fix`` on fixture pairs (``tests/fixtures/fix/<case>/before.py`` -> ``after.py``),
checked exactly, through the real flake8 and mypy.

Each ``before.py`` holds fixed cases next to cases that must be left alone (a ``.dict()`` on a
plain object beside a model's); a line marked ``# not-fixable: PXnnn`` must be reported not
fixable, and no other finding may be. The cases run together in one project (one detection per
round for all of them); the unsafe fixes in ``unsafe/`` are left alone without
``--unsafe-fixes`` and applied with it. The catalog's fix examples (``pyexpert explain`` shows
them) are checked the same way. That a second run changes nothing is a property
(``tests/test_fix_properties.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import pytest

from fixing import FIXTURES, fix_in, not_fixable_marks, write_project
from pyexpert_core.fix.engine import FixReport, FixStatus
from pyexpert_core.registry import registry

CASES: Final = sorted(path.name for path in FIXTURES.iterdir() if (path / "before.py").is_file())


def _before(case: str) -> str:
    return (FIXTURES / case / "before.py").read_text(encoding="utf-8")


def _after(case: str) -> str:
    return (FIXTURES / case / "after.py").read_text(encoding="utf-8")


class Run:
    def __init__(self, root: Path, report: FixReport) -> None:
        self.root = root
        self.report = report

    def text(self, case: str) -> str:
        return (self.root / f"{case}.py").read_text(encoding="utf-8")


FIXABLE: Final = [rule for rule in registry() if rule.fix is not None]


def _example(code: str) -> str:
    return f"catalog_{code.lower()}.py"


@pytest.fixture(scope="module")
def safe_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The cases and the catalog's fix examples (all safe), fixed in one project."""
    root = tmp_path_factory.mktemp("fix")
    files = {f"{case}.py": _before(case) for case in CASES}
    files |= {_example(rule.code): rule.fix_example[0] for rule in FIXABLE}
    write_project(root, files)
    return Run(root, fix_in(root, sorted(files)))


@pytest.mark.parametrize("case", [case for case in CASES if case != "unsafe"])
def test_fixture_pair(safe_run: Run, case: str) -> None:
    assert safe_run.text(case) == _after(case)


@pytest.mark.parametrize("case", CASES)
def test_not_fixable_findings_are_the_marked_lines(safe_run: Run, case: str) -> None:
    reported = {
        (result.finding.line, result.finding.code)
        for result in safe_run.report.with_status(FixStatus.NOT_FIXABLE)
        if result.finding.path == f"{case}.py"
    }
    assert reported == not_fixable_marks(safe_run.text(case))  # positions in the fixed file


def test_every_reason_is_given(safe_run: Run) -> None:
    assert all(result.detail for result in safe_run.report.results)


def test_unsafe_fixes_wait_for_the_flag(safe_run: Run, tmp_path: Path) -> None:
    assert safe_run.text("unsafe") == _before("unsafe")
    unsafe = safe_run.report.with_status(FixStatus.UNSAFE)
    assert {(r.finding.path, r.finding.code) for r in unsafe} == {("unsafe.py", "PX201"), ("unsafe.py", "PX204")}
    write_project(tmp_path, {"unsafe.py": _before("unsafe")})
    report = fix_in(tmp_path, ["unsafe.py"], unsafe=True)
    assert (tmp_path / "unsafe.py").read_text(encoding="utf-8") == _after("unsafe")
    assert {r.status for r in report.results} == {FixStatus.FIXED}


@pytest.mark.parametrize("code", [rule.code for rule in FIXABLE])
def test_the_catalog_fix_example(safe_run: Run, code: str) -> None:
    before, after = registry().by_code(code).fix_example
    assert (safe_run.root / _example(code)).read_text(encoding="utf-8") == after
    results = [r for r in safe_run.report.results if r.finding.path == _example(code)]
    assert results and all(result.status is FixStatus.FIXED for result in results)
    assert before != after

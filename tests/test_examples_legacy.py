"""The Pydantic-v1-era module ``examples/legacy/v1_models.py`` through the real tools.

Every line a pyexpert rule flags is marked ``# expect: PXnnn``. flake8 (all ``PX`` rules,
the opt-in ones included) must report exactly the marked flake8 rules; mypy, with the example's
own configuration (``examples/mypy.ini``: strict, ``pydantic.mypy`` and ``mypy_pyexpert``),
must report exactly the marked mypy rules (PX204 on ``.dict()``/``.json()``/``.parse_obj()``/
``.from_orm()`` among them). mypy's own errors are not compared: v1 code does not type-check
against Pydantic v2, which is the point of the module.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from expectations import Expectation, expectations_in, mismatches, run_flake8, run_mypy
from pyexpert_core.catalog import Checker
from pyexpert_core.registry import registry

EXAMPLES: Final = Path(__file__).resolve().parent.parent / "examples"
LEGACY: Final = EXAMPLES / "legacy" / "v1_models.py"


def _expected(checker: Checker) -> list[Expectation]:
    return [exp for exp in expectations_in(LEGACY) if registry().by_code(exp.code).checker is checker]


def test_legacy_module_shows_the_v1_rules() -> None:
    codes = {exp.code for exp in expectations_in(LEGACY)}
    assert {"PX201", "PX202", "PX203", "PX204", "PX205", "PX206"} <= codes, sorted(codes)


def test_flake8_reports_the_expected_findings() -> None:
    findings = run_flake8([LEGACY], cwd=EXAMPLES)
    problems = mismatches(_expected(Checker.FLAKE8), findings)
    assert not problems, "\n".join(problems)


def test_mypy_reports_the_expected_findings(tmp_path: Path) -> None:
    result = run_mypy([LEGACY], cwd=EXAMPLES, config_file=EXAMPLES / "mypy.ini", cache_dir=tmp_path / "cache")
    assert result.findings, result.stdout + result.stderr  # mypy ran and checked the module
    pyexpert = [finding for finding in result.findings if finding.code.startswith("PX")]
    problems = mismatches(_expected(Checker.MYPY), pyexpert)
    assert not problems, "\n".join(problems)

"""The flake8 rules, through the real flake8 (entry point, option parsing, ``# noqa``).

One flake8 run over every file of ``tests/fixtures/flake8/`` is compared exactly with the
``# expect:`` comments: every other line, including the ``# noqa`` lines, must stay clean.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import pytest

from expectations import Finding, assert_matches, run_flake8
from pyexpert_core.catalog import Checker
from pyexpert_core.registry import registry

FIXTURES: Final = Path(__file__).resolve().parent / "fixtures" / "flake8"


def _fixture_files() -> list[Path]:
    return sorted(FIXTURES.glob("*.py"))


# The PX208 fixture's own name (px208_environ_outside_settings.py) matches the default
# settings-module glob `*settings*.py`; narrow the globs so it is checked (the defaults are
# tested in test_flake8_px2_options.py).
# The fixtures are application code targeting Python 3.11: tests/fixtures/setup.cfg makes them
# a project of their own.
FIXTURE_ARGS: Final = ("--pyexpert-settings-modules=settings.py,config.py",)


@pytest.fixture(scope="module")
def findings() -> list[Finding]:
    return run_flake8(_fixture_files(), *FIXTURE_ARGS)


def test_fixtures_match_expectations(findings: list[Finding]) -> None:
    assert_matches(_fixture_files(), findings)


def test_every_flake8_rule_has_a_fixture_with_a_finding(findings: list[Finding]) -> None:
    reported = {finding.code for finding in findings}
    for rule in registry().for_checker(Checker.FLAKE8):
        assert any(FIXTURES.glob(f"{rule.code.lower()}_*.py")), f"no fixture for {rule.code}"
        assert rule.code in reported, f"{rule.code}: no finding in the fixtures"


def test_messages_come_from_the_catalog(findings: list[Finding]) -> None:
    by_line = {(Path(f.path).name, f.line): f.message for f in findings}
    assert by_line[("px104_dict_record_literal.py", 20)] == (
        "'user_summary' returns a dict literal used as a record (keys 'id', 'email'); "
        "return a Pydantic model or dataclass"
    )
    methods = [m for (name, _), m in by_line.items() if name == "px104_dict_record_literal.py" and "UserService" in m]
    assert any("'UserService.summary'" in m for m in methods), methods
    many = [m for m in by_line.values() if "'k1'" in m]
    assert many == ["'many_keys' returns a dict literal used as a record "
                    "(keys 'k1', 'k2', 'k3', 'k4', ... 2 more); return a Pydantic model or dataclass"]


def test_noqa_lines_are_in_the_fixture_and_silent(findings: list[Finding]) -> None:
    source = (FIXTURES / "px104_dict_record_literal.py").read_text(encoding="utf-8").splitlines()
    noqa_lines = {
        number for number, text in enumerate(source, 1) if "# noqa: PX104" in text or text.endswith("# noqa")
    }
    assert len(noqa_lines) == 2, "the fixture must prove # noqa: PX104 and bare # noqa suppression"
    hits = {f.line for f in findings if Path(f.path).name == "px104_dict_record_literal.py"}
    assert not noqa_lines & hits
    # flake8 is what filters them: with --disable-noqa the same lines are reported
    unfiltered = run_flake8([FIXTURES / "px104_dict_record_literal.py"], "--disable-noqa", *FIXTURE_ARGS)
    assert noqa_lines <= {f.line for f in unfiltered}

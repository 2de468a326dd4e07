"""Settings of the whole test session.

The mypy plugin's debug switch is on for every test: a rule that meets an unexpected shape
raises (and fails the test) instead of being swallowed as "no finding" by
:func:`mypy_pyexpert.safety.analysis_guard`, in every mypy run the tests start, in
process or as a subprocess (which inherits the environment).
"""

from __future__ import annotations

import os

import pytest

from mypy_pyexpert.safety import DEBUG_ENV


def pytest_configure(config: pytest.Config) -> None:
    os.environ[DEBUG_ENV] = "1"

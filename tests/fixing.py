"""Helpers of the ``pyexpert fix`` tests: a throwaway project with both plugins configured."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from pyexpert_core.fix.engine import FixReport, run_fix
from pyexpert_core.fix.fixers import FIXERS

FIXTURES: Final = Path(__file__).resolve().parent / "fixtures" / "fix"
#: every fixable code, the opt-in PX209 included
ALL_CODES: Final = frozenset(FIXERS)
_NOT_FIXABLE: Final = re.compile(r"# not-fixable: (PX\d{3})")

SETUP_CFG: Final = "[flake8]\nmax-line-length = 120\n"
MYPY_INI: Final = "[mypy]\nplugins = pydantic.mypy, mypy_pyexpert\n"


def write_project(root: Path, files: Mapping[str, str]) -> None:
    """A project in ``root``: flake8 and mypy configured (both plugins), and ``files``."""
    (root / "setup.cfg").write_text(SETUP_CFG, encoding="utf-8")
    (root / "mypy.ini").write_text(MYPY_INI, encoding="utf-8")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@contextmanager
def inside(root: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(root)
    try:
        yield
    finally:
        os.chdir(before)


def fix_in(root: Path, paths: list[str], *, codes: frozenset[str] = ALL_CODES, unsafe: bool = False) -> FixReport:
    with inside(root):
        return run_fix(paths, codes, FIXERS, unsafe=unsafe)


def not_fixable_marks(text: str) -> set[tuple[int, str]]:
    """``(line, code)`` of the lines marked ``# not-fixable: PXnnn``."""
    return {
        (number, match.group(1))
        for number, line in enumerate(text.splitlines(), start=1)
        for match in _NOT_FIXABLE.finditer(line)
    }

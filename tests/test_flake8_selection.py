"""The README's table of flake8 settings and the PX rules they run, checked row by row with the
real flake8: two default rules (PX208, PX304), two opt-in rules (PX209, PX309) and flake8's own
selection."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Final

import pytest

ROOT: Final = Path(__file__).resolve().parent.parent

SOURCE: Final = '''import asyncio
import os
from typing import Optional

from pydantic import BaseModel

HOST = os.environ["HOST"]


class User(BaseModel):
    nickname: Optional[str]


async def fetch(n: int) -> int:
    return n


async def both() -> None:
    loop = asyncio.get_event_loop()
    await asyncio.gather(fetch(1), fetch(2), loop.run_in_executor(None, print))
'''

#: What the table's right-hand column may say, as the codes SOURCE then gets.
OUTCOMES: Final = {
    "the default rules": {"PX208", "PX304"},
    "the default rules and PX309": {"PX208", "PX304", "PX309"},
    "every PX rule, opt-in ones included": {"PX208", "PX209", "PX304", "PX309"},
    "no PX rule": set(),
    "the default rules except PX2xx": {"PX304"},
}


def _rows() -> list[tuple[list[str], str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- selection-table:[^>]*-->\n(.*?)\n<!-- selection-table: end -->", readme, re.S)
    assert match is not None, "the README has no selection table"
    rows = []
    for line in match.group(1).splitlines()[2:]:
        setting, outcome = (cell.strip() for cell in line.strip("|").split("|"))
        rows.append((re.findall(r"`([^`]+)`", setting), outcome))
    return rows


def test_the_table_covers_the_cases_users_meet() -> None:
    settings = [lines for lines, _ in _rows()]
    assert [] in settings and ["extend-select = PX"] in settings and ["select = E,F,W"] in settings


@pytest.mark.parametrize(("lines", "outcome"), _rows(), ids=lambda value: str(value))
def test_each_row_is_what_flake8_does(tmp_path: Path, lines: list[str], outcome: str) -> None:
    assert outcome in OUTCOMES, f"unknown outcome {outcome!r}: say it as one of {sorted(OUTCOMES)}"
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\nrequires-python = ">=3.11"\n')
    (tmp_path / "setup.cfg").write_text("[flake8]\n" + "".join(f"{line}\n" for line in lines))
    (tmp_path / "app.py").write_text(SOURCE, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "flake8", "--format=%(code)s", "app.py"],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )
    assert proc.returncode in (0, 1) and not proc.stderr, proc.stderr
    codes = {code for code in proc.stdout.split() if code.startswith("PX")}
    assert codes == OUTCOMES[outcome]

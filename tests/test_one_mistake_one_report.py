"""One mistake, one report: both plugins and the three presets over the example service.

The example service is copied to a temporary directory and configured with exactly what
``pyexpert preset ruff``, ``pyexpert preset flake8`` and ``pyexpert preset mypy`` print (plus
the example's own settings: its line length, ``files``, ``[pyexpert-mypy]`` and the one legacy
module). ruff, flake8 (PX and flake8-bugbear) and mypy (pyexpert and pydantic.mypy) then run,
and no line that one of pyexpert's rules reports may be reported by anything else: where
another tool's code would report the same site as a PX rule, the presets leave it out, exclude
the API, or the rule defers (each rule's page says which).
"""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Final

import pytest

from expectations import MYPY_OUTPUT_FLAGS, run_flake8
from pyexpert_core.standard import deprecated_excludes, render_preset

pytestmark = pytest.mark.slow

EXAMPLES: Final = Path(__file__).resolve().parent.parent / "examples"
_RUFF_RE: Final = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):\d+: (?P<code>[A-Z]+\d+) ")
_MYPY_RE: Final = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):\d+: error: .*  \[(?P<code>[a-z0-9-]+)\]$")

Site = tuple[str, int]


def _configure(root: Path) -> None:
    (root / "pyproject.toml").write_text(render_preset("ruff"), encoding="utf-8")
    flake8 = configparser.ConfigParser()
    flake8.read_string(render_preset("flake8"))
    flake8["flake8"]["extend-select"] += ", PX"
    flake8["flake8"]["max-line-length"] = "120"
    with (root / "setup.cfg").open("w", encoding="utf-8") as handle:
        flake8.write(handle)
    mypy = configparser.ConfigParser()
    mypy.read_string(render_preset("mypy"))
    mypy["mypy"]["files"] = "service"
    mypy["pyexpert-mypy"] = {"exception_bases": "service.errors.ServiceError"}
    mypy["mypy-service.export"] = {"disallow_untyped_defs": "false"}
    with (root / "mypy.ini").open("w", encoding="utf-8") as handle:
        mypy.write(handle)


def _findings(root: Path) -> dict[Site, list[str]]:
    by_site: dict[Site, list[str]] = defaultdict(list)
    ruff = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--output-format=concise", "--no-cache", "service"],
        capture_output=True, text=True, cwd=root, check=False,
    )
    assert ruff.returncode in (0, 1), ruff.stderr
    for line in ruff.stdout.splitlines():
        match = _RUFF_RE.match(line)
        if match:
            by_site[(match["path"], int(match["line"]))].append(f"ruff:{match['code']}")
    for finding in run_flake8(["service"], cwd=root, select="PX,B,E,W,F,C90"):
        relative = Path(finding.path).resolve().relative_to(root.resolve()).as_posix()
        by_site[(relative, finding.line)].append(f"flake8:{finding.code}")
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", *MYPY_OUTPUT_FLAGS, "--config-file", "mypy.ini", "--cache-dir", ".mypy_cache"],
        capture_output=True, text=True, cwd=root, check=False,
    )
    assert mypy.returncode in (0, 1), mypy.stdout + mypy.stderr
    for line in mypy.stdout.splitlines():
        match = _MYPY_RE.match(line)
        if match:
            code = match["code"]
            by_site[(match["path"], int(match["line"]))].append(
                f"mypy:{code}" if not code.startswith("pyexpert-") else f"mypy:{code}"
            )
    return by_site


def _is_pyexpert(finding: str) -> bool:
    return finding.startswith("flake8:PX") or finding.startswith("mypy:pyexpert-")


def test_no_line_reported_by_pyexpert_is_reported_twice(tmp_path: Path) -> None:
    root = tmp_path / "examples"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(".mypy_cache", "__pycache__"))
    _configure(root)
    by_site = _findings(root)
    pyexpert_sites = {site for site, found in by_site.items() if any(_is_pyexpert(f) for f in found)}
    assert len(pyexpert_sites) >= 35, "the example service must exercise the rules"
    twice = {f"{path}:{line}: {', '.join(sorted(found))}" for (path, line), found in by_site.items()
             if (path, line) in pyexpert_sites and len(found) > 1}
    assert not twice, "lines reported more than once:\n" + "\n".join(sorted(twice))


def test_the_example_excludes_what_the_mypy_preset_excludes() -> None:
    config = configparser.ConfigParser()
    config.read(EXAMPLES / "mypy.ini", encoding="utf-8")
    written = [name.strip() for name in config["mypy"]["deprecated_calls_exclude"].split(",") if name.strip()]
    assert written == list(deprecated_excludes())

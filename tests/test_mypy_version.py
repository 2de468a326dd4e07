"""The supported mypy releases: one range, checked when the plugin loads, and the same everywhere
it is written (the ``mypy`` extra, the pre-commit hook)."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Final

import pytest
from mypy.version import __version__ as running

from expectations import MYPY_DAEMON_SUPPORTED, MYPY_OUTPUT_FLAGS, Dmypy
from mypy_pyexpert.mypy_api import SUPPORTED, UnsupportedMypy, check_version

ROOT: Final = Path(__file__).resolve().parent.parent


def _range_text() -> str:
    (low_major, low_minor), (high_major, high_minor) = SUPPORTED
    return f"mypy>={low_major}.{low_minor},<{high_major}.{high_minor}"


@pytest.mark.parametrize("version", ["1.15.0", "1.20.2", "2.0.0", "2.4.1", "2.4.0+dev.abc"])
def test_supported_releases_load(version: str) -> None:
    check_version(version)


@pytest.mark.parametrize("version", ["1.14.1", "1.0.0", "0.991", "2.5.0", "3.0.0", "unknown"])
def test_unsupported_releases_are_named_with_the_range(version: str) -> None:
    with pytest.raises(UnsupportedMypy) as raised:
        check_version(version)
    message = str(raised.value)
    assert version in message and "1.15" in message and "2.5" in message and "\n" not in message


def test_the_running_mypy_is_supported() -> None:
    check_version(running)


def test_the_extra_and_the_pre_commit_hook_state_the_same_range() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["optional-dependencies"]["mypy"] == [_range_text()]
    assert not any(dep.startswith("mypy") for dep in project["dependencies"]), "mypy must stay optional"
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert f'additional_dependencies: ["{_range_text()}"]' in hooks


def test_an_unsupported_mypy_stops_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "mypy.ini").write_text("[mypy]\nplugins = mypy_pyexpert\n", encoding="utf-8")
    (tmp_path / "m.py").write_text("x: int = 1\n", encoding="utf-8")
    # mypy 1.10 as far as the plugin can tell: the version mypy reports is patched before it runs
    code = (
        "import sys, mypy.version\n"
        "mypy.version.__version__ = '1.10.0'\n"
        "from mypy.main import main\n"
        "main(args=sys.argv[1:])\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, "--config-file", "mypy.ini", "--cache-dir", ".cache", "m.py"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "MYPY_FORCE_COLOR": "0"},
        check=False,
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr.splitlines() == [
        "mypy_pyexpert: error: mypy_pyexpert supports mypy 1.15 up to (not including) 2.5; this is "
        "mypy 1.10.0. Install a supported mypy: pip install 'flake8-pyexpert[mypy]'"
    ]


def test_dmypy_runs_the_plugin_on_mypy_2_and_is_refused_with_one_line_on_mypy_1(tmp_path: Path) -> None:
    (tmp_path / "mypy.ini").write_text("[mypy]\nplugins = mypy_pyexpert\n", encoding="utf-8")
    (tmp_path / "m.py").write_text("from typing import Any\n\n\ndef f(payload: dict[str, Any]) -> None: ...\n")
    daemon = Dmypy(tmp_path, ["--config-file", "mypy.ini", *MYPY_OUTPUT_FLAGS], ["m.py"])
    try:
        if MYPY_DAEMON_SUPPORTED:
            assert [finding.code for finding in daemon.run()] == ["PX101"]
            return
        proc = daemon.run_raw()
    finally:
        daemon.stop()
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "mypy_pyexpert under dmypy needs mypy 2.0 or later" in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr

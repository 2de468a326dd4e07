"""The project of a checked file, and the ``python_target`` of PX303/PX309 it gives.

The target comes from ``--pyexpert-python-target`` (or the ``[flake8]`` config key), else from
the ``requires-python`` of the project of *each checked file* (the nearest ``pyproject.toml``/
``setup.cfg`` above it, cached per directory), else 3.11, whatever directory flake8 is started
in. Below 3.11 PX303 and PX309 report nothing. Reading a project file never raises.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from typing import Final

import pytest

from expectations import Finding, run_flake8
from flake8_pyexpert.options import OptionError, Settings, settings_from_namespace
from pyexpert_core.project import DEFAULT_TARGET, lower_bound, project_dir, project_parts, python_target


def find_project_target(directory: Path) -> tuple[int, int]:
    """The target of a file in ``directory`` (a fresh process would not have cached it)."""
    return python_target(str(directory / f"probe_{next(_PROBES)}.py"))


_PROBES = iter(range(10**9))

ASYNC_MODULE: Final = """\
import asyncio


async def fetch() -> bytes:
    await asyncio.sleep(0)
    return b""


async def main() -> None:
    await asyncio.wait_for(fetch(), timeout=5)
    await asyncio.gather(fetch(), fetch())
"""
WAIT_FOR_LINE: Final = 10
GATHER_LINE: Final = 11


def _project(root: Path, requires: str | None = None, *, setup_cfg: str | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    if requires is not None:
        (root / "pyproject.toml").write_text(
            f'[project]\nname = "demo"\nversion = "1"\nrequires-python = "{requires}"\n', encoding="utf-8"
        )
    if setup_cfg is not None:
        (root / "setup.cfg").write_text(setup_cfg, encoding="utf-8")
    (root / "service.py").write_text(ASYNC_MODULE, encoding="utf-8")
    return root


def _codes(findings: list[Finding]) -> list[tuple[int, str]]:
    return sorted((f.line, f.code) for f in findings)


def _flake8(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flake8", *args], capture_output=True, text=True, cwd=cwd, check=False
    )


# -- the lower bound of requires-python --------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "bound"),
    [
        (">=3.9", (3, 9)),
        ("~=3.10", (3, 10)),
        (">=3.11,<4", (3, 11)),
        ("==3.12.*", (3, 12)),
        (">= 3.12 , < 3.14", (3, 12)),
        (">3.10", (3, 10)),
        (">=3.11.0rc1", (3, 11)),
        (">=3", (3, 0)),
        ("^3.10", (3, 10)),  # Poetry
        ("^3.8 || ^3.10", (3, 8)),
        ("<4", None),  # no lower bound
        ("!=3.9.*", None),
        (">=3.x", None),  # malformed
        ("python 3", None),
        ("", None),
        (">=3." + "9" * 5000, None),  # absurd: more digits than int() accepts
        (">=3.400", None),  # absurd minor version
        (">=7.1", None),  # not Python 2 or 3
    ],
)
def test_lower_bound(spec: str, bound: tuple[int, int] | None) -> None:
    assert lower_bound(spec) == bound


# -- where the declaration is read -------------------------------------------------------------


def test_reads_pyproject_requires_python(tmp_path: Path) -> None:
    assert find_project_target(_project(tmp_path, ">=3.12")) == (3, 12)


def test_reads_setup_cfg_python_requires(tmp_path: Path) -> None:
    root = _project(tmp_path, setup_cfg="[metadata]\nname = demo\n[options]\npython_requires = >=3.9\n")
    assert find_project_target(root) == (3, 9)


def test_pyproject_wins_over_setup_cfg(tmp_path: Path) -> None:
    root = _project(tmp_path, ">=3.13", setup_cfg="[options]\npython_requires = >=3.9\n")
    assert find_project_target(root) == (3, 13)


def test_pyproject_without_requires_python_falls_back_to_setup_cfg(tmp_path: Path) -> None:
    root = _project(tmp_path, setup_cfg="[options]\npython_requires = ~=3.10\n")
    (root / "pyproject.toml").write_text("[tool.black]\nline-length = 100\n", encoding="utf-8")
    assert find_project_target(root) == (3, 10)


def test_reads_poetry_python_dependency(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.poetry.dependencies]\npython = "^3.9"\nhttpx = "*"\n', encoding="utf-8"
    )
    assert find_project_target(tmp_path) == (3, 9)


def test_searches_upwards_to_the_first_project_file(tmp_path: Path) -> None:
    root = _project(tmp_path, ">=3.10")
    sub = root / "src" / "pkg"
    sub.mkdir(parents=True)
    assert find_project_target(sub) == (3, 10)
    assert project_dir(str(sub / "module.py")) == str(root)
    assert project_parts(str(sub / "module.py")) == ("src", "pkg", "module.py")


def test_the_nearest_project_file_decides_even_when_it_declares_nothing(tmp_path: Path) -> None:
    root = _project(tmp_path, ">=3.10")
    sub = root / "src" / "pkg"
    sub.mkdir(parents=True)
    (root / "src" / "setup.cfg").write_text("[flake8]\nmax-line-length = 100\n", encoding="utf-8")
    assert find_project_target(sub) == DEFAULT_TARGET
    assert project_dir(str(sub / "module.py")) == str(root / "src")


@pytest.mark.parametrize(
    "pyproject",
    [
        'requires-python = ">=3.9"\n',  # not under [project]
        "[project]\nrequires-python = 3.9\n",  # not a string: invalid TOML
        '[project]\nrequires-python = ["3.9"]\n',  # not a string
        '[project]\nrequires-python = ">=three"\n',  # malformed specifier
        '[project]\nrequires-python = "<4"\n',  # no lower bound
        "[project\n",  # broken TOML
    ],
)
def test_unreadable_declarations_fall_back_to_3_11(tmp_path: Path, pyproject: str) -> None:
    (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    assert find_project_target(tmp_path) == DEFAULT_TARGET


def test_deeply_nested_toml_falls_back_to_3_11(tmp_path: Path) -> None:
    # tomllib recurses per nesting level: 500 levels raise RecursionError inside it
    (tmp_path / "pyproject.toml").write_text("x = " + "[" * 500 + "]" * 500 + "\n", encoding="utf-8")
    assert find_project_target(tmp_path) == DEFAULT_TARGET


def test_huge_version_number_falls_back_to_3_11(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        f'[project]\nrequires-python = ">=3.{"1" * 5000}"\n', encoding="utf-8"
    )
    assert find_project_target(tmp_path) == DEFAULT_TARGET


def test_binary_garbage_falls_back_to_3_11(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_bytes(b"\xff\xfe\x00garbage")
    (tmp_path / "setup.cfg").write_bytes(b"\xff\xfe[options\n")
    assert find_project_target(tmp_path) == DEFAULT_TARGET


# -- the option's values ---------------------------------------------------------------------


def test_option_values() -> None:
    def parsed(value: str) -> tuple[int, int] | None:
        return settings_from_namespace(argparse.Namespace(pyexpert_python_target=value)).python_target

    assert parsed("3.12") == (3, 12)
    assert parsed(" 3.10.4 ") == (3, 10)
    assert parsed("auto") is None  # each file's project decides
    assert Settings().python_target is None
    assert Settings.parse(python_target="3.13").python_target == (3, 13)
    assert Settings.parse(python_target="auto") == Settings()


@pytest.mark.parametrize("bad", ["3", "three", "3.x", "2.7", "3.12;", ">=3.11", "", "3." + "1" * 5000])
def test_bad_option_value_is_a_one_line_option_error(bad: str) -> None:
    with pytest.raises(OptionError) as error:
        settings_from_namespace(argparse.Namespace(pyexpert_python_target=bad))
    message = str(error.value)
    assert message.startswith(f"--pyexpert-python-target: {bad.strip()!r} is not a Python version")
    assert message.endswith("(expected major.minor such as 3.12, or auto)")
    assert "\n" not in message


# -- through the real flake8 -------------------------------------------------------------------


def test_requires_python_below_3_11_turns_px303_and_px309_off(tmp_path: Path) -> None:
    root = _project(tmp_path, ">=3.10")
    assert run_flake8(["service.py"], cwd=root) == []


def test_requires_python_3_12_reports_and_names_the_target(tmp_path: Path) -> None:
    root = _project(tmp_path, ">=3.12,<4")
    findings = run_flake8(["service.py"], cwd=root)
    assert _codes(findings) == [(WAIT_FOR_LINE, "PX303"), (GATHER_LINE, "PX309")]
    assert all("Python 3.12+" in f.message for f in findings), findings


def test_setup_cfg_python_requires_is_read(tmp_path: Path) -> None:
    root = _project(tmp_path, setup_cfg="[options]\npython_requires = >=3.8\n")
    assert run_flake8(["service.py"], cwd=root) == []


def test_no_declaration_means_3_11(tmp_path: Path) -> None:
    root = _project(tmp_path)
    findings = run_flake8(["service.py"], cwd=root)
    assert _codes(findings) == [(WAIT_FOR_LINE, "PX303"), (GATHER_LINE, "PX309")]
    assert all("Python 3.11+" in f.message for f in findings)


def test_malformed_requires_python_is_not_an_error(tmp_path: Path) -> None:
    root = _project(tmp_path, "definitely not a specifier")
    assert _codes(run_flake8(["service.py"], cwd=root)) == [(WAIT_FOR_LINE, "PX303"), (GATHER_LINE, "PX309")]


def test_command_line_option_overrides_requires_python(tmp_path: Path) -> None:
    old = _project(tmp_path / "old", ">=3.9")
    assert _codes(run_flake8(["service.py"], "--pyexpert-python-target=3.11", cwd=old)) == [
        (WAIT_FOR_LINE, "PX303"),
        (GATHER_LINE, "PX309"),
    ]
    new = _project(tmp_path / "new", ">=3.12")
    assert run_flake8(["service.py"], "--pyexpert-python-target=3.10", cwd=new) == []
    assert run_flake8(["service.py"], "--pyexpert-python-target", "3.9", cwd=new) == []


def test_config_file_option_overrides_requires_python(tmp_path: Path) -> None:
    root = _project(tmp_path, ">=3.12", setup_cfg="[flake8]\npyexpert-python-target = 3.10\n")
    proc = _flake8("--select=PX", "service.py", cwd=root)
    assert proc.returncode == 0 and proc.stdout == "" and proc.stderr == "", proc.stdout + proc.stderr


def test_px309_stays_opt_in(tmp_path: Path) -> None:
    root = _project(tmp_path, ">=3.12")
    proc = _flake8("--isolated", "service.py", cwd=root)
    assert f"service.py:{WAIT_FOR_LINE}:11: PX303" in proc.stdout
    assert "PX309" not in proc.stdout


@pytest.mark.parametrize("bad", ["3", "latest", "3.x"])
def test_bad_command_line_value_is_a_clear_flake8_error(tmp_path: Path, bad: str) -> None:
    root = _project(tmp_path)
    proc = _flake8("--isolated", f"--pyexpert-python-target={bad}", "service.py", cwd=root)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("flake8: error:")]
    assert errors == [
        f"flake8: error: --pyexpert-python-target: {bad!r} is not a Python version "
        "(expected major.minor such as 3.12, or auto)"
    ], proc.stderr


def test_bad_config_value_is_a_clear_flake8_error(tmp_path: Path) -> None:
    root = _project(tmp_path, setup_cfg="[flake8]\npyexpert-python-target = soon\n")
    proc = _flake8("service.py", cwd=root)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "flake8: error: --pyexpert-python-target: 'soon' is not a Python version" in proc.stderr


def test_the_result_does_not_depend_on_the_working_directory(tmp_path: Path) -> None:
    root = _project(tmp_path / "project", ">=3.10")
    inside = run_flake8(["service.py"], cwd=root)
    outside = run_flake8([str(root / "service.py")], cwd=tmp_path)
    assert inside == outside == []  # the project targets 3.10: PX303 and PX309 are off
    assert run_flake8([str(root / "service.py")], cwd=Path("/")) == []


def test_each_file_has_its_own_project(tmp_path: Path) -> None:
    old = _project(tmp_path / "old", ">=3.9")
    new = _project(tmp_path / "new", ">=3.12")
    findings = run_flake8([old / "service.py", new / "service.py"], cwd=tmp_path)
    assert {(Path(f.path).parent.name, f.line, f.code) for f in findings} == {
        ("new", WAIT_FOR_LINE, "PX303"),
        ("new", GATHER_LINE, "PX309"),
    }


def test_deeply_nested_pyproject_does_not_crash_flake8(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "pyproject.toml").write_text("x = " + "[" * 500 + "]" * 500 + "\n", encoding="utf-8")
    for extra in ((), ("--isolated",)):
        proc = _flake8(*extra, "--select=PX", "service.py", cwd=root)
        assert proc.returncode == 1, proc.stderr
        assert "Traceback" not in proc.stderr and "RecursionError" not in proc.stderr
        assert f"service.py:{WAIT_FOR_LINE}:11: PX303" in proc.stdout


def test_huge_requires_python_does_not_stop_flake8(tmp_path: Path) -> None:
    root = _project(tmp_path, ">=3." + "1" * 5000)
    proc = _flake8("--isolated", "--select=PX", "service.py", cwd=root)
    assert proc.returncode == 1 and proc.stderr == "", proc.stderr
    assert "Python 3.11+" in proc.stdout  # fell back, silently


_COUNTING_SCRIPT: Final = """
import sys
import pyexpert_core.project as project
calls = []
original = project._from_pyproject
def counting(path):
    calls.append(path)
    return original(path)
project._from_pyproject = counting
from flake8.main.cli import main
try:
    main(sys.argv[1:])
finally:
    sys.stderr.write(f"reads={len(calls)}\\n")
"""


def test_requires_python_is_read_once_per_project(tmp_path: Path) -> None:
    root = _project(tmp_path, ">=3.12")
    (root / "pkg").mkdir()
    for index in range(5):
        (root / f"copy_{index}.py").write_text(ASYNC_MODULE, encoding="utf-8")
        (root / "pkg" / f"copy_{index}.py").write_text(ASYNC_MODULE, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", _COUNTING_SCRIPT, "--isolated", "--select=PX", "-j1", "."],
        capture_output=True, text=True, cwd=root, check=False,
    )
    assert proc.stdout.count("PX303") == 11, proc.stdout + proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "reads=1", proc.stderr


def test_jobs_2_gives_the_same_findings_as_jobs_1(tmp_path: Path) -> None:
    root = _project(tmp_path, ">=3.12")
    for index in range(6):
        (root / f"copy_{index}.py").write_text(ASYNC_MODULE, encoding="utf-8")
    serial = run_flake8(["."], "-j1", cwd=root)
    parallel = run_flake8(["."], "-j2", cwd=root)
    assert len(serial) == 14
    assert serial == parallel
    old = _project(tmp_path / "old", ">=3.10")
    for index in range(6):
        (old / f"copy_{index}.py").write_text(ASYNC_MODULE, encoding="utf-8")
    assert run_flake8(["."], "-j2", cwd=old) == []

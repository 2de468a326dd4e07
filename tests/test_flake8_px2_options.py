"""PX207-PX209 through the real flake8: their options, the settings-module files, opt-in PX209."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from typing import Final

import pytest

from expectations import Finding, run_flake8
from flake8_pyexpert.options import OptionError, Settings, settings_from_namespace

SECRET_MODEL: Final = """\
from typing import Optional

from pydantic import BaseModel


class Login(BaseModel):
    password: str
    pin: str
    nickname: Optional[str]
"""

ENV_READ: Final = "import os\n\nHOST = os.getenv('HOST')\n"


def _flake8(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flake8", *args], capture_output=True, text=True, cwd=cwd, check=False
    )


def _codes_by_line(findings: list[Finding]) -> dict[int, str]:
    return {f.line: f.code for f in findings}


# -- PX207: the regex option -------------------------------------------------------------------


def test_default_pattern_is_case_insensitive() -> None:
    pattern = Settings().secret_field_pattern
    assert pattern.search("SECRET_KEY") and pattern.search("Api_Key") and pattern.search("password")
    assert not pattern.search("password_hash") and not pattern.search("api_key_id")


def test_invalid_regex_is_a_one_line_option_error() -> None:
    with pytest.raises(OptionError) as error:
        settings_from_namespace(argparse.Namespace(pyexpert_secret_field_pattern="(password"))
    message = str(error.value)
    assert message.startswith("--pyexpert-secret-field-pattern: '(password' is not a valid regular expression")
    assert "\n" not in message


def test_invalid_regex_on_the_command_line_is_a_clear_flake8_error(tmp_path: Path) -> None:
    (tmp_path / "ok.py").write_text("x = 1\n", encoding="utf-8")
    proc = _flake8("--isolated", "--pyexpert-secret-field-pattern=(password", "ok.py", cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("flake8: error:")]
    assert errors == [
        "flake8: error: --pyexpert-secret-field-pattern: '(password' is not a valid regular expression "
        "(missing ), unterminated subpattern at position 0)"
    ], proc.stderr


def test_invalid_regex_in_the_config_file_is_a_clear_flake8_error(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text("[flake8]\npyexpert-secret-field-pattern = [\n", encoding="utf-8")
    (tmp_path / "ok.py").write_text("x = 1\n", encoding="utf-8")
    proc = _flake8("ok.py", cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "flake8: error: --pyexpert-secret-field-pattern: '[' is not a valid regular expression" in proc.stderr


def test_pattern_option_changes_results(tmp_path: Path) -> None:
    target = tmp_path / "login.py"
    target.write_text(SECRET_MODEL, encoding="utf-8")
    assert _codes_by_line(run_flake8([target], select="PX207")) == {7: "PX207"}
    changed = run_flake8([target], "--pyexpert-secret-field-pattern=^(pin|password)$", select="PX207")
    assert _codes_by_line(changed) == {7: "PX207", 8: "PX207"}
    (tmp_path / "setup.cfg").write_text("[flake8]\npyexpert-secret-field-pattern = ^PIN$\n", encoding="utf-8")
    proc = _flake8("--select=PX207", "login.py", cwd=tmp_path)
    assert [line.split(":")[1] for line in proc.stdout.splitlines()] == ["8"], proc.stdout + proc.stderr


# -- PX208: settings modules -------------------------------------------------------------------

# path -> whether the os.getenv read in it is reported (with the default options)
_MODULES: Final[dict[str, bool]] = {
    "app/services/users.py": True,
    "app/settings.py": False,
    "app/core/config.py": False,
    "app/app_settings_prod.py": False,
    "app/configuration.py": False,
    "tests/conftest.py": False,
    "tests/test_users.py": False,
    "tests/users_test.py": False,
    "tests/helpers.py": False,  # a test helper: tests are not application code (file roles)
    "migrations/alembic/env.py": False,
    "app/env.py": False,  # a module named env.py is the configuration by name
    "app/environment.py": False,
    "app/envelope.py": True,
    "app/testing.py": True,
}


def _write_tree(root: Path) -> None:
    for relative in _MODULES:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ENV_READ, encoding="utf-8")
    (root / "db").mkdir()
    # an env.py that imports alembic is Alembic's, wherever it is
    (root / "db" / "env.py").write_text("from alembic import context\n\n" + ENV_READ + "print(context)\n")
    # a module that defines a BaseSettings subclass is a settings module, whatever its name
    (root / "app" / "deps.py").write_text(
        "import os\n\nfrom pydantic_settings import BaseSettings\n\n\n"
        "class AppSettings(BaseSettings):\n    debug: bool = os.getenv('DEBUG') == '1'\n",
        encoding="utf-8",
    )
    # ... also when the class comes after the read, or is defined in a function
    (root / "app" / "late.py").write_text(
        "import os\n\nfrom pydantic_settings import BaseSettings\n\nDEBUG = os.getenv('DEBUG')\n\n\n"
        "class AppSettings(BaseSettings):\n    debug: bool = False\n",
        encoding="utf-8",
    )
    (root / "app" / "factory.py").write_text(
        "import os\n\nDEBUG = os.getenv('DEBUG')\n\n\ndef settings_class() -> type:\n"
        "    from pydantic_settings import BaseSettings\n\n    class AppSettings(BaseSettings):\n"
        "        debug: bool = False\n\n    return AppSettings\n",
        encoding="utf-8",
    )
    # ... and pydantic v1's BaseSettings through an alias too
    (root / "app" / "legacy.py").write_text(
        "import os\n\nimport pydantic as pd\n\n\nclass Legacy(pd.BaseSettings):\n    pass\n\n\n"
        "DATA = os.environ['DATA_DIR']\n",
        encoding="utf-8",
    )
    # a class that merely mentions BaseSettings does not make a settings module
    (root / "app" / "mentions.py").write_text(
        "import os\n\nfrom pydantic import BaseModel\n\n\nclass BaseSettings(BaseModel):\n    pass\n\n\n"
        "class Local(BaseSettings):\n    pass\n\n\nDATA = os.environ['DATA_DIR']\n",
        encoding="utf-8",
    )


def _reported_files(findings: list[Finding], root: Path) -> set[str]:
    return {Path(f.path).resolve().relative_to(root.resolve()).as_posix() for f in findings if f.code == "PX208"}


def test_settings_modules_with_the_default_options(tmp_path: Path) -> None:
    _write_tree(tmp_path)
    reported = _reported_files(run_flake8(["."], cwd=tmp_path, select="PX208"), tmp_path)
    expected = {path for path, flagged in _MODULES.items() if flagged} | {"app/mentions.py"}
    assert reported == expected


def test_settings_modules_option_with_names_and_paths(tmp_path: Path) -> None:
    _write_tree(tmp_path)
    args = "--pyexpert-settings-modules=users.py, tests/*.py"
    reported = _reported_files(run_flake8(["."], args, cwd=tmp_path, select="PX208"), tmp_path)
    # the option replaces the default globs: settings.py / config.py are now ordinary modules
    expected = {"app/settings.py", "app/core/config.py", "app/app_settings_prod.py", "app/configuration.py",
                "app/env.py", "app/environment.py", "app/envelope.py", "app/testing.py", "app/mentions.py"}
    assert reported == expected


def test_settings_modules_from_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text("[flake8]\npyexpert-settings-modules =\n    env_*.py\n", encoding="utf-8")
    (tmp_path / "env_reader.py").write_text(ENV_READ, encoding="utf-8")
    (tmp_path / "settings.py").write_text(ENV_READ, encoding="utf-8")
    proc = _flake8("--select=PX208", "env_reader.py", "settings.py", cwd=tmp_path)
    assert [line.split(":")[0] for line in proc.stdout.splitlines()] == ["settings.py"], proc.stdout + proc.stderr


# -- PX209: opt-in ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "px209"),
    [
        ((), False),  # flake8's defaults: PX selected, PX209 default-ignored
        (("--extend-select=PX209",), True),
        (("--select=PX",), True),
        (("--select=PX207",), False),
    ],
)
def test_px209_is_off_by_default(tmp_path: Path, args: tuple[str, ...], px209: bool) -> None:
    (tmp_path / "login.py").write_text(SECRET_MODEL, encoding="utf-8")
    proc = _flake8("--isolated", *args, "login.py", cwd=tmp_path)
    assert "Traceback" not in proc.stderr
    assert ("PX209" in proc.stdout) is px209, proc.stdout
    assert "login.py:7:5: PX207" in proc.stdout  # the default-enabled rules still run

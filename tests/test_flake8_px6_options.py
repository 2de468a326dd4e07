"""PX601-PX603 through the real flake8: the mixin-pattern option, the messages, star imports."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from typing import Final

import pytest

from expectations import Finding, run_flake8
from flake8_pyexpert.options import OptionError, Settings, settings_from_namespace

MIXINS: Final = """\
from socketserver import TCPServer, ThreadingMixIn

from pydantic import BaseModel


class Entity:
    pass


class LoggingMixin:
    pass


class Server(TCPServer, ThreadingMixIn):
    pass


class Record(Entity, LoggingMixin):
    pass


class AuditMixin:
    def __init__(self) -> None:
        self.changes: list[str] = []


class StampMixIn(BaseModel):
    pass


class CacheMx(Entity):
    pass
"""


def _flake8(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flake8", *args], capture_output=True, text=True, cwd=cwd, check=False
    )


def _lines(findings: list[Finding]) -> list[tuple[int, str]]:
    return sorted((f.line, f.code) for f in findings)


@pytest.fixture
def module(tmp_path: Path) -> Path:
    path = tmp_path / "mixins.py"
    path.write_text(MIXINS, encoding="utf-8")
    return path


# -- the pattern ---------------------------------------------------------------------------


def test_default_pattern_is_a_name_ending_in_mixin() -> None:
    pattern = Settings().mixin_pattern
    assert pattern.search("TimestampMixin") and pattern.search("Mixin")
    assert not pattern.search("ThreadingMixIn") and not pattern.search("MixinTests")


def test_default_pattern_through_flake8(module: Path) -> None:
    assert _lines(run_flake8([module], select="PX6")) == [(18, "PX601"), (23, "PX602")]


def test_pattern_option_changes_what_is_a_mixin(module: Path) -> None:
    findings = run_flake8([module], "--pyexpert-mixin-pattern=Mix(in|In)$|Mx$", select="PX6")
    assert _lines(findings) == [(14, "PX601"), (18, "PX601"), (23, "PX602"), (27, "PX603"), (31, "PX603")]
    # the advice names a base model built from the name without the pattern's match
    stamp = next(f for f in findings if f.line == 27)
    assert stamp.message == (
        "Mixin 'StampMixIn' inherits from concrete class 'BaseModel'; a model class is a base, not a "
        "mixin: rename it (e.g. 'StampBase') and list it as the models' base, or keep only methods "
        "in a plain mixin"
    )


def test_pattern_from_the_config_file(module: Path) -> None:
    (module.parent / "setup.cfg").write_text("[flake8]\npyexpert-mixin-pattern = Mx$\n", encoding="utf-8")
    proc = _flake8("--select=PX6", module.name, cwd=module.parent)
    assert [line.split(":")[1] for line in proc.stdout.splitlines()] == ["31"], proc.stdout + proc.stderr


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("(Mixin", "'(Mixin' is not a valid regular expression (missing ), unterminated subpattern at position 0)"),
        (".*", "'.*' matches an empty name, so every class would be a mixin"),
    ],
)
def test_bad_pattern_is_a_one_line_option_error(value: str, problem: str) -> None:
    with pytest.raises(OptionError) as error:
        settings_from_namespace(argparse.Namespace(pyexpert_mixin_pattern=value))
    assert str(error.value) == f"--pyexpert-mixin-pattern: {problem}"


def test_bad_pattern_on_the_command_line_is_a_clear_flake8_error(tmp_path: Path) -> None:
    (tmp_path / "ok.py").write_text("x = 1\n", encoding="utf-8")
    proc = _flake8("--isolated", "--pyexpert-mixin-pattern=[", "ok.py", cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("flake8: error:")]
    assert errors == [
        "flake8: error: --pyexpert-mixin-pattern: '[' is not a valid regular expression "
        "(unterminated character set at position 0)"
    ], proc.stderr


def test_empty_pattern_in_the_config_file_is_a_clear_flake8_error(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text("[flake8]\npyexpert-mixin-pattern =\n", encoding="utf-8")
    (tmp_path / "ok.py").write_text("x = 1\n", encoding="utf-8")
    proc = _flake8("ok.py", cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "flake8: error: --pyexpert-mixin-pattern: '' matches an empty name" in proc.stderr


# -- messages --------------------------------------------------------------------------------


def test_messages(module: Path) -> None:
    messages = {f.line: f"{f.col} {f.message}" for f in run_flake8([module], select="PX6")}
    assert messages == {
        18: "22 Mixin 'LoggingMixin' is listed after base 'Entity' in class 'Record', so 'Entity' shadows "
        "its methods; list the mixin before 'Entity'",
        23: "5 Mixin 'AuditMixin' __init__ never calls super().__init__(); accept *args, **kwargs and call "
        "super().__init__(*args, **kwargs)",
    }


def test_concrete_base_message_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "concrete.py"
    path.write_text(
        "class Entity:\n    pass\n\n\nclass CacheMixin(Entity):\n    pass\n\n\n"
        "class KwMixin:\n    def __init__(self, *args: object, **kwargs: object) -> None:\n"
        "        super().__init__(*args)\n",
        encoding="utf-8",
    )
    messages = [f.message for f in run_flake8([path], select="PX6")]
    assert messages == [
        "Mixin 'CacheMixin' inherits from concrete class 'Entity'; derive the mixin from object (or "
        "Protocol/ABC) and let the classes that use it also inherit 'Entity'",
        "Mixin 'KwMixin' __init__ does not pass *args, **kwargs on to super().__init__(); accept *args, "
        "**kwargs and call super().__init__(*args, **kwargs)",
    ]


# -- names bound by a star import ------------------------------------------------------------


def test_star_imported_typing_names_are_neutral(tmp_path: Path) -> None:
    path = tmp_path / "star.py"
    path.write_text(
        "from abc import *\nfrom typing import *\n\nT = TypeVar('T')\n\n\n"
        "class Entity:\n    pass\n\n\n"
        "class SizedMixin(Protocol):\n    size: int\n\n\n"
        "class GenericMixin(Generic[T], ABC):\n    pass\n\n\n"
        "class Box(Generic[T], SizedMixin, Entity):\n    pass\n\n\n"
        "class Crate(Entity, Generic[T], SizedMixin):\n    pass\n",
        encoding="utf-8",
    )
    assert _lines(run_flake8([path], select="PX6")) == [(23, "PX601")]

"""The Python version the checked project targets (option ``python_target``, PX303 and PX309).

``--pyexpert-python-target 3.12`` (or ``pyexpert-python-target = 3.12`` in the ``[flake8]``
section) sets it. The default, ``auto``, reads the checked project's own declaration, once,
when flake8 parses its options (never per file, so ``--jobs N`` sees the same value):

* where: the current directory (the directory flake8 runs in, which is what flake8 treats as
  the project root), else its parents up to, not including, the home directory, as flake8
  looks for its own configuration. The first directory that holds a ``pyproject.toml`` or a
  ``setup.cfg`` is the project; nothing above it is read.
* what: ``[project] requires-python`` in ``pyproject.toml``, else Poetry's
  ``[tool.poetry.dependencies] python``, else ``[options] python_requires`` in ``setup.cfg``.
* how: the lower bound of the specifier: ``>=3.9`` -> 3.9, ``~=3.10`` -> 3.10,
  ``>=3.11,<4`` -> 3.11, ``==3.12.*`` -> 3.12, Poetry's ``^3.10`` -> 3.10, and the lowest of
  ``||`` alternatives.
* otherwise (no file, no declaration, unreadable or malformed file or specifier, no lower
  bound): :data:`DEFAULT_TARGET`, 3.11. A bad declaration is never an error: the checked
  project's metadata is not the plugin's configuration.

``--isolated`` (which makes flake8 ignore its configuration files) does not stop this:
``requires-python`` is the checked project's metadata, not flake8 configuration.

This is the one place the plugin reads a file flake8 did not give it (DESIGN.md: the plugin
"never reads files flake8 did not give it"); issue 4 asks for it, and it happens once per run.
Nothing here imports flake8.
"""

from __future__ import annotations

import configparser
import os
import re
import tomllib
from pathlib import Path
from typing import Final

__all__ = ["AUTO", "DEFAULT_TARGET", "PythonTarget", "find_project_target", "lower_bound", "python_target_value"]

PythonTarget = tuple[int, int]

AUTO: Final = "auto"
DEFAULT_TARGET: Final[PythonTarget] = (3, 11)

_VERSION_RE: Final = re.compile(r"^(\d+)\.(\d+)(?:\.\d+)?$")
# one clause of a specifier: operator, major, optional minor, then patch parts, .*, rc1, .post1
_CLAUSE_RE: Final = re.compile(
    r"^(===|==|~=|>=|<=|!=|>|<|\^|~|=)?\s*v?(\d+)(?:\.(\d+))?(?:\.\d+)*(?:\.\*)?"
    r"(?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview|post|dev)\d*)*$",
    re.IGNORECASE,
)
_LOWER_BOUND_OPS: Final = frozenset({"===", "==", "~=", ">=", ">", "^", "~", "=", ""})


def parse_version(text: str) -> PythonTarget:
    """``"3.12"`` or ``"3.12.1"`` -> ``(3, 12)``; anything else is a :class:`ValueError`."""
    match = _VERSION_RE.match(text.strip())
    if match is None or int(match.group(1)) < 3:
        raise ValueError(f"{text!r} is not a Python version (expected major.minor such as 3.12, or {AUTO})")
    return int(match.group(1)), int(match.group(2))


def _alternative_bound(spec: str) -> PythonTarget | None:
    bounds: list[PythonTarget] = []
    for raw in spec.split(","):
        clause = raw.strip()
        if not clause:
            continue
        match = _CLAUSE_RE.match(clause)
        if match is None:
            return None  # malformed: no guess
        operator = match.group(1) or ""
        if operator in _LOWER_BOUND_OPS:
            bounds.append((int(match.group(2)), int(match.group(3) or 0)))
    return max(bounds) if bounds else None


def lower_bound(spec: str) -> PythonTarget | None:
    """The lowest Python (major, minor) a ``requires-python`` specifier allows, or None.

    None when the specifier is malformed or has no lower bound (``<4``, ``!=3.9.*``).
    """
    alternatives = [_alternative_bound(part) for part in spec.split("||")]
    if not alternatives or any(bound is None for bound in alternatives):
        return None
    return min(bound for bound in alternatives if bound is not None)


def _from_pyproject(path: Path) -> str | None:
    try:
        with path.open("rb") as file:
            data = tomllib.load(file)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    project = data.get("project")
    if isinstance(project, dict):
        value = project.get("requires-python")
        if isinstance(value, str):
            return value
    tool = data.get("tool")
    poetry = tool.get("poetry") if isinstance(tool, dict) else None
    dependencies = poetry.get("dependencies") if isinstance(poetry, dict) else None
    python = dependencies.get("python") if isinstance(dependencies, dict) else None
    return python if isinstance(python, str) else None


def _from_setup_cfg(path: Path) -> str | None:
    parser = configparser.RawConfigParser()
    try:
        parser.read(path, encoding="utf-8")
        value = parser.get("options", "python_requires", fallback=None)
    except (OSError, UnicodeDecodeError, configparser.Error):
        return None
    return value


def _project_dir(start: Path) -> Path | None:
    home: Path | None
    try:
        home = Path.home().resolve()
    except (OSError, RuntimeError):
        home = None
    directory = start.resolve()
    while True:
        if (directory / "pyproject.toml").is_file() or (directory / "setup.cfg").is_file():
            return directory
        parent = directory.parent
        if parent == directory or parent == home:
            return None
        directory = parent


def find_project_target(start: Path | None = None) -> PythonTarget:
    """The lower bound of the project's declared Python versions, else :data:`DEFAULT_TARGET`."""
    spec: str | None = None
    try:
        directory = _project_dir(start if start is not None else Path(os.getcwd()))
        if directory is None:
            return DEFAULT_TARGET
        if (directory / "pyproject.toml").is_file():
            spec = _from_pyproject(directory / "pyproject.toml")
        if spec is None and (directory / "setup.cfg").is_file():
            spec = _from_setup_cfg(directory / "setup.cfg")
    except OSError:  # an unreadable directory (permissions, a vanished cwd)
        return DEFAULT_TARGET
    bound = lower_bound(spec) if spec is not None else None
    return bound if bound is not None else DEFAULT_TARGET


def python_target_value(value: object) -> object:
    """The ``python_target`` option's validator: ``auto`` / ``"3.12"`` -> ``(3, 12)``.

    Other values (a tuple or list, e.g. from ``Settings.model_dump()``) are left to pydantic.
    """
    if isinstance(value, str):
        text = value.strip()
        if text.lower() == AUTO:
            return find_project_target()
        return parse_version(text)
    return value

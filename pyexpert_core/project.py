"""The project of a checked file: where it is, what Python it targets, which packages are its own.

Settings that come from the checked project are read from the project *of each file*, never
from the directory the tool was started in, so the same file gets the same findings whoever
runs the tool from wherever:

* :func:`project_dir`: the nearest directory above the file (its own directory included) that
  holds a ``pyproject.toml`` or a ``setup.cfg``; the home directory and the file-system root
  are never a project (flake8 looks for its own configuration the same way).
* :func:`project_parts`: the file's path components relative to that directory (what the file
  roles of :mod:`pyexpert_core.roles` match).
* :func:`python_target`: the lower bound of the project's ``requires-python``
  (``[project] requires-python`` in ``pyproject.toml``, else Poetry's
  ``[tool.poetry.dependencies] python``, else ``[options] python_requires`` in ``setup.cfg``):
  ``>=3.9`` -> 3.9, ``~=3.10`` -> 3.10, ``>=3.11,<4`` -> 3.11, ``==3.12.*`` -> 3.12, Poetry's
  ``^3.10`` -> 3.10, the lowest of ``||`` alternatives. No file, no declaration, an unreadable
  or malformed file, no lower bound or an absurd one: :data:`DEFAULT_TARGET`, silently (the
  checked project's metadata is not the tool's configuration).
* :func:`first_party`: the top-level names of the project's own packages and modules, so that a
  base class imported from an installed package can be told from one of the project.

Every answer is cached per directory, and reading a project file never raises: a file that
``tomllib`` cannot read (malformed, nested too deeply, huge numbers) is a file without a
declaration. Only the standard library is imported.
"""

from __future__ import annotations

import configparser
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Final, TypeVar

__all__ = [
    "DEFAULT_TARGET",
    "PROJECT_FILES",
    "PythonTarget",
    "first_party",
    "format_target",
    "lower_bound",
    "parse_version",
    "project_dir",
    "project_parts",
    "python_target",
    "top_package_dir",
]

PythonTarget = tuple[int, int]

DEFAULT_TARGET: Final[PythonTarget] = (3, 11)
PROJECT_FILES: Final = ("pyproject.toml", "setup.cfg")

# patterns, not compiled objects: re compiles (and caches) them on first use, not at load
_VERSION_RE: Final = r"^(\d{1,4})\.(\d{1,4})(?:\.\d{1,4})?$"
# one clause of a specifier: operator, major, optional minor, then patch parts, .*, rc1, .post1
_CLAUSE_RE: Final = (
    r"^(===|==|~=|>=|<=|!=|>|<|\^|~|=)?\s*v?(\d+)(?:\.(\d+))?(?:\.\d+)*(?:\.\*)?"
    r"(?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview|post|dev)\d*)*$"
)
_LOWER_BOUND_OPS: Final = frozenset({"===", "==", "~=", ">=", ">", "^", "~", "=", ""})
_MAX_NUMBER_DIGITS: Final = 4  # a version part longer than this is absurd, not a version
_MAX_SPEC_LENGTH: Final = 1000

_T = TypeVar("_T")


def parse_version(text: str) -> PythonTarget:
    """``"3.12"`` or ``"3.12.1"`` -> ``(3, 12)``; anything else is a :class:`ValueError`.

    For a value the user wrote (an option), where a mistake is an error.
    """
    match = re.match(_VERSION_RE, text.strip())
    if match is None or int(match.group(1)) < 3:
        raise ValueError(f"{text!r} is not a Python version (expected major.minor such as 3.12)")
    return int(match.group(1)), int(match.group(2))


def format_target(target: PythonTarget) -> str:
    """``(3, 12)`` -> ``"3.12+"`` (how messages name a target)."""
    return f"{target[0]}.{target[1]}+"


def _number(text: str | None) -> int:
    if not text:
        return 0
    if len(text) > _MAX_NUMBER_DIGITS:
        raise ValueError("absurd version number")
    return int(text)


def _alternative_bound(spec: str) -> PythonTarget | None:
    bounds: list[PythonTarget] = []
    for raw in spec.split(","):
        clause = raw.strip()
        if not clause:
            continue
        match = re.match(_CLAUSE_RE, clause, re.IGNORECASE)
        if match is None:
            return None  # malformed: no guess
        operator = match.group(1) or ""
        if operator in _LOWER_BOUND_OPS:
            bounds.append((_number(match.group(2)), _number(match.group(3))))
    return max(bounds) if bounds else None


def lower_bound(spec: str) -> PythonTarget | None:
    """The lowest Python (major, minor) a ``requires-python`` specifier allows, or None.

    None when the specifier is malformed, has no lower bound (``<4``, ``!=3.9.*``) or an absurd
    one (not Python 2 or 3, a minor version above 99, numbers too long to be versions).
    """
    try:
        if len(spec) > _MAX_SPEC_LENGTH:
            return None
        alternatives = [_alternative_bound(part) for part in spec.split("||")]
    except ValueError:
        return None
    if not alternatives or any(bound is None for bound in alternatives):
        return None
    bound = min(bound for bound in alternatives if bound is not None)
    if bound[0] not in (2, 3) or bound[1] > 99:
        return None
    return bound


def _from_pyproject(path: Path) -> str | None:
    import tomllib  # here, not at the top: most runs read no pyproject.toml, and flake8 never imports it

    with path.open("rb") as file:
        data = tomllib.load(file)
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
    parser.read(path, encoding="utf-8")
    value = parser.get("options", "python_requires", fallback=None)
    return value if isinstance(value, str) else None


def _never_raises(read: Callable[[Path], _T | None], path: Path) -> _T | None:
    """``read(path)``, or None for any problem with the file (it is the checked project's, not ours)."""
    try:
        return read(path)
    except Exception:  # malformed, unreadable, nested too deeply (RecursionError), huge numbers
        return None


# -- where the project is ---------------------------------------------------------------------

_DIRS: dict[str, str | None] = {}  # directory -> its project directory (None: none)
_TARGETS: dict[str | None, PythonTarget] = {}
_FIRST_PARTY: dict[str, frozenset[str]] = {}
_TOP_PACKAGES: dict[str, str] = {}


def _home() -> str | None:
    try:
        return os.path.realpath(os.path.expanduser("~"))
    except (OSError, RuntimeError, ValueError):
        return None


_HOME: Final = _home()


def _absolute(path: str) -> str:
    try:
        return os.path.abspath(path)
    except (OSError, ValueError):  # a vanished working directory
        return path


def _directory_project(directory: str) -> str | None:
    cached = _DIRS.get(directory, False)
    if cached is not False:
        return cached if isinstance(cached, str) else None
    found: str | None = None
    walked: list[str] = []
    current = directory
    while True:
        known = _DIRS.get(current, False)
        if known is not False:
            found = known if isinstance(known, str) else None
            break
        walked.append(current)
        parent = os.path.dirname(current)
        if current == _HOME or parent == current:
            break  # the home directory and the root are not projects
        try:
            if any(os.path.isfile(os.path.join(current, name)) for name in PROJECT_FILES):
                found = current
                break
        except (OSError, ValueError):
            break
        current = parent
    for directory_walked in walked:
        _DIRS[directory_walked] = found
    return found


def project_dir(path: str) -> str | None:
    """The project directory of the file at ``path`` (absolute), or None when it has none."""
    if path in ("", "-", "stdin", "<stdin>", "<unknown>"):
        path = os.path.join(_absolute(os.curdir), "stdin.py")
    return _directory_project(os.path.dirname(_absolute(path)))


def project_parts(path: str) -> tuple[str, ...]:
    """The components of ``path`` relative to its project directory (else as given, without ``.``)."""
    absolute = _absolute(path)
    root = project_dir(path)
    if root is not None:
        inside = absolute.startswith(root.rstrip(os.sep) + os.sep)
        relative = os.path.relpath(absolute, root) if inside else absolute
    else:
        relative = path
    return tuple(part for part in relative.replace("\\", "/").split("/") if part not in ("", ".", ".."))


def python_target(path: str) -> PythonTarget:
    """The oldest Python the project of ``path`` supports (see the module docstring)."""
    root = project_dir(path)
    cached = _TARGETS.get(root)
    if cached is not None:
        return cached
    target = DEFAULT_TARGET
    if root is not None:
        spec: str | None = None
        pyproject = Path(root, "pyproject.toml")
        setup_cfg = Path(root, "setup.cfg")
        if pyproject.is_file():
            spec = _never_raises(_from_pyproject, pyproject)
        if spec is None and setup_cfg.is_file():
            spec = _never_raises(_from_setup_cfg, setup_cfg)
        bound = lower_bound(spec) if spec is not None else None
        if bound is not None:
            target = bound
    _TARGETS[root] = target
    return target


# -- first-party packages --------------------------------------------------------------------------


def top_package_dir(path: str) -> str:
    """The directory that holds the file's top-level package (the file's own directory if it is in none)."""
    directory = os.path.dirname(_absolute(path))
    cached = _TOP_PACKAGES.get(directory)
    if cached is not None:
        return cached
    current = directory
    try:
        while os.path.isfile(os.path.join(current, "__init__.py")):
            parent = os.path.dirname(current)
            if parent == current:
                break
            current = parent
    except (OSError, ValueError):
        current = directory
    _TOP_PACKAGES[directory] = current
    return current


def _importable_names(directory: str) -> set[str]:
    names: set[str] = set()
    try:
        entries = os.listdir(directory)
    except (OSError, ValueError):
        return names
    for entry in entries:
        stem, dot, suffix = entry.partition(".")
        if dot and suffix in ("py", "pyi") and stem.isidentifier():
            names.add(stem)
        elif not dot and entry.isidentifier():
            try:
                if os.path.isdir(os.path.join(directory, entry)):
                    names.add(entry)
            except (OSError, ValueError):
                continue
    return names


def first_party(path: str) -> frozenset[str]:
    """Top-level module names the project of ``path`` provides itself.

    The packages and modules in the project directory and its ``src/``, and those next to the
    file's own top-level package (a project without a project file, or a monorepo member).
    """
    top = top_package_dir(path)
    root = project_dir(path)
    key = f"{root}\0{top}"
    cached = _FIRST_PARTY.get(key)
    if cached is not None:
        return cached
    names = _importable_names(top)
    if root is not None:
        names |= _importable_names(root) | _importable_names(os.path.join(root, "src"))
    found = frozenset(names)
    _FIRST_PARTY[key] = found
    return found

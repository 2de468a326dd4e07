"""File roles: what a checked file is for (app, test, example, script, migration).

Findings are only worth having where the standard is meant to hold: a `dict` returned by a test
helper or a `os.getenv` in a one-off script is not a design flaw of the application. Every
checked file gets one role, from its path and, for scripts, its content; each catalog rule
declares the roles it applies to (``Rule.applies_to``), and both plugins drop a rule's findings
in files of other roles. This module is the one definition of roles for both plugins; it
imports nothing but the standard library, so loading a plugin stays cheap.

**From the path.** The path is taken relative to the file's project directory (the nearest
directory above it holding a ``pyproject.toml`` or ``setup.cfg``, see
:mod:`pyexpert_core.project`), so where the project itself lives does not matter. A role's
globs (configurable, defaults in :data:`DEFAULT_GLOBS`) are of three kinds:

* ``tests/`` (ends with ``/``): a directory of that name anywhere in the path;
* ``test_*.py`` (no ``/``): the file name;
* ``app/conf/*.py`` (a ``/`` inside): the trailing components of the path.

When globs of several roles match, the innermost match wins (a file name beats its directory,
``examples/app/tests/test_x.py`` is a test); at equal depth the order of :data:`PRECEDENCE`.

**From the content.** A file no glob matches is ``app`` code, unless its imports or its entry
say otherwise: a module that imports ``alembic`` at top level is a migration (Alembic's
``env.py`` and revision files, wherever the project keeps them), and a module whose only entry
is a ``if __name__ == "__main__":`` guard is a script: one with such a guard at top level that
imports no web framework (``fastapi``, ``starlette``). (``main.py`` creating a FastAPI app and
calling ``uvicorn.run`` under the guard stays app code.)
"""

from __future__ import annotations

import enum
import fnmatch
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Final, NamedTuple

__all__ = [
    "ALL_ROLES",
    "APP_ONLY",
    "DEFAULT_GLOBS",
    "PRECEDENCE",
    "MIGRATION_PACKAGES",
    "WEB_FRAMEWORKS",
    "Role",
    "RoleGlobs",
    "parse_globs",
    "role_of",
]


class Role(enum.Enum):
    """What a checked file is for."""

    APP = "app"
    TEST = "test"
    EXAMPLE = "example"
    SCRIPT = "script"
    MIGRATION = "migration"


ALL_ROLES: Final = frozenset(Role)
APP_ONLY: Final = frozenset({Role.APP})

#: The default globs of each role other than ``app`` (``app`` is whatever matches none).
DEFAULT_GLOBS: Final[Mapping[Role, tuple[str, ...]]] = {
    Role.TEST: ("tests/", "test/", "test_*.py", "*_test.py", "conftest.py"),
    Role.EXAMPLE: ("examples/", "example/", "demo/", "demos/", "docs/", "docs_src/"),
    Role.SCRIPT: ("scripts/", "bin/", "__main__.py"),
    Role.MIGRATION: ("alembic/", "migrations/"),
}

#: Which role wins when globs of two roles match at the same depth.
PRECEDENCE: Final = (Role.TEST, Role.MIGRATION, Role.SCRIPT, Role.EXAMPLE)

#: Top-level packages whose import makes a ``__main__``-guarded module a web entry point, not a script.
WEB_FRAMEWORKS: Final = frozenset({"fastapi", "starlette"})
#: Top-level packages whose import makes a module a migration.
MIGRATION_PACKAGES: Final = frozenset({"alembic"})


def parse_globs(value: str | Iterable[str]) -> tuple[str, ...]:
    """Comma- or newline-separated globs (or an iterable of them), validated; ``ValueError`` if bad."""
    items = value.replace("\n", ",").split(",") if isinstance(value, str) else list(value)
    globs: list[str] = []
    for raw in items:
        glob = raw.strip().replace("\\", "/")
        if not glob:
            continue
        if any(char.isspace() for char in glob):
            raise ValueError(f"{glob!r} is not a glob (it contains white space)")
        stripped = glob.lstrip("/")
        if not stripped or stripped == "/" or set(stripped) <= {"/"}:
            raise ValueError(f"{glob!r} is not a glob of a file or directory name")
        if stripped.startswith("./"):
            stripped = stripped[2:]
        globs.append(stripped)
    return tuple(globs)


class RoleGlobs(NamedTuple):
    """The globs of the four non-app roles (see the module docstring for their syntax)."""

    test: tuple[str, ...] = DEFAULT_GLOBS[Role.TEST]
    example: tuple[str, ...] = DEFAULT_GLOBS[Role.EXAMPLE]
    script: tuple[str, ...] = DEFAULT_GLOBS[Role.SCRIPT]
    migration: tuple[str, ...] = DEFAULT_GLOBS[Role.MIGRATION]

    def for_role(self, role: Role) -> tuple[str, ...]:
        return {
            Role.TEST: self.test,
            Role.EXAMPLE: self.example,
            Role.SCRIPT: self.script,
            Role.MIGRATION: self.migration,
        }.get(role, ())


_MAGIC: Final = frozenset("*?[")


def _matches(name: str, pattern: str) -> bool:
    """``fnmatch.fnmatchcase``, but a pattern without wildcards (most role globs: ``tests``,
    ``conftest.py``) is compared as text rather than compiled to a regular expression."""
    if _MAGIC.isdisjoint(pattern):
        return name == pattern
    return fnmatch.fnmatchcase(name, pattern)


def _match_depth(glob: str, parts: Sequence[str]) -> int:
    """How deep in ``parts`` the innermost match of ``glob`` is (-1: no match).

    The file name is at depth ``len(parts) - 1``; a directory component at its index.
    """
    if not parts:
        return -1
    last = len(parts) - 1
    if glob.endswith("/"):
        pattern = glob.rstrip("/")
        if "/" in pattern:
            width = pattern.count("/") + 1
            for end in range(last - 1, width - 2, -1):  # directories only: never the file name
                if _matches("/".join(parts[end - width + 1: end + 1]), pattern):
                    return end
            return -1
        for index in range(last - 1, -1, -1):
            if _matches(parts[index], pattern):
                return index
        return -1
    if "/" in glob:
        for start in range(last, -1, -1):
            if _matches("/".join(parts[start:]), glob):
                return last
        return -1
    return last if _matches(parts[last], glob) else -1


def role_of(parts: Sequence[str], globs: RoleGlobs, *, main_guard: bool, imported: Collection[str]) -> Role:
    """The role of a file from its path components (relative to its project) and its content.

    ``main_guard``: the module has a top-level ``if __name__ == "__main__":``; ``imported``: the
    top-level packages it imports at module level.
    """
    best: tuple[int, int, Role] | None = None  # (depth, -precedence rank, role)
    for rank, role in enumerate(PRECEDENCE):
        for glob in globs.for_role(role):
            depth = _match_depth(glob, parts)
            if depth < 0:
                continue
            candidate = (depth, -rank, role)
            if best is None or candidate[:2] > best[:2]:
                best = candidate
    if best is not None:
        return best[2]
    if not MIGRATION_PACKAGES.isdisjoint(imported):
        return Role.MIGRATION
    if main_guard and WEB_FRAMEWORKS.isdisjoint(imported):
        return Role.SCRIPT
    return Role.APP

"""The parts of mypy's internals that differ between the supported mypy releases.

The plugin supports the mypy releases in :data:`SUPPORTED` (the ``mypy`` extra's range). Where an
attribute or a signature the rules use changed between them, the difference is bridged here,
once, and nowhere else; every other module uses mypy's API as the newest supported release has
it. :func:`check_version` turns an unsupported mypy into one clear line when the plugin loads.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from mypy.checker import TypeChecker
from mypy.nodes import MypyFile, TypeAlias, TypeInfo
from mypy.options import Options

__all__ = [
    "DAEMON_SUPPORTED",
    "SUPPORTED",
    "UnsupportedMypy",
    "alias_module",
    "check_daemon",
    "check_version",
    "current_class",
    "deprecated_calls_exclude",
    "release",
    "set_deprecated_calls_exclude",
]

#: The oldest supported release and the first unsupported one, as ``(major, minor)``.
SUPPORTED: Final = ((1, 15), (2, 5))


class UnsupportedMypy(RuntimeError):
    """The running mypy is outside :data:`SUPPORTED`."""


def release(version: str) -> tuple[int, int] | None:
    """``(major, minor)`` of a mypy version string (``"1.20.2"``, ``"2.4.0+dev.abc"``), or None."""
    match = re.match(r"(\d+)\.(\d+)", version)
    return (int(match.group(1)), int(match.group(2))) if match else None


def check_version(version: str) -> None:
    """Raise :class:`UnsupportedMypy` with one line naming the supported range, if ``version``
    (what mypy passes to a plugin's entry point) is outside it."""
    running = release(version)
    (low_major, low_minor), (high_major, high_minor) = SUPPORTED
    if running is None or not (low_major, low_minor) <= running < (high_major, high_minor):
        raise UnsupportedMypy(
            f"mypy_pyexpert supports mypy {low_major}.{low_minor} up to (not including) "
            f"{high_major}.{high_minor}; this is mypy {version}. Install a supported mypy: "
            f"pip install 'flake8-pyexpert[mypy]'"
        )


#: The first release whose daemon (dmypy) keeps a plugin's findings across edits.
DAEMON_SUPPORTED: Final = (2, 0)


def check_daemon(version: str, options: Options) -> None:
    """Raise :class:`UnsupportedMypy` when ``options`` are a daemon's (dmypy: fine-grained mode)
    and this mypy's daemon would lose findings: mypy 1.x re-analyses the dependents of an edit
    after their errors were written out, so a plugin's findings there are dropped. Plain mypy
    runs are fine on every supported release."""
    running = release(version)
    if options.fine_grained_incremental and (running is None or running < DAEMON_SUPPORTED):
        major, minor = DAEMON_SUPPORTED
        raise UnsupportedMypy(
            f"mypy_pyexpert under dmypy needs mypy {major}.{minor} or later (this is mypy {version}, "
            f"whose daemon drops a plugin's findings after an edit); run plain mypy, or upgrade mypy"
        )


def deprecated_calls_exclude(options: Options) -> list[str] | None:
    """``options.deprecated_calls_exclude``, or None where mypy has no such option (mypy 1.15)."""
    value: list[str] | None = getattr(options, "deprecated_calls_exclude", None)
    return value


def set_deprecated_calls_exclude(options: Options, value: list[str]) -> None:
    setattr(options, "deprecated_calls_exclude", value)  # noqa: B010 - not an attribute in mypy 1.15


def current_class(api: TypeChecker) -> TypeInfo | None:
    """The innermost class whose body (or a method of it, at any depth) is being checked
    (``CheckerScope.current_class``, which mypy 1.x lacks)."""
    for item in reversed(api.scope.stack):
        if isinstance(item, TypeInfo):
            return item
    return None


def alias_module(alias: TypeAlias, modules: Mapping[str, MypyFile]) -> str:
    """The module that defines ``alias``: ``TypeAlias.module`` where mypy has it (not 1.15); else
    the longest prefix of its fullname that names a module of the build."""
    module: str | None = getattr(alias, "module", None)
    if module is not None:
        return module
    prefix = alias.fullname
    while "." in prefix:
        prefix = prefix.rpartition(".")[0]
        if prefix in modules:
            return prefix
    return prefix

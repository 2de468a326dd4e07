"""The plugin never crashes mypy: a rule's analysis that meets an unexpected shape finds nothing.

Rule callbacks wrap their pyexpert-specific analysis in :func:`analysis_guard`. It swallows only
the exceptions an unexpected AST or type shape raises in our own code (attribute, lookup, type,
value and assertion errors, runaway recursion). mypy's own control flow (``CompileError`` for
blocking errors, ``SystemExit``, ``KeyboardInterrupt``) is never caught.

Set ``PYEXPERT_MYPY_DEBUG=1`` to re-raise instead: the test suite does, so a bug in a rule shows
up as a failing test rather than as a silent miss.
"""

from __future__ import annotations

import os
from types import TracebackType
from typing import Final

__all__ = ["DEBUG_ENV", "analysis_guard"]

DEBUG_ENV: Final = "PYEXPERT_MYPY_DEBUG"

_SHAPE_ERRORS: Final = (AttributeError, LookupError, TypeError, ValueError, AssertionError, RecursionError)


class _Guard:
    """The context manager :func:`analysis_guard` returns: stateless, so one instance serves every
    use (a generator-based one would cost a generator per class and per call mypy analyses)."""

    __slots__ = ()

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> bool:
        if kind is None or not issubclass(kind, _SHAPE_ERRORS):
            return False
        return os.environ.get(DEBUG_ENV) != "1"  # noqa: PX208 - a developer switch, not app settings


_GUARD: Final = _Guard()


def analysis_guard() -> _Guard:
    """Run a rule's analysis; an unexpected shape means "no finding" (unless debugging)."""
    return _GUARD

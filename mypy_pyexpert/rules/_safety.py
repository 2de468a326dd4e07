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
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

__all__ = ["DEBUG_ENV", "analysis_guard"]

DEBUG_ENV: Final = "PYEXPERT_MYPY_DEBUG"

_SHAPE_ERRORS: Final = (AttributeError, LookupError, TypeError, ValueError, AssertionError, RecursionError)


@contextmanager
def analysis_guard() -> Iterator[None]:
    """Run a rule's analysis; an unexpected shape means "no finding" (unless debugging)."""
    try:
        yield
    except _SHAPE_ERRORS:
        if os.environ.get(DEBUG_ENV) == "1":  # noqa: PX208 - a developer switch, not app settings
            raise

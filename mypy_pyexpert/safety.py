"""The plugin never crashes mypy, and a rule that fails says so once instead of vanishing.

Rule callbacks wrap their pyexpert-specific analysis in :func:`analysis_guard`. It catches only
the exceptions an unexpected AST or type shape raises in our own code (attribute, lookup, type,
value and assertion errors, runaway recursion); mypy's own control flow (``CompileError`` for
blocking errors, ``SystemExit``, ``KeyboardInterrupt``) passes through. A caught failure in a
file mypy reports becomes one mypy *note* at the node being analysed, naming the rules and the
exception and asking for a bug report; it is noted once per rule group and process, and the
rule reports nothing for that node. A note does not change mypy's exit status.

Set ``PYEXPERT_MYPY_DEBUG=1`` to re-raise instead: the test suite does, so a bug in a rule shows
up as a failing test rather than as a note.
"""

from __future__ import annotations

import os
from types import TracebackType
from typing import Final

from mypy.checker import TypeChecker
from mypy.errors import Errors
from mypy.nodes import Context
from mypy.semanal import SemanticAnalyzer
from mypy.typeanal import TypeAnalyser

from mypy_pyexpert.types import is_reported_path

__all__ = ["DEBUG_ENV", "analysis_guard", "crash_note"]

DEBUG_ENV: Final = "PYEXPERT_MYPY_DEBUG"

_SHAPE_ERRORS: Final = (AttributeError, LookupError, TypeError, ValueError, AssertionError, RecursionError)
_MAX_DETAIL: Final = 160

#: Rule groups (``"PX301"``, ``"PX401, PX604, PX605"``) whose failure this process has noted.
_NOTED: set[str] = set()


def crash_note(rules: str, error: BaseException) -> str:
    """The text of the note that reports a failure of ``rules``' analysis."""
    detail = " ".join(f"{type(error).__name__}: {error}".split())
    if len(detail) > _MAX_DETAIL:
        detail = detail[: _MAX_DETAIL - 3] + "..."
    return (
        f"pyexpert: the analysis of {rules} failed here ({detail}) and reported nothing for this "
        f"code; please report it to pyexpert's issue tracker with this code "
        f"({DEBUG_ENV}=1 shows the traceback)"
    )


def _errors(api: object) -> Errors | None:
    if isinstance(api, TypeChecker | SemanticAnalyzer):
        return api.errors
    if isinstance(api, TypeAnalyser) and isinstance(api.api, SemanticAnalyzer):
        return api.api.errors
    return None


def _note(rules: str, api: object, context: Context, error: BaseException) -> None:
    errors = _errors(api)
    if errors is None or rules in _NOTED or errors.file == "" or not is_reported_path(errors, errors.file):
        return
    _NOTED.add(rules)
    watchers = errors._watchers
    errors._watchers = []  # a note, like a finding, takes no part in mypy's speculative passes
    try:
        errors.report(context.line, context.column, crash_note(rules, error), severity="note")
    finally:
        errors._watchers = watchers


class _Guard:
    """The context manager of :func:`analysis_guard` (slotted: mypy enters one per class and per
    hooked call it analyses)."""

    __slots__ = ("_api", "_context", "_rules")

    def __init__(self, rules: str, api: object, context: Context) -> None:
        self._rules = rules
        self._api = api
        self._context = context

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> bool:
        if kind is None or error is None or not issubclass(kind, _SHAPE_ERRORS):
            return False
        if os.environ.get(DEBUG_ENV) == "1":  # noqa: PX208 - a developer switch, not app settings
            return False
        try:
            _note(self._rules, self._api, self._context, error)
        except Exception:  # reporting the failure must never fail mypy itself
            pass
        return True


def analysis_guard(rules: str, api: object, context: Context) -> _Guard:
    """Run the analysis of ``rules`` (codes, as the note names them) for ``context``, which ``api``
    (the hook's ``ctx.api``) is analysing: an unexpected shape means "no finding" and one note."""
    return _Guard(rules, api, context)

"""PX307 thread-lock-in-coroutine: ``with lock:`` on a ``threading`` lock inside ``async def``.

Two places acquire a lock: a ``with`` item (``visit_With``) and an ``.acquire(...)`` call
(``visit_Call``: the attribute name is tested first, then the scope). What the lock *is*
comes from the semantic model (:meth:`SemanticModel.bound_type`): a ``threading.Lock()`` call
right there, or a name / ``self.<attr>`` / class attribute every binding of which creates (or
is annotated as) one, resolved through imports. Unknown origins are never flagged.

A non-blocking ``acquire(False)``/``acquire(blocking=False)``/``acquire(timeout=0)`` never
waits, so it is not flagged.
"""

from __future__ import annotations

import ast
from typing import Final

from flake8_pyexpert.runner import Check
from pyexpert_core.rules.px3 import THREAD_LOCK_IN_COROUTINE

__all__ = ["ThreadLockInCoroutine"]

#: threading primitive -> its asyncio counterpart (RLock has none: asyncio.Lock is the nearest).
THREAD_LOCKS: Final[dict[str, str]] = {
    "threading.Lock": "Lock",
    "threading.RLock": "Lock",
    "threading.Condition": "Condition",
    "threading.Semaphore": "Semaphore",
    "threading.BoundedSemaphore": "BoundedSemaphore",
}


def _non_blocking(call: ast.Call) -> bool:
    """``acquire(False)``, ``acquire(blocking=False)``, ``acquire(timeout=0)``: never waits."""
    for index, arg in enumerate(call.args):
        if isinstance(arg, ast.Constant) and (
            (index == 0 and arg.value is False) or (index == 1 and arg.value == 0)
        ):
            return True
    for keyword in call.keywords:
        value = keyword.value
        if keyword.arg == "blocking" and isinstance(value, ast.Constant) and value.value is False:
            return True
        if keyword.arg == "timeout" and isinstance(value, ast.Constant) and value.value == 0:
            return True
    return False


class ThreadLockInCoroutine(Check):
    rules = (THREAD_LOCK_IN_COROUTINE,)

    def visit_With(self, node: ast.With) -> None:
        if not self.model.in_async:
            return
        for item in node.items:
            self._check(item.context_expr, item.context_expr)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if not (isinstance(func, ast.Attribute) and func.attr == "acquire"):
            return
        if not self.model.in_async or _non_blocking(node):
            return
        self._check(func.value, node)

    def _check(self, lock: ast.expr, where: ast.AST) -> None:
        if not isinstance(lock, ast.Name | ast.Attribute | ast.Call):
            return
        kind = self.model.bound_type(lock)
        replacement = THREAD_LOCKS.get(kind or "")
        if replacement is None:
            return
        self.report(where, THREAD_LOCK_IN_COROUTINE, lock=ast.unparse(lock), kind=kind, replacement=replacement)

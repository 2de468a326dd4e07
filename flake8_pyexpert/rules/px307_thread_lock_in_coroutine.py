"""PX307 thread-lock-in-coroutine: ``with lock:`` on a ``threading`` lock inside ``async def``.

Two places acquire a lock: a ``with`` item (``visit_With``) and an ``.acquire(...)`` call
(``visit_Call``: the attribute name is tested first, then the scope). What the lock *is*
comes from the semantic model (:meth:`SemanticModel.bound_type`): a ``threading.Lock()`` call
right there, or a name / ``self.<attr>`` / class attribute every binding of which creates (or
is annotated as) one, resolved through imports. Unknown origins are never flagged.

Flagged when the held region contains an ``await`` (the event loop can switch to another
coroutine while the thread lock is held: a deadlock waiting to happen), or when the lock is
used only from coroutines in its module (an ``asyncio`` lock is what it should be). The held
region is the body of the ``with``; for ``.acquire()``, the rest of the function up to a
``.release()`` of the same lock. A lock that sync code of the module also uses (a ``def`` or a
``lambda`` mentions it: it is shared with threads) and that is held across no ``await`` is left
alone: an ``asyncio.Lock`` would not protect it.

A non-blocking ``acquire(False)``/``acquire(blocking=False)``/``acquire(timeout=0)`` never
waits, so it is not flagged.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Final

from flake8_pyexpert.runner import Check
from flake8_pyexpert.semantic.tree import NESTED_SCOPES, position, scope_nodes, walk_nodes
from pyexpert_core.metadata import THREAD_LOCK_IN_COROUTINE

__all__ = ["ThreadLockInCoroutine"]

#: threading primitive -> its asyncio counterpart (RLock has none: asyncio.Lock is the nearest).
THREAD_LOCKS: Final[dict[str, str]] = {
    "threading.Lock": "Lock",
    "threading.RLock": "Lock",
    "threading.Condition": "Condition",
    "threading.Semaphore": "Semaphore",
    "threading.BoundedSemaphore": "BoundedSemaphore",
}

_Key = tuple[str, ...]  # ("name", id) or ("attr", class name, attr): how a lock is mentioned


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


def _key(expr: ast.expr, owner: str | None) -> _Key | None:
    """How ``expr`` names a lock: a name, or ``<x>.<attr>`` in the class ``owner``."""
    if isinstance(expr, ast.Name):
        return ("name", expr.id)
    if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and owner is not None:
        return ("attr", owner, expr.attr)
    return None


def _has_await(nodes: list[ast.stmt]) -> bool:
    return any(isinstance(node, ast.Await) for node in scope_nodes(nodes))


class ThreadLockInCoroutine(Check):
    rules = (THREAD_LOCK_IN_COROUTINE,)

    _sync_uses: frozenset[_Key] | None = None

    def visit_With(self, node: ast.With) -> None:
        if not self.model.in_async:
            return
        for item in node.items:
            self._check(item.context_expr, item.context_expr, lambda: _has_await(node.body))

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if not (isinstance(func, ast.Attribute) and func.attr == "acquire"):
            return
        if not self.model.in_async or _non_blocking(node):
            return
        self._check(func.value, node, lambda: self._awaits_while_held(node, func.value))

    def _check(self, lock: ast.expr, where: ast.AST, held_across_await: Callable[[], bool]) -> None:
        if not isinstance(lock, ast.Name | ast.Attribute | ast.Call):
            return
        kind = self.model.bound_type(lock)
        replacement = THREAD_LOCKS.get(kind or "")
        if replacement is None:
            return
        if not held_across_await() and self._shared_with_sync_code(lock):
            return
        self.report(where, THREAD_LOCK_IN_COROUTINE, lock=ast.unparse(lock), kind=kind, replacement=replacement)

    def _awaits_while_held(self, acquire: ast.Call, lock: ast.expr) -> bool:
        """An ``await`` after the acquire and before a ``.release()`` of the same lock, in the function."""
        function = self.model.current_function
        if function is None:
            return True
        start = position(acquire)
        spelled = ast.dump(lock)
        end: tuple[int, int] | None = None
        awaits: list[tuple[int, int]] = []
        for node in scope_nodes(function.body):
            where = position(node)
            if where <= start:
                continue
            if isinstance(node, ast.Await):
                awaits.append(where)
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "release"
                and ast.dump(node.func.value) == spelled
                and (end is None or where < end)
            ):
                end = where
        return any(end is None or where < end for where in awaits)

    def _shared_with_sync_code(self, lock: ast.expr) -> bool:
        cls = self.model.enclosing_class
        key = _key(lock, cls.name if cls is not None else None)
        if key is None:
            return False
        if self._sync_uses is None:
            self._sync_uses = frozenset(_sync_mentions(self.model.tree))
        return key in self._sync_uses


def _sync_mentions(tree: ast.AST) -> set[_Key]:
    """How locks are mentioned in sync functions and lambdas of the module (names, ``x.attr``)."""
    found: set[_Key] = set()
    todo: list[tuple[ast.AST, str | None]] = [(tree, None)]  # (node, enclosing class)
    while todo:
        node, owner = todo.pop()
        if isinstance(node, ast.ClassDef):
            owner = node.name
        if isinstance(node, ast.FunctionDef | ast.Lambda):
            body: list[ast.AST] = list(node.body) if isinstance(node, ast.FunctionDef) else [node.body]
            for inner in walk_nodes(body, NESTED_SCOPES):
                if isinstance(inner, ast.Name | ast.Attribute) and isinstance(inner.ctx, ast.Load):
                    key = _key(inner, owner)
                    if key is not None:
                        found.add(key)
        todo.extend((child, owner) for child in ast.iter_child_nodes(node))
    return found

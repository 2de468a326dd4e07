"""PX306 acquire-without-release: ``await x.acquire()`` with no ``try``/``finally: x.release()``.

``visit_Await`` (awaits are rare) tests ``<receiver>.acquire(...)`` first, then that the await
is a whole statement (``await x.acquire()``) or a whole assigned value (``conn = await
pool.acquire()``), and that the receiver is a name/attribute/subscript chain. Receivers are
compared structurally (``ast.dump`` without positions): ``self.pool`` matches ``self.pool``.

Released properly, so not flagged, when between the statement and its function:

* a later statement of the same block, or of an enclosing block, is (or contains, e.g. under
  ``if acquired:``) a ``try:`` whose ``finally:`` calls ``<receiver>.release(...)``; or
* an enclosing ``try:`` (the acquire in its body) has such a ``finally:``.

Also not flagged (hand-offs and wrappers, see the rule's rationale): ``__aenter__``,
``__enter__`` and methods named ``acquire``; ``await self.acquire()`` (a lock class using its
own protocol); a function that passes ``<receiver>.release`` as a value, calls it in a nested
function/lambda, or calls it before the acquire (re-acquiring for the caller, like
``Condition.wait``); a ``self.<attr>`` receiver released by another method of the same class;
an ``aiolimiter.AsyncLimiter``.
"""

from __future__ import annotations

import ast
from typing import Final

from flake8_pyexpert.runner import Check, FileContext
from flake8_pyexpert.semantic import scope_nodes
from pyexpert_core.rules.px3 import ACQUIRE_WITHOUT_RELEASE

__all__ = ["AcquireWithoutRelease"]

_WRAPPER_METHODS: Final = frozenset({"__aenter__", "__enter__", "acquire"})
_NO_RELEASE_TYPES: Final = frozenset({"aiolimiter.AsyncLimiter", "aiolimiter.leakybucket.AsyncLimiter"})
_NESTED: Final = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_SELF_NAMES: Final = frozenset({"self", "cls"})

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


def _key(expr: ast.expr) -> str | None:
    """A structural key of a name/attribute/subscript chain (``None`` for anything else)."""
    inner = expr
    while isinstance(inner, ast.Attribute | ast.Subscript):
        inner = inner.value
    return ast.dump(expr) if isinstance(inner, ast.Name) else None


def _releases(nodes: list[ast.stmt], key: str) -> bool:
    """Whether ``nodes`` call ``<key>.release(...)`` (outside nested functions)."""
    for node in scope_nodes(nodes):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "release"
            and ast.dump(node.func.value) == key
        ):
            return True
    return False


def _block_of(parent: ast.AST, stmt: ast.stmt) -> list[ast.stmt] | None:
    """The statement list of ``parent`` that holds ``stmt``."""
    for name in ("body", "orelse", "finalbody"):
        block = getattr(parent, name, None)
        if isinstance(block, list) and any(s is stmt for s in block):
            return block
    return None


class AcquireWithoutRelease(Check):
    rules = (ACQUIRE_WITHOUT_RELEASE,)

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        # class -> {receiver key -> functions that release it}
        self._class_releases: dict[ast.ClassDef, dict[str, set[ast.AST]]] = {}

    def visit_Await(self, node: ast.Await) -> None:
        call = node.value
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "acquire"):
            return
        stmt = self.model.parent(node)
        if not (
            isinstance(stmt, ast.Expr) or (isinstance(stmt, ast.Assign | ast.AnnAssign) and stmt.value is node)
        ):
            return
        function = self.model.current_function
        if function is None or function.name in _WRAPPER_METHODS:
            return
        receiver = call.func.value
        if isinstance(receiver, ast.Name) and receiver.id in _SELF_NAMES:
            return  # a lock class acquiring itself: implementing the primitive
        key = _key(receiver)
        if key is None or self._released_after(stmt, function, key):
            return
        if self._handed_off(function, key, node) or self._released_elsewhere(receiver, function, key):
            return
        if self.model.bound_type(receiver) in _NO_RELEASE_TYPES:
            return
        spelled = ast.unparse(receiver)
        self.report(node, ACQUIRE_WITHOUT_RELEASE, receiver=spelled)

    def _released_after(self, stmt: ast.stmt, function: FunctionNode, key: str) -> bool:
        child: ast.AST = stmt
        parent = self.model.parent(stmt)
        while parent is not None:
            if isinstance(parent, ast.Try | ast.TryStar):
                if any(s is child for s in parent.body) and _releases(parent.finalbody, key):
                    return True
            if isinstance(child, ast.stmt):
                block = _block_of(parent, child)
                if block is not None:
                    index = next(i for i, s in enumerate(block) if s is child)
                    for later in scope_nodes(block[index + 1:]):
                        if isinstance(later, ast.Try | ast.TryStar) and _releases(later.finalbody, key):
                            return True
            if parent is function:
                return False
            child = parent
            parent = self.model.parent(parent)
        return False

    @staticmethod
    def _handed_off(function: FunctionNode, key: str, acquire: ast.Await) -> bool:
        """``<receiver>.release`` used as a value, called in a nested function or lambda, or
        called before the acquire (re-acquiring for the caller, as ``Condition.wait`` does)."""
        where = (acquire.lineno, acquire.col_offset)
        for node in scope_nodes(function.body):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "release"
                and (node.lineno, node.col_offset) < where
                and ast.dump(node.func.value) == key
            ):
                return True
            if isinstance(node, _NESTED):
                if any(
                    isinstance(n, ast.Attribute) and n.attr == "release" and ast.dump(n.value) == key
                    for n in ast.walk(node)
                ):
                    return True
            elif isinstance(node, ast.Call):
                for arg in (*node.args, *(k.value for k in node.keywords)):
                    if isinstance(arg, ast.Attribute) and arg.attr == "release" and ast.dump(arg.value) == key:
                        return True
        return False

    def _released_elsewhere(self, receiver: ast.expr, function: FunctionNode, key: str) -> bool:
        """A ``self.<attr>`` receiver that another method of the enclosing class releases."""
        if not (isinstance(receiver, ast.Attribute) and isinstance(receiver.value, ast.Name)):
            return False
        cls = self.model.enclosing_class
        if cls is None:
            return False
        releases = self._class_releases.get(cls)
        if releases is None:
            releases = self._class_releases[cls] = {}
            for method in cls.body:
                if not isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for node in ast.walk(method):
                    if isinstance(node, ast.Attribute) and node.attr == "release":
                        releases.setdefault(ast.dump(node.value), set()).add(method)
        return any(method is not function for method in releases.get(key, ()))

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
``__enter__`` and *methods* named ``acquire`` (a module-level ``async def acquire(...)`` is an
ordinary function and is checked); ``await self.acquire()`` (a lock class using its own
protocol); a function that passes ``<receiver>.release`` as a value, calls it in a nested
function/lambda, or calls it before the acquire (re-acquiring for the caller, like
``Condition.wait``); a resource kept by an object whose class releases it in another method:
the receiver ``<obj>.<attr>`` (``self.pool``, or ``obj.pool`` of the instance a classmethod
factory builds) is released as ``<any>.<attr>.release(...)`` in another method of the class,
or the acquired value is stored on ``<obj>.<attr>`` and another method of the class reads
``.<attr>`` in a ``release``/``close`` call; an ``aiolimiter.AsyncLimiter``; an ``acquire`` that
takes positional arguments (``await locks.acquire(key)``, ``await leases.acquire(session,
ttl_s=30)``): asyncio's locks, semaphores and conditions and the connection pools take none, so
this is another API (a keyed lock, a lease row that expires by itself), which ``async with x:``
cannot replace.
"""

from __future__ import annotations

import ast
from typing import Final

from flake8_pyexpert.runner import Check, FileContext
from flake8_pyexpert.semantic.tree import FunctionNode, scope_nodes
from pyexpert_core.metadata import ACQUIRE_WITHOUT_RELEASE

__all__ = ["AcquireWithoutRelease"]

_WRAPPER_METHODS: Final = frozenset({"__aenter__", "__enter__", "acquire"})
_RELEASERS: Final = frozenset({"release", "close", "aclose"})
_NO_RELEASE_TYPES: Final = frozenset({"aiolimiter.AsyncLimiter", "aiolimiter.leakybucket.AsyncLimiter"})
_NESTED: Final = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_SELF_NAMES: Final = frozenset({"self", "cls"})


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
        # class -> {method -> what it releases, see _releases_by_method}
        self._class_releases: dict[ast.ClassDef, dict[ast.AST, set[tuple[str, tuple[str, ...]]]]] = {}

    def visit_Await(self, node: ast.Await) -> None:
        call = node.value
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "acquire"):
            return
        if call.args:
            return  # a keyed lock or a lease API: no ``async with`` form
        stmt = self.model.parent(node)
        if not (
            isinstance(stmt, ast.Expr) or (isinstance(stmt, ast.Assign | ast.AnnAssign) and stmt.value is node)
        ):
            return
        function = self.model.current_function
        if function is None:
            return
        if function.name in _WRAPPER_METHODS and isinstance(self.model.parent(function), ast.ClassDef):
            return  # a method implementing the acquire protocol for its caller
        receiver = call.func.value
        if isinstance(receiver, ast.Name) and receiver.id in _SELF_NAMES:
            return  # a lock class acquiring itself: implementing the primitive
        key = _key(receiver)
        if key is None or self._released_after(stmt, function, key):
            return
        if self._handed_off(function, key, node) or self._released_elsewhere(receiver, stmt, function):
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

    def _released_elsewhere(self, receiver: ast.expr, stmt: ast.stmt, function: FunctionNode) -> bool:
        """A resource kept by an object whose class releases it in another method (module docstring)."""
        cls = self.model.enclosing_class
        if cls is None:
            return False
        releases = self._class_releases.get(cls)
        if releases is None:
            releases = self._class_releases[cls] = _releases_by_method(cls)
        others = [chains for method, chains in releases.items() if method is not function]
        receiver_chain = _attribute_chain(receiver)
        if receiver_chain is not None and any(("release", receiver_chain) in chains for chains in others):
            return True
        targets: list[ast.expr] = []
        if isinstance(stmt, ast.Assign):
            targets = stmt.targets
        elif isinstance(stmt, ast.AnnAssign):
            targets = [stmt.target]
        for target in targets:
            stored = _attribute_chain(target)
            if stored is not None and any(("read", stored) in chains for chains in others):
                return True
        return False


def _attribute_chain(expr: ast.expr) -> tuple[str, ...] | None:
    """``self.db.pool`` -> ``("db", "pool")``: the attributes after the first name, if any."""
    attrs: list[str] = []
    while isinstance(expr, ast.Attribute):
        attrs.append(expr.attr)
        expr = expr.value
    if not isinstance(expr, ast.Name) or not attrs:
        return None
    return tuple(reversed(attrs))


def _releases_by_method(cls: ast.ClassDef) -> dict[ast.AST, set[tuple[str, tuple[str, ...]]]]:
    """Per method of ``cls``: ("release", chain) for each ``<name>.<chain>.release(...)``, and
    ("read", chain) for each ``<name>.<chain>`` read inside a release/close call."""
    found: dict[ast.AST, set[tuple[str, tuple[str, ...]]]] = {}
    for method in cls.body:
        if not isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        chains: set[tuple[str, tuple[str, ...]]] = set()
        for node in ast.walk(method):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr not in _RELEASERS:
                continue
            receiver = _attribute_chain(node.func.value)
            if receiver is not None and node.func.attr == "release":
                chains.add(("release", receiver))
            for part in ast.walk(node):
                if isinstance(part, ast.Attribute):
                    chain = _attribute_chain(part)
                    if chain is not None:
                        chains.add(("read", chain))
        found[method] = chains
    return found

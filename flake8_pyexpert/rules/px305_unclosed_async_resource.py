"""PX305 unclosed-async-resource: an async client/connection/file in a local name, never closed.

Candidates are recorded while the shared walk passes their assignments (``visit_Assign``,
``visit_AnnAssign``: a cheap callee-name test first, then the scope, then import resolution);
a function's body is read again only when it holds a candidate, once, when the walk leaves
the function (``leave_AsyncFunctionDef``).

A candidate's name is *clean* when any of its uses in the function

* enters it: ``async with <name>`` / ``async with <name> as x``;
* closes it inside a ``finally:``: ``<name>.aclose()``/``close()``/``dispose()`` (awaited or not);
* lets it escape: returned, yielded, awaited by name, passed as an argument to any call
  (``enter_async_context``, ``aclosing``, a constructor: ownership passes ambiguously, so the
  rule does not guess), an element of a container, the value of an assignment (to
  ``self.x``, ``app.state.x``, ``d[k]``, another name), part of a conditional expression, a
  close method used as a value (``stack.push_async_callback(c.aclose)``), or any mention in a
  nested function, lambda or class.

A name declared ``global``/``nonlocal`` is not local: never a candidate.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Final

from flake8_pyexpert.runner import Check, FileContext
from flake8_pyexpert.semantic.tree import FunctionNode, scope_nodes
from pyexpert_core.metadata import UNCLOSED_ASYNC_RESOURCE

__all__ = ["UnclosedAsyncResource"]

#: Qualified callee -> how the message spells it.
RESOURCE_FACTORIES: Final[dict[str, str]] = {
    "httpx.AsyncClient": "httpx.AsyncClient()",
    "httpx._client.AsyncClient": "httpx.AsyncClient()",
    "aiohttp.ClientSession": "aiohttp.ClientSession()",
    "aiohttp.client.ClientSession": "aiohttp.ClientSession()",
    "asyncpg.connect": "asyncpg.connect()",
    "asyncpg.connection.connect": "asyncpg.connect()",
    "aiofiles.open": "aiofiles.open()",
    "aiofiles.threadpool.open": "aiofiles.open()",
    "websockets.connect": "websockets.connect()",
    "websockets.client.connect": "websockets.connect()",
    "websockets.asyncio.client.connect": "websockets.connect()",
    "websockets.legacy.client.connect": "websockets.connect()",
}
_LAST_PARTS: Final = frozenset(name.rpartition(".")[2] for name in RESOURCE_FACTORIES)
_CLOSERS: Final = frozenset({"aclose", "close", "dispose"})
_CONTAINERS: Final = (ast.List, ast.Tuple, ast.Set, ast.Dict, ast.Starred)
_ESCAPING_PARENTS: Final = (
    ast.Return, ast.Yield, ast.YieldFrom, ast.Await, ast.keyword, ast.IfExp, ast.BoolOp,
    ast.Assign, ast.AnnAssign, ast.NamedExpr, ast.AugAssign, *_CONTAINERS,
)
_NESTED: Final = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)

ParentOf = Callable[[ast.AST], ast.AST | None]


class UnclosedAsyncResource(Check):
    rules = (UNCLOSED_ASYNC_RESOURCE,)

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        # async def -> [(name, the call, how to spell the resource)]
        self._candidates: dict[ast.AsyncFunctionDef, list[tuple[str, ast.Call, str]]] = {}

    def visit_Assign(self, node: ast.Assign) -> None:
        if len(node.targets) == 1:
            self._candidate(node.targets[0], node.value)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self._candidate(node.target, node.value)

    def _candidate(self, target: ast.expr, value: ast.expr) -> None:
        if not isinstance(target, ast.Name):
            return
        if isinstance(value, ast.Await):
            value = value.value
        if not isinstance(value, ast.Call):
            return
        func = value.func
        if isinstance(func, ast.Attribute):
            if func.attr not in _LAST_PARTS:
                return
        elif not isinstance(func, ast.Name):  # a bare name may be an alias: resolve it
            return
        if not self.model.in_async:
            return
        resource = RESOURCE_FACTORIES.get(self.model.resolve(func) or "")
        if resource is None or target.id not in self.model.scope.bindings:  # global/nonlocal
            return
        function = self.model.scope.node
        if isinstance(function, ast.AsyncFunctionDef):
            self._candidates.setdefault(function, []).append((target.id, value, resource))

    def leave_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        candidates = self._candidates.pop(node, None)
        if not candidates:
            return
        names = {name for name, _, _ in candidates}
        clean = self._clean_names(node, names)
        for name, call, resource in candidates:
            if name not in clean:
                self.report(call, UNCLOSED_ASYNC_RESOURCE, resource=resource, name=name)

    def _clean_names(self, function: FunctionNode, names: set[str]) -> set[str]:
        clean: set[str] = set()
        parent_of = self.model.parent
        for node in scope_nodes(function.body):
            if isinstance(node, _NESTED):
                if node is not function:
                    clean.update(n.id for n in ast.walk(node) if isinstance(n, ast.Name) and n.id in names)
                continue
            if not (isinstance(node, ast.Name) and node.id in names and isinstance(node.ctx, ast.Load)):
                continue
            if node.id in clean:
                continue
            if _is_clean_use(node, parent_of(node), function, parent_of):
                clean.add(node.id)
        return clean


def _is_clean_use(
    name: ast.Name,
    parent: ast.AST | None,
    function: FunctionNode,
    parent_of: ParentOf,
) -> bool:
    if parent is None:
        return False
    if isinstance(parent, ast.withitem):
        return True  # only AsyncWith/With have withitems; a sync with on it is its own business
    if isinstance(parent, ast.Call):
        return parent.func is not name  # an argument: ownership passes
    if isinstance(parent, _ESCAPING_PARENTS):
        if isinstance(parent, ast.Assign | ast.AnnAssign | ast.AugAssign | ast.NamedExpr):
            return parent.value is name
        return True
    if isinstance(parent, ast.Attribute) and parent.attr in _CLOSERS:
        grand = parent_of(parent)
        if not (isinstance(grand, ast.Call) and grand.func is parent):
            return True  # the close method as a value: registered as a callback
        return _in_finally(grand, function, parent_of)
    return False


def _in_finally(node: ast.AST, function: FunctionNode, parent_of: ParentOf) -> bool:
    child = node
    parent = parent_of(node)
    while parent is not None and parent is not function:
        if isinstance(parent, ast.Try | ast.TryStar) and any(stmt is child for stmt in parent.finalbody):
            return True
        child = parent
        parent = parent_of(parent)
    return False

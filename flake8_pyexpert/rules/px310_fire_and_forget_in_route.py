"""PX310 fire-and-forget-in-route: ``asyncio.create_task`` in a route handler, never awaited.

``visit_Call`` tests the callee's spelling first (``create_task``/``ensure_future``, or any
bare name: it may be an alias), then whether the call is directly in a route handler's body,
then resolves it (``tg.create_task`` and ``loop.create_task`` do not resolve to asyncio's).

Where the call's value goes decides:

* a bare statement (``asyncio.create_task(send_email())``): not reported here. The task is not
  kept at all, which mypy's ``unused-awaitable`` (in ``pyexpert preset mypy``) and ruff's RUF006
  report wherever it happens; one mistake, one report, so this rule defers to them;
* assigned to a local name: flagged when the handler is left, unless some use of the name
  awaits it (``await t``), hands it to ``asyncio.gather/wait/wait_for/shield/as_completed``
  (also inside a list or ``*args``), or lets it escape (returned, yielded, passed to any other
  call, stored in a container, on an attribute or in another name, used by a nested function);
* anything else (awaited directly, passed to a call, returned, stored): not flagged.
"""

from __future__ import annotations

import ast
from typing import Final

from flake8_pyexpert.runner import Check, FileContext
from flake8_pyexpert.semantic.tree import FunctionNode, scope_nodes
from pyexpert_core.metadata import FIRE_AND_FORGET_IN_ROUTE

__all__ = ["FireAndForgetInRoute"]

_SPAWNERS: Final = {
    "asyncio.create_task": "asyncio.create_task",
    "asyncio.tasks.create_task": "asyncio.create_task",
    "asyncio.ensure_future": "asyncio.ensure_future",
    "asyncio.tasks.ensure_future": "asyncio.ensure_future",
}
_SPAWNER_NAMES: Final = frozenset({"create_task", "ensure_future"})
_NEUTRAL_PARENTS: Final = (ast.Attribute, ast.Compare, ast.Subscript, ast.FormattedValue, ast.UnaryOp, ast.Expr)
_NESTED: Final = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


class FireAndForgetInRoute(Check):
    rules = (FIRE_AND_FORGET_IN_ROUTE,)

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        # handler -> [(task name, the call, how it is spelled)]
        self._named: dict[FunctionNode, list[tuple[str, ast.Call, str]]] = {}

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute):
            if func.attr not in _SPAWNER_NAMES:
                return
        elif not isinstance(func, ast.Name):
            return
        if not self.model.in_route_handler:
            return
        spawner = _SPAWNERS.get(self.model.resolve(func) or "")
        if spawner is None:
            return
        handler = self.model.current_function
        if handler is None:
            return
        parent = self.model.parent(node)
        if isinstance(parent, ast.Assign | ast.AnnAssign) and parent.value is node:
            targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
            if len(targets) == 1 and isinstance(targets[0], ast.Name):
                if targets[0].id in self.model.scope.bindings:  # not global/nonlocal
                    self._named.setdefault(handler, []).append((targets[0].id, node, spawner))

    def leave_FunctionDef(self, node: FunctionNode) -> None:
        named = self._named.pop(node, None)
        if not named:
            return
        kept = self._kept_names(node, {name for name, _, _ in named})
        for name, call, spawner in named:
            if name not in kept:
                self.report(call, FIRE_AND_FORGET_IN_ROUTE, call=spawner, handler=node.name)

    leave_AsyncFunctionDef = leave_FunctionDef

    def _kept_names(self, function: FunctionNode, names: set[str]) -> set[str]:
        """The task names that some use awaits, gathers or lets escape."""
        kept: set[str] = set()
        for node in scope_nodes(function.body):
            if isinstance(node, _NESTED):
                kept.update(n.id for n in ast.walk(node) if isinstance(n, ast.Name) and n.id in names)
                continue
            if isinstance(node, ast.Name) and node.id in names and isinstance(node.ctx, ast.Load):
                parent = self.model.parent(node)
                if parent is not None and not isinstance(parent, _NEUTRAL_PARENTS):
                    kept.add(node.id)  # awaited, an argument, returned, in a container, assigned ...
        return kept

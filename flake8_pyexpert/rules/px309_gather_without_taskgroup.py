"""PX309 gather-without-taskgroup (opt-in): ``asyncio.gather(...)`` without ``return_exceptions=``.

Only when the target Python (the file's, as for PX303) is 3.11 or later, and only
in ``async def`` bodies (:attr:`SemanticModel.in_async`): a ``TaskGroup`` needs ``async with``.
Flagged: a call that resolves to ``asyncio.gather`` (any import alias) with no
``return_exceptions=`` keyword. Not flagged: ``return_exceptions=`` with any value, a call with
``**kwargs`` (it may carry the keyword), ``gather`` in sync code or in a nested ``def``/``lambda``,
and a ``gather`` none of whose awaitables can fail: each is ``asyncio.sleep(...)`` or a call of a
function of the module (at module level, or nested in the current function; also through
``asyncio.to_thread(f, ...)``, ``ensure_future``/``create_task``) whose body is one ``try:``
with a handler of ``Exception``/``BaseException`` (or a bare ``except:``) that raises nothing,
possibly followed by ``return`` statements: the failure ``TaskGroup`` is for cannot happen. The
awaitables are read from the call's arguments, a starred list comprehension, or a list the
function builds (``tasks = [...]``, ``tasks.append(...)``); anything else is unknown, and
flagged. Nor a ``gather`` of tasks kept elsewhere, every argument spreading an attribute
(``*self._tasks``) or a mapping's values (``*running.values()``): a ``TaskGroup`` owns the tasks
it creates, and tasks kept in a registry already run on their own.
"""

from __future__ import annotations

import ast
from typing import Final

from flake8_pyexpert.runner import Check, FileContext
from flake8_pyexpert.semantic.imports import ImportedNames
from pyexpert_core.project import format_target
from pyexpert_core.metadata import GATHER_WITHOUT_TASKGROUP

__all__ = ["GatherWithoutTaskGroup"]

_GATHER: Final = frozenset({"asyncio.gather", "asyncio.tasks.gather"})
_MINIMUM: Final = (3, 11)


class GatherWithoutTaskGroup(Check):
    rules = (GATHER_WITHOUT_TASKGROUP,)

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self.imported = ImportedNames(self.model, _GATHER)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self.imported.saw_import(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute):
            if func.attr != "gather":
                return
        elif not (isinstance(func, ast.Name) and func.id in self.imported.names):
            return
        if not self.model.in_async:
            return
        for keyword in node.keywords:
            if keyword.arg is None or keyword.arg == "return_exceptions":
                return
        target = self.context.file.python_target
        if target >= _MINIMUM and self.model.resolve(func) in _GATHER:
            if self._never_fails(node) or _kept_tasks(node):
                return
            self.report(node, GATHER_WITHOUT_TASKGROUP, call="asyncio.gather()", target=format_target(target))

    # -- awaitables that cannot fail -------------------------------------------------------------

    def _never_fails(self, call: ast.Call) -> bool:
        function = self.model.current_function
        awaitables: list[ast.expr] = []
        for arg in call.args:
            if not isinstance(arg, ast.Starred):
                awaitables.append(arg)
            elif isinstance(arg.value, ast.ListComp | ast.GeneratorExp):
                awaitables.append(arg.value.elt)
            elif isinstance(arg.value, ast.Name) and function is not None:
                built = _built_list(function, arg.value.id)
                if built is None:
                    return False
                awaitables.extend(built)
            else:
                return False
        return bool(awaitables) and all(self._cannot_fail(expr, function) for expr in awaitables)

    def _cannot_fail(self, expr: ast.expr, function: ast.AST | None) -> bool:
        if not isinstance(expr, ast.Call):
            return False
        qualified = self.model.resolve(expr.func) if isinstance(expr.func, ast.Name | ast.Attribute) else None
        if qualified in _SLEEPS:
            return True
        if qualified in _WRAPPERS and expr.args:
            return self._cannot_fail(expr.args[0], function)
        if qualified in _TO_THREAD and expr.args:
            return isinstance(expr.args[0], ast.Name) and _swallows_all(self._local_function(expr.args[0].id, function))
        return isinstance(expr.func, ast.Name) and _swallows_all(self._local_function(expr.func.id, function))

    def _local_function(self, name: str, function: ast.AST | None) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        """A function of this module called ``name``: nested in ``function``, or at module level."""
        scopes: list[list[ast.stmt]] = []
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            scopes.append(function.body)
        tree = self.model.tree
        if isinstance(tree, ast.Module):
            scopes.append(tree.body)
        for body in scopes:
            for stmt in body:
                if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) and stmt.name == name:
                    return stmt
        return None


_SLEEPS: Final = frozenset({"asyncio.sleep", "asyncio.tasks.sleep"})
_WRAPPERS: Final = frozenset(
    {"asyncio.ensure_future", "asyncio.tasks.ensure_future", "asyncio.create_task", "asyncio.tasks.create_task"}
)
_TO_THREAD: Final = frozenset({"asyncio.to_thread", "asyncio.threads.to_thread"})
_BROAD: Final = frozenset({"Exception", "BaseException"})


def _kept_tasks(call: ast.Call) -> bool:
    """Every argument spreads tasks kept elsewhere: an attribute (``*self._tasks``) or a
    mapping's values (``*running.values()``). A ``TaskGroup`` owns the tasks it creates; tasks
    kept in a registry (to be cancelled one by one) already run on their own."""
    if not call.args:
        return False
    for arg in call.args:
        if not isinstance(arg, ast.Starred):
            return False
        value = arg.value
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and not value.args:
            if value.func.attr != "values":
                return False
        elif not isinstance(value, ast.Attribute):
            return False
    return True


def _built_list(function: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> list[ast.expr] | None:
    """The elements a function puts in the list ``name`` (``name = [...]``, ``name.append(x)``);
    None when the list is built any other way (extended, comprehended, passed in)."""
    found: list[ast.expr] = []
    assigned = False
    for node in ast.walk(function):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                if not isinstance(node.value, ast.List):
                    return None
                assigned = True
                found.extend(node.value.elts)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = node.func.value
            if isinstance(receiver, ast.Name) and receiver.id == name:
                if node.func.attr != "append" or len(node.args) != 1:
                    return None
                found.append(node.args[0])
    return found if assigned else None


def _swallows_all(function: ast.FunctionDef | ast.AsyncFunctionDef | None) -> bool:
    """A body that is one ``try:`` catching every ``Exception`` without raising, then returns."""
    if function is None:
        return False
    body = list(function.body)
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    if not body or not isinstance(body[0], ast.Try) or not all(isinstance(s, ast.Return) for s in body[1:]):
        return False
    guarded = body[0]
    broad = [h for h in guarded.handlers if h.type is None or (isinstance(h.type, ast.Name) and h.type.id in _BROAD)]
    if not broad or guarded.finalbody:
        return False
    return not any(isinstance(n, ast.Raise) for h in guarded.handlers for n in ast.walk(h))

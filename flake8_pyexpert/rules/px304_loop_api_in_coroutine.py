"""PX304 loop-api-in-coroutine: event-loop management calls in the body of an ``async def``.

Flagged where :attr:`SemanticModel.in_async` holds (directly in an ``async def`` body, also an
``async def`` nested in a sync function), through any import alias:

* ``asyncio.get_event_loop()``: use ``asyncio.get_running_loop()``;
* ``<anything>.run_until_complete(...)``, ``asyncio.run(...)``: a loop is already running in
  this thread, so they raise ``RuntimeError``: await the coroutine;
* ``nest_asyncio.apply()``: patches asyncio to re-enter the running loop: await instead.

Not flagged: sync code, including a ``def`` or ``lambda`` nested in an ``async def``;
``get_event_loop`` of anything but ``asyncio`` (``policy.get_event_loop()``); a local ``run``.
``asyncio.get_event_loop().run_until_complete(...)`` is one finding (at the outer call).
"""

from __future__ import annotations

import ast
from typing import Final

from flake8_pyexpert.runner import Check, FileContext
from flake8_pyexpert.semantic.imports import ImportedNames
from pyexpert_core.metadata import LOOP_API_IN_COROUTINE

__all__ = ["LoopApiInCoroutine"]

_AWAIT_IT: Final = "await the coroutine instead (this coroutine already runs in the event loop)"

# qualified name -> (displayed call, what to do instead)
_CALLS: Final = {
    "asyncio.get_event_loop": ("asyncio.get_event_loop()", "use asyncio.get_running_loop()"),
    "asyncio.events.get_event_loop": ("asyncio.get_event_loop()", "use asyncio.get_running_loop()"),
    "asyncio.run": ("asyncio.run()", _AWAIT_IT),
    "asyncio.runners.run": ("asyncio.run()", _AWAIT_IT),
    "nest_asyncio.apply": ("nest_asyncio.apply()", _AWAIT_IT),
}
_RUN_UNTIL_COMPLETE: Final = "run_until_complete"
_ATTRIBUTES: Final = frozenset({name.rpartition(".")[2] for name in _CALLS} | {_RUN_UNTIL_COMPLETE})


def _dotted(expr: ast.expr) -> str | None:
    """``self.loop`` for a Name/Attribute chain, None for anything else."""
    parts: list[str] = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if not isinstance(expr, ast.Name):
        return None
    parts.append(expr.id)
    return ".".join(reversed(parts))


def _receiver(expr: ast.expr) -> str:
    """``loop``, ``self.loop``, ``asyncio.get_event_loop()``; ``loop`` for anything longer."""
    if isinstance(expr, ast.Call) and not expr.args and not expr.keywords:
        called = _dotted(expr.func)
        return f"{called}()" if called is not None else "loop"
    return _dotted(expr) or "loop"


class LoopApiInCoroutine(Check):
    rules = (LOOP_API_IN_COROUTINE,)

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self.imported = ImportedNames(self.model, frozenset(_CALLS))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self.imported.saw_import(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute):
            if func.attr not in _ATTRIBUTES:
                return
        elif not (isinstance(func, ast.Name) and func.id in self.imported.names):
            return
        if not self.model.in_async:
            return
        function = self.model.current_function
        if function is None:
            return
        if isinstance(func, ast.Attribute) and func.attr == _RUN_UNTIL_COMPLETE:
            receiver = _receiver(func.value)
            call, instead = f"{receiver}.run_until_complete()", _AWAIT_IT
        else:
            found = _CALLS.get(self.model.resolve(func) or "")
            if found is None:
                return
            call, instead = found
            if call == "asyncio.get_event_loop()" and self._is_run_until_complete_receiver(node):
                return
        self.report(node, LOOP_API_IN_COROUTINE, call=call, function=self.model.qualname(function), instead=instead)

    def _is_run_until_complete_receiver(self, node: ast.Call) -> bool:
        parent = self.model.parent(node)
        return isinstance(parent, ast.Attribute) and parent.attr == _RUN_UNTIL_COMPLETE

"""PX505 on-event-handler: ``@app.on_event("startup")`` / ``app.add_event_handler(...)``.

Flagged: a call ``X.on_event(...)`` (the decorator, or called directly) or
``X.add_event_handler(...)`` where ``X`` may be a FastAPI/APIRouter/Starlette app: the module
imports fastapi or starlette, or ``X`` is an app/router created in the module or from-imported
under an app-like name (:meth:`FastAPIWiring.is_app_receiver`). The event name is read from the
first argument or ``event_type=`` when it is a constant; only ``"startup"`` and
``"shutdown"`` (the only events there are) or a non-constant event are reported.

Not flagged: ``on_startup=``/``on_shutdown=`` constructor arguments, ``lifespan=``,
``on_event`` methods of objects in modules that use neither framework, and calls inside a
function itself named ``on_event``/``add_event_handler`` (a wrapper forwarding to the app, as
FastAPI's own ``FastAPI.on_event`` does).
"""

from __future__ import annotations

import ast
from typing import Final

from flake8_pyexpert.runner import Check
from pyexpert_core.metadata import ON_EVENT_HANDLER

__all__ = ["OnEventHandler"]

_METHODS: Final = frozenset({"on_event", "add_event_handler"})
_EVENTS: Final = frozenset({"startup", "shutdown"})


class OnEventHandler(Check):
    rules = (ON_EVENT_HANDLER,)

    _starlette: bool | None = None

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if not (isinstance(func, ast.Attribute) and func.attr in _METHODS):
            return
        event = node.args[0] if node.args else None
        if event is None:
            event = next((k.value for k in node.keywords if k.arg == "event_type"), None)
        if event is None:
            return
        if isinstance(event, ast.Constant):
            if event.value not in _EVENTS:
                return
            event_name = str(event.value)
        else:
            event_name = "startup/shutdown"
        if not self._is_app(func.value) or self._in_event_api():
            return
        receiver = ast.unparse(func.value)
        if len(receiver) > 30:
            receiver = "app"
        call = f"{receiver}.{func.attr}()"
        self.report(node, ON_EVENT_HANDLER, call=call, event=event_name)

    def _in_event_api(self) -> bool:
        """Inside a function named ``on_event``/``add_event_handler``: the API forwarding the call."""
        return any(
            isinstance(scope.node, ast.FunctionDef | ast.AsyncFunctionDef) and scope.node.name in _METHODS
            for scope in self.model.scopes()
        )

    def _is_app(self, receiver: ast.expr) -> bool:
        if self.model.fastapi.is_app_receiver(receiver):
            return True
        if self._starlette is None:
            self._starlette = self.model.imports_module("starlette")
        return self._starlette

"""PX501 route-returns-dict: a route handler that returns ``{...}`` with no (Pydantic) response model.

Flagged: a route handler (:meth:`SemanticModel.route_decorator`; websocket handlers excluded)
whose route decorator has no ``response_model=`` and no ``response_class=``, no
``status_code=204`` (``204``, ``status.HTTP_204_NO_CONTENT``, ``HTTPStatus.NO_CONTENT``) and no
``include_in_schema=False``, whose return annotation is missing or a dict type (``dict``,
``Dict``, ``Mapping``, ``MutableMapping`` in their builtins/typing/collections.abc forms, bare
or subscripted, possibly ``Optional``/``| None``/``Annotated``/a string), and whose own body
returns a dict display or a ``dict(...)`` call (resolved: a local ``dict`` is not the builtin).
Reported once per handler, at the first such ``return``.

Not flagged: any other return annotation (``Response`` subclasses, models, ``TypedDict``\\s,
``Any``), dict comprehensions, an empty dict (``{}``, ``dict()``) returned by a ``GET`` route
(the empty case of the resource it serves; a write's ``{}`` is an acknowledgement, which
``status_code=204`` states), a display that only unpacks other dicts (``{**upstream}``: a copy of data the
handler received, not a literal record), dicts that are call arguments
(``JSONResponse(content={...})``), returns of nested functions, and ``HEAD``-only routes (a
``HEAD`` response has no body).
"""

from __future__ import annotations

import ast
from typing import Final

from flake8_pyexpert.runner import Check, FileContext
from flake8_pyexpert.semantic.scopes import Scope
from flake8_pyexpert.semantic.tree import FunctionNode
from pyexpert_core.metadata import ROUTE_RETURNS_DICT

__all__ = ["RouteReturnsDict"]

#: Route decorators of methods that read: their ``{}`` is an empty resource, not an acknowledgement.
_READS: Final = frozenset({"get", "head"})
_NO_CONTENT: Final = frozenset(
    {
        "fastapi.status.HTTP_204_NO_CONTENT",
        "starlette.status.HTTP_204_NO_CONTENT",
        "http.HTTPStatus.NO_CONTENT",
    }
)


class RouteReturnsDict(Check):
    rules = (ROUTE_RETURNS_DICT,)

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self._decided: dict[FunctionNode, bool] = {}

    def visit_Return(self, node: ast.Return) -> None:
        value = node.value
        empty = False
        if isinstance(value, ast.Dict):
            if value.keys and all(key is None for key in value.keys):
                return  # ``{**upstream}``: a copy of another dict, not a literal record
            empty = not value.keys
            kind = "dict literal"
        elif isinstance(value, ast.Call) and isinstance(value.func, ast.Name | ast.Attribute):
            kind = "dict(...) call"
            last = value.func.attr if isinstance(value.func, ast.Attribute) else value.func.id
            if last != "dict":
                return
            empty = not (value.args or value.keywords)
        else:
            return
        function = self.model.current_function
        if function is None:
            return
        flagged = self._decided.get(function)
        if flagged is None:
            flagged = self._decided[function] = self._applies(function)
        if not flagged:
            return
        if isinstance(value, ast.Call) and self.model.resolve(value.func) != "builtins.dict":
            return
        if empty and self._methods(function) <= _READS:
            return  # a read's ``{}`` is the empty case of what it serves (a write's is an ack: 204)
        self._decided[function] = False  # once per handler
        self.report(value, ROUTE_RETURNS_DICT, function=self.model.qualname(function), kind=kind)

    def _applies(self, function: FunctionNode) -> bool:
        decorator = self.model.fastapi.route_decorator(function)
        if decorator is None or not isinstance(decorator.func, ast.Attribute):
            return False
        if decorator.func.attr == "websocket":
            return False
        methods = self._methods(function)
        if methods == {"head"}:
            return False  # a HEAD response has no body
        outer = self.model.scope.parent  # decorators and annotations are evaluated out there
        for keyword in decorator.keywords:
            if keyword.arg in ("response_model", "response_class"):
                return False
            if keyword.arg == "include_in_schema" and not (
                isinstance(keyword.value, ast.Constant) and keyword.value.value is True
            ):
                return False
            if keyword.arg == "status_code" and self._is_no_content(keyword.value, outer):
                return False
            if keyword.arg is None:
                return False  # ``**route_options``: unknown
        return self.model.is_dict_annotation(function.returns, outer)

    def _methods(self, function: FunctionNode) -> set[str]:
        """The route decorators' method names (``get``, ``post``... ``api_route``)."""
        wiring = self.model.fastapi
        return {
            d.func.attr
            for d in function.decorator_list
            if isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and wiring.is_app_receiver(d.func.value)
        }

    def _is_no_content(self, value: ast.expr, scope: Scope | None) -> bool:
        if isinstance(value, ast.Constant):
            return value.value == 204
        return self.model.resolve(value, scope) in _NO_CONTENT

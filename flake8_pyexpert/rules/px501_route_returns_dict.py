"""PX501 route-returns-dict: a route handler that returns ``{...}`` with no response model.

Flagged: a route handler (:meth:`SemanticModel.route_decorator`; websocket handlers excluded)
whose route decorator has no ``response_model=`` and no ``response_class=``, no
``status_code=204`` (``204``, ``status.HTTP_204_NO_CONTENT``, ``HTTPStatus.NO_CONTENT``) and no
``include_in_schema=False``, whose return annotation is missing or a dict type (``dict``,
``Dict``, ``Mapping``, ``MutableMapping`` in their builtins/typing/collections.abc forms, bare
or subscripted, possibly ``Optional``/``| None``/``Annotated``/a string), and whose own body
returns a dict display or a ``dict(...)`` call (resolved: a local ``dict`` is not the builtin).
Reported once per handler, at the first such ``return``.

Not flagged: any other return annotation (``Response`` subclasses, models, ``TypedDict``\\s,
``Any``), dict comprehensions, dicts that are call arguments (``JSONResponse(content={...})``),
returns of nested functions.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Callable
from typing import Final

from flake8_pyexpert.runner import Check, FileContext
from flake8_pyexpert.semantic import ANNOTATED_NAMES, OPTIONAL_NAMES, UNION_NAMES, FunctionNode, Scope
from pyexpert_core.rules.px5 import ROUTE_RETURNS_DICT

__all__ = ["RouteReturnsDict", "is_dict_annotation"]

_DICT_TYPES: Final = frozenset(
    {"builtins.dict"}
    | {
        f"{module}.{name}"
        for module in ("typing", "typing_extensions")
        for name in ("Dict", "Mapping", "MutableMapping")
    }
    | {f"collections.abc.{name}" for name in ("Mapping", "MutableMapping")}
)
_NO_CONTENT: Final = frozenset(
    {
        "fastapi.status.HTTP_204_NO_CONTENT",
        "starlette.status.HTTP_204_NO_CONTENT",
        "http.HTTPStatus.NO_CONTENT",
    }
)
_MAX_DEPTH: Final = 8


Resolver = Callable[[ast.expr], "str | None"]


def is_dict_annotation(resolve: Resolver, annotation: ast.expr | None) -> bool:
    """Missing, or a dict type (possibly Optional/Annotated/a string); see the module docstring.

    ``resolve`` resolves a name in the scope where the annotation is evaluated.
    """
    if annotation is None:
        return True
    return _dict_type(resolve, annotation, 0) is True


def _dict_type(resolve: Resolver, expr: ast.expr, depth: int) -> bool | None:
    """True: a dict type; None: ``None`` (keeps a union optional); False: anything else."""
    if depth > _MAX_DEPTH:
        return False
    if isinstance(expr, ast.Constant):
        if expr.value is None:
            return None
        if isinstance(expr.value, str):
            try:
                parsed = ast.parse(expr.value.strip(), mode="eval").body
            except (SyntaxError, ValueError):
                return False
            return _dict_type(resolve, parsed, depth + 1)
        return False
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.BitOr):
        return _union(resolve, [expr.left, expr.right], depth)
    if isinstance(expr, ast.Subscript):
        base = resolve(expr.value)
        if base in _DICT_TYPES:
            return True
        items = list(expr.slice.elts) if isinstance(expr.slice, ast.Tuple) else [expr.slice]
        if base in OPTIONAL_NAMES and len(items) == 1:
            return _dict_type(resolve, items[0], depth + 1) is True
        if base in UNION_NAMES:
            return _union(resolve, items, depth)
        if base in ANNOTATED_NAMES and items:
            return _dict_type(resolve, items[0], depth + 1)
        return False
    if isinstance(expr, ast.Name | ast.Attribute):
        return resolve(expr) in _DICT_TYPES
    return False


def _union(resolve: Resolver, members: list[ast.expr], depth: int) -> bool:
    kinds = [_dict_type(resolve, member, depth + 1) for member in members]
    return True in kinds and False not in kinds


class RouteReturnsDict(Check):
    rules = (ROUTE_RETURNS_DICT,)

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self._decided: dict[FunctionNode, bool] = {}

    def visit_Return(self, node: ast.Return) -> None:
        value = node.value
        if isinstance(value, ast.Dict):
            kind = "dict literal"
        elif isinstance(value, ast.Call) and isinstance(value.func, ast.Name | ast.Attribute):
            kind = "dict(...) call"
            last = value.func.attr if isinstance(value.func, ast.Attribute) else value.func.id
            if last != "dict":
                return
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
        self._decided[function] = False  # once per handler
        self.report(value, ROUTE_RETURNS_DICT, function=self.model.qualname(function), kind=kind)

    def _applies(self, function: FunctionNode) -> bool:
        decorator = self.model.route_decorator(function)
        if decorator is None or not isinstance(decorator.func, ast.Attribute):
            return False
        if decorator.func.attr == "websocket":
            return False
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
        return is_dict_annotation(functools.partial(self.model.resolve, scope=outer), function.returns)

    def _is_no_content(self, value: ast.expr, scope: Scope | None) -> bool:
        if isinstance(value, ast.Constant):
            return value.value == 204
        return self.model.resolve(value, scope) in _NO_CONTENT

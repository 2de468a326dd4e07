"""PX502 route-exposes-table-model: a route whose response type is a SQLModel ``table=True`` class.

Hook: ``get_method_hook`` for the route decorator methods of ``FastAPI``/``APIRouter`` (and their
subclasses): mypy evaluates ``@router.get("/heroes", ...)`` as an ordinary method call named
after the receiver's class (``fastapi.routing.APIRouter.get``, see :mod:`mypy_pyexpert.routes`).
pydantic.mypy claims ``get_method_hook`` only for ``*.from_orm``, and mypy's DefaultPlugin for
none of these names. The decorated function is found through :mod:`mypy_pyexpert.decorators`.

The response type: the ``response_model=`` argument when it is given, else the
return annotation of the handler (for ``async def`` the awaited type: mypy wraps the declared
return type in ``Coroutine[Any, Any, T]``). A table model is found in it directly, as the
element of ``list``/``Sequence``/``Iterable``/``Collection``/``tuple``/``set`` (and their
``typing`` aliases), or as a member of ``Optional``/a union. ``response_model=`` is read from its
expression, because mypy types ``Optional[Hero]`` as a special form and ``Hero | None`` as
``types.UnionType``: class references, type aliases, ``X[...]`` subscriptions and ``|`` are
read by their analysed names; anything else by the type of the expression (a class object).

Not flagged: ``response_model=None`` (whatever the annotation), a ``response_model`` hidden in a
``**kwargs`` spread, websocket routes (no response model), calls of the route methods that are
not decorators, files mypy does not report. Reported at the decorator call, once per route; a
handler registered under several routes whose response type comes from its return annotation
(no ``response_model=`` given) is one mistake, reported once, at its first such route decorator.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Final

from mypy.checker import TypeChecker
from mypy.nodes import (
    ARG_STAR,
    ARG_STAR2,
    CallExpr,
    Context,
    EllipsisExpr,
    Expression,
    FuncDef,
    IndexExpr,
    NameExpr,
    OpExpr,
    RefExpr,
    TupleExpr,
    TypeAlias,
    TypeInfo,
)
from mypy.plugin import MethodContext, Plugin
from mypy.types import (
    CallableType,
    Instance,
    Overloaded,
    TupleType,
    Type,
    TypeType,
    UnionType,
    get_proper_type,
)

from mypy_pyexpert.decorators import decorated_function, decorator_of
from mypy_pyexpert.reporting import checker_applies, report_in_checker
from mypy_pyexpert.routes import route_calls, route_method
from mypy_pyexpert.safety import analysis_guard
from mypy_pyexpert.syntax import position_of
from mypy_pyexpert.class_facts import is_sqlmodel_table
from mypy_pyexpert.types import COLLECTION_CONTAINERS
from pyexpert_core.metadata import ROUTE_EXPOSES_TABLE_MODEL as RULE

__all__ = ["hook_for", "table_model_in"]

RESPONSE_MODEL: Final = "response_model"
SOURCE_RESPONSE_MODEL: Final = "response_model"
SOURCE_ANNOTATION: Final = "return annotation"

#: Route methods without a response body to model.
_NO_RESPONSE: Final = frozenset({"websocket"})

#: Containers whose first type argument is what the route returns items of.
_ELEMENT_CONTAINERS: Final = COLLECTION_CONTAINERS
#: Subscripted names in a ``response_model=`` expression, as mypy resolves them.
_SUBSCRIPT_ELEMENT: Final = _ELEMENT_CONTAINERS | frozenset(
    {"typing.List", "typing.Tuple", "typing.Set", "typing.FrozenSet", "collections.abc.Sequence"}
)
_SUBSCRIPT_MEMBERS: Final = frozenset({"typing.Optional", "typing.Union", "typing_extensions.Optional"})
_SUBSCRIPT_FIRST: Final = frozenset({"typing.Annotated", "typing_extensions.Annotated"})

_MAX_DEPTH: Final = 12


def hook_for(plugin: Plugin, fullname: str) -> Callable[[MethodContext], Type] | None:
    """The PX502 callback for a route decorator method of a router, else ``None`` (cheaply)."""
    method = route_method(plugin, fullname)
    if method is None or method in _NO_RESPONSE:
        return None
    return _check_route


def _check_route(ctx: MethodContext) -> Type:
    with analysis_guard(RULE.code, ctx.api, ctx.context):
        _report(ctx)
    return ctx.default_return_type


def _report(ctx: MethodContext) -> None:
    api = ctx.api
    call = ctx.context
    if not isinstance(api, TypeChecker) or not isinstance(call, CallExpr):
        return
    if not checker_applies(api, RULE):
        return
    handler = decorated_function(api, call)
    if handler is None:
        return
    found = _response_table_model(ctx, api, call, handler)
    if found is None:
        return
    model, source, where = found
    if source == SOURCE_ANNOTATION and not _first_annotated_route(api, call):
        return  # the same annotation, already reported at the handler's first route
    report_in_checker(api, RULE, RULE.format(handler=handler.name, model=model.name, source=source), where)


def _first_annotated_route(api: TypeChecker, call: CallExpr) -> bool:
    """Whether ``call`` is the first (outermost) of the handler's route decorators that take the
    response type from the annotation (no ``response_model=``)."""
    decorator = decorator_of(api, call)
    if decorator is None:
        return True
    for expr, _receiver in route_calls(decorator):
        if RESPONSE_MODEL not in expr.arg_names:
            return expr is call
    return True


def _response_table_model(
    ctx: MethodContext, api: TypeChecker, call: CallExpr, handler: FuncDef
) -> tuple[TypeInfo, str, Context] | None:
    """The table model a route exposes, where it comes from, and where to report it: the
    ``response_model=`` argument, or the handler's return annotation."""
    given = _response_model_argument(ctx, call)
    if isinstance(given, bool):
        return None  # hidden in **kwargs: cannot tell
    if given is not None:
        model = _table_model_in_expr(api, given, 0)
        return (model, SOURCE_RESPONSE_MODEL, position_of(given, call)) if model is not None else None
    signature = handler.type
    if not isinstance(signature, CallableType):
        return None  # not annotated
    returned = get_proper_type(signature.ret_type)
    if handler.is_coroutine and isinstance(returned, Instance) and returned.type.fullname == "typing.Coroutine":
        returned = get_proper_type(returned.args[-1])
    model = table_model_in(returned)
    if model is None:
        return None
    written = handler.unanalyzed_type
    where = position_of(written.ret_type, call) if isinstance(written, CallableType) else call
    return model, SOURCE_ANNOTATION, where


def _response_model_argument(ctx: MethodContext, call: CallExpr) -> Expression | None | bool:
    """The ``response_model=`` expression; ``None`` if not given; ``False`` if maybe in ``**kwargs``."""
    if RESPONSE_MODEL in ctx.callee_arg_names:
        index = ctx.callee_arg_names.index(RESPONSE_MODEL)
        if ctx.args[index]:
            if ctx.arg_kinds[index][0] in (ARG_STAR, ARG_STAR2):
                return False
            return ctx.args[index][0]
    for name, expr, kind in zip(call.arg_names, call.args, call.arg_kinds, strict=True):
        if name == RESPONSE_MODEL:
            return expr
        if kind == ARG_STAR2:
            return False
    return None


def table_model_in(typ: Type) -> TypeInfo | None:
    """The SQLModel ``table=True`` class that ``typ`` responds with, or ``None``.

    The class itself (or a subclass), the element of a list/sequence/iterable/collection/tuple/
    set, or a member of a union, aliases expanded (a bounded number of times).
    """
    return _in_type(typ, 0)


def _in_type(typ: Type, depth: int) -> TypeInfo | None:
    if depth > _MAX_DEPTH:
        return None
    proper = get_proper_type(typ)
    items: list[Type]
    if isinstance(proper, Instance):
        if is_sqlmodel_table(proper.type):
            return proper.type
        if proper.type.fullname not in _ELEMENT_CONTAINERS or not proper.args:
            return None
        items = list(proper.args[:1])
    elif isinstance(proper, UnionType):
        items = list(proper.items)
    elif isinstance(proper, TupleType):
        items = list(proper.items)
    else:
        return None
    for item in items:
        found = _in_type(item, depth + 1)
        if found is not None:
            return found
    return None


def _subscript_items(index: Expression) -> Iterator[Expression]:
    if isinstance(index, TupleExpr):
        yield from index.items
    else:
        yield index


def _table_model_in_expr(api: TypeChecker, expr: Expression, depth: int) -> TypeInfo | None:
    """The table model a ``response_model=`` expression names (see the module docstring)."""
    if depth > _MAX_DEPTH:
        return None
    if isinstance(expr, NameExpr) and expr.fullname == "builtins.None":
        return None
    if isinstance(expr, RefExpr):
        node = expr.node
        if isinstance(node, TypeInfo):
            return node if is_sqlmodel_table(node) else None
        if isinstance(node, TypeAlias):
            return table_model_in(node.target)
    elif isinstance(expr, IndexExpr) and isinstance(expr.base, RefExpr):
        name = expr.base.fullname
        items = list(_subscript_items(expr.index))
        if name in _SUBSCRIPT_FIRST:
            items = items[:1]
        elif name in _SUBSCRIPT_ELEMENT:
            items = [item for item in items if not isinstance(item, EllipsisExpr)]
        elif name not in _SUBSCRIPT_MEMBERS:
            return _table_model_in_value(api, expr)
        for item in items:
            found = _table_model_in_expr(api, item, depth + 1)
            if found is not None:
                return found
        return None
    elif isinstance(expr, OpExpr) and expr.op == "|":
        return _table_model_in_expr(api, expr.left, depth + 1) or _table_model_in_expr(api, expr.right, depth + 1)
    return _table_model_in_value(api, expr)


def _table_model_in_value(api: TypeChecker, expr: Expression) -> TypeInfo | None:
    """By the expression's type: a class object (``def (...) -> Hero``) or ``type[Hero]``."""
    typ = get_proper_type(api.lookup_type_or_none(expr))
    if isinstance(typ, Overloaded):
        typ = typ.items[0]
    if isinstance(typ, CallableType) and typ.is_type_obj():
        return table_model_in(typ.ret_type)
    if isinstance(typ, TypeType):
        return table_model_in(typ.item)
    return None

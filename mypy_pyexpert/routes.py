"""FastAPI route detection on the mypy side: one definition for every mypy rule that asks.

A *route handler* is a function decorated with ``X.get/post/put/patch/delete/head/options/trace/
api_route/websocket(...)`` where the type of ``X`` is ``fastapi.FastAPI`` or ``fastapi.APIRouter``
(by MRO, so subclasses count), whether ``X`` was created in the module or imported from another
one (``from .routers import router``): mypy knows the receiver's type either way, also when the
other module comes from the cache.

Three ways in:

- a ``get_method_hook`` sees the decorator call itself: mypy names the call after the receiver's
  class (``fastapi.applications.FastAPI.get``, ``fastapi.routing.APIRouter.post``,
  ``pkg.api.VersionedRouter.get`` for a subclass), and :func:`route_method` says whether that
  fullname is a route decorator;
- any other rule asks :func:`route_decorator` whether a function of the module being checked is
  a route handler, and gets its decorator call;
- during semantic analysis (PX101/PX102, which stand down for route handlers) types are not
  inferred yet: :func:`semanal_route_decorator` reads the receiver's declared type, else the
  module-level assignment that created it (``router = APIRouter()``), else, when it cannot tell
  (an untyped import), takes any ``X.get(...)``-style decorator in a module that imports fastapi
  for a route, as the flake8 side does.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from mypy.checker import TypeChecker
from mypy.nodes import (
    AssignmentStmt,
    CallExpr,
    Decorator,
    Expression,
    FuncDef,
    Import,
    ImportAll,
    ImportFrom,
    MemberExpr,
    NameExpr,
    RefExpr,
    TypeInfo,
    Var,
)
from mypy.plugin import Plugin
from mypy.semanal import SemanticAnalyzer
from mypy.types import Instance, Type, get_proper_type

from mypy_pyexpert.decorators import decorator_of_function

__all__ = [
    "ROUTER_CLASSES",
    "ROUTE_METHODS",
    "is_router_class",
    "is_router_type",
    "route_calls",
    "route_decorator",
    "route_method",
    "semanal_route_decorator",
]

#: The decorator methods of ``FastAPI`` and ``APIRouter`` that register a route.
ROUTE_METHODS: Final = frozenset(
    {"get", "post", "put", "patch", "delete", "head", "options", "trace", "api_route", "websocket"}
)
#: The classes whose instances route (``fastapi.FastAPI`` and ``fastapi.APIRouter`` as mypy names them).
ROUTER_CLASSES: Final = ("fastapi.applications.FastAPI", "fastapi.routing.APIRouter")


def route_calls(decorator: Decorator) -> Iterator[tuple[CallExpr, Expression]]:
    """The decorators of ``decorator.func`` written as ``X.<route method>(...)``, outermost first,
    each with its receiver ``X`` (whether ``X`` is a router is for the caller to tell)."""
    for expr in decorator.original_decorators:
        if isinstance(expr, CallExpr) and isinstance(expr.callee, MemberExpr) and expr.callee.name in ROUTE_METHODS:
            yield expr, expr.callee.expr


def is_router_class(info: TypeInfo) -> bool:
    """Whether the class is ``FastAPI`` or ``APIRouter`` or a subclass of one (works for cached classes)."""
    return any(info.has_base(name) for name in ROUTER_CLASSES)


def is_router_type(typ: Type | None) -> bool:
    """Whether ``typ`` is an instance of a router class (:func:`is_router_class`)."""
    proper = get_proper_type(typ)
    return isinstance(proper, Instance) and is_router_class(proper.type)


def route_method(plugin: Plugin, fullname: str) -> str | None:
    """The route method (``"get"``...) if ``fullname`` names a router's route decorator, else ``None``.

    ``fullname`` is what mypy passes to ``get_method_hook``: ``<receiver class>.<method>``. The
    method name is checked first, so most calls cost one string split.
    """
    owner, _, method = fullname.rpartition(".")
    if method not in ROUTE_METHODS:
        return None
    if owner in ROUTER_CLASSES:
        return method
    symbol = plugin.lookup_fully_qualified(owner)
    if symbol is not None and isinstance(symbol.node, TypeInfo) and is_router_class(symbol.node):
        return method
    return None


def _receiver_is_router(api: TypeChecker, receiver: Expression) -> bool:
    # The type map has the receiver once the decorator was checked; a function's body is checked
    # before its decorators, so fall back to the declared or inferred type of the variable.
    if is_router_type(api.lookup_type_or_none(receiver)):
        return True
    node = receiver.node if isinstance(receiver, RefExpr) else None
    return isinstance(node, Var) and is_router_type(node.type)


def route_decorator(api: TypeChecker, func: FuncDef) -> CallExpr | None:
    """The route decorator call of ``func`` if it is a route handler, else ``None``.

    ``func`` must belong to the module being checked (``api.tree``).
    """
    decorator = decorator_of_function(api, func)
    if decorator is None:
        return None
    for expr, receiver in route_calls(decorator):
        if _receiver_is_router(api, receiver):
            return expr
    return None


def _imports_fastapi(sem: SemanticAnalyzer) -> bool:
    for imp in sem.cur_mod_node.imports:
        if isinstance(imp, Import):
            if any(name == "fastapi" or name.startswith("fastapi.") for name, _ in imp.ids):
                return True
        elif isinstance(imp, ImportFrom | ImportAll) and (imp.id == "fastapi" or imp.id.startswith("fastapi.")):
            return True
    return False


def _semanal_receiver_is_router(sem: SemanticAnalyzer, receiver: Expression) -> bool | None:
    """True/False when the receiver's class is known, None when it cannot be told yet."""
    node = receiver.node if isinstance(receiver, RefExpr) else None
    if isinstance(node, TypeInfo):
        return False  # a class, not an instance
    if not isinstance(node, Var):
        return None
    if node.type is not None:
        return is_router_type(node.type)
    for stmt in sem.cur_mod_node.defs:
        if not isinstance(stmt, AssignmentStmt) or not isinstance(stmt.rvalue, CallExpr):
            continue
        if any(isinstance(lvalue, NameExpr) and lvalue.node is node for lvalue in stmt.lvalues):
            callee = stmt.rvalue.callee
            created = callee.node if isinstance(callee, RefExpr) else None
            return isinstance(created, TypeInfo) and is_router_class(created)
    return None


def semanal_route_decorator(sem: SemanticAnalyzer, func: FuncDef) -> CallExpr | None:
    """The route decorator call of ``func`` during semantic analysis (see the module docstring).

    ``func`` is the function being analysed: its ``Decorator`` is in the current scope's names
    (mypy adds it before analysing the function) and its decorators are analysed.
    """
    if not func.is_decorated:
        return None
    symbol = sem.lookup_current_scope(func.name)
    decorator = symbol.node if symbol is not None else None
    if not isinstance(decorator, Decorator) or decorator.func is not func:
        return None
    for expr, receiver in route_calls(decorator):
        verdict = _semanal_receiver_is_router(sem, receiver)
        if verdict is True or (verdict is None and _imports_fastapi(sem)):
            return expr
    return None

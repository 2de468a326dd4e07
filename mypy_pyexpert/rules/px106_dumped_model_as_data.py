"""PX106 dumped-model-as-data (opt-in): a ``model_dump()`` result handed on inside the project.

Hook: ``get_method_hook``. mypy names a method call after the receiver's type, so the fullname is
``<model fullname>.model_dump`` (``pkg.models.User.model_dump``, or
``pydantic.main.BaseModel.model_dump`` for a receiver typed ``BaseModel``). pydantic.mypy claims
``get_method_hook`` only for ``*.from_orm``.

Flagged: the call expression ``x.model_dump(...)`` itself is
(a) the value of a ``return`` statement of a function, or
(b) a positional or keyword argument of a call whose callee is a function, method or class
    defined in the project's own code.

The checker has no parent pointers, so the module is indexed once (every ``*.model_dump(...)``
call mapped to its parent) and the index is kept for the most recent module only. A hit is
validated by node identity, so a stale index (dmypy re-parses edited modules) is rebuilt.

"Project code" (b): the callee's defining module is checked code
(:func:`mypy_pyexpert.files.is_checked_module`).

Not flagged (the rule's rationale: the boundary is where data leaves the project):
- calls into the standard library and installed packages (``json.dumps``, ``print``,
  ``httpx.post(json=...)``, ``JSONResponse(content=...)``) and unpacking (``f(**m.model_dump())``,
  which PX105 covers for models);
- returns from serializer methods (the names of PX104's ``serializer_methods`` default:
  ``to_dict``, ``as_dict``, ``to_json``, ``dict``, ``model_dump``, ``__getstate__``, and any name
  containing ``serial``, ``encod``, ``dump`` or ``json``: ``json_default``, ``encode_user``), from
  functions decorated with Pydantic's ``@model_serializer``/``@field_serializer``, from FastAPI
  route handlers (the HTTP response is the boundary) and from lambdas;
- anything inside a serialization boundary: a serializer-named function (above) or a
  SQLAlchemy ``TypeDecorator``'s ``process_bind_param``/``process_result_value``/
  ``process_literal_param`` (the column type turns the model into what the database stores);
- a dump whose receiving slot is declared as a record-like raw dict: returned from a function
  whose return type (or its base method's) is one, which PX102 reports, or passed to a parameter
  or a model field declared as one, which PX101/PX103 report at the declaration. The declaration
  is the one mistake (fix it and the dump becomes a type error); PX106 finds the dumps no
  declaration reveals (``object``, ``Any``, unannotated slots);
- files mypy does not report.

One finding per call, whatever the receiver: a union of models (``User | Admin``) makes mypy
call the hook once per member, and the message names the first model of the static receiver
type, so every member reports the same line (mypy drops the exact duplicates).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Final, NamedTuple

from mypy.checker import TypeChecker
from mypy.nodes import (
    ARG_NAMED,
    ARG_OPT,
    ARG_POS,
    Block,
    CallExpr,
    Decorator,
    Expression,
    FUNC_NO_INFO,
    FuncBase,
    FuncDef,
    FuncItem,
    LambdaExpr,
    MemberExpr,
    MypyFile,
    RefExpr,
    ReturnStmt,
    Statement,
    SymbolNode,
    SymbolTable,
    TypeInfo,
    Var,
)
from mypy.options import Options
from mypy.plugin import MethodContext, Plugin
from mypy.types import CallableType, Instance, Overloaded, Type, get_proper_type

from mypy_pyexpert.files import is_checked_module
from mypy_pyexpert.reporting import checker_applies, report_in_checker
from mypy_pyexpert.routes import route_decorator
from mypy_pyexpert.safety import analysis_guard
from mypy_pyexpert.syntax import CHILDREN
from mypy_pyexpert.raw_dict_exemptions import base_signature_has_record_like
from mypy_pyexpert.types import find_record_like, is_pydantic_model, model_name
from pyexpert_core.serializers import is_serializer_name
from pyexpert_core.metadata import DUMPED_MODEL_AS_DATA as RULE

__all__ = ["hook_for"]

METHOD: Final = "model_dump"
_SUFFIX: Final = "." + METHOD

#: Functions whose name says they serialise (``json_default``, ``encode_user``, ``dump_row``,
#: ``serialize``): returning a dump is what they are for.
SERIALIZER_NAME_RE: Final = re.compile(r"serial|encod|dump|json", re.IGNORECASE)
PYDANTIC_SERIALIZERS: Final = frozenset(
    {
        "pydantic.functional_serializers.model_serializer",
        "pydantic.functional_serializers.field_serializer",
        "pydantic.model_serializer",
        "pydantic.field_serializer",
    }
)
#: SQLAlchemy's custom column types and the methods that convert values to and from the database.
TYPE_DECORATORS: Final = frozenset({"sqlalchemy.sql.type_api.TypeDecorator", "sqlalchemy.types.TypeDecorator"})
TYPE_DECORATOR_METHODS: Final = frozenset({"process_bind_param", "process_result_value", "process_literal_param"})


def hook_for(plugin: Plugin, fullname: str) -> Callable[[MethodContext], Type] | None:
    """The PX106 callback for ``<pydantic model>.model_dump``, else ``None`` (cheaply)."""
    if not fullname.endswith(_SUFFIX):
        return None
    symbol = plugin.lookup_fully_qualified(fullname[: -len(_SUFFIX)])
    if symbol is None or not isinstance(symbol.node, TypeInfo) or not is_pydantic_model(symbol.node):
        return None
    return functools.partial(_check_dump, plugin.options)


def _check_dump(options: Options, ctx: MethodContext) -> Type:
    with analysis_guard(RULE.code, ctx.api, ctx.context):
        _report(options, ctx)
    return ctx.default_return_type


def _report(options: Options, ctx: MethodContext) -> None:
    api = ctx.api
    call = ctx.context
    if not isinstance(api, TypeChecker) or not isinstance(call, CallExpr):
        return
    if not checker_applies(api, RULE):
        return
    parent = _CACHE.parent_of(api.tree, call)
    if parent is None:
        return
    if not isinstance(ctx.type, Instance) or not isinstance(call.callee, MemberExpr):
        return
    function = parent.function
    if isinstance(function, FuncDef) and _is_boundary_function(api, function):
        return
    if isinstance(parent, _Return):
        if function is None or isinstance(function, LambdaExpr):
            return
        if isinstance(function, FuncDef) and _declares_raw_return(function):
            return  # the raw-dict return type is the mistake: PX102's (or its base's) finding
        action = f"is returned from '{function.name}'"
    else:
        callee = _project_callee(api, options, parent.call)
        if callee is None:
            return
        if _declares_raw_parameter(api, parent.call, call):
            return  # the raw-dict parameter or field is the mistake: PX101's or PX103's finding
        action = f"is passed to '{callee}'"
    model = model_name(api.lookup_type_or_none(call.callee.expr)) or ctx.type.type.name
    report_in_checker(api, RULE, RULE.format(model=model, action=action), call)


# -- where the call is ---------------------------------------------------------------------------


class _Return(NamedTuple):
    function: FuncItem | None  # None: a return outside any function (a syntax error mypy reports)


class _Argument(NamedTuple):
    call: CallExpr  # the call the dump is passed to
    function: FuncItem | None  # the function the call is in


class _Entry(NamedTuple):
    call: CallExpr  # held so the id() key stays valid and a hit can be verified by identity
    parent: _Return | _Argument | None


class _ParentIndex:
    """Every ``*.model_dump(...)`` call of one module, mapped to the parent this rule cares about.

    Walks the children listed in :data:`mypy_pyexpert.syntax.CHILDREN` with an explicit stack (no
    recursion limit on deep expressions).
    """

    def __init__(self, tree: MypyFile) -> None:
        self.tree = tree
        self.entries: dict[int, _Entry] = {}
        self.absent: dict[int, CallExpr] = {}  # calls looked up but not found in this tree
        self._seen: set[int] = set()
        for statement in tree.defs:
            self._walk(statement, None)
        self._seen.clear()

    def is_absent(self, call: CallExpr) -> bool:
        return self.absent.get(id(call)) is call

    def parent_of(self, call: CallExpr) -> _Return | _Argument | None | bool:
        entry = self.entries.get(id(call))
        if entry is None or entry.call is not call:
            return False
        return entry.parent

    def _note(self, expr: object, parent: _Return | _Argument | None) -> None:
        if isinstance(expr, CallExpr) and isinstance(expr.callee, MemberExpr) and expr.callee.name == METHOD:
            if parent is not None or id(expr) not in self.entries:
                self.entries[id(expr)] = _Entry(expr, parent)

    def _walk(self, node: object, function: FuncItem | None) -> None:
        stack: list[tuple[object, FuncItem | None]] = [(node, function)]
        while stack:
            item, function = stack.pop()
            if isinstance(item, (list, tuple)):
                stack.extend((child, function) for child in item)
                continue
            if not isinstance(item, (Statement, Expression, Block)) or id(item) in self._seen:
                continue
            self._seen.add(id(item))
            if isinstance(item, ReturnStmt):
                self._note(item.expr, _Return(function))
            elif isinstance(item, CallExpr):
                for arg, kind in zip(item.args, item.arg_kinds, strict=True):
                    self._note(arg, _Argument(item, function) if kind in (ARG_POS, ARG_NAMED) else None)
                self._note(item, None)
            inner = item if isinstance(item, FuncItem) else function
            for name in CHILDREN.get(type(item).__name__, ()):
                value = getattr(item, name, None)
                if isinstance(value, (list, tuple, Statement, Expression, Block)):
                    stack.append((value, inner))


class _IndexCache:
    """The index of the most recently checked module (a stale hit is detected and rebuilt)."""

    def __init__(self) -> None:
        self.index: _ParentIndex | None = None

    def parent_of(self, tree: MypyFile, call: CallExpr) -> _Return | _Argument | None:
        index = self.index
        found = index.parent_of(call) if index is not None and index.tree is tree else False
        if found is False and index is not None and index.tree is tree and index.is_absent(call):
            return None  # not in the tree (e.g. a default argument value): do not re-index for it
        if found is False:
            index = self.index = _ParentIndex(tree)
            found = index.parent_of(call)
            if found is False:
                index.absent[id(call)] = call
        return None if isinstance(found, bool) else found


_CACHE: Final = _IndexCache()


# -- boundaries -----------------------------------------------------------------------------------


def _is_boundary_function(api: TypeChecker, function: FuncDef) -> bool:
    """A serializer method, a column type's conversion, a Pydantic serializer hook or a route handler."""
    if is_serializer_name(function.name) or SERIALIZER_NAME_RE.search(function.name):
        return True
    if function.name in TYPE_DECORATOR_METHODS and function.info is not FUNC_NO_INFO:
        if any(base.fullname in TYPE_DECORATORS for base in function.info.mro):
            return True
    for decorator in _decorators_of(api, function):
        target = decorator.callee if isinstance(decorator, CallExpr) else decorator
        if isinstance(target, RefExpr) and target.fullname in PYDANTIC_SERIALIZERS:
            return True
    return function.is_decorated and route_decorator(api, function) is not None


def _decorators_of(api: TypeChecker, function: FuncDef) -> list[Expression]:
    if not function.is_decorated:
        return []
    table: SymbolTable = api.tree.names if function.info is FUNC_NO_INFO else function.info.names
    symbol = table.get(function.name)
    node = symbol.node if symbol is not None else None
    if isinstance(node, Decorator) and node.func is function:
        return list(node.original_decorators)
    return []


# -- a raw dict declared where the dump goes: the declaration is the one mistake ------------------


def _declares_raw_return(function: FuncDef) -> bool:
    """The function's declared return type (awaited, for ``async def``), or that of the base
    method it overrides, is a record-like raw dict."""
    signature = function.type
    if isinstance(signature, CallableType):
        returned = get_proper_type(signature.ret_type)
        if function.is_coroutine and isinstance(returned, Instance) and returned.type.fullname == "typing.Coroutine":
            returned = get_proper_type(returned.args[-1])
        if find_record_like(returned) is not None:
            return True
    info = function.info
    return info is not FUNC_NO_INFO and base_signature_has_record_like(info, function.name, None, None)


def _declares_raw_parameter(api: TypeChecker, outer: CallExpr, dump: CallExpr) -> bool:
    """The parameter (a constructor's: the field) that receives ``dump`` in ``outer`` is
    declared as a record-like raw dict."""
    typ = get_proper_type(api.lookup_type_or_none(outer.callee))
    if isinstance(typ, Overloaded):
        typ = typ.items[0]
    if not isinstance(typ, CallableType):
        return False
    for index, (arg, kind, name) in enumerate(zip(outer.args, outer.arg_kinds, outer.arg_names)):
        if arg is not dump:
            continue
        formal: Type | None = _declared_field(typ, name) if kind == ARG_NAMED else None
        if formal is not None:
            return find_record_like(formal) is not None
        if kind == ARG_NAMED and name in typ.arg_names:
            formal = typ.arg_types[typ.arg_names.index(name)]
        elif kind == ARG_POS:
            positional = [i for i, k in enumerate(typ.arg_kinds) if k in (ARG_POS, ARG_OPT)]
            if index < len(positional):
                formal = typ.arg_types[positional[index]]
        return formal is not None and find_record_like(formal) is not None
    return False


def _declared_field(constructor: CallableType, name: str | None) -> Type | None:
    """The declared type of the field ``name`` of the class ``constructor`` builds: what the
    keyword fills, even where ``pydantic.mypy`` types ``__init__`` as ``Any`` (no ``init_typed``)."""
    if name is None or not constructor.is_type_obj():
        return None
    field = constructor.type_object().get(name)
    return field.node.type if field is not None and isinstance(field.node, Var) else None


# -- the callee ------------------------------------------------------------------------------------


def _project_callee(api: TypeChecker, options: Options, call: CallExpr) -> str | None:
    """The name of the called function/method/class if it is defined in the project, else None."""
    typ = get_proper_type(api.lookup_type_or_none(call.callee))
    if isinstance(typ, Overloaded):
        typ = typ.items[0]
    if not isinstance(typ, CallableType):
        return None
    if typ.is_type_obj():
        info = typ.type_object()
        return info.name if _is_project_module(api, options, info.module_name) else None
    definition = typ.definition or _callee_definition(api, call)
    if not isinstance(definition, FuncBase) or not definition.fullname:
        return None
    module = _module_of(api, definition.fullname)
    return definition.name if module is not None and _is_project_module(api, options, module) else None


def _callee_definition(api: TypeChecker, call: CallExpr) -> FuncBase | SymbolNode | None:
    """The called function or method, when its type has no ``definition``: mypy before 1.16 does
    not keep it in the types of a module loaded from its cache (``outbox.publish(...)`` where
    ``Outbox`` comes from a cached module), so look the callee up by name."""
    callee = call.callee
    if isinstance(callee, MemberExpr):
        receiver = get_proper_type(api.lookup_type_or_none(callee.expr))
        if isinstance(receiver, Instance):
            method = receiver.type.get_method(callee.name)
            return method.func if isinstance(method, Decorator) else method
        return None
    return callee.node if isinstance(callee, RefExpr) else None


def _is_project_module(api: TypeChecker, options: Options, module_id: str) -> bool:
    return is_checked_module(api.modules, options, module_id)


def _module_of(api: TypeChecker, fullname: str) -> str | None:
    head = fullname
    while "." in head:
        head = head.rsplit(".", 1)[0]
        if head in api.modules:
            return head
    return None

"""PX105 unvalidated-unpack: ``Model(**some_dict)`` instead of ``Model.model_validate(some_dict)``.

Hook: ``get_function_hook`` for the fullnames of Pydantic model classes (pydantic.mypy does not
claim it). mypy asks for a function hook at every call site whose callee has a name, so
:func:`hook_for` answers with one symbol lookup and an MRO scan, and keeps no cache (under dmypy
the class behind a name can change between runs).

How the exemptions of the catalog entry are told apart:
- explicit keyword arguments, also when spelled as a literal with constant keys
  (``Model(**{"in": where})``, the idiom for keywords that are reserved words), or as a local
  dict the function builds with constant keys only and uses for nothing but the spread
  (``extra = {}; if x: extra["api"] = x; Form(**extra)``: optional keywords);
- ``**x`` whose type is not dict-like (a ``TypedDict``, a
  user-defined mapping class, ``Any``);
- calls inside the model's own class (its methods, classmethods and factories, and functions
  nested in them) or inside a subclass of it;
- forwarding the enclosing function's own ``**kwargs`` parameter: the data arrived as explicit
  keyword arguments at that function's call sites (PX101 does not count ``**kwargs: Any``
  as a raw dict either);
- files mypy does not report (stubs, installed packages, ``follow_imports = silent``,
  ``ignore_errors``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Final

from mypy.checker import TypeChecker
from mypy.nodes import (
    ARG_STAR2,
    AssignmentStmt,
    CallExpr,
    DictExpr,
    Expression,
    FuncItem,
    IndexExpr,
    NameExpr,
    StrExpr,
    TypeInfo,
)
from mypy.plugin import FunctionContext, Plugin
from mypy.types import Instance, Type, get_proper_type

from mypy_pyexpert.mypy_api import current_class
from mypy_pyexpert.reporting import checker_applies, report_in_checker
from mypy_pyexpert.safety import analysis_guard
from mypy_pyexpert.class_facts import is_sqlmodel_table
from mypy_pyexpert.syntax import dotted_name, walk_body
from mypy_pyexpert.types import dict_like_instance, is_pydantic_model
from pyexpert_core.metadata import UNVALIDATED_UNPACK as RULE

__all__ = ["hook_for"]

PROBLEM_DICT: Final = "unpacks an unvalidated dict"
PROBLEM_TABLE: Final = "skips validation entirely (SQLModel table=True)"

_MAX_SOURCE_LEN: Final = 40
_FALLBACK_SOURCE: Final = "..."


def hook_for(plugin: Plugin, fullname: str) -> Callable[[FunctionContext], Type] | None:
    """The PX105 callback if ``fullname`` names a Pydantic model class, else ``None`` (cheaply)."""
    symbol = plugin.lookup_fully_qualified(fullname)
    if symbol is None:
        return None
    node = symbol.node
    if isinstance(node, TypeInfo) and is_pydantic_model(node):
        return _check_call
    return None


def _check_call(ctx: FunctionContext) -> Type:
    with analysis_guard(RULE.code, ctx.api, ctx.context):
        _report(ctx)
    return ctx.default_return_type


def _report(ctx: FunctionContext) -> None:
    api = ctx.api
    if not isinstance(api, TypeChecker) or not checker_applies(api, RULE):
        return
    model = get_proper_type(ctx.default_return_type)
    if not isinstance(model, Instance) or not is_pydantic_model(model.type):
        return
    info = model.type
    enclosing = current_class(api)
    if enclosing is not None and enclosing.has_base(info.fullname):
        return
    own_kwargs = _own_kwargs_parameters(api)
    for expr, typ in _double_star_arguments(ctx, api):
        if dict_like_instance(typ) is None:
            continue
        if isinstance(expr, NameExpr) and expr.node is not None and any(expr.node is v for v in own_kwargs):
            continue
        if _is_keyword_literal(expr) or _built_keywords(api, expr):
            continue
        table = is_sqlmodel_table(info)
        message = RULE.format(
            model=_callee_text(ctx.context, info),
            source=_source_text(expr),
            problem=PROBLEM_TABLE if table else PROBLEM_DICT,
        )
        report_in_checker(api, RULE, message, ctx.context)
        return  # one finding per call


def _double_star_arguments(ctx: FunctionContext, api: TypeChecker) -> Iterator[tuple[Expression, Type]]:
    """Every ``**x`` argument of the call with its inferred type, each once.

    The arguments mapped to formals come with their types in ``ctx``; a ``**x`` that maps to no
    formal (a model whose ``__init__`` takes no keywords) is read from the call and the type map.
    """
    seen: set[int] = set()
    for exprs, kinds, types in zip(ctx.args, ctx.arg_kinds, ctx.arg_types, strict=True):
        for expr, kind, typ in zip(exprs, kinds, types, strict=True):
            if kind == ARG_STAR2 and id(expr) not in seen:
                seen.add(id(expr))
                yield expr, typ
    call = ctx.context
    if isinstance(call, CallExpr):
        for expr, kind in zip(call.args, call.arg_kinds, strict=True):
            if kind == ARG_STAR2 and id(expr) not in seen:
                seen.add(id(expr))
                found = api.lookup_type_or_none(expr)
                if found is not None:
                    yield expr, found


def _is_keyword_literal(expr: Expression) -> bool:
    """``**{"in": x, "from": y}``: keywords spelled as a literal (often because they are reserved words).

    Its keys are as explicit as ``name=value`` arguments; a literal with a ``**spread`` is not.
    """
    return isinstance(expr, DictExpr) and all(isinstance(key, StrExpr) for key, _ in expr.items)


def _built_keywords(api: TypeChecker, expr: Expression) -> bool:
    """A local name the enclosing function only assigns dict literals with constant keys, stores
    constant keys into, and spreads with ``**``: keywords written by the author, one by one."""
    if not isinstance(expr, NameExpr):
        return False
    function = next((item for item in reversed(api.scope.stack) if isinstance(item, FuncItem)), None)
    if function is None:
        return False
    name = expr.name
    if any(argument.variable.name == name for argument in function.arguments):
        return False  # a parameter: its keys come from the callers
    allowed: set[int] = set()
    mentions: list[NameExpr] = []
    built = False
    for node in walk_body(function, nested=True):
        if isinstance(node, NameExpr) and node.name == name:
            mentions.append(node)
        elif isinstance(node, AssignmentStmt):
            for target in node.lvalues:
                if isinstance(target, NameExpr) and target.name == name:
                    if not _is_keyword_literal(node.rvalue):
                        return False
                    allowed.add(id(target))
                    built = True
                elif isinstance(target, IndexExpr) and isinstance(target.base, NameExpr) and target.base.name == name:
                    if not isinstance(target.index, StrExpr):
                        return False
                    allowed.add(id(target.base))
        elif isinstance(node, CallExpr):
            for arg, kind in zip(node.args, node.arg_kinds, strict=True):
                if kind == ARG_STAR2 and isinstance(arg, NameExpr) and arg.name == name:
                    allowed.add(id(arg))
    return built and all(id(mention) in allowed for mention in mentions)


def _own_kwargs_parameters(api: TypeChecker) -> list[object]:
    """The ``**kwargs`` parameters (their ``Var``) of the functions enclosing the call."""
    return [
        argument.variable
        for item in api.scope.stack
        if isinstance(item, FuncItem)
        for argument in item.arguments
        if argument.kind == ARG_STAR2
    ]


def _callee_text(call: object, info: TypeInfo) -> str:
    if isinstance(call, CallExpr):
        text = dotted_name(call.callee)
        if text is not None and len(text) <= _MAX_SOURCE_LEN:
            return text
    return info.name


def _source_text(expr: Expression) -> str:
    """A short spelling of the unpacked expression: ``data``, ``payload.extra``, ``row['x']``."""
    text = dotted_name(expr)
    if isinstance(expr, IndexExpr) and isinstance(expr.index, StrExpr):
        base = dotted_name(expr.base)
        if base is not None:
            text = f"{base}[{expr.index.value!r}]"
    elif isinstance(expr, CallExpr):
        callee = dotted_name(expr.callee)
        if callee is not None:
            text = f"{callee}(...)" if expr.args else f"{callee}()"
    if text is None or len(text) > _MAX_SOURCE_LEN:
        return _FALLBACK_SOURCE
    return text

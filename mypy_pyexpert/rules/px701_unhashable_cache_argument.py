"""PX701 unhashable-cache-argument: an ``lru_cache``/``cache`` function with an unhashable parameter.

Hook: ``get_function_hook`` for ``functools.lru_cache`` and ``functools.cache`` (mypy's
DefaultPlugin claims neither; its functools hooks are ``partial``, ``singledispatch`` and
``total_ordering``; pydantic.mypy claims no function hook). Aliased imports resolve to the same
fullnames. mypy calls the hook in two shapes (:mod:`mypy_pyexpert.decorators`):

- bare ``@lru_cache`` / ``@functools.cache``: with the ``Decorator`` node as the context;
- called ``@lru_cache(maxsize=32)`` / ``@lru_cache()``: with the call as the context, and the
  decorated function is found through the module's decorator index.

The parameters read are the function's own, so the cache decorator must be the one applied
first (written last): another decorator below it may change the signature. For a method the
first parameter (``self``/``cls``) is skipped unless it is a ``staticmethod``.

Unhashable (the kinds the catalog entry names): ``list``, ``dict``, ``set`` (``typing`` aliases and subclasses such as
``defaultdict``), a Pydantic model that is not frozen, a dataclass that is not frozen, and
(because mypy models their hash) attrs classes mypy marks unhashable; a union with such a member.
A class whose MRO defines ``__hash__`` before the unhashable class is hashable. Frozen-ness of a
Pydantic model comes from :mod:`mypy_pyexpert.frozen_facts` (recorded when the class's own
module is analysed, so it survives mypy's cache); a dataclass's from mypy's dataclass metadata.
When unsure (a ``model_config`` that cannot be read, a ``dataclass_transform`` class that is not
a dataclass) nothing is reported.

Reported at the parameter, once per parameter; only in files mypy reports.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from mypy.checker import TypeChecker
from mypy.messages import format_type_bare
from mypy.nodes import FUNC_NO_INFO, Decorator, Expression, FuncDef, RefExpr, SymbolTableNode, TypeInfo, Var
from mypy.plugin import FunctionContext
from mypy.types import CallableType, Instance, NoneType, Type, UnionType, get_proper_type

from mypy_pyexpert.decorators import decorator_of, is_innermost
from mypy_pyexpert.reporting import checker_applies, report_in_checker
from mypy_pyexpert import frozen_facts
from mypy_pyexpert.safety import analysis_guard
from mypy_pyexpert.class_facts import METADATA_KEY
from mypy_pyexpert.types import is_pydantic_model
from pyexpert_core.metadata import UNHASHABLE_CACHE_ARGUMENT as RULE

__all__ = ["CACHE_DECORATORS", "hook_for", "unhashable_reason"]

#: The decorators whose cache key hashes every argument.
CACHE_DECORATORS: Final = frozenset({"functools.lru_cache", "functools.cache"})

#: The builtin classes the rule names, which typeshed declares ``__hash__: ClassVar[None]``.
UNHASHABLE_BUILTINS: Final = frozenset({"builtins.list", "builtins.dict", "builtins.set"})

_MAX_DEPTH: Final = 12


def hook_for(fullname: str) -> Callable[[FunctionContext], Type] | None:
    """The PX701 callback for ``functools.lru_cache``/``functools.cache``, else ``None``."""
    return _check_decorator if fullname in CACHE_DECORATORS else None


def _check_decorator(ctx: FunctionContext) -> Type:
    with analysis_guard(RULE.code, ctx.api, ctx.context):
        _report(ctx)
    return ctx.default_return_type


def _cached_function(api: TypeChecker, ctx: FunctionContext) -> FuncDef | None:
    """The function the hooked cache decorator decorates, if it is the one applied first."""
    context = ctx.context
    decorator = decorator_of(api, context)
    if decorator is None:
        return None
    if isinstance(context, Decorator):
        # bare @lru_cache: the Decorator is the context; the decorator itself is a reference
        innermost = decorator.original_decorators[-1] if decorator.original_decorators else None
        if not (isinstance(innermost, RefExpr) and innermost.fullname in CACHE_DECORATORS):
            return None
    elif not isinstance(context, Expression) or not is_innermost(decorator, context):
        return None
    return decorator.func


def _report(ctx: FunctionContext) -> None:
    api = ctx.api
    if not isinstance(api, TypeChecker):
        return
    if not checker_applies(api, RULE):
        return
    func = _cached_function(api, ctx)
    if func is None:
        return
    signature = func.type
    if not isinstance(signature, CallableType):
        return  # not annotated
    first = 1 if func.info is not FUNC_NO_INFO and not func.is_static else 0
    for position, (name, typ) in enumerate(zip(signature.arg_names, signature.arg_types, strict=True)):
        if position < first or name is None or position >= len(func.arguments):
            continue
        reason = unhashable_reason(typ)
        if reason is None:
            continue
        message = RULE.format(
            function=func.name, param=name, type=format_type_bare(typ, api.options), reason=reason
        )
        report_in_checker(api, RULE, message, func.arguments[position])


def unhashable_reason(typ: Type) -> str | None:
    """Why a value of type ``typ`` cannot be a cache key (``"a list"``...), or ``None``.

    ``None`` means hashable or unknown: only the types of the module docstring are reported.
    """
    return _reason(typ, 0)


def _reason(typ: Type, depth: int) -> str | None:
    if depth > _MAX_DEPTH:
        return None
    proper = get_proper_type(typ)
    if isinstance(proper, UnionType):
        for item in proper.relevant_items():
            found = _reason(item, depth + 1)
            if found is not None:
                return found
        return None
    if isinstance(proper, Instance):
        return _class_reason(proper.type)
    return None


def _has_fact(info: TypeInfo, name: str) -> bool:
    facts = info.metadata.get(METADATA_KEY)
    return facts is not None and facts.get(name) is True


def _hash_is_none(symbol: SymbolTableNode) -> bool:
    """``__hash__: ClassVar[None]`` (typeshed's list/dict/set; attrs classes mypy made unhashable)."""
    node = symbol.node
    return isinstance(node, Var) and isinstance(get_proper_type(node.type), NoneType)


def _class_reason(info: TypeInfo) -> str | None:
    for base in info.mro:
        if base.fullname == "builtins.object":
            break
        symbol = base.names.get("__hash__")
        if symbol is None:
            continue
        if not _hash_is_none(symbol):
            return None  # a class of the MRO defines __hash__: hashable
        if base.fullname in UNHASHABLE_BUILTINS:
            return f"a {base.name}"
        if "attrs" in base.metadata:
            return "a non-frozen attrs class"
        return None  # unhashable, but not a kind the rule names
    if is_pydantic_model(info):
        frozen = any(
            _has_fact(base, frozen_facts.FROZEN_CONFIG) or _has_fact(base, frozen_facts.OPAQUE_CONFIG)
            for base in info.mro
        )
        return None if frozen else "a non-frozen Pydantic model"
    return _dataclass_reason(info)


def _is_stdlib_dataclass(info: TypeInfo) -> bool:
    """mypy types ``__dataclass_fields__`` as ``dict[str, dataclasses.Field[Any]]`` only for
    ``dataclasses.dataclass`` itself (``dict[str, Any]`` for ``dataclass_transform`` classes)."""
    symbol = info.names.get("__dataclass_fields__")
    node = symbol.node if symbol is not None else None
    fields = get_proper_type(node.type) if isinstance(node, Var) else None
    if not isinstance(fields, Instance) or len(fields.args) != 2:
        return False
    value = get_proper_type(fields.args[1])
    return isinstance(value, Instance) and value.type.fullname == "dataclasses.Field"


def _dataclass_reason(info: TypeInfo) -> str | None:
    for base in info.mro:
        data = base.metadata.get("dataclass")
        if data is None:
            continue
        # a real dataclass (stdlib, or a decorator named dataclass such as pydantic's), not any
        # dataclass_transform class: those may hash as they like
        real = _is_stdlib_dataclass(base) or _has_fact(base, frozen_facts.DATACLASS_DECORATOR)
        if not real or data.get("frozen") is not False or _has_fact(base, frozen_facts.HASH_KEYWORD):
            return None
        return "a non-frozen dataclass"
    return None

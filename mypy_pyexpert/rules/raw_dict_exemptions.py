"""What PX101-PX103 must not flag, and which classes have fields (RULES.md, PX1).

Helpers for :mod:`mypy_pyexpert.rules.raw_dict`. They run during semantic analysis, while a
definition's annotation is being analysed, and only read nodes that mypy has analysed at that
point: a class's decorators and MRO (configured before its body), a decorated function's
decorators (analysed before its signature), and base classes' symbol tables (also present for
modules loaded from mypy's cache, where function bodies are absent but signatures are not).
"""

from __future__ import annotations

from typing import Final

from mypy.nodes import (
    CallExpr,
    ClassDef,
    Decorator,
    Expression,
    FuncDef,
    NameExpr,
    OverloadedFuncDef,
    RefExpr,
    StrExpr,
    SymbolNode,
    TypeInfo,
)
from mypy.types import (
    CallableType,
    Instance,
    Overloaded,
    TupleType,
    Type,
    TypeAliasType,
    UnboundType,
    UnionType,
    get_proper_type,
)

from mypy_pyexpert.types import find_record_like, is_pydantic_model

__all__ = [
    "base_signature_has_record_like",
    "has_fields",
    "is_pydantic_hook",
]

DATACLASS_DECORATORS: Final = frozenset(
    {
        "dataclasses.dataclass",
        "pydantic.dataclasses.dataclass",
        # attrs (the names mypy's own attrs plugin recognises)
        "attr.s",
        "attr.attrs",
        "attr.attributes",
        "attr.dataclass",
        "attr.define",
        "attr.mutable",
        "attr.frozen",
        "attrs.define",
        "attrs.mutable",
        "attrs.frozen",
    }
)

PYDANTIC_HOOK_METHODS: Final = frozenset({"__get_pydantic_core_schema__", "__get_pydantic_json_schema__"})

# Decorators whose functions receive/return raw data by pydantic's contract.
_ALWAYS_HOOKS: Final = frozenset(
    {
        "pydantic.functional_serializers.field_serializer",
        "pydantic.functional_serializers.model_serializer",
    }
)
# Validators that are hooks only in the modes that see the raw input.
_MODE_VALIDATORS: Final = frozenset(
    {
        "pydantic.functional_validators.field_validator",
        "pydantic.functional_validators.model_validator",
    }
)
_RAW_MODES: Final = frozenset({"before", "wrap", "plain"})
# pydantic v1 validators (PX201 flags them): pre=True is the v1 spelling of mode="before".
_V1_VALIDATORS: Final = frozenset(
    {
        "pydantic.class_validators.validator",
        "pydantic.class_validators.root_validator",
        "pydantic.deprecated.class_validators.validator",
        "pydantic.deprecated.class_validators.root_validator",
    }
)


def _callee_fullname(expr: Expression) -> str | None:
    target = expr.callee if isinstance(expr, CallExpr) else expr
    if isinstance(target, RefExpr) and target.fullname:
        return target.fullname
    return None


def _keyword(call: CallExpr, name: str) -> Expression | None:
    for arg_name, arg in zip(call.arg_names, call.args):
        if arg_name == name:
            return arg
    return None


def _is_hook_decorator(expr: Expression) -> bool:
    fullname = _callee_fullname(expr)
    if fullname is None:
        return False
    if fullname in _ALWAYS_HOOKS:
        return True
    if not isinstance(expr, CallExpr):
        return False
    if fullname in _MODE_VALIDATORS:
        mode = _keyword(expr, "mode")
        return isinstance(mode, StrExpr) and mode.value in _RAW_MODES
    if fullname in _V1_VALIDATORS:
        pre = _keyword(expr, "pre")
        return isinstance(pre, NameExpr) and pre.fullname == "builtins.True"
    return False


def _decorator_of(defn: FuncDef, owner: TypeInfo | None) -> Decorator | None:
    """The ``Decorator`` node wrapping ``defn`` (found through the enclosing class's names)."""
    if owner is None or not defn.is_decorated:
        return None
    symbol = owner.names.get(defn.name)
    node = symbol.node if symbol is not None else None
    candidates: list[SymbolNode] = []
    if isinstance(node, OverloadedFuncDef):
        candidates.extend(node.items)
        if node.impl is not None:
            candidates.append(node.impl)
    elif node is not None:
        candidates.append(node)
    for candidate in candidates:
        if isinstance(candidate, Decorator) and candidate.func is defn:
            return candidate
    return None


def is_pydantic_hook(defn: FuncDef, owner: TypeInfo | None) -> bool:
    """Whether ``defn`` is a pydantic hook whose signature is raw data by contract.

    ``__get_pydantic_core_schema__``/``__get_pydantic_json_schema__``, ``@field_serializer``,
    ``@model_serializer``, and ``@field_validator``/``@model_validator`` with
    ``mode="before"|"wrap"|"plain"`` (plus the v1 ``@validator(pre=True)``/
    ``@root_validator(pre=True)``). An ``after`` validator (the default) is not a hook: it
    receives validated data, so a raw dict in its signature is a finding.
    """
    if defn.name in PYDANTIC_HOOK_METHODS:
        return True
    decorator = _decorator_of(defn, owner)
    if decorator is None:
        return False
    return any(_is_hook_decorator(expr) for expr in decorator.original_decorators)


def _has_unbound(t: Type) -> bool:
    """Whether ``t`` still holds unanalysed parts (a base analysed later in the same SCC)."""
    if isinstance(t, UnboundType):
        return True
    if isinstance(t, TypeAliasType):
        return any(_has_unbound(arg) for arg in t.args)
    proper = get_proper_type(t)
    if isinstance(proper, (UnionType, TupleType)):
        return any(_has_unbound(item) for item in proper.items)
    if isinstance(proper, Instance):
        return any(_has_unbound(arg) for arg in proper.args)
    return False


def _signatures(node: SymbolNode | None) -> list[CallableType]:
    """The callable signatures of a base-class member (methods, properties, overloads)."""
    if isinstance(node, Decorator):
        node = node.func
    if isinstance(node, FuncDef):
        return [node.type] if isinstance(node.type, CallableType) else []
    if isinstance(node, OverloadedFuncDef):
        if node.type is None:
            found: list[CallableType] = []
            for item in node.items:
                found.extend(_signatures(item))
            return found
        if isinstance(node.type, Overloaded):
            return list(node.type.items)
        return [node.type] if isinstance(node.type, CallableType) else []
    return []


def _role_type(signature: CallableType, param: str | None, index: int | None) -> Type | None:
    if param is None:
        return signature.ret_type
    if param in signature.arg_names:
        return signature.arg_types[signature.arg_names.index(param)]
    if index is not None and index < len(signature.arg_types) and signature.arg_names[index] is None:
        return signature.arg_types[index]
    return None


def base_signature_has_record_like(info: TypeInfo, name: str, param: str | None, index: int | None) -> bool:
    """Whether a base class of ``info`` already declares method ``name`` with the raw dict.

    ``param`` names the parameter (``None``: the return type); ``index`` is its position, used
    when the base's parameter is positional-only and unnamed. A base whose signature is not yet
    analysed (only possible inside an import cycle) counts as having it: a missed finding costs
    less than a false one. Bases loaded from mypy's cache carry their analysed signatures.
    """
    for base in info.mro[1:]:
        if base.fullname == "builtins.object":
            continue
        symbol = base.names.get(name)
        if symbol is None:
            continue
        for signature in _signatures(symbol.node):
            role = _role_type(signature, param, index)
            if role is None:
                continue
            if _has_unbound(role) or find_record_like(role) is not None:
                return True
    return False


def has_fields(info: TypeInfo, defn: ClassDef) -> bool:
    """Whether annotated class attributes of this class are fields of a data model.

    True for Pydantic models (MRO contains ``pydantic.BaseModel``; SQLModel included) and for
    classes decorated with ``dataclasses.dataclass``, ``pydantic.dataclasses.dataclass`` or an
    attrs class maker (``attr.s``, ``attr.define``, ``attrs.define``, ``attrs.frozen``...).
    """
    if is_pydantic_model(info):
        return True
    for decorator in defn.decorators:
        fullname = _callee_fullname(decorator)
        if fullname in DATACLASS_DECORATORS:
            return True
    return False

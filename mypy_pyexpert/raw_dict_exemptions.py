"""What PX101-PX103 must not flag, and which classes have fields.

Helpers for :mod:`mypy_pyexpert.rules.px101_raw_dict`. They run during semantic analysis, while a
definition's annotation is being analysed, and only read nodes that mypy has analysed at that
point: a class's decorators and MRO (configured before its body), a decorated function's
decorators (analysed before its signature), and base classes' symbol tables (also present for
modules loaded from mypy's cache, where function bodies are absent but signatures are not).
"""

from __future__ import annotations

from typing import Final, Literal

from mypy.nodes import (
    ARG_POS,
    ARG_STAR2,
    CallExpr,
    ClassDef,
    Decorator,
    Expression,
    FuncDef,
    Import,
    ImportFrom,
    MemberExpr,
    MypyFile,
    NameExpr,
    OverloadedFuncDef,
    RefExpr,
    Statement,
    StrExpr,
    SymbolNode,
    TypeInfo,
    Var,
)
from mypy.semanal import SemanticAnalyzer
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

from mypy_pyexpert.files import is_checked_module
from mypy_pyexpert.routes import semanal_route_decorator
from mypy_pyexpert.syntax import dotted_name, walk_body, walk_tree
from mypy_pyexpert.types import find_record_like, is_pydantic_model

__all__ = [
    "LIBRARY_CALLBACK_DECORATORS",
    "LIBRARY_CALLBACK_METHODS",
    "is_later_variant",
    "registered_hook",
    "base_field_has_record_like",
    "base_signature_has_record_like",
    "has_fields",
    "library_callback",
    "pydantic_hook",
    "overrides_library_method",
    "route_exemption",
    "validated_at_once",
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

#: Decorators of installed packages that register a callback whose signature the library
#: defines: SQLAlchemy's attribute validators receive whatever was assigned, Jinja's
#: ``pass_context`` functions receive its runtime context.
LIBRARY_CALLBACK_DECORATORS: Final = frozenset(
    {
        "sqlalchemy.orm.mapper.validates",
        "sqlalchemy.orm.validates",
        "jinja2.utils.pass_context",
        "jinja2.utils.pass_eval_context",
        "jinja2.utils.pass_environment",
        # the re-exported spellings: what mypy knows when the package is not installed
        "jinja2.pass_context",
        "jinja2.pass_eval_context",
        "jinja2.pass_environment",
    }
)
#: Registration methods of a library's objects whose callbacks the library calls with a raw dict
#: it defines (the MCP low-level server passes a tool's ``arguments`` and a prompt's ``arguments``
#: as dicts): package -> method names. While names are bound mypy does not know the receiver's
#: type (``server = Server(...)`` is inferred later), so the method is matched by name in a
#: module that imports the package.
LIBRARY_CALLBACK_METHODS: Final = {"mcp": frozenset({"call_tool", "get_prompt"})}
#: Methods that validate raw data into a model (Pydantic v2 and v1, ``TypeAdapter``).
_VALIDATING_METHODS: Final = frozenset(
    {"model_validate", "model_validate_json", "validate_python", "validate_json", "parse_obj", "parse_raw"}
)

PYDANTIC_HOOK_METHODS: Final = frozenset({"__get_pydantic_core_schema__", "__get_pydantic_json_schema__"})

# Decorators whose functions receive/return raw data by pydantic's contract. Pydantic v1's
# validators, pre or not, receive and return the ``values`` dict: their signature is v1's, and the
# mistake is the v1 decorator itself, which PX201 reports (one mistake, one report).
_ALWAYS_HOOKS: Final = frozenset(
    {
        "pydantic.functional_serializers.model_serializer",
        "pydantic.class_validators.validator",
        "pydantic.deprecated.class_validators.validator",
        "pydantic.class_validators.root_validator",
        "pydantic.deprecated.class_validators.root_validator",
    }
)
# A field's validators and serializers, whatever their mode: their value parameter and their
# return mirror the field, whose raw dict is PX103's (one mistake, one report).
_FIELD_HOOKS: Final = frozenset(
    {
        "pydantic.functional_serializers.field_serializer",
        "pydantic.functional_validators.field_validator",
    }
)
# The same, by their last name (``pydantic.model_validator`` is the re-exported spelling).
_ALWAYS_HOOK_NAMES: Final = frozenset({"model_serializer", "validator", "root_validator"})
_FIELD_HOOK_NAMES: Final = frozenset({"field_serializer", "field_validator"})
_MODE_VALIDATOR_NAMES: Final = frozenset({"model_validator"})
# Validators that are hooks only in the modes that see the raw input.
_MODE_VALIDATORS: Final = frozenset({"pydantic.functional_validators.model_validator"})
_RAW_MODES: Final = frozenset({"before", "wrap", "plain"})


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
    return False


def _decorator_of(sem: SemanticAnalyzer, defn: FuncDef) -> Decorator | None:
    """The ``Decorator`` node wrapping ``defn`` (found through the current scope's names)."""
    if not defn.is_decorated:
        return None
    symbol = sem.lookup_current_scope(defn.name)
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


def pydantic_hook(sem: SemanticAnalyzer, defn: FuncDef) -> Literal["hook", "field"] | None:
    """Whether ``defn`` is a pydantic hook whose signature is not the author's to choose.

    ``"hook"``, the whole signature: ``__get_pydantic_core_schema__``/
    ``__get_pydantic_json_schema__``, ``@model_serializer``, ``@model_validator`` with
    ``mode="before"|"wrap"|"plain"``, v1's ``@validator`` and ``@root_validator`` (bare or called)
    (they receive or return the raw data). ``"field"``, the value parameter and the return: a
    field's ``@field_validator`` or ``@field_serializer`` in any mode, whose value mirrors the
    field (a raw dict field is PX103's finding); their other parameters are checked. A
    ``@model_validator`` in ``after`` mode receives the validated model: not a hook. The same
    decorators applied by a call count too (:func:`registered_hook`).
    """
    if defn.name in PYDANTIC_HOOK_METHODS:
        return "hook"
    decorator = _decorator_of(sem, defn)
    if decorator is not None:
        if any(_is_hook_decorator(expr) for expr in decorator.original_decorators):
            return "hook"
        if any(_callee_fullname(expr) in _FIELD_HOOKS for expr in decorator.original_decorators):
            return "field"
    return registered_hook(sem, defn)


def _hook_kind(sem: SemanticAnalyzer, decorator: CallExpr) -> Literal["hook", "field"] | None:
    """What a called pydantic decorator makes of the function it is applied to, by the name the
    module's imports give it (the call may be in a body mypy has not analysed yet)."""
    fullname = _callee_fullname(decorator) or _imported_from(sem, decorator.callee)
    if fullname is None or not fullname.startswith("pydantic."):
        return None
    name = fullname.rpartition(".")[2]
    if name in _ALWAYS_HOOK_NAMES:
        return "hook"
    if name in _MODE_VALIDATOR_NAMES:
        mode = _keyword(decorator, "mode")
        return "hook" if isinstance(mode, StrExpr) and mode.value in _RAW_MODES else None
    if name in _FIELD_HOOK_NAMES:
        return "field"
    return None


_REGISTERED: dict[int, tuple[MypyFile, list[Statement], dict[str, Literal["hook", "field"]]]] = {}


def registered_hook(sem: SemanticAnalyzer, defn: FuncDef) -> Literal["hook", "field"] | None:
    """What ``defn`` is as a pydantic hook applied by a call rather than by ``@``:
    ``model_validator(mode="before")(f)``, ``root_validator(pre=True)(f)`` (a dynamic model's
    ``__validators__``, ``create_model(__validators__=...)``): the same contract as decorated."""
    tree = sem.cur_mod_node
    cached = _REGISTERED.get(id(tree))
    if cached is None or cached[0] is not tree or cached[1] is not tree.defs:
        found: dict[str, Literal["hook", "field"]] = {}
        if _imports_package(sem, "pydantic"):  # else nothing can name a pydantic decorator
            for node in walk_tree(tree):
                if (
                    isinstance(node, CallExpr)
                    and isinstance(node.callee, CallExpr)
                    and len(node.args) == 1
                    and isinstance(node.args[0], NameExpr)
                ):
                    kind = _hook_kind(sem, node.callee)
                    if kind is not None:
                        found.setdefault(node.args[0].name, kind)
        cached = _REGISTERED[id(tree)] = (tree, tree.defs, found)
    return cached[2].get(defn.name)


def is_later_variant(defn: FuncDef) -> bool:
    """Whether ``defn`` defines again, in another arm of an ``if``/``try``, a function of the
    same scope (``if PYDANTIC_V2: def f ... else: def f ...``): only one arm runs, mypy requires
    the variants' signatures to be identical, so the first variant's findings are this one's
    too (one mistake, one report). A fallback for an imported function is not a variant."""
    first = defn.original_def
    if isinstance(first, Decorator):
        first = first.func
    return isinstance(first, FuncDef) and first.fullname == defn.fullname and first is not defn


def library_callback(sem: SemanticAnalyzer, defn: FuncDef) -> bool:
    """Whether ``defn`` is registered with one of :data:`LIBRARY_CALLBACK_DECORATORS`, or with a
    registration method of :data:`LIBRARY_CALLBACK_METHODS`."""
    decorator = _decorator_of(sem, defn)
    if decorator is None:
        return False
    for expr in decorator.original_decorators:
        if _callee_fullname(expr) in LIBRARY_CALLBACK_DECORATORS:
            return True
        target = expr.callee if isinstance(expr, CallExpr) else expr
        if _imported_from(sem, target) in LIBRARY_CALLBACK_DECORATORS:
            return True  # from a package that is not installed: only the import says what it is
        if isinstance(expr, CallExpr) and isinstance(target, MemberExpr):
            packages = [package for package, methods in LIBRARY_CALLBACK_METHODS.items() if target.name in methods]
            if any(_imports_package(sem, package) for package in packages):
                return True
    return False


def _imports_package(sem: SemanticAnalyzer, package: str) -> bool:
    """Whether the module imports ``package`` or one of its modules."""
    for node in sem.cur_mod_node.imports:
        if isinstance(node, ImportFrom) and not node.relative:
            modules = [node.id]
        elif isinstance(node, Import):
            modules = [name for name, _ in node.ids]
        else:
            continue
        if any(module == package or module.startswith(package + ".") for module in modules):
            return True
    return False


def _imported_from(sem: SemanticAnalyzer, expr: Expression) -> str | None:
    """``jinja2.pass_context`` for ``pass_context`` bound by ``from jinja2 import pass_context``, or
    for ``jinja2.pass_context`` (``j.pass_context``) under ``import jinja2`` (``as j``): what the
    imports say a name is, when the package is not installed and mypy knows nothing of it."""
    parts: list[str] = []
    while isinstance(expr, MemberExpr):
        parts.append(expr.name)
        expr = expr.expr
    if not isinstance(expr, NameExpr):
        return None
    local = expr.name
    rest = "".join(f".{part}" for part in reversed(parts))
    for node in sem.cur_mod_node.imports:
        if isinstance(node, ImportFrom) and not node.relative:
            for name, alias in node.names:
                if (alias or name) == local:
                    return f"{node.id}.{name}{rest}"
        elif isinstance(node, Import):
            for module, alias in node.ids:
                if (alias or module) == local:
                    return f"{module}{rest}"
                if alias is None and parts and f"{local}{rest}".startswith(module + "."):
                    return f"{local}{rest}"  # ``import a.b`` binds ``a``: ``a.b.f`` is a dotted name
    return None


def validated_at_once(sem: SemanticAnalyzer, defn: FuncDef, param: str) -> bool:
    """Whether every use of parameter ``param`` in the body validates it into a Pydantic model:
    the argument of ``X.model_validate(param)`` (``validate_python``, v1's ``parse_obj``...) or
    ``**param`` spread into a Pydantic model class (``Model(**param)``, or ``cls(**param)`` in a
    classmethod of one; PX105 judges that unpacking). Such a function is the boundary where raw
    data becomes a model: its input can only be raw."""
    uses = 0
    validated: set[int] = set()
    for node in walk_body(defn, nested=True):  # a closure's use counts too
        if isinstance(node, NameExpr) and node.name == param:
            uses += 1
        elif isinstance(node, CallExpr) and node.args:
            callee = node.callee
            first = node.args[0]
            if (
                isinstance(callee, MemberExpr)
                and callee.name in _VALIDATING_METHODS
                and node.arg_kinds[0] == ARG_POS
                and isinstance(first, NameExpr)
                and first.name == param
            ):
                validated.add(id(first))
            if _is_model_class(sem, callee):
                for arg, kind in zip(node.args, node.arg_kinds):
                    if kind == ARG_STAR2 and isinstance(arg, NameExpr) and arg.name == param:
                        validated.add(id(arg))
    return uses > 0 and uses == len(validated)


def _is_model_class(sem: SemanticAnalyzer, callee: Expression) -> bool:
    """``cls`` in a method of a Pydantic model, or a name that resolves to a Pydantic model class
    (the body is not analysed yet: the name is looked up in the enclosing scopes)."""
    if isinstance(callee, NameExpr) and callee.name == "cls":
        return sem.type is not None and is_pydantic_model(sem.type)
    if not isinstance(callee, NameExpr | MemberExpr):
        return False
    name = callee.name if isinstance(callee, NameExpr) else dotted_name(callee)
    if name is None:
        return False
    symbol = sem.lookup_qualified(name, callee, suppress_errors=True)
    node = symbol.node if symbol is not None else None
    return isinstance(node, TypeInfo) and is_pydantic_model(node)


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


def base_field_has_record_like(info: TypeInfo, name: str) -> bool:
    """Whether a base class of ``info`` already declares field ``name`` with the raw dict (a
    subclass re-declaring it, as SQLModel's table/read/create classes do, repeats that mistake:
    it is reported at the base). A base field not analysed yet (an import cycle) counts."""
    for base in info.mro[1:]:
        symbol = base.names.get(name)
        if symbol is None or not isinstance(symbol.node, Var) or not has_fields(base, base.defn):
            continue  # only a base whose fields are reported (a model, a dataclass) owns it
        declared = symbol.node.type
        if declared is None:
            continue
        if _has_unbound(declared) or find_record_like(declared) is not None:
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


def overrides_library_method(sem: SemanticAnalyzer, info: TypeInfo, name: str) -> bool:
    """Whether a base class defined outside the checked code (an installed package, a stub)
    defines method ``name``: the override's signature is the library's to decide."""
    for base in info.mro[1:]:
        if base.fullname == "builtins.object" or name not in base.names:
            continue
        if not is_checked_module(sem.modules, sem.options, base.module_name):
            return True
    return False


def route_exemption(sem: SemanticAnalyzer, defn: FuncDef) -> Literal["route", "hidden"] | None:
    """``"route"`` for a route handler (its return is PX501's), ``"hidden"`` for one left out of
    the API schema with ``include_in_schema=False`` (its parameters are not a public contract),
    None for any other function."""
    call = semanal_route_decorator(sem, defn)
    if call is None:
        return None
    for name, value in zip(call.arg_names, call.args):
        if name == "include_in_schema" and not (isinstance(value, NameExpr) and value.fullname == "builtins.True"):
            return "hidden"
    return "route"

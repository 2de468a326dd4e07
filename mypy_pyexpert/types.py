"""Type classification shared by the mypy rules.

Every function here takes mypy types *after* semantic analysis and never mutates them.
Aliases are expanded with :func:`mypy.types.get_proper_type` (``Annotated`` is already
stripped by mypy's type analyser), and recursive aliases are followed a bounded number of
times, so ``JSON = dict[str, "JSON"] | list["JSON"] | str | ...`` never loops.

Vocabulary (the catalog's PX1 rules use these words in the same sense):

- a *dict-like* type is an :class:`~mypy.types.Instance` of ``dict``, ``Mapping``,
  ``MutableMapping``, ``defaultdict``, ``OrderedDict`` or ``ChainMap`` (``typing.Dict``,
  ``typing.DefaultDict``, ``collections.abc.Mapping`` and friends resolve to these);
- a *record-like raw dict* is a dict-like type that is bare or has only ``Any`` arguments, or
  is keyed by ``str`` with a *loose* value type (``Any``, ``object``, a union containing them,
  a union of two or more distinct scalars among ``str int float bool bytes`` whose other
  members are only ``None`` and JSON arrays, or itself record-like);
- a type is *reported* when it is record-like or contains a record-like type inside union
  members, collection elements (``list``/``Sequence``/``Iterable``/``tuple``/``set``...) or
  awaitable/iterator results (:func:`find_record_like`).

``Any`` counts only when the user wrote it (``Any``) or omitted the type arguments (bare
``dict``): an ``Any`` that stands for an unresolved import or an error is not evidence of a raw
dict, and flagging it would be a false positive.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from mypy.checker import TypeChecker
from mypy.errorcodes import ErrorCode
from mypy.errors import Errors
from mypy.nodes import TypeAlias, TypeInfo
from mypy.plugin import CheckerPluginInterface
from mypy.types import (
    AnyType,
    CallableType,
    Instance,
    NoneType,
    ProperType,
    TypeAliasType,
    TupleType,
    Type,
    TypeOfAny,
    TypeType,
    TypeVarType,
    UnionType,
    get_proper_type,
)

__all__ = [
    "COLLECTION_CONTAINERS",
    "DICT_LIKE_FULLNAMES",
    "Opaque",
    "PYDANTIC_BASE_MODEL",
    "SQLMODEL_BASE",
    "SCALAR_FULLNAMES",
    "checker_reports",
    "checker_reports_current_file",
    "dict_like_instance",
    "find_record_like",
    "is_pydantic_model",
    "is_record_like",
    "is_reported_path",
    "is_user_any",
    "model_name",
]

#: Fullnames of the ``TypeInfo`` of every dict-like class, as mypy resolves them. ``typing.Dict``
#: is an alias of ``builtins.dict``, ``typing.DefaultDict`` of ``collections.defaultdict``,
#: ``typing.OrderedDict``/``typing.ChainMap`` of the ``collections`` classes, and
#: ``collections.abc.Mapping``/``MutableMapping`` are re-exports of the ``typing`` classes.
DICT_LIKE_FULLNAMES: Final = frozenset(
    {
        "builtins.dict",
        "typing.Mapping",
        "typing.MutableMapping",
        "collections.defaultdict",
        "collections.OrderedDict",
        "collections.ChainMap",
        # defensive: spellings a future typeshed could use for the abstract classes
        "_collections_abc.Mapping",
        "_collections_abc.MutableMapping",
        "collections.abc.Mapping",
        "collections.abc.MutableMapping",
    }
)

#: The scalar types of which a union of two or more makes a value type "loose" (None excluded).
SCALAR_FULLNAMES: Final = frozenset(
    {"builtins.str", "builtins.int", "builtins.float", "builtins.bool", "builtins.bytes"}
)

PYDANTIC_BASE_MODEL: Final = "pydantic.main.BaseModel"
SQLMODEL_BASE: Final = "sqlmodel.main.SQLModel"

# Containers whose *element* (first type argument) is searched by find_record_like.
#: Collections whose first type argument is their element type (``tuple`` as ``tuple[X, ...]``).
COLLECTION_CONTAINERS: Final = frozenset(
    {
        "builtins.list",
        "builtins.tuple",
        "builtins.set",
        "builtins.frozenset",
        "typing.Sequence",
        "typing.MutableSequence",
        "typing.Iterable",
        "typing.Collection",
        "typing.AbstractSet",
        "typing.MutableSet",
    }
)
_ELEMENT_CONTAINERS: Final = COLLECTION_CONTAINERS | frozenset(
    {
        # results: what iterating / awaiting produces
        "typing.Iterator",
        "typing.AsyncIterator",
        "typing.AsyncIterable",
        "typing.Awaitable",
        "typing.Generator",  # yield type
        "typing.AsyncGenerator",  # yield type
    }
)
# JSON arrays: a union of scalars may also hold these (``str | int | list[JSON]``).
_JSON_ARRAYS: Final = frozenset({"builtins.list", "typing.Sequence", "builtins.tuple"})
# Coroutine[yield, send, return]: the awaited result is the last argument.
_LAST_ARG_RESULTS: Final = frozenset({"typing.Coroutine"})

# How many alias expansions / nesting levels are followed before giving up (recursive aliases).
_MAX_DEPTH: Final = 12

# special_form: mypy turns every explicit Any in a type alias target into a special-form Any
# ("when this type alias gets inlined, the Any is not explicit anymore"), so JSONDict =
# dict[str, Any] only shows special_form. The other special-form Anys come from names that do
# not resolve (an error mypy reports) or incomplete references (deferred: never classified).
_USER_ANY: Final = frozenset({TypeOfAny.explicit, TypeOfAny.from_omitted_generics, TypeOfAny.special_form})


def is_user_any(t: Type) -> bool:
    """Whether ``t`` is an ``Any`` the user wrote (``Any``) or implied (bare ``dict``).

    ``Any`` produced by an unresolved or unfollowed import or by an error is not: those say
    nothing about the shape of the data. A special-form ``Any`` counts: mypy rewrites the
    explicit ``Any`` of a type alias target to it.
    ``from_another_any`` is judged by the ``Any`` it came from.
    """
    proper = get_proper_type(t)
    if not isinstance(proper, AnyType):
        return False
    kind = proper.type_of_any
    if kind == TypeOfAny.from_another_any and proper.source_any is not None:
        kind = proper.source_any.type_of_any
    return kind in _USER_ANY


def dict_like_instance(t: Type) -> Instance | None:
    """The proper :class:`Instance` if ``t`` is a dict-like type, else ``None``.

    Dict-like: ``dict``/``Dict``, ``Mapping``, ``MutableMapping``, ``defaultdict``/``DefaultDict``,
    ``OrderedDict``, ``ChainMap`` in their ``typing``, ``collections`` and ``collections.abc``
    spellings, after alias expansion. A ``TypedDict`` is a ``TypedDictType``, not an
    ``Instance``, so it is never dict-like; neither is a user subclass of ``dict`` (it has a
    name, which is the point of the rule).
    """
    proper = get_proper_type(t)
    if isinstance(proper, Instance) and proper.type.fullname in DICT_LIKE_FULLNAMES:
        return proper
    return None


def _scalar_name(t: ProperType) -> str | None:
    if isinstance(t, Instance) and t.type.fullname in SCALAR_FULLNAMES and t.last_known_value is None:
        return t.type.fullname
    return None


def _is_any_or_object(t: ProperType) -> bool:
    return is_user_any(t) or (isinstance(t, Instance) and t.type.fullname == "builtins.object")


#: Says whether a type alias is *opaque*: whatever raw dict it hides is not looked into.
Opaque = Callable[[TypeAlias], bool]


def _never(alias: TypeAlias) -> bool:
    return False


class _OpaqueAlias:
    """:func:`_enter`'s answer for an opaque alias."""


_OPAQUE: Final = _OpaqueAlias()


def _enter(
    t: Type, seen: frozenset[str], opaque: Opaque
) -> tuple[ProperType, frozenset[str]] | _OpaqueAlias | None:
    """Expand ``t`` one alias at a time (an alias of an opaque alias stops there); ``None``
    when it is a reference back to an alias being expanded."""
    while isinstance(t, TypeAliasType) and t.alias is not None:
        if t.alias.fullname in seen:
            return None
        if opaque(t.alias):
            return _OPAQUE
        seen = seen | {t.alias.fullname}
        t = t._expand_once()
    return get_proper_type(t), seen


def _is_json_array(t: ProperType, seen: frozenset[str], depth: int, opaque: Opaque) -> bool:
    """``list[V]``/``Sequence[V]``/``tuple[V, ...]`` with a loose ``V`` (a JSON array)."""
    if not (isinstance(t, Instance) and t.type.fullname in _JSON_ARRAYS and len(t.args) == 1):
        return False
    return _is_loose_value(t.args[0], seen, depth + 1, opaque)


def _is_loose_value(t: Type, seen: frozenset[str], depth: int, opaque: Opaque) -> bool:
    """Whether a ``str``-keyed dict with value type ``t`` is record-like (see module doc).

    A reference back to a recursive alias that is being expanded counts as loose: whether the
    alias is loose is decided where it was entered (``JSON = dict[str, JSON] | list[JSON] |
    str | int | ...``: the dict member is record-like because its value is ``JSON`` again). An
    opaque alias is a named shape, like a model: not loose.
    """
    if depth > _MAX_DEPTH:
        return False
    entered = _enter(t, seen, opaque)
    if entered is None:
        return True
    if isinstance(entered, _OpaqueAlias):
        return False
    proper, seen = entered
    if _is_any_or_object(proper):
        return True
    if isinstance(proper, UnionType):
        members = [(item, get_proper_type(item)) for item in proper.relevant_items()]
        members = [(raw, p) for raw, p in members if not isinstance(p, NoneType)]
        if any(_is_any_or_object(p) for _, p in members):
            return True
        scalars = {name for name in (_scalar_name(p) for _, p in members) if name is not None}
        others = [raw for raw, p in members if _scalar_name(p) is None]
        # a record-like dict as a member (``dict[str, Any] | None``, a recursive JSON alias)
        if any(_is_record_like(raw, seen, depth + 1, opaque) for raw in others):
            return True
        # two or more scalars, with nothing else but JSON arrays (``str | int | list[JSON]``)
        return len(scalars) >= 2 and all(
            _is_json_array(get_proper_type(raw), seen, depth, opaque) for raw in others
        )
    return _is_record_like(proper, seen, depth + 1, opaque)


def _is_record_like(t: Type, seen: frozenset[str], depth: int, opaque: Opaque) -> bool:
    if depth > _MAX_DEPTH:
        return False
    entered = _enter(t, seen, opaque)
    if entered is None or isinstance(entered, _OpaqueAlias):
        return False
    proper, seen = entered
    inst = dict_like_instance(proper)
    if inst is None or len(inst.args) != 2:
        return False
    key, value = inst.args
    if is_user_any(key) and is_user_any(value):
        return True
    key_p = get_proper_type(key)
    if not (isinstance(key_p, Instance) and key_p.type.fullname == "builtins.str" and key_p.last_known_value is None):
        return False
    return _is_loose_value(value, seen, depth, opaque)


def is_record_like(t: Type) -> bool:
    """Whether ``t`` itself (aliases expanded) is a record-like raw dict.

    Record-like: a dict-like type (:func:`dict_like_instance`) that is bare or has only ``Any``
    arguments (``dict``, ``Dict``, ``dict[Any, Any]``), or is keyed by ``str`` with a value type
    that is ``Any``, ``object``, a union containing ``Any``/``object``, a union of two or more
    distinct scalars among ``str int float bool bytes`` (``None`` does not count), or itself
    record-like (also as a union member, which covers recursive JSON aliases).

    A union with two scalars and other members counts only when the others are JSON arrays
    (``list``/``Sequence``/``tuple[...,...]`` of loose values, as in ``str | int | list[JSON]``):
    ``Mapping[str, str | bytes | Iterable[str]]`` (form data) is a known shape, not a record.

    Not record-like: ``dict[str, int]``, ``dict[str, User]``, ``dict[str, list[User]]``,
    ``Mapping[str, str]``, ``dict[int, str]``, ``dict[str, str | None]``,
    ``dict[str, str | list[str]]``, any ``TypedDict``.
    """
    return _is_record_like(t, frozenset(), 0, _never)


def _find(t: Type, depth: int, opaque: Opaque) -> ProperType | None:
    if depth > _MAX_DEPTH:
        return None
    entered = _enter(t, frozenset(), opaque)
    if not isinstance(entered, tuple):
        return None
    proper = entered[0]
    if _is_record_like(proper, frozenset(), depth, opaque):
        return proper
    if isinstance(proper, UnionType):
        items: list[Type] = list(proper.items)
    elif isinstance(proper, TupleType):
        items = list(proper.items)
    elif isinstance(proper, Instance) and proper.args:
        name = proper.type.fullname
        if name in _ELEMENT_CONTAINERS:
            items = [proper.args[0]]
        elif name in _LAST_ARG_RESULTS:
            items = [proper.args[-1]]
        else:
            return None
    else:
        return None
    for item in items:
        found = _find(item, depth + 1, opaque)
        if found is not None:
            return found
    return None


def find_record_like(t: Type, opaque: Opaque = _never) -> ProperType | None:
    """The record-like raw dict that makes ``t`` reportable, or ``None``.

    ``t`` itself if it is record-like (:func:`is_record_like`); otherwise the first record-like
    component found inside ``Optional``/``Union`` members, ``tuple`` items, the element of
    ``list``/``set``/``frozenset``/``Sequence``/``MutableSequence``/``Iterable``/``Collection``/
    ``AbstractSet``/``tuple[X, ...]``, or the result of ``Iterator``/``AsyncIterator``/
    ``AsyncIterable``/``Awaitable``/``Coroutine`` (last argument)/``Generator`` and
    ``AsyncGenerator`` (yield type). The values of a dict are not searched beyond what
    :func:`is_record_like` does (``dict[str, list[User]]`` is fine).

    ``opaque`` says which type aliases are not looked into: a raw dict that is only reachable
    through one of them is not found (a library's alias is the library's contract; a project's
    record-like alias is reported once, at the alias).
    """
    return _find(t, 0, opaque)


def is_pydantic_model(info: TypeInfo) -> bool:
    """Whether the class's MRO contains ``pydantic.BaseModel`` (SQLModel classes included).

    Works for classes loaded from mypy's cache too (MROs are serialised).
    """
    return any(base.fullname == PYDANTIC_BASE_MODEL for base in info.mro)


def model_name(typ: Type | None) -> str | None:
    """The name of the Pydantic model a receiver type is or holds: the first model of a union,
    the bound of a type variable, the class of ``type[Model]`` or of a class object."""
    proper = get_proper_type(typ)
    if isinstance(proper, UnionType):
        for item in proper.relevant_items():
            name = model_name(item)
            if name is not None:
                return name
        return None
    if isinstance(proper, TypeVarType):
        proper = get_proper_type(proper.upper_bound)
    if isinstance(proper, TypeType):
        proper = proper.item
        if isinstance(proper, TypeVarType):
            proper = get_proper_type(proper.upper_bound)
    elif isinstance(proper, CallableType) and proper.is_type_obj():
        proper = get_proper_type(proper.ret_type)
    if isinstance(proper, Instance) and is_pydantic_model(proper.type):
        return proper.type.name
    return None


def is_reported_path(errors: Errors, path: str) -> bool:
    """Whether mypy reports errors in the file at ``path`` (as mypy spells it).

    False for stubs (``.pyi``), and for files mypy silences: installed packages and other
    ``follow_imports = silent`` modules, and ``ignore_errors = True`` modules
    (``Errors.ignored_files``). Only code mypy was asked to check is reported by pyexpert.
    """
    if path.lower().endswith(".pyi"):
        return False
    return path not in errors.ignored_files


def checker_reports_current_file(api: CheckerPluginInterface) -> bool:
    """:func:`is_reported_path` for the file a type-checking hook (``ctx.api``) is in.

    For function/method hooks (``FunctionContext.api``, ``MethodContext.api``). Returns
    False when ``api`` is not mypy's ``TypeChecker`` (an unknown shape means "do not report").
    """
    if not isinstance(api, TypeChecker):
        return False
    return is_reported_path(api.errors, api.path)


def checker_reports(api: TypeChecker, code: ErrorCode) -> bool:
    """Whether a type-checking hook should report ``code`` here: the code is enabled (config,
    inline ``# mypy:`` comments) and the current file is one mypy reports."""
    return api.errors.is_error_code_enabled(code) and is_reported_path(api.errors, api.path)

"""Hashability facts about a class, recorded when its own module is analysed (PX701).

Called from the class hook (:mod:`mypy_pyexpert.class_hook`); the facts land in
``TypeInfo.metadata["pyexpert"]`` (:mod:`mypy_pyexpert.class_facts`) and are serialised into
mypy's cache: a class imported from a cached module keeps them. pydantic.mypy
may not be enabled, so pyexpert does not read pydantic.mypy's metadata.

The hook runs before the class body is semantically analysed, so the body is read by its syntax
(``True`` cannot be rebound in Python 3, and ``ConfigDict`` is recognised by its name):

- ``"frozen_config"``: ``class M(BaseModel, frozen=True)``, ``model_config = ConfigDict(frozen=True)``
  (also ``SettingsConfigDict``, SQLModel's ``SQLModelConfig``, or with an annotation) or
  ``model_config = {"frozen": True}``.
  Pydantic merges ``model_config`` with the bases' and gives a frozen model a ``__hash__`` that
  its subclasses inherit, so a model with this fact anywhere in its MRO is hashable;
- ``"opaque_config"``: a ``model_config`` whose ``frozen`` cannot be read (a shared config
  variable, ``**`` spreads, a non-literal ``frozen=``): the model may be frozen, so PX701 stays
  silent about it;
- ``"hash_keyword"``: a class decorator called with ``unsafe_hash=True`` or ``eq=False``
  (a dataclass that stays hashable although it is not frozen);
- ``"dataclass_decorator"``: a class decorator that is ``dataclasses.dataclass`` or
  ``pydantic.dataclasses.dataclass`` (aliases resolved) or is named ``dataclass``: pydantic's
  is handled by mypy through ``dataclass_transform``, like any library's, so mypy's own
  dataclass metadata does not tell a real dataclass from a class that hashes as it likes.
"""

from __future__ import annotations

from typing import Final

from mypy.nodes import (
    AssignmentStmt,
    CallExpr,
    ClassDef,
    DictExpr,
    Expression,
    MemberExpr,
    NameExpr,
    RefExpr,
    StrExpr,
)
from mypy.plugin import ClassDefContext, SemanticAnalyzerPluginInterface

from mypy_pyexpert.class_facts import set_fact
from mypy_pyexpert.safety import analysis_guard
from pyexpert_core.metadata import UNHASHABLE_CACHE_ARGUMENT

__all__ = ["DATACLASS_DECORATOR", "FACTS", "FROZEN_CONFIG", "HASH_KEYWORD", "OPAQUE_CONFIG", "record"]

_RULES: Final = f"{UNHASHABLE_CACHE_ARGUMENT.code} (the hashability facts of classes)"

FROZEN_CONFIG: Final = "frozen_config"
OPAQUE_CONFIG: Final = "opaque_config"
HASH_KEYWORD: Final = "hash_keyword"
DATACLASS_DECORATOR: Final = "dataclass_decorator"
FACTS: Final = (FROZEN_CONFIG, OPAQUE_CONFIG, HASH_KEYWORD, DATACLASS_DECORATOR)

_CONFIG_NAME: Final = "model_config"
#: Config constructors, by the end of their name: ``ConfigDict``, ``SettingsConfigDict``,
#: SQLModel's ``SQLModelConfig`` (TypedDicts whose keywords are the config keys).
_CONFIG_CALL_SUFFIXES: Final = ("ConfigDict", "Config")


def _bool_literal(expr: Expression | None) -> bool | None:
    if isinstance(expr, NameExpr) and expr.name in ("True", "False"):
        return expr.name == "True"
    return None


def _terminal_name(expr: Expression) -> str | None:
    if isinstance(expr, CallExpr):
        expr = expr.callee
    if isinstance(expr, (NameExpr, MemberExpr)):
        return expr.name
    return None


def _config_frozen(value: Expression) -> bool | None:
    """``True``/``False``: the config says whether the model is frozen; ``None``: cannot tell."""
    if isinstance(value, CallExpr) and (_terminal_name(value) or "").endswith(_CONFIG_CALL_SUFFIXES):
        if any(name is None for name in value.arg_names):  # positional or ** arguments
            return None
        for name, arg in zip(value.arg_names, value.args, strict=True):
            if name == "frozen":
                return _bool_literal(arg)
        return False
    if isinstance(value, DictExpr):
        for key, item in value.items:
            if key is None:  # {**base}
                return None
            if isinstance(key, StrExpr) and key.value == "frozen":
                return _bool_literal(item)
        return False
    return None


def _config_facts(cls: ClassDef) -> tuple[bool, bool]:
    """(frozen, opaque) from the class keyword ``frozen=`` and ``model_config`` in the body."""
    keyword = cls.keywords.get("frozen")
    if keyword is not None and _bool_literal(keyword) is None:
        return False, True
    config: bool | None = False
    for statement in cls.defs.body:  # a plain loop: this runs for every class mypy analyses
        if isinstance(statement, AssignmentStmt):
            for target in statement.lvalues:
                if isinstance(target, NameExpr) and target.name == _CONFIG_NAME:
                    config = _config_frozen(statement.rvalue)  # the last assignment wins
                    break
    frozen = _bool_literal(keyword) is True or config is True
    return frozen, config is None and not frozen


#: Decorators that make a real dataclass (``__hash__ = None`` unless frozen, eq=False or unsafe_hash).
_DATACLASS_DECORATORS: Final = frozenset({"dataclasses.dataclass", "pydantic.dataclasses.dataclass"})


def _decorator_fullname(api: SemanticAnalyzerPluginInterface, cls: ClassDef, expr: Expression) -> str | None:
    """The decorator's fullname; bare names are not resolved yet when the MRO hook runs."""
    target = expr.callee if isinstance(expr, CallExpr) else expr
    if isinstance(target, RefExpr) and target.fullname:
        return target.fullname
    if isinstance(target, NameExpr):
        symbol = api.lookup_qualified(target.name, cls, suppress_errors=True)
        if symbol is not None and symbol.node is not None:
            return symbol.node.fullname
    return None


def _decorator_facts(api: SemanticAnalyzerPluginInterface, cls: ClassDef) -> tuple[bool, bool]:
    """(hash_keyword, dataclass_decorator) from the class decorators."""
    hash_keyword = False
    dataclass = False
    for decorator in cls.decorators:
        dataclass = (
            dataclass
            or _terminal_name(decorator) == "dataclass"
            or _decorator_fullname(api, cls, decorator) in _DATACLASS_DECORATORS
        )
        if isinstance(decorator, CallExpr):
            for name, arg in zip(decorator.arg_names, decorator.args, strict=True):
                value = _bool_literal(arg)
                if (name == "unsafe_hash" and value is True) or (name == "eq" and value is False):
                    hash_keyword = True
    return hash_keyword, dataclass


def record(ctx: ClassDefContext) -> None:
    """Record (or clear, on re-analysis) the hashability facts of the class ``ctx.cls``."""
    with analysis_guard(_RULES, ctx.api, ctx.cls):
        cls = ctx.cls
        frozen, opaque = _config_facts(cls)
        hash_keyword, dataclass = _decorator_facts(ctx.api, cls) if cls.decorators else (False, False)
        if not (frozen or opaque or hash_keyword or dataclass or cls.info.metadata):
            return  # nothing to record, nothing recorded earlier to clear (most classes)
        set_fact(cls.info, FROZEN_CONFIG, frozen)
        set_fact(cls.info, OPAQUE_CONFIG, opaque)
        set_fact(cls.info, HASH_KEYWORD, hash_keyword)
        set_fact(cls.info, DATACLASS_DECORATOR, dataclass)

"""PX204 v1-model-method: Pydantic v1 model API used on a Pydantic v2 model.

Hooks (none of them is claimed by pydantic.mypy, so the rule works with ``pydantic.mypy`` listed
before or after ``mypy_pyexpert``; pydantic.mypy claims ``get_method_hook`` for ``*.from_orm``):

- calls (``m.dict()``, ``User.parse_obj(d)``, ``User.from_orm(row)``, ``t.parse_obj(d)`` with
  ``t: type[User]``): ``get_method_signature_hook``. mypy names a method call after the
  receiver's class (``pkg.models.User.dict``; a generic ``Box[int]`` is ``pkg.Box.parse_obj``;
  each member of a union is asked separately), and the signature is returned unchanged;
- reads on an instance (``m.__fields__``, ``m.__fields_set__``, and the methods, which pydantic
  decorates with ``@deprecated``, so mypy treats them as attributes: ``f = m.dict``, or
  ``x.dict()`` on a ``TypeVar`` bound to a model, which no method hook sees):
  ``get_attribute_hook``, which mypy names after the class that *defines* the member
  (``pydantic.main.BaseModel.__fields__``);
- reads on a class or ``type[User]`` (``User.__fields__``, ``f = User.parse_obj``):
  ``get_class_attribute_hook``, named after the class read (``pkg.models.User.__fields__``).

A call is seen by two hooks; both report the same message on the same line, and mypy keeps one
(``Errors.remove_duplicates``). The model named in the message is the static receiver's class,
so the members of a union report one identical message too.

Only pydantic's own members are flagged: the class of the MRO that defines the member must be
``pydantic.main.BaseModel`` (or ``sqlmodel.main.SQLModel``, which re-defines ``dict``,
``from_orm`` and ``parse_obj`` as deprecated shims of the same v1 API). A model that defines
its own ``schema``/``copy``/``json`` (a method or a field) is not using the v1 API, nor is any
non-model (``dict.copy()``, ``httpx.Response.json()``, ``list.copy()``). Writes
(``m.__fields_set__ = ...``) are uses too. Only files mypy reports are reported.

A call through ``super()`` (``super().dict()`` in a model's method) is read by the attribute
hook too: mypy names the member after the class that defines it, and the context is the
``SuperExpr``; the message names the class the call is written in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from mypy.checker import TypeChecker
from mypy.nodes import CallExpr, Context, Expression, MemberExpr, SuperExpr, TypeInfo
from mypy.plugin import AttributeContext, MethodSigContext, Plugin
from mypy.types import FunctionLike, Type

from mypy_pyexpert.reporting import checker_applies, report_in_checker
from mypy_pyexpert.safety import analysis_guard
from mypy_pyexpert.types import PYDANTIC_BASE_MODEL, SQLMODEL_BASE, is_pydantic_model, model_name
from pyexpert_core.pydantic_v1 import V1_MODEL_MEMBERS
from pyexpert_core.metadata import V1_MODEL_METHOD as RULE

__all__ = [
    "ATTRIBUTES",
    "FIXES",
    "METHODS",
    "V1_DEFINERS",
    "attribute_hook_for",
    "class_attribute_hook_for",
    "method_hook_for",
]

#: The fix named in the message, per v1 member (written once, in the catalog).
FIXES: Final = V1_MODEL_MEMBERS
ATTRIBUTES: Final = frozenset({"__fields__", "__fields_set__"})
METHODS: Final = frozenset(FIXES) - ATTRIBUTES

#: The classes whose members of these names are the v1 API (SQLModel keeps deprecated shims).
V1_DEFINERS: Final = frozenset({PYDANTIC_BASE_MODEL, SQLMODEL_BASE})

_DEFINER_MEMBERS: Final = frozenset(f"{definer}.{name}" for definer in V1_DEFINERS for name in FIXES)


def _split(fullname: str) -> tuple[str, str]:
    owner, _, member = fullname.rpartition(".")
    return owner, member


def _defined_by_base_model(plugin: Plugin, owner: str, member: str) -> bool:
    """Whether ``owner`` is a pydantic model whose ``member`` comes from pydantic (or SQLModel)."""
    symbol = plugin.lookup_fully_qualified(owner)
    info = symbol.node if symbol is not None else None
    if not isinstance(info, TypeInfo) or not is_pydantic_model(info):
        return False
    definer = info.get_containing_type_info(member)
    return definer is not None and definer.fullname in V1_DEFINERS


def method_hook_for(plugin: Plugin, fullname: str) -> Callable[[MethodSigContext], FunctionLike] | None:
    """The callback for a call of a v1 method of a pydantic model, else ``None`` (cheaply)."""
    owner, member = _split(fullname)
    if member not in METHODS or not _defined_by_base_model(plugin, owner, member):
        return None
    return _check_call


def attribute_hook_for(fullname: str) -> Callable[[AttributeContext], Type] | None:
    """The callback for an instance read of a v1 member defined by pydantic's ``BaseModel``."""
    return _check_attribute if fullname in _DEFINER_MEMBERS else None


def class_attribute_hook_for(plugin: Plugin, fullname: str) -> Callable[[AttributeContext], Type] | None:
    """The callback for a class read of a v1 member (``Model.__fields__``, ``Model.parse_obj``)."""
    owner, member = _split(fullname)
    if member not in FIXES or not _defined_by_base_model(plugin, owner, member):
        return None
    return _check_attribute


def _check_call(ctx: MethodSigContext) -> FunctionLike:
    with analysis_guard(RULE.code, ctx.api, ctx.context):
        call = ctx.context
        if isinstance(call, CallExpr) and isinstance(call.callee, MemberExpr):
            _report(ctx.api, call, call.callee.name, call.callee.expr, ctx.type)
    return ctx.default_signature


def _check_attribute(ctx: AttributeContext) -> Type:
    with analysis_guard(RULE.code, ctx.api, ctx.context):
        context = ctx.context
        if isinstance(context, MemberExpr):
            _report(ctx.api, context, context.name, context.expr, ctx.type)
        elif isinstance(context, SuperExpr) and context.info is not None:
            _report(ctx.api, context, context.name, None, ctx.type, context.info.name)
    return ctx.default_attr_type


def _report(
    api: object, context: Context, member: str, receiver: Expression | None, fallback: Type, owner: str | None = None
) -> None:
    if not isinstance(api, TypeChecker) or member not in FIXES:
        return
    if not checker_applies(api, RULE):
        return
    # The static receiver names the model, so the members of a union report one identical
    # message (mypy drops duplicates on a line) rather than one per member.
    static = api.lookup_type_or_none(receiver) if receiver is not None else None
    model = owner or model_name(static) or model_name(fallback) or "BaseModel"
    message = RULE.format(member=member, model=model, fix=FIXES[member])
    report_in_checker(api, RULE, message, context)

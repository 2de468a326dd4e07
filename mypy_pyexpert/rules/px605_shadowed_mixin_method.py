"""PX605 shadowed-mixin-method: in the class being defined, a method of a mixin (its name
matches ``mixin_pattern``) that a class before the mixin in the MRO also defines without calling
``super().<method>``, so the mixin's version never runs.

Run from the class hook (:mod:`mypy_pyexpert.class_hook`) with the class's own body facts; the
other classes of the MRO are read through the facts recorded when their modules were analysed
(:mod:`mypy_pyexpert.body_facts`). Shadowing that the class statement itself shows (a mixin
listed after a non-mixin base) is left to PX601, as PX601 reads the bases.
"""

from __future__ import annotations

import re
from typing import Final

from mypy.nodes import ClassDef, IndexExpr, MemberExpr, NameExpr, RefExpr, TypeInfo
from mypy.semanal import SemanticAnalyzer

from mypy_pyexpert.body_facts import (
    DECLARED,
    INIT,
    SUPER,
    BodyFacts,
    bodies_known_for,
    names_fact,
    written_method,
)
from mypy_pyexpert.reporting import report_in_semanal, semanal_applies
from pyexpert_core.metadata import SHADOWED_MIXIN_METHOD

__all__ = ["check_shadowed_mixin_methods"]


def is_mangled(name: str) -> bool:
    return name.startswith("__") and not name.endswith("__")


def check_shadowed_mixin_methods(sem: SemanticAnalyzer, defn: ClassDef, own: BodyFacts, pattern: str) -> None:
    """Report each mixin method that an earlier class of the MRO shadows (once per class)."""
    info = defn.info
    if info.fallback_to_any or info.bad_mro or not semanal_applies(sem, SHADOWED_MIXIN_METHOD):
        return
    mixin_re = re.compile(pattern)
    mro = info.mro
    for index in range(1, len(mro)):
        mixin = mro[index]
        if mixin.fullname == "builtins.object" or not mixin_re.search(mixin.name):
            continue
        if _listed_after_a_base(defn, mixin, mixin_re):
            continue  # PX601's: the class statement itself lists the mixin after a base
        for method in sorted(mixin.names):
            if method == INIT or is_mangled(method) or not written_method(mixin, method):
                continue
            if method in names_fact(mixin, DECLARED):
                continue  # a declaration in the mixin, meant to be overridden
            if method in own.defined and method not in own.via_super:
                continue  # the class replaces both on purpose, or calls them by hand
            shadow = _shadowing_class(sem, mro[1:index], method)
            if shadow is None or _arranged_by_a_base(info, mixin, shadow):
                continue
            message = SHADOWED_MIXIN_METHOD.format(name=info.name, mixin=mixin.name, method=method, shadow=shadow.name)
            report_in_semanal(sem, SHADOWED_MIXIN_METHOD, message, defn)


def _shadowing_class(sem: SemanticAnalyzer, earlier: list[TypeInfo], method: str) -> TypeInfo | None:
    """The first class before the mixin whose ``method`` ends the super() chain, if known."""
    for cls in earlier:
        if method not in cls.names:
            continue
        if not written_method(cls, method) or not bodies_known_for(sem, cls):
            return None  # an attribute, a generated or a stub method: unknown, never flagged
        if method in names_fact(cls, SUPER):
            continue
        return cls
    return None


#: Bases that PX601 does not count as a base a mixin must come before.
_NEUTRAL_BASES: Final = frozenset(
    {"builtins.object", "typing.Generic", "typing.Protocol", "abc.ABC", "typing_extensions.Protocol"}
)


def _listed_after_a_base(defn: ClassDef, mixin: TypeInfo, mixin_re: re.Pattern[str]) -> bool:
    """Whether the class statement lists ``mixin`` after a non-mixin base, as PX601 reads it.

    The bases as written: a name's own name is its target's (an import alias resolves to the
    class it imports), ``Generic[...]``/``Protocol``/``ABC``/``object`` are not bases a mixin
    must come before.
    """
    after_a_base = False
    for expr in defn.base_type_exprs:
        target = expr.base if isinstance(expr, IndexExpr) else expr
        if not isinstance(target, RefExpr):
            continue
        fullname = target.fullname or (target.name if isinstance(target, NameExpr | MemberExpr) else "")
        if fullname in _NEUTRAL_BASES:
            continue
        if mixin_re.search(fullname.rpartition(".")[2]) is None:
            after_a_base = True
        elif after_a_base and target.node is mixin:
            return True
    return False


def _arranged_by_a_base(info: TypeInfo, first: TypeInfo, second: TypeInfo) -> bool:
    """Whether a direct base already has both classes in its MRO (reported there, or a library's)."""
    return any(first in base.type.mro and second in base.type.mro for base in info.bases)

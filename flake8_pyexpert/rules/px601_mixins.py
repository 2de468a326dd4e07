"""PX601 mixin-after-base, PX602 mixin-init-not-cooperative, PX603 mixin-concrete-base.

A *mixin* is a class whose name matches ``--pyexpert-mixin-pattern`` (a regular expression,
searched, case-sensitive; default ``Mixin$``). The name of a base is its own name: the last
component of ``pkg.TimestampMixin``, the imported name behind an alias (``from m import
TimestampMixin as Stamped`` is a mixin), ``Repository[User]`` without its subscript.

Each base of a class statement is one of:

* *neutral*: ``typing.Generic``, ``typing.Protocol`` (subscripted or not), ``abc.ABC``,
  ``object``, with their ``typing_extensions`` forms, resolved through imports (a bare name
  from ``from typing import *`` counts too). A class of the module named ``ABC`` is not neutral;
* *unknown*: a starred base or any expression that is not a (subscripted) name or attribute
  chain, e.g. ``with_metaclass(Meta, Base)``: never a mixin nor a base, never reported;
* a *mixin* (its own name matches the pattern);
* otherwise a *concrete* base.

PX601: each mixin base after a concrete base, reported at the mixin (one finding per misplaced
mixin), naming the first concrete base before it. Keywords (``metaclass=``) are not bases. Not
reported: a mixin that an earlier base (a class of this module) already inherits (``class
AskFileSpec(FileSpec, DataClassJsonMixin)`` with ``class FileSpec(DataClassJsonMixin)``): it is
already in the MRO before that base's own bases, and listing it first would be an MRO error.

PX602: in a mixin's body, each ``def __init__`` (not ``@overload`` signatures, not stub bodies
made of ``...`` and a docstring) that never calls ``super().__init__(...)`` (nested functions do
not count; ``super(Cls, self)`` does), or that does not accept both ``*args`` and ``**kwargs``
(keyword-only parameters between them, and positional ones before ``*args``, are the mixin's own
and allowed), or whose ``super().__init__`` calls do not pass both on (a starred argument that
uses the ``*args`` name, a ``**`` argument that uses the ``**kwargs`` name). One finding per
``__init__``, with the first problem.

PX603: each concrete base of a mixin, reported at the base. When the mixin is a pydantic model
class (it inherits ``BaseModel``/``SQLModel``...), the message says to make it a base
model with a base name instead; otherwise to derive the mixin from ``object``.
"""

from __future__ import annotations

import ast
import enum
import re
from collections.abc import Iterator
from typing import Final

from flake8_pyexpert.runner import Check
from pyexpert_core.metadata import MIXIN_AFTER_BASE, MIXIN_CONCRETE_BASE, MIXIN_INIT_NOT_COOPERATIVE

__all__ = ["Mixins"]

_NEUTRAL: Final = frozenset(
    {
        "typing.Generic",
        "typing_extensions.Generic",
        "typing.Protocol",
        "typing_extensions.Protocol",
        "abc.ABC",
        "builtins.object",
    }
)
# a bare name that a star import may bind: name -> modules whose ``*`` provides it
_NEUTRAL_BY_STAR: Final[dict[str, tuple[str, ...]]] = {
    "Generic": ("typing", "typing_extensions"),
    "Protocol": ("typing", "typing_extensions"),
    "ABC": ("abc",),
}
_OVERLOAD: Final = frozenset({"typing.overload", "typing_extensions.overload"})
_NESTED: Final = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


class Kind(enum.Enum):
    NEUTRAL = "neutral"
    UNKNOWN = "unknown"
    MIXIN = "mixin"
    CONCRETE = "concrete"


def _unsubscript(expr: ast.expr) -> ast.expr:
    return expr.value if isinstance(expr, ast.Subscript) else expr


def _display(expr: ast.expr) -> str:
    """The base as written (``models.Model``, ``Repository[User]``)."""
    return ast.unparse(expr)


def _is_stub(func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A body of ``...`` and/or a docstring only: a declaration, not code that runs."""
    return all(
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Constant)
        and (stmt.value.value is Ellipsis or isinstance(stmt.value.value, str))
        for stmt in func.body
    )


def _super_init_calls(body: list[ast.stmt]) -> Iterator[ast.Call]:
    """``super().__init__(...)`` / ``super(C, self).__init__(...)`` calls, not in nested scopes."""
    todo: list[ast.AST] = list(body)
    while todo:
        node = todo.pop()
        if isinstance(node, _NESTED):
            continue
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "__init__"
            and isinstance(node.func.value, ast.Call)
            and isinstance(node.func.value.func, ast.Name)
            and node.func.value.func.id == "super"
        ):
            yield node
        todo.extend(ast.iter_child_nodes(node))


def _uses(expr: ast.expr, name: str) -> bool:
    return any(isinstance(node, ast.Name) and node.id == name for node in ast.walk(expr))


def _forwards(call: ast.Call, vararg: str, kwarg: str) -> bool:
    positional = any(isinstance(arg, ast.Starred) and _uses(arg.value, vararg) for arg in call.args)
    keywords = any(keyword.arg is None and _uses(keyword.value, kwarg) for keyword in call.keywords)
    return positional and keywords


def _init_problem(func: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """What makes a mixin's ``__init__`` non-cooperative (the first problem), or None."""
    calls = list(_super_init_calls(func.body))
    if not calls:
        return "never calls super().__init__()"
    vararg, kwarg = func.args.vararg, func.args.kwarg
    if vararg is None or kwarg is None:
        missing = [spelling for spelling, arg in (("*args", vararg), ("**kwargs", kwarg)) if arg is None]
        return "does not accept " + " and ".join(missing)
    if any(_forwards(call, vararg.arg, kwarg.arg) for call in calls):
        return None
    return f"does not pass *{vararg.arg}, **{kwarg.arg} on to super().__init__()"


def _base_model_name(name: str, pattern: re.Pattern[str]) -> str:
    """``TimestampMixin`` -> ``TimestampBase`` (the pattern's match removed)."""
    stem = pattern.sub("", name)
    return (stem if stem and stem != name else name) + "Base"


class Mixins(Check):
    rules = (MIXIN_AFTER_BASE, MIXIN_INIT_NOT_COOPERATIVE, MIXIN_CONCRETE_BASE)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        pattern = self.settings.mixin_pattern
        if pattern.search(node.name) is not None:
            self._check_inits(node)
            if node.bases:
                self._check_mixin_bases(node, pattern)
        if len(node.bases) >= 2:
            self._check_order(node)

    # -- classification of bases ---------------------------------------------------------

    def _kind(self, base: ast.expr) -> Kind:
        expr = _unsubscript(base)
        if isinstance(expr, ast.Name):
            written = expr.id
        elif isinstance(expr, ast.Attribute):
            written = expr.attr
        else:
            return Kind.UNKNOWN
        qualified = self.model.resolve(expr)
        if qualified is not None:
            if qualified in _NEUTRAL:
                return Kind.NEUTRAL
            own = qualified.rpartition(".")[2]
        else:
            own = written
            if isinstance(expr, ast.Name) and self._star_neutral(written):
                return Kind.NEUTRAL
        return Kind.MIXIN if self.settings.mixin_pattern.search(own) is not None else Kind.CONCRETE

    def _star_neutral(self, name: str) -> bool:
        modules = _NEUTRAL_BY_STAR.get(name)
        return modules is not None and any(
            module in modules for module in self.model.module_scope.star_imports
        )

    # -- PX601 -----------------------------------------------------------------------------

    def _check_order(self, node: ast.ClassDef) -> None:
        first_concrete: ast.expr | None = None
        for base in node.bases:
            kind = self._kind(base)
            if kind is Kind.CONCRETE and first_concrete is None:
                first_concrete = base
            elif kind is Kind.MIXIN and first_concrete is not None and not self._inherited_earlier(node, base):
                self.report(
                    base, MIXIN_AFTER_BASE, mixin=_display(base), base=_display(first_concrete), cls=node.name
                )

    def _inherited_earlier(self, node: ast.ClassDef, mixin: ast.expr) -> bool:
        """Whether a base listed before ``mixin`` is a class of this module that inherits it."""
        wanted = self.model.resolve(_unsubscript(mixin))
        written = ast.unparse(_unsubscript(mixin))
        for base in node.bases:
            if base is mixin:
                return False
            expr = _unsubscript(base)
            info = self.model.class_named(expr.id, before=node) if isinstance(expr, ast.Name) else None
            for current in info.lineage() if info is not None else ():
                if (wanted is not None and wanted in current.bases) or any(
                    ast.unparse(_unsubscript(own)) == written for own in current.node.bases
                ):
                    return True
        return False

    # -- PX602 -----------------------------------------------------------------------------

    def _check_inits(self, node: ast.ClassDef) -> None:
        for stmt in node.body:
            if not isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) or stmt.name != "__init__":
                continue
            if _is_stub(stmt) or any(self.model.resolve(d) in _OVERLOAD for d in stmt.decorator_list):
                continue
            problem = _init_problem(stmt)
            if problem is not None:
                self.report(stmt, MIXIN_INIT_NOT_COOPERATIVE, mixin=node.name, problem=problem)

    # -- PX603 -----------------------------------------------------------------------------

    def _check_mixin_bases(self, node: ast.ClassDef, pattern: re.Pattern[str]) -> None:
        for base in node.bases:
            if self._kind(base) is not Kind.CONCRETE:
                continue
            if self.model.is_pydantic_model(node):
                advice = (
                    "a model class is a base, not a mixin: rename it "
                    f"(e.g. '{_base_model_name(node.name, pattern)}') and list it as the models' base, "
                    "or keep only methods in a plain mixin"
                )
            else:
                advice = (
                    f"derive the mixin from object (or Protocol/ABC) and let the classes that use it "
                    f"also inherit '{_display(base)}'"
                )
            self.report(base, MIXIN_CONCRETE_BASE, mixin=node.name, base=_display(base), advice=advice)

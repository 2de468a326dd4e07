"""PX201 v1-validator: Pydantic v1's ``@validator`` / ``@root_validator``.

Flagged: ``validator`` and ``root_validator`` of ``pydantic``, ``pydantic.class_validators``
and ``pydantic.deprecated.class_validators`` (resolved through imports, so aliases and the
``pd.validator`` attribute form count), used as a bare decorator or called (as a decorator with
arguments, or as a reusable validator ``validator("x", allow_reuse=True)(fn)``). Each use is
reported once: a call at the call, a bare decorator at the decorator.

Not flagged: ``pydantic.v1.validator`` (the v1 compatibility namespace: v2 decorators do not
apply to ``pydantic.v1`` models), anything named ``validator`` that is not pydantic's.
"""

from __future__ import annotations

import ast
from typing import Final

from flake8_pyexpert.runner import Check, FileContext
from flake8_pyexpert.semantic.imports import ImportedNames
from pyexpert_core.metadata import V1_VALIDATOR

__all__ = ["V1Validator"]

_MODULES: Final = ("pydantic", "pydantic.class_validators", "pydantic.deprecated.class_validators")
_FIELD: Final = frozenset(f"{module}.validator" for module in _MODULES)
_ROOT: Final = frozenset(f"{module}.root_validator" for module in _MODULES)
_NAMES: Final = frozenset({"validator", "root_validator"})

_EACH_ITEM_NOTE: Final = (
    "; each_item=True has no direct equivalent (validate the item type instead, "
    "e.g. list[Annotated[T, AfterValidator(f)]])"
)
_ALWAYS_NOTE: Final = "; always=True has no direct equivalent (use Field(validate_default=True) on the field)"
_AFTER_NOTE: Final = "; mode=\"after\" receives the validated model instance, not a dict of values"


def _flag(call: ast.Call | None, name: str) -> bool | None:
    """True/False for a keyword given as a constant, True for any other value, None if absent."""
    if call is None:
        return None
    for keyword in call.keywords:
        if keyword.arg == name:
            value = keyword.value
            if isinstance(value, ast.Constant):
                return bool(value.value)
            return True
    return None


class V1Validator(Check):
    rules = (V1_VALIDATOR,)

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self.imported = ImportedNames(self.model, _FIELD | _ROOT)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self.imported.saw_import(node)

    def _candidate(self, func: ast.expr) -> bool:
        if isinstance(func, ast.Name):
            return func.id in self.imported.names
        return isinstance(func, ast.Attribute) and func.attr in _NAMES

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for decorator in node.decorator_list:
            if self._candidate(decorator):  # calls are visit_Call's
                self._check(decorator, None)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Call(self, node: ast.Call) -> None:
        if self._candidate(node.func):
            self._check(node.func, node)

    def _check(self, target: ast.expr, call: ast.Call | None) -> None:
        qualified = self.model.resolve(target)
        if qualified is None:
            return
        pre = _flag(call, "pre") is True
        if qualified in _FIELD:
            mode = ", mode=\"before\"" if pre else ""
            replacement = f"@field_validator(...{mode}) with @classmethod"
            notes = ""
            if _flag(call, "each_item") is True:
                notes += _EACH_ITEM_NOTE
            if _flag(call, "always") is True:
                notes += _ALWAYS_NOTE
            self.report(call or target, V1_VALIDATOR, decorator="validator", replacement=replacement, notes=notes)
        elif qualified in _ROOT:
            if pre:
                replacement, notes = "@model_validator(mode=\"before\") with @classmethod", ""
            else:
                replacement, notes = "@model_validator(mode=\"after\")", _AFTER_NOTE
            self.report(call or target, V1_VALIDATOR, decorator="root_validator", replacement=replacement, notes=notes)

"""PX205 v1-field-argument: ``pydantic.Field(...)`` with a Pydantic v1 argument.

Flagged: a call whose function resolves to ``pydantic.Field`` or ``pydantic.fields.Field`` with
``regex=``, ``min_items=``, ``max_items=``, ``unique_items=``, ``const=``, ``allow_mutation=`` or
``example=``; one finding per argument, at the argument.

Not flagged: ``sqlmodel.Field`` (it still takes these names), ``pydantic.v1.Field``, any other
``Field``.
"""

from __future__ import annotations

import ast
from typing import Final

from flake8_pyexpert.runner import Check, FileContext
from flake8_pyexpert.semantic.imports import ImportedNames
from pyexpert_core.metadata import V1_FIELD_ARGUMENT
from pyexpert_core.pydantic_v1 import FIELD_ARGUMENTS_RENAMED

__all__ = ["V1FieldArgument"]

_FIELD: Final = frozenset({"pydantic.Field", "pydantic.fields.Field"})
_ADVICE: Final[dict[str, str]] = {
    **{old: f"use {new}=" for old, new in FIELD_ARGUMENTS_RENAMED.items()},
    "unique_items": "annotate the field as a set[...] or frozenset[...] instead",
    "const": "annotate the field as Literal[...] instead",
    "example": "use examples=[...]",
}


class V1FieldArgument(Check):
    rules = (V1_FIELD_ARGUMENT,)

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self.imported = ImportedNames(self.model, _FIELD)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self.imported.saw_import(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if not node.keywords or not (
            (isinstance(func, ast.Name) and func.id in self.imported.names)
            or (isinstance(func, ast.Attribute) and func.attr == "Field")
        ):
            return
        if not any(k.arg in _ADVICE or k.arg == "allow_mutation" for k in node.keywords):
            return
        if self.model.resolve(func) not in _FIELD:
            return
        for keyword in node.keywords:
            if keyword.arg == "allow_mutation":
                value = keyword.value
                if isinstance(value, ast.Constant) and isinstance(value.value, bool):
                    advice = f"use frozen={not value.value}"
                else:
                    advice = "use frozen= (the inverse of allow_mutation)"
            elif keyword.arg is not None and keyword.arg in _ADVICE:
                advice = _ADVICE[keyword.arg]
            else:
                continue
            self.report(keyword, V1_FIELD_ARGUMENT, argument=keyword.arg, advice=advice)

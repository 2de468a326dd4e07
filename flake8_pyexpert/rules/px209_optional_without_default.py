"""PX209 optional-without-default: ``nickname: Optional[str]`` in a model, required since v2.

Flagged: an annotated statement without a value (``x: T``) directly in the body of a pydantic
model class, whose annotation is optional: ``Optional[T]``, ``T | None``, ``Union[..., None]``
(nested unions flattened), possibly inside ``Annotated[...]`` and possibly written as a string.

Not flagged: a statement with any value (``= None``, ``= Field(...)``, ``= Field(default=...)``),
an annotation containing a ``Field(...)`` call with a default (``Annotated[int | None,
Field(default=None)]``), ``ClassVar``/``Final``/``InitVar`` annotations, ``model_config``,
private ``_attributes``, and anything outside a pydantic model class.
"""

from __future__ import annotations

import ast
from typing import Final

from flake8_pyexpert.runner import Check
from flake8_pyexpert.semantic.annotations import class_field, parse_annotation, union_members
from flake8_pyexpert.semantic.model import SemanticModel
from pyexpert_core.metadata import OPTIONAL_WITHOUT_DEFAULT

__all__ = ["OptionalWithoutDefault"]

_FIELD_FUNCTIONS: Final = frozenset(
    {"pydantic.Field", "pydantic.fields.Field", "sqlmodel.Field", "sqlmodel.main.Field"}
)


def _has_field_default(model: SemanticModel, annotation: ast.expr) -> bool:
    """Whether the annotation holds a ``Field(...)`` call that gives a default (conservative)."""
    todo = [annotation]
    while todo:
        expr = todo.pop()
        parsed = parse_annotation(expr) if isinstance(expr, ast.Constant) else expr
        if parsed is None:
            continue
        for sub in ast.walk(parsed):
            if isinstance(sub, ast.Constant) and isinstance(sub.value, str) and sub is not parsed:
                todo.append(sub)
            if isinstance(sub, ast.Call) and model.resolve(sub.func) in _FIELD_FUNCTIONS:
                if sub.args or any(k.arg in {"default", "default_factory", None} for k in sub.keywords):
                    return True
    return False


class OptionalWithoutDefault(Check):
    rules = (OPTIONAL_WITHOUT_DEFAULT,)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            return
        found = class_field(self.model, node)
        if found is None:
            return
        members, optional = union_members(self.model, node.annotation)
        if not optional or not members:
            return
        if _has_field_default(self.model, node.annotation):
            return
        self.report(node.target, OPTIONAL_WITHOUT_DEFAULT, field=found[1])

"""PX209 optional-without-default: ``nickname: Optional[str]`` in a model, required since v2.

Flagged: an annotated statement without a value (``x: T``) directly in the body of a pydantic
model class, whose annotation is optional: ``Optional[T]``, ``T | None``, ``Union[..., None]``
(nested unions flattened), possibly inside ``Annotated[...]`` and possibly written as a string.

Not flagged: a statement with any value (``= None``, ``= Field(...)``, ``= Field(default=...)``),
an annotation containing a ``Field(...)`` call with a default (``Annotated[int | None,
Field(default=None)]``), ``ClassVar``/``Final``/``InitVar`` annotations, ``model_config``,
private ``_attributes``, and anything outside a pydantic model class.

The annotation helpers here are shared with PX207 (``secret-as-plain-str``).
"""

from __future__ import annotations

import ast
from typing import Final

from flake8_pyexpert.runner import Check
from flake8_pyexpert.semantic import ANNOTATED_NAMES, OPTIONAL_NAMES, UNION_NAMES, SemanticModel
from pyexpert_core.rules.px2 import OPTIONAL_WITHOUT_DEFAULT

__all__ = ["OptionalWithoutDefault", "class_field", "parse_annotation", "union_members"]

_OPTIONAL: Final = OPTIONAL_NAMES
_UNION: Final = UNION_NAMES
_ANNOTATED: Final = ANNOTATED_NAMES
_NOT_FIELDS: Final = frozenset(
    {
        f"{module}.{name}"
        for module in ("typing", "typing_extensions")
        for name in ("ClassVar", "Final", "InitVar")
    }
    | {"dataclasses.InitVar"}
)
_FIELD_FUNCTIONS: Final = frozenset(
    {"pydantic.Field", "pydantic.fields.Field", "sqlmodel.Field", "sqlmodel.main.Field"}
)
_MAX_DEPTH: Final = 8


def parse_annotation(expr: ast.expr) -> ast.expr | None:
    """A string annotation parsed into an expression (other expressions as they are)."""
    depth = 0
    while isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        if depth > _MAX_DEPTH:
            return None
        try:
            expr = ast.parse(expr.value.strip(), mode="eval").body
        except (SyntaxError, ValueError):
            return None
        depth += 1
    return expr


def union_members(model: SemanticModel, expr: ast.expr, depth: int = 0) -> tuple[list[ast.expr], bool]:
    """The members of an annotation that are not ``None``, and whether ``None`` is one.

    ``Optional``/``Union``/``|`` are flattened, string parts parsed, ``Annotated`` unwrapped.
    Anything else (including ``T`` itself) is one member.
    """
    if depth > _MAX_DEPTH:
        return [expr], False
    parsed = parse_annotation(expr)
    if parsed is None:
        return [expr], False
    expr = parsed
    if isinstance(expr, ast.Constant) and expr.value is None:
        return [], True
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.BitOr):
        return _combine(model, [expr.left, expr.right], depth)
    if isinstance(expr, ast.Subscript):
        base = model.resolve(expr.value)
        items = list(expr.slice.elts) if isinstance(expr.slice, ast.Tuple) else [expr.slice]
        if base in _OPTIONAL and len(items) == 1:
            members, _ = union_members(model, items[0], depth + 1)
            return members, True
        if base in _UNION and items:
            return _combine(model, items, depth)
        if base in _ANNOTATED and items:
            return union_members(model, items[0], depth + 1)
    return [expr], False


def _combine(model: SemanticModel, parts: list[ast.expr], depth: int) -> tuple[list[ast.expr], bool]:
    members: list[ast.expr] = []
    optional = False
    for part in parts:
        found, has_none = union_members(model, part, depth + 1)
        members += found
        optional = optional or has_none
    return members, optional


def class_field(model: SemanticModel, node: ast.AnnAssign) -> tuple[ast.ClassDef, str] | None:
    """(class, field name) when ``node`` declares a field of a pydantic model class, else None.

    The statement must be directly in the class body, name a public attribute other than
    ``model_config``, and not be annotated ``ClassVar``/``Final``/``InitVar``.
    """
    scope_node = model.scope.node
    if not isinstance(scope_node, ast.ClassDef) or model.parent(node) is not scope_node:
        return None
    if not isinstance(node.target, ast.Name):
        return None
    name = node.target.id
    if name.startswith("_") or name == "model_config":
        return None
    if not model.is_pydantic_model(scope_node):
        return None
    annotation = parse_annotation(node.annotation)
    if annotation is None:
        return None
    head = annotation.value if isinstance(annotation, ast.Subscript) else annotation
    if model.resolve(head) in _NOT_FIELDS:
        return None
    return scope_node, name


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

"""Reading annotations: string annotations, union members, dict types, class fields.

``Optional[T]``, ``Union[...]`` and ``X | Y`` are flattened, string parts parsed (a bounded
number of times), ``Annotated[T, ...]`` unwrapped; names are resolved through the imports of the
scope the annotation is evaluated in.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Final

from flake8_pyexpert.semantic.libraries import (
    ANNOTATED_NAMES,
    DICT_TYPE_NAMES,
    OPTIONAL_NAMES,
    TYPED_DICT_BASES,
    UNION_NAMES,
)
from flake8_pyexpert.semantic.scopes import Scope
from flake8_pyexpert.semantic.tree import unsubscript

if TYPE_CHECKING:
    from flake8_pyexpert.semantic.model import SemanticModel

__all__ = [
    "NOT_FIELDS",
    "class_field",
    "is_dict_annotation",
    "is_typeddict_name",
    "parse_annotation",
    "union_members",
]

_MAX_DEPTH: Final = 8

#: Annotations that make a class attribute something other than a field.
NOT_FIELDS: Final = frozenset(
    {f"{module}.{name}" for module in ("typing", "typing_extensions") for name in ("ClassVar", "Final", "InitVar")}
    | {"dataclasses.InitVar"}
)


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


def union_members(
    model: SemanticModel, expr: ast.expr, scope: Scope | None = None, depth: int = 0
) -> tuple[list[ast.expr], bool]:
    """The members of an annotation that are not ``None``, and whether ``None`` is one.

    Anything that is not a union (including ``T`` itself) is one member.
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
        return _combine(model, [expr.left, expr.right], scope, depth)
    if isinstance(expr, ast.Subscript):
        base = model.resolve(expr.value, scope)
        items = list(expr.slice.elts) if isinstance(expr.slice, ast.Tuple) else [expr.slice]
        if base in OPTIONAL_NAMES and len(items) == 1:
            members, _ = union_members(model, items[0], scope, depth + 1)
            return members, True
        if base in UNION_NAMES and items:
            return _combine(model, items, scope, depth)
        if base in ANNOTATED_NAMES and items:
            return union_members(model, items[0], scope, depth + 1)
    return [expr], False


def _combine(
    model: SemanticModel, parts: list[ast.expr], scope: Scope | None, depth: int
) -> tuple[list[ast.expr], bool]:
    members: list[ast.expr] = []
    optional = False
    for part in parts:
        found, has_none = union_members(model, part, scope, depth + 1)
        members += found
        optional = optional or has_none
    return members, optional


def is_dict_annotation(model: SemanticModel, annotation: ast.expr, scope: Scope | None = None) -> bool:
    """A dict type (:data:`DICT_TYPE_NAMES`, bare or subscripted), possibly ``Optional``/``| None``/
    ``Annotated``/a string; a union counts when every member is a dict type or ``None``."""
    members, _ = union_members(model, annotation, scope)
    return bool(members) and all(model.resolve(unsubscript(member), scope) in DICT_TYPE_NAMES for member in members)


def is_typeddict_name(model: SemanticModel, expr: ast.expr, scope: Scope | None = None) -> bool:
    """Whether an annotation names a ``TypedDict`` (imported as such, or a class defined here)."""
    expr = unsubscript(expr)
    qualified = model.resolve(expr, scope)
    if qualified in TYPED_DICT_BASES:
        return True
    if qualified is None and isinstance(expr, ast.Name):
        info = model.class_named(expr.id)
        return info is not None and info.is_typeddict
    return False


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
    if model.resolve(unsubscript(annotation)) in NOT_FIELDS:
        return None
    return scope_node, name

"""The shape of the syntax tree: child fields, iterative walks, small node helpers.

Shared by the runner's single traversal and by the questions the semantic model answers. Walks
are iterative (no recursion limit on deeply nested code) and read each node class's child
fields from a precomputed table, which is faster than :func:`ast.walk`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from typing import Final

__all__ = [
    "CHILD_FIELDS",
    "FunctionNode",
    "NESTED_SCOPES",
    "ScopeNode",
    "child_fields",
    "first_parameter",
    "has_main_guard",
    "is_main_guard",
    "keyword_value",
    "module_statements",
    "position",
    "scope_nodes",
    "unsubscript",
    "walk_nodes",
]

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
ScopeNode = ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda

#: Nodes that open a scope of their own (their bodies run later, or in their own namespace).
NESTED_SCOPES: Final = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)

# Fields that never hold a node (or hold lists of strings): not walked.
_SCALAR_FIELDS: Final = frozenset(
    {"id", "arg", "attr", "module", "type_comment", "kind", "conversion", "level", "is_async", "tag", "simple",
     "rest", "kwd_attrs", "ctx", "op", "ops"}
)
_SCALAR_BY_CLASS: Final[dict[str, frozenset[str]]] = {
    "Global": frozenset({"names"}),
    "Nonlocal": frozenset({"names"}),
    "Constant": frozenset({"value"}),
    "MatchSingleton": frozenset({"value"}),
}
_NAME_IS_NODE: Final = frozenset({"TypeAlias"})  # elsewhere ``name`` is a str


def child_fields(cls: type[ast.AST]) -> tuple[str, ...]:
    """The fields of ``cls`` that may hold child nodes, in reverse order (for a LIFO stack)."""
    skip = _SCALAR_FIELDS | _SCALAR_BY_CLASS.get(cls.__name__, frozenset())
    if cls.__name__ not in _NAME_IS_NODE:
        skip = skip | {"name"}
    return tuple(reversed([name for name in cls._fields if name not in skip]))


def _all_node_classes() -> list[type[ast.AST]]:
    found = []
    for name in dir(ast):
        value = getattr(ast, name)
        if isinstance(value, type) and issubclass(value, ast.AST):
            found.append(value)
    return found


CHILD_FIELDS: Final[dict[type[ast.AST], tuple[str, ...]]] = {cls: child_fields(cls) for cls in _all_node_classes()}


def walk_nodes(roots: Iterable[ast.AST], stop: tuple[type[ast.AST], ...] = ()) -> Iterator[ast.AST]:
    """Every node under ``roots`` (included), not entering nodes of the ``stop`` types."""
    todo = list(roots)
    fields_of = CHILD_FIELDS
    node_base = ast.AST
    while todo:
        node = todo.pop()
        yield node
        if isinstance(node, stop):
            continue
        fields = fields_of.get(node.__class__)
        if fields is None:
            fields = fields_of[node.__class__] = child_fields(node.__class__)
        for name in fields:
            value = getattr(node, name, None)
            if value.__class__ is list:
                todo.extend(child for child in value if isinstance(child, node_base))
            elif isinstance(value, node_base):
                todo.append(value)


def scope_nodes(roots: Iterable[ast.AST]) -> Iterator[ast.AST]:
    """Every node under ``roots`` (included) that belongs to their scope, in no particular order.

    A nested ``def``/``async def``/``lambda``/class is yielded but not entered.
    """
    return walk_nodes(roots, NESTED_SCOPES)


def module_statements(module: ast.AST) -> Iterator[ast.stmt]:
    """Statements executed at module level (through if/while/for/with/try blocks, not into defs)."""
    if not isinstance(module, ast.Module):
        return
    todo: list[ast.stmt] = list(reversed(module.body))
    while todo:
        stmt = todo.pop()
        yield stmt
        blocks: list[list[ast.stmt]] = []
        if isinstance(stmt, ast.If | ast.While | ast.For | ast.AsyncFor):
            blocks = [stmt.body, stmt.orelse]
        elif isinstance(stmt, ast.With | ast.AsyncWith):
            blocks = [stmt.body]
        elif isinstance(stmt, ast.Try | ast.TryStar):
            blocks = [stmt.body, *(h.body for h in stmt.handlers), stmt.orelse, stmt.finalbody]
        for block in reversed(blocks):
            todo.extend(reversed(block))


def position(node: ast.AST) -> tuple[int, int]:
    return (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))


def unsubscript(node: ast.expr) -> ast.expr:
    """``Repository[User]`` -> ``Repository``; anything else as it is."""
    return node.value if isinstance(node, ast.Subscript) else node


def keyword_value(call: ast.Call, name: str) -> ast.expr | None:
    """The value of the keyword argument ``name=`` of a call, if given."""
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    return None


def first_parameter(node: ast.AST) -> str | None:
    """The name of the first positional parameter of a function (``self``/``cls`` of a method)."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        positional = (*node.args.posonlyargs, *node.args.args)
        return positional[0].arg if positional else None
    return None


def is_main_guard(test: ast.expr) -> bool:
    """``__name__ == "__main__"`` (either way round)."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq)):
        return False
    sides = (test.left, test.comparators[0])
    return any(isinstance(s, ast.Name) and s.id == "__name__" for s in sides) and any(
        isinstance(s, ast.Constant) and s.value == "__main__" for s in sides
    )


def has_main_guard(module: ast.AST) -> bool:
    """Whether the module has a top-level ``if __name__ == "__main__":`` block."""
    return isinstance(module, ast.Module) and any(
        isinstance(stmt, ast.If) and is_main_guard(stmt.test) for stmt in module.body
    )

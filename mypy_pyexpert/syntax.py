"""Walking mypy's syntax trees from interpreted code.

mypy's compiled ``TraverserVisitor`` cannot be subclassed from interpreted code ("interpreted
classes cannot inherit from compiled traits"), so the plugin walks trees with explicit stacks
over the child attributes listed here (no recursion limit on deep expressions either).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Final

from mypy.nodes import Block, CallExpr, Context, Expression, FuncItem, MemberExpr, MypyFile, NameExpr, Statement

__all__ = ["CHILDREN", "STATEMENT_CHILDREN", "dotted_name", "position_of", "walk_body", "walk_tree"]

#: The child attributes walked per node class (by class name), after mypy's TraverserVisitor:
#: statements, blocks and expressions only, never cross-references (``NameExpr.node``) nor
#: computed properties (some assert, some cache). Values may be a node, ``None``, or lists and
#: tuples of them. A class not listed is a leaf for this rule (patterns, names, literals).
CHILDREN: Final[Mapping[str, tuple[str, ...]]] = {
    "MypyFile": ("defs",),
    "Block": ("body",),
    "FuncDef": ("body",),
    "LambdaExpr": ("body",),
    "OverloadedFuncDef": ("items", "impl"),
    "Decorator": ("func", "decorators"),
    "ClassDef": ("decorators", "defs"),
    "ExpressionStmt": ("expr",),
    "AssignmentStmt": ("rvalue", "lvalues"),
    "OperatorAssignmentStmt": ("rvalue", "lvalue"),
    "WhileStmt": ("expr", "body", "else_body"),
    "ForStmt": ("index", "expr", "body", "else_body"),
    "ReturnStmt": ("expr",),
    "AssertStmt": ("expr", "msg"),
    "DelStmt": ("expr",),
    "IfStmt": ("expr", "body", "else_body"),
    "RaiseStmt": ("expr", "from_expr"),
    "TryStmt": ("body", "types", "handlers", "else_body", "finally_body"),
    "WithStmt": ("expr", "target", "body"),
    "MatchStmt": ("subject", "guards", "bodies"),
    "MemberExpr": ("expr",),
    "YieldFromExpr": ("expr",),
    "YieldExpr": ("expr",),
    "CallExpr": ("callee", "args"),
    "OpExpr": ("left", "right"),
    "ComparisonExpr": ("operands",),
    "SliceExpr": ("begin_index", "end_index", "stride"),
    "CastExpr": ("expr",),
    "AssertTypeExpr": ("expr",),
    "AssignmentExpr": ("target", "value"),
    "UnaryExpr": ("expr",),
    "ListExpr": ("items",),
    "TupleExpr": ("items",),
    "SetExpr": ("items",),
    "DictExpr": ("items",),
    "IndexExpr": ("base", "index"),
    "GeneratorExpr": ("indices", "sequences", "condlists", "left_expr"),
    "DictionaryComprehension": ("indices", "sequences", "condlists", "key", "value"),
    "ListComprehension": ("generator",),
    "SetComprehension": ("generator",),
    "ConditionalExpr": ("cond", "if_expr", "else_expr"),
    "TypeApplication": ("expr",),
    "StarExpr": ("expr",),
    "AwaitExpr": ("expr",),
}

#: Child attributes that hold statements, per statement class (by class name). Decorators are
#: statements, and statements occur only in these places (a lambda body is an expression).
STATEMENT_CHILDREN: Final[Mapping[str, tuple[str, ...]]] = {
    "MypyFile": ("defs",),
    "Block": ("body",),
    "FuncDef": ("body",),
    "OverloadedFuncDef": ("items", "impl"),
    "Decorator": ("func",),
    "ClassDef": ("defs",),
    "IfStmt": ("body", "else_body"),
    "WhileStmt": ("body", "else_body"),
    "ForStmt": ("body", "else_body"),
    "TryStmt": ("body", "handlers", "else_body", "finally_body"),
    "WithStmt": ("body",),
    "MatchStmt": ("bodies",),
}


def walk_tree(root: MypyFile) -> Iterator[Statement | Expression | Block]:
    """Every statement and expression of a module, in every function and class of it."""
    return _walk(root.defs, nested=True)


def walk_body(function: FuncItem, *, nested: bool = False) -> Iterator[Statement | Expression | Block]:
    """The statements and expressions of a function's own body (not of nested functions,
    lambdas or classes, whose code is their own, unless ``nested``)."""
    return _walk(function.body, nested=nested)


def _walk(root: object, *, nested: bool) -> Iterator[Statement | Expression | Block]:
    stack: list[object] = [root]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(item)
            continue
        if not isinstance(item, (Statement, Expression, Block)):
            continue
        yield item
        if not nested and (
            isinstance(item, FuncItem) or type(item).__name__ in ("ClassDef", "Decorator", "OverloadedFuncDef")
        ):
            continue
        for name in CHILDREN.get(type(item).__name__, ()):
            value = getattr(item, name, None)
            if value is not None:
                stack.append(value)


def dotted_name(expr: Expression, *, calls: bool = False) -> str | None:
    """``a.b.c`` for a chain of names and attributes as written, else None.

    With ``calls``, calls in the chain are written too, their arguments elided:
    ``make_client().session`` (``f(...)`` when the call has arguments).
    """
    if isinstance(expr, NameExpr):
        return expr.name
    if isinstance(expr, MemberExpr):
        base = dotted_name(expr.expr, calls=calls)
        return None if base is None else f"{base}.{expr.name}"
    if calls and isinstance(expr, CallExpr):
        callee = dotted_name(expr.callee, calls=True)
        return None if callee is None else f"{callee}({'...' if expr.args else ''})"
    return None


def position_of(node: Context, fallback: Context) -> Context:
    """Where to report about ``node`` (an annotation, an argument): its own span, so that editors
    underline it and nothing else; ``fallback`` when mypy gave it no position (a synthesised type)."""
    if node.line <= 0:
        return fallback
    # mypy 1.x gives a dotted annotation (``models.Admin``) a line but no column: the line is
    # what matters (``# type: ignore`` goes there), so it is kept, from the start of the line
    where = Context(node.line, max(node.column, 0))
    where.end_line = node.end_line if node.end_line is not None else node.line
    where.end_column = node.end_column
    return where

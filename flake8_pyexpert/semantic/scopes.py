"""Scopes and the names they bind: what a bare name refers to at a point of the walk.

A scope's bindings (imports included) are collected lazily, the first time a name is looked
up in it, by scanning the whole scope (not nested functions or classes). So an import anywhere
in a module - the top, under ``if TYPE_CHECKING:``, in a ``try/except ImportError``, or at the
bottom - counts for the whole module, and an import inside a function counts for that whole
function and the functions nested in it (that is Python's own rule: a name bound anywhere in a
scope belongs to that scope). When one name is bound several times, an import wins over other
bindings and the last import wins over earlier ones. A name bound by anything other than an
import (an assignment, a parameter, a ``def``/``class``) resolves to ``None``: a local class
named ``Session`` is not SQLAlchemy's.
"""

from __future__ import annotations

import ast
import enum
from collections.abc import Iterator
from typing import Final

from flake8_pyexpert.semantic.tree import CHILD_FIELDS, NESTED_SCOPES, ScopeNode, child_fields

__all__ = ["Scope", "ScopeKind"]


class ScopeKind(enum.Enum):
    MODULE = "module"
    CLASS = "class"
    FUNCTION = "def"
    ASYNC_FUNCTION = "async def"
    LAMBDA = "lambda"


_KIND_OF: Final[dict[type[ast.AST], ScopeKind]] = {
    ast.Module: ScopeKind.MODULE,
    ast.ClassDef: ScopeKind.CLASS,
    ast.FunctionDef: ScopeKind.FUNCTION,
    ast.AsyncFunctionDef: ScopeKind.ASYNC_FUNCTION,
    ast.Lambda: ScopeKind.LAMBDA,
}


_COMPREHENSIONS: Final = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _import_bindings(node: ast.Import | ast.ImportFrom) -> Iterator[tuple[str, str]]:
    """(bound name, qualified name) for each alias of an import statement."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.asname is not None:
                yield alias.asname, alias.name
            else:
                top = alias.name.partition(".")[0]
                yield top, top
        return
    module = "." * node.level + (node.module or "")
    for alias in node.names:
        if alias.name == "*":
            continue
        if module.endswith(".") or not module:
            qualified = module + alias.name
        else:
            qualified = f"{module}.{alias.name}"
        yield alias.asname or alias.name, qualified


def _arg_names(args: ast.arguments) -> Iterator[str]:
    for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs):
        yield arg.arg
    if args.vararg is not None:
        yield args.vararg.arg
    if args.kwarg is not None:
        yield args.kwarg.arg


class Scope:
    """One scope: its node, its kind, its parent, and (lazily) the names it binds."""

    __slots__ = ("_bindings", "_stars", "handlers", "kind", "node", "parent")

    def __init__(self, node: ScopeNode, parent: Scope | None) -> None:
        self.node = node
        self.kind = _KIND_OF[type(node)]
        self.parent = parent
        self.handlers: list[ast.ExceptHandler] = []  # the except clauses around the current node
        self._bindings: dict[str, str | None] | None = None
        self._stars: tuple[str, ...] = ()

    @property
    def bindings(self) -> dict[str, str | None]:
        """Names bound in this scope: the qualified name for an import, ``None`` otherwise."""
        if self._bindings is None:
            self._bindings, self._stars = _collect_bindings(self.node)
        return self._bindings

    @property
    def star_imports(self) -> tuple[str, ...]:
        """Modules imported with ``from m import *`` in this scope."""
        if self._bindings is None:
            self._bindings, self._stars = _collect_bindings(self.node)
        return self._stars

    @property
    def imports(self) -> dict[str, str]:
        """Alias -> qualified name, for the imports of this scope."""
        return {name: target for name, target in self.bindings.items() if target is not None}

    @property
    def is_function(self) -> bool:
        return self.kind is ScopeKind.FUNCTION or self.kind is ScopeKind.ASYNC_FUNCTION

    def __repr__(self) -> str:
        return f"Scope({self.kind.value}, line {getattr(self.node, 'lineno', 0)})"


_BINDING_NODES: Final = frozenset(
    {
        ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda,
        ast.Global, ast.Nonlocal, ast.NamedExpr, ast.ExceptHandler, ast.MatchAs, ast.MatchStar,
        ast.MatchMapping, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp,
    }
)


def _collect_bindings(scope_node: ScopeNode) -> tuple[dict[str, str | None], tuple[str, ...]]:
    """Scan one scope (not the bodies of nested functions/classes) for the names it binds."""
    imports: dict[str, str] = {}
    others: set[str] = set()
    declared_outer: set[str] = set()
    stars: list[str] = []
    todo: list[ast.AST]
    if isinstance(scope_node, ast.Lambda):
        others.update(_arg_names(scope_node.args))
        todo = [scope_node.body]
    elif isinstance(scope_node, ast.Module | ast.ClassDef):
        todo = list(scope_node.body)
    else:
        others.update(_arg_names(scope_node.args))
        todo = list(scope_node.body)
    comprehension_targets: set[int] = set()
    fields_of = CHILD_FIELDS
    name_type = ast.Name
    load = ast.Load
    node_base = ast.AST
    special = _BINDING_NODES
    push = todo.append
    while todo:
        node = todo.pop()
        cls = node.__class__
        if cls is name_type:
            assert isinstance(node, ast.Name)
            if node.ctx.__class__ is not load and id(node) not in comprehension_targets:
                others.add(node.id)
            continue
        if cls in special:
            if isinstance(node, ast.Import | ast.ImportFrom):
                for name, target in _import_bindings(node):
                    imports[name] = target
                if isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names):
                    stars.append("." * node.level + (node.module or ""))
                continue
            if isinstance(node, NESTED_SCOPES):
                # only what runs in this scope: the name, decorators, bases, defaults
                if not isinstance(node, ast.Lambda):
                    others.add(node.name)
                    todo.extend(node.decorator_list)
                if isinstance(node, ast.ClassDef):
                    todo.extend(node.bases)
                    todo.extend(node.keywords)
                else:
                    todo.extend(node.args.defaults)
                    todo.extend(d for d in node.args.kw_defaults if d is not None)
                continue
            if isinstance(node, ast.Global | ast.Nonlocal):
                declared_outer.update(node.names)
                continue
            if isinstance(node, ast.NamedExpr):
                if isinstance(node.target, ast.Name):
                    others.add(node.target.id)  # binds in the enclosing scope, even in a comprehension
                push(node.value)
                continue
            if isinstance(node, ast.ExceptHandler | ast.MatchAs | ast.MatchStar) and node.name:
                others.add(node.name)
            elif isinstance(node, ast.MatchMapping) and node.rest:
                others.add(node.rest)
            elif isinstance(node, _COMPREHENSIONS):
                for generator in node.generators:  # their targets are local to the comprehension
                    for bound in ast.walk(generator.target):
                        comprehension_targets.add(id(bound))
        fields = fields_of.get(cls)
        if fields is None:
            fields = fields_of[cls] = child_fields(cls)
        for field_name in fields:
            value = getattr(node, field_name, None)
            if value.__class__ is list:
                for child in value:
                    if child is not None:
                        push(child)
            elif isinstance(value, node_base):
                push(value)
    bindings: dict[str, str | None] = dict.fromkeys(others - declared_outer)
    for name, target in imports.items():
        if name not in declared_outer:
            bindings[name] = target
    return bindings, tuple(stars)

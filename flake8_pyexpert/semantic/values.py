"""What a name holds: the qualified name of what every binding of it was made by (PX3 rules).

:func:`bound_type` answers for a call (its callee: ``threading.Lock()`` -> ``threading.Lock``), a
name of the module, the current function or an enclosing one, and ``self.<attr>``/
``cls.<attr>``/``<Class>.<attr>`` inside the enclosing class: the callee of every assignment to
it in its scope (for an attribute: the class body and ``<first parameter>.<attr> = ...`` in every
method), or the annotation of a parameter or of an annotated assignment whose value is not a
call; ``field(default_factory=X)`` counts as ``X()``. ``None`` when unknown, imported, or bound
to different things. What a scope binds is computed once per scope and kept.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, cast

from flake8_pyexpert.semantic.libraries import FIELD_FACTORIES
from flake8_pyexpert.semantic.scopes import Scope, ScopeKind
from flake8_pyexpert.semantic.tree import NESTED_SCOPES, first_parameter, scope_nodes, unsubscript

if TYPE_CHECKING:
    from flake8_pyexpert.semantic.model import SemanticModel

__all__ = ["BoundValues", "literal_items"]


class BoundValues:
    """The bindings of the scopes asked about, per scope node (``SemanticModel.bound_type``)."""

    def __init__(self, model: SemanticModel) -> None:
        self.model = model
        self._cache: dict[ast.AST, dict[str, list[str | None]]] = {}

    def bound_type(self, expr: ast.expr) -> str | None:
        """See the module docstring."""
        model = self.model
        if isinstance(expr, ast.Call):
            return model.resolve(expr.func)
        values: list[str | None] = []
        if isinstance(expr, ast.Name):
            for scope in model.scopes():
                if scope.kind is ScopeKind.CLASS and scope is not model.scope:
                    continue
                if expr.id in scope.bindings:
                    if scope.bindings[expr.id] is None:
                        values = self.values_in(scope).get(expr.id, [])
                    break
        elif isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name):
            inner: Scope | None = None
            for scope in model.scopes():
                if scope.kind is ScopeKind.CLASS:
                    node = cast(ast.ClassDef, scope.node)
                    if expr.value.id == node.name or (
                        inner is not None and first_parameter(inner.node) == expr.value.id
                    ):
                        values = self.values_in(scope).get(expr.attr, [])
                    break
                inner = scope
        found = set(values)
        return found.pop() if len(found) == 1 else None

    def values_in(self, scope: Scope) -> dict[str, list[str | None]]:
        """Name (or, for a class, attribute) -> what each of its bindings in ``scope`` is made by."""
        cached = self._cache.get(scope.node)
        if cached is not None:
            return cached
        found: dict[str, list[str | None]] = {}
        node = scope.node
        if isinstance(node, ast.ClassDef):
            self._collect(scope, node.body, None, found)
            for stmt in node.body:
                owner = first_parameter(stmt)
                if owner is not None and isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                    self._collect(Scope(stmt, scope), stmt.body, owner, found)
        elif isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef):
            if not isinstance(node, ast.Module):
                for arg in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs):
                    annotation = arg.annotation
                    found.setdefault(arg.arg, []).append(
                        None if annotation is None else self.model.resolve(unsubscript(annotation), scope.parent)
                    )
            self._collect(scope, node.body, None, found)
        self._cache[node] = found
        return found

    def _made_by(self, value: ast.expr | None, annotation: ast.expr | None, scope: Scope) -> str | None:
        model = self.model
        if isinstance(value, ast.Call):
            callee = model.resolve(value.func, scope)
            if callee in FIELD_FACTORIES:
                for keyword in value.keywords:
                    if keyword.arg in ("default_factory", "factory"):
                        return model.resolve(keyword.value, scope)
                return None
            return callee
        if annotation is not None:
            return model.resolve(unsubscript(annotation), scope)
        return None

    def _collect(
        self, scope: Scope, body: list[ast.stmt], owner: str | None, found: dict[str, list[str | None]]
    ) -> None:
        """Record what each binding in ``body`` is made by: of names, or of ``<owner>.<attr>``."""

        def key(target: ast.expr) -> str | None:
            if owner is None:
                return target.id if isinstance(target, ast.Name) else None
            if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == owner:
                return target.attr
            return None

        handled: set[int] = set()
        nodes = body if isinstance(scope.node, ast.ClassDef) and owner is None else scope_nodes(body)
        for node in nodes:
            if isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                annotation = node.annotation if isinstance(node, ast.AnnAssign) else None
                for target in targets:
                    name = key(target)
                    if name is not None:
                        handled.add(id(target))
                        found.setdefault(name, []).append(self._made_by(node.value, annotation, scope))
            elif isinstance(node, NESTED_SCOPES) and not isinstance(node, ast.Lambda) and owner is None:
                found.setdefault(node.name, []).append(None)
            elif isinstance(node, ast.Name | ast.Attribute) and not isinstance(node.ctx, ast.Load):
                name = key(node)
                if name is not None and id(node) not in handled:
                    found.setdefault(name, []).append(None)  # a for target, augmented assignment, del ...


_DISPLAYS = (ast.List, ast.Tuple, ast.Set, ast.Dict)


def _display_items(value: ast.expr) -> list[ast.expr] | None:
    """The items of a literal display (a dict: its keys; ``*x``/``**x`` left out)."""
    if isinstance(value, ast.Dict):
        return [key for key in value.keys if key is not None]
    if isinstance(value, ast.List | ast.Tuple | ast.Set):
        return [item for item in value.elts if not isinstance(item, ast.Starred)]
    return None


_MUTATORS = frozenset({"append", "extend", "insert", "add", "update", "setdefault", "__setitem__"})


def _changes(node: ast.AST, name: str) -> bool:
    """``name.append(...)`` (any mutating method), ``name += ...``, ``name[k] = ...``."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _MUTATORS:
        return isinstance(node.func.value, ast.Name) and node.func.value.id == name
    if isinstance(node, ast.AugAssign):
        return isinstance(node.target, ast.Name) and node.target.id == name
    if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store):
        return isinstance(node.value, ast.Name) and node.value.id == name
    return False


def literal_items(tree: ast.AST, expr: ast.expr, function: ast.AST | None) -> list[ast.expr] | None:
    """The items written in the code that ``expr`` iterates over, or ``None`` if they are not all
    written there: a literal display (a dict: its keys), ``.items()``/``.keys()``/``.values()``
    of one, a name every binding of which in ``function`` (else at module level) is one, or
    ``self.<attr>``/``cls.<attr>`` that every class of the module sets (in its body or as
    ``self.<attr> = ...``) to one. Items of several bindings are all returned; a name the
    scope changes (``.append()``, ``+=``, ``[k] = v``) is not written in the code."""
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and not expr.args:
        if expr.func.attr in ("items", "keys", "values"):
            expr = expr.func.value
    if isinstance(expr, _DISPLAYS):
        return _display_items(expr)
    values: list[ast.expr] = []
    if isinstance(expr, ast.Name):
        scopes = [function] if function is not None else []
        if isinstance(tree, ast.Module):
            scopes.append(tree)
        for scope in scopes:
            body = cast(list[ast.stmt], getattr(scope, "body", []))
            nodes = scope_nodes(body) if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef) else iter(body)
            for node in nodes:
                if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    if any(isinstance(t, ast.Name) and t.id == expr.id for t in targets):
                        values.append(node.value)
                elif _changes(node, expr.id):
                    return None  # filled at run time: ``names.append(x)``, ``names += more``
            if values:
                break
    elif isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id in ("self", "cls"):
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for stmt in node.body:
                    if isinstance(stmt, ast.Assign | ast.AnnAssign) and stmt.value is not None:
                        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                        if any(isinstance(t, ast.Name) and t.id == expr.attr for t in targets):
                            values.append(stmt.value)
            elif isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(
                    isinstance(t, ast.Attribute) and t.attr == expr.attr
                    and isinstance(t.value, ast.Name) and t.value.id in ("self", "cls")
                    for t in targets
                ):
                    values.append(node.value)
    if not values:
        return None
    items: list[ast.expr] = []
    for value in values:
        found = _display_items(value)
        if found is None:
            return None
        items.extend(found)
    return items

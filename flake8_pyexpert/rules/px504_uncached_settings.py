"""PX504 uncached-settings: ``def get_settings(): return Settings()`` used per request.

Flagged: a function (not a method) that returns a new instance of a settings class
(:meth:`SemanticModel.is_settings_class`): ``return Settings(...)``, or ``return s`` where
``s = Settings(...)`` is a statement of the function's top-level body; that the module passes to
``Depends(...)``/``Security(...)`` or calls by name directly in a route handler's body; and that
is not decorated with a cache (:data:`~flake8_pyexpert.semantic.libraries.CACHE_DECORATORS`).
The decision needs the whole module (the route may come after the function), so it is made when
the walk leaves the module. Reported at the ``def``.

Settings classes: see :meth:`SemanticModel.is_settings_class` (a class of the module based on
``BaseSettings``; an imported class only when its name ends in ``Settings``).
"""

from __future__ import annotations

import ast
from flake8_pyexpert.runner import Check
from flake8_pyexpert.semantic.scopes import Scope, ScopeKind
from flake8_pyexpert.semantic.tree import FunctionNode
from pyexpert_core.metadata import UNCACHED_SETTINGS

__all__ = ["UncachedSettings"]


class _Candidate:
    """A function returning a settings instance it builds, decided when the walk leaves the module."""

    __slots__ = ("cls", "function", "outer", "qualname", "scope")

    def __init__(self, function: FunctionNode, cls: ast.expr, scope: Scope, outer: Scope, qualname: str) -> None:
        self.function = function
        self.cls = cls  # the class called
        self.scope = scope  # the function's body scope (the call is resolved there)
        self.outer = outer  # where the ``def`` is (decorators are resolved there)
        self.qualname = qualname


def _assigned_call(function: FunctionNode, name: str) -> ast.Call | None:
    """The last ``name = X(...)`` among the function's top-level statements."""
    found: ast.Call | None = None
    for stmt in function.body:
        if (
            isinstance(stmt, ast.Assign | ast.AnnAssign)
            and isinstance(stmt.value, ast.Call)
            and any(isinstance(t, ast.Name) and t.id == name for t in _targets(stmt))
        ):
            found = stmt.value
    return found


def _targets(stmt: ast.Assign | ast.AnnAssign) -> list[ast.expr]:
    return stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]


def _called_names(body: list[ast.stmt]) -> set[str]:
    """Names called in a function body (not in nested functions, classes or lambdas)."""
    found: set[str] = set()
    todo: list[ast.AST] = list(body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            continue
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            found.add(node.func.id)
        todo.extend(ast.iter_child_nodes(node))
    return found


class UncachedSettings(Check):
    rules = (UNCACHED_SETTINGS,)

    _candidates: list[_Candidate] | None = None

    def visit_Return(self, node: ast.Return) -> None:
        value = node.value
        if isinstance(value, ast.Name):
            function = self.model.current_function
            if function is None:
                return
            call = _assigned_call(function, value.id)
        elif isinstance(value, ast.Call):
            function = self.model.current_function
            if function is None:
                return
            call = value
        else:
            return
        if call is None:
            return
        callee = call.func
        # cheap filter: a class of the module, a name imported as ``*Settings``, ``mod.XSettings``
        if isinstance(callee, ast.Name):
            name = callee.id
            if not (
                name.endswith("Settings")
                or self.model.class_named(name) is not None
                or (self.model.module_scope.bindings.get(name) or "").endswith("Settings")
            ):
                return
        elif not (isinstance(callee, ast.Attribute) and callee.attr.endswith("Settings")):
            return
        outer = self.model.scope.parent
        if outer is None or outer.kind is ScopeKind.CLASS:
            return  # a method
        if self._candidates is None:
            self._candidates = []
        if not any(c.function is function for c in self._candidates):
            self._candidates.append(
                _Candidate(function, call.func, self.model.scope, outer, self.model.qualname(function))
            )

    def leave_Module(self, node: ast.Module) -> None:
        if not self._candidates:
            return
        model = self.model
        in_routes: dict[str, str] | None = None
        for candidate in self._candidates:
            function = candidate.function
            name = function.name
            if not model.is_settings_class(candidate.cls, candidate.scope):
                continue
            if model.is_cached(function, candidate.outer):
                continue
            if name in model.fastapi.facts.dependencies:
                usage = "used in Depends()"
            else:
                if in_routes is None:
                    in_routes = self._names_called_in_routes(node)
                route = in_routes.get(name)
                if route is None:
                    continue
                usage = f"called in route '{route}'"
            self.report(
                function,
                UNCACHED_SETTINGS,
                function=candidate.qualname,
                settings=_spelled(candidate.cls),
                usage=usage,
            )

    def _names_called_in_routes(self, module: ast.Module) -> dict[str, str]:
        """Name called -> the first route handler that calls it."""
        found: dict[str, str] = {}
        for node in ast.walk(module):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and self.model.fastapi.is_route_handler(node):
                for name in _called_names(node.body):
                    found.setdefault(name, node.name)
        return found


def _spelled(expr: ast.expr) -> str:
    return ast.unparse(expr)

"""The per-file semantic model the checks ask questions of, kept up to date by the runner's walk.

What it knows (each concern has its own module in this package):

* **Names** (:mod:`.scopes`): :meth:`SemanticModel.resolve` turns a ``Name``/``Attribute`` chain
  into a qualified name through the imports of the scopes that enclose the current node:
  ``import a.b as c`` makes ``c.d`` ``a.b.d``; ``from x import y as z`` makes ``z`` ``x.y``;
  relative imports keep their dots (``from .m import y`` -> ``.m.y``). A name bound in a scope
  by anything other than an import resolves to ``None``. An unbound name that is a builtin
  resolves to ``builtins.<name>``.
* **Scopes**: the stack of module / class / ``def`` / ``async def`` / ``lambda`` scopes around
  the current node. The runner enters a function's scope only for its body: decorators,
  default values and annotations belong to the enclosing scope, as at runtime.
  :attr:`SemanticModel.in_async` is true in the body of an ``async def``; a nested ``def``,
  ``lambda`` or class body resets it.
* **Classes** (:mod:`.classes`): every class seen so far, its resolved bases, and whether it is
  a pydantic model class, a settings class, a ``pydantic.v1`` model or a ``TypedDict``.
* **FastAPI** (:mod:`.fastapi`): route handlers, apps and routers, dependencies, exception
  handlers, lifespans, middleware (:attr:`SemanticModel.fastapi`).
* **Values** (:mod:`.values`): what a name holds (:meth:`SemanticModel.bound_type`).
* **Parents**: :meth:`SemanticModel.parent` of any node the walk has reached, and its whole
  :meth:`SemanticModel.lineage` up to the module.
* **Exception handlers**: :attr:`SemanticModel.except_handler`, the ``except`` clause the
  current node is in (within the current scope).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

from flake8_pyexpert.semantic.annotations import is_dict_annotation
from flake8_pyexpert.semantic.classes import ClassInfo
from flake8_pyexpert.semantic.libraries import BUILTIN_NAMES, CACHE_DECORATORS, SETTINGS_BASES
from flake8_pyexpert.semantic.scopes import Scope, ScopeKind
from flake8_pyexpert.semantic.tree import FunctionNode, ScopeNode, position
from flake8_pyexpert.semantic.values import BoundValues

if TYPE_CHECKING:
    from flake8_pyexpert.semantic.fastapi import FastAPIWiring

__all__ = ["SemanticModel"]


class SemanticModel:
    """Facts about one file; the runner moves it through the tree as it walks."""

    def __init__(self, tree: ast.AST) -> None:
        module = tree if isinstance(tree, ast.Module) else ast.Module(body=[], type_ignores=[])
        self.tree = tree
        self.module_scope = Scope(module, None)
        self.scope: Scope = self.module_scope
        self.parents: dict[ast.AST, ast.AST] = {}
        self._classes: dict[str, list[ClassInfo]] = {}
        self._class_of_node: dict[ast.ClassDef, ClassInfo] = {}
        self._fastapi: FastAPIWiring | None = None
        self._values = BoundValues(self)

    @property
    def fastapi(self) -> FastAPIWiring:
        """The module's FastAPI wiring; its module is loaded when a file first asks (one-line files
        and code that never asks about routes do not pay for it)."""
        if self._fastapi is None:
            from flake8_pyexpert.semantic.fastapi import FastAPIWiring

            self._fastapi = FastAPIWiring(self)
        return self._fastapi

    # -- maintained by the runner ---------------------------------------------------------

    def push_scope(self, node: ast.AST) -> None:
        """Enter the scope of a module/class/def/async def/lambda node (its body)."""
        self.scope = Scope(cast(ScopeNode, node), self.scope)

    def pop_scope(self, node: ast.AST | None = None) -> None:
        parent = self.scope.parent
        if parent is None or (node is not None and self.scope.node is not node):
            raise RuntimeError("scope events out of order")
        self.scope = parent

    def saw_class(self, node: ast.AST) -> None:
        """Record a class statement (called before its body is walked)."""
        if not isinstance(node, ast.ClassDef):
            return
        info = ClassInfo(node, self.scope, self)
        self._classes.setdefault(node.name, []).append(info)
        self._class_of_node[node] = info

    def enter_handler(self, node: ast.AST) -> None:
        if isinstance(node, ast.ExceptHandler):
            self.scope.handlers.append(node)

    def leave_handler(self, node: ast.AST) -> None:
        if isinstance(node, ast.ExceptHandler) and self.scope.handlers and self.scope.handlers[-1] is node:
            self.scope.handlers.pop()

    # -- names ---------------------------------------------------------------------------

    @property
    def import_map(self) -> dict[str, str]:
        """Module-level imports: alias -> qualified name."""
        return self.module_scope.imports

    def lookup(self, name: str, scope: Scope | None = None) -> str | None:
        """The qualified name a bare name refers to in ``scope`` (default: the current one)."""
        current = scope if scope is not None else self.scope
        innermost = True
        walker: Scope | None = current
        while walker is not None:
            # a class body's names are visible in the class body only, not in its methods
            if walker.kind is not ScopeKind.CLASS or innermost:
                bindings = walker.bindings
                if name in bindings:
                    return bindings[name]
            innermost = False
            walker = walker.parent
        if name in BUILTIN_NAMES:
            return f"builtins.{name}"
        return None

    def resolve(self, expr: ast.expr, scope: Scope | None = None) -> str | None:
        """Qualified name of a ``Name``/``Attribute`` chain, or ``None`` (local, unknown, other)."""
        parts: list[str] = []
        while isinstance(expr, ast.Attribute):
            parts.append(expr.attr)
            expr = expr.value
        if not isinstance(expr, ast.Name):
            return None
        base = self.lookup(expr.id, scope)
        if base is None:
            return None
        if not parts:
            return base
        parts.append(base)
        parts.reverse()
        return ".".join(parts)

    @property
    def imported_packages(self) -> frozenset[str]:
        """The top-level packages the module imports at module level (not relative imports)."""
        scope = self.module_scope
        targets = [*scope.imports.values(), *scope.star_imports]
        return frozenset(t.partition(".")[0] for t in targets if t and not t.startswith("."))

    def imports_module(self, package: str) -> bool:
        """Whether the module imports ``package`` or anything under it (at module level)."""
        prefix = package + "."
        scope = self.module_scope
        return any(t == package or t.startswith(prefix) for t in scope.imports.values()) or any(
            m == package or m.startswith(prefix) for m in scope.star_imports
        )

    # -- scopes --------------------------------------------------------------------------

    def scopes(self) -> Iterator[Scope]:
        """The current scope and its parents, innermost first."""
        scope: Scope | None = self.scope
        while scope is not None:
            yield scope
            scope = scope.parent

    @property
    def in_async(self) -> bool:
        """In the body of an ``async def`` (a nested ``def``, ``lambda`` or class resets it)."""
        return self.scope.kind is ScopeKind.ASYNC_FUNCTION

    @property
    def current_function(self) -> FunctionNode | None:
        """The ``def``/``async def`` whose body is the current scope (not through a lambda/class)."""
        node = self.scope.node
        return node if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) else None

    @property
    def enclosing_functions(self) -> list[tuple[FunctionNode, Scope | None]]:
        """Every ``def``/``async def`` around the current node, innermost first, each with the
        scope its ``def`` statement is in (where its decorators and defaults are resolved)."""
        return [
            (scope.node, scope.parent)
            for scope in self.scopes()
            if isinstance(scope.node, ast.FunctionDef | ast.AsyncFunctionDef)
        ]

    @property
    def except_handler(self) -> ast.ExceptHandler | None:
        """The innermost ``except`` clause around the current node, in the current scope.

        A function defined in an ``except`` clause is not "in" it: its body runs later.
        """
        handlers = self.scope.handlers
        return handlers[-1] if handlers else None

    @property
    def in_route_handler(self) -> bool:
        """In the body of a route handler (not of a function nested in it)."""
        function = self.current_function
        return function is not None and self.fastapi.is_route_handler(function)

    @property
    def enclosing_class(self) -> ast.ClassDef | None:
        """The nearest enclosing class (for a method body: the method's class)."""
        for scope in self.scopes():
            if isinstance(scope.node, ast.ClassDef):
                return scope.node
        return None

    def qualname(self, node: FunctionNode | ast.ClassDef) -> str:
        """``Class.method`` for a method, the plain name otherwise (the node's own scope is current)."""
        names = [node.name]
        scope = self.scope.parent if self.scope.node is node else self.scope
        while scope is not None and isinstance(scope.node, ast.ClassDef):
            names.append(scope.node.name)
            scope = scope.parent
        return ".".join(reversed(names))

    def bound_type(self, expr: ast.expr) -> str | None:
        """The qualified name of what ``expr`` was made by (:mod:`.values`)."""
        return self._values.bound_type(expr)

    def parent(self, node: ast.AST) -> ast.AST | None:
        """The parent of a node the walk has reached (``None`` for the module)."""
        return self.parents.get(node)

    def lineage(self, node: ast.AST) -> list[ast.AST] | None:
        """``node``, its parent, its parent's parent... up to the module; None if the walk has
        not reached ``node`` yet."""
        found: list[ast.AST] = [node]
        current = node
        while current is not self.tree:
            parent = self.parents.get(current)
            if parent is None:
                return None
            found.append(parent)
            current = parent
        return found

    # -- classes -------------------------------------------------------------------------

    def class_info(self, node: ast.ClassDef) -> ClassInfo | None:
        return self._class_of_node.get(node)

    def classes(self) -> Iterator[ClassInfo]:
        """Every class the walk has seen so far (after the walk: every class of the module)."""
        return iter(self._class_of_node.values())

    def class_named(self, name: str, before: ast.AST | None = None) -> ClassInfo | None:
        """The last class called ``name`` seen by the walk (before ``before`` if given)."""
        for info in reversed(self._classes.get(name, ())):
            if before is None:
                return info
            if info.node is not before and position(info.node) < position(before):
                return info
        return None

    def is_pydantic_model(self, node: ast.ClassDef) -> bool:
        info = self._class_of_node.get(node)
        return info is not None and info.is_pydantic_model

    def is_cached(self, func: FunctionNode, scope: Scope | None = None) -> bool:
        """Whether ``func`` is decorated with one of :data:`CACHE_DECORATORS` (resolved in ``scope``)."""
        for decorator in func.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            if self.resolve(target, scope) in CACHE_DECORATORS:
                return True
        return False

    def is_dict_annotation(self, annotation: ast.expr | None, scope: Scope | None = None) -> bool:
        """Missing, or a dict type (:func:`~flake8_pyexpert.semantic.annotations.is_dict_annotation`)."""
        return annotation is None or is_dict_annotation(self, annotation, scope)

    def is_settings_class(self, expr: ast.expr, scope: Scope | None = None) -> bool:
        """Whether ``expr`` names a ``pydantic_settings.BaseSettings`` subclass.

        A class of this module: :attr:`ClassInfo.looks_like_settings`. An imported class: only
        when its name ends in ``Settings`` (the module cannot see its bases; a conservative guess
        that the convention makes reliable).
        """
        qualified = self.resolve(expr, scope)
        if qualified in SETTINGS_BASES:
            return False  # ``BaseSettings()`` itself is not a project's settings class
        if qualified is not None:
            return qualified.rpartition(".")[2].endswith("Settings")
        if not isinstance(expr, ast.Name):
            return False
        # the class statement of the scope that binds the name (not a namesake elsewhere)
        binder: Scope | None = scope if scope is not None else self.scope
        innermost = True
        while binder is not None and not (
            (binder.kind is not ScopeKind.CLASS or innermost) and expr.id in binder.bindings
        ):
            innermost = False
            binder = binder.parent
        for info in reversed(self._classes.get(expr.id, ())):
            if binder is None or info.scope.node is binder.node:
                return info.looks_like_settings
        return False

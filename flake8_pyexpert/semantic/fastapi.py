"""FastAPI wiring of one module: route handlers, apps and routers, dependencies, handlers.

* **Route handlers** (the rule catalog's definition): a function decorated with a call of
  ``X.get/post/put/patch/delete/head/options/trace/api_route/websocket`` where the module
  imports fastapi, or where ``X`` is a module-level ``FastAPI()``/``APIRouter()`` instance
  (``router = APIRouter(prefix=...)`` included), or where ``X`` is a name the module
  *from-imports* and that is spelled like an app or a router (``app``, ``api``, ``router``,
  ``*_router``: ``from .routers import router`` in a module that does not import fastapi
  itself). That last heuristic is off in a module importing another web framework (Flask,
  Quart, Sanic, Litestar, Django, ...), whose apps also have ``.get``/``.post``.

* **Wiring** (:class:`FastAPIFacts`, one scan of the module, done on first use and cached): the
  names of the functions used as dependencies (``Depends(f)`` / ``Security(f)`` anywhere:
  defaults, ``Annotated[..., Depends(f)]``, ``dependencies=[...]``) and of the dependency
  factories (``Depends(make_dep(...))``: ``make_dep``), exception handlers (``@app.exception_handler(...)``,
  ``app.add_exception_handler(exc, f)``, ``FastAPI(exception_handlers={...})``), lifespan
  functions (``lifespan=`` of ``FastAPI()``/``APIRouter()``/``Starlette()``, or an
  ``@asynccontextmanager`` function named ``lifespan`` or taking an app parameter), middleware
  (``@app.middleware("http")``, classes subclassing starlette's ``BaseHTTPMiddleware``,
  functions with a ``call_next`` parameter), and whether the module is *API layer* (it defines
  a route handler, creates a ``FastAPI()``/``APIRouter()``/``Starlette()``, uses
  ``Depends``/``Security``, or registers an exception handler). Functions are matched by name,
  so a dependency defined in another module is not one here; methods never are.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Final, NamedTuple

from flake8_pyexpert.semantic.libraries import (
    APP_TYPES,
    ASYNC_CONTEXT_MANAGERS,
    DEPENDS_NAMES,
    FASTAPI_PARAM_FUNCTIONS,
    MIDDLEWARE_BASES,
    OTHER_WEB_FRAMEWORKS,
    ROUTE_METHODS,
    ROUTE_RECEIVER_TYPES,
)
from flake8_pyexpert.semantic.scopes import Scope
from flake8_pyexpert.semantic.tree import FunctionNode, keyword_value, module_statements, unsubscript, walk_nodes

if TYPE_CHECKING:
    from flake8_pyexpert.semantic.model import SemanticModel

__all__ = ["FastAPIFacts", "FastAPIWiring"]

# A from-imported receiver spelled like an app or a router is taken for one (module docstring).
_IMPORTED_RECEIVER: Final = re.compile(r"^(?:app|api|router|\w+_router)$")
_APP_CALL_ATTRS: Final = frozenset({"FastAPI", "APIRouter", "Starlette"})
_DEPENDS_ATTRS: Final = frozenset({"Depends", "Security"})


class FastAPIFacts(NamedTuple):
    """The FastAPI wiring of one module (names of module functions; see the module docstring)."""

    dependencies: frozenset[str] = frozenset()
    dependency_factories: frozenset[str] = frozenset()
    uses_depends: bool = False
    exception_handlers: frozenset[str] = frozenset()
    lifespans: frozenset[str] = frozenset()
    middleware: frozenset[str] = frozenset()
    middleware_classes: frozenset[str] = frozenset()
    creates_app: bool = False
    defines_route: bool = False
    # classes named in ``response_model=`` of a route, or in a route handler's return annotation
    response_models: frozenset[str] = frozenset()

    @property
    def is_api_layer(self) -> bool:
        """Defines a route, creates an app/router, uses ``Depends`` or registers an exception handler."""
        return self.defines_route or self.creates_app or self.uses_depends or bool(self.exception_handlers)


class FastAPIWiring:
    """The FastAPI questions the rules ask about one module (``SemanticModel.fastapi``)."""

    def __init__(self, model: SemanticModel) -> None:
        self.model = model
        self._route_cache: dict[FunctionNode, ast.Call | None] = {}
        self._receivers: frozenset[str] | None = None
        self._imports_fastapi: bool | None = None
        self._facts: FastAPIFacts | None = None
        self._imported_receivers: dict[str, bool] = {}

    @property
    def facts(self) -> FastAPIFacts:
        """The FastAPI wiring of the module (see the module docstring); computed once."""
        if self._facts is None:
            self._facts = _scan(self)
        return self._facts

    @property
    def imports_fastapi(self) -> bool:
        if self._imports_fastapi is None:
            self._imports_fastapi = self.model.imports_module("fastapi")
        return self._imports_fastapi

    @property
    def route_receivers(self) -> frozenset[str]:
        """Module-level names assigned a ``FastAPI()``/``APIRouter()`` instance."""
        if self._receivers is None:
            model = self.model
            found: set[str] = set()
            for stmt in module_statements(model.module_scope.node):
                if isinstance(stmt, ast.Assign | ast.AnnAssign) and isinstance(stmt.value, ast.Call):
                    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                    if model.resolve(stmt.value.func, model.module_scope) in ROUTE_RECEIVER_TYPES:
                        found.update(t.id for t in targets if isinstance(t, ast.Name))
            self._receivers = frozenset(found)
        return self._receivers

    def route_decorator(self, func: FunctionNode) -> ast.Call | None:
        """The ``@X.get(...)``-style decorator that makes ``func`` a route handler, if any."""
        if func in self._route_cache:
            return self._route_cache[func]
        found: ast.Call | None = None
        for decorator in func.decorator_list:
            if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)):
                continue
            if decorator.func.attr not in ROUTE_METHODS:
                continue
            if self.is_app_receiver(decorator.func.value):
                found = decorator
                break
        self._route_cache[func] = found
        return found

    def is_route_handler(self, func: FunctionNode) -> bool:
        return self.route_decorator(func) is not None

    def is_app_receiver(self, receiver: ast.expr) -> bool:
        """Whether ``X`` of ``@X.get(...)``, ``@X.exception_handler(...)`` ... may be an app or router.

        True when the module imports fastapi, when ``X`` is a module-level name assigned a
        ``FastAPI()``/``APIRouter()``, or when ``X`` is a from-imported name spelled like an app
        or a router (see the module docstring).
        """
        if self.imports_fastapi:
            return True
        if not isinstance(receiver, ast.Name):
            return False
        name = receiver.id
        if name in self.route_receivers:
            return True
        known = self._imported_receivers.get(name)
        if known is None:
            model = self.model
            target = model.module_scope.bindings.get(name)
            known = (
                target is not None
                and target != name  # ``from x import router``, not ``import router``
                and _IMPORTED_RECEIVER.match(name) is not None
                and not any(model.imports_module(other) for other in OTHER_WEB_FRAMEWORKS)
            )
            self._imported_receivers[name] = known
        return known

    def _is_method(self, func: FunctionNode) -> bool:
        return isinstance(self.model.parent(func), ast.ClassDef)

    def is_dependency(self, func: FunctionNode) -> bool:
        """``func`` (not a method) is passed to ``Depends(...)``/``Security(...)`` in this module."""
        return func.name in self.facts.dependencies and not self._is_method(func)

    def is_dependency_factory(self, func: FunctionNode) -> bool:
        """``func`` (not a method) builds a dependency in this module: ``Depends(func(...))``."""
        return func.name in self.facts.dependency_factories and not self._is_method(func)

    def is_exception_handler(self, func: FunctionNode) -> bool:
        return func.name in self.facts.exception_handlers and not self._is_method(func)

    def is_lifespan(self, func: FunctionNode) -> bool:
        return func.name in self.facts.lifespans and not self._is_method(func)

    def is_middleware(self, func: FunctionNode) -> bool:
        """Registered with ``@app.middleware(...)``, has a ``call_next`` parameter, or is a
        method of a ``BaseHTTPMiddleware`` subclass of this module."""
        if any(arg.arg == "call_next" for arg in (*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs)):
            return True
        parent = self.model.parent(func)
        if isinstance(parent, ast.ClassDef):
            return parent.name in self.facts.middleware_classes
        return func.name in self.facts.middleware

    def takes_http_parameters(self, func: FunctionNode, scope: Scope | None = None) -> bool:
        """A parameter of ``func`` looks injected by FastAPI: annotated with a fastapi/starlette
        type (``Request``, ``WebSocket``, ``UploadFile``, ``HTTPAuthorizationCredentials``...,
        also inside ``Annotated``/``Optional``/``|``), with a FastAPI parameter function as
        default or ``Annotated`` metadata (``Depends``, ``Security``, ``Header``, ``Query``,
        ``Path``, ``Cookie``, ``Body``, ``Form``, ``File``), or named ``call_next``.

        ``scope`` is where the ``def`` statement is (default: the enclosing scope when ``func``'s
        own body is current, else the current scope).
        """
        model = self.model
        if scope is None:
            scope = model.scope.parent if model.scope.node is func and model.scope.parent else model.scope
        args = func.args
        params = [*args.posonlyargs, *args.args, *args.kwonlyargs]
        if any(arg.arg == "call_next" for arg in params):
            return True
        defaults = [*args.defaults, *(d for d in args.kw_defaults if d is not None)]
        annotations = [arg.annotation for arg in params if arg.annotation is not None]
        todo: list[ast.expr] = [*defaults, *annotations]
        while todo:
            expr = todo.pop()
            if isinstance(expr, ast.Call):
                if model.resolve(expr.func, scope) in FASTAPI_PARAM_FUNCTIONS:
                    return True
            elif isinstance(expr, ast.Subscript):
                todo.append(expr.value)
                todo.extend(expr.slice.elts if isinstance(expr.slice, ast.Tuple) else [expr.slice])
            elif isinstance(expr, ast.BinOp):
                todo += [expr.left, expr.right]
            elif isinstance(expr, ast.Constant) and isinstance(expr.value, str):  # a string annotation
                try:
                    todo.append(ast.parse(expr.value.strip(), mode="eval").body)
                except (SyntaxError, ValueError):
                    pass
            elif isinstance(expr, ast.Name | ast.Attribute):
                qualified = model.resolve(expr, scope)
                if qualified is not None and qualified.startswith(("fastapi.", "starlette.")):
                    return True
        return False


def _scan(wiring: FastAPIWiring) -> FastAPIFacts:
    """One walk of the module collecting :class:`FastAPIFacts` (names resolved at module level)."""
    model = wiring.model
    module = model.module_scope
    tree = module.node
    if not isinstance(tree, ast.Module):
        return FastAPIFacts()
    imports = module.imports
    if not (
        wiring.imports_fastapi
        or model.imports_module("starlette")
        or any(wiring.is_app_receiver(ast.Name(id=name)) for name, target in imports.items() if name != target)
    ):
        return FastAPIFacts()  # nothing in the module can be FastAPI wiring
    depends_aliases = {name for name, target in imports.items() if target in DEPENDS_NAMES}
    app_aliases = {name for name, target in imports.items() if target in APP_TYPES}
    dependencies: set[str] = set()
    factories: set[str] = set()
    handlers: set[str] = set()
    lifespans: set[str] = set()
    middleware: set[str] = set()
    middleware_classes: set[str] = set()
    response_models: set[str] = set()
    uses_depends = creates_app = defines_route = False
    for node in walk_nodes([tree]):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                is_depends = func.id in depends_aliases
                is_app = func.id in app_aliases
            elif isinstance(func, ast.Attribute):
                attr = func.attr
                is_depends = attr in _DEPENDS_ATTRS and model.resolve(func, module) in DEPENDS_NAMES
                is_app = attr in _APP_CALL_ATTRS and model.resolve(func, module) in APP_TYPES
                if attr == "add_exception_handler" and wiring.is_app_receiver(func.value):
                    handler = node.args[1] if len(node.args) > 1 else keyword_value(node, "handler")
                    if isinstance(handler, ast.Name):
                        handlers.add(handler.id)
            elif isinstance(func, ast.Call) and isinstance(func.func, ast.Attribute):
                # ``app.middleware("http")(f)``
                if func.func.attr == "middleware" and wiring.is_app_receiver(func.func.value) and node.args:
                    target = node.args[0]
                    if isinstance(target, ast.Name):
                        middleware.add(target.id)
                continue
            else:
                continue
            if is_depends:
                uses_depends = True
                dependency = node.args[0] if node.args else keyword_value(node, "dependency")
                if isinstance(dependency, ast.Name):
                    dependencies.add(dependency.id)
                elif isinstance(dependency, ast.Call) and isinstance(dependency.func, ast.Name):
                    factories.add(dependency.func.id)
            elif is_app:
                creates_app = True
                lifespan = keyword_value(node, "lifespan")
                if isinstance(lifespan, ast.Name):
                    lifespans.add(lifespan.id)
                mapping = keyword_value(node, "exception_handlers")
                if isinstance(mapping, ast.Dict):
                    handlers.update(v.id for v in mapping.values if isinstance(v, ast.Name))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            route = wiring.route_decorator(node)
            if route is not None:
                defines_route = True
                response_models.update(_class_names(keyword_value(route, "response_model")))
                response_models.update(_class_names(node.returns))
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(decorator, ast.Call) and isinstance(target, ast.Attribute):
                    if target.attr == "exception_handler" and wiring.is_app_receiver(target.value):
                        handlers.add(node.name)
                    elif target.attr == "middleware" and wiring.is_app_receiver(target.value):
                        middleware.add(node.name)
                if model.resolve(target, module) in ASYNC_CONTEXT_MANAGERS and _is_lifespan_like(model, node):
                    lifespans.add(node.name)
        elif isinstance(node, ast.ClassDef):
            if any(model.resolve(unsubscript(base), module) in MIDDLEWARE_BASES for base in node.bases):
                middleware_classes.add(node.name)
    return FastAPIFacts(
        dependencies=frozenset(dependencies),
        dependency_factories=frozenset(factories),
        uses_depends=uses_depends,
        exception_handlers=frozenset(handlers),
        lifespans=frozenset(lifespans),
        middleware=frozenset(middleware),
        middleware_classes=frozenset(middleware_classes),
        creates_app=creates_app or bool(wiring.route_receivers),
        defines_route=defines_route,
        response_models=frozenset(response_models),
    )


def _class_names(annotation: ast.expr | None) -> Iterator[str]:
    """The class names an annotation mentions: ``User``, ``list[User]``, ``Page[User] | None``."""
    if annotation is None:
        return
    for node in ast.walk(annotation):
        if isinstance(node, ast.Name):
            yield node.id
        elif isinstance(node, ast.Attribute):
            yield node.attr


def _is_lifespan_like(model: SemanticModel, func: FunctionNode) -> bool:
    """An ``@asynccontextmanager`` named ``lifespan`` or whose first parameter is an app."""
    if func.name == "lifespan":
        return True
    params = [*func.args.posonlyargs, *func.args.args]
    if not params or params[0].annotation is None:
        return False
    return model.resolve(unsubscript(params[0].annotation), model.module_scope) in APP_TYPES

"""PX402 http-exception-outside-api: ``raise HTTPException(...)`` in a service-layer module.

Flagged: ``raise HTTPException(...)`` or ``raise HTTPException`` (:data:`HTTP_EXCEPTIONS`,
through any import alias) in a module that is not API layer
(:attr:`FastAPIFacts.is_api_layer`: no route handler, no ``FastAPI()``/``APIRouter()``/
``Starlette()``, no ``Depends``/``Security``, no exception handler). The route may come after
the raise, so raises are collected during the walk and decided when it leaves the module.

Exempt (false positives cost more than misses; each is a pattern seen in real services):

* raises in a function FastAPI calls: a dependency, middleware, exception handler or lifespan
  function (:class:`~flake8_pyexpert.semantic.fastapi.FastAPIWiring`), and in a function whose
  parameters look injected (:meth:`FastAPIWiring.takes_http_parameters`: ``request:
  Request``, ``Header()`` defaults, ``Annotated[..., Depends(...)]``...), also when that
  function encloses the raise;
* raises in a dependency factory: a function used as ``Depends(factory(...))`` in the module, or
  a function that returns the nested function the raise is in (``def require(role): def
  check(...): raise HTTPException(...); return check``, used in another module);
* modules importing any fastapi/starlette name other than :data:`_NEUTRAL_IMPORTS`
  (``Request``, ``Depends``, ``APIRouter``, ``fastapi.security``, responses...: web layer);
* modules whose path says they are web layer (:data:`_WEB_DIRS`, :data:`_WEB_STEMS`,
  :data:`_WEB_SUFFIXES`);
* functions named for HTTP (``get_or_404``, ``raise_http_error``).

Tests, examples, scripts and migrations are not application code: the rule applies to ``app``
files only (the file roles).
"""

from __future__ import annotations

import ast
import re
from typing import Final

from flake8_pyexpert.runner import Check
from flake8_pyexpert.semantic.libraries import HTTP_EXCEPTIONS
from flake8_pyexpert.semantic.scopes import Scope
from flake8_pyexpert.semantic.tree import FunctionNode, scope_nodes
from pyexpert_core.metadata import HTTP_EXCEPTION_OUTSIDE_API

__all__ = ["HttpExceptionOutsideApi"]

# fastapi/starlette imports that a service module may have without being web layer.
_NEUTRAL_IMPORTS: Final = frozenset(
    {
        "fastapi", "starlette", "fastapi.HTTPException", "fastapi.exceptions", "starlette.exceptions",
        "fastapi.status", "starlette.status", "fastapi.encoders", "fastapi.concurrency",
        "starlette.concurrency",
    }
)
_NEUTRAL_PREFIXES: Final = (
    "fastapi.exceptions.", "starlette.exceptions.", "fastapi.status.", "starlette.status.", "fastapi.encoders.",
    "fastapi.concurrency.", "starlette.concurrency.",
)
_WEB_DIRS: Final = frozenset(
    {
        "api", "apis", "routers", "routes", "endpoints", "views", "controllers", "handlers", "dependencies",
        "deps", "middleware", "middlewares", "web", "http",
    }
)
_WEB_STEMS: Final = _WEB_DIRS | frozenset({"security", "auth", "router", "dependency"})
_WEB_SUFFIXES: Final = (
    "_deps", "_dependencies", "_router", "_routers", "_routes", "_views", "_endpoints", "_middleware",
)
# a pattern: re compiles it on first use
_HTTP_NAMED: Final = r"(?:^|_)(?:https?|or_4\d\d|4\d\d)(?:_|$)"


def _returns_name(function: FunctionNode, name: str) -> bool:
    """Whether ``function`` has a ``return <name>`` of its own (not in nested functions)."""
    return any(
        isinstance(node, ast.Return) and isinstance(node.value, ast.Name) and node.value.id == name
        for node in scope_nodes(function.body)
    )


class _Raise:
    """A ``raise HTTPException`` seen in the walk, decided when the walk leaves the module."""

    __slots__ = ("functions", "node", "scopes", "where")

    def __init__(
        self, node: ast.expr, functions: tuple[FunctionNode, ...], scopes: tuple[Scope | None, ...], where: str
    ) -> None:
        self.node = node
        self.functions = functions  # innermost first
        self.scopes = scopes  # where each function's ``def`` is
        self.where = where  # how the message names the place


class HttpExceptionOutsideApi(Check):
    rules = (HTTP_EXCEPTION_OUTSIDE_API,)

    _raises: list[_Raise] | None = None
    _aliases: frozenset[str] | None = None  # module-level names imported as an HTTPException

    def visit_Raise(self, node: ast.Raise) -> None:
        exc = node.exc
        if exc is None:
            return
        target = exc.func if isinstance(exc, ast.Call) else exc
        if isinstance(target, ast.Attribute):
            if target.attr != "HTTPException":
                return
        elif isinstance(target, ast.Name):
            if target.id != "HTTPException":
                if self._aliases is None:
                    self._aliases = frozenset(
                        name for name, qualified in self.model.import_map.items() if qualified in HTTP_EXCEPTIONS
                    )
                if target.id not in self._aliases:
                    return
        else:
            return
        if self.model.resolve(target) not in HTTP_EXCEPTIONS:
            return
        functions: list[FunctionNode] = []
        scopes: list[Scope | None] = []
        for scope in self.model.scopes():
            if isinstance(scope.node, ast.FunctionDef | ast.AsyncFunctionDef):
                functions.append(scope.node)
                scopes.append(scope.parent)
        if self._raises is None:
            self._raises = []
        function = self.model.current_function
        where = f"'{self.model.qualname(function)}'" if function is not None else "module code"
        self._raises.append(_Raise(exc, tuple(functions), tuple(scopes), where))

    def leave_Module(self, node: ast.Module) -> None:
        if not self._raises or self._module_is_exempt():
            return
        for found in self._raises:
            if self._function_is_exempt(found):
                continue
            self.report(found.node, HTTP_EXCEPTION_OUTSIDE_API, function=found.where)

    def _module_is_exempt(self) -> bool:
        if self.model.fastapi.facts.is_api_layer or self._path_is_web_layer():
            return True
        for target in self.model.import_map.values():
            if target.startswith(("fastapi.", "starlette.")) or target in ("fastapi", "starlette"):
                if target not in _NEUTRAL_IMPORTS and not target.startswith(_NEUTRAL_PREFIXES):
                    return True
        return False

    def _path_is_web_layer(self) -> bool:
        parts = [p for p in self.context.filename.replace("\\", "/").split("/") if p not in ("", ".")]
        if not parts:
            return False
        stem = parts[-1].rpartition(".")[0] or parts[-1]
        if stem in _WEB_STEMS or stem.endswith(_WEB_SUFFIXES):
            return True
        return any(part in _WEB_DIRS for part in parts[:-1])

    def _function_is_exempt(self, found: _Raise) -> bool:
        wiring = self.model.fastapi
        functions = found.functions
        for index, (function, scope) in enumerate(zip(functions, found.scopes, strict=True)):
            if (
                wiring.is_dependency(function)
                or wiring.is_dependency_factory(function)
                or wiring.is_middleware(function)
                or wiring.is_exception_handler(function)
                or wiring.is_lifespan(function)
                or wiring.takes_http_parameters(function, scope)
                or re.search(_HTTP_NAMED, function.name, re.IGNORECASE)
            ):
                return True
            if index + 1 < len(functions) and _returns_name(functions[index + 1], function.name):
                return True  # the enclosing function returns this one: a dependency factory
        return False

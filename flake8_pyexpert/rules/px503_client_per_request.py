"""PX503 client-per-request: ``httpx.AsyncClient()`` (an engine, a pool...) built per request.

Flagged, through any import alias: a call of one of :data:`CLIENT_FACTORIES` directly in the
body of a route handler, or of a function (not a method) that the module passes to
``Depends(...)``/``Security(...)`` (:attr:`SemanticModel.fastapi`).

Not flagged: websocket handlers (the connection lives as long as the client's session: a client
created for it serves every message of that connection, not one request); functions decorated
with a cache
(:data:`~flake8_pyexpert.semantic.libraries.CACHE_DECORATORS`, called or not),
lifespan functions, module scope, a result stored for reuse (assigned to an attribute such as
``app.state.http``, to a subscript, or to a ``global``/``nonlocal`` name: a lazily created
singleton), functions nested in a handler or a dependency (a factory
defined there runs when it is called, which the rule cannot see), and dependencies defined in
another module.
"""

from __future__ import annotations

import ast
from typing import Final

from flake8_pyexpert.runner import Check
from flake8_pyexpert.semantic.tree import FunctionNode
from pyexpert_core.metadata import CLIENT_PER_REQUEST

__all__ = ["CLIENT_FACTORIES", "ClientPerRequest"]

#: Qualified name -> how the message spells the call.
CLIENT_FACTORIES: Final[dict[str, str]] = {
    "httpx.AsyncClient": "httpx.AsyncClient",
    "httpx.Client": "httpx.Client",
    "httpx._client.AsyncClient": "httpx.AsyncClient",
    "httpx._client.Client": "httpx.Client",
    "aiohttp.ClientSession": "aiohttp.ClientSession",
    "aiohttp.client.ClientSession": "aiohttp.ClientSession",
    "sqlalchemy.create_engine": "create_engine",
    "sqlalchemy.engine.create_engine": "create_engine",
    "sqlalchemy.engine.create.create_engine": "create_engine",
    "sqlmodel.create_engine": "create_engine",
    "sqlalchemy.ext.asyncio.create_async_engine": "create_async_engine",
    "sqlalchemy.ext.asyncio.engine.create_async_engine": "create_async_engine",
    "redis.asyncio.Redis": "redis.asyncio.Redis",
    "redis.asyncio.StrictRedis": "redis.asyncio.Redis",
    "redis.asyncio.client.Redis": "redis.asyncio.Redis",
    "redis.asyncio.Redis.from_url": "redis.asyncio.Redis.from_url",
    "redis.asyncio.client.Redis.from_url": "redis.asyncio.Redis.from_url",
    "redis.asyncio.from_url": "redis.asyncio.from_url",
    "redis.asyncio.utils.from_url": "redis.asyncio.from_url",
    "asyncpg.create_pool": "asyncpg.create_pool",
    "asyncpg.pool.create_pool": "asyncpg.create_pool",
}
_LAST_PARTS: Final = frozenset(name.rpartition(".")[2] for name in CLIENT_FACTORIES)


class ClientPerRequest(Check):
    rules = (CLIENT_PER_REQUEST,)

    _aliases: frozenset[str] | None = None

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute):
            if func.attr not in _LAST_PARTS:
                return
        elif isinstance(func, ast.Name):
            aliases = self._aliases
            if aliases is None:
                aliases = self._alias_names()
            if func.id not in _LAST_PARTS and func.id not in aliases:
                return
        else:
            return
        function = self.model.current_function
        if function is None:
            return
        call = CLIENT_FACTORIES.get(self.model.resolve(func) or "")
        if call is None:
            return
        model = self.model
        route = model.fastapi.route_decorator(function)
        if route is None and not model.fastapi.is_dependency(function):
            return
        if route is not None and isinstance(route.func, ast.Attribute) and route.func.attr == "websocket":
            return  # one client per websocket connection: it lives as long as the session
        outer = model.scope.parent
        if model.fastapi.is_lifespan(function) or model.is_cached(function, outer) or self._stored(node, function):
            return
        self.report(node, CLIENT_PER_REQUEST, call=call, function=model.qualname(function))

    def _stored(self, node: ast.Call, function: FunctionNode) -> bool:
        """``app.state.http = httpx.AsyncClient()``, ``cache[k] = ...``, or a ``global``: kept."""
        parent = self.model.parent(node)
        if isinstance(parent, ast.Await):
            parent = self.model.parent(parent)
        if not isinstance(parent, ast.Assign | ast.AnnAssign) or parent.value is None:
            return False
        targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
        declared = {
            name
            for stmt in function.body
            if isinstance(stmt, ast.Global | ast.Nonlocal)
            for name in stmt.names
        }
        return any(
            isinstance(t, ast.Attribute | ast.Subscript) or (isinstance(t, ast.Name) and t.id in declared)
            for t in targets
        )

    def _alias_names(self) -> frozenset[str]:
        """Module-level names imported as one of the factories under another name."""
        if self._aliases is None:
            self._aliases = frozenset(
                name for name, target in self.model.import_map.items() if target in CLIENT_FACTORIES
            )
        return self._aliases

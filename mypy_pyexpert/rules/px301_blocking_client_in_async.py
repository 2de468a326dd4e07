"""PX301 blocking-client-in-async: a synchronous client used directly in an ``async def`` body.

Decided by the receiver's *type*, never by a name: a ``Session`` received as a parameter, held as
``self.db: Session``, returned by ``get_session() -> Session`` or built by a subclass is the same
receiver type to mypy.

Hooks (facts checked against mypy 2.4):

- method calls (``session.exec(q)``, ``self.db.commit()``, ``Redis.from_url(url)``):
  ``get_method_hook``. mypy names a method call after the class of the *receiver's static type*
  (``ExpressionChecker.method_fullname``), not after the class that defines the method:
  ``session.commit()`` with a ``sqlmodel.Session`` receiver is
  ``sqlmodel.orm.session.Session.commit`` although ``commit`` is defined by SQLAlchemy's
  ``Session``, and ``r.get(k)`` is ``redis.client.Redis.get`` or ``redis.asyncio.client.Redis.get``
  although both inherit it from the shared mixin ``redis.commands.core.BasicKeyCommands``. So a
  method name is claimed when the class it is named after (looked up with
  ``lookup_fully_qualified``) has a synchronous client type in its MRO and no asynchronous one;
  the callback checks the receiver (``ctx.type``) again. Dunder methods (``__enter__`` and
  ``__exit__`` of a ``with`` block, operators) and ``from_orm`` (pydantic.mypy's) are never
  claimed, nor names of ``builtins``/``typing``/... classes.
- constructor calls (``Session(engine)``, ``httpx.Client()``, ``cls(engine)`` with
  ``cls: type[Session]``): ``get_function_hook``, which mypy asks with the class's fullname.
  PX105 claims the same hook for Pydantic model classes (never a client class); the router
  composes the two. Neither mypy's default plugin nor pydantic.mypy claims these names.

Where: the innermost scope of mypy's checker (``TypeChecker.scope.stack[-1]``) must be a function
defined with ``async def`` (``FuncItem.is_coroutine``: coroutines, async generators and async
methods alike). A lambda is pushed on that stack as a ``LambdaExpr`` and a nested ``def`` as its
``FuncDef``, so code in them is sync code, as is a class body nested in an ``async def``. Default
argument values are checked outside the function's scope (they run at definition time). An
``async def lifespan`` (FastAPI/Starlette startup and shutdown) is exempt: nothing is served
while it blocks.
A call that is awaited (``await db.exec(q)``), or any call on a receiver whose calls the function
awaits elsewhere (``db.add(row)`` next to ``await db.commit()``), is not flagged: the code treats
the receiver as an asynchronous client, so its annotation is what is wrong (``db: Session``
holding an ``AsyncSession``), which mypy reports itself; the advice to move off a blocking
client would be wrong.
Functions passed as values (``asyncio.to_thread(session.execute, stmt)``,
``run_in_threadpool(fn)``, ``loop.run_in_executor(None, fn)``, ``conn.run_sync(fn)``) are not
calls, so no hook sees them.

Receivers: an instance of the class, or the class object itself when the call returns a client
(``Redis.from_url(...)``, an alternative constructor); ``Session.object_session(obj)`` and other
classmethods that return no client are not flagged. Module-level factory functions
(``sqlite3.connect``, ``create_engine``, ``boto3.client``) are not constructors: the client they
return is flagged at its first method call. The built-in client types are below; the option
``blocking_client_types`` adds fully qualified class names (re-exported spellings are resolved).
A library that is not installed contributes nothing: its classes never occur in an MRO.

Only files mypy reports are reported (never installed packages or stubs). Every callback returns
mypy's default type unchanged.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Final, NamedTuple

from mypy.checker import TypeChecker
from mypy.nodes import AwaitExpr, CallExpr, FuncDef, FuncItem, LambdaExpr, MemberExpr, TypeAlias, TypeInfo
from mypy.plugin import FunctionContext, MethodContext, Plugin
from mypy.types import CallableType, Instance, Type, TypeType, get_proper_type

from mypy_pyexpert.config import Settings
from mypy_pyexpert.reporting import checker_applies, report_in_checker
from mypy_pyexpert.safety import analysis_guard
from mypy_pyexpert.routes import route_decorator
from mypy_pyexpert.syntax import dotted_name, walk_body
from pyexpert_core.metadata import BLOCKING_CLIENT_IN_ASYNC as RULE

__all__ = ["ASYNC_CLIENTS", "SYNC_CLIENTS", "BlockingClientRule", "Client"]


class Client(NamedTuple):
    """A synchronous client type: how the message names it and what to use instead."""

    display: str
    alternative: str


_SESSION: Final = "sqlalchemy.ext.asyncio.AsyncSession"
_ENGINE: Final = "create_async_engine() and AsyncConnection"
_CUSTOM: Final = "an async client"

#: Synchronous clients by the fullname mypy gives the class (where a library re-exports a class,
#: the public spelling is listed too, in case a later release moves the class there).
SYNC_CLIENTS: Final[Mapping[str, Client]] = {
    # SQLAlchemy / SQLModel
    "sqlmodel.orm.session.Session": Client("sqlmodel.Session", "sqlmodel's AsyncSession"),
    "sqlmodel.Session": Client("sqlmodel.Session", "sqlmodel's AsyncSession"),
    "sqlalchemy.orm.session.Session": Client("sqlalchemy.orm.Session", _SESSION),
    "sqlalchemy.orm.Session": Client("sqlalchemy.orm.Session", _SESSION),
    "sqlalchemy.engine.base.Engine": Client("sqlalchemy.engine.Engine", _ENGINE),
    "sqlalchemy.engine.Engine": Client("sqlalchemy.engine.Engine", _ENGINE),
    "sqlalchemy.engine.base.Connection": Client("sqlalchemy.engine.Connection", _ENGINE),
    "sqlalchemy.engine.Connection": Client("sqlalchemy.engine.Connection", _ENGINE),
    # DB-API drivers
    "sqlite3.Connection": Client("sqlite3.Connection", "aiosqlite"),
    "sqlite3.Cursor": Client("sqlite3.Cursor", "aiosqlite"),
    "psycopg2._psycopg.connection": Client("psycopg2 connection", "psycopg.AsyncConnection or asyncpg"),
    "psycopg2._psycopg.cursor": Client("psycopg2 cursor", "psycopg.AsyncConnection or asyncpg"),
    "psycopg2.extensions.connection": Client("psycopg2 connection", "psycopg.AsyncConnection or asyncpg"),
    "psycopg2.extensions.cursor": Client("psycopg2 cursor", "psycopg.AsyncConnection or asyncpg"),
    "psycopg.connection.Connection": Client("psycopg.Connection", "psycopg.AsyncConnection"),
    "psycopg.Connection": Client("psycopg.Connection", "psycopg.AsyncConnection"),
    "psycopg.cursor.Cursor": Client("psycopg.Cursor", "psycopg.AsyncConnection"),
    "psycopg.Cursor": Client("psycopg.Cursor", "psycopg.AsyncConnection"),
    # key-value and document stores
    "redis.client.Redis": Client("redis.Redis", "redis.asyncio.Redis"),
    "redis.Redis": Client("redis.Redis", "redis.asyncio.Redis"),
    "pymongo.synchronous.mongo_client.MongoClient": Client("pymongo.MongoClient", "pymongo.AsyncMongoClient"),
    "pymongo.mongo_client.MongoClient": Client("pymongo.MongoClient", "pymongo.AsyncMongoClient"),
    "pymongo.MongoClient": Client("pymongo.MongoClient", "pymongo.AsyncMongoClient"),
    "pymongo.synchronous.collection.Collection": Client("pymongo Collection", "pymongo.AsyncMongoClient"),
    "pymongo.collection.Collection": Client("pymongo Collection", "pymongo.AsyncMongoClient"),
    # HTTP, mail, AWS
    "requests.sessions.Session": Client("requests.Session", "httpx.AsyncClient"),
    "requests.Session": Client("requests.Session", "httpx.AsyncClient"),
    "httpx._client.Client": Client("httpx.Client", "httpx.AsyncClient"),
    "httpx.Client": Client("httpx.Client", "httpx.AsyncClient"),
    "smtplib.SMTP": Client("smtplib.SMTP", "aiosmtplib"),
    "botocore.client.BaseClient": Client("boto3/botocore client", "aioboto3 or aiobotocore"),
}

#: Asynchronous clients: a class with one of these in its MRO is never a synchronous client (none
#: of them subclasses a sync client today; this keeps it so if a configured type is shared).
ASYNC_CLIENTS: Final = frozenset(
    {
        "sqlalchemy.ext.asyncio.session.AsyncSession",
        "sqlalchemy.ext.asyncio.engine.AsyncEngine",
        "sqlalchemy.ext.asyncio.engine.AsyncConnection",
        "sqlalchemy.ext.asyncio.scoping.async_scoped_session",
        "sqlmodel.ext.asyncio.session.AsyncSession",
        "redis.asyncio.client.Redis",
        "httpx._client.AsyncClient",
        "psycopg.connection_async.AsyncConnection",
        "psycopg.cursor_async.AsyncCursor",
        "pymongo.asynchronous.mongo_client.AsyncMongoClient",
        "pymongo.asynchronous.collection.AsyncCollection",
    }
)

#: Classes of these modules are never clients: their method names are answered without a lookup.
_NEVER_CLIENT_PREFIXES: Final = (
    "builtins.",
    "typing.",
    "typing_extensions.",
    "_typeshed.",
    "collections.",
    "types.",
    "abc.",
    "enum.",
    "asyncio.",
    "pydantic.",
)
#: pydantic.mypy claims ``get_method_hook`` for ``*.from_orm``: never displace it.
_NEVER_CLAIMED_METHODS: Final = frozenset({"from_orm"})

#: Startup and shutdown code: it runs before the app serves requests or after it stopped, so a
#: blocking call there delays startup but stalls no request.
LIFESPAN_NAMES: Final = frozenset({"lifespan"})

_MAX_TEXT_LEN: Final = 40


class BlockingClientRule:
    """Claims the hooks of PX301 and reports; one instance per plugin (holds the option's names)."""

    def __init__(self, plugin: Plugin, settings: Settings) -> None:
        self._plugin = plugin
        # a configured name that is already built in keeps its built-in entry (and advice)
        configured = {
            name: Client(name, _CUSTOM) for name in settings.blocking_client_types if name not in SYNC_CLIENTS
        }
        self._clients: dict[str, Client] = {**SYNC_CLIENTS, **configured}
        # configured names not yet resolved to the class's own fullname (a re-export, an alias)
        self._unresolved: list[str] = list(configured)

    # -- claiming hooks (called for every call mypy checks: cheap rejections first) -------------

    def function_hook_for(self, fullname: str) -> Callable[[FunctionContext], Type] | None:
        """The callback for a call of a sync client class (a constructor), else ``None``."""
        if fullname.startswith(_NEVER_CLIENT_PREFIXES):
            return None
        info = self._class_named(fullname)
        if info is None or self.client_of(info) is None:
            return None
        return self._check_constructor

    def method_hook_for(self, fullname: str) -> Callable[[MethodContext], Type] | None:
        """The callback for a method call named after a sync client class, else ``None``."""
        owner, _, method = fullname.rpartition(".")
        if not owner or method.startswith("__") or method in _NEVER_CLAIMED_METHODS:
            return None
        if owner.startswith(_NEVER_CLIENT_PREFIXES):
            return None
        info = self._class_named(owner)
        if info is None or self.client_of(info) is None:
            return None
        return functools.partial(self._check_method, method)

    def _class_named(self, fullname: str) -> TypeInfo | None:
        symbol = self._plugin.lookup_fully_qualified(fullname)
        node = symbol.node if symbol is not None else None
        return node if isinstance(node, TypeInfo) else None

    def client_of(self, info: TypeInfo) -> tuple[TypeInfo, Client] | None:
        """The first sync client class in ``info``'s MRO and its entry, unless an async one is in it."""
        self._resolve_configured()
        found: tuple[TypeInfo, Client] | None = None
        for base in info.mro:
            name = base.fullname
            if name in ASYNC_CLIENTS:
                return None
            if found is None:
                client = self._clients.get(name)
                if client is not None:
                    found = (base, client)
        return found

    def _resolve_configured(self) -> None:
        """Add the class fullname behind each configured name once it can be looked up."""
        if not self._unresolved:
            return
        for name in list(self._unresolved):
            symbol = self._plugin.lookup_fully_qualified(name)
            node = symbol.node if symbol is not None else None
            target: TypeInfo | None = node if isinstance(node, TypeInfo) else None
            if isinstance(node, TypeAlias):
                aliased = get_proper_type(node.target)
                target = aliased.type if isinstance(aliased, Instance) else None
            if target is not None:
                self._clients.setdefault(target.fullname, self._clients[name])
                self._unresolved.remove(name)

    # -- callbacks -----------------------------------------------------------------------------

    def _check_method(self, method: str, ctx: MethodContext) -> Type:
        with analysis_guard(RULE.code, ctx.api, ctx.context):
            call = ctx.context  # an explicit ``receiver.method(...)`` call, nothing implicit
            if isinstance(call, CallExpr) and isinstance(call.callee, MemberExpr) and call.callee.name == method:
                receiver = _receiver_class(ctx.type, ctx.default_return_type)
                if receiver is not None:
                    self._report(ctx.api, call, receiver, _method_text(call.callee, bool(call.args)))
        return ctx.default_return_type

    def _check_constructor(self, ctx: FunctionContext) -> Type:
        with analysis_guard(RULE.code, ctx.api, ctx.context):
            call = ctx.context
            created = get_proper_type(ctx.default_return_type)
            if isinstance(call, CallExpr) and isinstance(created, Instance):
                callee = dotted_name(call.callee, calls=True) or created.type.name
                self._report(ctx.api, call, created.type, f"{callee}({'...' if call.args else ''})")
        return ctx.default_return_type

    def _report(self, api: object, call: CallExpr, receiver: TypeInfo, text: str) -> None:
        if not isinstance(api, TypeChecker):
            return
        if not checker_applies(api, RULE):
            return
        function = _enclosing_coroutine(api)
        if function is None or function.name in LIFESPAN_NAMES:
            return
        awaited, async_receivers = _awaited(function)
        if id(call) in awaited or _receiver_key(call) in async_receivers:
            return  # treated as an async client: the annotation is what is wrong
        found = self.client_of(receiver)
        if found is None:
            return
        base, client = found
        display = client.display if base is receiver else f"{receiver.name} (a {client.display})"
        if isinstance(function, FuncDef) and route_decorator(api, function) is not None:
            fix = f"use {client.alternative}, a sync 'def' route, or 'await asyncio.to_thread(...)'"
        else:
            fix = f"use {client.alternative} or run it with 'await asyncio.to_thread(...)'"
        message = RULE.format(call=text, client=display, function=function.name, fix=fix)
        report_in_checker(api, RULE, message, call)


# -- helpers -----------------------------------------------------------------------------------


def _receiver_class(receiver: Type, returned: Type) -> TypeInfo | None:
    """The class of an instance receiver; for a class receiver, only when the call returns a client."""
    proper = get_proper_type(receiver)
    if isinstance(proper, Instance):
        return proper.type
    is_class = isinstance(proper, TypeType) or (isinstance(proper, CallableType) and proper.is_type_obj())
    created = get_proper_type(returned)
    return created.type if is_class and isinstance(created, Instance) else None


_AWAITED: dict[int, tuple[FuncItem, frozenset[int], frozenset[str]]] = {}


def _receiver_key(call: CallExpr) -> str | None:
    """``db`` for ``db.exec(q)``, ``self.db`` for ``self.db.add(x)``: how the receiver is written."""
    callee = call.callee
    if not isinstance(callee, MemberExpr):
        return None
    return dotted_name(callee.expr, calls=True)


def _awaited(function: FuncItem) -> tuple[frozenset[int], frozenset[str]]:
    """The calls ``function`` awaits (``id``\\s) and the receivers of awaited method calls (a
    receiver whose calls are awaited is used as an async client everywhere in the function).
    Cached per function node, checked by identity."""
    cached = _AWAITED.get(id(function))
    if cached is None or cached[0] is not function:
        calls = [
            node.expr
            for node in walk_body(function)
            if isinstance(node, AwaitExpr) and isinstance(node.expr, CallExpr)
        ]
        receivers = {_receiver_key(call) for call in calls}
        receivers.discard(None)
        cached = _AWAITED[id(function)] = (
            function,
            frozenset(id(call) for call in calls),
            frozenset(key for key in receivers if key is not None),
        )
    return cached[1], cached[2]


def _enclosing_coroutine(api: TypeChecker) -> FuncItem | None:
    """The ``async def`` whose body is being checked, if the innermost scope is one."""
    innermost = api.scope.stack[-1]
    if isinstance(innermost, FuncItem) and not isinstance(innermost, LambdaExpr) and innermost.is_coroutine:
        return innermost
    return None


def _method_text(callee: MemberExpr, has_args: bool) -> str:
    receiver = dotted_name(callee.expr, calls=True)
    if receiver is None or len(receiver) > _MAX_TEXT_LEN:
        receiver = "..."
    return f"{receiver}.{callee.name}({'...' if has_args else ''})"

"""PX5 - FastAPI services."""

from __future__ import annotations

from pyexpert_core.catalog import Checker, Overlap, Resolution, Rule, RuleOption, StandardItem
from pyexpert_core.roles import APP_ONLY

__all__ = ["Checker", "Rule", "RuleOption", "StandardItem"]

# -- PX501 route-returns-dict, PX503 client-per-request, PX504 uncached-settings,
# -- PX505 on-event-handler (flake8) -----------------------------------------------------------

_FASTAPI_DOCS = "https://fastapi.tiangolo.com"

ROUTE_RETURNS_DICT = Rule(
    code="PX501",
    name="route-returns-dict",
    summary="A route handler returns an unmodeled dict",
    message=(
        "Route '{function}' returns an unmodeled dict ({kind}); "
        "declare a Pydantic response_model= or return a Pydantic model"
    ),
    rationale=(
        "A route that returns a dict literal has no declared response: the OpenAPI schema says "
        "nothing about the body, FastAPI validates and filters nothing (a key added to the dict "
        "goes straight to the client, a `hashed_password` included), and clients are generated "
        "against `{}`. A response model (`response_model=`, or a Pydantic return annotation) "
        "documents the contract, validates the output and filters it to the declared fields.\n\n"
        "Flagged: a route handler (a function decorated with `X.get/post/put/patch/delete/head/"
        "options/trace/api_route(...)` of a FastAPI app or router) without `response_model=`, "
        "whose return annotation is missing or a dict type (`dict`, `dict[str, Any]`, `Dict`, "
        "`Mapping`, `MutableMapping`, optionally `Optional`/`Annotated`/a string), and whose own "
        "body (not a nested function) returns a dict display or a `dict(...)` call; reported "
        "once per handler, at its first such `return`. Not flagged: handlers with "
        "`response_model=` (even `None`) or `response_class=`, a `Response` return annotation "
        "(or any other non-dict annotation: a model, a `TypedDict`), `status_code=204`, "
        "`include_in_schema=False`, websocket handlers, `HEAD`-only routes (no body), dict "
        "comprehensions, an empty dict (`{}`, `dict()`) returned by a `GET` route (the empty "
        "case of what it serves; a write's `{}` is an acknowledgement, which `status_code=204` "
        "states), a display that only unpacks other dicts (`{**upstream}`: a copy of "
        "data the handler received, not a literal record), and dicts passed as arguments "
        "(`JSONResponse(content={...})`). A `dict[str, str]` annotation is a response "
        "model to FastAPI, but not a Pydantic one: the message says the dict is unmodeled. "
        "Returning dicts from ordinary functions is PX104's; this rule owns the return of a "
        "route handler (PX102 and PX104 stay silent there)."
    ),
    bad=(
        "from fastapi import FastAPI\n"
        "\n"
        "app = FastAPI()\n"
        "\n"
        "\n"
        "@app.get(\"/users/{user_id}\")\n"
        "def read_user(user_id: int):\n"
        "    return {\"id\": user_id, \"name\": \"ada\"}\n"
    ),
    good=(
        "from fastapi import FastAPI\n"
        "from pydantic import BaseModel\n"
        "\n"
        "app = FastAPI()\n"
        "\n"
        "\n"
        "class UserRead(BaseModel):\n"
        "    id: int\n"
        "    name: str\n"
        "\n"
        "\n"
        "@app.get(\"/users/{user_id}\")\n"
        "def read_user(user_id: int) -> UserRead:\n"
        "    return UserRead(id=user_id, name=\"ada\")\n"
    ),
    checker=Checker.FLAKE8,
    standard=StandardItem.FASTAPI,
    applies_to=APP_ONLY,
    references=(
        _FASTAPI_DOCS + "/tutorial/response-model/",
        _FASTAPI_DOCS + "/advanced/response-directly/",
    ),
)

CLIENT_PER_REQUEST = Rule(
    code="PX503",
    name="client-per-request",
    summary="A client, engine or connection pool is created on every request",
    message=(
        "'{function}' calls {call}() on every request; "
        "create it once (lifespan, module scope or a cached factory) and reuse it"
    ),
    rationale=(
        "HTTP clients, database engines and connection pools exist to be reused: they hold "
        "connection pools, TLS sessions and DNS caches. Created in a route handler or in a "
        "dependency, they are built and torn down on every request: each request pays a new TCP "
        "and TLS handshake, keep-alive never helps, and under load the process runs out of "
        "sockets or database connections. Create the object once, in the `lifespan` (store it "
        "on `app.state`), at module scope, or in an `@lru_cache`d factory, and hand it to the "
        "routes.\n\n"
        "Flagged, through any import alias: calls of `httpx.AsyncClient`, `httpx.Client`, "
        "`aiohttp.ClientSession`, `create_engine` (`sqlalchemy`, `sqlmodel`), "
        "`create_async_engine` (`sqlalchemy.ext.asyncio`), `redis.asyncio.Redis`, "
        "`redis.asyncio.Redis.from_url`, `redis.asyncio.from_url` and `asyncpg.create_pool`, "
        "directly in the body of a route handler or of a function that the module passes to "
        "`Depends(...)`/`Security(...)`. Not flagged: functions decorated with `functools."
        "lru_cache`/`cache` (or `async_lru.alru_cache`, `cachetools.cached`, `aiocache.cached`), "
        "lifespan functions, websocket handlers (a client per connection lives as long as the "
        "client's session, not one request), module scope, a result stored for reuse (assigned "
        "to an attribute "
        "such as `app.state.http`, a subscript, or a `global` name: a lazily created "
        "singleton), functions nested in a handler (a factory), and dependencies defined in "
        "another module (the rule sees one module at a time)."
    ),
    bad=(
        "import httpx\n"
        "from fastapi import FastAPI\n"
        "\n"
        "app = FastAPI()\n"
        "\n"
        "\n"
        "@app.get(\"/weather/{city}\")\n"
        "async def weather(city: str) -> str:\n"
        "    async with httpx.AsyncClient(base_url=\"https://weather.example.com\") as client:\n"
        "        response = await client.get(f\"/{city}\")\n"
        "    return response.text\n"
    ),
    good=(
        "from collections.abc import AsyncIterator\n"
        "from contextlib import asynccontextmanager\n"
        "\n"
        "import httpx\n"
        "from fastapi import FastAPI, Request\n"
        "\n"
        "\n"
        "@asynccontextmanager\n"
        "async def lifespan(app: FastAPI) -> AsyncIterator[None]:\n"
        "    async with httpx.AsyncClient(base_url=\"https://weather.example.com\") as client:\n"
        "        app.state.http = client\n"
        "        yield\n"
        "\n"
        "\n"
        "app = FastAPI(lifespan=lifespan)\n"
        "\n"
        "\n"
        "@app.get(\"/weather/{city}\")\n"
        "async def weather(city: str, request: Request) -> str:\n"
        "    client: httpx.AsyncClient = request.app.state.http\n"
        "    response = await client.get(f\"/{city}\")\n"
        "    return response.text\n"
    ),
    checker=Checker.FLAKE8,
    standard=StandardItem.FASTAPI,
    applies_to=APP_ONLY,
    references=(
        "https://www.python-httpx.org/advanced/clients/#why-use-a-client",
        _FASTAPI_DOCS + "/advanced/events/#lifespan",
        "https://docs.sqlalchemy.org/en/20/core/connections.html#basic-usage",
    ),
)

UNCACHED_SETTINGS = Rule(
    code="PX504",
    name="uncached-settings",
    summary="A settings dependency builds a new BaseSettings instance on every request",
    message=(
        "'{function}' builds a new {settings} on every call and is {usage}; "
        "decorate it with @functools.lru_cache"
    ),
    rationale=(
        "Instantiating a `BaseSettings` class reads and validates the environment (and the "
        "`.env` file, from disk) every time. A function that returns `Settings()` and is used "
        "as a dependency or called from a route does that on every request: wasted work, and "
        "settings that change under a running process when the file changes. FastAPI's "
        "documented pattern is `@lru_cache def get_settings() -> Settings: return Settings()`, "
        "which also keeps `app.dependency_overrides` working in tests.\n\n"
        "Flagged: a function (not a method) that returns a new instance of a settings class "
        "(`return Settings(...)`, or a local name assigned `Settings(...)` in its body and "
        "returned) and that the module passes to `Depends(...)`/`Security(...)` or calls "
        "directly in a route handler's body, when it is not decorated with `functools."
        "lru_cache`/`functools.cache` (through any alias, with or without arguments). A settings "
        "class is a class of the module whose bases include `pydantic_settings.BaseSettings` "
        "(or pydantic v1's), or another such class of the module, or an imported class named "
        "`*Settings`. For an imported class the module cannot see the bases, so the rule "
        "decides by name: a class whose name ends in `Settings`; anything else imported "
        "(`Config`, `AppConfig`) is not flagged. Not flagged: cached functions, functions used "
        "neither as dependencies nor in routes, and functions returning a settings object they "
        "did not create."
    ),
    bad=(
        "from typing import Annotated\n"
        "\n"
        "from fastapi import Depends, FastAPI\n"
        "from pydantic_settings import BaseSettings\n"
        "\n"
        "\n"
        "class Settings(BaseSettings):\n"
        "    app_name: str = \"heroes\"\n"
        "\n"
        "\n"
        "def get_settings() -> Settings:\n"
        "    return Settings()\n"
        "\n"
        "\n"
        "app = FastAPI()\n"
        "\n"
        "\n"
        "@app.get(\"/info\")\n"
        "def info(settings: Annotated[Settings, Depends(get_settings)]) -> str:\n"
        "    return settings.app_name\n"
    ),
    good=(
        "from functools import lru_cache\n"
        "from typing import Annotated\n"
        "\n"
        "from fastapi import Depends, FastAPI\n"
        "from pydantic_settings import BaseSettings\n"
        "\n"
        "\n"
        "class Settings(BaseSettings):\n"
        "    app_name: str = \"heroes\"\n"
        "\n"
        "\n"
        "@lru_cache\n"
        "def get_settings() -> Settings:\n"
        "    return Settings()\n"
        "\n"
        "\n"
        "app = FastAPI()\n"
        "\n"
        "\n"
        "@app.get(\"/info\")\n"
        "def info(settings: Annotated[Settings, Depends(get_settings)]) -> str:\n"
        "    return settings.app_name\n"
    ),
    checker=Checker.FLAKE8,
    standard=StandardItem.FASTAPI,
    applies_to=APP_ONLY,
    references=(_FASTAPI_DOCS + "/advanced/settings/#creating-the-settings-only-once-with-lru_cache",),
)

ON_EVENT_HANDLER = Rule(
    code="PX505",
    name="on-event-handler",
    summary="A startup/shutdown event handler instead of a lifespan context manager",
    message=(
        "{call} registers a '{event}' event handler, which is deprecated; "
        "move the code into a lifespan context manager passed as lifespan="
    ),
    rationale=(
        "`@app.on_event(\"startup\")`/`(\"shutdown\")` and `add_event_handler` are deprecated "
        "in FastAPI and Starlette in favour of a `lifespan` async context manager. With event "
        "handlers, what startup creates and shutdown releases live in two functions that share "
        "state through globals; nothing guarantees shutdown runs for what startup did, and once "
        "an app has a `lifespan`, its event handlers are silently ignored. A lifespan keeps "
        "setup and teardown in one function (`async with` the resources, `yield`), and can hand "
        "state to requests.\n\n"
        "Flagged: `X.on_event(...)` (as a decorator or called) and `X.add_event_handler(...)`, "
        "where `X` is a FastAPI/APIRouter/Starlette receiver (the module imports fastapi or "
        "starlette, or `X` is an app/router created in it or from-imported as `app`/`router`). "
        "Not flagged: `lifespan=` functions, `on_startup=`/`on_shutdown=` constructor arguments "
        "(also deprecated, but not this rule's pattern), methods named `on_event` on "
        "objects in modules that use neither framework, and calls inside a function itself "
        "named `on_event`/`add_event_handler` (a wrapper forwarding to the app)."
    ),
    bad=(
        "from fastapi import FastAPI\n"
        "\n"
        "app = FastAPI()\n"
        "\n"
        "\n"
        "@app.on_event(\"startup\")\n"
        "async def startup() -> None:\n"
        "    app.state.ready = True\n"
    ),
    good=(
        "from collections.abc import AsyncIterator\n"
        "from contextlib import asynccontextmanager\n"
        "\n"
        "from fastapi import FastAPI\n"
        "\n"
        "\n"
        "@asynccontextmanager\n"
        "async def lifespan(app: FastAPI) -> AsyncIterator[None]:\n"
        "    app.state.ready = True\n"
        "    yield\n"
        "    app.state.ready = False\n"
        "\n"
        "\n"
        "app = FastAPI(lifespan=lifespan)\n"
    ),
    checker=Checker.FLAKE8,
    standard=StandardItem.FASTAPI,
    applies_to=APP_ONLY,
    references=(
        _FASTAPI_DOCS + "/advanced/events/",
        "https://www.starlette.io/lifespan/",
    ),
    overlaps=(
        Overlap(
            tool="mypy",
            code="deprecated",
            resolution=Resolution.PRESET_EXCLUDES,
            reason=(
                "FastAPI marks `on_event` `@deprecated`, so mypy's `deprecated` reports the same "
                "decorator. PX505 stays: it says what to write instead (a lifespan) and needs no "
                "types. `pyexpert preset mypy` excludes `on_event` from `deprecated` with "
                "`deprecated_calls_exclude`."
            ),
            excluded=("fastapi.applications.FastAPI.on_event", "fastapi.routing.APIRouter.on_event"),
        ),
    ),
)

# -- PX502 route-exposes-table-model (mypy) ----------------------------------------------------

ROUTE_EXPOSES_TABLE_MODEL = Rule(
    code="PX502",
    name="route-exposes-table-model",
    summary="A route's response type is a SQLModel table=True class, which exposes every column",
    message=(
        "Route '{handler}' exposes table model '{model}' through its {source}; "
        "return a read model instead (e.g. response_model={model}Read)"
    ),
    rationale=(
        "A SQLModel class with `table=True` is the database row: every column, including the ones "
        "that must never leave the server (`hashed_password`, internal flags, foreign keys). When "
        "it is a route's response type, FastAPI serialises all of them into the response and the "
        "OpenAPI schema, and adding a column later silently adds it to the API. Declare a read "
        "model (`HeroRead(HeroBase)` without the secret columns) as `response_model=` or as the "
        "return annotation; returning the table object from the handler is then fine, FastAPI "
        "filters it through the read model.\n\n"
        "The response type is `response_model=` when it is given, else the handler's return "
        "annotation (for `async def`, the awaited type). Flagged: a table model (or a subclass "
        "of one), or a `list`/`Sequence`/`Iterable`/`tuple`/`set` of one, or an `Optional`/union "
        "containing one, on routes declared with `get/post/put/patch/delete/head/options/trace/"
        "api_route` of a `FastAPI` or `APIRouter` instance (subclasses and routers imported from "
        "other modules included). Not flagged: `table=False` models, `response_model=None`, "
        "a read model in `response_model=` whatever the return annotation says, websocket "
        "routes, routes whose `response_model` comes from a `**kwargs` spread, and routes "
        "registered with `add_api_route`. Reported at the route decorator; a handler registered "
        "under several routes whose response type is its return annotation is one mistake, "
        "reported once, at its first route."
    ),
    bad=(
        "from fastapi import FastAPI\n"
        "from sqlmodel import Field, SQLModel\n"
        "\n"
        "app = FastAPI()\n"
        "\n"
        "\n"
        "class Hero(SQLModel, table=True):\n"
        "    id: int | None = Field(default=None, primary_key=True)\n"
        "    name: str\n"
        "    hashed_password: str\n"
        "\n"
        "\n"
        '@app.get("/heroes/{hero_id}")\n'
        "def read_hero(hero_id: int) -> Hero:\n"
        '    return Hero(id=hero_id, name="Deadpond", hashed_password="...")\n'
    ),
    good=(
        "from fastapi import FastAPI\n"
        "from sqlmodel import Field, SQLModel\n"
        "\n"
        "app = FastAPI()\n"
        "\n"
        "\n"
        "class HeroBase(SQLModel):\n"
        "    name: str\n"
        "\n"
        "\n"
        "class Hero(HeroBase, table=True):\n"
        "    id: int | None = Field(default=None, primary_key=True)\n"
        "    hashed_password: str\n"
        "\n"
        "\n"
        "class HeroRead(HeroBase):\n"
        "    id: int\n"
        "\n"
        "\n"
        '@app.get("/heroes/{hero_id}", response_model=HeroRead)\n'
        "def read_hero(hero_id: int) -> Hero:\n"
        '    return Hero(id=hero_id, name="Deadpond", hashed_password="...")\n'
    ),
    checker=Checker.MYPY,
    standard=StandardItem.FASTAPI,
    applies_to=APP_ONLY,
    references=(
        _FASTAPI_DOCS + "/tutorial/sql-databases/#create-multiple-models",
        _FASTAPI_DOCS + "/tutorial/response-model/",
        "https://sqlmodel.tiangolo.com/tutorial/fastapi/multiple-models/",
    ),
)

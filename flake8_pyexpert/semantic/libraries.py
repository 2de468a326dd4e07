"""The qualified names of library APIs the flake8 rules recognise, each written once.

Names are spelled as an import resolves them (``pydantic.BaseModel``, and the defining module's
spelling ``pydantic.main.BaseModel`` too, since a file may import either). The rules and the
semantic model compare :meth:`SemanticModel.resolve` results against these sets; nothing else in
the flake8 plugin writes a library's qualified name.
"""

from __future__ import annotations

import builtins
from typing import Final

__all__ = [
    "ANNOTATED_NAMES",
    "APP_TYPES",
    "ASYNC_CONTEXT_MANAGERS",
    "BUILTIN_NAMES",
    "CACHE_DECORATORS",
    "DEPENDS_NAMES",
    "DICT_TYPE_NAMES",
    "FASTAPI_PARAM_FUNCTIONS",
    "FIELD_FACTORIES",
    "HTTP_EXCEPTIONS",
    "MIDDLEWARE_BASES",
    "OPTIONAL_NAMES",
    "OTHER_WEB_FRAMEWORKS",
    "PYDANTIC_MODEL_BASES",
    "ROUTE_METHODS",
    "ROUTE_RECEIVER_TYPES",
    "SERIALIZER_DECORATORS",
    "SETTINGS_BASES",
    "TYPED_DICT_BASES",
    "UNION_NAMES",
]

BUILTIN_NAMES: Final = frozenset(dir(builtins))

#: ``BaseSettings`` of pydantic-settings and of pydantic v1.
SETTINGS_BASES: Final = frozenset(
    {
        "pydantic_settings.BaseSettings",
        "pydantic_settings.main.BaseSettings",
        "pydantic.BaseSettings",
        "pydantic.env_settings.BaseSettings",
        "pydantic.v1.BaseSettings",
        "pydantic.v1.env_settings.BaseSettings",
    }
)

#: The bases that make a class a *pydantic model class* (RULES: "Pydantic model class").
PYDANTIC_MODEL_BASES: Final = SETTINGS_BASES | frozenset(
    {
        "pydantic.BaseModel",
        "pydantic.main.BaseModel",
        "pydantic.RootModel",
        "pydantic.root_model.RootModel",
        "pydantic.generics.GenericModel",
        "pydantic.v1.BaseModel",
        "sqlmodel.SQLModel",
        "sqlmodel.main.SQLModel",
    }
)

TYPED_DICT_BASES: Final = frozenset({"typing.TypedDict", "typing_extensions.TypedDict"})

ROUTE_METHODS: Final = frozenset(
    {"get", "post", "put", "patch", "delete", "head", "options", "trace", "api_route", "websocket"}
)

ROUTE_RECEIVER_TYPES: Final = frozenset(
    {"fastapi.FastAPI", "fastapi.applications.FastAPI", "fastapi.APIRouter", "fastapi.routing.APIRouter"}
)

#: Apps and routers whose constructor takes ``lifespan=`` (FastAPI's and Starlette's).
APP_TYPES: Final = ROUTE_RECEIVER_TYPES | frozenset({"starlette.applications.Starlette", "starlette.routing.Router"})

_FASTAPI_PARAM_MODULES: Final = ("fastapi", "fastapi.params", "fastapi.param_functions")

#: ``Depends``/``Security`` (the dependency-injection markers).
DEPENDS_NAMES: Final = frozenset(
    f"{module}.{name}" for module in _FASTAPI_PARAM_MODULES for name in ("Depends", "Security")
)

#: The FastAPI parameter functions (``Query(...)`` and friends), ``Depends`` included.
FASTAPI_PARAM_FUNCTIONS: Final = frozenset(
    f"{module}.{name}"
    for module in _FASTAPI_PARAM_MODULES
    for name in ("Depends", "Security", "Header", "Query", "Path", "Cookie", "Body", "Form", "File")
)

HTTP_EXCEPTIONS: Final = frozenset(
    {"fastapi.HTTPException", "fastapi.exceptions.HTTPException", "starlette.exceptions.HTTPException"}
)

MIDDLEWARE_BASES: Final = frozenset({"starlette.middleware.base.BaseHTTPMiddleware"})
ASYNC_CONTEXT_MANAGERS: Final = frozenset({"contextlib.asynccontextmanager"})

#: Top-level packages of web frameworks whose apps also have ``.get``/``.post`` decorators.
OTHER_WEB_FRAMEWORKS: Final = (
    "flask", "quart", "sanic", "litestar", "starlite", "bottle", "django", "falcon", "aiohttp.web",
    "blacksheep", "robyn", "tornado", "pyramid", "connexion", "chalice", "apiflask",
)

#: Qualified names of the typing constructs annotation-reading rules see through.
OPTIONAL_NAMES: Final = frozenset({"typing.Optional", "typing_extensions.Optional"})
UNION_NAMES: Final = frozenset({"typing.Union", "typing_extensions.Union"})
ANNOTATED_NAMES: Final = frozenset({"typing.Annotated", "typing_extensions.Annotated"})

#: Annotations that make a value a dict (PX501): a dict or mapping, bare or subscripted.
DICT_TYPE_NAMES: Final = frozenset(
    {"builtins.dict"}
    | {f"{mod}.{name}" for mod in ("typing", "typing_extensions") for name in ("Dict", "Mapping", "MutableMapping")}
    | {f"collections.abc.{name}" for name in ("Mapping", "MutableMapping")}
)

#: Decorators that make a function build its result once (called or bare).
CACHE_DECORATORS: Final = frozenset(
    {
        "functools.lru_cache",
        "functools.cache",
        "async_lru.alru_cache",
        "cachetools.cached",
        "cachetools.func.lru_cache",
        "cachetools.func.ttl_cache",
        "aiocache.cached",
    }
)

#: Calls whose ``default_factory=``/``factory=`` argument is what the bound value is made by.
FIELD_FACTORIES: Final = frozenset(
    {"dataclasses.field", "attr.ib", "attr.attrib", "attr.field", "attrs.field", "pydantic.Field",
     "pydantic.PrivateAttr"}
)

#: Pydantic's serializer decorators: the functions they decorate return raw data by contract.
SERIALIZER_DECORATORS: Final = frozenset(
    f"{module}.{name}"
    for module in ("pydantic", "pydantic.functional_serializers")
    for name in ("model_serializer", "field_serializer")
)

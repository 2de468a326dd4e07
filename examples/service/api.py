"""The teams API: an APIRouter with the FastAPI mistakes of PX5, each fixed.

``router`` is served by two small apps: ``legacy_app`` opens its HTTP client
in a startup event handler, ``teams_app`` (the fixed twin) in a ``lifespan``.
Run the fixed one with ``uvicorn service.api:teams_app`` from ``examples/``.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

import httpx
from fastapi import APIRouter, Depends, FastAPI, Request
from pydantic import BaseModel

from .app import handle_service_error
from .errors import ServiceError
from .settings import Settings, get_settings
from .teams import get_team_members, team_members


class Health(BaseModel):
    status: str
    service: str


class TeamRead(BaseModel):
    name: str
    members: list[str]


def settings_per_request() -> Settings:  # expect: PX504
    return Settings()


def get_http(request: Request) -> httpx.AsyncClient:
    http: httpx.AsyncClient = request.app.state.http
    return http


SettingsDep = Annotated[Settings, Depends(get_settings)]
HttpDep = Annotated[httpx.AsyncClient, Depends(get_http)]

router = APIRouter(prefix="/teams", tags=["teams"])


@router.get("/health")
def health() -> dict[str, str]:
    name = get_settings().app_name
    return {"status": "ok", "service": name}  # expect: PX501


# Fixed: a response model documents the body in OpenAPI and filters it.
@router.get("/healthz")
def healthz(settings: SettingsDep) -> Health:
    return Health(status="ok", service=settings.app_name)


@router.get("/{name}")
def read_team(
    name: str,
    settings: Annotated[Settings, Depends(settings_per_request)],
) -> TeamRead:
    return TeamRead(name=name, members=team_members(name))


# Fixed: the settings come from the lru_cache'd get_settings(), and the
# service raises a domain error that app.py maps to 404.
@router.get("/{name}/members")
def read_members(name: str, settings: SettingsDep) -> TeamRead:
    return TeamRead(name=name, members=get_team_members(name))


@router.get("/{name}/avatar")
async def team_avatar(name: str, settings: SettingsDep) -> str:
    base_url = settings.profile_api_url
    async with httpx.AsyncClient(base_url=base_url) as http:  # expect: PX503
        response = await http.get(f"/avatars/{name}")
    return response.text


# Fixed: one client for the whole process, opened by the lifespan below.
@router.get("/{name}/logo")
async def team_logo(name: str, http: HttpDep) -> str:
    response = await http.get(f"/avatars/{name}")
    return response.text


legacy_app = FastAPI()
legacy_app.include_router(router)
legacy_app.exception_handler(ServiceError)(handle_service_error)


# FastAPI marks on_event deprecated too; mypy.ini excludes it from `deprecated` (as
# `pyexpert preset mypy` does), so this line shows PX505 only.
@legacy_app.on_event("startup")  # expect: PX505
async def open_http_client() -> None:
    url = get_settings().profile_api_url
    legacy_app.state.http = httpx.AsyncClient(base_url=url)


# Fixed: the lifespan opens the client and closes it on shutdown.
@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    url = get_settings().profile_api_url
    async with httpx.AsyncClient(base_url=url) as http:
        app.state.http = http
        yield


teams_app = FastAPI(lifespan=lifespan)
teams_app.include_router(router)
# app.py's mapping of domain errors to responses, as in the main app.
teams_app.exception_handler(ServiceError)(handle_service_error)

"""The FastAPI application: ``uvicorn service.app:app`` from ``examples/``."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from .db import create_db_and_tables, get_engine
from .errors import ServiceError
from .events import Outbox
from .gateways import ProfileClient
from . import jobs, reports, users_api
from .routes import router
from .settings import get_settings


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings = get_settings()
    create_db_and_tables(get_engine())
    headers = {"Authorization": settings.profile_api_key.get_secret_value()}
    async with httpx.AsyncClient(
        base_url=settings.profile_api_url, headers=headers, timeout=5.0
    ) as http:
        app.state.profiles = ProfileClient(http)
        app.state.outbox = Outbox()
        yield


app = FastAPI(title=get_settings().app_name, lifespan=lifespan)
app.include_router(router)
for module in (jobs, reports, users_api):
    app.include_router(module.router)


@app.exception_handler(ServiceError)
async def handle_service_error(
    request: Request, exc: ServiceError
) -> JSONResponse:
    return JSONResponse(
        status_code=exc.status_code, content={"detail": str(exc)}
    )

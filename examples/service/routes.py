"""HTTP endpoints. Thin: parse, call the service layer, return read models.

Routes that use the (synchronous) database session are plain ``def``: FastAPI
runs them in its thread pool, so they never block the event loop.
"""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, status

from . import repository, service
from .db import SessionDep
from .events import Outbox
from .gateways import ProfileClient
from .models import (
    HeroCreate,
    HeroRead,
    HeroUpdate,
    Profile,
    UserCreate,
    UserRead,
)


def get_outbox(request: Request) -> Outbox:
    outbox: Outbox = request.app.state.outbox
    return outbox


def get_profile_client(request: Request) -> ProfileClient:
    client: ProfileClient = request.app.state.profiles
    return client


OutboxDep = Annotated[Outbox, Depends(get_outbox)]
ProfilesDep = Annotated[ProfileClient, Depends(get_profile_client)]
Offset = Annotated[int, Query(ge=0)]
Limit = Annotated[int, Query(ge=1, le=100)]

router = APIRouter()


@router.post(
    "/users", response_model=UserRead, status_code=status.HTTP_201_CREATED
)
def register_user(
    data: UserCreate, session: SessionDep, outbox: OutboxDep
) -> UserRead:
    return service.register_user(session, outbox, data)


@router.get("/users", response_model=list[UserRead])
def list_users(
    session: SessionDep, offset: Offset = 0, limit: Limit = 50
) -> list[UserRead]:
    users = repository.list_users(session, offset, limit)
    return [UserRead.model_validate(user) for user in users]


@router.get("/users/recent", response_model=list[UserRead])
def recent_signups(session: SessionDep, since: datetime) -> list[UserRead]:
    return repository.recent_signups(session, since)


@router.get("/profiles/{email}", response_model=Profile)
async def read_profile(email: str, profiles: ProfilesDep) -> Profile:
    return await profiles.fetch_profile(email)


@router.post(
    "/heroes", response_model=HeroRead, status_code=status.HTTP_201_CREATED
)
def create_hero(
    hero: HeroCreate, session: SessionDep, outbox: OutboxDep
) -> HeroRead:
    return service.create_hero(session, outbox, hero)


@router.post("/heroes/import", status_code=status.HTTP_202_ACCEPTED)
def import_heroes(heroes: list[HeroCreate], session: SessionDep) -> int:
    return service.import_heroes(session, heroes)


@router.get("/heroes", response_model=list[HeroRead])
def list_heroes(
    session: SessionDep, offset: Offset = 0, limit: Limit = 50
) -> list[HeroRead]:
    heroes = repository.list_heroes(session, offset, limit)
    return [HeroRead.model_validate(hero) for hero in heroes]


@router.get("/heroes/{hero_id}", response_model=HeroRead)
def read_hero(hero_id: int, session: SessionDep) -> HeroRead:
    return HeroRead.model_validate(service.get_hero(session, hero_id))


@router.patch("/heroes/{hero_id}", response_model=HeroRead)
def update_hero(
    hero_id: int, patch: HeroUpdate, session: SessionDep, outbox: OutboxDep
) -> HeroRead:
    return service.update_hero(session, outbox, hero_id, patch)


@router.delete("/heroes/{hero_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_hero(hero_id: int, session: SessionDep, outbox: OutboxDep) -> None:
    service.delete_hero(session, outbox, hero_id)

"""Hero reports: async routes as teams write them when they "go async".

An ``async def`` route runs on the event loop itself. With the synchronous
SQLModel ``Session`` every query then blocks the loop, and all the other
requests of the worker wait for it (PX301). The fixed twins show the ways
out: a plain ``def`` route (FastAPI runs it in its thread pool), or the
blocking work moved to a thread with ``run_in_threadpool`` or
``asyncio.to_thread``. (A fully async stack would use SQLModel's
``AsyncSession`` on an async engine.)
"""

import asyncio

from fastapi import APIRouter
from sqlmodel import Session, col, func, select
from sqlmodel.sql.expression import SelectOfScalar
from starlette.concurrency import run_in_threadpool

from . import repository
from .db import SessionDep
from .models import Hero, HeroRead

router = APIRouter(prefix="/reports")


def count_query() -> SelectOfScalar[int]:
    return select(func.count()).select_from(Hero)


def oldest_query(limit: int) -> SelectOfScalar[Hero]:
    age = col(Hero.age)
    query = select(Hero).where(age.is_not(None)).order_by(age.desc())
    return query.limit(limit)


def oldest_heroes(session: Session, limit: int) -> list[HeroRead]:
    heroes = session.exec(oldest_query(limit)).all()
    return [HeroRead.model_validate(hero) for hero in heroes]


# -- as first written: async routes on the sync Session ---------------------


@router.get("/heroes/count")
async def hero_count(session: SessionDep) -> int:
    return session.exec(count_query()).one()  # expect: PX301


@router.get("/heroes/oldest")
async def oldest(session: SessionDep, limit: int = 10) -> list[HeroRead]:
    heroes = session.exec(oldest_query(limit)).all()  # expect: PX301
    return [HeroRead.model_validate(hero) for hero in heroes]


# -- fixed ------------------------------------------------------------------


@router.get("/v2/heroes/count")
def hero_count_fixed(session: SessionDep) -> int:
    # a sync route: FastAPI runs it in its thread pool
    return session.exec(count_query()).one()


@router.get("/v2/heroes/oldest")
async def oldest_fixed(
    session: SessionDep, limit: int = 10
) -> list[HeroRead]:
    return await run_in_threadpool(oldest_heroes, session, limit)


@router.get("/v2/heroes/page")
async def hero_page(
    session: SessionDep, offset: int = 0, limit: int = 20
) -> list[HeroRead]:
    heroes = await asyncio.to_thread(
        repository.list_heroes, session, offset, limit
    )
    return [HeroRead.model_validate(hero) for hero in heroes]

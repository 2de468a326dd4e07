"""The engine (created once) and the per-request session dependency."""

from collections.abc import Iterator
from functools import lru_cache
from typing import Annotated

from fastapi import Depends
from sqlalchemy import Engine
from sqlmodel import Session, SQLModel, create_engine

from .settings import get_settings


@lru_cache
def get_engine() -> Engine:
    settings = get_settings()
    # FastAPI runs sync routes in a thread pool: SQLite must allow that.
    sqlite = settings.database_url.startswith("sqlite")
    connect_args = {"check_same_thread": False} if sqlite else {}
    return create_engine(
        settings.database_url,
        echo=settings.echo_sql,
        connect_args=connect_args,
    )


def create_db_and_tables(engine: Engine) -> None:
    SQLModel.metadata.create_all(engine)


def get_session() -> Iterator[Session]:
    with Session(get_engine()) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]

"""Business logic. Raises domain errors (errors.py), never HTTP exceptions."""

import hashlib
import logging
import secrets
from typing import Any

from sqlmodel import Session

from . import repository
from .common import JSONDict
from .errors import ConflictError, NotFoundError
from .events import Outbox
from .models import (
    Hero,
    AuditEvent,
    HeroAuditEvent,
    HeroChange,
    HeroCreate,
    HeroRead,
    HeroUpdate,
    LogContext,
    User,
    UserCreate,
    UserRead,
)
from .settings import get_settings

logger = logging.getLogger(__name__)


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    rounds = get_settings().password_hash_rounds
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, rounds)
    return f"pbkdf2_sha256${rounds}${salt.hex()}${digest.hex()}"


# -- users --------------------------------------------------------------------


# A dict literal is fine when the annotation declares its keys (a TypedDict).
def user_log_context(user: User) -> LogContext:
    return {"user_id": str(user.id), "email": user.email}


def register_user(
    session: Session, outbox: Outbox, data: UserCreate
) -> UserRead:
    if repository.get_user_by_email(session, data.email) is not None:
        raise ConflictError(f"{data.email} is already registered")
    user = User(
        email=data.email,
        full_name=data.full_name,
        hashed_password=hash_password(data.password.get_secret_value()),
    )
    repository.save(session, user)
    logger.info("user registered", extra=user_log_context(user))
    user_read = UserRead.model_validate(user)
    outbox.publish("user.registered", user_read.model_dump())  # expect: PX106
    return user_read


# -- heroes -------------------------------------------------------------------


def get_hero(session: Session, hero_id: int) -> Hero:
    hero = repository.get_hero(session, hero_id)
    if hero is None:
        raise NotFoundError(f"hero {hero_id} not found")
    return hero


def import_heroes(session: Session, heroes: list[HeroCreate]) -> int:
    for hero_in in heroes:
        data = hero_in.model_dump()
        hero = Hero(**data)  # expect: PX105
        session.add(hero)
    session.commit()
    return len(heroes)


# Fixed: model_validate validates; a table model's __init__ does not.
def create_hero(
    session: Session, outbox: Outbox, hero_in: HeroCreate
) -> HeroRead:
    hero = Hero.model_validate(hero_in)
    repository.save(session, hero)
    hero_read = HeroRead.model_validate(hero)
    outbox.publish_model("hero.created", hero_read)
    return hero_read


def patch_hero(hero: Hero, payload: dict[str, Any]) -> Hero:  # expect: PX101
    for key, value in payload.items():
        setattr(hero, key, value)
    return hero


def merge_hero(hero: Hero, changes: JSONDict) -> Hero:  # the alias's finding (PX107, in common.py)
    hero.sqlmodel_update(changes)
    return hero


# Fixed: the accepted changes are a model; only the fields sent are applied.
def update_hero(
    session: Session, outbox: Outbox, hero_id: int, patch: HeroUpdate
) -> HeroRead:
    hero = get_hero(session, hero_id)
    changes = [
        HeroChange(field=name, old=getattr(hero, name), new=value)
        for name, value in patch.model_dump(exclude_unset=True).items()
    ]
    hero.sqlmodel_update(patch.model_dump(exclude_unset=True))
    repository.save(session, hero)
    if hero.id is not None:
        event = HeroAuditEvent(
            action="hero.updated", hero_id=hero.id, changes=changes
        )
        outbox.publish_model("audit", event)
    return HeroRead.model_validate(hero)


def delete_hero(session: Session, outbox: Outbox, hero_id: int) -> None:
    hero = get_hero(session, hero_id)
    session.delete(hero)
    session.commit()
    event = AuditEvent(action="hero.deleted", metadata={"hero_id": hero_id})
    outbox.publish_model("audit", event)

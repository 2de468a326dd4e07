"""Database access. Functions take the session from their caller."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import DateTime, bindparam, text
from sqlmodel import Session, col, select

from .models import Hero, User, UserRead

_RECENT_SIGNUPS = text(
    "SELECT id, email, full_name, created_at FROM user"
    " WHERE created_at >= :since ORDER BY created_at DESC"
).bindparams(bindparam("since", type_=DateTime()))


def get_user_by_email(session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == email)).first()


def list_users(session: Session, offset: int, limit: int) -> Sequence[User]:
    query = select(User).order_by(col(User.id)).offset(offset).limit(limit)
    return session.exec(query).all()


def recent_signups(session: Session, since: datetime) -> list[UserRead]:
    result = session.connection().execute(_RECENT_SIGNUPS, {"since": since})
    users = []
    for row in result.mappings():
        row_dict = dict(row)
        users.append(UserRead(**row_dict))  # expect: PX105
    return users


# Fixed: validate each row as a whole.
def recent_signups_validated(
    session: Session, since: datetime
) -> list[UserRead]:
    result = session.connection().execute(_RECENT_SIGNUPS, {"since": since})
    return [UserRead.model_validate(dict(row)) for row in result.mappings()]


def get_hero(session: Session, hero_id: int) -> Hero | None:
    return session.get(Hero, hero_id)


def list_heroes(session: Session, offset: int, limit: int) -> Sequence[Hero]:
    query = select(Hero).order_by(col(Hero.id)).offset(offset).limit(limit)
    return session.exec(query).all()


def save(session: Session, obj: User | Hero) -> None:
    session.add(obj)
    session.commit()
    session.refresh(obj)

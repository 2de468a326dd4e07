"""Database tables (``table=True``) and the API schemas around them."""

from datetime import UTC, datetime
from typing import Any, TypedDict

from pydantic import BaseModel, ConfigDict, SecretStr
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


# -- users --------------------------------------------------------------------


class UserBase(SQLModel):
    email: str = Field(unique=True, index=True, max_length=255)
    full_name: str = Field(max_length=255)


class User(UserBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    hashed_password: str
    created_at: datetime = Field(default_factory=utcnow)


class UserCreate(UserBase):
    password: SecretStr


class PasswordChange(BaseModel):
    """The old form: plain strings, printed in full by repr(), tracebacks and log lines."""

    current_password: str  # expect: PX207
    new_password: str  # expect: PX207


# Fixed: SecretStr validates the same input and renders as '**********'.
class PasswordChangeForm(BaseModel):
    current_password: SecretStr
    new_password: SecretStr


class UserRead(UserBase):
    id: int
    created_at: datetime


# -- heroes -------------------------------------------------------------------


class HeroBase(SQLModel):
    name: str = Field(index=True, max_length=100)
    secret_name: str = Field(max_length=100)
    age: int | None = Field(default=None, ge=0, index=True)


class Hero(HeroBase, table=True):
    id: int | None = Field(default=None, primary_key=True)


class HeroCreate(HeroBase):
    pass


class HeroRead(HeroBase):
    id: int


class HeroUpdate(SQLModel):
    name: str | None = Field(default=None, max_length=100)
    secret_name: str | None = Field(default=None, max_length=100)
    age: int | None = Field(default=None, ge=0)


# -- events published to the outbox -------------------------------------------


class AuditEvent(BaseModel):
    """The original audit event: its ``metadata`` became a grab bag."""

    model_config = ConfigDict(frozen=True)

    action: str
    actor_id: int | None = None
    metadata: dict[str, Any]  # expect: PX103


# Fixed: the details get a model of their own.
class HeroChange(BaseModel):
    model_config = ConfigDict(frozen=True)

    field: str
    # required even though they may be None (Pydantic v2): say so, or PX209 asks
    old: str | int | None = Field(...)
    new: str | int | None = Field(...)


class HeroAuditEvent(BaseModel):
    model_config = ConfigDict(frozen=True)

    action: str
    hero_id: int
    changes: list[HeroChange] = []


# -- data from other systems --------------------------------------------------


class Profile(BaseModel):
    """A user profile from the external profile API."""

    display_name: str
    avatar_url: str | None = None


class LogContext(TypedDict):
    """What the service puts in a log record's ``extra``."""

    user_id: str
    email: str

"""User accounts, as written for Pydantic 1.10, before the move to Pydantic v2.

Kept as it was, to show what pyexpert reports on v1-era code: every line a
rule flags carries a ``# expect: PXnnn`` comment (see ``examples/README.md``,
"Migrating from Pydantic v1"). It is not part of the example service, nothing
imports it, and it does not run under Pydantic v2 (``from pydantic import
BaseSettings`` raises there).
"""

import datetime
from typing import Any, Dict, List, Optional

from pydantic import (
    BaseModel,
    BaseSettings,  # expect: PX206
    Field,
    constr,
    parse_obj_as,  # expect: PX206
    root_validator,
    validator,
)

# A constrained type bound to a name is not flagged: it is a value, not a call
# in an annotation.
CountryCode = constr(regex=r"^[A-Z]{2}$")


class Settings(BaseSettings):
    database_url: str = "sqlite:///./accounts.db"
    debug: bool = False

    class Config:  # expect: PX202
        env_prefix = "ACCOUNTS_"
        env_file = ".env"


class UserBase(BaseModel):
    email: str
    username: constr(min_length=3, max_length=32)  # expect: PX206
    full_name: Optional[str] = None
    nickname: Optional[str]  # expect: PX209
    tags: List[str] = []

    @validator("email", pre=True)  # expect: PX201
    def normalize_email(cls, value: Any) -> Any:
        if isinstance(value, str):
            return value.strip().lower()
        return value

    @validator("tags", each_item=True)  # expect: PX201
    def check_tag(cls, tag: str) -> str:
        if not tag.isidentifier():
            raise ValueError(f"invalid tag {tag!r}")
        return tag


class UserRead(UserBase):
    id: int
    created_at: datetime.datetime
    country: str = Field("US", regex=r"^[A-Z]{2}$")  # expect: PX205

    class Config:  # expect: PX202
        orm_mode = True  # expect: PX203
        allow_population_by_field_name = True  # expect: PX203
        allow_mutation = False  # expect: PX203


class DateRange(BaseModel):
    start: datetime.date
    end: datetime.date

    @root_validator  # expect: PX201
    def check_order(
        cls, values: Dict[str, Any]  # v1's signature: the mistake is the decorator (PX201)
    ) -> Dict[str, Any]:
        start, end = values.get("start"), values.get("end")
        if start is not None and end is not None and end < start:
            raise ValueError("end is before start")
        return values


class TagList(BaseModel):
    __root__: List[str]  # expect: PX206


def load_users(rows: List[object]) -> List[UserRead]:
    return parse_obj_as(List[UserRead], rows)  # reported once, at the import


def user_from_row(row: object) -> UserRead:
    return UserRead.from_orm(row)  # expect: PX204


def parse_user(payload: object) -> UserRead:
    return UserRead.parse_obj(payload)  # expect: PX204


def user_json(user: UserRead) -> str:
    return user.json(exclude={"created_at"})  # expect: PX204


def rename(user: UserRead, username: str) -> UserRead:
    data = user.dict()  # expect: PX204
    data["username"] = username
    return UserRead(**data)  # expect: PX105


def tag_names(tags: TagList) -> List[str]:
    return list(tags.__root__)

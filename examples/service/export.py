"""Nightly CSV export, ported from the old admin scripts.

Partly annotated: mypy.ini relaxes ``disallow_untyped_defs`` for this module
only, so mypy cannot see what ``export_row`` returns; flake8's PX104 still can.

Run with ``python -m service heroes.csv`` from ``examples/`` (``service/__main__.py``).
"""

import csv
import os
from dataclasses import asdict, dataclass

from sqlmodel import Session, select

from .db import get_engine
from .models import User
from .settings import get_settings


def export_row(user):
    return {"id": user.id, "email": user.email}  # expect: PX104


# Fixed: the row is a declared record (and the function is annotated).
@dataclass(frozen=True)
class ExportRow:
    id: int | None
    email: str


def to_export_row(user: User) -> ExportRow:
    return ExportRow(id=user.id, email=user.email)


def export_delimiter():
    return os.environ.get("HEROES_EXPORT_DELIMITER", ",")  # expect: PX208


# Fixed: the variable is a typed field of Settings, validated once at startup.
def delimiter() -> str:
    return get_settings().export_delimiter


def main(path: str) -> None:
    with Session(get_engine()) as session, open(path, "w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=["id", "email"], delimiter=delimiter())
        writer.writeheader()
        for user in session.exec(select(User)):
            writer.writerow(asdict(to_export_row(user)))

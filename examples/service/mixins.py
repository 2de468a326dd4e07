"""Mixins of the service's workers and snapshots: the mistakes teams make with them, and the fixes.

A mixin adds a few methods to the classes that list it next to their one real base. Three ways
to get one wrong (PX601-PX603, reported by flake8), each followed by its corrected twin. The
type-aware checks of the same family, PX604 and PX605, are mypy's and live in their own example.
"""

import logging
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Field, SQLModel

from service.events import Outbox


def utcnow() -> datetime:
    return datetime.now(UTC)


class Worker:
    """Base of the background workers: each one drains messages from the outbox."""

    def __init__(self, name: str, outbox: Outbox) -> None:
        self.name = name
        self.outbox = outbox

    def pending(self) -> int:
        return len(self.outbox.messages)


# -- PX601 mixin-after-base ---------------------------------------------------------------------


class LoggingMixin:
    @property
    def log(self) -> logging.Logger:
        return logging.getLogger(f"service.workers.{type(self).__name__}")


# Listed after Worker, the mixin loses to Worker (and to whatever Worker inherits later) for
# every name both define: the day Worker grows a `log`, this class silently uses that one.
class HeroRelay(Worker, LoggingMixin):  # expect: PX601
    def relay(self) -> int:
        self.log.info("relaying %d messages", self.pending())
        return self.pending()


# Fixed: mixins first, then the one concrete base.
class UserRelay(LoggingMixin, Worker):
    def relay(self) -> int:
        self.log.info("relaying %d messages", self.pending())
        return self.pending()


# -- PX602 mixin-init-not-cooperative -----------------------------------------------------------


# Never calls super().__init__(): in `class AuditedWorker(AuditMixin, Worker)`, Worker.__init__
# would never run and `self.outbox` would be missing.
class AuditMixin:
    def __init__(self) -> None:  # expect: PX602
        self.trail: list[str] = []

    def audit(self, entry: str) -> None:
        self.trail.append(entry)


# Calls super().__init__() but drops the arguments: combined with Worker, the call raises
# "missing 2 required positional arguments" as soon as the class is instantiated.
class RetryMixin:
    def __init__(self, retries: int = 3) -> None:  # expect: PX602
        super().__init__()
        self.retries = retries


# Fixed: accept *args, **kwargs, take out the keyword the mixin owns, pass the rest on.
class AuditedMixin:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.trail: list[str] = []

    def audit(self, entry: str) -> None:
        self.trail.append(entry)


class RetryingMixin:
    def __init__(self, *args: Any, retries: int = 3, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.retries = retries


class AuditedWorker(AuditedMixin, RetryingMixin, Worker):
    def drain(self) -> int:
        drained = self.pending()
        self.audit(f"{self.name} drained {drained} messages ({self.retries} retries allowed)")
        self.outbox.messages.clear()
        return drained


# -- PX603 mixin-concrete-base ------------------------------------------------------------------


# The common SQLModel idiom for shared columns. It adds fields, so it is a model: a base of the
# classes that list it, not a mixin that can go anywhere in a bases list.
class TrackedMixin(SQLModel):  # expect: PX603
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime | None = None


class HeroSnapshot(TrackedMixin):
    name: str


# Fixed: the same class named as what it is, a base model, and listed as the models' base.
class TrackedBase(SQLModel):
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime | None = None


class UserSnapshot(TrackedBase):
    email: str


# A mixin that adds behaviour only needs no base at all.
class TouchMixin:
    updated_at: datetime | None

    def touch(self) -> None:
        self.updated_at = utcnow()


class TouchableSnapshot(TouchMixin, TrackedBase):
    label: str


def run_relays(outbox: Outbox) -> list[str]:
    """Drive the corrected classes once (they are real code, not a listing)."""
    worker = AuditedWorker("audit", outbox, retries=5)
    relayed = UserRelay("users", outbox).relay()
    drained = worker.drain()
    snapshot = TouchableSnapshot(label="heroes")
    snapshot.touch()
    return [*worker.trail, f"relayed {relayed}", f"drained {drained}", f"touched {snapshot.updated_at is not None}"]

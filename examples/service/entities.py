"""Domain entities built from small classes: the mistakes only the type checker can see, and the fixes.

flake8's PX601-PX603 read one ``class`` statement at a time (see ``mixins.py``). What happens
across the whole method resolution order, bases of bases included, is mypy's: PX604 (an
``__init__`` that stops the ``super().__init__()`` chain) and PX605 (a mixin method that an
earlier class shadows). Each mistake is followed by its corrected twin.
"""

from datetime import UTC, datetime
from typing import Any


def utcnow() -> datetime:
    return datetime.now(UTC)


# -- building blocks ------------------------------------------------------------------------------


class TimestampMixin:
    """Adds ``touch()``: stamps the entity when it changes."""

    updated_at: datetime | None = None

    def touch(self) -> None:
        self.updated_at = utcnow()


class Entity(TimestampMixin):
    """Base of the domain entities: every entity is timestamped."""

    def label(self) -> str:
        return type(self).__name__


class ChangeTracker:
    """Change tracking of the persistence layer; it has a ``touch()`` of its own."""

    dirty: bool = False

    def touch(self) -> None:
        self.dirty = True


class Audited:
    """Remembers who changed the entity; cooperative: it passes every argument on."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.changed_by: list[str] = []


class Stored:
    """Where the entity is stored; its ``__init__`` forgets ``super().__init__()``."""

    def __init__(self, table: str) -> None:
        self.table = table


class CooperativeStored:
    """The same, cooperative: it takes what it owns and passes the rest on."""

    def __init__(self, *args: Any, table: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.table = table


# -- PX605 shadowed-mixin-method ------------------------------------------------------------------


# ChangeTracker comes before Entity, and so before TimestampMixin, in the MRO: its touch() wins
# and never calls super().touch(), so `updated_at` is never set. No class statement here lists a
# mixin after a base, so flake8's PX601 cannot see it; the MRO shows it.
class Invoice(ChangeTracker, Entity):  # expect: PX605
    total: int = 0


# Fixed: the entity (with its mixin) first; TimestampMixin.touch runs.
class Receipt(Entity, ChangeTracker):
    total: int = 0


# -- PX604 broken-init-chain ----------------------------------------------------------------------


# Stored.__init__ never calls super().__init__(): Audited.__init__ is skipped and
# `customer.changed_by` raises AttributeError at the first use.
class Customer(Stored, Audited):  # expect: PX604
    def rename(self, who: str) -> None:
        self.changed_by.append(who)


# Fixed: every __init__ in the chain calls super().__init__().
class Supplier(CooperativeStored, Audited):
    def rename(self, who: str) -> None:
        self.changed_by.append(who)


def demo() -> list[str]:
    """Drive the corrected classes once (they are real code, not a listing)."""
    receipt = Receipt()
    receipt.touch()
    supplier = Supplier(table="suppliers")
    supplier.rename("ada")
    return [receipt.label(), str(receipt.updated_at is not None), supplier.table, *supplier.changed_by]

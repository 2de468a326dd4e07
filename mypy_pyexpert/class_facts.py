"""Facts about a class recorded when its own module is analysed (TypeInfo.metadata["pyexpert"]).

Modules loaded from mypy's cache have symbol tables and MROs but no class keywords or bodies,
so anything a later module needs to know about a class is recorded here and serialised by mypy.

Only classes that have a fact get a ``"pyexpert"`` entry (most classes, including every class of
the standard library, have none), so the cache does not grow with an entry per class.

Facts:
- ``"table": True`` -- the class statement has the keyword ``table=True`` (a SQLModel table
  model). Read it with :func:`is_table_model` (which also looks at the bases).
- the hashability facts of :mod:`mypy_pyexpert.frozen_facts` (frozen Pydantic config,
  hashable dataclass keywords), read by PX701.
- ``"init"`` / ``"super"`` / ``"declared"`` -- whether the body's ``__init__`` and other methods
  continue the ``super()`` chain, recorded and read by :mod:`mypy_pyexpert.body_facts` (PX604,
  PX605).

The class hook (:mod:`mypy_pyexpert.class_hook`) records them all; this module only stores them.
"""

from __future__ import annotations

from typing import Final

from mypy.nodes import NameExpr, TypeInfo
from mypy.plugin import ClassDefContext

from mypy_pyexpert.types import SQLMODEL_BASE

__all__ = ["METADATA_KEY", "has_table_fact", "is_sqlmodel_table", "is_table_model", "record_table", "set_fact"]

METADATA_KEY: Final = "pyexpert"
_TABLE: Final = "table"


def set_fact(info: TypeInfo, name: str, value: bool) -> None:
    """Set (``True``) or clear (``False``) a fact of a class."""
    facts = info.metadata.get(METADATA_KEY)
    if value:
        if facts is None:
            facts = info.metadata[METADATA_KEY] = {}
        facts[name] = True
    elif facts is not None:
        # The class may be re-analysed (deferral, dmypy) after the keyword was removed.
        facts.pop(name, None)
        if not facts:
            del info.metadata[METADATA_KEY]


def record_table(ctx: ClassDefContext) -> None:
    """Record whether the class statement has ``table=True`` (its keywords are analysed)."""
    table = ctx.cls.keywords.get("table")
    set_fact(ctx.cls.info, _TABLE, isinstance(table, NameExpr) and table.fullname == "builtins.True")


def has_table_fact(info: TypeInfo) -> bool:
    """Whether the class statement itself had ``table=True`` (also for cached modules)."""
    facts = info.metadata.get(METADATA_KEY)
    return facts is not None and facts.get(_TABLE) is True


def is_table_model(info: TypeInfo) -> bool:
    """Whether the class or a base was declared with ``table=True``.

    SQLModel keeps ``table`` in ``model_config``, which subclasses inherit, so a subclass of a
    table model is one too. Bases loaded from mypy's cache keep their metadata.
    """
    return any(has_table_fact(base) for base in info.mro)


def is_sqlmodel_table(info: TypeInfo) -> bool:
    """Whether the class is a SQLModel table model: a ``SQLModel`` declared with ``table=True``
    (itself or a base)."""
    return is_table_model(info) and info.has_base(SQLMODEL_BASE)

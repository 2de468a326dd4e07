"""Facts about a class recorded when its own module is analysed (TypeInfo.metadata["pyexpert"]).

Modules loaded from mypy's cache have symbol tables and MROs but no class keywords or bodies,
so anything a later module needs to know about a class is recorded here and serialised by mypy.

Only classes that have a fact get a ``"pyexpert"`` entry (most classes, including every class of
the standard library, have none), so the cache does not grow with an entry per class.

Facts:
- ``"table": True`` -- the class statement has the keyword ``table=True`` (a SQLModel table
  model). Read it with :func:`is_table_model` (which also looks at the bases).
- the hashability facts of :mod:`mypy_pyexpert.rules.frozen_facts` (frozen Pydantic config,
  hashable dataclass keywords), read by PX701.
- ``"init"`` / ``"super"`` -- whether the body's ``__init__`` and other methods continue the
  ``super()`` chain, recorded and read by :mod:`mypy_pyexpert.rules.mixin_mro` (PX604, PX605).
"""

from __future__ import annotations

from typing import Final

from mypy.nodes import NameExpr, TypeInfo
from mypy.plugin import ClassDefContext

from mypy_pyexpert.rules import class_rules, frozen_facts

__all__ = ["METADATA_KEY", "has_table_fact", "is_table_model", "record"]

METADATA_KEY: Final = "pyexpert"
_TABLE: Final = "table"


def _set_fact(info: TypeInfo, name: str, value: bool) -> None:
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


def record(ctx: ClassDefContext) -> None:
    """``get_customize_class_mro_hook`` callback: runs once per class analysis, keywords analysed."""
    table = ctx.cls.keywords.get("table")
    _set_fact(ctx.cls.info, _TABLE, isinstance(table, NameExpr) and table.fullname == "builtins.True")
    frozen_facts.record(ctx, _set_fact)  # PX701: frozen / hashable facts
    class_rules.analyse_class(ctx)  # PX401, PX604, PX605 (and their body facts)


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

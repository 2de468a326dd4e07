"""Facts about a class recorded when its own module is analysed (TypeInfo.metadata["pyexpert"]).

Modules loaded from mypy's cache have symbol tables and MROs but no class keywords or bodies,
so anything a later module needs to know about a class is recorded here and serialised by mypy.
"""

from __future__ import annotations

from typing import Final

from mypy.nodes import NameExpr
from mypy.plugin import ClassDefContext

METADATA_KEY: Final = "pyexpert"


def record(ctx: ClassDefContext) -> None:
    table = ctx.cls.keywords.get("table")
    facts = {"table": isinstance(table, NameExpr) and table.fullname == "builtins.True"}
    ctx.cls.info.metadata[METADATA_KEY] = facts

"""PX309 gather-without-taskgroup (opt-in): ``asyncio.gather(...)`` without ``return_exceptions=``.

Only when the target Python (the file's, as for PX303) is 3.11 or later, and only
in ``async def`` bodies (:attr:`SemanticModel.in_async`): a ``TaskGroup`` needs ``async with``.
Flagged: a call that resolves to ``asyncio.gather`` (any import alias) with no
``return_exceptions=`` keyword. Not flagged: ``return_exceptions=`` with any value, a call with
``**kwargs`` (it may carry the keyword), ``gather`` in sync code or in a nested ``def``/``lambda``.
"""

from __future__ import annotations

import ast
from typing import Final

from flake8_pyexpert.runner import Check, FileContext
from flake8_pyexpert.semantic.imports import ImportedNames
from pyexpert_core.project import format_target
from pyexpert_core.rules.px3 import GATHER_WITHOUT_TASKGROUP

__all__ = ["GatherWithoutTaskGroup"]

_GATHER: Final = frozenset({"asyncio.gather", "asyncio.tasks.gather"})
_MINIMUM: Final = (3, 11)


class GatherWithoutTaskGroup(Check):
    rules = (GATHER_WITHOUT_TASKGROUP,)

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self.imported = ImportedNames(self.model, _GATHER)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self.imported.saw_import(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute):
            if func.attr != "gather":
                return
        elif not (isinstance(func, ast.Name) and func.id in self.imported.names):
            return
        if not self.model.in_async:
            return
        for keyword in node.keywords:
            if keyword.arg is None or keyword.arg == "return_exceptions":
                return
        target = self.context.file.python_target
        if target >= _MINIMUM and self.model.resolve(func) in _GATHER:
            self.report(node, GATHER_WITHOUT_TASKGROUP, call="asyncio.gather()", target=format_target(target))

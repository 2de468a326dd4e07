"""A cheap filter for ``Name`` nodes: the local names a file binds, by import, to some API."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flake8_pyexpert.semantic.model import SemanticModel

__all__ = ["ImportedNames"]


class ImportedNames:
    """The local names a file binds, by import, to one of ``wanted`` (qualified names).

    A cheap filter for ``Name`` nodes before :meth:`SemanticModel.resolve` (which still decides):
    the module's imports, plus imports in nested scopes as the walk reaches them (an import
    inside a function comes before its uses there in practice). A check feeds it the
    ``ImportFrom`` nodes it visits (:meth:`saw_import`).
    """

    __slots__ = ("_names", "model", "wanted")

    def __init__(self, model: SemanticModel, wanted: frozenset[str]) -> None:
        self.model = model
        self.wanted = wanted
        self._names: set[str] | None = None

    @property
    def names(self) -> set[str]:
        if self._names is None:
            self._names = {name for name, target in self.model.module_scope.imports.items() if target in self.wanted}
        return self._names

    def saw_import(self, node: ast.ImportFrom) -> None:
        if node.module is None or node.level:
            return
        for alias in node.names:
            if f"{node.module}.{alias.name}" in self.wanted:
                self.names.add(alias.asname or alias.name)

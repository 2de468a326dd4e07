"""PX202 v1-config-class: a nested ``class Config:`` in a pydantic model class.

Flagged: a class named ``Config`` defined directly in the body of a pydantic model class
(RULES.md's definition, as :meth:`SemanticModel.is_pydantic_model` computes it). The message
suggests ``SettingsConfigDict`` when the model is a ``BaseSettings`` subclass.

Not flagged: ``Config`` classes anywhere else, models of the ``pydantic.v1`` compatibility
namespace (directly or through a class defined earlier in the module), where ``class Config``
is the only way to configure a model, and models that also assign ``model_config`` in their
body (Pydantic v2 rejects a class with both, so that is code written for v1 *and* v2, with
``class Config`` in a version-dependent branch).
"""

from __future__ import annotations

import ast
from typing import Final

from flake8_pyexpert.runner import Check
from flake8_pyexpert.semantic import SemanticModel
from pyexpert_core.rules.px2 import V1_CONFIG_CLASS

__all__ = [
    "ImportedNames",
    "V1ConfigClass",
    "defines_model_config",
    "is_settings_class",
    "is_v1_compat_class",
    "pydantic_model_owner",
]

_SETTINGS_BASES: Final = frozenset(
    {
        "pydantic_settings.BaseSettings",
        "pydantic_settings.main.BaseSettings",
        "pydantic.BaseSettings",
        "pydantic.env_settings.BaseSettings",
    }
)
_MAX_DEPTH: Final = 32


def _class_matches(model: SemanticModel, node: ast.ClassDef, wanted: frozenset[str], prefix: str) -> bool:
    """Whether a base of ``node`` (or of a class defined earlier in the module) is in ``wanted``."""
    seen: set[int] = set()
    todo = [node]
    while todo and len(seen) < _MAX_DEPTH:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        info = model.class_info(current)
        if info is None:
            continue
        for base_node, qualified in zip(current.bases, info.bases, strict=True):
            if qualified is not None:
                if qualified in wanted or (prefix and qualified.startswith(prefix)):
                    return True
                continue
            base = base_node.value if isinstance(base_node, ast.Subscript) else base_node
            if isinstance(base, ast.Name):
                local = model.class_named(base.id, before=current)
                if local is not None:
                    todo.append(local.node)
    return False


class ImportedNames:
    """The local names a file binds, by import, to one of ``wanted`` (qualified names).

    A cheap filter for ``Name`` nodes before :meth:`SemanticModel.resolve` (which still decides):
    the module's imports, plus imports in nested scopes as the walk reaches them (an import
    inside a function comes before its uses there in practice).
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


def is_settings_class(model: SemanticModel, node: ast.ClassDef) -> bool:
    """A ``BaseSettings`` subclass (pydantic-settings or pydantic v1)."""
    return _class_matches(model, node, _SETTINGS_BASES, "")


def is_v1_compat_class(model: SemanticModel, node: ast.ClassDef) -> bool:
    """A model of the ``pydantic.v1`` compatibility namespace."""
    return _class_matches(model, node, frozenset(), "pydantic.v1.")


def pydantic_model_owner(model: SemanticModel) -> ast.ClassDef | None:
    """The pydantic (not ``pydantic.v1``) model class whose body is the current scope, if any."""
    owner = model.scope.node
    if not isinstance(owner, ast.ClassDef) or not model.is_pydantic_model(owner):
        return None
    if is_v1_compat_class(model, owner):
        return None
    return owner


def defines_model_config(owner: ast.ClassDef) -> bool:
    """Whether the class body assigns ``model_config`` (also in ``if``/``try`` branches)."""
    todo: list[ast.stmt] = list(owner.body)
    while todo:
        statement = todo.pop()
        if isinstance(statement, ast.Assign):
            if any(isinstance(t, ast.Name) and t.id == "model_config" for t in statement.targets):
                return True
        elif isinstance(statement, ast.AnnAssign):
            if isinstance(statement.target, ast.Name) and statement.target.id == "model_config":
                return True
        elif isinstance(statement, ast.If):
            todo += statement.body + statement.orelse
        elif isinstance(statement, ast.Try):
            todo += statement.body + statement.orelse + statement.finalbody
            for handler in statement.handlers:
                todo += handler.body
    return False


class V1ConfigClass(Check):
    rules = (V1_CONFIG_CLASS,)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        if node.name != "Config":
            return
        owner = pydantic_model_owner(self.model)  # visit_ClassDef runs in the enclosing scope
        if owner is None or defines_model_config(owner):
            return
        replacement = "SettingsConfigDict" if is_settings_class(self.model, owner) else "ConfigDict"
        self.report(node, V1_CONFIG_CLASS, model=self.model.qualname(owner), replacement=replacement)

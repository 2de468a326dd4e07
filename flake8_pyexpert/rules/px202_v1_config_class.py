"""PX202 v1-config-class: a nested ``class Config:`` in a pydantic model class.

Flagged: a class named ``Config`` defined directly in the body of a class it configures as a
Pydantic model (:func:`~flake8_pyexpert.semantic.pydantic.config_owner`: a pydantic model class,
or a class based on a project class whose ``Config`` holds a key only Pydantic reads). The
message suggests ``SettingsConfigDict`` for a ``BaseSettings`` subclass (or a ``Config`` with
``env_*`` keys).

Not flagged: ``Config`` classes anywhere else, models of the ``pydantic.v1`` compatibility
namespace (``class Config`` is the only way to configure those), and models that also assign
``model_config`` (code written for v1 *and* v2). Compatibility branches (``if PYDANTIC_V1:``)
are left out by the runner, as for every PX2 rule.
"""

from __future__ import annotations

import ast

from flake8_pyexpert.runner import Check
from flake8_pyexpert.semantic.pydantic import config_owner, is_settings_config
from pyexpert_core.metadata import V1_CONFIG_CLASS

__all__ = ["V1ConfigClass"]


class V1ConfigClass(Check):
    rules = (V1_CONFIG_CLASS,)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        if node.name != "Config":
            return
        # visit_ClassDef runs in the enclosing scope: the class whose body holds ``Config``
        owner = config_owner(self.model, self.context.file, self.model.scope.node, node)
        if owner is None:
            return
        info = self.model.class_info(owner)
        settings = (info is not None and info.looks_like_settings) or is_settings_config(node)
        replacement = "SettingsConfigDict" if settings else "ConfigDict"
        self.report(node, V1_CONFIG_CLASS, model=self.model.qualname(owner), replacement=replacement)

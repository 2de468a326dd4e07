"""PX203 v1-config-key: a Pydantic v1 configuration key, or ``Extra.allow/forbid/ignore``.

Where keys are read:

* an attribute assigned in a nested ``class Config:`` of a class it configures as a Pydantic
  model (:func:`~flake8_pyexpert.semantic.pydantic.config_owner`, as PX202: not of a
  ``pydantic.v1`` model, whose only keys are the v1 ones; not when the class also assigns
  ``model_config``: that ``Config`` is the v1 branch of code written for both versions);
* a keyword of a ``ConfigDict(...)`` / ``SettingsConfigDict(...)`` call (resolved through
  imports), wherever the call is;
* a constant string key of a dict display, or a keyword of ``dict(...)``, assigned to
  ``model_config`` in the body of a pydantic model class.

Plus any ``Extra.allow``/``Extra.forbid``/``Extra.ignore`` of ``pydantic`` or
``pydantic.config`` (deprecated in v2: write the string).

``json_encoders`` is not flagged: v2 still accepts it. Keys a v2 model accepts are not flagged.
"""

from __future__ import annotations

import ast
from typing import Final

from flake8_pyexpert.runner import Check, FileContext
from flake8_pyexpert.semantic.imports import ImportedNames
from flake8_pyexpert.semantic.pydantic import config_owner, v2_model_owner
from pyexpert_core.metadata import V1_CONFIG_KEY
from pyexpert_core.pydantic_v1 import CONFIG_KEYS_REMOVED, CONFIG_KEYS_RENAMED

__all__ = ["V1ConfigKey"]

RENAMED: Final = CONFIG_KEYS_RENAMED
REMOVED: Final = CONFIG_KEYS_REMOVED

_CONFIG_DICTS: Final = frozenset(
    {
        "pydantic.ConfigDict",
        "pydantic.config.ConfigDict",
        "pydantic_settings.SettingsConfigDict",
        "pydantic_settings.main.SettingsConfigDict",
    }
)
_CONFIG_DICT_NAMES: Final = frozenset({"ConfigDict", "SettingsConfigDict"})
_EXTRA: Final[dict[str, str]] = {
    f"{module}.Extra.{member}": member
    for module in ("pydantic", "pydantic.config")
    for member in ("allow", "forbid", "ignore")
}


def _render(value: ast.expr | None) -> str:
    if isinstance(value, ast.Constant) and (value.value is None or isinstance(value.value, bool | int)):
        return repr(value.value)
    return "..."


class V1ConfigKey(Check):
    rules = (V1_CONFIG_KEY,)

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self.imported = ImportedNames(self.model, _CONFIG_DICTS)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self.imported.saw_import(node)

    # -- class Config ---------------------------------------------------------------------

    def _in_config_class(self) -> bool:
        scope = self.model.scope
        node = scope.node
        if not (isinstance(node, ast.ClassDef) and node.name == "Config" and scope.parent is not None):
            return False
        return config_owner(self.model, self.context.file, scope.parent.node, node) is not None

    def visit_Assign(self, node: ast.Assign) -> None:
        if self._in_config_class():
            for target in node.targets:
                if isinstance(target, ast.Name):
                    self._key(target, target.id, node.value)
            return
        if any(isinstance(t, ast.Name) and t.id == "model_config" for t in node.targets):
            self._model_config(node.value)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if not isinstance(node.target, ast.Name):
            return
        if self._in_config_class():
            self._key(node.target, node.target.id, node.value)
        elif node.target.id == "model_config" and node.value is not None:
            self._model_config(node.value)

    # -- model_config = {...} / dict(...) ---------------------------------------------------

    def _model_config(self, value: ast.expr) -> None:
        if v2_model_owner(self.model) is None:
            return
        if isinstance(value, ast.Dict):
            for key, item in zip(value.keys, value.values, strict=True):
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    self._key(key, key.value, item)
        elif (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and self.model.resolve(value.func) == "builtins.dict"
        ):
            self._keywords(value)

    # -- ConfigDict(...) ------------------------------------------------------------------

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if not node.keywords:
            return
        if (isinstance(func, ast.Name) and func.id in self.imported.names) or (
            isinstance(func, ast.Attribute) and func.attr in _CONFIG_DICT_NAMES
        ):
            if self.model.resolve(func) in _CONFIG_DICTS:
                self._keywords(node)

    def _keywords(self, call: ast.Call) -> None:
        for keyword in call.keywords:
            if keyword.arg is not None:
                self._key(keyword, keyword.arg, keyword.value)

    # -- Extra.forbid ------------------------------------------------------------------------

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr not in ("allow", "forbid", "ignore"):
            return
        member = _EXTRA.get(self.model.resolve(node) or "")
        if member is not None:
            self.report(
                node,
                V1_CONFIG_KEY,
                subject=f"'Extra.{member}'",
                change="is deprecated",
                advice=f"write the string: extra=\"{member}\"",
            )

    # -- the key ----------------------------------------------------------------------------

    def _key(self, node: ast.AST, key: str, value: ast.expr | None) -> None:
        subject = f"Config key '{key}'"
        if key in RENAMED:
            advice = f"use {RENAMED[key]}"
            rendered = _render(value)
            if rendered != "...":
                advice += f"={rendered}"
            self.report(node, V1_CONFIG_KEY, subject=subject, change="was renamed", advice=advice)
        elif key == "allow_mutation":
            if isinstance(value, ast.Constant) and isinstance(value.value, bool):
                advice = f"use frozen={not value.value}"
            else:
                advice = "use frozen (the inverse of allow_mutation)"
            self.report(node, V1_CONFIG_KEY, subject=subject, change="was renamed", advice=advice)
        elif key in REMOVED:
            self.report(node, V1_CONFIG_KEY, subject=subject, change="was removed", advice=REMOVED[key])

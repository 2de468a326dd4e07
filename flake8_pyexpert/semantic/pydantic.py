"""Pydantic model classes as the rules see them (the v1-to-v2 rules PX202, PX203, PX206; PX207).

*The model whose body is current* (:func:`v2_model_owner`): a pydantic model class (of the
module, or through imports), not one of the ``pydantic.v1`` compatibility namespace, where only
v1 configuration exists.

*A read model* (:func:`reads_attributes`): a model configured with ``from_attributes=True``
(v1: ``orm_mode = True``), itself or through a base of the module.

*The model a nested* ``class Config:`` *configures* (:func:`config_owner`): such a model; or,
when the enclosing class's bases cannot be resolved to pydantic because they are imported from
the project itself (``class RWSchema(RWModel)`` with ``from app.models.common import
RWModel``), a class whose ``Config`` holds at least one key that only Pydantic reads
(:data:`PYDANTIC_ONLY_CONFIG_KEYS`: ``orm_mode``, ``allow_population_by_field_name``,
``env_prefix``...). Not when the class also assigns ``model_config`` (code written for both
versions, with ``class Config`` in a version-dependent branch).
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from flake8_pyexpert.semantic.classes import ClassInfo
    from flake8_pyexpert.semantic.file import FileFacts
    from flake8_pyexpert.semantic.model import SemanticModel

__all__ = [
    "PYDANTIC_ONLY_CONFIG_KEYS",
    "SETTINGS_CONFIG_KEYS",
    "config_keys",
    "config_owner",
    "defines_model_config",
    "is_settings_config",
    "reads_attributes",
    "v2_model_owner",
]

#: Configuration keys that only Pydantic (v1, v2 or pydantic-settings) reads.
PYDANTIC_ONLY_CONFIG_KEYS: Final = frozenset(
    {
        "orm_mode", "allow_population_by_field_name", "anystr_lower", "anystr_upper",
        "anystr_strip_whitespace", "min_anystr_length", "max_anystr_length", "validate_all",
        "validate_assignment", "arbitrary_types_allowed", "use_enum_values", "allow_mutation",
        "schema_extra", "json_encoders", "underscore_attrs_are_private", "smart_union", "keep_untouched",
        "copy_on_model_validation", "getter_dict", "error_msg_templates", "alias_generator",
        "allow_inf_nan", "json_loads", "json_dumps", "post_init_call", "from_attributes",
        "populate_by_name", "json_schema_extra", "str_strip_whitespace", "str_to_lower", "str_to_upper",
        "validate_default", "env_prefix", "env_file", "env_file_encoding", "env_nested_delimiter",
        "secrets_dir",
    }
)
#: Keys that make a ``Config`` one of a settings class (so ``SettingsConfigDict`` is the fix).
SETTINGS_CONFIG_KEYS: Final = frozenset(
    {"env_prefix", "env_file", "env_file_encoding", "env_nested_delimiter", "secrets_dir"}
)


def v2_model_owner(model: SemanticModel) -> ast.ClassDef | None:
    """The pydantic (not ``pydantic.v1``) model class whose body is the current scope, if any."""
    owner = model.scope.node
    if not isinstance(owner, ast.ClassDef):
        return None
    info = model.class_info(owner)
    if info is None or not info.is_pydantic_model or info.is_v1_compat:
        return None
    return owner


def config_keys(config: ast.ClassDef) -> list[str]:
    """The names assigned directly in a ``class Config:`` body."""
    keys: list[str] = []
    for stmt in config.body:
        if isinstance(stmt, ast.Assign):
            keys.extend(target.id for target in stmt.targets if isinstance(target, ast.Name))
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            keys.append(stmt.target.id)
    return keys


def is_settings_config(config: ast.ClassDef) -> bool:
    return any(key in SETTINGS_CONFIG_KEYS for key in config_keys(config))


def _inherits_project_class(model: SemanticModel, file: FileFacts, node: ast.ClassDef) -> bool:
    info = model.class_info(node)
    return info is not None and any(
        base is not None and file.is_first_party(base) for current in info.lineage() for base in current.bases
    )


def config_owner(model: SemanticModel, file: FileFacts, owner: ast.AST, config: ast.ClassDef) -> ast.ClassDef | None:
    """The class ``owner`` when the nested ``config`` class configures a Pydantic model (module docstring)."""
    if not isinstance(owner, ast.ClassDef) or defines_model_config(owner):
        return None
    info = model.class_info(owner)
    if info is None or info.is_v1_compat:
        return None
    if info.is_pydantic_model:
        return owner
    if any(key in PYDANTIC_ONLY_CONFIG_KEYS for key in config_keys(config)) and _inherits_project_class(
        model, file, owner
    ):
        return owner
    return None


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


_READ_KEYS: Final = frozenset({"from_attributes", "orm_mode"})


def _is_true(value: ast.expr | None) -> bool:
    return isinstance(value, ast.Constant) and value.value is True


def _configures_reads(node: ast.ClassDef) -> bool:
    """The class's own configuration turns on ``from_attributes`` (v1: ``orm_mode``): a class
    keyword, ``model_config = ConfigDict(from_attributes=True)`` (or a dict display), or a
    nested ``class Config:`` assigning it ``True``."""
    if any(keyword.arg in _READ_KEYS and _is_true(keyword.value) for keyword in node.keywords):
        return True
    for stmt in node.body:
        if isinstance(stmt, ast.ClassDef) and stmt.name == "Config":
            for inner in stmt.body:
                if isinstance(inner, ast.Assign) and _is_true(inner.value) and any(
                    isinstance(target, ast.Name) and target.id in _READ_KEYS for target in inner.targets
                ):
                    return True
        value = stmt.value if isinstance(stmt, ast.Assign | ast.AnnAssign) else None
        if isinstance(stmt, ast.Assign):
            targets = stmt.targets
        elif isinstance(stmt, ast.AnnAssign):
            targets = [stmt.target]
        else:
            continue
        if not any(isinstance(target, ast.Name) and target.id == "model_config" for target in targets):
            continue
        if isinstance(value, ast.Call) and any(
            keyword.arg in _READ_KEYS and _is_true(keyword.value) for keyword in value.keywords
        ):
            return True
        if isinstance(value, ast.Dict) and any(
            isinstance(key, ast.Constant) and key.value in _READ_KEYS and _is_true(item)
            for key, item in zip(value.keys, value.values)
        ):
            return True
    return False


def reads_attributes(info: ClassInfo) -> bool:
    """A *read model*: the class, or a base of the module it inherits from, is configured to be
    built from an object's attributes (``from_attributes=True``, v1 ``orm_mode = True``): it
    mirrors what a row holds, to be read back (a response, an internal view of the row)."""
    return any(_configures_reads(current.node) for current in info.lineage())

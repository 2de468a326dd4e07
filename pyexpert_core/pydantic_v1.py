"""Pydantic's v1 model API and its v2 replacements: one definition for the catalog and the
mypy plugin (PX204). Standard library only, so the plugin loads it for free."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

__all__ = [
    "CONFIG_KEYS_REMOVED",
    "CONFIG_KEYS_RENAMED",
    "FIELD_ARGUMENTS_RENAMED",
    "SQLMODEL_V1_MEMBERS",
    "V1_MODEL_MEMBERS",
    "V1_MODEL_RENAMES",
]

#: Pydantic's v1 model API (methods and attributes of ``BaseModel``) and the v2 fix for each.
V1_MODEL_MEMBERS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "dict": "use model_dump()",
        "json": "use model_dump_json()",
        "copy": "use model_copy()",
        "parse_obj": "use model_validate()",
        "parse_raw": "use model_validate_json()",
        "parse_file": "it has no v2 method: read the file and use model_validate_json()",
        "from_orm": "use model_validate(..., from_attributes=True)",
        "construct": "use model_construct()",
        "schema": "use model_json_schema()",
        "schema_json": "use json.dumps(model_json_schema())",
        "validate": "use model_validate()",
        "update_forward_refs": "use model_rebuild()",
        "__fields__": "use model_fields",
        "__fields_set__": "use model_fields_set",
    }
)
#: SQLModel re-defines some of them as deprecated shims of the same v1 API.
SQLMODEL_V1_MEMBERS: Final = ("dict", "from_orm", "parse_obj")

#: The v1 members whose v2 replacement is a plain rename (``pyexpert fix``, PX204).
V1_MODEL_RENAMES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "dict": "model_dump",
        "json": "model_dump_json",
        "copy": "model_copy",
        "parse_obj": "model_validate",
        "parse_raw": "model_validate_json",
        "from_orm": "model_validate",
        "construct": "model_construct",
        "schema": "model_json_schema",
        "schema_json": "model_json_schema",
        "validate": "model_validate",
        "update_forward_refs": "model_rebuild",
        "__fields__": "model_fields",
        "__fields_set__": "model_fields_set",
    }
)

#: v1 configuration keys renamed in v2 (PX203), old name -> new name.
CONFIG_KEYS_RENAMED: Final[Mapping[str, str]] = MappingProxyType(
    {
        "orm_mode": "from_attributes",
        "allow_population_by_field_name": "populate_by_name",
        "schema_extra": "json_schema_extra",
        "anystr_lower": "str_to_lower",
        "anystr_upper": "str_to_upper",
        "anystr_strip_whitespace": "str_strip_whitespace",
        "min_anystr_length": "str_min_length",
        "max_anystr_length": "str_max_length",
        "validate_all": "validate_default",
        "keep_untouched": "ignored_types",
    }
)

#: v1 configuration keys removed in v2 (PX203), with what to do instead.
CONFIG_KEYS_REMOVED: Final[Mapping[str, str]] = MappingProxyType(
    {
        "error_msg_templates": "remove it; customise messages from ValidationError.errors() instead",
        "fields": "remove it; declare aliases and constraints with Field(...) on each field",
        "getter_dict": "remove it; use from_attributes=True (and a model_validator(mode=\"before\") for custom access)",
        "smart_union": "remove it; v2 unions are smart by default (union_mode on Field)",
        "underscore_attrs_are_private": "remove it; v2 always treats _attributes as private attributes",
        "json_loads": "remove it; v2 parses JSON in pydantic-core (model_validate_json)",
        "json_dumps": "remove it; v2 dumps JSON in pydantic-core (model_dump_json)",
        "copy_on_model_validation": "remove it; use revalidate_instances",
        "post_init_call": "remove it; v2 calls __post_init__ after validation",
    }
)

#: ``Field()`` arguments of v1 renamed in v2 (PX205), old name -> new name.
FIELD_ARGUMENTS_RENAMED: Final[Mapping[str, str]] = MappingProxyType(
    {"regex": "pattern", "min_items": "min_length", "max_items": "max_length"}
)

"""Pydantic's v1 API and its v2 replacements: one definition for the catalog, the checks of both
plugins (PX203, PX204, PX205) and ``pyexpert fix``. Standard library only, so a plugin loads it
for free."""

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

#: Pydantic's v1 model API (methods and attributes of ``BaseModel``): the v2 member that replaces
#: each (None: none does), and PX204's advice where it is more than "use <that member>".
_V1_MODEL_API: Final[Mapping[str, tuple[str | None, str | None]]] = {
    "dict": ("model_dump", None),
    "json": ("model_dump_json", None),
    "copy": ("model_copy", None),
    "parse_obj": ("model_validate", None),
    "parse_raw": ("model_validate_json", None),
    "parse_file": (None, "it has no v2 method: read the file and use model_validate_json()"),
    "from_orm": ("model_validate", "use model_validate(..., from_attributes=True)"),
    "construct": ("model_construct", None),
    "schema": ("model_json_schema", None),
    "schema_json": ("model_json_schema", "use json.dumps(model_json_schema())"),
    "validate": ("model_validate", None),
    "update_forward_refs": ("model_rebuild", None),
    "__fields__": ("model_fields", None),
    "__fields_set__": ("model_fields_set", None),
}


def _advice(member: str, replacement: str | None, advice: str | None) -> str:
    """PX204's advice for a v1 member: the table's own, else "use <replacement>" (called, for a method)."""
    if advice is not None:
        return advice
    if replacement is None:
        raise ValueError(f"{member}: a v1 member with no v2 replacement needs advice of its own")
    return f"use {replacement}" if member.startswith("__") else f"use {replacement}()"


#: The v1 members and PX204's advice for each.
V1_MODEL_MEMBERS: Final[Mapping[str, str]] = MappingProxyType(
    {member: _advice(member, *replacement) for member, replacement in _V1_MODEL_API.items()}
)
#: SQLModel re-defines some of them as deprecated shims of the same v1 API.
SQLMODEL_V1_MEMBERS: Final = ("dict", "from_orm", "parse_obj")

#: The v1 members the fix renames (``pyexpert fix``, PX204), to their v2 member.
V1_MODEL_RENAMES: Final[Mapping[str, str]] = MappingProxyType(
    {member: new for member, (new, _) in _V1_MODEL_API.items() if new is not None}
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

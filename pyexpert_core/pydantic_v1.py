"""Pydantic's v1 model API and its v2 replacements: one definition for the catalog and the
mypy plugin (PX204). Standard library only, so the plugin loads it for free."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

__all__ = ["SQLMODEL_V1_MEMBERS", "V1_MODEL_MEMBERS"]

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

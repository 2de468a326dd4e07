"""Serializers: functions whose job is to turn an object into a dict (or JSON).

A serializer returns a dict by definition, so the rules about ad-hoc dict records leave it
alone: PX102 (an annotated ``dict[str, Any]`` return), PX104 (a returned dict literal) and PX106
(a returned ``model_dump()``). One definition, for both plugins:

* a name of the option ``serializer_methods`` (PX104's; default ``to_dict, as_dict, asdict,
  to_json, serialize, dict, model_dump, __getstate__``);
* a conversion named after one of them: ``<something>_to_dict``, ``row_as_dict``,
  ``user_to_json`` (a configured name that starts with ``to_`` or ``as_``, after an underscore);
* a name that says it serializes: ``serialize_user``, ``_serializer``.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Final

from pyexpert_core.metadata import DICT_RECORD_LITERAL

__all__ = ["DEFAULT_SERIALIZER_NAMES", "is_serializer_name"]

#: The default of the ``serializer_methods`` option, written once in the catalog.
DEFAULT_SERIALIZER_NAMES: Final = frozenset(
    name.strip()
    for option in DICT_RECORD_LITERAL.options
    if option.name == "serializer_methods"
    for name in option.default.split(",")
    if name.strip()
)
_CONVERSION_PREFIXES: Final = ("to_", "as_")


def is_serializer_name(name: str, configured: Collection[str] = DEFAULT_SERIALIZER_NAMES) -> bool:
    """Whether a function called ``name`` is a serializer (see the module docstring)."""
    if name in configured:
        return True
    for known in configured:
        if known.startswith(_CONVERSION_PREFIXES) and name.endswith("_" + known):
            return True
    return "serializ" in name.lower()

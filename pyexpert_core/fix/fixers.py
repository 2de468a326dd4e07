"""The fixer of each fixable rule, by code (the catalog's ``Rule.fix`` says what each does)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from pyexpert_core.fix.base import Fixer
from pyexpert_core.fix.px201 import fix_v1_validator
from pyexpert_core.fix.px202_203 import fix_v1_config_class, fix_v1_config_key
from pyexpert_core.fix.px204 import fix_v1_model_method
from pyexpert_core.fix.px205_206_209 import fix_optional_without_default, fix_v1_api, fix_v1_field_argument
from pyexpert_core.fix.px303_304 import fix_legacy_timeout, fix_loop_api_in_coroutine

__all__ = ["FIXERS"]

FIXERS: Final[Mapping[str, Fixer]] = MappingProxyType(
    {
        "PX201": fix_v1_validator,
        "PX202": fix_v1_config_class,
        "PX203": fix_v1_config_key,
        "PX204": fix_v1_model_method,
        "PX205": fix_v1_field_argument,
        "PX206": fix_v1_api,
        "PX209": fix_optional_without_default,
        "PX303": fix_legacy_timeout,
        "PX304": fix_loop_api_in_coroutine,
    }
)

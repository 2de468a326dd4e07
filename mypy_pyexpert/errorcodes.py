"""Every pyexpert mypy error code, created when this module is imported.

mypy validates the codes in ``disable_error_code``, ``enable_error_code`` and
``# type: ignore[...]`` early; a code created lazily would make mypy reject the config with
"Invalid error code(s)". Codes are derived from the catalog: ``pyexpert-<name>``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from mypy.errorcodes import ErrorCode

from pyexpert_core.metadata import RULES
from pyexpert_core.ruleinfo import Checker, RuleInfo

__all__ = ["PYEXPERT", "code_for", "code_for_code"]

PYEXPERT: Final = ErrorCode("pyexpert", "pyexpert lint rules (parent of every pyexpert-* code)", "pyexpert")

_CODES: Final[Mapping[str, ErrorCode]] = MappingProxyType(
    {
        rule.code: ErrorCode(
            rule.mypy_code,
            rule.summary,
            "pyexpert",
            default_enabled=rule.default_enabled,
            sub_code_of=PYEXPERT,
        )
        for rule in RULES
        if rule.checker is Checker.MYPY
    }
)


def code_for(rule: RuleInfo) -> ErrorCode:
    """The ErrorCode of a mypy-checked rule."""
    return _CODES[rule.code]


def code_for_code(code: str) -> ErrorCode:
    """The ErrorCode of the mypy-checked rule with the code ``code`` (``PX106``)."""
    return _CODES[code]

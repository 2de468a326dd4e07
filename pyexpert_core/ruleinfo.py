"""What the plugins need of a rule at run time, in a form that costs nothing to load.

The catalog (:mod:`pyexpert_core.catalog`) is the source of truth: Pydantic models, validated,
with the rationale and the examples the docs and the CLI need. Loading pydantic and building
those models costs far more than a one-file flake8 run or a warm mypy run may spend, so the
plugins never import the catalog. They import :mod:`pyexpert_core.metadata` instead: a module
*generated* from the catalog (``pyexpert generate``) that builds one :class:`RuleInfo` per rule
and one :class:`OptionInfo` per option, from literals. A test keeps it equal to the catalog.

This module imports the standard library and :mod:`pyexpert_core.roles` only.
"""

from __future__ import annotations

import re
import string
from enum import StrEnum
from typing import Final

from pyexpert_core.roles import Role

__all__ = ["MYPY_CODE_PREFIX", "Checker", "Family", "OptionInfo", "RuleInfo", "fill_message", "template_fields"]

MYPY_CODE_PREFIX: Final = "pyexpert-"


class Checker(StrEnum):
    """The one tool that enforces a rule (a user running both never sees a finding twice)."""

    FLAKE8 = "flake8"
    MYPY = "mypy"


class Family(StrEnum):
    """Rule families: the hundreds digit of the code."""

    PX1 = "Data is modeled, not passed as raw dicts"
    PX2 = "Pydantic v2, secrets and settings"
    PX3 = "Async code that stays async"
    PX4 = "Exception hierarchy"
    PX5 = "FastAPI services"
    PX6 = "Classes, ABCs and mixins"
    PX7 = "Caching"


# patterns, not compiled objects: re compiles (and caches) one on first use, not at load
_FIELD_RE: Final = r"^[a-z_][a-z0-9_]*$"


def template_fields(template: str) -> frozenset[str]:
    """The named fields of a ``str.format`` template; positional or nested fields are errors."""
    fields: set[str] = set()
    for _literal, field, spec, _conversion in string.Formatter().parse(template):
        if field is None:
            continue
        if not re.match(_FIELD_RE, field):
            raise ValueError(f"message field {{{field}}} must be a plain lower-case name")
        if spec and "{" in spec:
            raise ValueError("nested format fields are not allowed in a message")
        fields.add(field)
    return frozenset(fields)


def fill_message(code: str, template: str, expected: frozenset[str], /, **fields: object) -> str:
    """``template`` with ``fields`` filled in; exactly the ``expected`` fields must be given (a
    missing or extra one is a bug in the checker, reported loudly rather than rendered as a
    half-filled message). One definition for the catalog's rules and the plugins' rule infos."""
    if len(fields) != len(expected) or not expected.issuperset(fields):
        raise KeyError(f"{code}: message fields {sorted(expected)} expected, got {sorted(fields)}")
    return template.format(**fields)


class OptionInfo:
    """A rule option as the plugins see it: its key, the kind of value, default and help."""

    __slots__ = ("default", "description", "name", "type")

    def __init__(self, *, name: str, type: str, default: str, description: str) -> None:
        self.name = name
        self.type = type
        self.default = default
        self.description = description

    def __repr__(self) -> str:
        return f"OptionInfo(name={self.name!r})"


class RuleInfo:
    """A rule as the plugins see it: code, name, summary, message template, checker, default
    state, the file roles it applies to and its options. Compared by identity: there is one
    object per rule, in :mod:`pyexpert_core.metadata`."""

    __slots__ = ("_fields", "applies_to", "checker", "code", "default_enabled", "family", "message", "name",
                 "options", "summary")

    def __init__(
        self,
        *,
        code: str,
        name: str,
        summary: str,
        message: str,
        checker: Checker,
        default_enabled: bool,
        applies_to: frozenset[Role],
        options: tuple[OptionInfo, ...] = (),
    ) -> None:
        self.code = code
        self.name = name
        self.summary = summary
        self.message = message
        self.checker = checker
        self.default_enabled = default_enabled
        self.applies_to = applies_to
        self.options = options
        self.family = Family[code[:3]]
        self._fields: frozenset[str] | None = None

    def __repr__(self) -> str:
        return f"RuleInfo(code={self.code!r}, name={self.name!r})"

    @property
    def mypy_code(self) -> str:
        """The mypy error code, e.g. ``pyexpert-raw-dict-param``."""
        return MYPY_CODE_PREFIX + self.name

    def applies_in(self, role: Role) -> bool:
        """Whether findings of this rule are reported in a file of ``role``."""
        return role in self.applies_to

    @property
    def message_fields(self) -> frozenset[str]:
        if self._fields is None:
            self._fields = template_fields(self.message)
        return self._fields

    def format(self, **fields: object) -> str:
        """The message with its fields filled in (no code prefix): :func:`fill_message`."""
        return fill_message(self.code, self.message, self.message_fields, **fields)

    def flake8_text(self, **fields: object) -> str:
        """What flake8 prints after the location: ``PX104 <message>``."""
        return f"{self.code} {self.format(**fields)}"

"""The rule catalog: the one place a rule's code, name, message, rationale and examples are written.

Everything else is derived from a :class:`Rule`: the flake8 message (``PX101 <message>``),
the mypy error code (``pyexpert-<name>``), the generated docs and the ``pyexpert`` CLI.
This module imports pydantic only; it never imports flake8 or mypy.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from pyexpert_core.roles import Role
from pyexpert_core.ruleinfo import MYPY_CODE_PREFIX, Checker, Family, fill_message, template_fields

__all__ = [
    "MYPY_CODE_PREFIX",
    "Checker",
    "Family",
    "FixInfo",
    "FixSafety",
    "Overlap",
    "Resolution",
    "Role",
    "Rule",
    "RuleOption",
    "StandardItem",
    "Status",
]

Code = Annotated[str, StringConstraints(pattern=r"^PX\d{3}$")]
KebabName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
OneLine = Annotated[str, StringConstraints(pattern=r"^[^\n]+$", strip_whitespace=True)]
Text = Annotated[str, StringConstraints(min_length=1)]


class Status(StrEnum):
    """How settled a rule is."""

    STABLE = "stable"
    PREVIEW = "preview"


class StandardItem(StrEnum):
    """The item of the "expert Python" standard a rule enforces."""

    DATA_MODELING = "data-modeling"
    PYDANTIC_V2 = "pydantic-v2"
    TYPING = "typing"
    ASYNC = "async"
    ERRORS = "errors"
    FASTAPI = "fastapi"
    CLASSES = "classes"
    CACHING = "caching"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


class RuleOption(_Frozen):
    """A setting that changes what a rule reports.

    ``name`` is the snake_case key; flake8 spells it ``--pyexpert-<kebab-name>`` and the mypy
    config section (``[pyexpert-mypy]``) uses it as written.
    """

    name: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    type: Text
    default: Text
    description: Text

    @property
    def flake8_flag(self) -> str:
        return "--pyexpert-" + self.name.replace("_", "-")


class Resolution(StrEnum):
    """How one mistake stays one report when another tool's code would report it too."""

    #: ``pyexpert preset`` does not turn the other code on: the PX rule reports those sites.
    PRESET_LEAVES_OUT = "preset-leaves-out"
    #: the PX rule does not report those sites: the other code, which the presets turn on, does.
    RULE_DEFERS = "rule-defers"
    #: the preset keeps the other code on but excludes the APIs the PX rule reports
    #: (``deprecated_calls_exclude`` for mypy's ``deprecated``).
    PRESET_EXCLUDES = "preset-excludes"


class Overlap(_Frozen):
    """Another tool's code that would report some sites of a rule, and which one stays."""

    tool: Annotated[str, StringConstraints(pattern=r"^(ruff|mypy)$")]
    code: Annotated[str, StringConstraints(pattern=r"^([A-Z]+[0-9]{3}|[a-z][a-z0-9-]*)$")]
    resolution: Resolution
    reason: Text = Field(description="why this one stays, for the rule's page")
    excluded: tuple[Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][\w.]*$")], ...] = Field(
        default=(), description="PRESET_EXCLUDES: the fully qualified APIs excluded from the other code"
    )

    @model_validator(mode="after")
    def _check_excluded(self) -> Overlap:
        if (self.resolution is Resolution.PRESET_EXCLUDES) != bool(self.excluded):
            raise ValueError(f"{self.code}: excluded APIs go with {Resolution.PRESET_EXCLUDES.value} only")
        return self


class FixSafety(StrEnum):
    """Whether ``pyexpert fix`` applies a fix by default (safe) or only with ``--unsafe-fixes``."""

    SAFE = "safe"
    UNSAFE = "unsafe"


class FixInfo(_Frozen):
    """What ``pyexpert fix`` does for a rule's findings, with an example it is tested on."""

    safety: FixSafety = Field(description="the safety of the rule's main fix")
    description: Text = Field(description="what the fix rewrites, in Markdown")
    unsafe: tuple[OneLine, ...] = Field(default=(), description="the fixes applied only with --unsafe-fixes")
    not_fixable: tuple[OneLine, ...] = Field(default=(), description="the shapes left alone, reported not fixable")
    before: str = Field(default="", description="a module the fix rewrites (empty: the rule's `bad` example)")
    after: str = Field(
        default="",
        description="`before` as `pyexpert fix` leaves it, with --unsafe-fixes if the fix is unsafe (empty: `good`)",
    )


class Rule(_Frozen):
    """One rule of the standard, with everything written about it."""

    code: Code
    name: KebabName
    summary: OneLine = Field(description="one sentence: what the rule flags")
    message: OneLine = Field(description="str.format template with named fields")
    rationale: Text = Field(description="why is this bad")
    bad: Text = Field(description="a complete module the rule flags")
    good: Text = Field(description="the same module written the recommended way")
    checker: Checker
    standard: StandardItem
    applies_to: frozenset[Role] = Field(
        min_length=1,
        description=(
            "the file roles the rule applies to (app, test, example, script, migration); findings in "
            "files of other roles are dropped by both plugins"
        ),
    )
    default_enabled: bool = True
    status: Status = Status.STABLE
    options: tuple[RuleOption, ...] = ()
    references: tuple[Text, ...] = ()
    overlaps: tuple[Overlap, ...] = Field(
        default=(), description="codes of other tools that would report the same sites, and which one stays"
    )
    fix: FixInfo | None = Field(default=None, description="what `pyexpert fix` does for the rule's findings")
    example_config: str = Field(
        default="",
        description=(
            "lines of the checker's config section (`[pyexpert-mypy]`) that the examples need, "
            "e.g. an option that turns the rule on; `{module}` stands for the example's module name"
        ),
    )

    @model_validator(mode="after")
    def _check_message(self) -> Rule:
        template_fields(self.message)
        if self.message.endswith("."):
            raise ValueError(f"{self.code}: messages do not end with a full stop")
        return self

    @property
    def fix_example(self) -> tuple[str, str]:
        """The fix's example: the module before and after ``pyexpert fix`` (empty without a fix)."""
        if self.fix is None:
            return "", ""
        return self.fix.before or self.bad, self.fix.after or self.good

    @property
    def applies_everywhere(self) -> bool:
        return self.applies_to == frozenset(Role)

    def applies_in(self, role: Role) -> bool:
        """Whether findings of this rule are reported in a file of ``role``."""
        return role in self.applies_to

    @property
    def family(self) -> Family:
        return Family[self.code[:3]]

    @property
    def mypy_code(self) -> str:
        """The mypy error code, e.g. ``pyexpert-raw-dict-param``."""
        return MYPY_CODE_PREFIX + self.name

    @property
    def message_fields(self) -> frozenset[str]:
        return template_fields(self.message)

    def format(self, **fields: object) -> str:
        """The message with its fields filled in (no code prefix): :func:`fill_message`."""
        return fill_message(self.code, self.message, self.message_fields, **fields)

    def flake8_text(self, **fields: object) -> str:
        """What flake8 prints after the location: ``PX104 <message>``."""
        return f"{self.code} {self.format(**fields)}"

"""The flake8 plugin's options: registered from the catalog, parsed once into a frozen model.

Every option of a flake8 rule in the catalog (:class:`~pyexpert_core.catalog.RuleOption`) is
registered as ``--pyexpert-<kebab-name>`` (``parse_from_config=True``, so
``pyexpert-<kebab-name> =`` works in the ``[flake8]`` section too). :class:`Settings` has one
field per option, named like the option; its defaults are the catalog's defaults, so the
catalog stays the only place they are written.

Nothing here imports flake8: the option manager is described by a small Protocol.
"""

from __future__ import annotations

import argparse
import keyword
import re
from collections.abc import Iterator, Sequence
from typing import Final, Protocol

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from pyexpert_core.catalog import Checker, RuleOption
from pyexpert_core.options import ROLE_OPTIONS
from pyexpert_core.project import parse_version
from pyexpert_core.registry import registry
from pyexpert_core.roles import RoleGlobs, parse_globs

__all__ = [
    "OPTION_PREFIX",
    "OptionError",
    "OptionManager",
    "Settings",
    "catalog_options",
    "register_options",
    "settings_from_namespace",
]

OPTION_PREFIX: Final = "pyexpert_"


class OptionManager(Protocol):
    """The part of ``flake8.options.manager.OptionManager`` the plugin uses."""

    parser: argparse.ArgumentParser

    def add_option(self, *args: str, **kwargs: object) -> None: ...

    def extend_default_ignore(self, error_codes: Sequence[str]) -> None: ...


class OptionError(ValueError):
    """A bad option value; ``str()`` is the one-line message flake8 prints."""


#: The value of ``python_target`` that reads the ``requires-python`` of each file's project.
AUTO: Final = "auto"


def catalog_options() -> Iterator[RuleOption]:
    """The shared options (file roles), then the options of the flake8 rules, each once, in code order."""
    yield from ROLE_OPTIONS
    seen: set[str] = set()
    for rule in registry().for_checker(Checker.FLAKE8):
        for option in rule.options:
            if option.name not in seen:
                seen.add(option.name)
                yield option


def _catalog_default(name: str) -> str:
    for option in catalog_options():
        if option.name == name:
            return option.default
    raise LookupError(f"the catalog has no flake8 option {name!r}")


def _items(text: str) -> list[str]:
    """Comma-separated text (a config value, or a default) into a list of stripped items."""
    return [item.strip() for item in text.replace("\n", ",").split(",") if item.strip()]


def _split(value: object) -> object:
    return _items(value) if isinstance(value, str) else value


def _names(value: frozenset[str]) -> frozenset[str]:
    for name in sorted(value):
        if not name.isidentifier() or keyword.iskeyword(name):
            raise ValueError(f"{name!r} is not a function name")
    return value


def _compiled(value: str, flags: int = 0) -> re.Pattern[str]:
    try:
        return re.compile(value, flags)
    except re.error as exc:
        raise ValueError(f"{value!r} is not a valid regular expression ({exc})") from None


class Settings(BaseModel):
    """The parsed options of the flake8 plugin (one field per catalog option)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    serializer_methods: frozenset[str] = frozenset(_items(_catalog_default("serializer_methods")))

    @field_validator("serializer_methods", mode="before")
    @classmethod
    def _split_names(cls, value: object) -> object:
        return _split(value)

    @field_validator("serializer_methods", mode="after")
    @classmethod
    def _check_names(cls, value: frozenset[str]) -> frozenset[str]:
        return _names(value)

    # PX207: matched case-insensitively (``SECRET_KEY`` in a settings class is a secret too)
    secret_field_pattern: re.Pattern[str] = re.compile(_catalog_default("secret_field_pattern"), re.IGNORECASE)

    @field_validator("secret_field_pattern", mode="before")
    @classmethod
    def _compile_pattern(cls, value: object) -> object:
        return _compiled(value, re.IGNORECASE) if isinstance(value, str) else value

    # PX208: globs naming settings modules (no "/": the file name; with "/": the whole path)
    settings_modules: tuple[str, ...] = tuple(_items(_catalog_default("settings_modules")))

    @field_validator("settings_modules", mode="before")
    @classmethod
    def _split_globs(cls, value: object) -> object:
        return _split(value)

    # PX303, PX309: (major, minor) of the oldest Python the checked code supports; None ("auto",
    # the default): the requires-python of each checked file's project (pyexpert_core.project).
    python_target: tuple[int, int] | None = None

    @field_validator("python_target", mode="before")
    @classmethod
    def _python_target(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            if text.lower() == AUTO:
                return None
            try:
                return parse_version(text)
            except ValueError as exc:
                raise ValueError(f"{exc.args[0].removesuffix(')')}, or {AUTO})") from None
        return value

    # File roles: the globs of test, example, script and migration files.
    test_globs: tuple[str, ...] = RoleGlobs().test
    example_globs: tuple[str, ...] = RoleGlobs().example
    script_globs: tuple[str, ...] = RoleGlobs().script
    migration_globs: tuple[str, ...] = RoleGlobs().migration

    @field_validator("test_globs", "example_globs", "script_globs", "migration_globs", mode="before")
    @classmethod
    def _globs(cls, value: object) -> object:
        if isinstance(value, str) or (isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)):
            return parse_globs(value)
        return value

    @property
    def role_globs(self) -> RoleGlobs:
        return RoleGlobs(
            test=self.test_globs, example=self.example_globs, script=self.script_globs, migration=self.migration_globs
        )

    # PX601-PX603: a class whose name matches (searched, case-sensitive) is a mixin
    mixin_pattern: re.Pattern[str] = re.compile(_catalog_default("mixin_pattern"))

    @field_validator("mixin_pattern", mode="before")
    @classmethod
    def _compile_mixin_pattern(cls, value: object) -> object:
        if isinstance(value, str):
            pattern = _compiled(value)
            if pattern.search("") is not None:
                raise ValueError(f"{value!r} matches an empty name, so every class would be a mixin")
            return pattern
        return value


_LIST_FIELDS: Final = frozenset(
    {"serializer_methods", "settings_modules", "test_globs", "example_globs", "script_globs", "migration_globs"}
)


def flag(name: str) -> str:
    """``serializer_methods`` -> ``--pyexpert-serializer-methods``."""
    return "--" + (OPTION_PREFIX + name).replace("_", "-")


def register_options(option_manager: OptionManager) -> None:
    """Register every catalog option of a flake8 rule with flake8's option manager."""
    for option in catalog_options():
        option_manager.add_option(
            flag(option.name),
            parse_from_config=True,
            comma_separated_list=option.name in _LIST_FIELDS,
            default=option.default,
            metavar=option.name.upper(),
            help=f"{option.description} (Default: {option.default})",
        )


def settings_from_namespace(options: argparse.Namespace) -> Settings:
    """Build :class:`Settings` from flake8's parsed options; bad values raise :class:`OptionError`."""
    raw: dict[str, object] = {}
    for name in Settings.model_fields:
        value: object = getattr(options, OPTION_PREFIX + name, None)
        if value is not None:
            raw[name] = value
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            where = flag(str(error["loc"][0])) if error["loc"] else "pyexpert options"
            message = str(error["msg"]).removeprefix("Value error, ")
            problems.append(f"{where}: {message}")
        raise OptionError("; ".join(problems)) from None

"""The plugin's config section, parsed into a strict model.

``[pyexpert-mypy]`` in ``mypy.ini``/``setup.cfg``/``.mypy.ini``, ``[tool.pyexpert-mypy]`` in
``pyproject.toml``. An unknown key or a bad value stops mypy with one clear line (exit 2).
"""

from __future__ import annotations

import configparser
import re
import sys
import tomllib
from pathlib import Path
from typing import Final, NoReturn

from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator

from pyexpert_core.roles import RoleGlobs, parse_globs

__all__ = ["SECTION", "ConfigError", "Settings", "load_settings"]

SECTION: Final = "pyexpert-mypy"
_DOTTED_RE: Final = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+")
#: The example each list-of-classes key names in its error message.
_DOTTED_EXAMPLES: Final = {"exception_bases": "app.errors.AppError", "blocking_client_types": "redis.client.Redis"}


class Settings(BaseModel):
    """Plugin settings; every key is documented in the catalog's rule options."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    check_private: bool = True
    #: PX401: fully qualified names of the project's exception base classes (unset: PX401 is off).
    exception_bases: tuple[str, ...] = ()
    #: PX605: a class whose name matches this regular expression (searched) is a mixin.
    mixin_pattern: str = r"Mixin$"
    #: PX301: fully qualified names of more synchronous client classes (added to the built-in list).
    blocking_client_types: tuple[str, ...] = ()
    #: File roles: the globs of test, example, script and migration files (pyexpert_core.roles).
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

    @field_validator("exception_bases", "blocking_client_types", mode="before")
    @classmethod
    def _split_names(cls, value: object) -> object:
        if isinstance(value, str):  # ini: comma- or newline-separated
            return tuple(part.strip() for part in value.replace("\n", ",").split(",") if part.strip())
        return value

    @field_validator("exception_bases", "blocking_client_types")
    @classmethod
    def _dotted_names(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        for name in value:
            if not _DOTTED_RE.fullmatch(name):
                example = _DOTTED_EXAMPLES[info.field_name or ""]
                raise ValueError(f"{name!r} is not a fully qualified class name such as {example}")
        return value

    @field_validator("mixin_pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression ({exc})") from None
        return value


class ConfigError(Exception):
    """A problem with the config section, with a one-line explanation."""


def _read_section(config_file: Path) -> Settings:
    """Validate the plugin's section of a mypy config file; the raw mapping never leaves here."""
    if config_file.suffix == ".toml":
        with config_file.open("rb") as handle:
            tool = tomllib.load(handle).get("tool", {})
        section = tool.get(SECTION, {}) if isinstance(tool, dict) else {}
        if not isinstance(section, dict):
            raise ConfigError(f"{config_file}: [tool.{SECTION}] must be a table")
        return _validate(config_file, f"[tool.{SECTION}]", {str(k): v for k, v in section.items()})
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(config_file, encoding="utf-8")
    if not parser.has_section(SECTION):
        return Settings()
    items = {key.replace("-", "_"): value for key, value in parser.items(SECTION)}
    return _validate(config_file, f"[{SECTION}]", items)


def _validate(config_file: Path, section: str, items: object) -> Settings:
    try:
        return Settings.model_validate(items)
    except ValidationError as exc:
        raise ConfigError(f"{config_file}: {section} {_explain(exc)}") from exc


def _explain(error: ValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "section"
        if item["type"] == "extra_forbidden":
            known = ", ".join(sorted(Settings.model_fields))
            parts.append(f"unknown key {where!r} (known keys: {known})")
        else:
            parts.append(f"{where}: {item['msg']} (got {item.get('input')!r})")
    return "; ".join(parts)


def parse_settings(config_file: str | None) -> Settings:
    """Settings from a mypy config file (defaults when there is none or it has no section)."""
    if not config_file:
        return Settings()
    path = Path(config_file)
    try:
        return _read_section(path)
    except (OSError, configparser.Error, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc


def _fail(message: str) -> NoReturn:
    print(f"mypy_pyexpert: error: {message}", file=sys.stderr)
    raise SystemExit(2)


def load_settings(config_file: str | None) -> Settings:
    """Like :func:`parse_settings`, but a bad config stops mypy with a clear message."""
    try:
        return parse_settings(config_file)
    except ConfigError as exc:
        _fail(str(exc))

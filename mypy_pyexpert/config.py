"""The plugin's config section, parsed into a strict model.

``[pyexpert-mypy]`` in ``mypy.ini``/``setup.cfg``/``.mypy.ini``, ``[tool.pyexpert-mypy]`` in
``pyproject.toml``. An unknown key or a bad value stops mypy with one clear line (exit 2).
"""

from __future__ import annotations

import configparser
import sys
import tomllib
from pathlib import Path
from typing import Final, NamedTuple, NoReturn

from pyexpert_core import values
from pyexpert_core.metadata import CHECK_PRIVATE, MIXIN_PATTERN, ROLE_OPTIONS, RULES
from pyexpert_core.ruleinfo import Checker
from pyexpert_core.roles import RoleGlobs

__all__ = ["SECTION", "ConfigError", "Settings", "fail_config", "load_settings"]

SECTION: Final = "pyexpert-mypy"
_DEFAULTS: Final = {option.name: option.default for option in (CHECK_PRIVATE, MIXIN_PATTERN, *ROLE_OPTIONS)}


def _mixin_pattern(value: object) -> str:
    return values.regex(value, name_pattern=True).pattern


def _mypy_rules(value: object) -> tuple[str, ...]:
    """Rule codes, names or mypy error codes of mypy rules, as sorted codes."""
    by_key = {
        key: rule
        for rule in RULES
        for key in (rule.code.lower(), rule.name, rule.mypy_code)
    }
    codes: set[str] = set()
    for item in values.items(value):
        rule = by_key.get(item.lower())
        if rule is None:
            raise ValueError(f"{item!r} is not a pyexpert rule (`pyexpert rules --checker mypy` lists them)")
        if rule.checker is not Checker.MYPY:
            raise ValueError(f"{rule.code} is a {rule.checker.value} rule: select it in flake8's config")
        codes.add(rule.code)
    return tuple(sorted(codes))


class Settings(NamedTuple):
    """Plugin settings; every key is documented in the catalog's rule options (defaults from there
    where the catalog gives a value; the list options default to empty)."""

    check_private: bool = values.boolean(_DEFAULTS["check_private"])
    #: PX401: fully qualified names of the project's exception base classes (unset: PX401 is off).
    exception_bases: tuple[str, ...] = ()
    #: PX605: a class whose name matches this regular expression (searched) is a mixin.
    mixin_pattern: str = _mixin_pattern(_DEFAULTS["mixin_pattern"])
    #: PX301: fully qualified names of more synchronous client classes (added to the built-in list).
    blocking_client_types: tuple[str, ...] = ()
    #: File roles: the globs of test, example, script and migration files (pyexpert_core.roles).
    test_globs: tuple[str, ...] = values.globs(_DEFAULTS["test_globs"])
    example_globs: tuple[str, ...] = values.globs(_DEFAULTS["example_globs"])
    script_globs: tuple[str, ...] = values.globs(_DEFAULTS["script_globs"])
    migration_globs: tuple[str, ...] = values.globs(_DEFAULTS["migration_globs"])
    #: The plugin's own switches: rule codes turned on (opt-in ones included) and off.
    enable: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()

    @property
    def role_globs(self) -> RoleGlobs:
        return RoleGlobs(
            test=self.test_globs, example=self.example_globs, script=self.script_globs, migration=self.migration_globs
        )

    @classmethod
    def keys(cls) -> tuple[str, ...]:
        return cls._fields

    def as_dict(self) -> dict[str, object]:
        """The settings as JSON-able values (mypy's cache keeps them: a changed option rechecks)."""
        return {key: list(value) if isinstance(value, tuple) else value for key, value in self._asdict().items()}

    @classmethod
    def parse(cls, **raw: object) -> Settings:
        """Settings from a section's keys and values; raises ``ValueError`` listing every bad one."""
        unknown = sorted(set(raw) - set(cls.keys()))
        if unknown:
            known = ", ".join(sorted(cls.keys()))
            raise ValueError("; ".join(f"unknown key {key!r} (known keys: {known})" for key in unknown))
        default = cls()
        read = values.Reader(str, **raw)
        settings = cls(
            check_private=read("check_private", values.boolean, default.check_private),
            exception_bases=read("exception_bases", values.dotted_names("app.errors.AppError"), ()),
            mixin_pattern=read("mixin_pattern", _mixin_pattern, default.mixin_pattern),
            blocking_client_types=read("blocking_client_types", values.dotted_names("redis.client.Redis"), ()),
            test_globs=read("test_globs", values.globs, default.test_globs),
            example_globs=read("example_globs", values.globs, default.example_globs),
            script_globs=read("script_globs", values.globs, default.script_globs),
            migration_globs=read("migration_globs", values.globs, default.migration_globs),
            enable=read("enable", _mypy_rules, ()),
            disable=read("disable", _mypy_rules, ()),
        )
        both = sorted(set(settings.enable) & set(settings.disable))
        if both:
            read.problems.append(f"enable and disable both name {', '.join(both)}")
        if read.problems:
            raise ValueError("; ".join(read.problems))
        return settings


class ConfigError(Exception):
    """A problem with the config section, with a one-line explanation."""


def _read_section(config_file: Path) -> Settings:
    """Validate the plugin's section of a mypy config file; the raw mapping never leaves here."""
    if config_file.suffix == ".toml":
        with config_file.open("rb") as handle:
            tool = tomllib.load(handle).get("tool", {})
        if not isinstance(tool, dict):
            return Settings()
        _no_misspelt_section(config_file, [str(name) for name in tool], "[tool.{}]")
        section = tool.get(SECTION, {})
        if not isinstance(section, dict):
            raise ConfigError(f"{config_file}: [tool.{SECTION}] must be a table")
        return _validate(config_file, f"[tool.{SECTION}]", {str(k): v for k, v in section.items()})
    # No DEFAULT section: its keys belong to mypy's own sections (mypy only warns about them),
    # not to the plugin's, which would reject them as unknown keys.
    parser = configparser.ConfigParser(interpolation=None, default_section="\x00no default section")
    parser.read(config_file, encoding="utf-8")
    _no_misspelt_section(config_file, parser.sections(), "[{}]")
    if not parser.has_section(SECTION):
        return Settings()
    items = {key.replace("-", "_"): value for key, value in parser.items(SECTION)}
    return _validate(config_file, f"[{SECTION}]", items)


#: Section names meant for the plugin, once lower-cased with ``_`` as ``-``.
_MISSPELLINGS: Final = frozenset({SECTION, "pyexpert", "mypy-pyexpert", "pyexpert.mypy"})


def _no_misspelt_section(config_file: Path, sections: list[str], spelling: str) -> None:
    """A section meant for the plugin but misspelt (``[pyexpert_mypy]``, ``[pyexpert]``,
    ``[mypy-pyexpert]``) would be ignored without a word: reject it, naming the right spelling."""
    for name in sections:
        if name != SECTION and name.lower().replace("_", "-") in _MISSPELLINGS:
            raise ConfigError(
                f"{config_file}: {spelling.format(name)} is not a section pyexpert reads; "
                f"did you mean {spelling.format(SECTION)}?"
            )


def _validate(config_file: Path, section: str, items: object) -> Settings:
    try:
        if not isinstance(items, dict) or not all(isinstance(key, str) for key in items):
            raise ValueError("must be a table of keys and values")
        return Settings.parse(**items)
    except ValueError as exc:
        raise ConfigError(f"{config_file}: {section} {exc}") from None


def parse_settings(config_file: str | None) -> Settings:
    """Settings from a mypy config file (defaults when there is none or it has no section)."""
    if not config_file:
        return Settings()
    path = Path(config_file)
    try:
        return _read_section(path)
    except (OSError, configparser.Error, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc


def fail_config(message: str) -> NoReturn:
    """Stop mypy with one line (exit status 2): a configuration the plugin cannot run with."""
    print(f"mypy_pyexpert: error: {message}", file=sys.stderr)
    raise SystemExit(2)


def load_settings(config_file: str | None) -> Settings:
    """Like :func:`parse_settings`, but a bad config stops mypy with a clear message."""
    try:
        return parse_settings(config_file)
    except ConfigError as exc:
        fail_config(str(exc))

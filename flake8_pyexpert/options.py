"""The flake8 plugin's options: registered from the catalog, parsed once into a frozen model.

Every option of a flake8 rule in the catalog (:class:`~pyexpert_core.catalog.RuleOption`) is
registered as ``--pyexpert-<kebab-name>`` (``parse_from_config=True``, so
``pyexpert-<kebab-name> =`` works in the ``[flake8]`` section too). :class:`Settings` has one
field per option, named like the option; its defaults are the catalog's defaults, so the
catalog stays the only place they are written.

Nothing here imports flake8 at load time: the option manager is described by a small Protocol,
and flake8's config reader is imported only to check the ``[flake8]`` section's keys.
"""

from __future__ import annotations

import argparse
import configparser
import importlib
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Final, NamedTuple, Protocol, cast

from pyexpert_core import values
from pyexpert_core.metadata import ROLE_OPTIONS, RULES
from pyexpert_core.project import parse_version
from pyexpert_core.roles import RoleGlobs
from pyexpert_core.ruleinfo import Checker, OptionInfo

__all__ = [
    "OPTION_PREFIX",
    "OptionError",
    "OptionManager",
    "Settings",
    "catalog_options",
    "misspelt_config_keys",
    "register_options",
    "settings_from_namespace",
]

OPTION_PREFIX: Final = "pyexpert_"


class OptionManager(Protocol):
    """The part of ``flake8.options.manager.OptionManager`` the plugin uses."""

    parser: argparse.ArgumentParser
    config_options_dict: dict[str, object]  # the config-file names of every registered option

    def add_option(self, *args: str, **kwargs: object) -> None: ...

    def extend_default_ignore(self, error_codes: Sequence[str]) -> None: ...


class OptionError(ValueError):
    """A bad option value; ``str()`` is the one-line message flake8 prints."""


#: The value of ``python_target`` that reads the ``requires-python`` of each file's project.
AUTO: Final = "auto"


def catalog_options() -> Iterator[OptionInfo]:
    """The shared options (file roles), then the options of the flake8 rules, each once, in code order."""
    yield from ROLE_OPTIONS
    seen: set[str] = set()
    for rule in RULES:
        if rule.checker is not Checker.FLAKE8:
            continue
        for option in rule.options:
            if option.name not in seen:
                seen.add(option.name)
                yield option


def _catalog_default(name: str) -> str:
    for option in catalog_options():
        if option.name == name:
            return option.default
    raise LookupError(f"the catalog has no flake8 option {name!r}")


def _python_target(value: object) -> tuple[int, int] | None:
    text = str(value).strip()
    if text.lower() == AUTO:
        return None
    try:
        return parse_version(text)
    except ValueError as exc:
        raise ValueError(f"{exc.args[0].removesuffix(')')}, or {AUTO})") from None


def _secret_pattern(value: object) -> re.Pattern[str]:
    # PX207: matched case-insensitively (``SECRET_KEY`` in a settings class is a secret too)
    return values.regex(value, re.IGNORECASE)


def _mixin_pattern(value: object) -> re.Pattern[str]:
    return values.regex(value, name_pattern=True)


class Settings(NamedTuple):
    """The parsed options of the flake8 plugin (one field per catalog option, defaults from the catalog)."""

    serializer_methods: frozenset[str] = values.identifiers(_catalog_default("serializer_methods"))
    secret_field_pattern: re.Pattern[str] = _secret_pattern(_catalog_default("secret_field_pattern"))
    # PX208: globs naming settings modules (no "/": the file name; with "/": the whole path)
    settings_modules: tuple[str, ...] = values.item_tuple(_catalog_default("settings_modules"))
    # PX303, PX309: (major, minor) of the oldest Python the checked code supports; None ("auto",
    # the default): the requires-python of each checked file's project (pyexpert_core.project).
    python_target: tuple[int, int] | None = _python_target(_catalog_default("python_target"))
    # File roles: the globs of test, example, script and migration files.
    test_globs: tuple[str, ...] = values.globs(_catalog_default("test_globs"))
    example_globs: tuple[str, ...] = values.globs(_catalog_default("example_globs"))
    script_globs: tuple[str, ...] = values.globs(_catalog_default("script_globs"))
    migration_globs: tuple[str, ...] = values.globs(_catalog_default("migration_globs"))
    # PX601-PX603: a class whose name matches (searched, case-sensitive) is a mixin
    mixin_pattern: re.Pattern[str] = _mixin_pattern(_catalog_default("mixin_pattern"))

    @property
    def role_globs(self) -> RoleGlobs:
        return RoleGlobs(
            test=self.test_globs, example=self.example_globs, script=self.script_globs, migration=self.migration_globs
        )

    @classmethod
    def parse(cls, **raw: object) -> Settings:
        """Settings from option values as flake8 hands them over (texts or lists of texts);
        unknown keys or bad values raise :class:`OptionError` naming every bad option."""
        unknown = sorted(set(raw) - set(cls._fields))
        if unknown:
            raise OptionError(f"unknown pyexpert option(s): {', '.join(unknown)}")
        default = cls()
        read = values.Reader(flag, **raw)
        settings = cls(
            serializer_methods=read("serializer_methods", values.identifiers, default.serializer_methods),
            secret_field_pattern=read("secret_field_pattern", _secret_pattern, default.secret_field_pattern),
            settings_modules=read("settings_modules", values.item_tuple, default.settings_modules),
            python_target=read("python_target", _python_target, default.python_target),
            test_globs=read("test_globs", values.globs, default.test_globs),
            example_globs=read("example_globs", values.globs, default.example_globs),
            script_globs=read("script_globs", values.globs, default.script_globs),
            migration_globs=read("migration_globs", values.globs, default.migration_globs),
            mixin_pattern=read("mixin_pattern", _mixin_pattern, default.mixin_pattern),
        )
        if read.problems:
            raise OptionError("; ".join(read.problems))
        return settings


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
    for name in Settings._fields:
        value: object = getattr(options, OPTION_PREFIX + name, None)
        if value is not None:
            raw[name] = value
    return Settings.parse(**raw)


_LoadConfig = Callable[..., tuple[configparser.RawConfigParser, str]]
_Stage1 = Callable[[], argparse.ArgumentParser]


def _flake8_command_line() -> list[str] | None:
    """The arguments of the ``flake8`` command running this process (``flake8 ...``, ``python -m
    flake8 ...``), or None when flake8 runs inside another program, whose arguments are not its."""
    program = sys.argv[0].replace("\\", "/") if sys.argv else ""
    name = program.rsplit("/", 1)[-1]
    if name in ("flake8", "flake8.exe") or program.endswith("flake8/__main__.py"):
        return sys.argv[1:]
    return None


def misspelt_config_keys(option_manager: OptionManager) -> list[str]:
    """The ``pyexpert-*`` keys of the ``[flake8]`` section flake8 read that name no option.

    flake8 ignores an unknown key without a word, so ``pyexpert-serializer-method = ...`` (for
    ``-methods``) would leave the rule on its defaults silently. The section is found the way
    flake8 finds it: flake8's own first-stage parser reads ``--config``, ``--append-config`` and
    ``--isolated`` from the command line, and flake8's ``load_config`` reads the files. When
    flake8 runs inside another program, or the files cannot be read (flake8 reports that
    itself), nothing is reported.
    """
    argv = _flake8_command_line()
    if argv is None:
        return []
    try:
        stage1 = cast(_Stage1, importlib.import_module("flake8.main.options").stage1_arg_parser)
        load_config = cast(_LoadConfig, importlib.import_module("flake8.options.config").load_config)
        args0, _ = stage1().parse_known_args(argv)
        cfg, _ = load_config(args0.config, list(args0.append_config or []), isolated=bool(args0.isolated))
        keys = list(cfg["flake8"]) if cfg.has_section("flake8") else []
    except (Exception, SystemExit):  # flake8's own reading of the command line and files reports it
        return []
    import difflib  # only for a misspelt key: not worth loading on every run

    known = option_manager.config_options_dict
    ours = sorted(name for name in known if name.startswith("pyexpert-"))
    problems = []
    for key in keys:
        if key.replace("_", "-").startswith("pyexpert-") and key not in known:
            close = difflib.get_close_matches(key.replace("_", "-"), ours, n=1, cutoff=0.8)
            hint = f"; did you mean {close[0]}?" if close else ""
            problems.append(f"unknown option {key} in the [flake8] section{hint}")
    return problems

"""The flake8 entry point: ``PX = "flake8_pyexpert.plugin:Plugin"``.

flake8 calls :meth:`Plugin.add_options` and :meth:`Plugin.parse_options` once per process
(under ``--jobs N`` forked workers inherit the parsed settings; spawned workers parse the same
arguments again), then builds ``Plugin(tree, filename)`` for each file and iterates
:meth:`Plugin.run`. The plugin never filters ``# noqa`` comments (flake8 does). Besides the
tree flake8 gives it, it reads one thing: the *project of each checked file*, the nearest
``pyproject.toml``/``setup.cfg`` above the file (:mod:`pyexpert_core.project`), for the
file's role (paths are matched relative to it) and, unless ``--pyexpert-python-target`` is
given, its ``requires-python`` (PX303/PX309). It is cached per directory, so ``--jobs N`` and a
one-file run see the same values, whatever directory flake8 is started in.

Opt-in rules (``default_enabled=False`` in the catalog) are put on flake8's *default* ignore
list. flake8 then reports them only when the user selects them explicitly: an explicit
``--select``/``--extend-select`` entry beats a default ignore whatever its length, so
``--extend-select PX209`` enables one opt-in rule, and ``--select PX`` (or ``--extend-select
PX``) enables every PX rule *including* the opt-in ones. Without any PX in ``select``, the PX
rules are on (flake8 selects every plugin's prefix by default) and the opt-in ones are off.
"""

from __future__ import annotations

import argparse
import ast
from collections.abc import Iterator, Sequence
from typing import ClassVar

from flake8_pyexpert import __version__
from flake8_pyexpert.options import (
    OptionError,
    OptionManager,
    Settings,
    misspelt_config_keys,
    register_options,
    settings_from_namespace,
)
from flake8_pyexpert.runner import Runner
from pyexpert_core.metadata import RULES
from pyexpert_core.ruleinfo import Checker

__all__ = ["Plugin", "opt_in_codes"]


def opt_in_codes() -> list[str]:
    """Codes of the flake8 rules that are off unless selected explicitly."""
    return [rule.code for rule in RULES if rule.checker is Checker.FLAKE8 and not rule.default_enabled]


class Plugin:
    """flake8 plugin object: one instance per checked file."""

    name: ClassVar[str] = "flake8-pyexpert"
    version: ClassVar[str] = __version__

    settings: ClassVar[Settings] = Settings()  # replaced by parse_options; defaults otherwise

    def __init__(self, tree: ast.AST, filename: str = "<unknown>", lines: Sequence[str] | None = None) -> None:
        self.tree = tree
        self.filename = filename
        self.lines = lines

    @classmethod
    def add_options(cls, option_manager: OptionManager) -> None:
        register_options(option_manager)
        codes = opt_in_codes()
        if codes:
            option_manager.extend_default_ignore(codes)

    @classmethod
    def parse_options(
        cls, option_manager: OptionManager, options: argparse.Namespace, args: Sequence[str]
    ) -> None:
        # flake8 retries a parse_options that raises TypeError with the one-argument form,
        # which would hide the real problem behind a second traceback: nothing may escape.
        problems = misspelt_config_keys(option_manager)
        if problems:
            option_manager.parser.error("; ".join(problems))
        try:
            cls.settings = settings_from_namespace(options)
        except (OptionError, TypeError, ValueError) as exc:
            option_manager.parser.error(str(exc))  # prints "flake8: error: ..." and exits 2

    def run(self) -> Iterator[tuple[int, int, str, type[Plugin]]]:
        for finding in Runner().run(self.tree, self.filename, type(self).settings, self.lines):
            yield finding.line, finding.col, finding.text, type(self)

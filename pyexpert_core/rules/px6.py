"""PX6 - Classes, ABCs and mixins."""

from __future__ import annotations

from pyexpert_core.catalog import Checker, Rule, RuleOption, StandardItem

__all__ = ["Checker", "Rule", "RuleOption", "StandardItem"]

# -- shared by PX601-PX603 (flake8) and PX605 (mypy) ---------------------------------------

MIXIN_PATTERN = RuleOption(
    name="mixin_pattern",
    type="regex",
    default=r"Mixin$",
    description=(
        "A class whose name matches this regular expression (searched) is a mixin. "
        "flake8: `--pyexpert-mixin-pattern` or `pyexpert-mixin-pattern =` in the `[flake8]` "
        "section; mypy: `mixin_pattern =` in the `[pyexpert-mypy]` section."
    ),
)

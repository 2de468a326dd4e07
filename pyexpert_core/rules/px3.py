"""PX3 - Async code that stays async."""

from __future__ import annotations

from pyexpert_core.catalog import Checker, Rule, RuleOption, StandardItem

__all__ = ["Checker", "Rule", "RuleOption", "StandardItem"]

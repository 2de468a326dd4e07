"""PX7 - Caching."""

from __future__ import annotations

from pyexpert_core.catalog import Checker, Rule, RuleOption, StandardItem

__all__ = ["Checker", "Rule", "RuleOption", "StandardItem"]

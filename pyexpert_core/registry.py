"""Finds every rule of the catalog and answers lookups by code, name or mypy error code."""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Iterator, Sequence
from types import ModuleType

from pyexpert_core import rules as _rules_package
from pyexpert_core.catalog import MYPY_CODE_PREFIX, Checker, Rule

__all__ = ["Registry", "UnknownRuleError", "bound_rules", "registry"]


class UnknownRuleError(LookupError):
    """Raised for a code or name that names no rule; ``str()`` is a one-line user message."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key

    def __str__(self) -> str:
        return (
            f"unknown rule {self.key!r}: expected a code like PX101, a name like "
            f"raw-dict-param or a mypy code like pyexpert-raw-dict-param "
            f"(`pyexpert rules` lists them)"
        )


def _rules_in(module: ModuleType) -> Iterator[tuple[str, Rule]]:
    for name, value in vars(module).items():
        if isinstance(value, Rule):
            yield name, value


def bound_rules() -> Iterator[tuple[str, Rule]]:
    """``(name, rule)`` for every module-level binding of a rule in :mod:`pyexpert_core.rules`
    (its modules in name order; a rule bound twice appears twice)."""
    for info in sorted(pkgutil.iter_modules(_rules_package.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{_rules_package.__name__}.{info.name}")
        yield from _rules_in(module)


class Registry:
    """An immutable, validated view of a set of rules, ordered by code."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        by_code: dict[str, Rule] = {}
        by_name: dict[str, Rule] = {}
        for rule in rules:
            if rule.code in by_code:
                raise ValueError(f"duplicate rule code {rule.code}")
            if rule.name in by_name:
                raise ValueError(f"duplicate rule name {rule.name} ({by_name[rule.name].code}, {rule.code})")
            by_code[rule.code] = rule
            by_name[rule.name] = rule
        self._by_code = dict(sorted(by_code.items()))
        self._by_name = by_name

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._by_code.values())

    def __len__(self) -> int:
        return len(self._by_code)

    def for_checker(self, checker: Checker) -> tuple[Rule, ...]:
        return tuple(rule for rule in self if rule.checker is checker)

    def by_code(self, code: str) -> Rule:
        try:
            return self._by_code[code.upper()]
        except KeyError:
            raise UnknownRuleError(code) from None

    def lookup(self, key: str) -> Rule:
        """A rule by code (``PX101``), name (``raw-dict-param``) or mypy code."""
        key = key.strip()
        if key.upper() in self._by_code:
            return self._by_code[key.upper()]
        name = key.lower().removeprefix(MYPY_CODE_PREFIX)
        if name in self._by_name:
            return self._by_name[name]
        raise UnknownRuleError(key)


def discover() -> Registry:
    """Import every module of :mod:`pyexpert_core.rules` and collect its rules."""
    found: list[Rule] = []
    seen: set[int] = set()
    for _name, rule in bound_rules():
        if id(rule) not in seen:
            seen.add(id(rule))
            found.append(rule)
    return Registry(found)


@functools.cache
def registry() -> Registry:
    """The catalog of this installation (discovered once per process)."""
    return discover()

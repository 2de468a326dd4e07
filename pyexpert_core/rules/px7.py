"""PX7 - Caching."""

from __future__ import annotations

from pyexpert_core.catalog import Checker, Rule, RuleOption, StandardItem
from pyexpert_core.roles import ALL_ROLES

__all__ = ["Checker", "Rule", "RuleOption", "StandardItem"]

# -- PX701 unhashable-cache-argument (mypy) ----------------------------------------------------

UNHASHABLE_CACHE_ARGUMENT = Rule(
    code="PX701",
    name="unhashable-cache-argument",
    summary="A functools.lru_cache/cache function takes a parameter whose type is unhashable",
    message=(
        "Cached function '{function}' takes unhashable '{param}: {type}' ({reason}); "
        "pass a tuple, frozenset or frozen model instead"
    ),
    rationale=(
        "`functools.lru_cache` and `functools.cache` build the cache key by hashing every "
        "argument. A `list`, `dict` or `set`, a Pydantic model that is not frozen and a dataclass "
        "that is not frozen are unhashable, so the first call raises `TypeError: unhashable "
        "type`. Tests that happen to pass a tuple keep passing; production, which passes the "
        "list the type allows, fails. Take a `tuple`, `frozenset` or a frozen model "
        "(`model_config = ConfigDict(frozen=True)`, `@dataclass(frozen=True)`) instead, or "
        "cache on the hashable fields.\n\n"
        "Flagged: a parameter of a function decorated with `functools.lru_cache` (bare, called, "
        "aliased) or `functools.cache` whose declared type is `list`, `dict` or `set` (their "
        "`typing` aliases and subclasses such as `defaultdict`, `OrderedDict`, `Counter`), a "
        "Pydantic model or SQLModel class without `frozen=True` (class keyword or `model_config`, "
        "on the class or a base), a dataclass without `frozen=True`, `unsafe_hash=True` or "
        "`eq=False`, an attrs class that mypy marks unhashable, or a union containing one of "
        "these (`list[int] | None`). Not flagged: `self`/`cls`, tuples, `frozenset`, scalars, "
        "abstract types (`Mapping`, `Sequence`, `Iterable`: a hashable value may be passed), "
        "classes that define `__hash__`, models whose `model_config` cannot be read statically "
        "(a shared config variable, `**` spreads), unannotated parameters, and functions where "
        "the cache decorator is not the one applied first (another decorator may change the "
        "signature) or that are cached by a call (`lru_cache(maxsize=None)(f)`). Reported at the "
        "parameter, once per parameter."
    ),
    bad=(
        "from functools import lru_cache\n"
        "\n"
        "\n"
        "@lru_cache(maxsize=128)\n"
        "def total_price(item_ids: list[int]) -> int:\n"
        "    return sum(item_ids)\n"
    ),
    good=(
        "from functools import lru_cache\n"
        "\n"
        "\n"
        "@lru_cache(maxsize=128)\n"
        "def total_price(item_ids: tuple[int, ...]) -> int:\n"
        "    return sum(item_ids)\n"
    ),
    checker=Checker.MYPY,
    standard=StandardItem.CACHING,
    applies_to=ALL_ROLES,
    references=(
        "https://docs.python.org/3/library/functools.html#functools.lru_cache",
        "https://docs.pydantic.dev/latest/concepts/models/#faux-immutability",
        "https://docs.python.org/3/library/dataclasses.html#dataclasses.dataclass",
    ),
)

"""Cached price lookups: ``lru_cache`` hashes every argument into its key.

A ``list`` or a mutable Pydantic model is unhashable, so the first call
raises ``TypeError: unhashable type``; a tuple and a frozen model are the
hashable spellings.
"""

from functools import lru_cache
from typing import Final

from pydantic import BaseModel, ConfigDict

PRICES_CENTS: Final = {"cape": 1999, "mask": 999, "boots": 4999}


class PriceQuery(BaseModel):
    """The original query: a mutable model, so not hashable."""

    sku: str
    quantity: int = 1


# Fixed: a frozen model is hashable (and cannot change under the cache).
class FrozenPriceQuery(BaseModel):
    model_config = ConfigDict(frozen=True)

    sku: str
    quantity: int = 1


@lru_cache(maxsize=1024)
def basket_total(skus: list[str]) -> int:  # expect: PX701
    return sum(PRICES_CENTS.get(sku, 0) for sku in skus)


# Fixed: a tuple is hashable, and says the function does not change it.
@lru_cache(maxsize=1024)
def basket_total_of(skus: tuple[str, ...]) -> int:
    return sum(PRICES_CENTS.get(sku, 0) for sku in skus)


@lru_cache(maxsize=1024)
def quote(query: PriceQuery) -> int:  # expect: PX701
    return PRICES_CENTS.get(query.sku, 0) * query.quantity


# Fixed: the frozen twin of the query model.
@lru_cache(maxsize=1024)
def quote_frozen(query: FrozenPriceQuery) -> int:
    return PRICES_CENTS.get(query.sku, 0) * query.quantity

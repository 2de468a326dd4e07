"""PX302 cached-coroutine: ``functools.lru_cache`` / ``cache`` / ``cached_property`` on an ``async def``.

Flagged: a decorator of an ``async def`` (function or method) that resolves, through the
module's imports, to ``functools.lru_cache``, ``functools.cache`` or
``functools.cached_property``, bare (``@cache``, ``@functools.cached_property``) or called
(``@lru_cache(maxsize=128)``), aliases included (``from functools import lru_cache as memo``).

Not flagged: the same decorators on a plain ``def``; decorators that do not resolve to
``functools`` (a local function named ``cache``); ``lru_cache(...)(fn)`` applied as a call.
"""

from __future__ import annotations

import ast
from typing import Final

from flake8_pyexpert.runner import Check
from pyexpert_core.metadata import CACHED_COROUTINE

__all__ = ["CachedCoroutine"]

_CACHES: Final = frozenset({"functools.lru_cache", "functools.cache", "functools.cached_property"})
_LAST_PARTS: Final = frozenset(name.rpartition(".")[2] for name in _CACHES)


class CachedCoroutine(Check):
    rules = (CACHED_COROUTINE,)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        for decorator in node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            if isinstance(target, ast.Attribute) and target.attr not in _LAST_PARTS:
                continue
            if not isinstance(target, ast.Name | ast.Attribute):
                continue
            qualified = self.model.resolve(target)  # decorators run in the enclosing scope
            if qualified in _CACHES:
                self.report(decorator, CACHED_COROUTINE, function=self.model.qualname(node), decorator=qualified)

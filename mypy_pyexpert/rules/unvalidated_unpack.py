"""PX105 unvalidated-unpack (STUB: to be implemented)."""

from __future__ import annotations

from collections.abc import Callable

from mypy.plugin import FunctionContext, Plugin
from mypy.types import Type


def hook_for(plugin: Plugin, fullname: str) -> Callable[[FunctionContext], Type] | None:
    return None

"""PX106 dumped-model-as-data (STUB: to be implemented)."""

from __future__ import annotations

from collections.abc import Callable

from mypy.plugin import MethodContext, Plugin
from mypy.types import Type


def hook_for(plugin: Plugin, fullname: str) -> Callable[[MethodContext], Type] | None:
    return None

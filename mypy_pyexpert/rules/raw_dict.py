"""PX101 raw-dict-param, PX102 raw-dict-return, PX103 raw-dict-field (STUB: to be implemented)."""

from __future__ import annotations

from collections.abc import Callable

from mypy.plugin import AnalyzeTypeContext, Plugin
from mypy.types import Type


class RawDictAnalyzer:
    def __init__(self, plugin: Plugin) -> None:
        self._plugin = plugin

    def hook_for(self, fullname: str) -> Callable[[AnalyzeTypeContext], Type] | None:
        return None

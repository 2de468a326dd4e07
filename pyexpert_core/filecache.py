"""Facts derived from a file's contents, computed once per version of the file.

A long-running process (dmypy) sees files change under it, so an entry is keyed by the file's
path and checked against its modification time and size before it is used. Standard library
only: the mypy plugin's reporting path uses it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["FileCache"]

_T = TypeVar("_T")


class FileCache(Generic[_T]):
    """``cache.get(path)``: ``derive(contents)`` of the file's current version, or ``None`` when
    the file cannot be read (missing, program text given with ``-c``, unreadable)."""

    __slots__ = ("_derive", "_entries")

    def __init__(self, derive: Callable[[bytes], _T]) -> None:
        self._derive = derive
        self._entries: dict[str, tuple[tuple[int, int], _T]] = {}

    def get(self, path: str) -> _T | None:
        try:
            stat = os.stat(path)
        except (OSError, ValueError):
            return None
        stamp = (stat.st_mtime_ns, stat.st_size)
        cached = self._entries.get(path)
        if cached is None or cached[0] != stamp:
            try:
                with open(path, "rb") as file:
                    contents = file.read()
            except (OSError, ValueError):
                return None
            cached = self._entries[path] = (stamp, self._derive(contents))
        return cached[1]

"""The progress line of ``pyexpert check`` on a terminal: files, tools still running, elapsed time.

Written to stderr only when stderr is a terminal, and erased when the run ends; a pipe or a file
gets nothing of it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from typing import Final, TextIO

__all__ = ["TerminalProgress", "count_python_files"]

_SKIPPED_DIRS: Final = frozenset({"__pycache__", "node_modules", "build", "dist", "venv", "site-packages"})


def _python_files(root: str) -> Iterator[str]:
    if os.path.isfile(root):
        if root.endswith((".py", ".pyi")):
            yield root
        return
    for directory, dirs, files in os.walk(root):
        dirs[:] = [name for name in dirs if not name.startswith(".") and name not in _SKIPPED_DIRS]
        yield from (os.path.join(directory, name) for name in files if name.endswith((".py", ".pyi")))


def count_python_files(paths: Sequence[str]) -> int:
    """How many Python files ``paths`` (or the current directory) hold, roughly as the tools see them."""
    return sum(1 for root in (paths or ["."]) for _ in _python_files(root))


class TerminalProgress:
    """Called by :func:`pyexpert_core.check.run_check` while the tools run."""

    def __init__(self, stream: TextIO, files: int) -> None:
        self._stream = stream
        self._files = files
        self._shown = False

    def __call__(self, elapsed: float, running: Sequence[str]) -> None:
        if not running:
            self.clear()
            return
        noun = "file" if self._files == 1 else "files"
        self._stream.write(f"\r\x1b[Kpyexpert: checking {self._files} {noun} ({', '.join(running)}) {elapsed:.0f}s")
        self._stream.flush()
        self._shown = True

    def clear(self) -> None:
        if self._shown:
            self._stream.write("\r\x1b[K")
            self._stream.flush()
            self._shown = False

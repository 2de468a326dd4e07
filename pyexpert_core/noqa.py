"""flake8's inline ``# noqa`` comments, for the findings of the mypy side.

One suppression syntax for every PX rule: ``# noqa: PX101`` on the reported line suppresses a
finding of the mypy plugin as it does a flake8 finding. The semantics are flake8's own
(``flake8.violation.Violation.is_inline_ignored``): the comment is searched anywhere in the
physical line, ``noqa`` in any case, codes separated by commas and/or whitespace, and a code is
suppressed when it equals one of the listed codes or starts with one (``# noqa: PX1``). A bare
``# noqa`` suppresses every PX finding of the line, as it does in flake8; mypy's own errors are
never affected (``# type: ignore`` is mypy's).

Standard library only: the mypy plugin imports this module, and a file is read only when a
finding is about to be reported on it.
"""

from __future__ import annotations

import re
from typing import Final

from pyexpert_core.filecache import FileCache

__all__ = ["NOQA_INLINE_RE", "is_suppressed", "line_is_suppressed", "noqa_codes", "source_line"]

#: The same pattern as ``flake8.defaults.NOQA_INLINE_REGEXP`` (a test compares the two).
NOQA_INLINE_RE: Final = re.compile(
    r"# noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?",
    re.IGNORECASE,
)
_SEPARATOR_RE: Final = re.compile(r"[,\s]")

#: A marker for "a bare ``# noqa``: every code".
EVERY_CODE: Final = frozenset({""})


def noqa_codes(line: str) -> frozenset[str] | None:
    """The codes a ``# noqa`` comment of ``line`` lists, :data:`EVERY_CODE` for a bare one, or
    ``None`` when the line has no such comment."""
    match = NOQA_INLINE_RE.search(line)
    if match is None:
        return None
    codes = match.group("codes")
    if codes is None:
        return EVERY_CODE
    return frozenset(item.strip() for item in _SEPARATOR_RE.split(codes) if item.strip())


def is_suppressed(line: str, code: str) -> bool:
    """Whether flake8 would not report ``code`` on the physical line ``line``."""
    codes = noqa_codes(line)
    return codes is not None and (codes is EVERY_CODE or code.startswith(tuple(codes)))


def _lines(contents: bytes) -> list[str]:
    """The physical lines as mypy and flake8 count them (universal newlines, undecodable bytes
    replaced)."""
    text = contents.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


_LINES: Final = FileCache(_lines)


def source_line(path: str, line: int) -> str | None:
    """Line ``line`` (1-based) of the file ``path``, or ``None`` when it cannot be read (a
    missing file, program text given with ``-c``, a line past the end)."""
    lines = _LINES.get(path)
    return lines[line - 1] if lines is not None and 0 < line <= len(lines) else None


def line_is_suppressed(path: str, line: int, code: str) -> bool:
    """Whether line ``line`` of ``path`` carries a ``# noqa`` comment that suppresses ``code``."""
    text = source_line(path, line)
    return text is not None and "noqa" in text.lower() and is_suppressed(text, code)

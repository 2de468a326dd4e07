"""A finding of ``pyexpert check``, whichever half reported it.

A PX finding carries its rule's code (``PX101``) and name (``raw-dict-param``), never the mypy
error code (``pyexpert-raw-dict-param``). An error of mypy itself (``--with-mypy-errors``) has the
code ``mypy:<error-code>`` (``mypy:arg-type``) and the error code as its name.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["MYPY_ERROR_PREFIX", "Finding", "Tool", "merge"]

#: The code prefix of mypy's own errors (``mypy:arg-type``).
MYPY_ERROR_PREFIX: Final = "mypy:"


class Tool(StrEnum):
    """The half of ``pyexpert check`` that reported a finding."""

    FLAKE8 = "flake8"
    MYPY = "mypy"


class Finding(BaseModel):
    """One finding: where (a posix path relative to the current directory when it is below it,
    a 1-based line and column), which rule and what it says."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str
    line: int = Field(ge=1)
    column: int = Field(ge=1)
    code: str
    name: str
    message: str
    tool: Tool

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.message)


def merge(*halves: list[Finding]) -> list[Finding]:
    """The findings of every half in one list sorted by file, position and code; a finding with
    the same file, line, column and code from both halves is kept once."""
    seen: set[tuple[str, int, int, str]] = set()
    merged: list[Finding] = []
    for finding in sorted((f for half in halves for f in half), key=Finding.sort_key):
        key = (finding.path, finding.line, finding.column, finding.code)
        if key not in seen:
            seen.add(key)
            merged.append(finding)
    return merged

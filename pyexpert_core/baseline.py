"""Baseline files: the findings a code base already had, so that CI gates only on new ones.

An entry is fingerprinted by the rule's code, the file and the reported line's text (stripped,
runs of whitespace collapsed), plus an occurrence index among the findings with the same three in
file order. The line number is not part of it: an edit elsewhere in the file that shifts lines
keeps every old finding matched, while a new finding (another rule, another line's text, or one
more occurrence of the same text) is reported. The message is stored for the reviewer only.

The file is JSON written from :class:`Baseline`, sorted and indented, so that it diffs well
and rewriting it after a fix only removes lines.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pyexpert_core.findings import Finding
from pyexpert_core.noqa import source_line

__all__ = ["BASELINE_VERSION", "Baseline", "BaselineEntry", "BaselineError", "build_baseline", "new_findings"]

BASELINE_VERSION: Final = 1
_WHITESPACE_RE: Final = re.compile(r"\s+")

_Key = tuple[str, str, str, int]


class BaselineError(Exception):
    """The baseline file cannot be read or is not a baseline: one line for the user."""


def normalized_line(text: str) -> str:
    """``text`` stripped, with every run of whitespace made one space."""
    return _WHITESPACE_RE.sub(" ", text.strip())


class BaselineEntry(BaseModel):
    """One accepted finding."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    path: str = Field(description="posix path relative to the directory pyexpert runs in")
    line: str = Field(description="the reported line's text, stripped, whitespace collapsed")
    occurrence: int = Field(ge=0, description="index among the entries with the same code, path and line")
    message: str = Field(description="for the reviewer; not part of the fingerprint")

    def key(self) -> _Key:
        return (self.path, self.code, self.line, self.occurrence)


class Baseline(BaseModel):
    """A baseline file: a version and the entries, sorted by path, code, line text, occurrence."""

    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = BASELINE_VERSION
    entries: list[BaselineEntry] = Field(default_factory=list)

    def dump(self) -> str:
        """The file's text: deterministic (sorted entries, two-space indent, trailing newline)."""
        ordered = Baseline(version=self.version, entries=sorted(self.entries, key=BaselineEntry.key))
        return ordered.model_dump_json(indent=2) + "\n"

    def write(self, path: Path) -> None:
        path.write_text(self.dump(), encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> Baseline:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise BaselineError(f"cannot read the baseline {path}: {exc}") from None
        try:
            return cls.model_validate_json(text)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "the file"
            raise BaselineError(
                f"{path} is not a pyexpert baseline ({where}: {first['msg']}); rewrite it with `pyexpert baseline`"
            ) from None


def _fingerprints(findings: Iterable[Finding]) -> list[tuple[_Key, Finding]]:
    """Each finding with its key, the occurrence counted in file order."""
    seen: Counter[tuple[str, str, str]] = Counter()
    keyed: list[tuple[_Key, Finding]] = []
    for finding in sorted(findings, key=Finding.sort_key):
        text = normalized_line(source_line(finding.path, finding.line) or "")
        base = (finding.path, finding.code, text)
        keyed.append(((*base, seen[base]), finding))
        seen[base] += 1
    return keyed


def build_baseline(findings: Iterable[Finding]) -> Baseline:
    """The baseline that accepts every one of ``findings``."""
    entries = [
        BaselineEntry(code=code, path=path, line=text, occurrence=occurrence, message=finding.message)
        for (path, code, text, occurrence), finding in _fingerprints(findings)
    ]
    return Baseline(entries=sorted(entries, key=BaselineEntry.key))


def new_findings(findings: Iterable[Finding], baseline: Baseline) -> list[Finding]:
    """The findings ``baseline`` does not accept, in their order."""
    accepted = {entry.key() for entry in baseline.entries}
    return sorted(
        (finding for key, finding in _fingerprints(findings) if key not in accepted), key=Finding.sort_key
    )

"""The output formats of ``pyexpert check``: ``text``, ``json``, ``sarif``, ``github``, and the
``--statistics`` table. Each renderer takes the merged findings and returns the whole output
(SARIF: :mod:`pyexpert_core.sarif`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Final

from pydantic import BaseModel, TypeAdapter

from pyexpert_core.findings import Finding
from pyexpert_core.sarif import render_sarif

__all__ = ["OutputFormat", "RuleCount", "render", "render_statistics", "statistics", "summary_line"]


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    GITHUB = "github"


# -- text and json -----------------------------------------------------------------------------


def render_text(findings: Sequence[Finding]) -> str:
    """One line per finding, ``path:line:col: CODE [name] message``."""
    return "".join(f"{f.path}:{f.line}:{f.column}: {f.code} [{f.name}] {f.message}\n" for f in findings)


_FINDINGS: Final = TypeAdapter(list[Finding])


def render_json(findings: Sequence[Finding]) -> str:
    return _FINDINGS.dump_json(list(findings), indent=2).decode() + "\n"


def summary_line(count: int, *, accepted: int | None = None) -> str:
    """``Found 3 findings.`` (``new`` and the number the baseline accepted with a baseline)."""
    noun = "finding" if count == 1 else "findings"
    if accepted is None:
        return f"Found {count} {noun}." if count else "No findings."
    return f"Found {count} new {noun} ({accepted} in the baseline)."


# -- github --------------------------------------------------------------------------------------


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(findings: Sequence[Finding]) -> str:
    """GitHub Actions workflow commands: one ``::error`` annotation per finding."""
    lines = []
    for f in findings:
        props = ",".join(
            f"{key}={_escape_property(value)}"
            for key, value in (
                ("file", f.path),
                ("line", str(f.line)),
                ("col", str(f.column)),
                ("title", f"{f.code} {f.name}"),
            )
        )
        lines.append(f"::error {props}::{_escape_data(f.message)}\n")
    return "".join(lines)


# -- statistics ----------------------------------------------------------------------------------


class RuleCount(BaseModel):
    code: str
    name: str
    count: int


def statistics(findings: Sequence[Finding]) -> list[RuleCount]:
    """Findings per rule, most frequent first (then by code)."""
    counts = Counter((f.code, f.name) for f in findings)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [RuleCount(code=code, name=name, count=count) for (code, name), count in ordered]


def render_statistics(findings: Sequence[Finding], fmt: OutputFormat) -> str:
    rows = statistics(findings)
    if fmt is OutputFormat.JSON:
        return TypeAdapter(list[RuleCount]).dump_json(rows, indent=2).decode() + "\n"
    if not rows:
        return ""
    width = max(len(str(row.count)) for row in rows)
    code_width = max(len(row.code) for row in rows)
    return "".join(f"{str(row.count).rjust(width)}  {row.code.ljust(code_width)}  {row.name}\n" for row in rows)


_RENDERERS: Final[dict[OutputFormat, Callable[[Sequence[Finding]], str]]] = {
    OutputFormat.TEXT: render_text,
    OutputFormat.JSON: render_json,
    OutputFormat.GITHUB: render_github,
}


def render(findings: Sequence[Finding], fmt: OutputFormat, *, docs_url: str | None = None) -> str:
    if fmt is OutputFormat.SARIF:
        return render_sarif(findings, docs_url=docs_url)
    return _RENDERERS[fmt](findings)

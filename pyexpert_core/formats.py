"""The output formats of ``pyexpert check``: ``text``, ``json``, ``sarif``, ``github``, and the
``--statistics`` table. Each renderer takes the merged findings and returns the whole output."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Final
from urllib.parse import quote

from pydantic import BaseModel, TypeAdapter

from pyexpert_core import __version__
from pyexpert_core.catalog import Rule
from pyexpert_core.docs import page_filename, render_rule
from pyexpert_core.findings import Finding
from pyexpert_core.registry import registry

__all__ = ["OutputFormat", "RuleCount", "render", "render_statistics", "statistics", "summary_line"]

SARIF_SCHEMA: Final = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION: Final = "2.1.0"
TOOL_NAME: Final = "pyexpert"
#: What the tool is (SARIF ``informationUri``): the package's page on PyPI.
INFORMATION_URI: Final = "https://pypi.org/project/flake8-pyexpert/"


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


# -- sarif ---------------------------------------------------------------------------------------


def _rule_descriptor(rule: Rule, docs_url: str | None) -> dict[str, object]:
    descriptor: dict[str, object] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.summary},
        "help": {"text": f"{rule.summary}. Run `pyexpert explain {rule.code}`.", "markdown": render_rule(rule)},
        "defaultConfiguration": {"level": "error", "enabled": rule.default_enabled},
        "properties": {"checker": rule.checker.value, "tags": [rule.family.name]},
    }
    if docs_url:
        descriptor["helpUri"] = docs_url.rstrip("/") + "/" + page_filename(rule)
    return descriptor


def _mypy_descriptor(finding: Finding) -> dict[str, object]:
    return {
        "id": finding.code,
        "name": finding.name,
        "shortDescription": {"text": f"mypy error code {finding.name}"},
        "helpUri": "https://mypy.readthedocs.io/en/stable/error_code_list.html",
    }


def render_sarif(findings: Sequence[Finding], *, docs_url: str | None = None) -> str:
    """A SARIF 2.1.0 log: one run, the catalog's rules as the driver's rules, one result each."""
    rules: list[dict[str, object]] = [_rule_descriptor(rule, docs_url) for rule in registry()]
    index = {str(rule["id"]): position for position, rule in enumerate(rules)}
    for finding in findings:
        if finding.code not in index:
            index[finding.code] = len(rules)
            rules.append(_mypy_descriptor(finding))
    results = [
        {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": "error",
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": quote(f.path)},
                        "region": {"startLine": f.line, "startColumn": f.column},
                    }
                }
            ],
        }
        for f in findings
    ]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL_NAME,
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


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

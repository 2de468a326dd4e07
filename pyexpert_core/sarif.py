"""SARIF 2.1.0 output of ``pyexpert check``: the part of the standard it writes, as Pydantic models.

One run; ``tool.driver`` names pyexpert and lists every rule of the catalog (id = PX code, name,
summary, the rule's page as help, a link to the published page with ``docs_url``), then a
descriptor for each mypy error code met (``--with-mypy-errors``). Each finding is one result with
a relative ``artifactLocation.uri`` and a 1-based ``region``. ``tests/test_check.py`` validates
the output against the official schema.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, Literal
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from pyexpert_core import __version__
from pyexpert_core.catalog import Rule
from pyexpert_core.docs import page_filename, render_rule
from pyexpert_core.findings import Finding
from pyexpert_core.registry import registry

__all__ = ["render_sarif"]

SARIF_SCHEMA: Final = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL_NAME: Final = "pyexpert"
#: What the tool is (``informationUri``): the package's page on PyPI.
INFORMATION_URI: Final = "https://pypi.org/project/flake8-pyexpert/"
MYPY_ERROR_CODES_URI: Final = "https://mypy.readthedocs.io/en/stable/error_code_list.html"

Level = Literal["error", "warning", "note"]


class _Model(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, frozen=True)


class Message(_Model):
    text: str
    markdown: str | None = None


class ReportingConfiguration(_Model):
    level: Level = "error"
    enabled: bool = True


class RuleProperties(_Model):
    checker: str
    tags: list[str]


class ReportingDescriptor(_Model):
    id: str
    name: str
    short_description: Message
    full_description: Message | None = None
    help: Message | None = None
    help_uri: str | None = None
    default_configuration: ReportingConfiguration | None = None
    properties: RuleProperties | None = None


class Driver(_Model):
    name: str
    version: str
    information_uri: str
    rules: list[ReportingDescriptor]


class ToolComponent(_Model):
    driver: Driver


class ArtifactLocation(_Model):
    uri: str


class Region(_Model):
    start_line: int
    start_column: int


class PhysicalLocation(_Model):
    artifact_location: ArtifactLocation
    region: Region


class Location(_Model):
    physical_location: PhysicalLocation


class Result(_Model):
    rule_id: str
    rule_index: int
    level: Level
    message: Message
    locations: list[Location]


class Run(_Model):
    tool: ToolComponent
    column_kind: Literal["unicodeCodePoints"] = "unicodeCodePoints"
    results: list[Result]


class SarifLog(_Model):
    schema_uri: str = Field(default=SARIF_SCHEMA, alias="$schema")
    version: Literal["2.1.0"] = "2.1.0"
    runs: list[Run]


def _rule_descriptor(rule: Rule, docs_url: str | None) -> ReportingDescriptor:
    return ReportingDescriptor(
        id=rule.code,
        name=rule.name,
        short_description=Message(text=rule.summary),
        full_description=Message(text=rule.rationale),
        help=Message(text=f"{rule.summary}. `pyexpert explain {rule.code}` prints the rule's page.",
                     markdown=render_rule(rule)),
        help_uri=docs_url.rstrip("/") + "/" + page_filename(rule) if docs_url else None,
        default_configuration=ReportingConfiguration(enabled=rule.default_enabled),
        properties=RuleProperties(checker=rule.checker.value, tags=[rule.family.name]),
    )


def _mypy_descriptor(finding: Finding) -> ReportingDescriptor:
    return ReportingDescriptor(
        id=finding.code,
        name=finding.name,
        short_description=Message(text=f"mypy error code {finding.name}"),
        help_uri=MYPY_ERROR_CODES_URI,
    )


def _result(finding: Finding, index: int) -> Result:
    location = PhysicalLocation(
        artifact_location=ArtifactLocation(uri=quote(finding.path)),
        region=Region(start_line=finding.line, start_column=finding.column),
    )
    return Result(
        rule_id=finding.code,
        rule_index=index,
        level="error",
        message=Message(text=finding.message),
        locations=[Location(physical_location=location)],
    )


def build_sarif(findings: Sequence[Finding], *, docs_url: str | None = None) -> SarifLog:
    rules = [_rule_descriptor(rule, docs_url) for rule in registry()]
    index = {rule.id: position for position, rule in enumerate(rules)}
    for finding in findings:
        if finding.code not in index:
            index[finding.code] = len(rules)
            rules.append(_mypy_descriptor(finding))
    driver = Driver(name=TOOL_NAME, version=__version__, information_uri=INFORMATION_URI, rules=rules)
    run = Run(tool=ToolComponent(driver=driver), results=[_result(f, index[f.code]) for f in findings])
    return SarifLog(runs=[run])


def render_sarif(findings: Sequence[Finding], *, docs_url: str | None = None) -> str:
    """The SARIF log of ``findings`` as indented JSON."""
    log = build_sarif(findings, docs_url=docs_url)
    return log.model_dump_json(indent=2, by_alias=True, exclude_none=True) + "\n"

"""Meta-tests that keep the catalog honest.

Codes and names are unique, every rule has a fixture, every rule's ``bad`` example run through
the real flake8 and the real mypy yields exactly its code and its ``good`` example yields
nothing, messages are one line, options are documented, and the Rule model round-trips.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from mypy_pyexpert.config import Settings
from pyexpert_core.catalog import Checker, Family, Rule, RuleOption, StandardItem, Status
from pyexpert_core.docs import render_rule
from pyexpert_core.registry import Registry, registry
from expectations import Finding, expectations_in, run_flake8, run_mypy

FIXTURES: Final = Path(__file__).parent / "fixtures"
RULES: Final = tuple(registry())
RULE_IDS: Final = [rule.code for rule in RULES]
_PLACEHOLDER_RE: Final = re.compile(r"\{[a-z_][a-z0-9_]*\}")


def fixture_path(rule: Rule) -> Path:
    """``tests/fixtures/<checker>/pxNNN_<name_with_underscores>.py``."""
    return FIXTURES / rule.checker.value / f"{rule.code.lower()}_{rule.name.replace('-', '_')}.py"


# -- uniqueness and structure ------------------------------------------------------------------


def test_registry_is_not_empty_and_ordered() -> None:
    assert len(RULES) >= 6
    assert [rule.code for rule in RULES] == sorted(rule.code for rule in RULES)


def test_codes_and_names_are_unique() -> None:
    codes = [rule.code for rule in RULES]
    names = [rule.name for rule in RULES]
    assert len(set(codes)) == len(codes)
    assert len(set(names)) == len(names)
    mypy_codes = [rule.mypy_code for rule in RULES]
    assert len(set(mypy_codes)) == len(mypy_codes)


def test_registry_rejects_a_duplicate_code() -> None:
    first = RULES[0]
    twin = first.model_copy(update={"name": first.name + "-twin"})
    with pytest.raises(ValueError, match=f"duplicate rule code {first.code}"):
        Registry([first, twin])


def test_registry_rejects_a_duplicate_name() -> None:
    first = RULES[0]
    twin = first.model_copy(update={"code": "PX199" if first.code != "PX199" else "PX198"})
    with pytest.raises(ValueError, match=f"duplicate rule name {first.name}"):
        Registry([first, twin])


@pytest.mark.parametrize("rule", RULES, ids=RULE_IDS)
def test_rule_belongs_to_a_family(rule: Rule) -> None:
    assert rule.family in Family
    assert rule.code.startswith(rule.family.name)


@pytest.mark.parametrize("rule", RULES, ids=RULE_IDS)
def test_rule_has_a_fixture_with_an_expectation(rule: Rule) -> None:
    path = fixture_path(rule)
    assert path.is_file(), f"{rule.code}: missing fixture {path.relative_to(FIXTURES.parent.parent)}"
    codes = {expectation.code for expectation in expectations_in(path)}
    assert rule.code in codes, f"{path.name} has no `# expect: {rule.code}` line"


@pytest.mark.parametrize("checker", list(Checker), ids=str)
def test_every_rule_fixture_names_a_rule_of_its_checker(checker: Checker) -> None:
    """A fixture ``pxNNN_*.py`` belongs to an existing rule of the checker its directory names."""
    codes = {rule.code for rule in registry().for_checker(checker)}
    for path in sorted((FIXTURES / checker.value).glob("px[0-9][0-9][0-9]_*.py")):
        assert path.name[:5].upper() in codes, f"{path.name}: no {checker.value} rule {path.name[:5].upper()}"


def test_registry_lookups() -> None:
    reg = registry()
    for rule in RULES:
        assert reg.by_code(rule.code.lower()) is rule
        assert reg.lookup(rule.code) is rule
        assert reg.lookup(rule.name) is rule
        assert reg.lookup(rule.mypy_code) is rule
    assert {rule.code for rule in reg.for_checker(Checker.FLAKE8)} | {
        rule.code for rule in reg.for_checker(Checker.MYPY)
    } == {rule.code for rule in RULES}


# -- messages and options ----------------------------------------------------------------------


@pytest.mark.parametrize("rule", RULES, ids=RULE_IDS)
def test_message_formats_to_one_line(rule: Rule) -> None:
    fields = {name: f"<{name}>" for name in rule.message_fields}
    text = rule.format(**fields)
    assert "\n" not in text and "\r" not in text
    assert not text.endswith(".")
    assert _PLACEHOLDER_RE.search(text) is None, f"{rule.code}: unfilled placeholder in {text!r}"
    for value in fields.values():
        assert value in text, f"{rule.code}: field {value} is not rendered"
    assert rule.flake8_text(**fields) == f"{rule.code} {text}"


@pytest.mark.parametrize("rule", RULES, ids=RULE_IDS)
def test_message_fields_are_enforced(rule: Rule) -> None:
    with pytest.raises(KeyError):
        rule.format(**{name: "x" for name in rule.message_fields}, not_a_field="x")
    if rule.message_fields:
        with pytest.raises(KeyError):
            rule.format()


@pytest.mark.parametrize("rule", RULES, ids=RULE_IDS)
def test_options_appear_in_the_doc_page(rule: Rule) -> None:
    page = render_rule(rule)
    for option in rule.options:
        assert f"`{option.name}`" in page
        assert option.default in page
        if rule.checker is Checker.FLAKE8:
            assert option.flake8_flag in page
        else:
            assert "[pyexpert-mypy]" in page


def test_mypy_options_are_settings_keys() -> None:
    """Every option a mypy rule documents is a key the plugin's config section accepts."""
    documented = {(rule.code, option.name) for rule in registry().for_checker(Checker.MYPY) for option in rule.options}
    assert documented, "no mypy rule documents an option (check_private is expected)"
    missing = sorted(item for item in documented if item[1] not in Settings.keys())
    assert not missing, f"[pyexpert-mypy] has no key for {missing}"


def test_flake8_options_are_registered() -> None:
    """Every option a flake8 rule documents is a real flake8 flag."""
    flags = {option.flake8_flag for rule in registry().for_checker(Checker.FLAKE8) for option in rule.options}
    proc = subprocess.run(
        [sys.executable, "-m", "flake8", "--help"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    missing = sorted(flag for flag in flags if flag not in proc.stdout)
    assert not missing, f"flake8 --help does not list {missing}"


# -- examples through the real tools -----------------------------------------------------------


@dataclass(frozen=True)
class ExampleRun:
    """The findings of both tools over every rule's examples, by module file name."""

    by_file: Mapping[str, tuple[Finding, ...]]

    def findings(self, filename: str) -> tuple[Finding, ...]:
        return self.by_file.get(filename, ())


def example_filename(rule: Rule, kind: str) -> str:
    return f"{rule.code.lower()}_{kind}.py"


@pytest.fixture(scope="module")
def example_run(tmp_path_factory: pytest.TempPathFactory) -> ExampleRun:
    """Every example, written as its own module, run once through flake8 and once through mypy.

    Both tools see every example: a rule has exactly one checker, so the other tool must stay
    silent on it too. flake8 selects the whole ``PX`` prefix explicitly (which also enables the
    opt-in rules) plus pyflakes' ``F``; mypy runs with the plugin and every opt-in code enabled,
    and mypy's own errors count as findings (the examples must be clean apart from the rule).
    """
    root = tmp_path_factory.mktemp("examples")
    paths: list[Path] = []
    for rule in RULES:
        for kind, source in (("bad", rule.bad), ("good", rule.good)):
            path = root / example_filename(rule, kind)
            path.write_text(source, encoding="utf-8")
            paths.append(path)
    opt_in = [rule.code for rule in registry().for_checker(Checker.MYPY) if not rule.default_enabled]
    mypy_section = "[mypy]\nplugins = mypy_pyexpert\n\n[pyexpert-mypy]\n"
    switches = f"enable = {', '.join(opt_in)}\n" if opt_in else ""
    config = root / "mypy.ini"
    config.write_text(mypy_section + switches, encoding="utf-8")
    names = [path.name for path in paths]
    flake8_findings = run_flake8(names, cwd=root, select="PX,F")
    # A rule whose examples need a setting (`example_config`, e.g. PX401's exception_bases) runs
    # each example alone with it; every other example shares one run without any setting.
    configured = {
        example_filename(rule, kind): rule for rule in RULES if rule.example_config for kind in ("bad", "good")
    }
    shared = [name for name in names if name not in configured]
    mypy_findings = run_mypy(shared, cwd=root, config_file=config, cache_dir=root / ".mypy_cache").findings
    for name, rule in configured.items():
        own_config = root / f"{name}.ini"
        section = rule.example_config.replace("{module}", name.removesuffix(".py"))
        own_config.write_text(f"{mypy_section}{switches}{section}\n", encoding="utf-8")
        mypy_findings += run_mypy([name], cwd=root, config_file=own_config, cache_dir=root / ".mypy_cache").findings
    by_file: dict[str, list[Finding]] = {}
    for finding in [*flake8_findings, *mypy_findings]:
        by_file.setdefault(Path(finding.path).name, []).append(finding)
    return ExampleRun({name: tuple(found) for name, found in by_file.items()})


def _describe(findings: tuple[Finding, ...]) -> str:
    return "\n".join(f"  line {f.line}: {f.code} {f.message}" for f in findings) or "  (nothing)"


@pytest.mark.parametrize("rule", RULES, ids=RULE_IDS)
def test_bad_example_yields_exactly_its_code(rule: Rule, example_run: ExampleRun) -> None:
    findings = example_run.findings(example_filename(rule, "bad"))
    codes = {finding.code for finding in findings}
    assert codes == {rule.code}, f"{rule.code} bad example ({rule.checker.value}):\n{_describe(findings)}"


@pytest.mark.parametrize("rule", RULES, ids=RULE_IDS)
def test_good_example_yields_nothing(rule: Rule, example_run: ExampleRun) -> None:
    findings = example_run.findings(example_filename(rule, "good"))
    assert not findings, f"{rule.code} good example:\n{_describe(findings)}"


# -- the Rule model ----------------------------------------------------------------------------

_LINE_CHARS: Final = st.characters(
    codec="utf-8", exclude_characters="\n\r{}", exclude_categories=("Cs", "Cc", "Zl", "Zp")
)
_FIELD_NAMES: Final = st.from_regex(r"[a-z_][a-z0-9_]{0,10}", fullmatch=True)


def _one_line(min_size: int = 1) -> st.SearchStrategy[str]:
    return st.text(_LINE_CHARS, min_size=min_size, max_size=40).map(str.strip).filter(bool)


@st.composite
def _messages(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.one_of(_one_line(), _FIELD_NAMES.map(lambda name: "{" + name + "}")), min_size=1))
    message = " ".join(pieces).strip()
    if not message or message.endswith("."):
        message += " x"
    return message.strip()


_TEXT: Final = st.text(min_size=1, max_size=80)
_OPTIONS: Final = st.builds(
    RuleOption,
    name=st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True),
    type=_TEXT,
    default=_TEXT,
    description=_TEXT,
)
_RULES: Final = st.builds(
    Rule,
    code=st.from_regex(r"PX[1-7][0-9]{2}", fullmatch=True),
    name=st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True),
    summary=_one_line(),
    message=_messages(),
    rationale=_TEXT,
    bad=_TEXT,
    good=_TEXT,
    checker=st.sampled_from(Checker),
    standard=st.sampled_from(StandardItem),
    default_enabled=st.booleans(),
    status=st.sampled_from(Status),
    options=st.lists(_OPTIONS, max_size=3).map(tuple),
    references=st.lists(_TEXT, max_size=3).map(tuple),
)


@given(_RULES)
def test_rule_round_trips(rule: Rule) -> None:
    assert Rule.model_validate(rule.model_dump()) == rule
    assert Rule.model_validate_json(rule.model_dump_json()) == rule
    assert rule.format(**{name: "v" for name in rule.message_fields}).count("\n") == 0


def test_catalog_rules_round_trip() -> None:
    for rule in RULES:
        assert Rule.model_validate(rule.model_dump()) == rule
        assert Rule.model_validate_json(rule.model_dump_json()) == rule


_CODE_RE: Final = re.compile(r"PX\d{3}")
_NAME_RE: Final = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


#: A valid rule's fields as validation input; each test below replaces one of them.
_VALID: Final = RULES[0].model_dump()


@given(st.text(max_size=10).filter(lambda s: _CODE_RE.fullmatch(s) is None))
def test_invalid_codes_are_rejected(code: str) -> None:
    with pytest.raises(ValidationError):
        Rule.model_validate({**_VALID, "code": code})


@given(st.text(max_size=20).filter(lambda s: _NAME_RE.fullmatch(s) is None))
def test_invalid_names_are_rejected(name: str) -> None:
    with pytest.raises(ValidationError):
        Rule.model_validate({**_VALID, "name": name})


@given(_one_line(), _one_line())
def test_messages_with_a_newline_are_rejected(before: str, after: str) -> None:
    with pytest.raises(ValidationError):
        Rule.model_validate({**_VALID, "message": f"{before}\n{after}"})
    with pytest.raises(ValidationError):
        Rule.model_validate({**_VALID, "summary": f"{before}\n{after}"})


@pytest.mark.parametrize(
    "message",
    [
        "Parameter is bad.",
        "positional {0} field",
        "empty {} field",
        "attribute {a.b} field",
        "Upper {Name} field",
        "nested {a:{b}} spec",
        "unbalanced { brace",
    ],
)
def test_bad_message_templates_are_rejected(message: str) -> None:
    with pytest.raises(ValidationError):
        Rule.model_validate({**_VALID, "message": message})


def test_unknown_rule_fields_are_rejected() -> None:
    with pytest.raises(ValidationError):
        Rule.model_validate({**_VALID, "severity": "high"})

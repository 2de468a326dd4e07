"""The ``# expect:`` comments themselves: their syntax, the message fragments, and their coverage."""

from __future__ import annotations

from pathlib import Path
from typing import Final

import pytest

from expectations import Expectation, Finding, expectations_in, mismatches
from pyexpert_core.registry import registry

FIXTURES: Final = Path(__file__).resolve().parent / "fixtures"


def _expect(tmp_path: Path, comment: str) -> list[Expectation]:
    path = tmp_path / "case.py"
    path.write_text(f"x = 1  # expect: {comment}\n", encoding="utf-8")
    return expectations_in(path)


def test_codes_columns_and_fragments_are_read(tmp_path: Path) -> None:
    found = _expect(tmp_path, 'PX203 from_attributes=True, PX104@5, PX701 "(a dict, or a list)" ,mypy:arg-type')
    assert [(e.code, e.col, e.fragment) for e in found] == [
        ("PX203", None, "from_attributes=True"),
        ("PX104", 5, ""),
        ("PX701", None, "(a dict, or a list)"),
        ("mypy:arg-type", None, ""),
    ]


@pytest.mark.parametrize("comment", ["PX10", 'PX101 "unclosed', "PX101,, PX102", "pyexpert-raw-dict-param"])
def test_a_malformed_comment_is_an_error(tmp_path: Path, comment: str) -> None:
    with pytest.raises(ValueError, match="bad expectation"):
        _expect(tmp_path, comment)


def test_a_fragment_must_be_part_of_the_message(tmp_path: Path) -> None:
    (exp,) = _expect(tmp_path, "PX203 from_attributes=True")

    def finding(advice: str) -> Finding:
        return Finding(exp.path, 1, 1, "PX203", f"Config key 'orm_mode' was renamed in Pydantic v2; use {advice}")

    assert mismatches([exp], [finding("from_attributes=True")]) == []
    problems = mismatches([exp], [finding("populate_by_name=True")])
    assert len(problems) == 2
    assert problems[0].startswith("missing:") and "containing 'from_attributes=True'" in problems[0]
    assert problems[1].startswith("unexpected:")


def test_pinned_findings_are_matched_before_unpinned_ones(tmp_path: Path) -> None:
    # Two findings of one code on a line: the expectation without a fragment must not take
    # the finding that only the pinned expectation can match.
    first, second = _expect(tmp_path, "PX601, PX601 'JsonMixin'")
    findings = [
        Finding(first.path, 1, 1, "PX601", "Mixin 'JsonMixin' is listed after base 'Base'"),
        Finding(first.path, 1, 1, "PX601", "Mixin 'TimeMixin' is listed after base 'Base'"),
    ]
    assert mismatches([first, second], findings) == []


def test_every_rule_has_its_message_pinned_in_the_fixtures() -> None:
    pinned = {exp.code for path in sorted(FIXTURES.rglob("*.py")) for exp in expectations_in(path) if exp.fragment}
    unpinned = [rule.code for rule in registry() if rule.code not in pinned]
    assert not unpinned, f"no '# expect: CODE fragment' checks a part of these rules' messages: {unpinned}"

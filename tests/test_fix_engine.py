"""The engine of ``pyexpert fix`` with a stand-in detector and fixers (no tool runs): the rounds,
the parse check before writing, the comment guard, the column conversion."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest

from pyexpert_core.findings import Finding, Tool
from pyexpert_core.fix.base import Edit, FileTree, Fixer, NotFixable, code_point_column
from pyexpert_core.fix.engine import MAX_ROUNDS, FixStatus, run_fix

FINDING = Finding(
    path="m.py", line=1, column=1, code="PX209", name="optional-without-default", message="m", tool=Tool.FLAKE8
)
Outcome = tuple[int, str, list[tuple[FixStatus, str]]]


def _run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str, fixer: Fixer, *, write: bool = True
) -> Outcome:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m.py").write_text(source, encoding="utf-8")
    calls = []

    def detector(paths: object, codes: object) -> list[Finding]:
        calls.append(1)
        return [FINDING]

    report = run_fix(["m.py"], frozenset({"PX209"}), {"PX209": fixer}, detector=detector, write=write)
    text = (tmp_path / "m.py").read_text(encoding="utf-8")
    return len(calls), text, [(result.status, result.detail) for result in report.results]


def _name(tree: FileTree, finding: Finding) -> cst.Name:
    name = tree.first_at(finding, cst.Name)
    assert name is not None
    return name


def test_a_fix_that_never_settles_stops_after_the_rounds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def grow(tree: FileTree, finding: Finding) -> Edit:
        return Edit(_name(tree, finding), lambda node: cst.Name(_name_value(node) + "x"), "grow")

    calls, text, results = _run(tmp_path, monkeypatch, "x = 1\n", grow)
    assert calls == MAX_ROUNDS + 1 and text == "xxxx = 1\n"
    assert [status for status, _detail in results] == [FixStatus.FIXED] * MAX_ROUNDS + [FixStatus.NOT_FIXABLE]
    assert "still changing after 3 rounds" in results[-1][1]


def _name_value(node: cst.CSTNode) -> str:
    assert isinstance(node, cst.Name)
    return node.value


def test_diff_mode_runs_one_round_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def rename(tree: FileTree, finding: Finding) -> Edit:
        return Edit(_name(tree, finding), lambda node: cst.Name("y"), "rename")

    calls, text, results = _run(tmp_path, monkeypatch, "x = 1\n", rename, write=False)
    assert (calls, text, results) == (1, "x = 1\n", [(FixStatus.FIXED, "rename")])


def test_a_result_that_does_not_parse_is_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def literal(tree: FileTree, finding: Finding) -> Edit:
        return Edit(_name(tree, finding), lambda node: cst.Integer("1"), "assign to a literal")

    _calls, text, results = _run(tmp_path, monkeypatch, "x = 1\n", literal)
    assert text == "x = 1\n"
    assert results == [(FixStatus.NOT_FIXABLE, "the fixed file would not parse (not written)")]


def test_an_edit_that_drops_a_comment_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def flatten(tree: FileTree, finding: Finding) -> Edit | NotFixable:
        node: cst.CSTNode | None = _name(tree, finding)
        while node is not None and not isinstance(node, cst.SimpleStatementLine):
            node = tree.parent(node)
        line = node
        if not isinstance(line, cst.SimpleStatementLine):
            return NotFixable("no line")
        return Edit(line, lambda node: cst.parse_statement("y = 2\n"), "flatten")

    _calls, text, results = _run(tmp_path, monkeypatch, "x = 1  # keep me\n", flatten)
    assert text == "x = 1  # keep me\n"
    assert results == [(FixStatus.NOT_FIXABLE, "the fix would drop a comment inside the code it rewrites")]


@pytest.mark.parametrize(
    ("line", "byte_column", "expected"),
    [("abc", 2, 2), ('"é" + x', 5, 4), ('"😀" x', 7, 4), ('"é"', 2, None)],
)
def test_byte_columns_become_code_points(line: str, byte_column: int, expected: int | None) -> None:
    assert code_point_column(line, byte_column) == expected


def test_a_file_that_is_not_utf8_is_left_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def rename(tree: FileTree, finding: Finding) -> Edit:
        return Edit(_name(tree, finding), lambda node: cst.Name("y"), "rename")

    monkeypatch.chdir(tmp_path)
    (tmp_path / "m.py").write_bytes(b"# -*- coding: latin-1 -*-\nx = '\xe9'\n")
    report = run_fix(["m.py"], frozenset({"PX209"}), {"PX209": rename}, detector=lambda paths, codes: [FINDING])
    assert [r.status for r in report.results] == [FixStatus.NOT_FIXABLE]
    assert report.results[0].detail.startswith("cannot read the file as UTF-8")


def test_every_rule_with_a_fix_in_the_catalog_has_a_fixer() -> None:
    from pyexpert_core.fix.fixers import FIXERS
    from pyexpert_core.registry import registry

    assert set(FIXERS) == {rule.code for rule in registry() if rule.fix is not None}


def test_the_default_selection_is_the_fixable_rules_on_by_default() -> None:
    from pyexpert_core.cli import fixable_codes

    default = fixable_codes(None)
    assert "PX204" in default and "PX209" not in default  # PX209 is opt-in
    assert fixable_codes("px20, PX303") == {f"PX20{n}" for n in (1, 2, 3, 4, 5, 6, 9)} | {"PX303"}

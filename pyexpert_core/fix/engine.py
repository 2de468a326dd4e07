"""``pyexpert fix``: findings in, rewritten files out.

1. **Detect**: the real tools report the findings of the selected codes with their positions
   (:func:`detect`: flake8 with ``--select`` for the flake8 rules, mypy with the user's
   configuration for PX204), so every precision rule of the checks applies to the fixes, and the
   type-awareness of PX204 comes from mypy.
2. **Plan**: per file, each finding goes to its rule's fixer (:data:`FIXERS`), which returns an
   :class:`~pyexpert_core.fix.base.Edit` of the node at the finding's position or a reason it is
   not fixable. Unsafe edits are kept only with ``--unsafe-fixes``.
3. **Apply**: one libcst pass applies every edit of the file, innermost first (an edit sees its
   node with the edits inside it applied), then adds and drops imports with libcst's
   ``AddImportsVisitor``/``RemoveImportsVisitor``. A result that does not parse is not written;
   its findings are reported not fixable.
4. **Repeat** (writing only): detection runs again until a round changes nothing (at most
   :data:`MAX_ROUNDS` rounds), so fixing twice is fixing once. ``--diff`` runs one round and
   writes nothing.
"""

from __future__ import annotations

import ast
import difflib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from enum import StrEnum
from pathlib import Path
from typing import Final, TypeVar

import libcst as cst
from pydantic import BaseModel, ConfigDict

from pyexpert_core.check import run_flake8, run_mypy
from pyexpert_core.findings import Finding
from pyexpert_core.fix.imports import update_imports
from pyexpert_core.fix.base import Edit, FileTree, Fixer, NotFixable, Replacement, Safety
from pyexpert_core.metadata import RULES
from pyexpert_core.ruleinfo import Checker

__all__ = ["MAX_ROUNDS", "FileChange", "FixReport", "FixResult", "FixStatus", "Detector", "detect", "run_fix"]

MAX_ROUNDS: Final = 3
_CHECKER: Final = {rule.code: rule.checker for rule in RULES}

#: The findings of the selected codes on the paths.
Detector = Callable[[Sequence[str], frozenset[str]], list[Finding]]


class FixStatus(StrEnum):
    FIXED = "fixed"
    #: an unsafe fix exists: applied with ``--unsafe-fixes``
    UNSAFE = "unsafe"
    NOT_FIXABLE = "not-fixable"


class FixResult(BaseModel):
    """What happened to one finding."""

    model_config = ConfigDict(frozen=True)

    finding: Finding
    status: FixStatus
    #: the fix (fixed, unsafe) or why there is none (not fixable)
    detail: str
    safety: Safety | None = None


class FileChange(BaseModel):
    """A file the fixes changed: its text before and after."""

    model_config = ConfigDict(frozen=True)

    path: str
    before: str
    after: str

    def diff(self) -> str:
        return "".join(
            difflib.unified_diff(
                self.before.splitlines(keepends=True),
                self.after.splitlines(keepends=True),
                fromfile=f"a/{self.path}",
                tofile=f"b/{self.path}",
            )
        )


class FixReport(BaseModel):
    """The outcome of ``pyexpert fix``: every finding's result, and the changed files."""

    results: list[FixResult] = []
    changes: list[FileChange] = []

    def with_status(self, status: FixStatus) -> list[FixResult]:
        return [result for result in self.results if result.status is status]


def detect(paths: Sequence[str], codes: frozenset[str]) -> list[Finding]:
    """The findings of ``codes`` on ``paths``: flake8 (``--select``) and mypy run in parallel,
    mypy only when a mypy rule (PX204) is selected."""
    flake8_codes = sorted(code for code in codes if _CHECKER.get(code) is Checker.FLAKE8)
    with_mypy = any(_CHECKER.get(code) is Checker.MYPY for code in codes)
    with ThreadPoolExecutor(max_workers=2) as pool:
        select = [f"--select={','.join(flake8_codes)}"]
        flake8 = pool.submit(run_flake8, paths, options=select) if flake8_codes else None
        mypy = pool.submit(run_mypy, paths) if with_mypy else None
        found = [*(flake8.result() if flake8 else ()), *(mypy.result() if mypy else ())]
    return [finding for finding in found if finding.code in codes]


# -- one file ----------------------------------------------------------------------------------

_N = TypeVar("_N", bound=cst.CSTNode)


def _comments(node: cst.CSTNode) -> Counter[str]:
    found: Counter[str] = Counter()
    todo = [node]
    while todo:
        current = todo.pop()
        if isinstance(current, cst.Comment):
            found[current.value] += 1
        todo.extend(current.children)
    return found


class _Apply(cst.CSTTransformer):
    """Applies the edits, innermost first; an edit that would drop a comment is skipped."""

    def __init__(self, edits: Mapping[cst.CSTNode, Sequence[tuple[int, Edit, Replacement, bool]]]) -> None:
        super().__init__()
        self.edits = edits
        self.dropping: set[int] = set()  # the edits skipped because they would drop a comment

    def on_leave(self, original_node: _N, updated_node: _N) -> _N | cst.RemovalSentinel | cst.FlattenSentinel[_N]:
        result: cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNode] = updated_node
        for index, edit, replace, primary in self.edits.get(original_node, ()):
            if not isinstance(result, cst.CSTNode) or index in self.dropping:
                continue
            new = replace(result)
            kept = _comments(new) if isinstance(new, cst.CSTNode) else Counter[str]()
            if not (edit.drops_comments and primary) and _comments(result) - kept:
                self.dropping.add(index)
                continue
            result = new
        return result  # type: ignore[return-value]  # an edit may replace a node by another kind


def _parses(code: str, path: str) -> bool:
    try:
        compile(code, path, "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError):
        return False
    return True


def _apply(tree: FileTree, edits: Sequence[Edit]) -> tuple[str, set[int]]:
    """The fixed text, and the indexes of the edits skipped because they would drop a comment."""
    by_node: dict[cst.CSTNode, list[tuple[int, Edit, Replacement, bool]]] = {}
    for index, edit in enumerate(edits):
        by_node.setdefault(edit.node, []).append((index, edit, edit.replace, True))
        for node, replace in edit.more:
            by_node.setdefault(node, []).append((index, edit, replace, False))
    applier = _Apply(by_node)
    module = tree.module.visit(applier)
    done = [edit for index, edit in enumerate(edits) if index not in applier.dropping]
    add = [spec for edit in done for spec in edit.add_imports]
    unused = [spec for edit in done for spec in edit.unused_imports]
    module = update_imports(module, tree.path, add, unused)
    return module.code, applier.dropping


def fix_file(
    path: str, source: str, findings: Iterable[Finding], fixers: Mapping[str, Fixer], *, unsafe: bool
) -> tuple[str, list[FixResult]]:
    """The fixed text of one file and what happened to each finding."""
    try:
        tree = FileTree.parse(path, source)
    except cst.ParserSyntaxError as exc:
        reason = f"libcst cannot parse the file: {str(exc).splitlines()[0]}"
        return source, [FixResult(finding=f, status=FixStatus.NOT_FIXABLE, detail=reason) for f in findings]
    results: list[FixResult] = []
    applied: list[tuple[Finding, Edit]] = []
    for finding in findings:
        fixer = fixers.get(finding.code)
        planned = fixer(tree, finding) if fixer is not None else NotFixable("no fix for this rule")
        if isinstance(planned, NotFixable):
            results.append(FixResult(finding=finding, status=FixStatus.NOT_FIXABLE, detail=planned.reason))
        elif planned.safety is Safety.UNSAFE and not unsafe:
            results.append(
                FixResult(finding=finding, status=FixStatus.UNSAFE, detail=planned.description, safety=planned.safety)
            )
        else:
            applied.append((finding, planned))
    if not applied:
        return source, results
    fixed, dropping = _apply(tree, [edit for _finding, edit in applied])
    if not _parses(fixed, path):
        reason = "the fixed file would not parse (not written)"
        results += [FixResult(finding=f, status=FixStatus.NOT_FIXABLE, detail=reason) for f, _edit in applied]
        return source, results
    for index, (finding, edit) in enumerate(applied):
        if index in dropping:
            reason = "the fix would drop a comment inside the code it rewrites"
            results.append(FixResult(finding=finding, status=FixStatus.NOT_FIXABLE, detail=reason))
        else:
            results.append(
                FixResult(finding=finding, status=FixStatus.FIXED, detail=edit.description, safety=edit.safety)
            )
    return fixed, results


# -- every file --------------------------------------------------------------------------------


def _by_file(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    grouped: dict[str, list[Finding]] = {}
    seen: set[tuple[str, int, int, str, str]] = set()
    for finding in sorted(findings, key=Finding.sort_key):
        key = finding.sort_key()
        if key not in seen:
            seen.add(key)
            grouped.setdefault(finding.path, []).append(finding)
    return grouped


def run_fix(
    paths: Sequence[str],
    codes: frozenset[str],
    fixers: Mapping[str, Fixer],
    *,
    unsafe: bool = False,
    write: bool = True,
    detector: Detector = detect,
) -> FixReport:
    """Fix the findings of ``codes`` on ``paths``; ``write=False`` (``--diff``) runs one round and
    changes no file."""
    originals: dict[str, str] = {}
    current: dict[str, str] = {}
    fixed: list[FixResult] = []
    left: list[FixResult] = []
    for _round in range(MAX_ROUNDS if write else 1):
        changed = False
        left = []
        for path, findings in _by_file(detector(paths, codes)).items():
            source = current.get(path)
            if source is None:
                try:
                    source = Path(path).read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError) as exc:
                    reason = f"cannot read the file as UTF-8: {exc}"
                    left += [FixResult(finding=f, status=FixStatus.NOT_FIXABLE, detail=reason) for f in findings]
                    continue
                originals[path] = source
            text, results = fix_file(path, source, findings, fixers, unsafe=unsafe)
            fixed += [r for r in results if r.status is FixStatus.FIXED]
            left += [r for r in results if r.status is not FixStatus.FIXED]
            if text != source:
                changed = True
                current[path] = text
                if write:
                    Path(path).write_text(text, encoding="utf-8")
        if not changed:
            break
    else:
        if write:  # the last round changed files: what is left is what detection says now
            left = []
            for path, findings in _by_file(detector(paths, codes)).items():
                source = current.get(path) or Path(path).read_text(encoding="utf-8")
                _text, results = fix_file(path, source, findings, fixers, unsafe=unsafe)
                left += [
                    r
                    if r.status is not FixStatus.FIXED
                    else FixResult(
                        finding=r.finding,
                        status=FixStatus.NOT_FIXABLE,
                        detail=f"still changing after {MAX_ROUNDS} rounds: run pyexpert fix again",
                    )
                    for r in results
                ]
    changes = [
        FileChange(path=path, before=originals[path], after=text)
        for path, text in sorted(current.items())
        if text != originals[path]
    ]
    results = sorted([*fixed, *left], key=lambda result: result.finding.sort_key())
    return FixReport(results=results, changes=changes)

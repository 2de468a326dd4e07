"""``pyexpert fix`` side by side with bump-pydantic, on one shared set of v1 cases.

bump-pydantic's distribution ships no test cases, so the cases are ours
(``tests/fixtures/fix/shared/``): one v1 idiom per ``# case: <name>`` section of ``cases.py``,
and one per module for the cases a section cannot show (an import alone, a module that does not
import under v2). Both tools run on their own copy:
bump-pydantic's codemods in this process (its driver without the process pool, which costs more
than the codemods), ``pyexpert fix`` with every fixable rule (PX209 selected) and safe fixes only.

- Every case bump-pydantic changes, pyexpert changes too, but for the one listed in
  :data:`PYEXPERT_GAPS`; pyexpert's result imports under Pydantic v2 without a deprecation
  warning.
- The method renames (``.dict()``, ``.parse_obj()``, ``from_orm``...) bump-pydantic leaves alone,
  as it cannot know types; pyexpert fixes them through mypy.
- The README reports these counts; the test keeps them true.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import deque
from pathlib import Path
from typing import Any, Final

import libcst as cst
import pytest
from bump_pydantic.codemods import gather_codemods
from bump_pydantic.codemods.class_def_visitor import ClassDefVisitor
from bump_pydantic.main import run_codemods
from libcst.codemod import CodemodContext
from libcst.helpers import calculate_module_and_package
from libcst.metadata import FullRepoManager, FullyQualifiedNameProvider, ScopeProvider

from fixing import ALL_CODES, FIXTURES, MYPY_INI, SETUP_CFG, fix_in, inside

SHARED: Final = FIXTURES / "shared"
README: Final = Path(__file__).resolve().parent.parent / "README.md"
_SECTION: Final = re.compile(r"^# case: (\w+)\n", re.MULTILINE)
MODULES: Final = sorted(path.stem for path in SHARED.glob("*.py") if path.stem not in ("__init__", "cases"))


def _cases(texts: dict[str, str]) -> dict[str, str]:
    """Each case's text: the sections of ``cases.py``, the other modules whole."""
    parts = _SECTION.split(texts["cases"])
    sections = dict(zip(parts[1::2], parts[2::2], strict=True))
    return sections | {module: texts[module] for module in MODULES}


def _read(root: Path) -> dict[str, str]:
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted((root / "cases").glob("*.py"))}


#: the case bump-pydantic fixes and pyexpert does not: `= None` for an `Any` field (PX209 is about
#: Optional fields; an `Any` field is required in v2, which may be what was meant)
PYEXPERT_GAPS: Final = frozenset({"any_default"})
_TODO: Final = re.compile(r"^\s*# (TODO\[pydantic\]|Check https://docs\.pydantic\.dev).*\n", re.MULTILINE)


def _bump_pydantic(root: Path, package: str) -> None:
    """bump-pydantic's main(), in this process."""
    with inside(root):
        files = sorted(str(path.relative_to(root)) for path in (root / package).glob("**/*.py"))
        manager = FullRepoManager(".", files, providers={FullyQualifiedNameProvider, ScopeProvider})
        manager.resolve_cache()
        scratch: dict[str, Any] = {}
        queue, visited = deque(files), set[str]()
        while queue:
            filename = queue.popleft()
            visited.add(filename)
            names = calculate_module_and_package(package, filename)
            context = CodemodContext(
                metadata_manager=manager,
                filename=filename,
                full_module_name=names.name,
                full_package_name=names.package,
                scratch=scratch,
            )
            visitor = ClassDefVisitor(context=context)
            visitor.transform_module(cst.parse_module(Path(filename).read_text(encoding="utf-8")))
            following = visitor.next_file(visited)
            if following is not None:
                queue.appendleft(following)
        for filename in files:
            error, _diff = run_codemods(gather_codemods(disabled=[]), manager, scratch, Path(package), False, filename)
            assert error is None, error


class SideBySide:
    def __init__(self, before: dict[str, str], bump: dict[str, str], pyexpert: dict[str, str], root: Path) -> None:
        self.cases = sorted(before)
        # a TODO comment alone is not a fix
        self.bump_changed = {case for case in before if _TODO.sub("", bump[case]) != before[case]}
        self.pyexpert_changed = {case for case in before if pyexpert[case] != before[case]}
        self.root = root


@pytest.fixture(scope="module")
def side_by_side(tmp_path_factory: pytest.TempPathFactory) -> SideBySide:
    bump_root, ours = tmp_path_factory.mktemp("bump"), tmp_path_factory.mktemp("pyexpert")
    for root in (bump_root, ours):
        shutil.copytree(SHARED, root / "cases")
    (ours / "setup.cfg").write_text(SETUP_CFG, encoding="utf-8")
    (ours / "mypy.ini").write_text(MYPY_INI, encoding="utf-8")
    _bump_pydantic(bump_root, "cases")
    fix_in(ours, ["cases"], codes=ALL_CODES)
    before = _cases({path.stem: path.read_text(encoding="utf-8") for path in SHARED.glob("*.py")})
    return SideBySide(before, _cases(_read(bump_root)), _cases(_read(ours)), ours)


def test_pyexpert_fixes_what_bump_pydantic_fixes(side_by_side: SideBySide) -> None:
    assert side_by_side.bump_changed - side_by_side.pyexpert_changed == PYEXPERT_GAPS


def test_pyexpert_fixes_the_method_renames_bump_pydantic_cannot(side_by_side: SideBySide) -> None:
    methods = {case for case in side_by_side.cases if case.startswith("method_")}
    assert methods and not methods & side_by_side.bump_changed
    assert methods <= side_by_side.pyexpert_changed


def test_pyexpert_results_import_under_pydantic_v2(side_by_side: SideBySide) -> None:
    modules = ["cases", *(module for module in MODULES if module in side_by_side.pyexpert_changed)]
    code = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module('cases.' + name)\n"
    proc = subprocess.run(
        [sys.executable, "-W", "error::DeprecationWarning", "-c", code, *modules],
        cwd=side_by_side.root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr


def test_the_readme_reports_the_counts(side_by_side: SideBySide) -> None:
    both = side_by_side.bump_changed & side_by_side.pyexpert_changed
    only_ours = side_by_side.pyexpert_changed - side_by_side.bump_changed
    expected = (
        f"Of {len(side_by_side.cases)} shared cases, bump-pydantic fixes {len(side_by_side.bump_changed)} and "
        f"`pyexpert fix` {len(side_by_side.pyexpert_changed)}: {len(both)} of bump-pydantic's, and "
        f"{len(only_ours)} it leaves alone"
    )
    assert expected in " ".join(README.read_text(encoding="utf-8").split()), expected

"""What a module is, for the mypy side: checked code or a library, its role, its compatibility
branches. The definitions are the shared ones of :mod:`pyexpert_core`; this module reads the
facts they need from mypy's trees.

* *Checked code* (:func:`is_checked_module`): a module mypy reports errors in and that is the
  project's own: not a stub, not under ``site-packages``/``dist-packages``, not configured
  ``ignore_errors`` or ``follow_imports = silent/skip``. Decided from the module's path and
  options only, so a module loaded from mypy's cache gets the same answer as a parsed one
  (``Errors.ignored_files`` is not used: cached modules are never added to it).
* *Role* (:func:`module_role`): :func:`pyexpert_core.roles.role_of` of the module's path
  (relative to its project) and content (a top-level ``__main__`` guard, its top-level imports).
* *Compatibility branches* (:func:`in_compat_branch`): :func:`pyexpert_core.compat.compat_regions`
  of the module's source, read and parsed only when a Pydantic v2 rule is about to report there.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import PurePath
from typing import Final

from mypy.nodes import ComparisonExpr, IfStmt, Import, ImportAll, ImportFrom, MypyFile, NameExpr, StrExpr
from mypy.options import Options

from pyexpert_core import project
from pyexpert_core.compat import CompatRegions, compat_regions, may_mention_pydantic
from pyexpert_core.filecache import FileCache
from pyexpert_core.roles import Role, RoleGlobs, role_of

__all__ = ["in_compat_branch", "is_checked_module", "is_checked_path", "module_role"]

_INSTALLED_DIRS: Final = frozenset({"site-packages", "dist-packages"})

# module id -> (tree, verdict): the tree is held so that a new tree (dmypy) is a miss
_CHECKED: dict[str, tuple[MypyFile | None, bool]] = {}
# id(tree) -> (tree, defs, imports, globs, role)
_ROLES: dict[int, tuple[MypyFile, object, object, RoleGlobs, Role]] = {}
# path -> (mtime_ns, size, regions)


def is_checked_path(path: str) -> bool:
    """Not a stub, not an installed package (by path)."""
    if not path or path.lower().endswith(".pyi"):
        return False
    return not _INSTALLED_DIRS.intersection(PurePath(path).parts)


def is_checked_module(modules: Mapping[str, MypyFile], options: Options, module_id: str) -> bool:
    """Whether ``module_id`` is checked code (see the module docstring)."""
    tree = modules.get(module_id)
    cached = _CHECKED.get(module_id)
    if cached is not None and cached[0] is tree:
        return cached[1]
    verdict = False
    if tree is not None and not tree.is_stub and is_checked_path(tree.path):
        module_options = options.clone_for_module(module_id)
        verdict = not module_options.ignore_errors and module_options.follow_imports not in ("silent", "skip")
    _CHECKED[module_id] = (tree, verdict)
    return verdict


def _has_main_guard(tree: MypyFile) -> bool:
    for stmt in tree.defs:
        if not isinstance(stmt, IfStmt) or not stmt.expr:
            continue
        test = stmt.expr[0]
        if isinstance(test, ComparisonExpr) and test.operators == ["=="] and len(test.operands) == 2:
            left, right = test.operands
            names = {operand.name for operand in (left, right) if isinstance(operand, NameExpr)}
            strings = {operand.value for operand in (left, right) if isinstance(operand, StrExpr)}
            if names == {"__name__"} and strings == {"__main__"}:
                return True
    return False


def _imported_packages(tree: MypyFile) -> set[str]:
    found: set[str] = set()
    for imp in tree.imports:
        if not imp.is_top_level:
            continue
        if isinstance(imp, Import):
            found.update(name.partition(".")[0] for name, _ in imp.ids)
        elif isinstance(imp, ImportFrom | ImportAll) and not imp.relative:
            found.add(imp.id.partition(".")[0])
    return found


def module_role(tree: MypyFile, globs: RoleGlobs) -> Role:
    """The role of the module whose tree mypy is analysing or checking."""
    cached = _ROLES.get(id(tree))
    if (
        cached is not None
        and cached[0] is tree
        and cached[1] is tree.defs
        and cached[2] is tree.imports
        and cached[3] == globs
    ):
        return cached[4]
    role = role_of(
        project.project_parts(tree.path),
        globs,
        main_guard=_has_main_guard(tree),
        imported=_imported_packages(tree),
    )
    _ROLES[id(tree)] = (tree, tree.defs, tree.imports, globs, role)
    return role


def _compat_regions(source: bytes) -> CompatRegions:
    try:
        tree = ast.parse(source) if may_mention_pydantic(source) else None
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return CompatRegions()
    return compat_regions(tree) if tree is not None else CompatRegions()


_COMPAT: Final = FileCache(_compat_regions)


def in_compat_branch(path: str, line: int, column: int) -> bool:
    """Whether a position of the file at ``path`` is in a Pydantic v1 compatibility branch."""
    regions = _COMPAT.get(path)
    return regions is not None and regions.contains(line, column)

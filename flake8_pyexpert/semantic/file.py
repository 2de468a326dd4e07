"""Facts about the checked file as a whole: its role, its project, its compatibility branches.

Each is computed on first use (most files need none of them) from the file name flake8 gives,
the tree and the shared definitions of :mod:`pyexpert_core.roles`, :mod:`pyexpert_core.project`
and :mod:`pyexpert_core.compat`.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final, Literal

from flake8_pyexpert.semantic.classes import ClassInfo
from flake8_pyexpert.semantic.tree import has_main_guard
from pyexpert_core import project
from pyexpert_core.roles import Role, RoleGlobs, role_of

if TYPE_CHECKING:
    from flake8_pyexpert.semantic.model import SemanticModel
    from pyexpert_core.compat import AncestorTest, CompatRegions

__all__ = ["FileFacts", "NEUTRAL_BASE_PACKAGES"]

#: Top-level packages whose classes are bases for the project's own classes (data models, enums,
#: exceptions, protocols), not frameworks whose hook methods a subclass overrides.
NEUTRAL_BASE_PACKAGES: Final = frozenset(
    {
        "builtins", "typing", "typing_extensions", "abc", "enum", "collections", "dataclasses",
        "pydantic", "pydantic_settings", "sqlmodel", "attr", "attrs",
    }
)


class FileFacts:
    """The role, project and compatibility branches of one checked file."""

    def __init__(
        self,
        filename: str,
        model: SemanticModel,
        globs: RoleGlobs,
        python_target: tuple[int, int] | None = None,
        lines: Sequence[str] | None = None,
    ) -> None:
        self.filename = filename
        self._lines = lines
        self.model = model
        self._globs = globs
        self._python_target = python_target
        self._role: Role | None = None
        self._compat: AncestorTest | Literal[False] | None = None  # False: the file has no region
        self._regions: CompatRegions | None = None
        self._first_party: frozenset[str] | None = None

    @property
    def role(self) -> Role:
        """What the file is for (:func:`pyexpert_core.roles.role_of`)."""
        if self._role is None:
            model = self.model
            self._role = role_of(
                project.project_parts(self.filename),
                self._globs,
                main_guard=has_main_guard(model.tree),
                imported=model.imported_packages,
            )
        return self._role

    @property
    def python_target(self) -> tuple[int, int]:
        """The option's value, else the ``requires-python`` of the file's project, else 3.11."""
        if self._python_target is None:
            self._python_target = project.python_target(self.filename)
        return self._python_target

    def in_compat_branch(self, node: ast.AST) -> bool:
        """Whether ``node`` is in a Pydantic v1 compatibility branch (:mod:`pyexpert_core.compat`).

        Decided from the node's ancestors (the walk records each node's parent), so the module is
        not walked again; for a node whose ancestors the walk has not reached yet, from the
        regions of the whole module."""
        if self._compat is None:
            # loaded on first use: only a file with a PX2 finding asks
            from pyexpert_core.compat import AncestorTest, may_mention_pydantic

            # every compatibility branch mentions pydantic in the source: skip the rest when none does
            may_have = self._lines is None or any(may_mention_pydantic(line) for line in self._lines)
            tree = self.model.tree
            self._compat = AncestorTest(tree) if may_have and isinstance(tree, ast.Module) else False
        if self._compat is False:
            return False
        lineage = self.model.lineage(node)
        if lineage is None:
            if self._regions is None:
                from pyexpert_core.compat import compat_regions

                self._regions = compat_regions(self.model.tree)
            return self._regions.contains(getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
        return self._compat.contains(node, lineage)

    def is_first_party(self, qualified: str) -> bool:
        """Whether a resolved name comes from the project itself (a relative import, or a top-level
        package of the project) rather than from an installed package or the standard library."""
        if qualified.startswith("."):
            return True
        if self._first_party is None:
            self._first_party = project.first_party(self.filename)
        return qualified.partition(".")[0] in self._first_party

    def has_library_base(self, info: ClassInfo) -> bool:
        """Whether the class derives from a class of an installed package or the standard library
        (other than :data:`NEUTRAL_BASE_PACKAGES`), directly or through classes of this module: its
        methods may be overrides of the library's hooks, whose shapes the library decides."""
        for current in info.lineage():
            for base in current.bases:
                if base is None or base.partition(".")[0] in NEUTRAL_BASE_PACKAGES:
                    continue
                if not self.is_first_party(base):
                    return True
        return False

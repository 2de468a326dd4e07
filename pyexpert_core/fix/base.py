"""What a fixer receives and returns: the tree of one file with its metadata, and an edit.

A fixer (one per PX code, :data:`pyexpert_core.fix.fixers.FIXERS`) gets a finding and the file's
:class:`FileTree`; it finds the node the finding points at (by its start position) and returns
an :class:`Edit` (a function of the node as it is after the edits inside it, which the engine
applies with the edits of the other findings in one pass) or a :class:`NotFixable` with the
reason. A finding whose shape the fixer does not recognise is not fixable: a fixer never guesses.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, TypeVar

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, ParentNodeProvider, PositionProvider, ScopeProvider
from libcst.metadata.scope_provider import Scope

from pyexpert_core.catalog import FixSafety
from pyexpert_core.findings import Finding

__all__ = [
    "Edit",
    "FileTree",
    "Fixer",
    "ImportSpec",
    "NotFixable",
    "Replacement",
    "Safety",
    "code_point_column",
]


#: A fix is safe (``pyexpert fix`` applies it) or unsafe (only with ``--unsafe-fixes``).
Safety = FixSafety


@dataclass(frozen=True)
class ImportSpec:
    """``from module import name`` (``name`` empty: ``import module``)."""

    module: str
    name: str = ""
    asname: str = ""


#: What an edit does to its node, given the node with the edits inside it already applied.
Replacement = Callable[[cst.CSTNode], cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNode]]


@dataclass(frozen=True)
class Edit:
    """One fix: replace ``node`` by ``replace(node)``, then add and drop imports."""

    node: cst.CSTNode
    replace: Replacement
    description: str
    safety: Safety = Safety.SAFE
    add_imports: tuple[ImportSpec, ...] = ()
    #: imports of names the fix no longer uses, removed if nothing else uses them
    unused_imports: tuple[ImportSpec, ...] = ()
    #: more nodes the same fix replaces (a name's every use)
    more: tuple[tuple[cst.CSTNode, Replacement], ...] = ()
    #: the fix of ``node`` removes code with its comments (an imported name that moves): the
    #: engine otherwise skips an edit that would drop a comment
    drops_comments: bool = False


@dataclass(frozen=True)
class NotFixable:
    """A finding left alone, and why."""

    reason: str


def code_point_column(line: str, byte_column: int) -> int | None:
    """The code-point column of a UTF-8 byte offset in ``line`` (None if it splits a character)."""
    encoded = line.encode("utf-8")
    try:
        return len(encoded[:byte_column].decode("utf-8"))
    except UnicodeDecodeError:
        return None


_N = TypeVar("_N", bound=cst.CSTNode)
_NO_NODES: Final[tuple[cst.CSTNode, ...]] = ()


@dataclass
class FileTree:
    """The concrete syntax tree of one file, with the metadata the fixers use."""

    path: str
    source: str
    wrapper: MetadataWrapper
    positions: Mapping[cst.CSTNode, CodeRange]
    parents: Mapping[cst.CSTNode, cst.CSTNode]
    scopes: Mapping[cst.CSTNode, Scope | None]
    _starts: dict[tuple[int, int], list[cst.CSTNode]] = field(default_factory=dict)

    @classmethod
    def parse(cls, path: str, source: str) -> FileTree:
        wrapper = MetadataWrapper(cst.parse_module(source))
        tree = cls(
            path=path,
            source=source,
            wrapper=wrapper,
            positions=wrapper.resolve(PositionProvider),
            parents=wrapper.resolve(ParentNodeProvider),
            scopes=wrapper.resolve(ScopeProvider),
        )
        for node, where in tree.positions.items():
            tree._starts.setdefault((where.start.line, where.start.column), []).append(node)
        return tree

    @property
    def module(self) -> cst.Module:
        return self.wrapper.module

    def nodes_at(self, finding: Finding) -> Sequence[cst.CSTNode]:
        """The nodes that start where ``finding`` points (1-based line, 1-based byte column)."""
        lines = self.source.splitlines()
        if not 1 <= finding.line <= len(lines):
            return _NO_NODES
        column = code_point_column(lines[finding.line - 1], finding.column - 1)
        if column is None:
            return _NO_NODES
        return tuple(self._starts.get((finding.line, column), ()))

    def line_is_ascii(self, line: int) -> bool:
        lines = self.source.splitlines()
        return 1 <= line <= len(lines) and lines[line - 1].isascii()

    def nodes_on_line(self, line: int) -> Sequence[cst.CSTNode]:
        """The nodes that start on ``line`` (1-based)."""
        return tuple(node for (row, _column), nodes in self._starts.items() if row == line for node in nodes)

    def first_at(self, finding: Finding, kind: type[_N], test: Callable[[_N], bool] | None = None) -> _N | None:
        """The first node of type ``kind`` at the finding's position that passes ``test``."""
        for node in self.nodes_at(finding):
            if isinstance(node, kind) and (test is None or test(node)):
                return node
        return None

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return self.parents.get(node)

    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)

    def has_comment(self, node: cst.CSTNode) -> bool:
        """Whether ``node``'s source holds a comment."""
        return any(isinstance(sub, cst.Comment) for sub in _walk(node))


def _walk(node: cst.CSTNode) -> list[cst.CSTNode]:
    out: list[cst.CSTNode] = []
    todo = [node]
    while todo:
        current = todo.pop()
        out.append(current)
        todo.extend(current.children)
    return out


#: A fixer: the edit for one finding, or why it is not fixable.
Fixer = Callable[[FileTree, Finding], Edit | NotFixable]

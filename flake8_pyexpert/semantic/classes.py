"""Class facts: resolved bases, and whether a class is a pydantic model, a settings class, a
``pydantic.v1`` model or a ``TypedDict`` (through imports, or through a class defined earlier in
the same module). Each fact is computed on first use and kept.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Final

from flake8_pyexpert.semantic.libraries import PYDANTIC_MODEL_BASES, SETTINGS_BASES, TYPED_DICT_BASES
from flake8_pyexpert.semantic.scopes import Scope
from flake8_pyexpert.semantic.tree import unsubscript

if TYPE_CHECKING:
    from flake8_pyexpert.semantic.model import SemanticModel

__all__ = ["ClassInfo"]

_V1_PREFIX: Final = "pydantic.v1."


class ClassInfo:
    """A class definition seen by the walk, with its facts computed on first use."""

    __slots__ = ("_bases", "_facts", "model", "node", "scope")

    def __init__(self, node: ast.ClassDef, scope: Scope, model: SemanticModel) -> None:
        self.node = node
        self.scope = scope  # where the class statement is (its bases are resolved there)
        self.model = model
        self._bases: tuple[str | None, ...] | None = None
        self._facts: dict[str, bool] = {}

    def __repr__(self) -> str:
        return f"ClassInfo({self.node.name!r}, line {self.node.lineno})"

    @property
    def name(self) -> str:
        return self.node.name

    @property
    def bases(self) -> tuple[str | None, ...]:
        """The qualified names of the bases (``Generic[T]`` -> ``typing.Generic``); None if unknown."""
        if self._bases is None:
            self._bases = tuple(self.model.resolve(unsubscript(base), self.scope) for base in self.node.bases)
        return self._bases

    def local_bases(self) -> Iterator[ClassInfo]:
        """The bases that are classes defined earlier in the same module."""
        for base in self.node.bases:
            base = unsubscript(base)
            if isinstance(base, ast.Name) and self.model.resolve(base, self.scope) is None:
                info = self.model.class_named(base.id, before=self.node)
                if info is not None and info is not self:
                    yield info

    def lineage(self) -> Iterator[ClassInfo]:
        """This class, then the classes of the module it inherits from (transitively), each once."""
        seen: set[int] = set()
        todo: list[ClassInfo] = [self]
        while todo:
            current = todo.pop()
            if id(current) in seen:
                continue
            seen.add(id(current))
            yield current
            todo.extend(current.local_bases())

    def _fact(self, name: str, own: Callable[[str], bool]) -> bool:
        """Whether ``own`` holds for a resolved base of this class or of a local base (transitively)."""
        known = self._facts.get(name)
        if known is None:
            self._facts[name] = False  # a cycle (class A(A)) ends here
            known = any(base is not None and own(base) for base in self.bases) or any(
                info._fact(name, own) for info in self.local_bases()
            )
            self._facts[name] = known
        return known

    @property
    def is_pydantic_model(self) -> bool:
        """A *pydantic model class*: a base is one of :data:`PYDANTIC_MODEL_BASES`, or a local model."""
        return self._fact("pydantic", PYDANTIC_MODEL_BASES.__contains__)

    @property
    def is_settings(self) -> bool:
        """A ``BaseSettings`` subclass (pydantic-settings or pydantic v1)."""
        return self._fact("settings", SETTINGS_BASES.__contains__)

    @property
    def looks_like_settings(self) -> bool:
        """:attr:`is_settings`, or a base imported under a name ending in ``Settings`` (a project
        settings class from another module, whose bases this module cannot see)."""
        return self._fact(
            "settings-like", lambda base: base in SETTINGS_BASES or base.rpartition(".")[2].endswith("Settings")
        )

    @property
    def is_v1_compat(self) -> bool:
        """A model of the ``pydantic.v1`` compatibility namespace."""
        return self._fact("v1", lambda base: base.startswith(_V1_PREFIX))

    @property
    def is_typeddict(self) -> bool:
        return self._fact("typeddict", TYPED_DICT_BASES.__contains__)

"""Variants of one definition: a ``def`` or ``class`` written again in another arm of an ``if``
or ``try`` (``if PYDANTIC_V2: class Base ... else: class Base ...``; ``try: from x import f``
then ``except ImportError: def f ...``).

Variants are looked for at module level and in class bodies, through compound statements. Only
one arm runs, so the arms define one thing: a finding that the first variant already has,
word for word, is not reported again in a later one (one mistake, one report). A finding only
a later variant has is still reported.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

__all__ = ["Variant", "later_variants"]

_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


class Variant:
    """A later variant's line span, and the span of the first variant it repeats."""

    __slots__ = ("first", "lines")

    def __init__(self, lines: tuple[int, int], first: tuple[int, int]) -> None:
        self.lines = lines
        self.first = first


def _span(node: ast.stmt) -> tuple[int, int]:
    start = min([node.lineno, *(decorator.lineno for decorator in getattr(node, "decorator_list", []))])
    return start, node.end_lineno or node.lineno


def _arms(node: ast.stmt) -> list[list[ast.stmt]]:
    if isinstance(node, ast.If):
        return [node.body, node.orelse]
    if isinstance(node, ast.Try | ast.TryStar):
        return [node.body + node.orelse, *(handler.body for handler in node.handlers)]
    return []


def _defined(block: list[ast.stmt]) -> dict[str, ast.stmt]:
    """The definitions of one arm by name, nested ``if``/``try`` arms included (an ``elif``)."""
    found: dict[str, ast.stmt] = {}
    for stmt in block:
        if isinstance(stmt, _DEFINITIONS):
            found.setdefault(stmt.name, stmt)
        else:
            for arm in _arms(stmt):
                for name, node in _defined(arm).items():
                    found.setdefault(name, node)
    return found


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements of a module body, into compound statements and class bodies (not into
    function bodies: a function defined twice inside one is rare, and their code is most)."""
    todo = list(reversed(body))
    while todo:
        stmt = todo.pop()
        yield stmt
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for field in ("body", "orelse", "finalbody"):
            todo.extend(reversed(getattr(stmt, field, None) or []))
        for handler in getattr(stmt, "handlers", None) or []:
            todo.extend(reversed(handler.body))
        for case in getattr(stmt, "cases", None) or []:
            todo.extend(reversed(case.body))


def later_variants(tree: ast.AST) -> list[Variant]:
    """The definitions that repeat, in a later arm of an ``if``/``try``, one of an earlier arm."""
    if not isinstance(tree, ast.Module):
        return []
    found: list[Variant] = []
    for stmt in _statements(tree.body):
        arms = [_defined(arm) for arm in _arms(stmt)]
        seen: dict[str, ast.stmt] = {}
        for arm in arms:
            for name, node in arm.items():
                first = seen.get(name)
                if first is None:
                    seen[name] = node
                else:
                    found.append(Variant(lines=_span(node), first=_span(first)))
    return found

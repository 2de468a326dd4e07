"""Compatibility branches: code that exists to support Pydantic v1 next to v2.

A library that supports both major versions of Pydantic writes the v1 API on purpose, in a
branch that only runs under v1. The PX2 rules (the v1 API) must not flag it. This module finds
those branches in a module's syntax tree, for both plugins (the mypy plugin parses the file's
source when it is about to report a PX2 finding). Only the standard library is imported.

A *compatibility region* is:

* the branch of an ``if`` statement or conditional expression that runs under Pydantic v1,
  when its test is a test of the Pydantic version: the body of ``if PYDANTIC_V1:``, ``if not
  PYDANTIC_V2:``, ``if VERSION.startswith("1.")``, ``if PYDANTIC_VERSION < "2"``, ``if
  version.parse(pydantic.VERSION).major == 1``..., and the ``else`` of the opposite test
  (``if PYDANTIC_V2: ... else: <here>``);
* the rest of a block after ``if <test under which v2 runs>: ... return`` (the ``if`` has no
  ``else``, its body ends with ``return``/``raise``/``continue``/``break``): the early-return form
  of an ``else``;
* the ``except ImportError`` (or ``ModuleNotFoundError``/``AttributeError``) arm of a ``try``
  whose body imports from ``pydantic``/``pydantic_settings``/``pydantic_core`` or reads a name
  that mentions pydantic (the fallback of a v2 import or attribute), and the ``try`` body itself
  when that arm uses pydantic too (``try: from pydantic.generics import GenericModel except
  ImportError: from pydantic import BaseModel as GenericModel``: one of the two arms is v1);
* the body of a function or class whose name says it is for Pydantic v1
  (``_customize_pydantic_v1``, ``PydanticV1Compat``): a flag name of major version 1.

A test is decided by evaluating it twice, once as if Pydantic 1.10 were installed and once as if
2.x were, with a tiny evaluator of constants, comparisons, ``and``/``or``/``not``,
``str.startswith``/``split``, ``int()``/``tuple()``/``map()``, subscripts and
``packaging.version.parse``/``Version``. A test whose two values are ``True`` and ``False``
tests the version. What the names stand for:

* the version string: ``pydantic.VERSION``, ``pydantic.version.VERSION``, ``pydantic.__version__``
  (through the module's imports: ``from pydantic import VERSION as PV``),
  ``importlib.metadata.version("pydantic")``, and any name that says so (``PYDANTIC_VERSION``:
  it mentions ``pydantic`` and ``version``, no digit);
* a flag: a name (or the call of a function) that mentions ``pydantic`` and a major version
  (``PYDANTIC_V2``, ``IS_PYDANTIC_V1``, ``PYDANTIC_2``, ``is_pydantic_v2()``), true under that
  major version; ``PYDANTIC_MAJOR_VERSION`` is the major number;
* a module-level assignment (``IS_V2 = PYDANTIC_VERSION.startswith("2.")``) gives its name the
  value of its right-hand side, evaluated in each world.
"""

from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Iterable, Iterator
from typing import Final, NamedTuple

__all__ = ["AncestorTest", "CompatRegions", "compat_regions", "may_mention_pydantic"]

Position = tuple[int, int]  # (1-based line, 0-based column), as ast and mypy give them

_V1: Final = "1.10.18"
_V2: Final = "2.11.7"
_WORLDS: Final = (_V1, _V2)

_PYDANTIC_MODULES: Final = ("pydantic", "pydantic_settings", "pydantic_core")
_VERSION_ATTRIBUTES: Final = frozenset({"pydantic.VERSION", "pydantic.version.VERSION", "pydantic.__version__"})
_FALLBACK_ERRORS: Final = frozenset({"ImportError", "ModuleNotFoundError", "AttributeError"})
_MENTIONS_PYDANTIC: Final = re.compile(r"pydantic", re.IGNORECASE)
_MAJOR_TOKEN: Final = re.compile(r"(?:^|_)v?([12])(?:$|_)", re.IGNORECASE)
_PARSERS: Final = frozenset({"parse", "Version", "parse_version", "LooseVersion", "StrictVersion"})


class _Unknown:
    """A value the evaluator cannot know."""


_UNKNOWN: Final = _Unknown()


class _Version(tuple[int, ...]):
    """A parsed version (``packaging.version.Version`` as far as comparisons and ``.major`` go)."""

    @property
    def major(self) -> int:
        return self[0] if self else 0

    @property
    def minor(self) -> int:
        return self[1] if len(self) > 1 else 0


def _parse_version(text: str) -> _Version:
    numbers: list[int] = []
    for part in text.split("."):
        digits = re.match(r"\d+", part)
        if digits is None:
            break
        numbers.append(int(digits.group()))
    return _Version(numbers)


def _name_kind(name: str) -> tuple[str, int] | None:
    """What a name says it is: ("flag", major), ("major", 0), ("info", 0), ("version", 0) or None."""
    if not _MENTIONS_PYDANTIC.search(name):
        return None
    rest = _MENTIONS_PYDANTIC.sub("", name)
    lowered = rest.lower()
    if "major" in lowered:
        return ("major", 0)
    if "tuple" in lowered or "info" in lowered:
        return ("info", 0)
    match = _MAJOR_TOKEN.search(rest)
    if match is not None:
        return ("flag", int(match.group(1)))
    if "version" in lowered:
        return ("version", 0)
    return None


def _value_of_kind(kind: tuple[str, int], world: str) -> object:
    version = _parse_version(world)
    what, major = kind
    if what == "flag":
        return version.major == major
    if what == "major":
        return version.major
    if what == "info":
        return tuple(version)
    return world


def _dotted(expr: ast.expr) -> str | None:
    parts: list[str] = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if not isinstance(expr, ast.Name):
        return None
    parts.append(expr.id)
    return ".".join(reversed(parts))


class _Evaluator:
    """Evaluates the version tests of one module, in a Pydantic 1 and a Pydantic 2 world."""

    def __init__(self, tree: ast.Module) -> None:
        self.imports: dict[str, str] = {}  # local name -> qualified name
        self.assigned: dict[str, tuple[object, object]] = {}  # module-level name -> (v1, v2)
        for stmt in _module_statements(tree):
            if isinstance(stmt, ast.Import):
                for alias in stmt.names:
                    if alias.asname:
                        self.imports[alias.asname] = alias.name
                    else:
                        top = alias.name.partition(".")[0]
                        self.imports[top] = top
            elif isinstance(stmt, ast.ImportFrom) and stmt.module and not stmt.level:
                for alias in stmt.names:
                    self.imports[alias.asname or alias.name] = f"{stmt.module}.{alias.name}"
            elif isinstance(stmt, ast.Assign | ast.AnnAssign) and stmt.value is not None:
                targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                if len(targets) == 1 and isinstance(targets[0], ast.Name):
                    pair = (self.evaluate(stmt.value, _V1), self.evaluate(stmt.value, _V2))
                    if not all(isinstance(value, _Unknown) for value in pair):
                        self.assigned[targets[0].id] = pair

    def qualified(self, expr: ast.expr) -> str | None:
        dotted = _dotted(expr)
        if dotted is None:
            return None
        head, dot, rest = dotted.partition(".")
        base = self.imports.get(head, head)
        return f"{base}{dot}{rest}"

    def test(self, expr: ast.expr) -> bool | None:
        """True: a test that holds under v1 only; False: under v2 only; None: not a version test."""
        under_v1, under_v2 = self.evaluate(expr, _V1), self.evaluate(expr, _V2)
        if isinstance(under_v1, bool) and isinstance(under_v2, bool) and under_v1 != under_v2:
            return under_v1
        return None

    def evaluate(self, expr: ast.expr, world: str) -> object:
        try:
            return self._evaluate(expr, world, 0)
        except (ArithmeticError, LookupError, TypeError, ValueError, AttributeError, RecursionError):
            return _UNKNOWN

    def _name(self, expr: ast.Name | ast.Attribute, world: str) -> object:
        if isinstance(expr, ast.Name) and expr.id in self.assigned:
            return self.assigned[expr.id][_WORLDS.index(world)]
        qualified = self.qualified(expr)
        if qualified in _VERSION_ATTRIBUTES:
            return world
        last = expr.id if isinstance(expr, ast.Name) else expr.attr
        kind = _name_kind(last)
        if kind is not None:
            return _value_of_kind(kind, world)
        return _UNKNOWN

    def _evaluate(self, expr: ast.expr, world: str, depth: int) -> object:
        if depth > 12:
            return _UNKNOWN
        if isinstance(expr, ast.Constant):
            return expr.value
        if isinstance(expr, ast.Name):
            return self._name(expr, world)
        if isinstance(expr, ast.Attribute):
            qualified = self.qualified(expr)
            if qualified in _VERSION_ATTRIBUTES:
                return world
            if expr.attr in ("major", "minor"):
                value = self._evaluate(expr.value, world, depth + 1)
                if isinstance(value, _Version):
                    return value.major if expr.attr == "major" else value.minor
                return _UNKNOWN
            return self._name(expr, world)
        if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.Not):
            value = self._evaluate(expr.operand, world, depth + 1)
            return _UNKNOWN if isinstance(value, _Unknown) else not value
        if isinstance(expr, ast.BoolOp):
            values = [self._evaluate(v, world, depth + 1) for v in expr.values]
            if any(isinstance(v, _Unknown) for v in values):
                return _UNKNOWN
            if isinstance(expr.op, ast.And):
                return all(values)
            return any(values)
        if isinstance(expr, ast.Compare):
            return self._compare(expr, world, depth)
        if isinstance(expr, ast.Subscript):
            value = self._evaluate(expr.value, world, depth + 1)
            if isinstance(value, str | tuple | list):
                if isinstance(expr.slice, ast.Slice):
                    lower = self._evaluate(expr.slice.lower, world, depth + 1) if expr.slice.lower else None
                    upper = self._evaluate(expr.slice.upper, world, depth + 1) if expr.slice.upper else None
                    if (lower is None or isinstance(lower, int)) and (upper is None or isinstance(upper, int)):
                        return value[lower:upper]
                    return _UNKNOWN
                index = self._evaluate(expr.slice, world, depth + 1)
                if isinstance(index, int):
                    return value[index]
            return _UNKNOWN
        if isinstance(expr, ast.Tuple | ast.List):
            items = [self._evaluate(e, world, depth + 1) for e in expr.elts]
            if any(isinstance(item, _Unknown) for item in items):
                return _UNKNOWN
            return tuple(items)
        if isinstance(expr, ast.Call):
            return self._call(expr, world, depth)
        return _UNKNOWN

    def _compare(self, expr: ast.Compare, world: str, depth: int) -> object:
        left = self._evaluate(expr.left, world, depth + 1)
        result = True
        for op, right_expr in zip(expr.ops, expr.comparators, strict=True):
            right = self._evaluate(right_expr, world, depth + 1)
            if isinstance(left, _Unknown) or isinstance(right, _Unknown):
                return _UNKNOWN
            if isinstance(left, _Version) and isinstance(right, str):
                right = _parse_version(right)
            elif isinstance(right, _Version) and isinstance(left, str):
                left = _parse_version(left)
            if isinstance(op, ast.Eq):
                outcome = left == right
            elif isinstance(op, ast.NotEq):
                outcome = left != right
            elif isinstance(op, ast.Lt):
                outcome = left < right  # type: ignore[operator]
            elif isinstance(op, ast.LtE):
                outcome = left <= right  # type: ignore[operator]
            elif isinstance(op, ast.Gt):
                outcome = left > right  # type: ignore[operator]
            elif isinstance(op, ast.GtE):
                outcome = left >= right  # type: ignore[operator]
            elif isinstance(op, ast.In):
                outcome = left in right  # type: ignore[operator]
            elif isinstance(op, ast.NotIn):
                outcome = left not in right  # type: ignore[operator]
            else:
                return _UNKNOWN
            result = result and bool(outcome)
            left = right
        return result

    def _call(self, expr: ast.Call, world: str, depth: int) -> object:
        func = expr.func
        args = [self._evaluate(arg, world, depth + 1) for arg in expr.args]
        if isinstance(func, ast.Attribute):
            method = func.attr
            if method in ("startswith", "split", "strip") or method == "endswith":
                receiver = self._evaluate(func.value, world, depth + 1)
                if not isinstance(receiver, str) or any(isinstance(a, _Unknown) for a in args):
                    return _UNKNOWN
                if method == "startswith" and args and isinstance(args[0], str | tuple):
                    return receiver.startswith(args[0])
                if method == "endswith" and args and isinstance(args[0], str | tuple):
                    return receiver.endswith(args[0])
                if method == "split":
                    sep = args[0] if args and isinstance(args[0], str) else None
                    return tuple(receiver.split(sep))
                if method == "strip":
                    return receiver.strip()
                return _UNKNOWN
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        if name is None:
            return _UNKNOWN
        qualified = self.qualified(func) or name
        if qualified in ("importlib.metadata.version", "importlib_metadata.version") or (
            name == "version" and args == ["pydantic"]
        ):
            return world if args == ["pydantic"] else _UNKNOWN
        if name in _PARSERS and len(args) == 1 and isinstance(args[0], str):
            return _parse_version(args[0])
        if name == "int" and len(args) == 1 and isinstance(args[0], str | int):
            return int(args[0])
        if name == "str" and len(args) == 1 and not isinstance(args[0], _Unknown):
            return str(args[0])
        if name in ("tuple", "list") and len(args) == 1 and isinstance(args[0], tuple | str):
            return tuple(args[0])
        if name == "map" and len(args) == 2 and isinstance(expr.args[0], ast.Name) and isinstance(args[1], tuple):
            if expr.args[0].id == "int":
                return tuple(int(item) for item in args[1])
            return _UNKNOWN
        kind = _name_kind(name)
        if kind is not None and kind[0] == "flag" and not expr.args:
            return _value_of_kind(kind, world)
        return _UNKNOWN


def _module_statements(tree: ast.Module) -> Iterator[ast.stmt]:
    """Module-level statements, through ``if``/``try`` blocks (not into functions or classes)."""
    todo: list[ast.stmt] = list(reversed(tree.body))
    while todo:
        stmt = todo.pop()
        yield stmt
        blocks: list[list[ast.stmt]] = []
        if isinstance(stmt, ast.If):
            blocks = [stmt.body, stmt.orelse]
        elif isinstance(stmt, ast.Try | ast.TryStar):
            blocks = [stmt.body, *(h.body for h in stmt.handlers), stmt.orelse, stmt.finalbody]
        for block in reversed(blocks):
            todo.extend(reversed(block))


def _span(nodes: list[ast.stmt] | list[ast.expr]) -> tuple[Position, Position] | None:
    if not nodes:
        return None
    first, last = nodes[0], nodes[-1]
    end_line = last.end_lineno if last.end_lineno is not None else last.lineno
    end_col = last.end_col_offset if last.end_col_offset is not None else 10**9
    # a decorated definition starts at its first decorator (a statement's position does not)
    start = min(
        [(first.lineno, first.col_offset)]
        + [(decorator.lineno, decorator.col_offset) for decorator in getattr(first, "decorator_list", [])]
    )
    return start, (end_line, end_col)


_EXITS: Final = (ast.Return, ast.Raise, ast.Continue, ast.Break)


def _blocks(node: ast.AST) -> Iterator[list[ast.stmt]]:
    """The statement lists directly held by ``node`` (bodies, ``else``, handlers' bodies...)."""
    for name in ("body", "orelse", "finalbody"):
        block = getattr(node, name, None)
        if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
            yield block


def _after_early_returns(block: list[ast.stmt], evaluator: _Evaluator) -> Iterator[tuple[Position, Position]]:
    """``if PYDANTIC_V2: ...; return`` followed by v1 code: the rest of the block."""
    for index, stmt in enumerate(block[:-1]):
        if not (isinstance(stmt, ast.If) and not stmt.orelse and isinstance(stmt.body[-1], _EXITS)):
            continue
        if evaluator.test(stmt.test) is False:  # the body runs under v2 only: the rest is v1
            span = _span(block[index + 1:])
            if span is not None:
                yield span
            return


def _uses_pydantic(body: list[ast.stmt]) -> bool:
    """Whether a ``try`` body imports from pydantic or reads a name that mentions it."""
    for stmt in body:
        for node in ast.walk(stmt):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                if node.module.partition(".")[0] in _PYDANTIC_MODULES:
                    return True
            elif isinstance(node, ast.Import):
                if any(alias.name.partition(".")[0] in _PYDANTIC_MODULES for alias in node.names):
                    return True
            elif isinstance(node, ast.Name) and _MENTIONS_PYDANTIC.search(node.id):
                return True
            elif isinstance(node, ast.Attribute) and _MENTIONS_PYDANTIC.search(node.attr):
                return True
    return False


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return False
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    for kind in types:
        name = kind.id if isinstance(kind, ast.Name) else kind.attr if isinstance(kind, ast.Attribute) else ""
        if name in _FALLBACK_ERRORS:
            return True
    return False


class CompatRegions(NamedTuple):
    """The compatibility regions of one module (see the module docstring)."""

    spans: tuple[tuple[Position, Position], ...] = ()
    starts: tuple[Position, ...] = ()  # the start of each span, for bisect

    def __bool__(self) -> bool:
        return bool(self.spans)

    def contains(self, line: int, column: int = 0) -> bool:
        """Whether the position is inside a compatibility region."""
        if not self.spans:
            return False
        where = (line, column)
        stop = bisect.bisect_right(self.starts, where)
        return any(_contains(span, where) for span in self.spans[:stop])


def may_mention_pydantic(text: str | bytes) -> bool:
    """Whether source text can hold a compatibility region: every kind of region needs the word
    pydantic somewhere in the module (a name, an import, a string), in any case."""
    if isinstance(text, bytes):
        return b"pydantic" in text.lower()
    return "pydantic" in text.lower()


#: Nodes that hold statement blocks: the only ones with a region of their own, except ``IfExp``.
_BLOCK_HOLDERS: Final = frozenset(
    {
        ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.If, ast.For, ast.AsyncFor,
        ast.While, ast.With, ast.AsyncWith, ast.Try, ast.TryStar, ast.ExceptHandler, ast.match_case,
    }
)


#: Per node class, the fields that may hold nodes (``ctx`` and scalar fields left out).
_CHILD_FIELDS: dict[type[ast.AST], tuple[str, ...]] = {}
_SCALAR_FIELDS: Final = frozenset({"ctx", "name", "id", "attr", "arg", "module", "level", "value_kind", "kind"})


def _walk(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node of the tree, in no particular order (``ast.walk`` without its generators)."""
    todo: list[ast.AST] = [tree]
    fields_of = _CHILD_FIELDS
    while todo:
        node = todo.pop()
        yield node
        kind = type(node)
        fields = fields_of.get(kind)
        if fields is None:
            fields = fields_of[kind] = tuple(name for name in kind._fields if name not in _SCALAR_FIELDS)
        for name in fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                todo.extend(item for item in value if isinstance(item, ast.AST))
            elif isinstance(value, ast.AST):
                todo.append(value)


def _node_spans(node: ast.AST, evaluator: _Evaluator) -> list[tuple[Position, Position]]:
    """The compatibility regions ``node`` itself makes: a branch of its own (an ``if``, a
    conditional expression, a v1-named function or class, an import fallback), and the rest of
    one of its blocks after an early return. Each region lies inside ``node``."""
    spans: list[tuple[Position, Position]] = []
    if isinstance(node, ast.IfExp):
        verdict = evaluator.test(node.test)
        if verdict is not None:
            spans.append(_expression_span(node.body if verdict else node.orelse))
        return spans
    if type(node) not in _BLOCK_HOLDERS:
        return spans  # most nodes: expressions, simple statements
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        if _name_kind(node.name) == ("flag", 1):
            body_span = _span(node.body)
            if body_span is not None:
                spans.append(body_span)
    elif isinstance(node, ast.If):
        verdict = evaluator.test(node.test)
        span = _span(node.body) if verdict is True else _span(node.orelse) if verdict is False else None
        if span is not None:
            spans.append(span)
    elif isinstance(node, ast.Try | ast.TryStar):
        fallbacks = [handler for handler in node.handlers if _catches_import_error(handler)]
        if fallbacks and _uses_pydantic(node.body):
            for handler in fallbacks:
                handler_span = _span(handler.body)
                if handler_span is not None:
                    spans.append(handler_span)
            if any(_uses_pydantic(handler.body) for handler in fallbacks):
                body_span = _span(node.body)
                if body_span is not None:
                    spans.append(body_span)
    for block in _blocks(node):
        spans.extend(_after_early_returns(block, evaluator))
    return spans


def _contains(span: tuple[Position, Position], where: Position) -> bool:
    return span[0] <= where <= span[1]


def compat_regions(tree: ast.AST) -> CompatRegions:
    """The compatibility regions of a module's syntax tree."""
    if not isinstance(tree, ast.Module):
        return CompatRegions()
    evaluator = _Evaluator(tree)
    spans = [span for node in _walk(tree) for span in _node_spans(node, evaluator)]
    spans.sort()
    return CompatRegions(tuple(spans), tuple(start for start, _ in spans))


class AncestorTest:
    """Whether a node is in a compatibility region, decided from the node's ancestors alone.

    A region lies inside the node that makes it, so only the ancestors of a node can make a
    region around it: a checker that knows them (the flake8 plugin's walk keeps each node's
    parent) asks about a few nodes instead of walking the whole module as
    :func:`compat_regions` does. Same definition, same answers.
    """

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self._evaluator: _Evaluator | None = None
        self._spans: dict[ast.AST, list[tuple[Position, Position]]] = {}

    def contains(self, node: ast.AST, lineage: Iterable[ast.AST]) -> bool:
        """Whether ``node`` (at its ``lineno``/``col_offset``) is in a region one of ``lineage``
        (the node, its parent, its parent's parent... up to the module) makes."""
        if self._evaluator is None:
            self._evaluator = _Evaluator(self.tree)
        where = (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))
        for ancestor in lineage:
            spans = self._spans.get(ancestor)
            if spans is None:
                spans = self._spans[ancestor] = _node_spans(ancestor, self._evaluator)
            if any(_contains(span, where) for span in spans):
                return True
        return False


def _expression_span(node: ast.expr) -> tuple[Position, Position]:
    end_line = node.end_lineno if node.end_lineno is not None else node.lineno
    end_col = node.end_col_offset if node.end_col_offset is not None else 10**9
    return (node.lineno, node.col_offset), (end_line, end_col)

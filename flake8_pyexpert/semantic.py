"""The per-file semantic model the checks ask questions of, kept up to date by the runner's walk.

What it knows:

* **Names.** :meth:`SemanticModel.resolve` turns a ``Name``/``Attribute`` chain into a
  qualified name through the imports of the scopes that enclose the current node:
  ``import a.b as c`` makes ``c.d`` ``a.b.d``; ``from x import y as z`` makes ``z`` ``x.y``;
  relative imports keep their dots (``from .m import y`` -> ``.m.y``). A name bound in a scope
  by anything other than an import (an assignment, a parameter, a ``def``/``class``) resolves
  to ``None``: a local class named ``Session`` is not SQLAlchemy's. An unbound name that is a
  builtin resolves to ``builtins.<name>``.

  *When imports are seen.* A scope's bindings (imports included) are collected lazily, the
  first time a name is looked up in it, by scanning the whole scope (not nested functions or
  classes). So an import anywhere in a module - the top, under ``if TYPE_CHECKING:``, in a
  ``try/except ImportError``, or at the bottom - counts for the whole module, and an import
  inside a function counts for that whole function and the functions nested in it (that is
  Python's own rule: a name bound anywhere in a scope belongs to that scope). When one name is
  bound several times, an import wins over other bindings and the last import wins over
  earlier ones.

* **Scopes.** The stack of module / class / ``def`` / ``async def`` / ``lambda`` scopes around
  the current node. The runner enters a function's scope only for its body: decorators,
  default values and annotations belong to the enclosing scope, as at runtime.
  :attr:`SemanticModel.in_async` is true in the body of an ``async def``; a nested ``def``,
  ``lambda`` or class body resets it.

* **Classes.** Every class seen so far, its resolved bases, and whether it is a *pydantic
  model class* or a ``TypedDict`` (RULES.md, shared definitions): through imports, or through a
  class defined earlier in the same module.

* **Route handlers** (RULES.md): a function decorated with a call of
  ``X.get/post/put/patch/delete/head/options/trace/api_route/websocket`` where the module
  imports fastapi, or where ``X`` is a module-level ``FastAPI()``/``APIRouter()`` instance.

* **Parents.** :meth:`SemanticModel.parent` of any node the walk has reached.

* **Exception handlers.** :attr:`SemanticModel.except_handler`: the ``except`` clause the
  current node is in (within the current scope).
"""

from __future__ import annotations

import ast
import builtins
import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Final, cast

__all__ = [
    "ANNOTATED_NAMES",
    "OPTIONAL_NAMES",
    "UNION_NAMES",
    "CHILD_FIELDS",
    "PYDANTIC_MODEL_BASES",
    "ROUTE_METHODS",
    "ClassInfo",
    "Scope",
    "ScopeKind",
    "SemanticModel",
    "child_fields",
]

BUILTIN_NAMES: Final = frozenset(dir(builtins))

PYDANTIC_MODEL_BASES: Final = frozenset(
    {
        "pydantic.BaseModel",
        "pydantic.main.BaseModel",
        "pydantic.RootModel",
        "pydantic.root_model.RootModel",
        "pydantic_settings.BaseSettings",
        "pydantic_settings.main.BaseSettings",
        "pydantic.BaseSettings",
        "pydantic.generics.GenericModel",
        "pydantic.v1.BaseModel",
        "pydantic.v1.BaseSettings",
        "sqlmodel.SQLModel",
        "sqlmodel.main.SQLModel",
    }
)

TYPED_DICT_BASES: Final = frozenset({"typing.TypedDict", "typing_extensions.TypedDict"})

ROUTE_METHODS: Final = frozenset(
    {"get", "post", "put", "patch", "delete", "head", "options", "trace", "api_route", "websocket"}
)

ROUTE_RECEIVER_TYPES: Final = frozenset(
    {"fastapi.FastAPI", "fastapi.applications.FastAPI", "fastapi.APIRouter", "fastapi.routing.APIRouter"}
)

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
ScopeNode = ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda


# -- the shape of the tree (shared with the runner) ------------------------------------------

# Fields that never hold a node (or hold lists of strings): not walked.
_SCALAR_FIELDS: Final = frozenset(
    {"id", "arg", "attr", "module", "type_comment", "kind", "conversion", "level", "is_async", "tag", "simple",
     "rest", "kwd_attrs", "ctx", "op", "ops"}
)
_SCALAR_BY_CLASS: Final[dict[str, frozenset[str]]] = {
    "Global": frozenset({"names"}),
    "Nonlocal": frozenset({"names"}),
    "Constant": frozenset({"value"}),
    "MatchSingleton": frozenset({"value"}),
}
_NAME_IS_NODE: Final = frozenset({"TypeAlias"})  # elsewhere ``name`` is a str

#: Qualified names of the typing constructs annotation-reading rules see through.
OPTIONAL_NAMES: Final = frozenset({"typing.Optional", "typing_extensions.Optional"})
UNION_NAMES: Final = frozenset({"typing.Union", "typing_extensions.Union"})
ANNOTATED_NAMES: Final = frozenset({"typing.Annotated", "typing_extensions.Annotated"})


def child_fields(cls: type[ast.AST]) -> tuple[str, ...]:
    """The fields of ``cls`` that may hold child nodes, in reverse order (for a LIFO stack)."""
    skip = _SCALAR_FIELDS | _SCALAR_BY_CLASS.get(cls.__name__, frozenset())
    if cls.__name__ not in _NAME_IS_NODE:
        skip = skip | {"name"}
    return tuple(reversed([name for name in cls._fields if name not in skip]))


def _all_node_classes() -> list[type[ast.AST]]:
    found = []
    for name in dir(ast):
        value = getattr(ast, name)
        if isinstance(value, type) and issubclass(value, ast.AST):
            found.append(value)
    return found


CHILD_FIELDS: Final[dict[type[ast.AST], tuple[str, ...]]] = {cls: child_fields(cls) for cls in _all_node_classes()}


class ScopeKind(enum.Enum):
    MODULE = "module"
    CLASS = "class"
    FUNCTION = "def"
    ASYNC_FUNCTION = "async def"
    LAMBDA = "lambda"


_KIND_OF: Final[dict[type[ast.AST], ScopeKind]] = {
    ast.Module: ScopeKind.MODULE,
    ast.ClassDef: ScopeKind.CLASS,
    ast.FunctionDef: ScopeKind.FUNCTION,
    ast.AsyncFunctionDef: ScopeKind.ASYNC_FUNCTION,
    ast.Lambda: ScopeKind.LAMBDA,
}

_NESTED_SCOPES: Final = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
_COMPREHENSIONS: Final = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _import_bindings(node: ast.Import | ast.ImportFrom) -> Iterator[tuple[str, str]]:
    """(bound name, qualified name) for each alias of an import statement."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.asname is not None:
                yield alias.asname, alias.name
            else:
                top = alias.name.partition(".")[0]
                yield top, top
        return
    module = "." * node.level + (node.module or "")
    for alias in node.names:
        if alias.name == "*":
            continue
        if module.endswith(".") or not module:
            qualified = module + alias.name
        else:
            qualified = f"{module}.{alias.name}"
        yield alias.asname or alias.name, qualified


def _arg_names(args: ast.arguments) -> Iterator[str]:
    for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs):
        yield arg.arg
    if args.vararg is not None:
        yield args.vararg.arg
    if args.kwarg is not None:
        yield args.kwarg.arg


class Scope:
    """One scope: its node, its kind, its parent, and (lazily) the names it binds."""

    __slots__ = ("_bindings", "_stars", "handlers", "kind", "node", "parent")

    def __init__(self, node: ScopeNode, parent: Scope | None) -> None:
        self.node = node
        self.kind = _KIND_OF[type(node)]
        self.parent = parent
        self.handlers: list[ast.ExceptHandler] = []  # the except clauses around the current node
        self._bindings: dict[str, str | None] | None = None
        self._stars: tuple[str, ...] = ()

    @property
    def bindings(self) -> dict[str, str | None]:
        """Names bound in this scope: the qualified name for an import, ``None`` otherwise."""
        if self._bindings is None:
            self._bindings, self._stars = _collect_bindings(self.node)
        return self._bindings

    @property
    def star_imports(self) -> tuple[str, ...]:
        """Modules imported with ``from m import *`` in this scope."""
        if self._bindings is None:
            self._bindings, self._stars = _collect_bindings(self.node)
        return self._stars

    @property
    def imports(self) -> dict[str, str]:
        """Alias -> qualified name, for the imports of this scope."""
        return {name: target for name, target in self.bindings.items() if target is not None}

    @property
    def is_function(self) -> bool:
        return self.kind is ScopeKind.FUNCTION or self.kind is ScopeKind.ASYNC_FUNCTION

    def __repr__(self) -> str:
        return f"Scope({self.kind.value}, line {getattr(self.node, 'lineno', 0)})"


_BINDING_NODES: Final = frozenset(
    {
        ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda,
        ast.Global, ast.Nonlocal, ast.NamedExpr, ast.ExceptHandler, ast.MatchAs, ast.MatchStar,
        ast.MatchMapping, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp,
    }
)


def _collect_bindings(scope_node: ScopeNode) -> tuple[dict[str, str | None], tuple[str, ...]]:
    """Scan one scope (not the bodies of nested functions/classes) for the names it binds."""
    imports: dict[str, str] = {}
    others: set[str] = set()
    declared_outer: set[str] = set()
    stars: list[str] = []
    todo: list[ast.AST]
    if isinstance(scope_node, ast.Lambda):
        others.update(_arg_names(scope_node.args))
        todo = [scope_node.body]
    elif isinstance(scope_node, ast.Module | ast.ClassDef):
        todo = list(scope_node.body)
    else:
        others.update(_arg_names(scope_node.args))
        todo = list(scope_node.body)
    comprehension_targets: set[int] = set()
    fields_of = CHILD_FIELDS
    name_type = ast.Name
    load = ast.Load
    node_base = ast.AST
    special = _BINDING_NODES
    push = todo.append
    while todo:
        node = todo.pop()
        cls = node.__class__
        if cls is name_type:
            assert isinstance(node, ast.Name)
            if node.ctx.__class__ is not load and id(node) not in comprehension_targets:
                others.add(node.id)
            continue
        if cls in special:
            if isinstance(node, ast.Import | ast.ImportFrom):
                for name, target in _import_bindings(node):
                    imports[name] = target
                if isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names):
                    stars.append("." * node.level + (node.module or ""))
                continue
            if isinstance(node, _NESTED_SCOPES):
                # only what runs in this scope: the name, decorators, bases, defaults
                if not isinstance(node, ast.Lambda):
                    others.add(node.name)
                    todo.extend(node.decorator_list)
                if isinstance(node, ast.ClassDef):
                    todo.extend(node.bases)
                    todo.extend(node.keywords)
                else:
                    todo.extend(node.args.defaults)
                    todo.extend(d for d in node.args.kw_defaults if d is not None)
                continue
            if isinstance(node, ast.Global | ast.Nonlocal):
                declared_outer.update(node.names)
                continue
            if isinstance(node, ast.NamedExpr):
                if isinstance(node.target, ast.Name):
                    others.add(node.target.id)  # binds in the enclosing scope, even in a comprehension
                push(node.value)
                continue
            if isinstance(node, ast.ExceptHandler | ast.MatchAs | ast.MatchStar) and node.name:
                others.add(node.name)
            elif isinstance(node, ast.MatchMapping) and node.rest:
                others.add(node.rest)
            elif isinstance(node, _COMPREHENSIONS):
                for generator in node.generators:  # their targets are local to the comprehension
                    for bound in ast.walk(generator.target):
                        comprehension_targets.add(id(bound))
        fields = fields_of.get(cls)
        if fields is None:
            fields = fields_of[cls] = child_fields(cls)
        for field_name in fields:
            value = getattr(node, field_name, None)
            if value.__class__ is list:
                for child in value:
                    if child is not None:
                        push(child)
            elif isinstance(value, node_base):
                push(value)
    bindings: dict[str, str | None] = dict.fromkeys(others - declared_outer)
    for name, target in imports.items():
        if name not in declared_outer:
            bindings[name] = target
    return bindings, tuple(stars)


@dataclass
class ClassInfo:
    """A class definition seen by the walk, with its facts computed on first use."""

    node: ast.ClassDef
    scope: Scope  # where the class statement is (its bases are resolved there)
    model: SemanticModel = field(repr=False)
    _bases: tuple[str | None, ...] | None = field(default=None, repr=False)
    _pydantic: bool | None = field(default=None, repr=False)
    _typeddict: bool | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return self.node.name

    @property
    def bases(self) -> tuple[str | None, ...]:
        """The qualified names of the bases (``Generic[T]`` -> ``typing.Generic``); None if unknown."""
        if self._bases is None:
            self._bases = tuple(self.model.resolve(_unsubscript(base), self.scope) for base in self.node.bases)
        return self._bases

    def _local_bases(self) -> Iterator[ClassInfo]:
        for base in self.node.bases:
            base = _unsubscript(base)
            if isinstance(base, ast.Name) and self.model.resolve(base, self.scope) is None:
                info = self.model.class_named(base.id, before=self.node)
                if info is not None and info is not self:
                    yield info

    @property
    def is_pydantic_model(self) -> bool:
        if self._pydantic is None:
            self._pydantic = False  # a cycle (class A(A)) ends here
            self._pydantic = any(base in PYDANTIC_MODEL_BASES for base in self.bases) or any(
                info.is_pydantic_model for info in self._local_bases()
            )
        return self._pydantic

    @property
    def is_typeddict(self) -> bool:
        if self._typeddict is None:
            self._typeddict = False
            self._typeddict = any(base in TYPED_DICT_BASES for base in self.bases) or any(
                info.is_typeddict for info in self._local_bases()
            )
        return self._typeddict


def _unsubscript(node: ast.expr) -> ast.expr:
    return node.value if isinstance(node, ast.Subscript) else node


class SemanticModel:
    """Facts about one file; the runner moves it through the tree as it walks."""

    def __init__(self, tree: ast.AST) -> None:
        module = tree if isinstance(tree, ast.Module) else ast.Module(body=[], type_ignores=[])
        self.tree = tree
        self.module_scope = Scope(module, None)
        self.scope: Scope = self.module_scope
        self.parents: dict[ast.AST, ast.AST] = {}
        self._classes: dict[str, list[ClassInfo]] = {}
        self._class_of_node: dict[ast.ClassDef, ClassInfo] = {}
        self._route_cache: dict[FunctionNode, ast.Call | None] = {}
        self._receivers: frozenset[str] | None = None
        self._imports_fastapi: bool | None = None

    # -- maintained by the runner ---------------------------------------------------------

    def push_scope(self, node: ast.AST) -> None:
        """Enter the scope of a module/class/def/async def/lambda node (its body)."""
        self.scope = Scope(cast(ScopeNode, node), self.scope)

    def pop_scope(self, node: ast.AST | None = None) -> None:
        parent = self.scope.parent
        if parent is None or (node is not None and self.scope.node is not node):
            raise RuntimeError("scope events out of order")
        self.scope = parent

    def saw_class(self, node: ast.AST) -> None:
        """Record a class statement (called before its body is walked)."""
        if not isinstance(node, ast.ClassDef):
            return
        info = ClassInfo(node, self.scope, self)
        self._classes.setdefault(node.name, []).append(info)
        self._class_of_node[node] = info

    def enter_handler(self, node: ast.AST) -> None:
        if isinstance(node, ast.ExceptHandler):
            self.scope.handlers.append(node)

    def leave_handler(self, node: ast.AST) -> None:
        if isinstance(node, ast.ExceptHandler) and self.scope.handlers and self.scope.handlers[-1] is node:
            self.scope.handlers.pop()

    # -- names ---------------------------------------------------------------------------

    @property
    def import_map(self) -> dict[str, str]:
        """Module-level imports: alias -> qualified name."""
        return self.module_scope.imports

    def lookup(self, name: str, scope: Scope | None = None) -> str | None:
        """The qualified name a bare name refers to in ``scope`` (default: the current one)."""
        current = scope if scope is not None else self.scope
        innermost = True
        walker: Scope | None = current
        while walker is not None:
            # a class body's names are visible in the class body only, not in its methods
            if walker.kind is not ScopeKind.CLASS or innermost:
                bindings = walker.bindings
                if name in bindings:
                    return bindings[name]
            innermost = False
            walker = walker.parent
        if name in BUILTIN_NAMES:
            return f"builtins.{name}"
        return None

    def resolve(self, expr: ast.expr, scope: Scope | None = None) -> str | None:
        """Qualified name of a ``Name``/``Attribute`` chain, or ``None`` (local, unknown, other)."""
        parts: list[str] = []
        while isinstance(expr, ast.Attribute):
            parts.append(expr.attr)
            expr = expr.value
        if not isinstance(expr, ast.Name):
            return None
        base = self.lookup(expr.id, scope)
        if base is None:
            return None
        if not parts:
            return base
        parts.append(base)
        parts.reverse()
        return ".".join(parts)

    def imports_module(self, package: str) -> bool:
        """Whether the module imports ``package`` or anything under it (at module level)."""
        prefix = package + "."
        scope = self.module_scope
        return any(t == package or t.startswith(prefix) for t in scope.imports.values()) or any(
            m == package or m.startswith(prefix) for m in scope.star_imports
        )

    # -- scopes --------------------------------------------------------------------------

    def scopes(self) -> Iterator[Scope]:
        """The current scope and its parents, innermost first."""
        scope: Scope | None = self.scope
        while scope is not None:
            yield scope
            scope = scope.parent

    @property
    def in_async(self) -> bool:
        """In the body of an ``async def`` (a nested ``def``, ``lambda`` or class resets it)."""
        return self.scope.kind is ScopeKind.ASYNC_FUNCTION

    @property
    def current_function(self) -> FunctionNode | None:
        """The ``def``/``async def`` whose body is the current scope (not through a lambda/class)."""
        node = self.scope.node
        return node if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) else None

    @property
    def enclosing_function(self) -> FunctionNode | None:
        """The nearest enclosing ``def``/``async def``, through lambdas and class bodies."""
        for scope in self.scopes():
            node = scope.node
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                return node
        return None

    @property
    def except_handler(self) -> ast.ExceptHandler | None:
        """The innermost ``except`` clause around the current node, in the current scope.

        A function defined in an ``except`` clause is not "in" it: its body runs later.
        """
        handlers = self.scope.handlers
        return handlers[-1] if handlers else None

    @property
    def in_route_handler(self) -> bool:
        """In the body of a route handler (not of a function nested in it)."""
        function = self.current_function
        return function is not None and self.is_route_handler(function)

    @property
    def enclosing_class_info(self) -> ClassInfo | None:
        """The :class:`ClassInfo` (resolved bases, pydantic or not) of :attr:`enclosing_class`."""
        node = self.enclosing_class
        return None if node is None else self._class_of_node.get(node)

    @property
    def enclosing_class(self) -> ast.ClassDef | None:
        """The nearest enclosing class (for a method body: the method's class)."""
        for scope in self.scopes():
            if isinstance(scope.node, ast.ClassDef):
                return scope.node
        return None

    def qualname(self, node: FunctionNode | ast.ClassDef) -> str:
        """``Class.method`` for a method, the plain name otherwise (the node's own scope is current)."""
        names = [node.name]
        scope = self.scope.parent if self.scope.node is node else self.scope
        while scope is not None and isinstance(scope.node, ast.ClassDef):
            names.append(scope.node.name)
            scope = scope.parent
        return ".".join(reversed(names))

    # -- parents -------------------------------------------------------------------------

    def parent(self, node: ast.AST) -> ast.AST | None:
        """The parent of a node the walk has reached (``None`` for the module)."""
        return self.parents.get(node)

    # -- classes -------------------------------------------------------------------------

    def class_info(self, node: ast.ClassDef) -> ClassInfo | None:
        return self._class_of_node.get(node)

    def class_named(self, name: str, before: ast.AST | None = None) -> ClassInfo | None:
        """The last class called ``name`` seen by the walk (before ``before`` if given)."""
        for info in reversed(self._classes.get(name, ())):
            if before is None:
                return info
            if info.node is not before and _position(info.node) < _position(before):
                return info
        return None

    def is_pydantic_model(self, node: ast.ClassDef) -> bool:
        info = self._class_of_node.get(node)
        return info is not None and info.is_pydantic_model

    def is_typeddict_name(self, expr: ast.expr, scope: Scope | None = None) -> bool:
        """Whether an annotation names a ``TypedDict`` (imported as such, or a class defined here)."""
        expr = _unsubscript(expr)
        qualified = self.resolve(expr, scope)
        if qualified in TYPED_DICT_BASES:
            return True
        if qualified is None and isinstance(expr, ast.Name):
            info = self.class_named(expr.id)
            return info is not None and info.is_typeddict
        return False

    # -- FastAPI ---------------------------------------------------------------------------

    @property
    def route_receivers(self) -> frozenset[str]:
        """Module-level names assigned a ``FastAPI()``/``APIRouter()`` instance."""
        if self._receivers is None:
            found: set[str] = set()
            for stmt in _module_statements(self.module_scope.node):
                if isinstance(stmt, ast.Assign | ast.AnnAssign) and isinstance(stmt.value, ast.Call):
                    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                    if self.resolve(stmt.value.func, self.module_scope) in ROUTE_RECEIVER_TYPES:
                        found.update(t.id for t in targets if isinstance(t, ast.Name))
            self._receivers = frozenset(found)
        return self._receivers

    def route_decorator(self, func: FunctionNode) -> ast.Call | None:
        """The ``@X.get(...)``-style decorator that makes ``func`` a route handler, if any."""
        if func in self._route_cache:
            return self._route_cache[func]
        found: ast.Call | None = None
        for decorator in func.decorator_list:
            if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)):
                continue
            if decorator.func.attr not in ROUTE_METHODS:
                continue
            receiver = decorator.func.value
            if self._imports_fastapi is None:
                self._imports_fastapi = self.imports_module("fastapi")
            if self._imports_fastapi or (
                isinstance(receiver, ast.Name) and receiver.id in self.route_receivers
            ):
                found = decorator
                break
        self._route_cache[func] = found
        return found

    def is_route_handler(self, func: FunctionNode) -> bool:
        return self.route_decorator(func) is not None


def _position(node: ast.AST) -> tuple[int, int]:
    return (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))


def _module_statements(module: ScopeNode) -> Iterable[ast.stmt]:
    """Statements executed at module level (through if/try/with blocks, not into defs)."""
    if not isinstance(module, ast.Module):
        return
    todo: list[ast.stmt] = list(reversed(module.body))
    while todo:
        stmt = todo.pop()
        yield stmt
        blocks: list[list[ast.stmt]] = []
        if isinstance(stmt, ast.If | ast.While | ast.For | ast.AsyncFor):
            blocks = [stmt.body, stmt.orelse]
        elif isinstance(stmt, ast.With | ast.AsyncWith):
            blocks = [stmt.body]
        elif isinstance(stmt, ast.Try | ast.TryStar):
            blocks = [stmt.body, *(h.body for h in stmt.handlers), stmt.orelse, stmt.finalbody]
        for block in reversed(blocks):
            todo.extend(reversed(block))

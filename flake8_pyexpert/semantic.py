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
  imports fastapi, or where ``X`` is a module-level ``FastAPI()``/``APIRouter()`` instance
  (``router = APIRouter(prefix=...)`` included), or where ``X`` is a name the module
  *from-imports* and that is spelled like an app or a router (``app``, ``api``, ``router``,
  ``*_router``: ``from .routers import router`` in a module that does not import fastapi
  itself). That last heuristic is off in a module importing another web framework (Flask,
  Quart, Sanic, Litestar, Django, ...), whose apps also have ``.get``/``.post``.

* **FastAPI wiring** (:attr:`SemanticModel.fastapi`, one scan of the module, done on first
  use and cached): the names of the functions used as dependencies (``Depends(f)`` /
  ``Security(f)`` anywhere: defaults, ``Annotated[..., Depends(f)]``, ``dependencies=[...]``),
  exception handlers (``@app.exception_handler(...)``, ``app.add_exception_handler(exc, f)``,
  ``FastAPI(exception_handlers={...})``), lifespan functions (``lifespan=`` of
  ``FastAPI()``/``APIRouter()``/``Starlette()``, or an ``@asynccontextmanager`` function named
  ``lifespan`` or taking an app parameter), middleware (``@app.middleware("http")``, classes
  subclassing starlette's ``BaseHTTPMiddleware``, functions with a ``call_next`` parameter),
  and whether the module is *API layer* (it defines a route handler, creates a
  ``FastAPI()``/``APIRouter()``/``Starlette()``, uses ``Depends``/``Security``, or registers an
  exception handler). Functions are matched by name, so a dependency defined in another module
  is not one here; methods never are.

* **Parents.** :meth:`SemanticModel.parent` of any node the walk has reached.

* **Exception handlers.** :attr:`SemanticModel.except_handler`: the ``except`` clause the
  current node is in (within the current scope).
"""

from __future__ import annotations

import ast
import builtins
import enum
import re
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
    "APP_TYPES",
    "DEPENDS_NAMES",
    "FASTAPI_PARAM_FUNCTIONS",
    "SETTINGS_BASES",
    "ClassInfo",
    "FastAPIFacts",
    "Scope",
    "ScopeKind",
    "SemanticModel",
    "child_fields",
    "scope_nodes",
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

#: Apps and routers whose constructor takes ``lifespan=`` (FastAPI's and Starlette's).
APP_TYPES: Final = ROUTE_RECEIVER_TYPES | frozenset({"starlette.applications.Starlette", "starlette.routing.Router"})

#: ``Depends``/``Security`` (the dependency-injection markers).
DEPENDS_NAMES: Final = frozenset(
    f"{module}.{name}"
    for module in ("fastapi", "fastapi.params", "fastapi.param_functions")
    for name in ("Depends", "Security")
)

#: The FastAPI parameter functions (``Query(...)`` and friends), ``Depends`` included.
FASTAPI_PARAM_FUNCTIONS: Final = frozenset(
    f"{module}.{name}"
    for module in ("fastapi", "fastapi.params", "fastapi.param_functions")
    for name in ("Depends", "Security", "Header", "Query", "Path", "Cookie", "Body", "Form", "File")
)

#: ``BaseSettings`` of pydantic-settings and of pydantic v1.
SETTINGS_BASES: Final = frozenset(
    {
        "pydantic_settings.BaseSettings",
        "pydantic_settings.main.BaseSettings",
        "pydantic.BaseSettings",
        "pydantic.env_settings.BaseSettings",
        "pydantic.v1.BaseSettings",
        "pydantic.v1.env_settings.BaseSettings",
    }
)

MIDDLEWARE_BASES: Final = frozenset({"starlette.middleware.base.BaseHTTPMiddleware"})
ASYNC_CONTEXT_MANAGERS: Final = frozenset({"contextlib.asynccontextmanager"})

# A from-imported receiver spelled like an app or a router is taken for one (module docstring).
_IMPORTED_RECEIVER: Final = re.compile(r"^(?:app|api|router|\w+_router)$")
_OTHER_WEB_FRAMEWORKS: Final = (
    "flask", "quart", "sanic", "litestar", "starlite", "bottle", "django", "falcon", "aiohttp.web",
    "blacksheep", "robyn", "tornado", "pyramid", "connexion", "chalice", "apiflask",
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
#: Annotations that make a value a dict (PX104, PX501): a dict or mapping, bare or subscripted.
DICT_TYPE_NAMES: Final = frozenset(
    {"builtins.dict"}
    | {f"{mod}.{name}" for mod in ("typing", "typing_extensions") for name in ("Dict", "Mapping", "MutableMapping")}
    | {f"collections.abc.{name}" for name in ("Mapping", "MutableMapping")}
)
_MAX_ANNOTATION_DEPTH: Final = 8
#: Decorators that make a function build its result once (called or bare).
CACHE_DECORATORS: Final = frozenset(
    {
        "functools.lru_cache",
        "functools.cache",
        "async_lru.alru_cache",
        "cachetools.cached",
        "cachetools.func.lru_cache",
        "cachetools.func.ttl_cache",
        "aiocache.cached",
    }
)


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
        self._fastapi: FastAPIFacts | None = None
        self._imported_receivers: dict[str, bool] = {}
        self._bound_values: dict[ast.AST, dict[str, list[str | None]]] = {}  # bound_type()

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

    # -- what a name holds (PX3) ---------------------------------------------------------

    def bound_type(self, expr: ast.expr) -> str | None:
        """The qualified name of what ``expr`` was made by, when every binding of it agrees.

        For a call: its callee (``threading.Lock()`` -> ``threading.Lock``). For a name (of the
        module, the current function or an enclosing one) or ``self.<attr>``/``cls.<attr>``/
        ``<Class>.<attr>`` inside the enclosing class: the callee of every assignment to it in
        its scope (for an attribute: the class body and ``<first parameter>.<attr> = ...`` in
        every method), or the annotation of a parameter or of an annotated assignment whose
        value is not a call; ``field(default_factory=X)`` counts as ``X()``. ``None`` when
        unknown, imported, or bound to different things.
        """
        if isinstance(expr, ast.Call):
            return self.resolve(expr.func)
        values: list[str | None] = []
        if isinstance(expr, ast.Name):
            for scope in self.scopes():
                if scope.kind is ScopeKind.CLASS and scope is not self.scope:
                    continue
                if expr.id in scope.bindings:
                    if scope.bindings[expr.id] is None:
                        values = self._values_in(scope).get(expr.id, [])
                    break
        elif isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name):
            inner: Scope | None = None
            for scope in self.scopes():
                if scope.kind is ScopeKind.CLASS:
                    node = cast(ast.ClassDef, scope.node)
                    if expr.value.id == node.name or (
                        inner is not None and _first_parameter(inner.node) == expr.value.id
                    ):
                        values = self._values_in(scope).get(expr.attr, [])
                    break
                inner = scope
        found = set(values)
        return found.pop() if len(found) == 1 else None

    def _values_in(self, scope: Scope) -> dict[str, list[str | None]]:
        """Name (or, for a class, attribute) -> what each of its bindings in ``scope`` is made by."""
        cached = self._bound_values.get(scope.node)
        if cached is not None:
            return cached
        found: dict[str, list[str | None]] = {}
        node = scope.node
        if isinstance(node, ast.ClassDef):
            _collect_values(self, scope, node.body, None, found)
            for stmt in node.body:
                owner = _first_parameter(stmt)
                if owner is not None and isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                    _collect_values(self, Scope(stmt, scope), stmt.body, owner, found)
        elif isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef):
            if not isinstance(node, ast.Module):
                for arg in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs):
                    annotation = arg.annotation
                    found.setdefault(arg.arg, []).append(
                        None if annotation is None else self.resolve(_unsubscript(annotation), scope.parent)
                    )
            _collect_values(self, scope, node.body, None, found)
        self._bound_values[node] = found
        return found

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

    def is_cached(self, func: FunctionNode, scope: Scope | None = None) -> bool:
        """Whether ``func`` is decorated with one of :data:`CACHE_DECORATORS` (resolved in ``scope``)."""
        for decorator in func.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            if self.resolve(target, scope) in CACHE_DECORATORS:
                return True
        return False

    def is_dict_annotation(self, annotation: ast.expr | None, scope: Scope | None = None) -> bool:
        """Missing, or a dict type: :data:`DICT_TYPE_NAMES`, possibly ``Optional``/``| None``/
        ``Annotated``/a string; a union counts when every member is a dict type or None."""
        return annotation is None or self._dict_type(annotation, scope, 0) is True

    def _dict_type(self, expr: ast.expr, scope: Scope | None, depth: int) -> bool | None:
        """True: a dict type; None: ``None`` (keeps a union optional); False: anything else."""
        if depth > _MAX_ANNOTATION_DEPTH:
            return False
        if isinstance(expr, ast.Constant):
            if expr.value is None:
                return None
            if isinstance(expr.value, str):
                try:
                    parsed = ast.parse(expr.value.strip(), mode="eval").body
                except (SyntaxError, ValueError):
                    return False
                return self._dict_type(parsed, scope, depth + 1)
            return False
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.BitOr):
            return self._dict_union([expr.left, expr.right], scope, depth)
        if isinstance(expr, ast.Subscript):
            base = self.resolve(expr.value, scope)
            if base in DICT_TYPE_NAMES:
                return True
            items = list(expr.slice.elts) if isinstance(expr.slice, ast.Tuple) else [expr.slice]
            if base in OPTIONAL_NAMES and len(items) == 1:
                return self._dict_type(items[0], scope, depth + 1) is True
            if base in UNION_NAMES:
                return self._dict_union(items, scope, depth)
            if base in ANNOTATED_NAMES and items:
                return self._dict_type(items[0], scope, depth + 1)
            return False
        if isinstance(expr, ast.Name | ast.Attribute):
            return self.resolve(expr, scope) in DICT_TYPE_NAMES
        return False

    def _dict_union(self, members: list[ast.expr], scope: Scope | None, depth: int) -> bool:
        flat: list[ast.expr] = []
        todo = list(members)
        while todo:
            member = todo.pop()
            if isinstance(member, ast.BinOp) and isinstance(member.op, ast.BitOr):
                todo += [member.left, member.right]
            else:
                flat.append(member)
        kinds = [self._dict_type(member, scope, depth + 1) for member in flat]
        return True in kinds and False not in kinds

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
            if self.is_app_receiver(decorator.func.value):
                found = decorator
                break
        self._route_cache[func] = found
        return found

    def is_route_handler(self, func: FunctionNode) -> bool:
        return self.route_decorator(func) is not None

    @property
    def imports_fastapi(self) -> bool:
        if self._imports_fastapi is None:
            self._imports_fastapi = self.imports_module("fastapi")
        return self._imports_fastapi

    def is_app_receiver(self, receiver: ast.expr) -> bool:
        """Whether ``X`` of ``@X.get(...)``, ``@X.exception_handler(...)`` ... may be an app or router.

        True when the module imports fastapi, when ``X`` is a module-level name assigned a
        ``FastAPI()``/``APIRouter()``, or when ``X`` is a from-imported name spelled like an app
        or a router (see the module docstring).
        """
        if self.imports_fastapi:
            return True
        if not isinstance(receiver, ast.Name):
            return False
        name = receiver.id
        if name in self.route_receivers:
            return True
        known = self._imported_receivers.get(name)
        if known is None:
            target = self.module_scope.bindings.get(name)
            known = (
                target is not None
                and target != name  # ``from x import router``, not ``import router``
                and _IMPORTED_RECEIVER.match(name) is not None
                and not any(self.imports_module(other) for other in _OTHER_WEB_FRAMEWORKS)
            )
            self._imported_receivers[name] = known
        return known

    @property
    def fastapi(self) -> FastAPIFacts:
        """The FastAPI wiring of the module (see the module docstring); computed once."""
        if self._fastapi is None:
            self._fastapi = _scan_fastapi(self)
        return self._fastapi

    def _is_method(self, func: FunctionNode) -> bool:
        return isinstance(self.parents.get(func), ast.ClassDef)

    def is_dependency(self, func: FunctionNode) -> bool:
        """``func`` (not a method) is passed to ``Depends(...)``/``Security(...)`` in this module."""
        return func.name in self.fastapi.dependencies and not self._is_method(func)

    def is_exception_handler(self, func: FunctionNode) -> bool:
        return func.name in self.fastapi.exception_handlers and not self._is_method(func)

    def is_lifespan(self, func: FunctionNode) -> bool:
        return func.name in self.fastapi.lifespans and not self._is_method(func)

    def is_middleware(self, func: FunctionNode) -> bool:
        """Registered with ``@app.middleware(...)``, has a ``call_next`` parameter, or is a
        method of a ``BaseHTTPMiddleware`` subclass of this module."""
        if any(arg.arg == "call_next" for arg in (*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs)):
            return True
        parent = self.parents.get(func)
        if isinstance(parent, ast.ClassDef):
            return parent.name in self.fastapi.middleware_classes
        return func.name in self.fastapi.middleware

    def takes_http_parameters(self, func: FunctionNode, scope: Scope | None = None) -> bool:
        """A parameter of ``func`` looks injected by FastAPI: annotated with a fastapi/starlette
        type (``Request``, ``WebSocket``, ``UploadFile``, ``HTTPAuthorizationCredentials``...,
        also inside ``Annotated``/``Optional``/``|``), with a FastAPI parameter function as
        default or ``Annotated`` metadata (``Depends``, ``Security``, ``Header``, ``Query``,
        ``Path``, ``Cookie``, ``Body``, ``Form``, ``File``), or named ``call_next``.

        ``scope`` is where the ``def`` statement is (default: the enclosing scope when ``func``'s
        own body is current, else the current scope).
        """
        if scope is None:
            scope = self.scope.parent if self.scope.node is func and self.scope.parent else self.scope
        args = func.args
        params = [*args.posonlyargs, *args.args, *args.kwonlyargs]
        if any(arg.arg == "call_next" for arg in params):
            return True
        defaults = [*args.defaults, *(d for d in args.kw_defaults if d is not None)]
        annotations = [arg.annotation for arg in params if arg.annotation is not None]
        todo: list[ast.expr] = [*defaults, *annotations]
        while todo:
            expr = todo.pop()
            if isinstance(expr, ast.Call):
                if self.resolve(expr.func, scope) in FASTAPI_PARAM_FUNCTIONS:
                    return True
            elif isinstance(expr, ast.Subscript):
                todo.append(expr.value)
                todo.extend(expr.slice.elts if isinstance(expr.slice, ast.Tuple) else [expr.slice])
            elif isinstance(expr, ast.BinOp):
                todo += [expr.left, expr.right]
            elif isinstance(expr, ast.Constant) and isinstance(expr.value, str):  # a string annotation
                try:
                    todo.append(ast.parse(expr.value.strip(), mode="eval").body)
                except (SyntaxError, ValueError):
                    pass
            elif isinstance(expr, ast.Name | ast.Attribute):
                qualified = self.resolve(expr, scope)
                if qualified is not None and qualified.startswith(("fastapi.", "starlette.")):
                    return True
        return False

    def is_settings_class(self, expr: ast.expr, scope: Scope | None = None) -> bool:
        """Whether ``expr`` names a ``pydantic_settings.BaseSettings`` subclass.

        A class of this module: its bases (resolved) include ``BaseSettings`` (pydantic-settings
        or pydantic v1), or a class of this module that is one, or an imported class named
        ``*Settings``. An imported class: only when its name ends in ``Settings`` (the module
        cannot see its bases; a conservative guess that the convention makes reliable).
        """
        qualified = self.resolve(expr, scope)
        if qualified in SETTINGS_BASES:
            return False  # ``BaseSettings()`` itself is not a project's settings class
        if qualified is not None:
            return qualified.rpartition(".")[2].endswith("Settings")
        if not isinstance(expr, ast.Name):
            return False
        # the class statement of the scope that binds the name (not a namesake elsewhere)
        binder: Scope | None = scope if scope is not None else self.scope
        innermost = True
        while binder is not None and not (
            (binder.kind is not ScopeKind.CLASS or innermost) and expr.id in binder.bindings
        ):
            innermost = False
            binder = binder.parent
        for info in reversed(self._classes.get(expr.id, ())):
            if binder is None or info.scope.node is binder.node:
                return _is_settings_info(info, set())
        return False


def _is_settings_info(info: ClassInfo, seen: set[int]) -> bool:
    if id(info) in seen:
        return False
    seen.add(id(info))
    for base in info.bases:
        if base in SETTINGS_BASES:
            return True
        if base is not None and base.rpartition(".")[2].endswith("Settings"):
            return True
    return any(_is_settings_info(local, seen) for local in info._local_bases())


@dataclass(frozen=True)
class FastAPIFacts:
    """The FastAPI wiring of one module (names of module functions; see the module docstring)."""

    dependencies: frozenset[str] = frozenset()
    uses_depends: bool = False
    exception_handlers: frozenset[str] = frozenset()
    lifespans: frozenset[str] = frozenset()
    middleware: frozenset[str] = frozenset()
    middleware_classes: frozenset[str] = frozenset()
    creates_app: bool = False
    defines_route: bool = False

    @property
    def is_api_layer(self) -> bool:
        """Defines a route, creates an app/router, uses ``Depends`` or registers an exception handler."""
        return self.defines_route or self.creates_app or self.uses_depends or bool(self.exception_handlers)


_APP_CALL_ATTRS: Final = frozenset({"FastAPI", "APIRouter", "Starlette"})
_DEPENDS_ATTRS: Final = frozenset({"Depends", "Security"})


def _scan_fastapi(model: SemanticModel) -> FastAPIFacts:
    """One walk of the module collecting :class:`FastAPIFacts` (names resolved at module level)."""
    module = model.module_scope
    tree = module.node
    if not isinstance(tree, ast.Module):
        return FastAPIFacts()
    imports = module.imports
    if not (
        model.imports_fastapi
        or model.imports_module("starlette")
        or any(model.is_app_receiver(ast.Name(id=name)) for name, target in imports.items() if name != target)
    ):
        return FastAPIFacts()  # nothing in the module can be FastAPI wiring
    depends_aliases = {name for name, target in imports.items() if target in DEPENDS_NAMES}
    app_aliases = {name for name, target in imports.items() if target in APP_TYPES}
    dependencies: set[str] = set()
    handlers: set[str] = set()
    lifespans: set[str] = set()
    middleware: set[str] = set()
    middleware_classes: set[str] = set()
    uses_depends = creates_app = defines_route = False
    for node in _walk_nodes([tree], ()):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                is_depends = func.id in depends_aliases
                is_app = func.id in app_aliases
            elif isinstance(func, ast.Attribute):
                attr = func.attr
                is_depends = attr in _DEPENDS_ATTRS and model.resolve(func, module) in DEPENDS_NAMES
                is_app = attr in _APP_CALL_ATTRS and model.resolve(func, module) in APP_TYPES
                if attr == "add_exception_handler" and model.is_app_receiver(func.value):
                    handler = node.args[1] if len(node.args) > 1 else _keyword(node, "handler")
                    if isinstance(handler, ast.Name):
                        handlers.add(handler.id)
            elif isinstance(func, ast.Call) and isinstance(func.func, ast.Attribute):
                # ``app.middleware("http")(f)``
                if func.func.attr == "middleware" and model.is_app_receiver(func.func.value) and node.args:
                    target = node.args[0]
                    if isinstance(target, ast.Name):
                        middleware.add(target.id)
                continue
            else:
                continue
            if is_depends:
                uses_depends = True
                dependency = node.args[0] if node.args else _keyword(node, "dependency")
                if isinstance(dependency, ast.Name):
                    dependencies.add(dependency.id)
            elif is_app:
                creates_app = True
                lifespan = _keyword(node, "lifespan")
                if isinstance(lifespan, ast.Name):
                    lifespans.add(lifespan.id)
                mapping = _keyword(node, "exception_handlers")
                if isinstance(mapping, ast.Dict):
                    handlers.update(v.id for v in mapping.values if isinstance(v, ast.Name))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if not defines_route and model.route_decorator(node) is not None:
                defines_route = True
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(decorator, ast.Call) and isinstance(target, ast.Attribute):
                    if target.attr == "exception_handler" and model.is_app_receiver(target.value):
                        handlers.add(node.name)
                    elif target.attr == "middleware" and model.is_app_receiver(target.value):
                        middleware.add(node.name)
                if model.resolve(target, module) in ASYNC_CONTEXT_MANAGERS and _is_lifespan_like(model, node):
                    lifespans.add(node.name)
        elif isinstance(node, ast.ClassDef):
            if any(model.resolve(_unsubscript(base), module) in MIDDLEWARE_BASES for base in node.bases):
                middleware_classes.add(node.name)
    return FastAPIFacts(
        dependencies=frozenset(dependencies),
        uses_depends=uses_depends,
        exception_handlers=frozenset(handlers),
        lifespans=frozenset(lifespans),
        middleware=frozenset(middleware),
        middleware_classes=frozenset(middleware_classes),
        creates_app=creates_app or bool(model.route_receivers),
        defines_route=defines_route,
    )


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    return None


def _is_lifespan_like(model: SemanticModel, func: FunctionNode) -> bool:
    """An ``@asynccontextmanager`` named ``lifespan`` or whose first parameter is an app."""
    if func.name == "lifespan":
        return True
    params = [*func.args.posonlyargs, *func.args.args]
    if not params or params[0].annotation is None:
        return False
    return model.resolve(_unsubscript(params[0].annotation), model.module_scope) in APP_TYPES


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


# -- what a name holds (PX3) ---------------------------------------------------------------

_NESTED_OR_LAMBDA: Final = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)

#: Calls whose ``default_factory=``/``factory=`` argument is what the bound value is made by.
FIELD_FACTORIES: Final = frozenset(
    {"dataclasses.field", "attr.ib", "attr.attrib", "attr.field", "attrs.field", "pydantic.Field",
     "pydantic.PrivateAttr"}
)


def scope_nodes(roots: Iterable[ast.AST]) -> Iterator[ast.AST]:
    """Every node under ``roots`` (included) that belongs to their scope, in no particular order.

    A nested ``def``/``async def``/``lambda``/class is yielded but not entered.
    """
    return _walk_nodes(roots, _NESTED_OR_LAMBDA)


def _walk_nodes(roots: Iterable[ast.AST], stop: tuple[type[ast.AST], ...]) -> Iterator[ast.AST]:
    """Every node under ``roots`` (included), not entering nodes of the ``stop`` types (an
    iterative walk over the child-field table; faster than ``ast.walk``)."""
    todo = list(roots)
    fields_of = CHILD_FIELDS
    node_base = ast.AST
    while todo:
        node = todo.pop()
        yield node
        if isinstance(node, stop):
            continue
        fields = fields_of.get(node.__class__)
        if fields is None:
            fields = fields_of[node.__class__] = child_fields(node.__class__)
        for name in fields:
            value = getattr(node, name, None)
            if value.__class__ is list:
                todo.extend(child for child in value if isinstance(child, node_base))
            elif isinstance(value, node_base):
                todo.append(value)


def _first_parameter(node: ast.AST) -> str | None:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        positional = (*node.args.posonlyargs, *node.args.args)
        return positional[0].arg if positional else None
    return None


def _made_by(model: SemanticModel, value: ast.expr | None, annotation: ast.expr | None, scope: Scope) -> str | None:
    if isinstance(value, ast.Call):
        callee = model.resolve(value.func, scope)
        if callee in FIELD_FACTORIES:
            for keyword in value.keywords:
                if keyword.arg in ("default_factory", "factory"):
                    return model.resolve(keyword.value, scope)
            return None
        return callee
    if annotation is not None:
        return model.resolve(_unsubscript(annotation), scope)
    return None


def _collect_values(
    model: SemanticModel,
    scope: Scope,
    body: list[ast.stmt],
    owner: str | None,
    found: dict[str, list[str | None]],
) -> None:
    """Record what each binding in ``body`` is made by: of names, or of ``<owner>.<attr>``."""

    def key(target: ast.expr) -> str | None:
        if owner is None:
            return target.id if isinstance(target, ast.Name) else None
        if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == owner:
            return target.attr
        return None

    handled: set[int] = set()
    nodes = body if isinstance(scope.node, ast.ClassDef) and owner is None else scope_nodes(body)
    for node in nodes:
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            annotation = node.annotation if isinstance(node, ast.AnnAssign) else None
            for target in targets:
                name = key(target)
                if name is not None:
                    handled.add(id(target))
                    found.setdefault(name, []).append(_made_by(model, node.value, annotation, scope))
        elif isinstance(node, _NESTED_OR_LAMBDA) and not isinstance(node, ast.Lambda) and owner is None:
            found.setdefault(node.name, []).append(None)
        elif isinstance(node, ast.Name | ast.Attribute) and not isinstance(node.ctx, ast.Load):
            name = key(node)
            if name is not None and id(node) not in handled:
                found.setdefault(name, []).append(None)  # a for target, augmented assignment, del ...

"""Class-body facts for the class-level rules PX604 and PX605.

Modules loaded from mypy's cache keep symbol tables, MROs and ``TypeInfo.metadata`` but no
function bodies (docs/architecture.md, "Class facts that survive the cache"). What a later
module needs to know about a class's methods is therefore recorded, syntactically from ``ClassDef.defs.body``, when the
class's own module is analysed (``get_customize_class_mro_hook``), under
``TypeInfo.metadata["pyexpert"]``:

- ``"init"``: ``"chains"``, ``"breaks"`` or ``"manual"`` -- the class body defines ``__init__``
  with a real body that calls ``super().__init__``, calls no ``__init__`` at all, or calls
  ``X.__init__(...)`` by hand. Absent when there is no written ``__init__``, or its body is a
  declaration (``...``, a docstring, ``raise NotImplementedError``) or unknown (an overload
  without implementation).
- ``"super"``: the sorted names of the other methods whose body calls ``super().<same name>``
  (``super(C, self).<same name>``) or ``Base.<same name>(self, ...)`` by hand.
- ``"declared"``: the sorted names of the methods that are declarations, meant to be overridden
  (a body of ``...``/a docstring/``raise NotImplementedError``, ``@abstractmethod``).
- ``"unknown": True``: the class defines methods but its module is silenced
  (``follow_imports = silent``), so mypy stripped the bodies: never judged.

Only classes with a fact get an entry; classes from stubs get none (their bodies are unknown).
Other classes are read only through this metadata, their MRO and ``info.names``.

"""

from __future__ import annotations

from typing import Final

from mypy.nodes import (
    CallExpr,
    ClassDef,
    Decorator,
    EllipsisExpr,
    Expression,
    ExpressionStmt,
    FuncDef,
    MemberExpr,
    NameExpr,
    OverloadedFuncDef,
    RaiseStmt,
    Statement,
    StrExpr,
    SuperExpr,
    TypeInfo,
)
from mypy.semanal import SemanticAnalyzer
from mypy.server.subexpr import get_subexpressions

from mypy_pyexpert import class_facts

__all__ = [
    "BodyFacts",
    "bodies_known",
    "bodies_known_for",
    "body_facts",
    "chain_calls",
    "init_fact",
    "names_fact",
    "record_body_facts",
    "written_method",
]

INIT: Final = "__init__"
_INIT_KEY: Final = "init"
SUPER: Final = "super"  # the key of the names calling super().<same name>
DECLARED: Final = "declared"  # the key of the names that are declarations
_UNKNOWN_KEY: Final = "unknown"
#: ``__init__`` verdicts: calls ``super().__init__``; calls no ``__init__``; calls ``X.__init__`` by hand
CHAINS: Final = "chains"
BREAKS: Final = "breaks"
MANUAL: Final = "manual"

_FuncLike = FuncDef | Decorator | OverloadedFuncDef
_LIBRARY_DIRS: Final = ("/site-packages/", "/dist-packages/", "/typeshed/")


class BodyFacts:
    """What one class body says (syntactically; it works before the body is analysed).

    ``init``: the ``__init__`` verdict (``None``: no written ``__init__``, or a declaration);
    ``defined``: the methods the body defines; ``via_super``: those calling ``super().<same>``;
    ``by_hand``: those calling ``X.<same>(...)`` on a named class instead; ``declared``: those
    that are declarations, meant to be overridden (``...``, ``@abstractmethod``).
    """

    __slots__ = ("by_hand", "declared", "defined", "init", "via_super")

    def __init__(
        self,
        init: str | None,
        defined: frozenset[str],
        via_super: frozenset[str],
        by_hand: frozenset[str],
        declared: frozenset[str],
    ) -> None:
        self.init = init
        self.defined = defined
        self.via_super = via_super
        self.by_hand = by_hand
        self.declared = declared


# -- reading a class body (its own module only) ------------------------------------------------


def _implementation(item: _FuncLike) -> FuncDef | None:
    """The function whose body runs: the implementation of an overload, the decorated function."""
    if isinstance(item, OverloadedFuncDef):
        impl = item.impl
        if impl is None:
            return None
        return impl.func if isinstance(impl, Decorator) else impl
    if isinstance(item, Decorator):
        return item.func
    return item


def _is_declaration(body: list[Statement]) -> bool:
    """``...``, a docstring, ``raise NotImplementedError``: a declaration, not an implementation."""
    for stmt in body:
        if isinstance(stmt, ExpressionStmt) and isinstance(stmt.expr, (EllipsisExpr, StrExpr)):
            continue
        if isinstance(stmt, RaiseStmt) and _names_not_implemented(stmt.expr):
            continue
        return False
    return True


def _names_not_implemented(expr: Expression | None) -> bool:
    if isinstance(expr, CallExpr):
        expr = expr.callee
    return isinstance(expr, NameExpr) and expr.name == "NotImplementedError"


def chain_calls(func: FuncDef, name: str) -> tuple[bool, bool]:
    """Whether ``func``'s body continues the chain of ``name`` (via super(), by hand).

    Via super: ``super().<name>`` or ``super(C, self).<name>`` anywhere in the body (called or
    not: a property chains by reading it). By hand: ``X.<name>`` where ``X`` is a capitalised
    name (``Base.<name>(self, ...)``); for ``__init__`` any other ``<expr>.__init__``.
    Generous on purpose: a body that might chain is not judged as breaking.
    (mypy's compiled traversers cannot be subclassed from a plugin; ``get_subexpressions``
    walks every expression of the body, nested functions included.)
    """
    via_super = by_hand = False
    for expr in get_subexpressions(func.body):
        if isinstance(expr, SuperExpr) and expr.name == name:
            via_super = True
        elif isinstance(expr, MemberExpr) and expr.name == name and (name == INIT or _names_a_class(expr.expr)):
            by_hand = True
    return via_super, by_hand


def _names_a_class(expr: Expression) -> bool:
    """``Base`` or ``module.Base``: a capitalised name (classes are, by convention)."""
    last = expr.name if isinstance(expr, (NameExpr, MemberExpr)) else ""
    return last[:1].isupper()


def body_facts(defn: ClassDef) -> BodyFacts:
    """The facts of a class body; a later definition of a name wins, as at runtime."""
    init: str | None = None
    defined: set[str] = set()
    via_super: set[str] = set()
    by_hand: set[str] = set()
    declared: set[str] = set()
    names = defn.info.names
    for stmt in defn.defs.body:
        if not isinstance(stmt, (FuncDef, Decorator, OverloadedFuncDef)):
            continue
        name = stmt.name
        symbol = names.get(name)
        if symbol is not None and symbol.plugin_generated:
            # another plugin's method (pydantic.mypy's __init__), appended to the body when
            # an earlier pass over a deferred class ran that plugin's hook: not source code
            continue
        defined.add(name)
        via_super.discard(name)
        by_hand.discard(name)
        declared.discard(name)
        func = _implementation(stmt)
        if func is None or _is_declaration(func.body.body) or _is_abstract(stmt):
            declared.add(name)
            if name == INIT:
                init = None
            continue
        sup, hand = chain_calls(func, name)
        if name == INIT:
            init = CHAINS if sup else MANUAL if hand else BREAKS
        elif sup:
            via_super.add(name)
        elif hand:
            by_hand.add(name)
    return BodyFacts(init, frozenset(defined), frozenset(via_super), frozenset(by_hand), frozenset(declared))


def _is_abstract(item: _FuncLike) -> bool:
    """``@abstractmethod`` (``abc.abstractmethod``), read before the decorators are analysed."""
    decorators = item.original_decorators if isinstance(item, Decorator) else []
    return any(isinstance(d, (NameExpr, MemberExpr)) and d.name == "abstractmethod" for d in decorators)


def record_body_facts(info: TypeInfo, facts: BodyFacts | None) -> None:
    """Store ``facts`` in the class's metadata (and drop stale ones from an earlier analysis).

    ``None``: the class's module is silenced (a ``follow_imports = silent`` module), so mypy
    stripped its bodies: a class that defines methods is marked ``"unknown"`` and is never the
    reason for a finding (:func:`bodies_known_for`).
    """
    entry = info.metadata.get(class_facts.METADATA_KEY)
    if facts is None:
        for key in (_INIT_KEY, SUPER, DECLARED):
            if entry is not None:
                entry.pop(key, None)
        if any(isinstance(stmt, _FuncLike) for stmt in info.defn.defs.body):
            info.metadata.setdefault(class_facts.METADATA_KEY, {})[_UNKNOWN_KEY] = True
        elif entry is not None:
            entry.pop(_UNKNOWN_KEY, None)
        if entry is not None and not entry:
            del info.metadata[class_facts.METADATA_KEY]
        return
    if entry is not None:
        entry.pop(_UNKNOWN_KEY, None)
    if entry is None:
        if facts.init is None and not (facts.via_super or facts.by_hand or facts.declared):
            return
        entry = info.metadata[class_facts.METADATA_KEY] = {}
    if facts.init is None:
        entry.pop(_INIT_KEY, None)
    else:
        entry[_INIT_KEY] = facts.init
    chaining = facts.via_super | facts.by_hand  # either way, a later definition may run
    if chaining:
        entry[SUPER] = sorted(chaining)
    else:
        entry.pop(SUPER, None)
    if facts.declared:
        entry[DECLARED] = sorted(facts.declared)
    else:
        entry.pop(DECLARED, None)
    if not entry:
        del info.metadata[class_facts.METADATA_KEY]


# -- reading other classes (metadata, MRO and names only) --------------------------------------


def init_fact(info: TypeInfo) -> str | None:
    """``"chains"``, ``"breaks"`` or ``None`` (no written ``__init__``, or unknown)."""
    entry = info.metadata.get(class_facts.METADATA_KEY)
    value = entry.get(_INIT_KEY) if entry is not None else None
    return value if value in (CHAINS, BREAKS, MANUAL) else None


def names_fact(info: TypeInfo, key: str) -> frozenset[str]:
    entry = info.metadata.get(class_facts.METADATA_KEY)
    names = entry.get(key) if entry is not None else None
    return frozenset(str(n) for n in names) if isinstance(names, list) else frozenset()


def bodies_known(sem: SemanticAnalyzer, module_name: str) -> bool:
    """Whether mypy reads the function bodies of a module, so facts about them are sound.

    Not for stubs, nor for modules whose errors are silenced: mypy strips most function bodies
    of those (``fastparse``: installed packages, ``ignore_errors = True``). Decided from the
    module's path and options only, so the answer is the same whether the module was parsed
    in this run or loaded from the cache.
    """
    module = sem.modules.get(module_name)
    if module is None or module.is_stub:
        return False
    path = module.path.replace("\\", "/").lower()
    if path.endswith(".pyi") or any(part in path for part in _LIBRARY_DIRS):
        return False
    return not sem.options.clone_for_module(module_name).ignore_errors


def bodies_known_for(sem: SemanticAnalyzer, info: TypeInfo) -> bool:
    """:func:`bodies_known` for the class's module, and the class not marked ``"unknown"``."""
    entry = info.metadata.get(class_facts.METADATA_KEY)
    if entry is not None and entry.get(_UNKNOWN_KEY) is True:
        return False
    return bodies_known(sem, info.module_name)


def written_method(info: TypeInfo, name: str) -> bool:
    """Whether the class body itself defines method ``name`` (not a plugin, not an attribute)."""
    symbol = info.names.get(name)
    return symbol is not None and not symbol.plugin_generated and isinstance(symbol.node, _FuncLike)

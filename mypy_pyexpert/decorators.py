"""Which function a decorator expression decorates, for hooks that fire on the decorator.

mypy type-checks a decorator stack from the inside out (``TypeChecker.visit_decorator``):

- a decorator that is a call (``@lru_cache(maxsize=32)``, ``@router.get("/heroes")``) is first
  evaluated as an ordinary call expression, so a function or method hook for it gets that
  :class:`~mypy.nodes.CallExpr` as ``ctx.context`` and nothing that names the function;
- a bare decorator (``@lru_cache``, ``@functools.cache``) is called with the function's
  signature, and its function hook gets the :class:`~mypy.nodes.Decorator` node itself as
  ``ctx.context``.

:func:`decorated_function` answers both: the ``Decorator`` directly, the call through an index of
every decorator expression of the module being checked (``TypeChecker.tree``), built once per
module and checker pass. The index holds the most recently used modules; a hit is verified by
node identity (the expression is still one of its ``Decorator``'s decorators), so an index made
stale by dmypy (which re-parses an edited module, or merges a new tree into the old
``MypyFile`` object) misses and is rebuilt, never answers wrongly. An expression that is not a
decorator (``lru_cache(maxsize=1)(f)``, ``app.get("/")`` called by hand) is remembered as absent,
so it does not rebuild the index again.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from typing import Final

from mypy.checker import TypeChecker
from mypy.nodes import Block, Context, Decorator, Expression, FuncDef, MypyFile, Statement

from mypy_pyexpert.syntax import STATEMENT_CHILDREN

__all__ = ["decorated_function", "decorator_of", "decorator_of_function", "is_innermost"]

#: How many modules' indexes are kept (mypy checks an import cycle's modules in turns).
_KEEP: Final = 8


class _Index:
    """Every decorator expression and decorated function of one module, mapped to its ``Decorator``."""

    def __init__(self, tree: MypyFile) -> None:
        self.tree = tree
        # id(node) -> (node, its Decorator): the node is held, so its id stays its own
        self.decorators: dict[int, tuple[Context, Decorator]] = {}
        self.absent: dict[int, Context] = {}  # looked up, not a decorator here
        stack: list[object] = [tree]
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(node)
                continue
            if isinstance(node, Decorator):
                self.decorators[id(node.func)] = (node.func, node)
                for expr in node.original_decorators:
                    self.decorators[id(expr)] = (expr, node)
            if isinstance(node, (MypyFile, Statement, Block)):
                for name in STATEMENT_CHILDREN.get(type(node).__name__, ()):
                    child = getattr(node, name, None)
                    if child is not None:
                        stack.append(child)

    def lookup(self, node: Context) -> Decorator | None | bool:
        """The ``Decorator`` of ``node``; ``None`` if known absent; ``False`` if not indexed."""
        found = self.decorators.get(id(node))
        if found is not None:
            held, decorator = found
            if held is node and (decorator.func is node or _contains(decorator.original_decorators, node)):
                return decorator
            return False
        if self.absent.get(id(node)) is node:
            return None
        return False


def _contains(exprs: Iterable[Expression], expr: Context) -> bool:
    return any(item is expr for item in exprs)


class _IndexCache:
    def __init__(self) -> None:
        self._indexes: OrderedDict[int, _Index] = OrderedDict()

    def lookup(self, tree: MypyFile, node: Context) -> Decorator | None:
        index = self._indexes.get(id(tree))
        if index is not None and index.tree is tree:
            self._indexes.move_to_end(id(tree))
            found = index.lookup(node)
            if found is not False:
                return found if isinstance(found, Decorator) else None
        # not indexed yet, or stale (dmypy changed the tree): index the module as it is now
        index = _Index(tree)
        self._indexes[id(tree)] = index
        self._indexes.move_to_end(id(tree))
        while len(self._indexes) > _KEEP:
            self._indexes.popitem(last=False)
        found = index.lookup(node)
        if isinstance(found, Decorator):
            return found
        index.absent[id(node)] = node
        return None


_CACHE: Final = _IndexCache()


def decorator_of(api: TypeChecker, context: Context) -> Decorator | None:
    """The ``Decorator`` node whose decorator (or which) ``context`` is, in the module being checked.

    ``context`` is a hook's ``ctx.context``: the ``Decorator`` itself for a bare decorator, or a
    decorator expression (usually a call) of the module ``api.tree``. ``None`` for anything else.
    """
    if isinstance(context, Decorator):
        return context
    if not isinstance(context, Expression):
        return None
    return _CACHE.lookup(api.tree, context)


def decorator_of_function(api: TypeChecker, func: FuncDef) -> Decorator | None:
    """The ``Decorator`` node of ``func`` (a function of the module being checked), if decorated."""
    if not func.is_decorated:
        return None
    return _CACHE.lookup(api.tree, func)


def decorated_function(api: TypeChecker, context: Context) -> FuncDef | None:
    """The function that the decorator expression ``context`` decorates (see :func:`decorator_of`)."""
    decorator = decorator_of(api, context)
    return decorator.func if decorator is not None else None


def is_innermost(decorator: Decorator, expr: Expression) -> bool:
    """Whether ``expr`` is the decorator applied first (written last) to ``decorator.func``.

    Only then is the function's own signature what that decorator receives.
    """
    return bool(decorator.original_decorators) and decorator.original_decorators[-1] is expr

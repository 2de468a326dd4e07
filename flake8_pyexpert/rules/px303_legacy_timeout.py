"""PX303 legacy-timeout: ``asyncio.wait_for`` / ``async_timeout`` where ``asyncio.timeout`` fits.

Only when the target Python (``--pyexpert-python-target``, else the ``requires-python`` of
the checked file's project, else 3.11; see :mod:`pyexpert_core.project`) is 3.11 or later.
Flagged, through any import alias:

* ``await asyncio.wait_for(aw, timeout)``: only when awaited on the spot, the one form that
  ``async with asyncio.timeout(t): await aw`` replaces in place;
* any call of ``async_timeout.timeout(delay)`` / ``async_timeout.timeout_at(deadline)``.

Not flagged: a ``None`` literal as the timeout (``timeout=None``, or positional), a call whose
timeout is not visible (missing, or ``*args``/``**kwargs``), ``wait_for`` that is not awaited
directly (passed to ``gather``/``create_task``, returned from sync code), calls under an ``if``
whose test reads ``sys.version_info`` (compatibility branches), and a bare name the module also
imports from ``asyncio`` (``try: from asyncio import timeout`` / ``except ImportError: from
async_timeout import timeout``: the code already uses ``asyncio.timeout`` where it exists).
"""

from __future__ import annotations

import ast
from typing import Final

from flake8_pyexpert.runner import Check, FileContext
from flake8_pyexpert.semantic.imports import ImportedNames
from pyexpert_core.project import format_target
from pyexpert_core.metadata import LEGACY_TIMEOUT

__all__ = ["LegacyTimeout"]

_WAIT_FOR: Final = frozenset({"asyncio.wait_for", "asyncio.tasks.wait_for"})
# qualified name -> (displayed call, replacement, name of the timeout parameter)
_ASYNC_TIMEOUT: Final = {
    "async_timeout.timeout": ("async_timeout.timeout()", "asyncio.timeout(...)", "delay"),
    "async_timeout.timeout_at": ("async_timeout.timeout_at()", "asyncio.timeout_at(...)", "deadline"),
}
_WANTED: Final = _WAIT_FOR | frozenset(_ASYNC_TIMEOUT)
_LAST_PARTS: Final = frozenset(name.rpartition(".")[2] for name in _WANTED)
_ASYNCIO_TIMEOUTS: Final = frozenset({"timeout", "timeout_at"})
_MINIMUM: Final = (3, 11)


def _in_version_branch(model_parent: dict[ast.AST, ast.AST], node: ast.AST) -> bool:
    """Whether ``node`` is under an ``if`` (statement or expression) that tests ``sys.version_info``."""
    parent = model_parent.get(node)
    while parent is not None:
        if isinstance(parent, ast.If | ast.IfExp):
            for sub in ast.walk(parent.test):
                if isinstance(sub, ast.Attribute) and sub.attr == "version_info":
                    return True
                if isinstance(sub, ast.Name) and sub.id == "version_info":
                    return True
        parent = model_parent.get(parent)
    return False


def _timeout_argument(call: ast.Call, position: int, keyword: str) -> ast.expr | None:
    """The timeout argument (the ``position``-th positional or ``keyword=``), None if not visible."""
    if any(isinstance(arg, ast.Starred) for arg in call.args[: position + 1]):
        return None
    if len(call.args) > position:
        return call.args[position]
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    return None  # missing, or maybe inside **kwargs


def _is_none(expr: ast.expr) -> bool:
    return isinstance(expr, ast.Constant) and expr.value is None


class LegacyTimeout(Check):
    rules = (LEGACY_TIMEOUT,)

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self.imported = ImportedNames(self.model, _WANTED)
        self.asyncio_names: set[str] = set()  # names bound by `from asyncio import timeout[ as x]`

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self.imported.saw_import(node)
        if node.module == "asyncio" and not node.level:
            for alias in node.names:
                if alias.name in _ASYNCIO_TIMEOUTS:
                    self.asyncio_names.add(alias.asname or alias.name)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute):
            if func.attr not in _LAST_PARTS:
                return
        elif not (isinstance(func, ast.Name) and func.id in self.imported.names):
            return
        target = self.context.file.python_target
        if target < _MINIMUM:
            return
        qualified = self.model.resolve(func)
        if qualified in _WAIT_FOR:
            if not isinstance(self.model.parent(node), ast.Await):
                return
            call, replacement, keyword, position = "asyncio.wait_for()", "asyncio.timeout(...)", "timeout", 1
        elif qualified in _ASYNC_TIMEOUT:
            if isinstance(func, ast.Name) and func.id in self.asyncio_names:
                return
            call, replacement, keyword = _ASYNC_TIMEOUT[qualified]
            position = 0
        else:
            return
        timeout = _timeout_argument(node, position, keyword)
        if timeout is None or _is_none(timeout) or _in_version_branch(self.model.parents, node):
            return
        self.report(node, LEGACY_TIMEOUT, call=call, target=format_target(target), replacement=replacement)

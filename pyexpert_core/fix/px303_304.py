"""PX303 legacy-timeout and PX304 loop-api-in-coroutine.

PX303 (reported at the ``wait_for`` call): ``await asyncio.wait_for(aw, t)`` that is a whole
statement, the value of a simple assignment (``x = ...``, ``x: T = ...``) or of a ``return``,
becomes::

    async with asyncio.timeout(t):
        x = await aw

Both raise ``TimeoutError`` on Python 3.11+, the only targets PX303 reports. Not fixable: a
``wait_for`` inside a larger expression, a statement sharing its line (``;``), arguments other
than the awaitable and the timeout, and ``async_timeout`` calls.

PX304 (reported at the call): ``asyncio.get_event_loop()`` -> ``asyncio.get_running_loop()``
(in a coroutine a loop is running, which is what ``get_event_loop`` returned there). The other
calls PX304 reports (``run_until_complete``, ``asyncio.run``, ``nest_asyncio.apply``) need the
code around them rewritten: not fixable.
"""

from __future__ import annotations

from typing import Final

import libcst as cst

from pyexpert_core.findings import Finding
from pyexpert_core.fix.base import Edit, FileTree, ImportSpec, NotFixable
from pyexpert_core.fix.syntax import positional

__all__ = ["fix_legacy_timeout", "fix_loop_api_in_coroutine"]

_RUNNING_LOOP: Final = "get_event_loop() -> get_running_loop()"


def _arguments(call: cst.Call) -> tuple[cst.BaseExpression, cst.BaseExpression] | None:
    """The awaitable and the timeout of ``wait_for(fut, timeout)``."""
    by_name = {arg.keyword.value: arg.value for arg in call.args if arg.keyword is not None}
    values = [arg.value for arg in positional(call)]
    if len(values) + len(by_name) != len(call.args) or set(by_name) - {"fut", "timeout"}:
        return None
    values += [by_name[name] for name in ("fut", "timeout")[len(values):] if name in by_name]
    return (values[0], values[1]) if len(values) == 2 else None


def _statement_value(statement: cst.BaseSmallStatement) -> cst.BaseExpression | None:
    if isinstance(statement, cst.Expr | cst.Return | cst.AnnAssign):
        return statement.value
    if isinstance(statement, cst.Assign) and len(statement.targets) == 1:
        return statement.value
    return None


def _comments(node: cst.CSTNode) -> list[str]:
    found: list[str] = []
    todo = [node]
    while todo:
        current = todo.pop()
        if isinstance(current, cst.Comment):
            found.append(current.value)
        todo.extend(current.children)
    return found


def _minus(items: list[str], *others: list[str]) -> list[str]:
    left = list(items)
    for other in others:
        for item in other:
            if item in left:
                left.remove(item)
    return left


def fix_legacy_timeout(tree: FileTree, finding: Finding) -> Edit | NotFixable:
    call = tree.first_at(finding, cst.Call)
    awaited = tree.parent(call) if call is not None else None
    statement = tree.parent(awaited) if awaited is not None else None
    line = tree.parent(statement) if statement is not None else None
    if call is None or not isinstance(awaited, cst.Await) or awaited.lpar or call.lpar:
        return NotFixable("not an awaited wait_for call")
    if not (
        isinstance(statement, cst.BaseSmallStatement)
        and _statement_value(statement) is awaited
        and isinstance(line, cst.SimpleStatementLine)
        and len(line.body) == 1
    ):
        return NotFixable("wait_for inside an expression: asyncio.timeout() needs a statement of its own")
    arguments = _arguments(call)
    if arguments is None:
        return NotFixable("wait_for() arguments other than the awaitable and the timeout")
    inside = _minus(_comments(call), _comments(arguments[0]), _comments(arguments[1]))
    if len(inside) > 1 or (inside and line.trailing_whitespace.comment is not None):
        return NotFixable("comments inside the wait_for() call")
    moved = inside[0] if inside else None
    func = call.func
    if isinstance(func, cst.Attribute):
        timeout: cst.BaseExpression = func.with_changes(attr=cst.Name("timeout"))
        add: tuple[ImportSpec, ...] = ()
        unused: tuple[ImportSpec, ...] = ()
    elif isinstance(func, cst.Name):
        timeout = cst.Attribute(cst.Name("asyncio"), cst.Name("timeout"))
        add, unused = (ImportSpec("asyncio"),), (ImportSpec("asyncio", func.value),)
    else:
        return NotFixable("wait_for is not a name")

    def replace(node: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(node, cst.SimpleStatementLine)
        small = node.body[0]
        value = _statement_value(small)
        assert isinstance(value, cst.Await) and isinstance(value.expression, cst.Call)
        arguments = _arguments(value.expression)
        assert arguments is not None
        awaitable, seconds = arguments
        inner = node.with_changes(
            body=[small.with_changes(value=value.with_changes(expression=awaitable))], leading_lines=()
        )
        header = cst.TrailingWhitespace(
            whitespace=cst.SimpleWhitespace("  " if moved else ""), comment=cst.Comment(moved) if moved else None
        )
        return cst.With(
            items=[cst.WithItem(cst.Call(func=timeout, args=[cst.Arg(seconds)]))],
            body=cst.IndentedBlock(body=[inner], header=header),
            asynchronous=cst.Asynchronous(),
            leading_lines=node.leading_lines,
        )

    description = "await wait_for(aw, t) -> async with timeout(t): await aw"
    return Edit(line, replace, description, add_imports=add, unused_imports=unused)


def fix_loop_api_in_coroutine(tree: FileTree, finding: Finding) -> Edit | NotFixable:
    if not finding.message.startswith("asyncio.get_event_loop()"):
        return NotFixable("the code around this call must be rewritten: await the coroutine")
    call = tree.first_at(finding, cst.Call)
    if call is None or call.args:
        return NotFixable("no asyncio.get_event_loop() call at this position")
    func = call.func
    if isinstance(func, cst.Attribute) and func.attr.value == "get_event_loop":
        return Edit(func, lambda node: node.with_changes(attr=cst.Name("get_running_loop")), _RUNNING_LOOP)
    if isinstance(func, cst.Name):
        return Edit(
            func,
            lambda node: cst.Name("get_running_loop"),
            _RUNNING_LOOP,
            add_imports=(ImportSpec("asyncio", "get_running_loop"),),
            unused_imports=(ImportSpec("asyncio", func.value),),
        )
    return NotFixable("get_event_loop is not a name")

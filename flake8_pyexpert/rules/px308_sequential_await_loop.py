"""PX308 sequential-await-loop (opt-in): ``for x in xs: await fetch(x)`` one after another.

``visit_For`` (only ``for``, never ``async for``) returns at once outside an ``async def``; in
one, it reads the loop body once (not nested functions, lambdas or classes).

Never in a function whose name starts with ``test`` (tests run their cases one by one on
purpose). Flagged when the body, outside any nested loop, awaits a call that takes a loop variable
directly as an argument, and none of these holds (each one means the order or the pacing
may matter, so the rule keeps quiet):

* a ``break``, ``return``, ``yield`` or ``raise`` anywhere in the body;
* a call of ``asyncio.sleep``/``anyio.sleep``/``trio.sleep``;
* ``async with <name or attribute>:`` (entering an existing lock/semaphore);
* an awaited method of a receiver whose name says it is a serial resource (session,
  connection, cursor, transaction, websocket, stream, writer, queue, channel, lock, file ...)
  or whose name says it writes, subscribes or is transactional (``send*``, ``write*``,
  ``put*``, ``execute*``, ``*subscribe*``, ``commit``, ``rollback``, ``flush``, ``refresh``,
  ``delete``, ``merge``, ``acquire``, ``drain``, ``begin``, ``add``, ``publish``), or a method
  of ``self``/``cls`` (the object's own methods share its state);
* an awaited call that passes such a serial resource (``await svc.update(session, item)``,
  ``await save(item, db=conn)``) or whose receiver the function built from one (``repo =
  UserRepository(session)`` ... ``await repo.update(item)``): one ``AsyncSession`` or
  connection cannot run two operations at once, so the loop must stay sequential;
* an awaited value feeding the next iteration: an augmented assignment with an await in it,
  a name assigned from an await that the body reads before (textually) assigning it, or an
  attribute/subscript assigned from an await that the body also reads;
* an awaited function (not only a method) whose name says it publishes, emits, broadcasts or
  audits (``publish_event(x)``, ``emit_update(x)``): fan-out whose order is the point, with
  nothing to overlap;
* an awaited call (function or method, leading underscores ignored) whose name says it changes
  state: ``update*``, ``upsert*``, ``insert*``, ``save*``, ``store*``, ``persist*``, ``create*``,
  ``replace*``, ``patch*``, ``set_*``, ``drop*``, ``evict*``, ``cancel*``, ``relocate*``,
  ``migrate*``, ``sync*``, ``apply*``, ``register*``, ``audit*``: writes are where order,
  transactions and locks matter (one row locked per call, a SQLite writer), so running them
  concurrently is not the safe change the rule suggests.

Not counted as the call that takes the loop variable: awaited logging calls (``await
logger.awarning(x)``, structlog's async methods): there is no work to run concurrently. Loops
whose order is written down are left alone: over ``reversed(...)`` (a rollback undoes in LIFO
order) or over a literal of at most three items, or a name bound to one (nothing worth
overlapping), and a loop in one arm of an ``if`` whose other arm runs the same kind of work
concurrently (``gather``, ``TaskGroup``, ``create_task``...): a switch, the sequential way chosen. A call of an
``async def`` of the same module that never awaits anything has nothing to overlap either.
"""

from __future__ import annotations

import ast
from typing import Final

from flake8_pyexpert.runner import Check
from flake8_pyexpert.semantic.values import literal_items
from pyexpert_core.metadata import SEQUENTIAL_AWAIT_LOOP

__all__ = ["SequentialAwaitLoop"]

_SLEEPS: Final = frozenset({"asyncio.sleep", "asyncio.tasks.sleep", "anyio.sleep", "trio.sleep"})
_STOPPERS: Final = (ast.Break, ast.Return, ast.Yield, ast.YieldFrom, ast.Raise)
_NESTED: Final = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
_LOOPS: Final = (ast.For, ast.AsyncFor, ast.While)
_SERIAL_WORDS: Final = (
    "session", "conn", "cursor", "transaction", "socket", "websocket", "stream", "writer", "queue",
    "channel", "lock", "semaphore", "file", "pipe", "pubsub",
)
_SERIAL_TOKENS: Final = frozenset({"db", "ws", "tx", "cur", "sock", "sio", "fp", "f", "fh", "io", "uow"})
_SERIAL_METHOD_PREFIXES: Final = ("send", "write", "put", "execute", "publish", "emit", "broadcast")
_SERIAL_METHODS: Final = frozenset(
    {
        "commit", "rollback", "flush", "refresh", "delete", "merge", "acquire", "drain", "begin", "add",
        "enter_room", "leave_room", "close_room", "disconnect",
    }
)
#: Functions (not methods) whose name says they fan an event out in order: publish, emit...
#: (``send_webhook(target)``, one HTTP call per item, is the concurrency PX308 is about).
_SERIAL_FUNCTION_PREFIXES: Final = ("publish", "emit", "broadcast", "audit", "disconnect")
#: Names that say the call changes state (see the module docstring).
_WRITE_PREFIXES: Final = (
    "update", "upsert", "insert", "save", "store", "persist", "create", "replace", "patch", "set_",
    "drop", "evict", "cancel", "relocate", "migrate", "sync", "apply", "register", "audit",
)
_LOGGER_NAMES: Final = frozenset({"logger", "log", "logging", "_logger", "_log", "structlog"})
_SMALL_LITERAL: Final = 3
#: Calls that run awaitables concurrently (asyncio's, anyio's and trio's spellings).
_CONCURRENT: Final = frozenset(
    {"gather", "TaskGroup", "create_task", "create_task_group", "open_nursery", "start_soon", "as_completed", "wait"}
)
#: Builtins whose result is a deliberate order: ``reversed`` (LIFO undo), ``sorted``.
_ORDERING: Final = frozenset({"reversed", "sorted"})


def _is_serial_name(name: str) -> bool:
    lowered = name.lower()
    return any(word in lowered for word in _SERIAL_WORDS) or any(
        token in _SERIAL_TOKENS for token in lowered.split("_")
    )


def _serial_call(call: ast.Call) -> bool:
    func = call.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    if name.lstrip("_").startswith(_WRITE_PREFIXES):
        return True  # a write: order and isolation matter
    if isinstance(func, ast.Name):
        return func.id.lstrip("_").startswith(_SERIAL_FUNCTION_PREFIXES)
    if not isinstance(func, ast.Attribute):
        return False
    if func.attr.startswith(_SERIAL_METHOD_PREFIXES) or func.attr in _SERIAL_METHODS or "subscribe" in func.attr:
        return True
    receiver = func.value
    if isinstance(receiver, ast.Name) and receiver.id in ("self", "cls"):
        return True  # the object's own methods share its state
    while True:
        if isinstance(receiver, ast.Name):
            return _is_serial_name(receiver.id)
        if isinstance(receiver, ast.Attribute):
            if _is_serial_name(receiver.attr):
                return True
            receiver = receiver.value
        elif isinstance(receiver, ast.Subscript | ast.Call):
            receiver = receiver.value if isinstance(receiver, ast.Subscript) else receiver.func
        else:
            return False


def _passes_serial(call: ast.Call, built: set[str]) -> bool:
    """The call takes a serial resource as an argument, or its receiver was built from one."""
    for arg in (*call.args, *(keyword.value for keyword in call.keywords)):
        if isinstance(arg, ast.Starred):
            arg = arg.value
        chain = arg
        while isinstance(chain, ast.Attribute):
            if _is_serial_name(chain.attr):
                return True
            chain = chain.value
        if isinstance(chain, ast.Name) and (_is_serial_name(chain.id) or chain.id in built):
            return True
    receiver = call.func.value if isinstance(call.func, ast.Attribute) else call.func
    while isinstance(receiver, ast.Attribute):
        receiver = receiver.value
    return isinstance(receiver, ast.Name) and receiver.id in built


def _built_from_serial(function: ast.AST) -> set[str]:
    """Names the function assigns from a call that takes a serial resource (``repo = Repo(session)``),
    and the functions that use one of its serial resources: its nested functions (a closure over
    ``db``), and itself, called again in the loop (a recursion shares the session)."""
    built: set[str] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node is not function:
            if any(isinstance(n, ast.Name) and _is_serial_name(n.id) for n in ast.walk(node)):
                built.add(node.name)
        elif node is function and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            # a recursive call of a function whose body uses a session shares that session
            if any(isinstance(n, ast.Name) and _is_serial_name(n.id) for n in ast.walk(node)):
                built.add(node.name)
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            value = node.value.value if isinstance(node.value, ast.Await) else node.value
            if isinstance(value, ast.Call) and _passes_serial(value, built):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                built.update(t.id for t in targets if isinstance(t, ast.Name))
    return built


def _is_logging_call(call: ast.Call) -> bool:
    """``logger.info(...)``, ``self.log.awarning(...)``, ``structlog.get_logger().ainfo(...)``."""
    func = call.func
    if not isinstance(func, ast.Attribute):
        return False
    receiver = func.value
    if isinstance(receiver, ast.Call):
        receiver = receiver.func
    if isinstance(receiver, ast.Attribute):
        name = receiver.attr
    elif isinstance(receiver, ast.Name):
        name = receiver.id
    else:
        return False
    lowered = name.lower()
    return lowered in _LOGGER_NAMES or lowered.endswith("logger")


def _ordered_or_tiny(tree: ast.AST, iterable: ast.expr, function: ast.AST | None) -> bool:
    """``reversed(...)``/``sorted(...)`` (the order is the point) or at most three items written in the code (a
    literal, or a name bound to one: :func:`~flake8_pyexpert.semantic.values.literal_items`)."""
    if isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Name) and iterable.func.id in _ORDERING:
        return True
    if not isinstance(iterable, ast.List | ast.Tuple | ast.Set | ast.Name):
        return False  # ``.items()`` of a dict and attributes may be filled at run time
    items = literal_items(tree, iterable, function)
    return items is not None and len(items) <= _SMALL_LITERAL


def _awaits_nothing(function: ast.AsyncFunctionDef) -> bool:
    """An ``async def`` whose own body never suspends (no ``await``, ``async for``/``with``)."""
    todo: list[ast.AST] = list(function.body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Await | ast.AsyncFor | ast.AsyncWith):
            return False
        if not isinstance(node, _NESTED):
            todo.extend(ast.iter_child_nodes(node))
    return True


def _callee_name(call: ast.Call) -> str | None:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None


def _loop_names(target: ast.expr) -> set[str]:
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, ast.Tuple | ast.List):
        return {elt.id for elt in target.elts if isinstance(elt, ast.Name)}
    return set()


def _has_await(node: ast.AST | None) -> bool:
    return node is not None and any(isinstance(n, ast.Await) for n in ast.walk(node))


def _position(node: ast.AST) -> tuple[int, int]:
    return (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))


def _end(node: ast.AST) -> tuple[int, int]:
    return (getattr(node, "end_lineno", 0) or 0, getattr(node, "end_col_offset", 0) or 0)


class SequentialAwaitLoop(Check):
    rules = (SEQUENTIAL_AWAIT_LOOP,)

    _module_coroutines: dict[str, ast.AsyncFunctionDef] | None = None

    def visit_For(self, node: ast.For) -> None:
        if not self.model.in_async:
            return
        names = _loop_names(node.target)
        function = self.model.current_function
        if not names or _ordered_or_tiny(self.model.tree, node.iter, function):
            return
        if function is not None and function.name.startswith("test"):
            return  # a test runs its cases one by one on purpose (subtests, assertions, order)
        if self._concurrent_alternative(node, function):
            return  # the sequential arm of a switch whose other arm runs the work concurrently
        found = self._qualifying_call(node, names, set())
        if found is not None and function is not None:  # only then: which names hold a session?
            found = self._qualifying_call(node, names, _built_from_serial(function))
        if found is None:
            return
        call, name = found
        self.report(node, SEQUENTIAL_AWAIT_LOOP, call=ast.unparse(call.func), name=name)

    def _concurrent_alternative(self, loop: ast.For, function: ast.AST | None) -> bool:
        """The loop is in one arm of an ``if`` whose other arm runs concurrently (``gather``,
        ``TaskGroup``, ``create_task``...): the sequential way was chosen, not overlooked."""
        child: ast.AST = loop
        parent = self.model.parent(loop)
        while parent is not None and parent is not function:
            if isinstance(parent, ast.If):
                other = parent.orelse if child in parent.body else parent.body if child in parent.orelse else []
                if any(
                    isinstance(node, ast.Call) and _callee_name(node) in _CONCURRENT
                    for stmt in other
                    for node in ast.walk(stmt)
                ):
                    return True
            child, parent = parent, self.model.parent(parent)
        return False

    def _idle(self, call: ast.Call) -> bool:
        """A call of an ``async def`` of this module (at module level) that never awaits."""
        if not isinstance(call.func, ast.Name):
            return False
        if self._module_coroutines is None:
            tree = self.model.tree
            body = tree.body if isinstance(tree, ast.Module) else []
            self._module_coroutines = {
                stmt.name: stmt for stmt in body if isinstance(stmt, ast.AsyncFunctionDef)
            }
        function = self._module_coroutines.get(call.func.id)
        return function is not None and _awaits_nothing(function)

    def _qualifying_call(self, loop: ast.For, names: set[str], built: set[str]) -> tuple[ast.Call, str] | None:
        """The awaited call taking a loop variable, if the body is free of every disqualifier."""
        found: tuple[ast.Call, str] | None = None
        awaited_stores: dict[str, tuple[int, int]] = {}  # name -> first store (end of its statement)
        awaited_targets: set[str] = set()  # attribute/subscript targets assigned from an await
        loads: list[ast.Name] = []
        loaded_chains: set[str] = set()
        todo: list[tuple[ast.AST, bool]] = [(stmt, False) for stmt in loop.body]
        while todo:
            node, in_loop = todo.pop()
            if isinstance(node, _NESTED):
                continue
            if isinstance(node, _STOPPERS):
                return None
            if isinstance(node, ast.AsyncWith) and any(
                isinstance(item.context_expr, ast.Name | ast.Attribute) for item in node.items
            ):
                return None
            if isinstance(node, ast.AugAssign) and _has_await(node.value):
                return None
            if isinstance(node, ast.Call) and self.model.resolve(node.func) in _SLEEPS:
                return None
            if isinstance(node, ast.Await) and isinstance(node.value, ast.Call):
                call = node.value
                if _serial_call(call) or _passes_serial(call, built):
                    return None
                if found is None and not in_loop and not _is_logging_call(call) and not self._idle(call):
                    for arg in (*call.args, *(k.value for k in call.keywords)):
                        if isinstance(arg, ast.Name) and arg.id in names:
                            found = (call, arg.id)
                            break
            if isinstance(node, ast.Assign | ast.AnnAssign | ast.NamedExpr) and _has_await(node.value):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    for sub in ast.walk(target):
                        if isinstance(sub, ast.Name):
                            stored = awaited_stores.get(sub.id)
                            if stored is None or _end(node) < stored:
                                awaited_stores[sub.id] = _end(node)
                    if isinstance(target, ast.Attribute | ast.Subscript):
                        awaited_targets.add(ast.unparse(target))
            elif isinstance(node, ast.AsyncFor | ast.AsyncWith):
                targets = [node.target] if isinstance(node, ast.AsyncFor) else [
                    item.optional_vars for item in node.items if item.optional_vars is not None
                ]
                for target in targets:
                    for sub in ast.walk(target):
                        if isinstance(sub, ast.Name):
                            awaited_stores.setdefault(sub.id, _position(sub))
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                loads.append(node)
            elif isinstance(node, ast.Attribute | ast.Subscript) and isinstance(node.ctx, ast.Load):
                loaded_chains.add(ast.unparse(node))
            nested = in_loop or isinstance(node, _LOOPS)
            for child in ast.iter_child_nodes(node):
                todo.append((child, nested))
        if found is None:
            return None
        if awaited_targets & loaded_chains:
            return None
        for load in loads:
            first_store = awaited_stores.get(load.id)
            if first_store is not None and _position(load) < first_store:
                return None  # read before it is assigned: the previous iteration's awaited value
        return found

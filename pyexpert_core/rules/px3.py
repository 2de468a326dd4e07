"""PX3 - Async code that stays async."""

from __future__ import annotations

from pyexpert_core.catalog import Checker, FixInfo, FixSafety, Overlap, Resolution, Rule, RuleOption, StandardItem
from pyexpert_core.roles import ALL_ROLES, APP_ONLY

__all__ = ["Checker", "Rule", "RuleOption", "StandardItem"]

# -- shared by PX303 and PX309: the target Python -----------------------------------------------

PYTHON_TARGET = RuleOption(
    name="python_target",
    type="Python version (major.minor) or auto",
    default="auto",
    description=(
        "The oldest Python the checked project supports, e.g. `3.12`. PX303 and PX309 report "
        "nothing when it is below 3.11 (`asyncio.timeout` and `asyncio.TaskGroup` are new in "
        "3.11). `auto` reads the declaration of each checked file's own project (the nearest "
        "directory above the file, its own included and the home directory excluded, that holds "
        "a `pyproject.toml` or `setup.cfg`; read once per directory, whatever directory flake8 "
        "runs in): the lower bound of `[project] requires-python`, else "
        "of Poetry's `[tool.poetry.dependencies] python`, else of `setup.cfg`'s `[options] "
        "python_requires` (`>=3.9` -> 3.9, `~=3.10` -> 3.10, `>=3.11,<4` -> 3.11, `==3.12.*` -> "
        "3.12). When none is found or it cannot be read, or has no lower bound, the target is "
        "3.11. `--isolated` does not turn the reading off: it is project metadata, not flake8 "
        "configuration. flake8: `--pyexpert-python-target` or `pyexpert-python-target =` in the "
        "`[flake8]` section; a value that is not `auto` or a version is an error."
    ),
)

# -- PX302 cached-coroutine --------------------------------------------------------------------

CACHED_COROUTINE = Rule(
    code="PX302",
    name="cached-coroutine",
    summary="functools.lru_cache, cache or cached_property decorates an async def",
    message=(
        "Async def '{function}' is decorated with @{decorator}, which caches the coroutine object "
        "(awaitable only once); use @async_lru.alru_cache or @aiocache.cached"
    ),
    rationale=(
        "Calling an `async def` does not run it: it returns a coroutine object. "
        "`functools.lru_cache`, `functools.cache` and `functools.cached_property` therefore cache "
        "that coroutine, not the result. The first caller awaits it; every later call with the "
        "same arguments gets the same, already awaited coroutine back and fails with "
        "`RuntimeError: cannot reuse already awaited coroutine`. (The cache also keeps the "
        "arguments, and for methods `self`, alive.) Use a cache made for coroutines, which "
        "stores the awaited result: `async_lru.alru_cache`, or `aiocache.cached`.\n\n"
        "Flagged: an `async def` (function or method) decorated with `functools.lru_cache`, "
        "`functools.cache` or `functools.cached_property`, bare or called "
        "(`@lru_cache(maxsize=128)`), in any spelling the module's imports allow "
        "(`@functools.cache`, `from functools import lru_cache as memo`). Not flagged: the same "
        "decorators on a plain `def` (including one that returns an awaitable: that is a "
        "deliberate choice), any decorator that does not resolve to `functools` (a local "
        "function named `cache`, `async_lru.alru_cache`), and `lru_cache(...)(fn)` applied as "
        "a call rather than a decorator."
    ),
    bad=(
        "import asyncio\n"
        "import functools\n"
        "\n"
        "\n"
        "@functools.lru_cache(maxsize=128)\n"
        "async def exchange_rate(currency: str) -> float:\n"
        "    await asyncio.sleep(0.1)  # stands in for an HTTP request\n"
        "    return 1.1 if currency == \"USD\" else 1.0\n"
    ),
    good=(
        "import asyncio\n"
        "\n"
        "# or: from async_lru import alru_cache, and @alru_cache(maxsize=128) on the async def\n"
        "_rates: dict[str, float] = {}\n"
        "\n"
        "\n"
        "async def exchange_rate(currency: str) -> float:\n"
        "    if currency not in _rates:\n"
        "        await asyncio.sleep(0.1)  # stands in for an HTTP request\n"
        "        _rates[currency] = 1.1 if currency == \"USD\" else 1.0\n"
        "    return _rates[currency]\n"
    ),
    checker=Checker.FLAKE8,
    standard=StandardItem.ASYNC,
    applies_to=ALL_ROLES,
    references=(
        "https://docs.python.org/3/library/functools.html#functools.lru_cache",
        "https://github.com/aio-libs/async-lru",
        "https://aiocache.aio-libs.org/",
    ),
)

# -- PX303 legacy-timeout ----------------------------------------------------------------------

LEGACY_TIMEOUT = Rule(
    code="PX303",
    name="legacy-timeout",
    summary="asyncio.wait_for or async_timeout is used where asyncio.timeout (Python 3.11+) fits",
    message="{call} is the legacy timeout API on Python {target}; use 'async with {replacement}:' instead",
    rationale=(
        "Python 3.11 added `asyncio.timeout()` and `asyncio.timeout_at()`: an `async with` "
        "block that cancels everything awaited inside it when the deadline passes and raises "
        "`TimeoutError`. It covers several awaits with one deadline, can be rescheduled, needs "
        "no extra task (before 3.12, `wait_for` wrapped its argument in a new task) and replaces "
        "the `async-timeout` package, which its maintainers deprecated in favour of it.\n\n"
        "Flagged, when the target Python (option `python_target`) is 3.11 or later: "
        "`await asyncio.wait_for(aw, timeout)`, and any call of `async_timeout.timeout(...)` or "
        "`async_timeout.timeout_at(...)`, through any import alias. Not flagged: a timeout of "
        "`None` written as a literal (`timeout=None`, or `None` as the timeout argument: no "
        "timeout at all); a call whose timeout cannot be seen (no timeout argument, or `*args`/"
        "`**kwargs`); `asyncio.wait_for(...)` that is not awaited on the spot (an awaitable "
        "passed to `gather()` or `create_task()`, or built in sync code, has no in-place "
        "`async with` replacement); code under an `if` that tests `sys.version_info` (a "
        "compatibility branch); a name bound both to `asyncio.timeout` and `async_timeout.timeout` "
        "(the `try: from asyncio import timeout` / `except ImportError:` fallback); and everything "
        "when the target is below 3.11, where `asyncio.timeout` does not exist.\n\n"
        "The target: `--pyexpert-python-target`, else the lower bound of the checked project's "
        "`requires-python` (see the option), else 3.11. Reading the project's `pyproject.toml` "
        "or `setup.cfg` is the one documented exception to the rule that the plugin reads only "
        "the files flake8 gives it; it happens once per run, when flake8 parses its options."
    ),
    bad=(
        "import asyncio\n"
        "\n"
        "\n"
        "async def fetch() -> bytes:\n"
        "    await asyncio.sleep(1)\n"
        "    return b\"data\"\n"
        "\n"
        "\n"
        "async def fetch_with_deadline() -> bytes:\n"
        "    return await asyncio.wait_for(fetch(), timeout=5)\n"
    ),
    good=(
        "import asyncio\n"
        "\n"
        "\n"
        "async def fetch() -> bytes:\n"
        "    await asyncio.sleep(1)\n"
        "    return b\"data\"\n"
        "\n"
        "\n"
        "async def fetch_with_deadline() -> bytes:\n"
        "    async with asyncio.timeout(5):\n"
        "        return await fetch()\n"
    ),
    fix=FixInfo(
        safety=FixSafety.SAFE,
        description=(
            "`await asyncio.wait_for(aw, t)` that is a statement, a simple assignment's value or a "
            "`return`'s becomes `async with asyncio.timeout(t):` around the statement awaiting `aw`."
        ),
        not_fixable=("`wait_for` inside a larger expression", "`async_timeout` calls"),
    ),
    checker=Checker.FLAKE8,
    standard=StandardItem.ASYNC,
    applies_to=ALL_ROLES,
    options=(PYTHON_TARGET,),
    references=(
        "https://docs.python.org/3/library/asyncio-task.html#timeouts",
        "https://github.com/aio-libs/async-timeout",
    ),
)

# -- PX304 loop-api-in-coroutine ---------------------------------------------------------------

LOOP_API_IN_COROUTINE = Rule(
    code="PX304",
    name="loop-api-in-coroutine",
    summary="A coroutine calls event-loop management APIs meant for sync code",
    message="{call} inside coroutine '{function}'; {instead}",
    rationale=(
        "Inside a coroutine an event loop is already running. `asyncio.run()` and "
        "`loop.run_until_complete()` then fail with `RuntimeError` (they start a loop, and one "
        "thread runs one loop), and `nest_asyncio.apply()` only hides that by patching asyncio "
        "so the loop re-enters itself, which breaks the ordering and cancellation guarantees "
        "the rest of the code relies on: await the coroutine instead. `asyncio.get_event_loop()` "
        "does return the running loop there, but its behaviour elsewhere has changed across "
        "Python versions (deprecation warnings, a new loop, an error); "
        "`asyncio.get_running_loop()` says what is meant and fails loudly outside a coroutine.\n\n"
        "Flagged, in the body of an `async def` (also one nested in a sync function): "
        "`asyncio.get_event_loop()`, `<anything>.run_until_complete(...)`, `asyncio.run(...)` and "
        "`nest_asyncio.apply()`, through any import alias. Not flagged: the same calls in sync "
        "code, including a sync `def` or a `lambda` nested in an `async def` (they run later, "
        "e.g. in a thread via `run_in_executor`), `get_event_loop` of anything other than "
        "`asyncio` (a loop policy's method), and names that only look alike (a local `run`)."
    ),
    bad=(
        "import asyncio\n"
        "\n"
        "\n"
        "async def write_report(text: str) -> None:\n"
        "    loop = asyncio.get_event_loop()\n"
        "    await loop.run_in_executor(None, print, text)\n"
    ),
    good=(
        "import asyncio\n"
        "\n"
        "\n"
        "async def write_report(text: str) -> None:\n"
        "    loop = asyncio.get_running_loop()\n"
        "    await loop.run_in_executor(None, print, text)\n"
    ),
    fix=FixInfo(
        safety=FixSafety.SAFE,
        description="`asyncio.get_event_loop()` becomes `asyncio.get_running_loop()`.",
        not_fixable=("`run_until_complete`, `asyncio.run` and `nest_asyncio.apply` (await the coroutine)",),
    ),
    checker=Checker.FLAKE8,
    standard=StandardItem.ASYNC,
    applies_to=ALL_ROLES,
    references=(
        "https://docs.python.org/3/library/asyncio-eventloop.html#asyncio.get_running_loop",
        "https://docs.python.org/3/library/asyncio-runner.html#asyncio.run",
    ),
)

# -- PX309 gather-without-taskgroup ------------------------------------------------------------

GATHER_WITHOUT_TASKGROUP = Rule(
    code="PX309",
    name="gather-without-taskgroup",
    summary="asyncio.gather() without return_exceptions= where asyncio.TaskGroup (Python 3.11+) fits",
    message=(
        "{call} without return_exceptions= leaves the other awaitables running when one fails; "
        "use 'async with asyncio.TaskGroup()' (Python {target})"
    ),
    rationale=(
        "When one awaitable passed to `asyncio.gather()` raises, `gather` propagates the "
        "exception at once but neither cancels nor awaits the others: they keep running "
        "unsupervised, and an exception one of them raises later is silently dropped. "
        "`asyncio.TaskGroup` (Python 3.11+) cancels the remaining tasks when one fails, waits "
        "for all of them, and raises every failure together in an `ExceptionGroup`.\n\n"
        "Opt-in, because `gather` is not wrong where failures are rare and fatal. Flagged, in "
        "`async def` bodies and when the target Python (option `python_target`) is 3.11 or "
        "later: a call of `asyncio.gather(...)`, through any import alias, with no "
        "`return_exceptions=` keyword. Not flagged: `return_exceptions=` given (any value: "
        "the failures are handled deliberately), `**kwargs` in the call (it may carry it), "
        "`gather` in sync code (a `TaskGroup` needs `async with`), a `gather` none of whose "
        "awaitables can fail (each is `asyncio.sleep(...)` or a call of a function of the "
        "module whose body is one `try:` catching every `Exception` without raising: nothing "
        "is left unsupervised), a `gather` of tasks kept elsewhere (every argument spreads an "
        "attribute, `*self._tasks`, or a mapping's values, `*running.values()`: a `TaskGroup` "
        "owns the tasks it creates, and these already run on their own), and everything when "
        "the target is below 3.11, where "
        "`TaskGroup` does not exist."
    ),
    bad=(
        "import asyncio\n"
        "\n"
        "\n"
        "async def fetch(n: int) -> int:\n"
        "    await asyncio.sleep(0.1)\n"
        "    return n\n"
        "\n"
        "\n"
        "async def fetch_all() -> list[int]:\n"
        "    results = await asyncio.gather(fetch(1), fetch(2))\n"
        "    return list(results)\n"
    ),
    good=(
        "import asyncio\n"
        "\n"
        "\n"
        "async def fetch(n: int) -> int:\n"
        "    await asyncio.sleep(0.1)\n"
        "    return n\n"
        "\n"
        "\n"
        "async def fetch_all() -> list[int]:\n"
        "    async with asyncio.TaskGroup() as group:\n"
        "        tasks = [group.create_task(fetch(n)) for n in (1, 2)]\n"
        "    return [task.result() for task in tasks]\n"
    ),
    checker=Checker.FLAKE8,
    standard=StandardItem.ASYNC,
    applies_to=APP_ONLY,
    default_enabled=False,
    options=(PYTHON_TARGET,),
    references=(
        "https://docs.python.org/3/library/asyncio-task.html#task-groups",
        "https://docs.python.org/3/library/asyncio-task.html#asyncio.gather",
    ),
)

# -- PX305 unclosed-async-resource (helper B) ------------------------------------------------

UNCLOSED_ASYNC_RESOURCE = Rule(
    code="PX305",
    name="unclosed-async-resource",
    summary="An async client, connection or file opened into a local name is never closed",
    message=(
        "{resource} assigned to '{name}' is never closed; "
        "use 'async with {resource} as {name}:' or close it in a 'finally:'"
    ),
    rationale=(
        "An async client, connection or file holds sockets, a connection pool or a file "
        "descriptor until it is closed, and closing it is itself a coroutine. Opened into a "
        "local name and closed at the end of the happy path (or never), it leaks on every "
        "exception and cancellation: pools run dry, `ResourceWarning: unclosed ...` and "
        "'Unclosed client session' appear in the logs, and the server runs out of file "
        "descriptors under load. `async with` (or `try:` / `finally: await x.aclose()`) closes "
        "it on every path.\n\n"
        "Flagged: in the body of an `async def`, `httpx.AsyncClient()`, `aiohttp.ClientSession()`, "
        "`asyncpg.connect()`, `aiofiles.open()` or `websockets.connect()` (resolved through "
        "imports, awaited or not) assigned to a local name that the function never enters with "
        "`async with <name>` and never closes (`aclose()`, `close()` or `dispose()`, awaited or "
        "not) inside a `finally:` block. Not flagged: `async with httpx.AsyncClient() as c`; a "
        "resource whose ownership leaves the function: returned, yielded, awaited by name, "
        "stored on `self`, `app.state`, any attribute, a subscript, a container or another name, "
        "declared `global`/`nonlocal`, used by a nested function or lambda, or passed as an "
        "argument to any call (`stack.enter_async_context(c)`, `contextlib.aclosing(c)`, "
        "`Service(c)`, registering `c.aclose` as a callback). Passing it to another call "
        "transfers ownership ambiguously (the callee may close it or keep it), so it counts as "
        "an escape: the rule prefers a miss to a false alarm there. A factory "
        "(`def make() -> AsyncClient: return httpx.AsyncClient()`) is clean."
    ),
    bad=(
        "import httpx\n"
        "\n"
        "\n"
        "async def fetch_status(url: str) -> int:\n"
        "    client = httpx.AsyncClient()\n"
        "    response = await client.get(url)\n"
        "    return response.status_code\n"
    ),
    good=(
        "import httpx\n"
        "\n"
        "\n"
        "async def fetch_status(url: str) -> int:\n"
        "    async with httpx.AsyncClient() as client:\n"
        "        response = await client.get(url)\n"
        "    return response.status_code\n"
    ),
    checker=Checker.FLAKE8,
    standard=StandardItem.ASYNC,
    applies_to=ALL_ROLES,
    references=(
        "https://www.python-httpx.org/async/#opening-and-closing-clients",
        "https://docs.aiohttp.org/en/stable/client_advanced.html#client-session",
        "https://docs.python.org/3/reference/compound_stmts.html#the-async-with-statement",
    ),
)

# -- PX306 acquire-without-release (helper B) ------------------------------------------------

ACQUIRE_WITHOUT_RELEASE = Rule(
    code="PX306",
    name="acquire-without-release",
    summary="An awaited acquire() that is not released in a finally block",
    message=(
        "'await {receiver}.acquire()' is not followed by a try/finally that calls "
        "'{receiver}.release()'; use 'async with {receiver}:'"
    ),
    rationale=(
        "A lock, semaphore or pooled connection acquired with `await x.acquire()` and released "
        "by a later statement stays acquired when anything in between raises or the task is "
        "cancelled: the next waiter blocks forever, or the pool loses a connection for good. "
        "`async with x:` (asyncio locks and semaphores, `async with pool.acquire() as conn:` for "
        "asyncpg) releases it on every path.\n\n"
        "Flagged: a statement `await x.acquire(...)` or an assignment `conn = await "
        "pool.acquire()` in an `async def` where `x` is a name or attribute chain, unless it is "
        "followed (later in the same block, or of an enclosing block, possibly under an `if`) "
        "by a `try:` whose "
        "`finally:` calls `x.release(...)` for the same `x`, or sits inside a `try:` whose "
        "`finally:` does. Not flagged: an acquire nested in an expression "
        "(`if await lock.acquire():`), inside `__aenter__`/`__enter__` or a method named "
        "`acquire` (a context manager or wrapper of its own), when the function passes "
        "`x.release` to a callback or releases it in a nested function or lambda (a hand-off "
        "such as `task.add_done_callback(lambda _: sem.release())`), when another method of "
        "the same class releases `self.x` (acquire and release split across methods by "
        "design), when the function releases `x` before acquiring it (re-acquiring for the "
        "caller, as `Condition.wait` does), `await self.acquire()` (a lock class using its own "
        "protocol), `aiolimiter.AsyncLimiter`, whose `acquire()` has no `release()`, and an "
        "`acquire` that takes positional arguments (`await locks.acquire(key)`, `await "
        "leases.acquire(session, ttl_s=30)`): asyncio's primitives and the connection pools "
        "take none, so this is another API (a keyed lock, a lease that expires by itself) that "
        "`async with x:` cannot replace."
    ),
    bad=(
        "import asyncio\n"
        "\n"
        "lock = asyncio.Lock()\n"
        "counter = [0]\n"
        "\n"
        "\n"
        "async def bump() -> None:\n"
        "    await lock.acquire()\n"
        "    counter[0] += 1\n"
        "    lock.release()\n"
    ),
    good=(
        "import asyncio\n"
        "\n"
        "lock = asyncio.Lock()\n"
        "counter = [0]\n"
        "\n"
        "\n"
        "async def bump() -> None:\n"
        "    async with lock:\n"
        "        counter[0] += 1\n"
    ),
    checker=Checker.FLAKE8,
    standard=StandardItem.ASYNC,
    applies_to=ALL_ROLES,
    references=(
        "https://docs.python.org/3/library/asyncio-sync.html#asyncio.Lock",
        "https://magicstack.github.io/asyncpg/current/api/index.html#connection-pools",
    ),
)

# -- PX307 thread-lock-in-coroutine (helper B) -----------------------------------------------

THREAD_LOCK_IN_COROUTINE = Rule(
    code="PX307",
    name="thread-lock-in-coroutine",
    summary="A threading lock, condition or semaphore acquired inside a coroutine",
    message=(
        "'{lock}' is a {kind} acquired in a coroutine, which blocks the event loop; "
        "use asyncio.{replacement} with 'async with'"
    ),
    rationale=(
        "`threading.Lock` and its relatives block the calling thread while they wait. In a "
        "coroutine that thread is the event loop's: while one task waits for the lock nothing "
        "else runs, and if the holder is another task of the same loop (it awaited while "
        "holding the lock) the loop deadlocks. `asyncio.Lock`, `Condition`, `Semaphore` and "
        "`BoundedSemaphore` wait by suspending the task instead (`RLock` has no asyncio "
        "counterpart: restructure, or use `asyncio.Lock`).\n\n"
        "Flagged, directly in the body of an `async def` (not in a nested `def` or `lambda`): "
        "`with <lock>:` and `<lock>.acquire(...)` where `<lock>` is a `threading.Lock`, `RLock`, "
        "`Condition`, `Semaphore` or `BoundedSemaphore` (resolved through imports, e.g. "
        "`from threading import Lock as L`): created right there (`with threading.Lock():`), "
        "or a name or `self.<attr>`/class attribute every binding of which (at module level, in "
        "the function, in the enclosing class's body or as `self.<attr> = ...` in its methods, "
        "`field(default_factory=threading.Lock)` included) creates or is annotated as one; when "
        "the held region (the `with` body, or the rest of the function after `.acquire()` up to "
        "a `.release()` of the same lock) contains an `await`, which lets the loop switch "
        "while the thread lock is held, or when only coroutines of the module use the lock (an "
        "`asyncio` lock is what it should be). Not flagged: a lock that sync code of the module "
        "also uses (a `def` or `lambda` mentions it: it is shared with threads) and that is held "
        "across no `await`, which `asyncio.Lock` would not protect; the same code in a sync "
        "`def`; asyncio locks; a lock whose origin is unknown "
        "(imported from another module, a parameter without annotation, bound to different "
        "things); a non-blocking `acquire(blocking=False)`/`acquire(False)`/`acquire(timeout=0)`, "
        "which never waits."
    ),
    bad=(
        "import threading\n"
        "\n"
        "lock = threading.Lock()\n"
        "counter = [0]\n"
        "\n"
        "\n"
        "async def bump() -> None:\n"
        "    with lock:\n"
        "        counter[0] += 1\n"
    ),
    good=(
        "import asyncio\n"
        "\n"
        "lock = asyncio.Lock()\n"
        "counter = [0]\n"
        "\n"
        "\n"
        "async def bump() -> None:\n"
        "    async with lock:\n"
        "        counter[0] += 1\n"
    ),
    checker=Checker.FLAKE8,
    standard=StandardItem.ASYNC,
    applies_to=ALL_ROLES,
    references=(
        "https://docs.python.org/3/library/asyncio-sync.html",
        "https://docs.python.org/3/library/asyncio-dev.html#concurrency-and-multithreading",
    ),
)

# -- PX308 sequential-await-loop (helper B) --------------------------------------------------

SEQUENTIAL_AWAIT_LOOP = Rule(
    code="PX308",
    name="sequential-await-loop",
    summary="A for loop that awaits one independent call per item, one after another",
    message=(
        "loop awaits '{call}' once per '{name}', one after another; "
        "run the calls concurrently in an asyncio.TaskGroup"
    ),
    rationale=(
        "`for x in xs: await fetch(x)` waits for each call to finish before starting the next, "
        "so n independent requests take n round trips. When the iterations do not depend on "
        "each other, `async with asyncio.TaskGroup() as tg:` with `tg.create_task(fetch(x))` "
        "per item runs them concurrently and still cancels the rest if one fails.\n\n"
        "Flagged: in an `async def`, a `for` loop (not `async for`) whose body awaits a call "
        "that takes a loop variable directly as an argument (`await fetch(x)`, "
        "`await get(id=x)`), outside any nested loop. Conservative, because order and shared "
        "state often matter. Not flagged when the body has a `break`, `return`, `yield` or "
        "`raise`; calls `asyncio.sleep` (or `anyio`/`trio.sleep`: pacing is deliberate); enters "
        "an existing object with `async with` (a lock or semaphore: serialised on purpose); "
        "awaits anything that is usually not safe to run concurrently (a method of something "
        "whose name says session, connection, cursor, transaction, websocket, stream, writer, "
        "queue, channel, pubsub or lock, a method of `self`/`cls`, whose calls share the "
        "object's state, or a method named like `send*`, `write*`, `put*`, `execute*`, "
        "`publish*`, `emit*`, `broadcast*`, `*subscribe*`, `commit`, `rollback`, `flush`, "
        "`refresh`, `delete`, `merge`, `acquire`, `drain`, `begin`, `add`, `enter_room`, "
        "`leave_room`, `disconnect`, or a function named like `publish*`, `emit*`, "
        "`broadcast*`, `audit*`: fan-out whose order is the point); awaits a call whose name "
        "says it changes state (`update*`, `upsert*`, `insert*`, `save*`, `store*`, `persist*`, "
        "`create*`, `replace*`, `patch*`, `set_*`, `drop*`, `evict*`, `cancel*`, `relocate*`, "
        "`migrate*`, `sync*`, `apply*`, `register*`: writes are where order, transactions and "
        "locks matter); awaits a call that is passed such a resource (a "
        "session, connection or transaction named so, `await save(session, x)`) or whose "
        "receiver was built from one (`repo = Repository(session)` before the loop, then "
        "`await repo.get(x)`): a session cannot be used by two tasks at once; or "
        "when an awaited value feeds the next iteration (an awaited result assigned to a name "
        "that the body reads before assigning it, or an augmented assignment with an await "
        "in it, such as `total += await count(x)`); and never in test functions (named "
        "`test*`), which run their cases one by one on purpose, over `reversed(...)` (a rollback "
        "undoes in order) or `sorted(...)` (an order written down), or over at most three items "
        "written in the code (a literal, or a name bound to one), nor in one arm of an `if` "
        "whose other arm runs the work concurrently (`gather`, `TaskGroup`, `create_task`: a "
        "switch, the sequential way chosen). A call of a nested function "
        "that uses the enclosing function's session, or of the function itself (a recursion), "
        "shares that session. Awaited logging calls "
        "(`await logger.awarning(x)`) and calls of an `async def` of the same module that never "
        "awaits are not the call that takes the loop variable: there is nothing to overlap. "
        "Opt-in: a sequential loop is sometimes "
        "what is wanted (rate limits, ordering); select it with `--extend-select PX308`."
    ),
    bad=(
        "import asyncio\n"
        "\n"
        "\n"
        "async def fetch(item_id: int) -> int:\n"
        "    await asyncio.sleep(0)\n"
        "    return item_id * 2\n"
        "\n"
        "\n"
        "async def fetch_all(ids: list[int]) -> list[int]:\n"
        "    results: list[int] = []\n"
        "    for item_id in ids:\n"
        "        results.append(await fetch(item_id))\n"
        "    return results\n"
    ),
    good=(
        "import asyncio\n"
        "\n"
        "\n"
        "async def fetch(item_id: int) -> int:\n"
        "    await asyncio.sleep(0)\n"
        "    return item_id * 2\n"
        "\n"
        "\n"
        "async def fetch_all(ids: list[int]) -> list[int]:\n"
        "    async with asyncio.TaskGroup() as tg:\n"
        "        tasks = [tg.create_task(fetch(item_id)) for item_id in ids]\n"
        "    return [task.result() for task in tasks]\n"
    ),
    checker=Checker.FLAKE8,
    standard=StandardItem.ASYNC,
    applies_to=APP_ONLY,
    default_enabled=False,
    references=("https://docs.python.org/3/library/asyncio-task.html#task-groups",),
)

# -- PX310 fire-and-forget-in-route (helper B) -----------------------------------------------

FIRE_AND_FORGET_IN_ROUTE = Rule(
    code="PX310",
    name="fire-and-forget-in-route",
    summary="A route handler starts an asyncio task that it never awaits",
    message=(
        "'{call}' in route handler '{handler}' starts a task that is never awaited; "
        "use BackgroundTasks.add_task"
    ),
    rationale=(
        "A task started with `asyncio.create_task()` in a request handler and then forgotten "
        "has no owner: the event loop keeps only a weak reference, so it can be garbage-"
        "collected mid-flight; its exception is never seen (at best a 'Task exception was "
        "never retrieved' log line); and nothing waits for it at shutdown. FastAPI's "
        "`BackgroundTasks.add_task` runs the work after the response is sent, inside the "
        "request's lifecycle, with errors reported by the server.\n\n"
        "Flagged: `asyncio.create_task(...)` or `asyncio.ensure_future(...)` (resolved through "
        "imports, e.g. `from asyncio import create_task as spawn`) in the body of a route "
        "handler, assigned to a local name that the handler never awaits (`await t`), gathers "
        "or waits for (`asyncio.gather(t, ...)`, `asyncio.wait([t])`, `asyncio.wait_for(t, ...)`, "
        "`asyncio.shield(t)`, `asyncio.as_completed(...)`). Not flagged: anything outside route "
        "handlers (including functions nested in one); `TaskGroup.create_task` and "
        "`loop.create_task`, which are not `asyncio.create_task`; a task awaited directly, "
        "returned, passed to any call (`tasks.add(asyncio.create_task(...))` keeps a reference on "
        "purpose), stored on an attribute or in a container, or used by a nested function."
    ),
    bad=(
        "import asyncio\n"
        "\n"
        "from fastapi import FastAPI\n"
        "\n"
        "app = FastAPI()\n"
        "\n"
        "\n"
        "async def send_welcome(email: str) -> None:\n"
        "    await asyncio.sleep(0)\n"
        "\n"
        "\n"
        "@app.post(\"/signup\")\n"
        "async def signup(email: str) -> str:\n"
        "    task = asyncio.create_task(send_welcome(email))\n"
        "    print(task.get_name())\n"
        "    return email\n"
    ),
    good=(
        "import asyncio\n"
        "\n"
        "from fastapi import BackgroundTasks, FastAPI\n"
        "\n"
        "app = FastAPI()\n"
        "\n"
        "\n"
        "async def send_welcome(email: str) -> None:\n"
        "    await asyncio.sleep(0)\n"
        "\n"
        "\n"
        "@app.post(\"/signup\")\n"
        "async def signup(email: str, background_tasks: BackgroundTasks) -> str:\n"
        "    background_tasks.add_task(send_welcome, email)\n"
        "    return email\n"
    ),
    checker=Checker.FLAKE8,
    standard=StandardItem.ASYNC,
    applies_to=APP_ONLY,
    references=(
        "https://fastapi.tiangolo.com/tutorial/background-tasks/",
        "https://docs.python.org/3/library/asyncio-task.html#asyncio.create_task",
    ),
    overlaps=(
        Overlap(
            tool="mypy",
            code="unused-awaitable",
            resolution=Resolution.RULE_DEFERS,
            reason=(
                "A task that is not kept at all, a bare `asyncio.create_task(...)` statement, is "
                "reported by mypy's `unused-awaitable` everywhere, route handlers included; "
                "`pyexpert preset mypy` turns it on. PX310 defers to it and reports what no other "
                "check sees: a task kept in a name that the handler never awaits."
            ),
        ),
        Overlap(
            tool="ruff",
            code="RUF006",
            resolution=Resolution.PRESET_LEAVES_OUT,
            reason=(
                "ruff's RUF006 reports the same bare `asyncio.create_task(...)` statements as "
                "mypy's `unused-awaitable`; `pyexpert preset ruff` leaves it out so that each "
                "dangling task is reported once."
            ),
        ),
    ),
)

# -- PX301 blocking-client-in-async (helper E) -----------------------------------------------

BLOCKING_CLIENT_TYPES = RuleOption(
    name="blocking_client_types",
    type="list of fully qualified class names",
    default="none (the built-in clients only)",
    description=(
        "More synchronous client classes, added to the built-in list, e.g. "
        "`blocking_client_types = app.legacy.SoapClient, zeep.client.Client`. Comma-separated in "
        "the `[pyexpert-mypy]` section of mypy.ini/setup.cfg, a list in `[tool.pyexpert-mypy]` of "
        "pyproject.toml. Subclasses count too; a re-exported spelling is resolved to the class. A "
        "name that is not dotted stops mypy with a one-line error; a name that no module of the "
        "run defines is ignored."
    ),
)

BLOCKING_CLIENT_IN_ASYNC = Rule(
    code="PX301",
    name="blocking-client-in-async",
    summary="A synchronous database, cache or HTTP client is called directly in an async def",
    message=(
        "'{call}' uses the synchronous client {client} inside 'async def {function}' "
        "and blocks the event loop; {fix}"
    ),
    rationale=(
        "A coroutine runs on the event loop's thread. A synchronous client (a SQLAlchemy or "
        "SQLModel `Session`, `redis.Redis`, `httpx.Client`, a DB-API connection) waits for the "
        "network or the disk on that thread, so while one request waits for its query every "
        "other request of the worker stands still: latency grows with load and timeouts "
        "cascade. FastAPI runs a sync `def` route or dependency in a threadpool, but an "
        "`async def` route runs on the loop itself, so `async def` with a sync `Session` is "
        "slower than plain `def`. Use the library's async client (`AsyncSession`, "
        "`redis.asyncio.Redis`, `httpx.AsyncClient`), make the route a sync `def`, or move the "
        "blocking work to a thread with `await asyncio.to_thread(fn, ...)` / "
        "`run_in_threadpool`.\n\n"
        "Flagged, directly in the body of an `async def` (coroutines, async generators and async "
        "methods; a nested `async def` too): a method call or a constructor call whose receiver's "
        "type is, or subclasses, `sqlalchemy.orm.Session`, `sqlmodel.Session`, "
        "`sqlalchemy.engine.Engine`/`Connection`, `sqlite3.Connection`/`Cursor`, psycopg2 "
        "connections and cursors, `psycopg.Connection`/`Cursor`, `redis.Redis` (and its "
        "`Pipeline`), `pymongo.MongoClient`/`Collection`, `requests.Session`, `httpx.Client`, "
        "`smtplib.SMTP` or a boto3/botocore client (`botocore.client.BaseClient`), plus the "
        "classes named in the option. The check uses mypy's types, so it finds the client "
        "however it arrived: a parameter (`session: Session = Depends(get_session)`), an "
        "attribute (`self.db: Session`), a factory's return value, another module. One finding "
        "per call; a classmethod counts only when it returns a client (`Redis.from_url(url)`).\n\n"
        "Not flagged: the async clients (`AsyncSession`, including its sync-by-design `add`, "
        "`add_all` and `expunge`, `AsyncEngine`, `AsyncConnection`, `redis.asyncio.Redis`, "
        "`httpx.AsyncClient`); code in a sync `def` (a sync route), in a `lambda` or a `def` "
        "nested in the `async def`, or in a class body; an `async def lifespan` (startup and "
        "shutdown code runs while nothing is served); an awaited call, or a call on a receiver "
        "whose calls the function awaits (`db.add(row)` next to `await db.commit()`: the code "
        "treats the receiver as an async client, so its annotation is wrong, which mypy reports "
        "itself); functions passed as values, which are "
        "not calls (`await asyncio.to_thread(session.execute, stmt)`, `run_in_threadpool(fn)`, "
        "`loop.run_in_executor(None, fn)`, `await conn.run_sync(fn)`); module-level factory "
        "functions (`sqlite3.connect`, `create_engine`, `boto3.client`: the client they return "
        "is flagged where it is used) and module-level HTTP functions such as `requests.get` "
        "(ruff's ASYNC210 covers those); the implicit `__enter__`/`__exit__` of a `with` block "
        "(the constructor or method that produced the client is flagged instead); default "
        "argument values; installed packages. A library that is not installed (or whose types "
        "mypy cannot see) contributes nothing: no finding, no error."
    ),
    bad=(
        "from sqlmodel import Field, Session, SQLModel, create_engine, select\n"
        "\n"
        "engine = create_engine(\"sqlite://\")\n"
        "\n"
        "\n"
        "class Hero(SQLModel, table=True):\n"
        "    id: int | None = Field(default=None, primary_key=True)\n"
        "    name: str\n"
        "\n"
        "\n"
        "async def hero_names(session: Session) -> list[str]:\n"
        "    heroes = session.exec(select(Hero)).all()\n"
        "    return [hero.name for hero in heroes]\n"
    ),
    good=(
        "from sqlmodel import Field, SQLModel, select\n"
        "from sqlmodel.ext.asyncio.session import AsyncSession\n"
        "\n"
        "\n"
        "class Hero(SQLModel, table=True):\n"
        "    id: int | None = Field(default=None, primary_key=True)\n"
        "    name: str\n"
        "\n"
        "\n"
        "async def hero_names(session: AsyncSession) -> list[str]:\n"
        "    heroes = (await session.exec(select(Hero))).all()\n"
        "    return [hero.name for hero in heroes]\n"
    ),
    checker=Checker.MYPY,
    standard=StandardItem.ASYNC,
    applies_to=APP_ONLY,
    options=(BLOCKING_CLIENT_TYPES,),
    references=(
        "https://fastapi.tiangolo.com/async/#in-a-hurry",
        "https://docs.sqlalchemy.org/en/20/orm/extensions/asyncio.html",
        "https://docs.python.org/3/library/asyncio-dev.html#running-blocking-code",
        "https://redis.readthedocs.io/en/stable/examples/asyncio_examples.html",
    ),
    overlaps=(
        Overlap(
            tool="ruff",
            code="ASYNC212",
            resolution=Resolution.PRESET_LEAVES_OUT,
            reason=(
                "ruff's ASYNC212 reports blocking `httpx.Client` calls in an `async def`, which "
                "PX301 reports too. PX301 stays: it decides by the receiver's type, so it also "
                "sees a client received as a parameter, kept on an attribute or returned by a "
                "factory, which ruff cannot. `pyexpert preset ruff` leaves ASYNC212 out."
            ),
        ),
    ),
)

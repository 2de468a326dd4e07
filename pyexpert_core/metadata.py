"""Rule metadata for the plugins, generated from the catalog: do not edit.

Regenerate with ``pyexpert generate`` after changing a rule of :mod:`pyexpert_core.rules`;
``tests/test_metadata.py`` fails while this file is stale. Why it exists: see
:mod:`pyexpert_core.ruleinfo`.
"""

from __future__ import annotations

from typing import Final

from pyexpert_core.roles import Role
from pyexpert_core.ruleinfo import Checker, OptionInfo, RuleInfo

__all__ = [
    "ACQUIRE_WITHOUT_RELEASE",
    "BLOCKING_CLIENT_IN_ASYNC",
    "BLOCKING_CLIENT_TYPES",
    "BROKEN_INIT_CHAIN",
    "CACHED_COROUTINE",
    "CHECK_PRIVATE",
    "CLIENT_PER_REQUEST",
    "DICT_RECORD_LITERAL",
    "DISABLE",
    "DUMPED_MODEL_AS_DATA",
    "ENABLE",
    "ENVIRON_OUTSIDE_SETTINGS",
    "EXAMPLE_GLOBS",
    "EXCEPTION_BASES",
    "EXCEPTION_OUTSIDE_HIERARCHY",
    "FIRE_AND_FORGET_IN_ROUTE",
    "GATHER_WITHOUT_TASKGROUP",
    "HTTP_EXCEPTION_OUTSIDE_API",
    "LEGACY_TIMEOUT",
    "LOOP_API_IN_COROUTINE",
    "MIGRATION_GLOBS",
    "MIXIN_AFTER_BASE",
    "MIXIN_CONCRETE_BASE",
    "MIXIN_INIT_NOT_COOPERATIVE",
    "MIXIN_PATTERN",
    "MYPY_SWITCHES",
    "ON_EVENT_HANDLER",
    "OPTIONAL_WITHOUT_DEFAULT",
    "PYTHON_TARGET",
    "RAW_DICT_ALIAS",
    "RAW_DICT_FIELD",
    "RAW_DICT_PARAM",
    "RAW_DICT_RETURN",
    "ROLE_OPTIONS",
    "ROUTE_EXPOSES_TABLE_MODEL",
    "ROUTE_RETURNS_DICT",
    "RULES",
    "SCRIPT_GLOBS",
    "SECRET_AS_PLAIN_STR",
    "SECRET_FIELD_PATTERN",
    "SEQUENTIAL_AWAIT_LOOP",
    "SERIALIZER_METHODS",
    "SETTINGS_MODULES",
    "SHADOWED_MIXIN_METHOD",
    "TEST_GLOBS",
    "THREAD_LOCK_IN_COROUTINE",
    "UNCACHED_SETTINGS",
    "UNCLOSED_ASYNC_RESOURCE",
    "UNHASHABLE_CACHE_ARGUMENT",
    "UNVALIDATED_UNPACK",
    "V1_API",
    "V1_CONFIG_CLASS",
    "V1_CONFIG_KEY",
    "V1_FIELD_ARGUMENT",
    "V1_MODEL_METHOD",
    "V1_VALIDATOR",
]

# -- options ---------------------------------------------------------------

TEST_GLOBS: Final = OptionInfo(
    name="test_globs",
    type="list of globs",
    default="tests/,test/,test_*.py,*_test.py,conftest.py",
    description="Files that are test code (tests, their fixtures and helpers). `dir/` matches a directory of that name anywhere in the path (relative to the file's project: the nearest directory with a `pyproject.toml` or `setup.cfg`), `name.py` globs match the file name, `a/b/*.py` the end of the path. Replaces the default list; each rule's page says which roles it applies to.",
)

EXAMPLE_GLOBS: Final = OptionInfo(
    name="example_globs",
    type="list of globs",
    default="examples/,example/,demo/,demos/,docs/,docs_src/",
    description="Files that are example code (examples and documentation). `dir/` matches a directory of that name anywhere in the path (relative to the file's project: the nearest directory with a `pyproject.toml` or `setup.cfg`), `name.py` globs match the file name, `a/b/*.py` the end of the path. Replaces the default list; each rule's page says which roles it applies to.",
)

SCRIPT_GLOBS: Final = OptionInfo(
    name="script_globs",
    type="list of globs",
    default="scripts/,bin/,__main__.py",
    description="Files that are scripts (one-off tools, entry points). `dir/` matches a directory of that name anywhere in the path (relative to the file's project: the nearest directory with a `pyproject.toml` or `setup.cfg`), `name.py` globs match the file name, `a/b/*.py` the end of the path. Replaces the default list; each rule's page says which roles it applies to.",
)

MIGRATION_GLOBS: Final = OptionInfo(
    name="migration_globs",
    type="list of globs",
    default="alembic/,migrations/",
    description="Files that are database migrations. `dir/` matches a directory of that name anywhere in the path (relative to the file's project: the nearest directory with a `pyproject.toml` or `setup.cfg`), `name.py` globs match the file name, `a/b/*.py` the end of the path. Replaces the default list; each rule's page says which roles it applies to.",
)

ENABLE: Final = OptionInfo(
    name="enable",
    type="list of mypy rules",
    default="none",
    description="The mypy rules to turn on, opt-in ones included. Rule codes (`PX106`), names (`dumped-model-as-data`) or mypy error codes, comma-separated; mypy rules only. They apply after mypy's own `enable_error_code`/`disable_error_code`, and work on every supported mypy and under dmypy, where naming a pyexpert error code in mypy's own settings does not (mypy before 1.19 rejects it as an unknown code, and dmypy stops on it).",
)

DISABLE: Final = OptionInfo(
    name="disable",
    type="list of mypy rules",
    default="none",
    description="The mypy rules to turn off. Rule codes (`PX106`), names (`dumped-model-as-data`) or mypy error codes, comma-separated; mypy rules only. They apply after mypy's own `enable_error_code`/`disable_error_code`, and work on every supported mypy and under dmypy, where naming a pyexpert error code in mypy's own settings does not (mypy before 1.19 rejects it as an unknown code, and dmypy stops on it).",
)

CHECK_PRIVATE: Final = OptionInfo(
    name="check_private",
    type="bool",
    default="true",
    description="Whether functions and methods whose name starts with a single underscore are checked. Set it in the mypy config section: `check_private = false`.",
)

SERIALIZER_METHODS: Final = OptionInfo(
    name="serializer_methods",
    type="comma-separated names",
    default="to_dict,as_dict,asdict,to_json,serialize,dict,model_dump,__getstate__",
    description="Methods and functions with these names are serializers: returning a dict literal is their job. flake8: `--pyexpert-serializer-methods` or `pyexpert-serializer-methods =` in the `[flake8]` section.",
)

SECRET_FIELD_PATTERN: Final = OptionInfo(
    name="secret_field_pattern",
    type="regex",
    default="(^|_)(password|passwd|secret|secret_key|api_?key|access_key|private_key|client_secret|token)$",
    description="A field whose name matches this regular expression (searched, case-insensitively) holds a secret. flake8: `--pyexpert-secret-field-pattern` or `pyexpert-secret-field-pattern =` in the `[flake8]` section.",
)

SETTINGS_MODULES: Final = OptionInfo(
    name="settings_modules",
    type="comma-separated globs",
    default="*settings*.py,*config*.py,env.py,environment.py",
    description="Files matching one of these globs are settings modules, where reading the environment is the point (a module named `env.py` or `environment.py` is the project's configuration by name, as Alembic's `env.py` is a migration environment). A glob without `/` is matched against the file's name, one with `/` against its whole path (with `/` separators). flake8: `--pyexpert-settings-modules` or `pyexpert-settings-modules =` in the `[flake8]` section.",
)

BLOCKING_CLIENT_TYPES: Final = OptionInfo(
    name="blocking_client_types",
    type="list of fully qualified class names",
    default="none (the built-in clients only)",
    description="More synchronous client classes, added to the built-in list, e.g. `blocking_client_types = app.legacy.SoapClient, zeep.client.Client`. Comma-separated in the `[pyexpert-mypy]` section of mypy.ini/setup.cfg, a list in `[tool.pyexpert-mypy]` of pyproject.toml. Subclasses count too; a re-exported spelling is resolved to the class. A name that is not dotted stops mypy with a one-line error; a name that no module of the run defines is ignored.",
)

PYTHON_TARGET: Final = OptionInfo(
    name="python_target",
    type="Python version (major.minor) or auto",
    default="auto",
    description="The oldest Python the checked project supports, e.g. `3.12`. PX303 and PX309 report nothing when it is below 3.11 (`asyncio.timeout` and `asyncio.TaskGroup` are new in 3.11). `auto` reads the declaration of each checked file's own project (the nearest directory above the file, its own included and the home directory excluded, that holds a `pyproject.toml` or `setup.cfg`; read once per directory, whatever directory flake8 runs in): the lower bound of `[project] requires-python`, else of Poetry's `[tool.poetry.dependencies] python`, else of `setup.cfg`'s `[options] python_requires` (`>=3.9` -> 3.9, `~=3.10` -> 3.10, `>=3.11,<4` -> 3.11, `==3.12.*` -> 3.12). When none is found or it cannot be read, or has no lower bound, the target is 3.11. `--isolated` does not turn the reading off: it is project metadata, not flake8 configuration. flake8: `--pyexpert-python-target` or `pyexpert-python-target =` in the `[flake8]` section; a value that is not `auto` or a version is an error.",
)

EXCEPTION_BASES: Final = OptionInfo(
    name="exception_bases",
    type="list of fully qualified class names",
    default="unset (the rule is off)",
    description="The project's base exception classes, e.g. `exception_bases = app.errors.AppError`. Comma-separated in the `[pyexpert-mypy]` section of mypy.ini/setup.cfg, a list in `[tool.pyexpert-mypy]` of pyproject.toml. A name that is not dotted stops mypy with a one-line error; a name whose module is part of the run but has no such class stops it with one blocking error the first time an exception class is checked.",
)

MIXIN_PATTERN: Final = OptionInfo(
    name="mixin_pattern",
    type="regex",
    default="Mixin$",
    description="A class whose name matches this regular expression (searched) is a mixin. flake8: `--pyexpert-mixin-pattern` or `pyexpert-mixin-pattern =` in the `[flake8]` section; mypy: `mixin_pattern =` in the `[pyexpert-mypy]` section. A pattern that matches an empty name (every class would be a mixin) is an error in both.",
)

#: The options every rule of both plugins shares: the file-role globs.
ROLE_OPTIONS: Final = (TEST_GLOBS, EXAMPLE_GLOBS, SCRIPT_GLOBS, MIGRATION_GLOBS)

#: The mypy plugin's own switches for its rules (``enable``, ``disable``).
MYPY_SWITCHES: Final = (ENABLE, DISABLE)

# -- rules -----------------------------------------------------------------

RAW_DICT_PARAM: Final = RuleInfo(
    code="PX101",
    name="raw-dict-param",
    summary="A parameter is typed as a record-like raw dict",
    message="Parameter '{param}' is a raw dict ({type}); model it as a Pydantic model or TypedDict",
    checker=Checker.MYPY,
    default_enabled=True,
    applies_to=frozenset({Role.APP}),
    options=(CHECK_PRIVATE,),
)

RAW_DICT_RETURN: Final = RuleInfo(
    code="PX102",
    name="raw-dict-return",
    summary="A function returns a record-like raw dict",
    message="Function '{function}' returns a raw dict ({type}); return a Pydantic model or TypedDict",
    checker=Checker.MYPY,
    default_enabled=True,
    applies_to=frozenset({Role.APP}),
    options=(CHECK_PRIVATE,),
)

RAW_DICT_FIELD: Final = RuleInfo(
    code="PX103",
    name="raw-dict-field",
    summary="A model, dataclass or attrs field is typed as a record-like raw dict",
    message="Field '{field}' of '{owner}' is a raw dict ({type}); model it as a nested model",
    checker=Checker.MYPY,
    default_enabled=True,
    applies_to=frozenset({Role.APP}),
    options=(),
)

DICT_RECORD_LITERAL: Final = RuleInfo(
    code="PX104",
    name="dict-record-literal",
    summary="A function builds and returns an ad-hoc record as a dict literal",
    message="'{function}' returns a dict literal used as a record (keys {keys}); return a Pydantic model or dataclass",
    checker=Checker.FLAKE8,
    default_enabled=True,
    applies_to=frozenset({Role.APP}),
    options=(SERIALIZER_METHODS,),
)

UNVALIDATED_UNPACK: Final = RuleInfo(
    code="PX105",
    name="unvalidated-unpack",
    summary="A Pydantic model is built with Model(**some_dict) instead of model_validate",
    message="'{model}(**{source})' {problem}; use {model}.model_validate({source})",
    checker=Checker.MYPY,
    default_enabled=True,
    applies_to=frozenset({Role.APP, Role.TEST, Role.EXAMPLE, Role.SCRIPT, Role.MIGRATION}),
    options=(),
)

DUMPED_MODEL_AS_DATA: Final = RuleInfo(
    code="PX106",
    name="dumped-model-as-data",
    summary="A model_dump() result is passed around inside the project instead of the model",
    message="model_dump() of '{model}' {action}; pass the model itself and dump at the boundary",
    checker=Checker.MYPY,
    default_enabled=False,
    applies_to=frozenset({Role.APP}),
    options=(),
)

RAW_DICT_ALIAS: Final = RuleInfo(
    code="PX107",
    name="raw-dict-alias",
    summary="A type alias of the project names a record-like raw dict",
    message="Type alias '{alias}' names a raw dict ({type}), used in {uses} of this module; model it as a Pydantic model or TypedDict",
    checker=Checker.MYPY,
    default_enabled=True,
    applies_to=frozenset({Role.APP}),
    options=(),
)

V1_VALIDATOR: Final = RuleInfo(
    code="PX201",
    name="v1-validator",
    summary="A Pydantic v1 @validator or @root_validator decorator",
    message="'@{decorator}' is Pydantic v1 API; use {replacement}{notes}",
    checker=Checker.FLAKE8,
    default_enabled=True,
    applies_to=frozenset({Role.APP, Role.TEST, Role.EXAMPLE, Role.SCRIPT, Role.MIGRATION}),
    options=(),
)

V1_CONFIG_CLASS: Final = RuleInfo(
    code="PX202",
    name="v1-config-class",
    summary="A Pydantic model configured with a nested v1 'class Config'",
    message="Nested 'class Config' of '{model}' is Pydantic v1 style; use model_config = {replacement}(...)",
    checker=Checker.FLAKE8,
    default_enabled=True,
    applies_to=frozenset({Role.APP, Role.TEST, Role.EXAMPLE, Role.SCRIPT, Role.MIGRATION}),
    options=(),
)

V1_CONFIG_KEY: Final = RuleInfo(
    code="PX203",
    name="v1-config-key",
    summary="A Pydantic v1 model configuration key or Extra member",
    message="{subject} {change} in Pydantic v2; {advice}",
    checker=Checker.FLAKE8,
    default_enabled=True,
    applies_to=frozenset({Role.APP, Role.TEST, Role.EXAMPLE, Role.SCRIPT, Role.MIGRATION}),
    options=(),
)

V1_MODEL_METHOD: Final = RuleInfo(
    code="PX204",
    name="v1-model-method",
    summary="A Pydantic v1 model method or attribute is used on a Pydantic v2 model",
    message="'{model}.{member}' is Pydantic v1 API, deprecated in v2; {fix}",
    checker=Checker.MYPY,
    default_enabled=True,
    applies_to=frozenset({Role.APP, Role.TEST, Role.EXAMPLE, Role.SCRIPT, Role.MIGRATION}),
    options=(),
)

V1_FIELD_ARGUMENT: Final = RuleInfo(
    code="PX205",
    name="v1-field-argument",
    summary="pydantic.Field(...) called with a Pydantic v1 argument",
    message="Field argument '{argument}' is Pydantic v1 API; {advice}",
    checker=Checker.FLAKE8,
    default_enabled=True,
    applies_to=frozenset({Role.APP, Role.TEST, Role.EXAMPLE, Role.SCRIPT, Role.MIGRATION}),
    options=(),
)

V1_API: Final = RuleInfo(
    code="PX206",
    name="v1-api",
    summary="Pydantic v1-only API: BaseSettings, GenericModel, parse_obj_as, con* annotations, __root__",
    message="{api} is Pydantic v1 API; use {replacement}",
    checker=Checker.FLAKE8,
    default_enabled=True,
    applies_to=frozenset({Role.APP, Role.TEST, Role.EXAMPLE, Role.SCRIPT, Role.MIGRATION}),
    options=(),
)

SECRET_AS_PLAIN_STR: Final = RuleInfo(
    code="PX207",
    name="secret-as-plain-str",
    summary="A secret-named field of a Pydantic model is a plain str or bytes",
    message="Field '{field}' holds a secret as plain {type}; use pydantic.{replacement} so it is masked in repr, logs and dumps",
    checker=Checker.FLAKE8,
    default_enabled=True,
    applies_to=frozenset({Role.APP}),
    options=(SECRET_FIELD_PATTERN,),
)

ENVIRON_OUTSIDE_SETTINGS: Final = RuleInfo(
    code="PX208",
    name="environ-outside-settings",
    summary="The environment is read outside a settings module",
    message="{call} reads the environment outside a settings module; declare it as a field of a pydantic_settings.BaseSettings class",
    checker=Checker.FLAKE8,
    default_enabled=True,
    applies_to=frozenset({Role.APP}),
    options=(SETTINGS_MODULES,),
)

OPTIONAL_WITHOUT_DEFAULT: Final = RuleInfo(
    code="PX209",
    name="optional-without-default",
    summary="An Optional field of a Pydantic model has no default, so Pydantic v2 requires it",
    message="Field '{field}' is Optional without a default, which Pydantic v2 makes required; add '= None', or '= Field(...)' if required was meant",
    checker=Checker.FLAKE8,
    default_enabled=False,
    applies_to=frozenset({Role.APP, Role.TEST, Role.EXAMPLE, Role.SCRIPT, Role.MIGRATION}),
    options=(),
)

BLOCKING_CLIENT_IN_ASYNC: Final = RuleInfo(
    code="PX301",
    name="blocking-client-in-async",
    summary="A synchronous database, cache or HTTP client is called directly in an async def",
    message="'{call}' uses the synchronous client {client} inside 'async def {function}' and blocks the event loop; {fix}",
    checker=Checker.MYPY,
    default_enabled=True,
    applies_to=frozenset({Role.APP}),
    options=(BLOCKING_CLIENT_TYPES,),
)

CACHED_COROUTINE: Final = RuleInfo(
    code="PX302",
    name="cached-coroutine",
    summary="functools.lru_cache, cache or cached_property decorates an async def",
    message="Async def '{function}' is decorated with @{decorator}, which caches the coroutine object (awaitable only once); use @async_lru.alru_cache or @aiocache.cached",
    checker=Checker.FLAKE8,
    default_enabled=True,
    applies_to=frozenset({Role.APP, Role.TEST, Role.EXAMPLE, Role.SCRIPT, Role.MIGRATION}),
    options=(),
)

LEGACY_TIMEOUT: Final = RuleInfo(
    code="PX303",
    name="legacy-timeout",
    summary="asyncio.wait_for or async_timeout is used where asyncio.timeout (Python 3.11+) fits",
    message="{call} is the legacy timeout API on Python {target}; use 'async with {replacement}:' instead",
    checker=Checker.FLAKE8,
    default_enabled=True,
    applies_to=frozenset({Role.APP, Role.TEST, Role.EXAMPLE, Role.SCRIPT, Role.MIGRATION}),
    options=(PYTHON_TARGET,),
)

LOOP_API_IN_COROUTINE: Final = RuleInfo(
    code="PX304",
    name="loop-api-in-coroutine",
    summary="A coroutine calls event-loop management APIs meant for sync code",
    message="{call} inside coroutine '{function}'; {instead}",
    checker=Checker.FLAKE8,
    default_enabled=True,
    applies_to=frozenset({Role.APP, Role.TEST, Role.EXAMPLE, Role.SCRIPT, Role.MIGRATION}),
    options=(),
)

UNCLOSED_ASYNC_RESOURCE: Final = RuleInfo(
    code="PX305",
    name="unclosed-async-resource",
    summary="An async client, connection or file opened into a local name is never closed",
    message="{resource} assigned to '{name}' is never closed; use 'async with {resource} as {name}:' or close it in a 'finally:'",
    checker=Checker.FLAKE8,
    default_enabled=True,
    applies_to=frozenset({Role.APP, Role.TEST, Role.EXAMPLE, Role.SCRIPT, Role.MIGRATION}),
    options=(),
)

ACQUIRE_WITHOUT_RELEASE: Final = RuleInfo(
    code="PX306",
    name="acquire-without-release",
    summary="An awaited acquire() that is not released in a finally block",
    message="'await {receiver}.acquire()' is not followed by a try/finally that calls '{receiver}.release()'; use 'async with {receiver}:'",
    checker=Checker.FLAKE8,
    default_enabled=True,
    applies_to=frozenset({Role.APP, Role.TEST, Role.EXAMPLE, Role.SCRIPT, Role.MIGRATION}),
    options=(),
)

THREAD_LOCK_IN_COROUTINE: Final = RuleInfo(
    code="PX307",
    name="thread-lock-in-coroutine",
    summary="A threading lock, condition or semaphore acquired inside a coroutine",
    message="'{lock}' is a {kind} acquired in a coroutine, which blocks the event loop; use asyncio.{replacement} with 'async with'",
    checker=Checker.FLAKE8,
    default_enabled=True,
    applies_to=frozenset({Role.APP, Role.TEST, Role.EXAMPLE, Role.SCRIPT, Role.MIGRATION}),
    options=(),
)

SEQUENTIAL_AWAIT_LOOP: Final = RuleInfo(
    code="PX308",
    name="sequential-await-loop",
    summary="A for loop that awaits one independent call per item, one after another",
    message="loop awaits '{call}' once per '{name}', one after another; run the calls concurrently in an asyncio.TaskGroup",
    checker=Checker.FLAKE8,
    default_enabled=False,
    applies_to=frozenset({Role.APP}),
    options=(),
)

GATHER_WITHOUT_TASKGROUP: Final = RuleInfo(
    code="PX309",
    name="gather-without-taskgroup",
    summary="asyncio.gather() without return_exceptions= where asyncio.TaskGroup (Python 3.11+) fits",
    message="{call} without return_exceptions= leaves the other awaitables running when one fails; use 'async with asyncio.TaskGroup()' (Python {target})",
    checker=Checker.FLAKE8,
    default_enabled=False,
    applies_to=frozenset({Role.APP}),
    options=(PYTHON_TARGET,),
)

FIRE_AND_FORGET_IN_ROUTE: Final = RuleInfo(
    code="PX310",
    name="fire-and-forget-in-route",
    summary="A route handler starts an asyncio task that it never awaits",
    message="'{call}' in route handler '{handler}' starts a task that is never awaited; use BackgroundTasks.add_task",
    checker=Checker.FLAKE8,
    default_enabled=True,
    applies_to=frozenset({Role.APP}),
    options=(),
)

EXCEPTION_OUTSIDE_HIERARCHY: Final = RuleInfo(
    code="PX401",
    name="exception-outside-hierarchy",
    summary="An exception class does not derive from the project's base exception",
    message="Exception '{name}' is outside the project's exception hierarchy; derive it from {expected}",
    checker=Checker.MYPY,
    default_enabled=True,
    applies_to=frozenset({Role.APP}),
    options=(EXCEPTION_BASES,),
)

HTTP_EXCEPTION_OUTSIDE_API: Final = RuleInfo(
    code="PX402",
    name="http-exception-outside-api",
    summary="HTTPException is raised outside the API layer",
    message="HTTPException raised in {function} outside the API layer; raise a domain error and map it to a response with @app.exception_handler",
    checker=Checker.FLAKE8,
    default_enabled=True,
    applies_to=frozenset({Role.APP}),
    options=(),
)

ROUTE_RETURNS_DICT: Final = RuleInfo(
    code="PX501",
    name="route-returns-dict",
    summary="A route handler returns an unmodeled dict",
    message="Route '{function}' returns an unmodeled dict ({kind}); declare a Pydantic response_model= or return a Pydantic model",
    checker=Checker.FLAKE8,
    default_enabled=True,
    applies_to=frozenset({Role.APP}),
    options=(),
)

ROUTE_EXPOSES_TABLE_MODEL: Final = RuleInfo(
    code="PX502",
    name="route-exposes-table-model",
    summary="A route's response type is a SQLModel table=True class, which exposes every column",
    message="Route '{handler}' exposes table model '{model}' through its {source}; return a read model instead (e.g. response_model={model}Read)",
    checker=Checker.MYPY,
    default_enabled=True,
    applies_to=frozenset({Role.APP}),
    options=(),
)

CLIENT_PER_REQUEST: Final = RuleInfo(
    code="PX503",
    name="client-per-request",
    summary="A client, engine or connection pool is created on every request",
    message="'{function}' calls {call}() on every request; create it once (lifespan, module scope or a cached factory) and reuse it",
    checker=Checker.FLAKE8,
    default_enabled=True,
    applies_to=frozenset({Role.APP}),
    options=(),
)

UNCACHED_SETTINGS: Final = RuleInfo(
    code="PX504",
    name="uncached-settings",
    summary="A settings dependency builds a new BaseSettings instance on every request",
    message="'{function}' builds a new {settings} on every call and is {usage}; decorate it with @functools.lru_cache",
    checker=Checker.FLAKE8,
    default_enabled=True,
    applies_to=frozenset({Role.APP}),
    options=(),
)

ON_EVENT_HANDLER: Final = RuleInfo(
    code="PX505",
    name="on-event-handler",
    summary="A startup/shutdown event handler instead of a lifespan context manager",
    message="{call} registers a '{event}' event handler, which is deprecated; move the code into a lifespan context manager passed as lifespan=",
    checker=Checker.FLAKE8,
    default_enabled=True,
    applies_to=frozenset({Role.APP}),
    options=(),
)

MIXIN_AFTER_BASE: Final = RuleInfo(
    code="PX601",
    name="mixin-after-base",
    summary="A mixin base is listed after a non-mixin base, whose methods shadow the mixin's",
    message="Mixin '{mixin}' is listed after base '{base}' in class '{cls}', so '{base}' shadows its methods; list the mixin before '{base}'",
    checker=Checker.FLAKE8,
    default_enabled=True,
    applies_to=frozenset({Role.APP}),
    options=(MIXIN_PATTERN,),
)

MIXIN_INIT_NOT_COOPERATIVE: Final = RuleInfo(
    code="PX602",
    name="mixin-init-not-cooperative",
    summary="A mixin's __init__ does not call super().__init__ and forward *args, **kwargs",
    message="Mixin '{mixin}' __init__ {problem}; accept *args, **kwargs and call super().__init__(*args, **kwargs)",
    checker=Checker.FLAKE8,
    default_enabled=True,
    applies_to=frozenset({Role.APP}),
    options=(MIXIN_PATTERN,),
)

MIXIN_CONCRETE_BASE: Final = RuleInfo(
    code="PX603",
    name="mixin-concrete-base",
    summary="A mixin inherits from a concrete class",
    message="Mixin '{mixin}' inherits from concrete class '{base}'; {advice}",
    checker=Checker.FLAKE8,
    default_enabled=True,
    applies_to=frozenset({Role.APP}),
    options=(MIXIN_PATTERN,),
)

BROKEN_INIT_CHAIN: Final = RuleInfo(
    code="PX604",
    name="broken-init-chain",
    summary="An __init__ in a multiple-inheritance MRO does not call super().__init__, so later ones never run",
    message="In '{name}', {breaker}.__init__ does not call super().__init__() and so skips {skipped}; call super().__init__(...) in {breaker}.__init__",
    checker=Checker.MYPY,
    default_enabled=True,
    applies_to=frozenset({Role.APP, Role.TEST, Role.EXAMPLE, Role.SCRIPT, Role.MIGRATION}),
    options=(),
)

SHADOWED_MIXIN_METHOD: Final = RuleInfo(
    code="PX605",
    name="shadowed-mixin-method",
    summary="A mixin method is shadowed by an earlier class in the MRO and never runs",
    message="In '{name}', {mixin}.{method} never runs: {shadow}.{method} comes first in the MRO and does not call super().{method}(); list {mixin} before it or call super() there",
    checker=Checker.MYPY,
    default_enabled=True,
    applies_to=frozenset({Role.APP, Role.TEST, Role.EXAMPLE, Role.SCRIPT, Role.MIGRATION}),
    options=(MIXIN_PATTERN,),
)

UNHASHABLE_CACHE_ARGUMENT: Final = RuleInfo(
    code="PX701",
    name="unhashable-cache-argument",
    summary="A functools.lru_cache/cache function takes a parameter whose type is unhashable",
    message="Cached function '{function}' takes unhashable '{param}: {type}' ({reason}); pass a tuple, frozenset or frozen model instead",
    checker=Checker.MYPY,
    default_enabled=True,
    applies_to=frozenset({Role.APP, Role.TEST, Role.EXAMPLE, Role.SCRIPT, Role.MIGRATION}),
    options=(),
)

#: Every rule, in code order.
RULES: Final = (
    RAW_DICT_PARAM,
    RAW_DICT_RETURN,
    RAW_DICT_FIELD,
    DICT_RECORD_LITERAL,
    UNVALIDATED_UNPACK,
    DUMPED_MODEL_AS_DATA,
    RAW_DICT_ALIAS,
    V1_VALIDATOR,
    V1_CONFIG_CLASS,
    V1_CONFIG_KEY,
    V1_MODEL_METHOD,
    V1_FIELD_ARGUMENT,
    V1_API,
    SECRET_AS_PLAIN_STR,
    ENVIRON_OUTSIDE_SETTINGS,
    OPTIONAL_WITHOUT_DEFAULT,
    BLOCKING_CLIENT_IN_ASYNC,
    CACHED_COROUTINE,
    LEGACY_TIMEOUT,
    LOOP_API_IN_COROUTINE,
    UNCLOSED_ASYNC_RESOURCE,
    ACQUIRE_WITHOUT_RELEASE,
    THREAD_LOCK_IN_COROUTINE,
    SEQUENTIAL_AWAIT_LOOP,
    GATHER_WITHOUT_TASKGROUP,
    FIRE_AND_FORGET_IN_ROUTE,
    EXCEPTION_OUTSIDE_HIERARCHY,
    HTTP_EXCEPTION_OUTSIDE_API,
    ROUTE_RETURNS_DICT,
    ROUTE_EXPOSES_TABLE_MODEL,
    CLIENT_PER_REQUEST,
    UNCACHED_SETTINGS,
    ON_EVENT_HANDLER,
    MIXIN_AFTER_BASE,
    MIXIN_INIT_NOT_COOPERATIVE,
    MIXIN_CONCRETE_BASE,
    BROKEN_INIT_CHAIN,
    SHADOWED_MIXIN_METHOD,
    UNHASHABLE_CACHE_ARGUMENT,
)

"""The standard, item by item: what each item says and which external check completes it.

pyexpert enforces the standard with its own rules (the catalog) and does not re-implement what
well-kept tools already check. This module is the one place those external checks are written:
each code, the tool that owns it, the item of the standard it enforces and a one-line
description. ``pyexpert preset ruff|flake8|mypy`` and the docs page "The standard, item by item"
are rendered from it, and a test checks that every code exists in the installed tool.
Like the rest of the core it imports pydantic only (never ruff, flake8 or mypy).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated, Final

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from pyexpert_core import __version__
from pyexpert_core.catalog import Overlap, Resolution, StandardItem
from pyexpert_core.registry import registry

__all__ = [
    "CHECKS",
    "FASTAPI_PARAMETER_FUNCTIONS",
    "FLAKE8_PREFIX",
    "ITEMS",
    "MYPY_PLUGINS",
    "RUFF_MIN_VERSION",
    "CheckKind",
    "ExternalCheck",
    "ItemStatement",
    "PresetFormat",
    "PresetTool",
    "Tool",
    "UnknownPresetError",
    "checks_for",
    "deprecated_excludes",
    "left_out",
    "preset_formats",
    "render_preset",
]

OneLine = Annotated[str, StringConstraints(pattern=r"^[^\n]+$", strip_whitespace=True)]
Text = Annotated[str, StringConstraints(min_length=1)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


class Tool(StrEnum):
    """A tool outside pyexpert that owns some checks of the standard."""

    RUFF = "ruff"
    FLAKE8_BUGBEAR = "flake8-bugbear"
    MYPY = "mypy"
    PYDANTIC_MYPY = "pydantic.mypy"


class CheckKind(StrEnum):
    """What an external check is, which decides how a preset turns it on."""

    #: a lint rule code, turned on with ``extend-select`` (ruff, flake8-bugbear)
    LINT = "lint"
    #: an optional mypy error code, turned on with ``enable_error_code``
    ERROR_CODE = "error-code"
    #: a boolean setting turned on in the tool's config section (``strict``, ``init_typed``)
    SETTING = "setting"


_CODE_PATTERNS: Final[dict[CheckKind, re.Pattern[str]]] = {
    CheckKind.LINT: re.compile(r"^[A-Z]+[0-9]{3}$"),
    CheckKind.ERROR_CODE: re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"),
    CheckKind.SETTING: re.compile(r"^[a-z][a-z0-9_]*$"),
}
_KIND_TOOLS: Final[dict[CheckKind, frozenset[Tool]]] = {
    CheckKind.LINT: frozenset({Tool.RUFF, Tool.FLAKE8_BUGBEAR}),
    CheckKind.ERROR_CODE: frozenset({Tool.MYPY}),
    CheckKind.SETTING: frozenset({Tool.MYPY, Tool.PYDANTIC_MYPY}),
}


class ExternalCheck(_Frozen):
    """One check of another tool that completes an item of the standard."""

    code: Annotated[str, StringConstraints(min_length=1)]
    kind: CheckKind
    tools: tuple[Tool, ...] = Field(min_length=1, description="every tool that implements the code")
    standard: StandardItem
    description: OneLine = Field(description="what it enforces, one line")

    @model_validator(mode="after")
    def _check_consistency(self) -> ExternalCheck:
        if not _CODE_PATTERNS[self.kind].match(self.code):
            raise ValueError(f"{self.code!r} is not a valid {self.kind.value} code")
        if len(set(self.tools)) != len(self.tools):
            raise ValueError(f"{self.code}: a tool is listed twice")
        allowed = _KIND_TOOLS[self.kind]
        if not set(self.tools) <= allowed:
            raise ValueError(f"{self.code}: a {self.kind.value} belongs to {sorted(allowed)}, not {list(self.tools)}")
        if self.kind is CheckKind.SETTING and len(self.tools) != 1:
            raise ValueError(f"{self.code}: a setting belongs to exactly one tool")
        return self


class ItemStatement(_Frozen):
    """One item of the standard, as the docs page states it."""

    item: StandardItem
    title: OneLine
    statement: Text


# -- the items of the standard -----------------------------------------------------------------

ITEMS: Final = (
    ItemStatement(
        item=StandardItem.DATA_MODELING,
        title="Data modeling",
        statement=(
            "Data that crosses a boundary (a function's parameters and result, a model's fields, "
            "a request or response) has a declared shape: a Pydantic model, a dataclass or a "
            "`TypedDict`, not a `dict[str, Any]`. Models are built through validation, and "
            "datetimes carry their time zone."
        ),
    ),
    ItemStatement(
        item=StandardItem.PYDANTIC_V2,
        title="Pydantic v2, secrets and settings",
        statement=(
            "Pydantic code uses the v2 API, not the v1 shims. Secrets are `SecretStr`, never "
            "literals in the source, and the environment is read in one settings class."
        ),
    ),
    ItemStatement(
        item=StandardItem.TYPING,
        title="Typing",
        statement=(
            "Every function is annotated and checked by mypy in strict mode. Annotations use the "
            "modern spelling (`list[int]`, `X | None`), and a `# type: ignore` names the error "
            "code it silences."
        ),
    ),
    ItemStatement(
        item=StandardItem.ASYNC,
        title="Async code that stays async",
        statement=(
            "A coroutine never blocks the event loop (no synchronous I/O, clients, sleeps or "
            "subprocesses), keeps a reference to every task it starts and closes every resource "
            "it opens."
        ),
    ),
    ItemStatement(
        item=StandardItem.ERRORS,
        title="Errors",
        statement=(
            "Exceptions are specific classes of the project's own hierarchy, chained with `raise "
            "... from`, mapped to HTTP responses at the edge of the service, and logged with "
            "their traceback; nothing is swallowed by a blind `except`."
        ),
    ),
    ItemStatement(
        item=StandardItem.FASTAPI,
        title="FastAPI services",
        statement=(
            "Routes declare what they return with models, take their dependencies through "
            "`Annotated[..., Depends(...)]`, create clients and settings once rather than per "
            "request, and start and stop resources in a lifespan."
        ),
    ),
    ItemStatement(
        item=StandardItem.CLASSES,
        title="Classes, ABCs and mixins",
        statement=(
            "Inheritance is explicit and cooperative: an abstract base class declares its "
            "abstract methods, mixins come before the base they extend and call `super()`, and "
            "every `__init__` in the chain runs."
        ),
    ),
    ItemStatement(
        item=StandardItem.CACHING,
        title="Caching",
        statement=(
            "A cache wraps a plain function of hashable arguments: not a method (the cache keeps "
            "every instance alive), not a coroutine (an awaited coroutine cannot be awaited again)."
        ),
    ),
)

# -- the external checks -----------------------------------------------------------------------

_RUFF_AND_BUGBEAR: Final = (Tool.RUFF, Tool.FLAKE8_BUGBEAR)
_RUFF: Final = (Tool.RUFF,)


def _lint(code: str, item: StandardItem, description: str, *, bugbear: bool = False) -> ExternalCheck:
    tools = _RUFF_AND_BUGBEAR if bugbear else _RUFF
    return ExternalCheck(code=code, kind=CheckKind.LINT, tools=tools, standard=item, description=description)


def _mypy(code: str, item: StandardItem, description: str, *, kind: CheckKind, tool: Tool = Tool.MYPY) -> ExternalCheck:
    return ExternalCheck(code=code, kind=kind, tools=(tool,), standard=item, description=description)


_DM: Final = StandardItem.DATA_MODELING
_PY: Final = StandardItem.PYDANTIC_V2
_TY: Final = StandardItem.TYPING
_AS: Final = StandardItem.ASYNC
_ER: Final = StandardItem.ERRORS
_FA: Final = StandardItem.FASTAPI
_CL: Final = StandardItem.CLASSES
_CA: Final = StandardItem.CACHING
_ERR: Final = CheckKind.ERROR_CODE
_SET: Final = CheckKind.SETTING

#: Every external check, grouped by item of the standard. Ranges of codes (ANN001-206,
#: DTZ001-012, ...) are written out as the codes that exist; removed codes (ANN101, ANN102)
#: are not named.
CHECKS: Final = (
    # data modeling
    _lint("DTZ001", _DM, "`datetime(...)` without `tzinfo=`"),
    _lint("DTZ002", _DM, "`datetime.today()`: a naive local datetime"),
    _lint("DTZ003", _DM, "`datetime.utcnow()`: a naive datetime that looks like UTC"),
    _lint("DTZ004", _DM, "`datetime.utcfromtimestamp()`: a naive datetime that looks like UTC"),
    _lint("DTZ005", _DM, "`datetime.now()` without a time zone"),
    _lint("DTZ006", _DM, "`datetime.fromtimestamp()` without a time zone"),
    _lint("DTZ007", _DM, "`datetime.strptime()` with a format that has no `%z`"),
    _lint("DTZ011", _DM, "`date.today()`: the local date of the machine"),
    _lint("DTZ012", _DM, "`date.fromtimestamp()`: a local date"),
    _mypy("init_typed", _DM, "`Model(...)` arguments are checked against the field types", kind=_SET,
          tool=Tool.PYDANTIC_MYPY),
    _mypy("init_forbid_extra", _DM, "`Model(...)` rejects keyword arguments that are not fields", kind=_SET,
          tool=Tool.PYDANTIC_MYPY),
    # pydantic v2, secrets and settings
    _mypy("deprecated", _PY, "a use of an API marked `@deprecated`, e.g. Pydantic's v1 shims", kind=_ERR),
    _mypy("warn_required_dynamic_aliases", _PY, "a required field with a dynamic alias that mypy cannot check",
          kind=_SET, tool=Tool.PYDANTIC_MYPY),
    _lint("S105", _PY, "a password or secret assigned as a string literal"),
    _lint("S106", _PY, "a password or secret passed as a string literal argument"),
    _lint("S107", _PY, "a password or secret as a string literal parameter default"),
    # typing
    _mypy("strict", _TY, "mypy's strict flags: every definition annotated, no implicit `Any`, no untyped calls",
          kind=_SET),
    _mypy("ignore-without-code", _TY, "a `# type: ignore` without an error code", kind=_ERR),
    _mypy("possibly-undefined", _TY, "a variable that is defined on some paths only", kind=_ERR),
    _mypy("truthy-bool", _TY, "a condition on an object that is always true (a missing `is None` check)",
          kind=_ERR),
    _lint("ANN001", _TY, "a function argument without a type annotation"),
    _lint("ANN002", _TY, "`*args` without a type annotation"),
    _lint("ANN003", _TY, "`**kwargs` without a type annotation"),
    _lint("ANN201", _TY, "a public function without a return annotation"),
    _lint("ANN202", _TY, "a private function without a return annotation"),
    _lint("ANN204", _TY, "a special method without a return annotation"),
    _lint("ANN205", _TY, "a static method without a return annotation"),
    _lint("ANN206", _TY, "a class method without a return annotation"),
    _lint("UP006", _TY, "`List[int]`, `Dict[...]`: write `list[int]`, `dict[...]`"),
    _lint("UP007", _TY, "`Union[X, Y]`: write `X | Y`"),
    _lint("UP035", _TY, "an import of a deprecated alias such as `typing.List` or `typing.Callable`"),
    _lint("UP045", _TY, "`Optional[X]`: write `X | None`"),
    _lint("PGH003", _TY, "a blanket `# type: ignore` without an error code"),
    # async
    _mypy("unused-awaitable", _AS, "an awaitable value (a task, a future) that is neither awaited nor used",
          kind=_ERR),
    _lint("RUF006", _AS, "`asyncio.create_task(...)` whose task is not kept: it can be garbage-collected"),
    _lint("ASYNC210", _AS, "a blocking HTTP call (`requests`, `urllib`) in an `async def`"),
    _lint("ASYNC212", _AS, "a blocking `httpx.Client` call in an `async def`"),
    _lint("ASYNC220", _AS, "a subprocess created with a blocking call in an `async def`"),
    _lint("ASYNC221", _AS, "a subprocess run with a blocking call in an `async def`"),
    _lint("ASYNC222", _AS, "a blocking wait for a process in an `async def`"),
    _lint("ASYNC230", _AS, "`open()` (blocking file I/O) in an `async def`"),
    _lint("ASYNC240", _AS, "a blocking `pathlib`/`os.path` file-system call in an `async def`"),
    _lint("ASYNC250", _AS, "`input()` in an `async def`"),
    _lint("ASYNC251", _AS, "`time.sleep()` in an `async def`: use `await asyncio.sleep()`"),
    # errors
    _lint("B904", _ER, "`raise` inside `except` without `from err` or `from None`", bugbear=True),
    _lint("BLE001", _ER, "a blind `except Exception:` or `except BaseException:`"),
    _lint("TRY002", _ER, "`raise Exception(...)`: raise a specific exception class"),
    _lint("TRY400", _ER, "`logging.error(...)` in an `except` block: use `logging.exception(...)`"),
    _lint("LOG004", _ER, "`logging.exception(...)` outside an exception handler"),
    _lint("G004", _ER, "an f-string as the logging message: pass the values as arguments"),
    # fastapi
    _lint("FAST001", _FA, "a `response_model=` that repeats the return annotation"),
    _lint("FAST002", _FA, "a dependency or parameter not written with `Annotated[..., Depends(...)]`"),
    _lint("FAST003", _FA, "a path parameter that the route handler does not take"),
    # classes
    _lint("B024", _CL, "an abstract base class without abstract methods", bugbear=True),
    _lint("B027", _CL, "an empty method of an abstract base class without `@abstractmethod`", bugbear=True),
    # caching
    _lint("B019", _CA, "`functools.lru_cache`/`cache` on a method: the cache keeps every instance alive",
          bugbear=True),
)

#: The lowest ruff release in which every ruff code of the preset is stable (a test checks it
#: against the installed ruff's own "since" data).
RUFF_MIN_VERSION: Final = "0.16"

#: The prefix flake8 registers for pyexpert's rules (the entry point name).
FLAKE8_PREFIX: Final = "PX"

#: ``plugins =`` of the mypy preset; pyexpert works in either order.
MYPY_PLUGINS: Final = ("pydantic.mypy", "mypy_pyexpert")

#: FastAPI's parameter functions, called in defaults by design (B008 must not flag them).
FASTAPI_PARAMETER_FUNCTIONS: Final = (
    "Body",
    "Cookie",
    "Depends",
    "File",
    "Form",
    "Header",
    "Path",
    "Query",
    "Security",
)


def checks_for(tool: Tool, kind: CheckKind | None = None) -> tuple[ExternalCheck, ...]:
    """The external checks a tool implements (optionally of one kind), in catalog order."""
    return tuple(check for check in CHECKS if tool in check.tools and (kind is None or check.kind is kind))


# -- overlaps with pyexpert's rules --------------------------------------------------------------


def _overlaps(resolution: Resolution) -> list[tuple[str, Overlap]]:
    return [
        (rule.code, overlap) for rule in registry() for overlap in rule.overlaps if overlap.resolution is resolution
    ]


def left_out(check: ExternalCheck) -> str | None:
    """The PX rule whose sites ``check`` would report again, when the presets leave it out."""
    for code, overlap in _overlaps(Resolution.PRESET_LEAVES_OUT):
        if overlap.code == check.code:
            return code
    return None


def deprecated_excludes() -> tuple[str, ...]:
    """The APIs the mypy preset excludes from ``deprecated`` (PX rules report them)."""
    found: list[str] = []
    for _, overlap in _overlaps(Resolution.PRESET_EXCLUDES):
        if overlap.tool == "mypy" and overlap.code == "deprecated":
            found.extend(name for name in overlap.excluded if name not in found)
    return tuple(found)


# -- presets -----------------------------------------------------------------------------------


class PresetTool(StrEnum):
    """The tools ``pyexpert preset`` prints a configuration for."""

    RUFF = "ruff"
    FLAKE8 = "flake8"
    MYPY = "mypy"


class PresetFormat(StrEnum):
    """The configuration file syntax of a preset."""

    INI = "ini"
    TOML = "toml"


#: The formats each preset is printed in; the first is the default.
_FORMATS: Final[dict[PresetTool, tuple[PresetFormat, ...]]] = {
    PresetTool.RUFF: (PresetFormat.TOML,),
    PresetTool.FLAKE8: (PresetFormat.INI,),
    PresetTool.MYPY: (PresetFormat.INI, PresetFormat.TOML),
}


class UnknownPresetError(ValueError):
    """An unknown tool or an unsupported format; ``str()`` is a one-line user message."""


def preset_formats(tool: PresetTool) -> tuple[PresetFormat, ...]:
    """The formats a tool's preset is printed in (the first is the default)."""
    return _FORMATS[tool]


def _parse_tool(name: str) -> PresetTool:
    try:
        return PresetTool(name.strip().lower())
    except ValueError:
        known = ", ".join(tool.value for tool in PresetTool)
        raise UnknownPresetError(f"unknown tool {name!r}: expected one of {known}") from None


def _parse_format(tool: PresetTool, name: str | None) -> PresetFormat:
    formats = _FORMATS[tool]
    if name is None:
        return formats[0]
    try:
        chosen = PresetFormat(name.strip().lower())
    except ValueError:
        chosen = None
    if chosen is None or chosen not in formats:
        known = ", ".join(fmt.value for fmt in formats)
        raise UnknownPresetError(f"the {tool.value} preset is printed as {known}, not {name!r}")
    return chosen


def _title(item: StandardItem) -> str:
    return next(statement.title for statement in ITEMS if statement.item is item)


def _by_item(checks: Iterable[ExternalCheck]) -> list[tuple[StandardItem, list[ExternalCheck]]]:
    chosen = list(checks)
    groups = [(item, [check for check in chosen if check.standard is item]) for item in StandardItem]
    return [(item, members) for item, members in groups if members]


def _header(tool: PresetTool, where: str) -> list[str]:
    return [f"# `pyexpert preset {tool.value}` (pyexpert {__version__}): paste into {where}."]


def _toml_list(values: Iterable[str]) -> str:
    return "[" + ", ".join(f'"{value}"' for value in values) + "]"


def _quoted(checks: Iterable[ExternalCheck]) -> list[tuple[ExternalCheck, str]]:
    """Each check with its code as a TOML list item (``"B019",``)."""
    return [(check, f'"{check.code}",') for check in checks]


def _comment_rows(checks: Iterable[ExternalCheck]) -> list[str]:
    """``#   CODE  Item: description`` lines, grouped by item of the standard."""
    chosen = list(checks)
    width = max(len(check.code) for check in chosen) + 2
    return [
        f"#   {check.code.ljust(width)}{_title(item)}: {check.description}"
        for item, members in _by_item(chosen)
        for check in members
    ]


def _immutable_calls(*, bare: bool) -> list[str]:
    qualified = [f"fastapi.{name}" for name in FASTAPI_PARAMETER_FUNCTIONS]
    return [*FASTAPI_PARAMETER_FUNCTIONS, *qualified] if bare else qualified


def _render_ruff() -> str:
    checks = tuple(check for check in checks_for(Tool.RUFF, CheckKind.LINT) if left_out(check) is None)
    omitted = [
        f"{check.code} ({left_out(check)})" for check in checks_for(Tool.RUFF, CheckKind.LINT) if left_out(check)
    ]
    width = max(len(check.code) for check in checks) + 3
    lines = [
        *_header(PresetTool.RUFF, "pyproject.toml (for ruff.toml, drop the `tool.ruff.` of the table names)"),
        f"# The ruff rules that complete the standard; each is stable since ruff {RUFF_MIN_VERSION}.",
        f"# ruff does not run flake8 plugins: pyexpert's own rules ({FLAKE8_PREFIX}) run under flake8",
        "# (`pyexpert preset flake8`) and mypy (`pyexpert preset mypy`).",
        "# The UP rules follow ruff's target-version (read from requires-python): the standard is Python 3.11+.",
        "# Left out, one mistake one report (see the rule's page): " + ", ".join(omitted) + ".",
        "[tool.ruff.lint]",
        "extend-select = [",
    ]
    for item, members in _by_item(checks):
        lines.append(f"    # {_title(item)}")
        lines += [f"    {quoted.ljust(width)} # {check.description}" for check, quoted in _quoted(members)]
    lines += [
        "]",
        f"# `# noqa: {FLAKE8_PREFIX}...` codes are flake8's: RUF100's fix keeps them when it rewrites a noqa",
        f"external = {_toml_list([FLAKE8_PREFIX])}",
        "",
        "[tool.ruff.lint.flake8-bugbear]",
        "# If you select B008: FastAPI's parameter functions are called in defaults by design",
        "extend-immutable-calls = [",
        *(f'    "{name}",' for name in _immutable_calls(bare=False)),
        "]",
    ]
    return "\n".join(lines) + "\n"


def _render_flake8() -> str:
    checks = checks_for(Tool.FLAKE8_BUGBEAR, CheckKind.LINT)
    lines = [
        *_header(PresetTool.FLAKE8, "setup.cfg, tox.ini or .flake8 (not pyproject.toml)"),
        "# Requires: pip install flake8-pyexpert flake8-bugbear",
        f"# pyexpert's {FLAKE8_PREFIX} rules that are on by default run once flake8-pyexpert is installed; turn an",
        "# opt-in rule on by adding its code to extend-select (`pyexpert rules` shows which are off).",
        f"# If this section has a `select =` list, add {FLAKE8_PREFIX} and B to it (selecting the prefix",
        f"# {FLAKE8_PREFIX} turns the opt-in rules on too).",
        "# The flake8-bugbear rules that complete the standard (for the rest: `pyexpert preset ruff`):",
        *_comment_rows(checks),
        "[flake8]",
        "extend-select = " + ", ".join(check.code for check in checks),
        "# B008 (on by default in flake8-bugbear): FastAPI's parameter functions are called in defaults by design",
        "extend-immutable-calls =",
        *(f"    {name}," for name in _immutable_calls(bare=True)),
    ]
    return "\n".join(lines) + "\n"


def _render_mypy(fmt: PresetFormat) -> str:
    strict = [check.code for check in checks_for(Tool.MYPY, CheckKind.SETTING)]
    codes = [check.code for check in checks_for(Tool.MYPY, CheckKind.ERROR_CODE)]
    toml = fmt is PresetFormat.TOML
    where = "pyproject.toml" if toml else "mypy.ini, .mypy.ini or setup.cfg"
    lines = [
        *_header(PresetTool.MYPY, where),
        "# Requires: pip install flake8-pyexpert pydantic (pydantic.mypy ships with pydantic)",
        "# pyexpert's type-aware rules come from mypy_pyexpert (either order with pydantic.mypy).",
    ]
    lines += _comment_rows([*checks_for(Tool.MYPY, CheckKind.SETTING), *checks_for(Tool.MYPY, CheckKind.ERROR_CODE)])
    true = "true" if toml else "True"
    excludes = deprecated_excludes()
    note = (
        "# One mistake, one report: the APIs pyexpert's rules report (PX204, PX505) are excluded from `deprecated`."
    )
    if toml:
        lines += [
            "[tool.mypy]",
            *(f"{name} = {true}" for name in strict),
            f"enable_error_code = {_toml_list(codes)}",
            note,
            "deprecated_calls_exclude = [",
            *(f'    "{name}",' for name in excludes),
            "]",
            f"plugins = {_toml_list(MYPY_PLUGINS)}",
            "",
            "[tool.pydantic-mypy]",
        ]
    else:
        lines += [
            "[mypy]",
            *(f"{name} = {true}" for name in strict),
            "enable_error_code = " + ", ".join(codes),
            note,
            "deprecated_calls_exclude =",
            *(f"    {name}{',' if index < len(excludes) - 1 else ''}" for index, name in enumerate(excludes)),
            "plugins = " + ", ".join(MYPY_PLUGINS),
            "",
            "[pydantic-mypy]",
        ]
    for check in checks_for(Tool.PYDANTIC_MYPY):
        lines.append(f"# {check.description}")
        lines.append(f"{check.code} = {true}")
    return "\n".join(lines) + "\n"


def render_preset(tool: str, fmt: str | None = None) -> str:
    """The configuration block of one tool's preset, ready to paste.

    ``tool`` is ``ruff``, ``flake8`` or ``mypy``; ``fmt`` is ``ini`` or ``toml`` (default: the
    tool's own). Raises :class:`UnknownPresetError` with a one-line message for anything else.
    """
    chosen = _parse_tool(tool)
    syntax = _parse_format(chosen, fmt)
    if chosen is PresetTool.RUFF:
        return _render_ruff()
    if chosen is PresetTool.FLAKE8:
        return _render_flake8()
    return _render_mypy(syntax)

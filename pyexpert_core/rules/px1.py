"""PX1 - Data is modeled, not passed as raw dicts."""

from __future__ import annotations

from pyexpert_core.catalog import Checker, Rule, RuleOption, StandardItem, Status
from pyexpert_core.roles import ALL_ROLES, APP_ONLY

_PYDANTIC_MODELS = "https://docs.pydantic.dev/latest/concepts/models/"
_TYPEDDICT = "https://typing.python.org/en/latest/spec/typeddict.html"

CHECK_PRIVATE = RuleOption(
    name="check_private",
    type="bool",
    default="true",
    description=(
        "Whether functions and methods whose name starts with a single underscore are checked. "
        "Set it in the mypy config section: `check_private = false`."
    ),
)

_RECORD_LIKE = (
    "A *record-like raw dict* is `dict`, `Dict`, `Mapping`, `MutableMapping`, `defaultdict`, "
    "`OrderedDict` or `ChainMap` that is bare or has `Any` arguments, or is keyed by `str` with "
    "a value type that is `Any`, `object`, a union containing them, a union of two or more "
    "scalar types among `str int float bool bytes`, or itself record-like (recursive JSON "
    "aliases). Aliases are expanded and `Annotated` is stripped first, so a raw dict behind "
    "`JSON = dict[str, Any]` is seen (an alias of the checked code is reported once, at the "
    "alias, by PX107; a library's alias is its contract). `dict[str, int]`, `dict[str, User]`, "
    "`Mapping[str, str]`, `dict[int, str]` and any `TypedDict` are not record-like."
)

RAW_DICT_PARAM = Rule(
    code="PX101",
    name="raw-dict-param",
    summary="A parameter is typed as a record-like raw dict",
    message="Parameter '{param}' is a raw dict ({type}); model it as a Pydantic model or TypedDict",
    rationale=(
        "A `dict[str, Any]` parameter says nothing about which keys the function reads or what "
        "their values are, so every caller has to read the body to call it, typos in keys are "
        "runtime `KeyError`s, and the type checker cannot help. A Pydantic model (or a "
        "`TypedDict` for data that must stay a dict) documents the shape, validates it at the "
        "boundary and lets mypy check every access.\n\n"
        + _RECORD_LIKE
        + "\n\nThe finding is reported once, at the definition, with the resolved type. Not "
        "reported, because the shape is not the author's to choose or is reported elsewhere: "
        "methods marked `@override`, methods whose base-class signature already has the type "
        "(the base is reported), methods that override a method of a class outside the checked "
        "code or of a base mypy cannot see (the library decides the signature); Pydantic hooks "
        "(before/wrap/plain model validators, v1's `@validator`/`@root_validator`, whose raw "
        "`values` dict is v1's signature and whose decorator PX201 reports, `@model_serializer`, "
        "`__get_pydantic_core_schema__`; also applied by a call, "
        "`model_validator(mode=\"before\")(f)` in a dynamic model's `__validators__`), and the "
        "value parameter and return of a field's `@field_validator`/`@field_serializer`, which "
        "mirror the field (PX103 reports a raw dict field); a later variant of a function in "
        "another arm of an `if`/`try` (only one arm runs; mypy gives the variants one signature, "
        "and the first variant reports); the parameters of a route left out of the API schema "
        "(`include_in_schema=False`) and the return of every route handler (PX501's); a "
        "parameter whose only use is being validated into a Pydantic model "
        "(`Model.model_validate(data)`, `cls(**data)`: the parse boundary, where the input can "
        "only be raw; a `**` spread is PX105's finding); the callbacks of SQLAlchemy's "
        "`@validates`, Jinja's `@pass_context` and an MCP server's `call_tool()`/`get_prompt()`, "
        "whose signatures the library defines; a raw dict reached through an alias, "
        "`TypedDict` or protocol of an installed package (`starlette.types.Scope`, "
        "`structlog.typing.EventDict`: the library's contract); an alias of the checked code "
        "(reported once, at the alias, by PX107); stubs and installed packages."
    ),
    bad=(
        "from typing import Any\n"
        "\n"
        "\n"
        "def create_user(payload: dict[str, Any]) -> None:\n"
        "    print(payload['email'])\n"
    ),
    good=(
        "from pydantic import BaseModel\n"
        "\n"
        "\n"
        "class UserCreate(BaseModel):\n"
        "    email: str\n"
        "\n"
        "\n"
        "def create_user(payload: UserCreate) -> None:\n"
        "    print(payload.email)\n"
    ),
    checker=Checker.MYPY,
    standard=StandardItem.DATA_MODELING,
    applies_to=APP_ONLY,
    options=(CHECK_PRIVATE,),
    references=(_PYDANTIC_MODELS, _TYPEDDICT),
)

RAW_DICT_RETURN = Rule(
    code="PX102",
    name="raw-dict-return",
    summary="A function returns a record-like raw dict",
    message="Function '{function}' returns a raw dict ({type}); return a Pydantic model or TypedDict",
    rationale=(
        "Returning `dict[str, Any]` pushes the question \"which keys are there?\" onto every "
        "caller, and the answer drifts as the function changes. A returned model is documented, "
        "checked by mypy at each use and serialised the same way everywhere. For `async def` "
        "the awaited type is checked. The same definitions as for PX101 are not reported (route "
        "handlers' returns are PX501's), nor serializers, which return a dict by definition: "
        "the names of PX104's `serializer_methods` default, conversions named after them "
        "(`row_to_dict`) and names that say they serialize (`serialize_user`). PX102 owns an "
        "annotated return: PX104 only looks at functions without a return annotation.\n\n"
        + _RECORD_LIKE
    ),
    bad=(
        "from typing import Any\n"
        "\n"
        "\n"
        "def load_user(user_id: int) -> dict[str, Any]:\n"
        "    raise NotImplementedError(user_id)\n"
    ),
    good=(
        "from pydantic import BaseModel\n"
        "\n"
        "\n"
        "class User(BaseModel):\n"
        "    id: int\n"
        "    email: str\n"
        "\n"
        "\n"
        "def load_user(user_id: int) -> User:\n"
        "    raise NotImplementedError(user_id)\n"
    ),
    checker=Checker.MYPY,
    standard=StandardItem.DATA_MODELING,
    applies_to=APP_ONLY,
    options=(CHECK_PRIVATE,),
    references=(_PYDANTIC_MODELS, _TYPEDDICT),
)

RAW_DICT_FIELD = Rule(
    code="PX103",
    name="raw-dict-field",
    summary="A model, dataclass or attrs field is typed as a record-like raw dict",
    message="Field '{field}' of '{owner}' is a raw dict ({type}); model it as a nested model",
    rationale=(
        "A model exists to give data a shape; a `dict[str, Any]` field is a hole in that shape. "
        "Everything under it is unvalidated, undocumented in the JSON schema and invisible to "
        "mypy. Give the nested data its own model (or a `TypedDict`). Applies to Pydantic "
        "models, SQLModel classes, dataclasses and attrs classes. A field that a base model "
        "already declares with a raw dict and that a subclass declares again (SQLModel's "
        "`table=True`, read and create classes) is reported once, at the base.\n\n" + _RECORD_LIKE
    ),
    bad=(
        "from typing import Any\n"
        "\n"
        "from pydantic import BaseModel\n"
        "\n"
        "\n"
        "class Order(BaseModel):\n"
        "    id: int\n"
        "    shipping: dict[str, Any]\n"
    ),
    good=(
        "from pydantic import BaseModel\n"
        "\n"
        "\n"
        "class Address(BaseModel):\n"
        "    street: str\n"
        "    city: str\n"
        "\n"
        "\n"
        "class Order(BaseModel):\n"
        "    id: int\n"
        "    shipping: Address\n"
    ),
    checker=Checker.MYPY,
    standard=StandardItem.DATA_MODELING,
    applies_to=APP_ONLY,
    references=(_PYDANTIC_MODELS, "https://docs.python.org/3/library/dataclasses.html"),
)

RAW_DICT_ALIAS = Rule(
    code="PX107",
    name="raw-dict-alias",
    summary="A type alias of the project names a record-like raw dict",
    message=(
        "Type alias '{alias}' names a raw dict ({type}), used in {uses} of this module; "
        "model it as a Pydantic model or TypedDict"
    ),
    rationale=(
        "`JSONDict = dict[str, Any]` gives a raw dict a name, and then spreads it: every "
        "parameter, return and field that uses the alias is a hole in the data model, and the "
        "name makes it look designed. The mistake is made once, in the alias, so it is reported "
        "once, there, rather than at each of its uses (PX101-PX103 leave the uses alone, also "
        "inside `Optional[...]`, `list[...]` or as the value of another dict). Replace the alias "
        "with a model (or a `TypedDict` for data that must stay a dict) and its uses follow.\n\n"
        "Flagged: a type alias defined in the checked code (`X = dict[str, Any]`, `X: TypeAlias = "
        "...`, `type X = ...`, also inside `Annotated[...]`) whose target is, or contains, a "
        "record-like raw dict. The message counts the parameters, returns and fields of the "
        "alias's own module that use it (uses in other modules are not reported either, and not "
        "counted: the count must not depend on which modules mypy re-checks). Not flagged: "
        "generic aliases (`JSONMap = dict[str, T]`: a use such as `JSONMap[Any]` is reported "
        "where it is written, by PX101-PX103), and aliases defined outside the checked code "
        "(`starlette.types.Scope`, `structlog.typing.EventDict`: a library's contract, which "
        "nothing in the project reports).\n\n" + _RECORD_LIKE
    ),
    bad=(
        "from typing import Any\n"
        "\n"
        "JSONDict = dict[str, Any]\n"
        "\n"
        "\n"
        "def create_user(payload: JSONDict) -> JSONDict:\n"
        "    return payload\n"
    ),
    good=(
        "from pydantic import BaseModel\n"
        "\n"
        "\n"
        "class UserPayload(BaseModel):\n"
        "    email: str\n"
        "\n"
        "\n"
        "def create_user(payload: UserPayload) -> UserPayload:\n"
        "    return payload\n"
    ),
    checker=Checker.MYPY,
    standard=StandardItem.DATA_MODELING,
    applies_to=APP_ONLY,
    references=(_PYDANTIC_MODELS, _TYPEDDICT, "https://typing.python.org/en/latest/spec/aliases.html"),
)

DICT_RECORD_LITERAL = Rule(
    code="PX104",
    name="dict-record-literal",
    summary="A function builds and returns an ad-hoc record as a dict literal",
    message="'{function}' returns a dict literal used as a record (keys {keys}); return a Pydantic model or dataclass",
    rationale=(
        "`return {\"id\": ..., \"email\": ...}` is a record with no type: callers index it by "
        "string, and nothing checks that the keys they use exist. When the function has no return "
        "annotation, the literal is the only description of the shape. Return a model or "
        "dataclass instead.\n\n"
        "Flagged: `return {...}` with two or more constant string keys, or `return dict(a=..., "
        "b=...)` with two or more keywords, in a function without a return annotation (an "
        "annotated `dict[str, Any]` return is PX102's, on the mypy side: one mistake, one "
        "report). Not flagged: route handlers (PX501 owns them), "
        "dict comprehensions, literals with non-constant keys or `**` unpacking, literals whose "
        "keys are not all identifiers (`{\"Content-Type\": ...}` is a header map or lookup "
        "table, not a record), protocol messages whose first key is `\"type\"` with a dotted event "
        "name (ASGI's `{\"type\": \"http.response.start\", ...}`, an event API's `{\"type\": "
        "\"response.create\", ...}`: the protocol decides their shape), dicts whose values are "
        "all imported names (a namespace of classes or modules, as a lazy import returns), "
        "dicts passed as call "
        "arguments, serializers (the names in the option, conversions named after them such as "
        "`row_to_dict`, and names that say they serialize: `serialize_user`), Pydantic "
        "`@model_serializer`/`@field_serializer` functions, "
        "`__get_pydantic_json_schema__`/`__json__`/`__getstate__`, and methods of a class with a "
        "base from an installed package or the standard library (overrides of a library's hook, "
        "such as an OAuth server's `get_server_metadata`, whose return shape the library "
        "decides). A function is reported once, at its first such `return`: its other returns "
        "build the same kind of record."
    ),
    bad=(
        "def user_summary(user_id: int, email: str):\n"
        "    return {'id': user_id, 'email': email}\n"
    ),
    good=(
        "from dataclasses import dataclass\n"
        "\n"
        "\n"
        "@dataclass(frozen=True)\n"
        "class UserSummary:\n"
        "    id: int\n"
        "    email: str\n"
        "\n"
        "\n"
        "def user_summary(user_id: int, email: str) -> UserSummary:\n"
        "    return UserSummary(id=user_id, email=email)\n"
    ),
    checker=Checker.FLAKE8,
    standard=StandardItem.DATA_MODELING,
    applies_to=APP_ONLY,
    options=(
        RuleOption(
            name="serializer_methods",
            type="comma-separated names",
            default="to_dict,as_dict,asdict,to_json,serialize,dict,model_dump,__getstate__",
            description=(
                "Methods and functions with these names are serializers: returning a dict "
                "literal is their job. flake8: `--pyexpert-serializer-methods` or "
                "`pyexpert-serializer-methods =` in the `[flake8]` section."
            ),
        ),
    ),
    references=(_PYDANTIC_MODELS, "https://docs.python.org/3/library/dataclasses.html"),
)

UNVALIDATED_UNPACK = Rule(
    code="PX105",
    name="unvalidated-unpack",
    summary="A Pydantic model is built with Model(**some_dict) instead of model_validate",
    message="'{model}(**{source})' {problem}; use {model}.model_validate({source})",
    rationale=(
        "`Model(**data)` turns a dict of unknown shape into keyword arguments: an unexpected key "
        "becomes a confusing `TypeError`-like validation error naming the constructor, mypy "
        "cannot check the keys, and for a SQLModel class with `table=True` the constructor does "
        "not validate at all, so bad data reaches the database. `Model.model_validate(data)` "
        "states the intent, validates the whole mapping and reports errors per field.\n\n"
        "Not flagged: unpacking inside the model's own methods and factories (or a subclass's), "
        "a `TypedDict` source (its keys are checked), explicit keyword arguments, including a "
        "literal with constant keys (`Model(**{\"in\": where})`, the idiom for reserved words) "
        "and a local dict the function builds from constant keys only and uses for nothing but "
        "the spread (`extra = {}; if name: extra[\"name\"] = name; Model(**extra)`: optional "
        "keywords), and forwarding the enclosing function's own `**kwargs` (its callers passed "
        "explicit keywords)."
    ),
    bad=(
        "from pydantic import BaseModel\n"
        "\n"
        "\n"
        "class User(BaseModel):\n"
        "    email: str\n"
        "\n"
        "\n"
        "def parse_user(data: dict[str, str]) -> User:\n"
        "    return User(**data)\n"
    ),
    good=(
        "from pydantic import BaseModel\n"
        "\n"
        "\n"
        "class User(BaseModel):\n"
        "    email: str\n"
        "\n"
        "\n"
        "def parse_user(data: dict[str, str]) -> User:\n"
        "    return User.model_validate(data)\n"
    ),
    checker=Checker.MYPY,
    standard=StandardItem.DATA_MODELING,
    applies_to=ALL_ROLES,
    references=("https://docs.pydantic.dev/latest/concepts/models/#validating-data",),
)

DUMPED_MODEL_AS_DATA = Rule(
    code="PX106",
    name="dumped-model-as-data",
    summary="A model_dump() result is passed around inside the project instead of the model",
    message="model_dump() of '{model}' {action}; pass the model itself and dump at the boundary",
    rationale=(
        "`model_dump()` throws away the type: what was a checked `User` becomes a "
        "`dict[str, Any]` that the next function must trust. Inside the project, pass the model "
        "and dump it only at the boundary (the HTTP response, the queue, the log line). Opt-in "
        "because some codebases dump deliberately at internal seams.\n\n"
        "Flagged: a `model_dump()` result returned from a function, or passed directly as an "
        "argument to a function defined in the code mypy is checking. Calls into libraries and "
        "the standard library (`json.dumps(m.model_dump())`) are boundaries and are not flagged, "
        "and so are returns from serializer methods (the names of PX104's `serializer_methods` "
        "default, or a name containing `serial`, `encod`, `dump` or `json`; anything inside "
        "them is a boundary too), "
        "from Pydantic `@model_serializer`/`@field_serializer` "
        "functions and from FastAPI route handlers (the HTTP response is the boundary), "
        "serialization boundaries of other libraries (SQLAlchemy's "
        "`TypeDecorator.process_bind_param`/`process_result_value`), and "
        "`**m.model_dump()` unpacking (PX105 covers it for models). Nor is a dump whose "
        "receiving slot is declared as a record-like raw dict: returned from a function whose "
        "return type (or its base method's) is one, or passed to a parameter or model field "
        "declared as one. That declaration is the one mistake, reported by PX102, PX101 or "
        "PX103; PX106 finds the dumps no declaration reveals (`object`, `Any`, unannotated). "
        "A call is reported once, whatever the receiver's type (a union of models included)."
    ),
    bad=(
        "from pydantic import BaseModel\n"
        "\n"
        "\n"
        "class User(BaseModel):\n"
        "    email: str\n"
        "\n"
        "\n"
        "def save(row: object) -> None:\n"
        "    print(row)\n"
        "\n"
        "\n"
        "def register(user: User) -> None:\n"
        "    save(user.model_dump())\n"
    ),
    good=(
        "from pydantic import BaseModel\n"
        "\n"
        "\n"
        "class User(BaseModel):\n"
        "    email: str\n"
        "\n"
        "\n"
        "def save(row: User) -> None:\n"
        "    print(row)\n"
        "\n"
        "\n"
        "def register(user: User) -> None:\n"
        "    save(user)\n"
    ),
    checker=Checker.MYPY,
    standard=StandardItem.DATA_MODELING,
    applies_to=APP_ONLY,
    default_enabled=False,
    status=Status.PREVIEW,
    references=("https://docs.pydantic.dev/latest/concepts/serialization/",),
)

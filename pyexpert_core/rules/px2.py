"""PX2 - Pydantic v2, secrets and settings."""

from __future__ import annotations

from pyexpert_core.catalog import Checker, FixInfo, FixSafety, Overlap, Resolution, Rule, RuleOption, StandardItem
from pyexpert_core.pydantic_v1 import SQLMODEL_V1_MEMBERS, V1_MODEL_MEMBERS
from pyexpert_core.roles import ALL_ROLES, APP_ONLY

_MIGRATION = "https://docs.pydantic.dev/latest/migration/"

# -- PX207 secret-as-plain-str ---------------------------------------------------------------

SECRET_FIELD_PATTERN = RuleOption(
    name="secret_field_pattern",
    type="regex",
    default=r"(^|_)(password|passwd|secret|secret_key|api_?key|access_key|private_key|client_secret|token)$",
    description=(
        "A field whose name matches this regular expression (searched, case-insensitively) holds "
        "a secret. flake8: `--pyexpert-secret-field-pattern` or `pyexpert-secret-field-pattern =` "
        "in the `[flake8]` section."
    ),
)

SECRET_AS_PLAIN_STR = Rule(
    code="PX207",
    name="secret-as-plain-str",
    summary="A secret-named field of a Pydantic model is a plain str or bytes",
    message=(
        "Field '{field}' holds a secret as plain {type}; "
        "use pydantic.{replacement} so it is masked in repr, logs and dumps"
    ),
    rationale=(
        "A password, token or API key typed `str` is printed in full by `repr()`, by tracebacks "
        "and error reports that show locals, by `logger.info(model)`, and by `model_dump()` / "
        "`model_dump_json()`. Pydantic v2's `SecretStr` / `SecretBytes` validate the same input "
        "but render as `'**********'` everywhere until `.get_secret_value()` is called "
        "deliberately, where the secret is actually used.\n\n"
        "A field is a secret when its name matches the option `secret_field_pattern` "
        "(case-insensitive, so `SECRET_KEY` in a settings class counts) and its annotation is "
        "`str` or `bytes`, possibly `Optional[...]`, `... | None`, `Union[..., None]` or "
        "`Annotated[...]`, written as a string or not. Not flagged: names that say the value is "
        "derived or a reference to a secret (a `hash`/`hashed` part as in `hashed_password` or "
        "`password_hash`, or an ending `_id`, `_url`, `_name`, `_type`, `_count`, `_expires`, "
        "`_expires_at`), any other type, private attributes (`_token`), `ClassVar`s, fields of "
        "SQLModel `table=True` classes (a database column; `SecretStr` is not a column type), "
        "fields declared `Field(..., repr=False, exclude=True)` (never printed nor dumped), and "
        "the fields of response models: classes whose name, once a trailing `DTO`, `Schema` or "
        "`Model` is dropped, ends in `Out`, `Read`, `Response`, `Public` or `Token` "
        "(`LoginResponseDTO`, `ApiKeyRead`), or that a route of the same module names in "
        "`response_model=` or its return annotation, and the classes of the module such a "
        "model inherits from (their fields are the response's). A response hands the secret to its owner "
        "(an OAuth2 token, a new API key, a settings form an admin edits) as a plain string by "
        "design: `SecretStr` would send `'**********'`. Nor the fields of read models: classes "
        "configured with `from_attributes=True` (v1: `orm_mode = True`), directly or through a "
        "base of the module, which mirror a stored row to be read back (a password hash, an "
        "encrypted secret, a token handed to its owner), not a secret that arrives as input."
    ),
    bad=(
        "from pydantic import BaseModel\n"
        "\n"
        "\n"
        "class Credentials(BaseModel):\n"
        "    username: str\n"
        "    password: str\n"
    ),
    good=(
        "from pydantic import BaseModel, SecretStr\n"
        "\n"
        "\n"
        "class Credentials(BaseModel):\n"
        "    username: str\n"
        "    password: SecretStr\n"
    ),
    checker=Checker.FLAKE8,
    standard=StandardItem.PYDANTIC_V2,
    applies_to=APP_ONLY,
    options=(SECRET_FIELD_PATTERN,),
    references=("https://docs.pydantic.dev/latest/api/types/#pydantic.types.SecretStr",),
)

# -- PX208 environ-outside-settings ----------------------------------------------------------

SETTINGS_MODULES = RuleOption(
    name="settings_modules",
    type="comma-separated globs",
    default="*settings*.py,*config*.py,env.py,environment.py",
    description=(
        "Files matching one of these globs are settings modules, where reading the environment "
        "is the point (a module named `env.py` or `environment.py` is the project's "
        "configuration by name, as Alembic's `env.py` is a migration environment). A glob "
        "without `/` is matched against the file's name, one with `/` against its whole path "
        "(with `/` separators). flake8: `--pyexpert-settings-modules` or "
        "`pyexpert-settings-modules =` in the `[flake8]` section."
    ),
)

ENVIRON_OUTSIDE_SETTINGS = Rule(
    code="PX208",
    name="environ-outside-settings",
    summary="The environment is read outside a settings module",
    message=(
        "{call} reads the environment outside a settings module; "
        "declare it as a field of a pydantic_settings.BaseSettings class"
    ),
    rationale=(
        "Configuration read with `os.environ[...]` or `os.getenv` wherever it is needed is "
        "untyped (always `str | None`), unvalidated until the line runs, undocumented and hard "
        "to override in tests. Pydantic v2 moved settings to `pydantic_settings.BaseSettings`: "
        "one class declares every variable with its type and default, validates them all at "
        "startup, reads `.env` files itself (no `load_dotenv`) and is injected where needed.\n\n"
        "Flagged: `os.environ[...]` reads, `os.environ.get(...)`, `os.getenv(...)`, "
        "`dotenv.load_dotenv(...)` and `dotenv.dotenv_values(...)`, through any import alias "
        "(`from os import environ, getenv`). Not flagged: writes (`os.environ[k] = v`, "
        "`del os.environ[k]`, augmented assignments, and `os.environ.setdefault`, which sets a "
        "default for code that runs later), any other use of `os.environ` itself "
        "(`os.environ.copy()`, `env=os.environ`, `k in os.environ`), code under "
        "`if __name__ == \"__main__\":` and in a function that parses the command line "
        "(`parser.parse_args()`: a script's entry), lookups by a name known only at run time (the key is a "
        "parameter of the function or a loop variable over names not all written in the code: "
        "`def get_setting(name): return os.getenv(name)`, no field could declare it), variables "
        "the operating system or the platform sets (`HOME`, `PATH`, `USER`, `TZ`, `LANG`, "
        "`LC_*`, `XDG_*`, `APPDATA`, `KUBERNETES_SERVICE_HOST`, `ECS_CONTAINER_METADATA_URI`, "
        "`NOMAD_*`, `AWS_LAMBDA_*`, `K_SERVICE`...; also in a loop over a list of them), "
        "and these modules: those that define a `BaseSettings` subclass (of `pydantic_settings` "
        "or pydantic v1, or of such a class defined in the module), those matching the option "
        "`settings_modules` (by default settings, config, `env.py` and `environment.py` "
        "modules), and files that are not application code (tests, examples, scripts, "
        "migrations: Alembic's `env.py` is one)."
    ),
    bad=(
        "import os\n"
        "\n"
        "\n"
        "def database_url() -> str:\n"
        "    return os.environ.get(\"DATABASE_URL\", \"sqlite://\")\n"
    ),
    good=(
        "from pydantic_settings import BaseSettings\n"
        "\n"
        "\n"
        "class Settings(BaseSettings):\n"
        "    database_url: str = \"sqlite://\"\n"
        "\n"
        "\n"
        "def database_url(settings: Settings) -> str:\n"
        "    return settings.database_url\n"
    ),
    checker=Checker.FLAKE8,
    standard=StandardItem.PYDANTIC_V2,
    applies_to=APP_ONLY,
    options=(SETTINGS_MODULES,),
    references=("https://docs.pydantic.dev/latest/concepts/pydantic_settings/",),
)

# -- PX209 optional-without-default ----------------------------------------------------------

OPTIONAL_WITHOUT_DEFAULT = Rule(
    code="PX209",
    name="optional-without-default",
    summary="An Optional field of a Pydantic model has no default, so Pydantic v2 requires it",
    message=(
        "Field '{field}' is Optional without a default, which Pydantic v2 makes required; "
        "add '= None', or '= Field(...)' if required was meant"
    ),
    rationale=(
        "Pydantic v1 gave a field annotated `Optional[T]` an implicit default of `None`. "
        "Pydantic v2 does not: `nickname: Optional[str]` is a *required* field that accepts "
        "`None`, and models migrated from v1 start rejecting input that omits it. Say which "
        "one is meant: `= None` for an optional field, `= Field(...)` (or "
        "`Field(description=...)` with no default) for a required one that may be null.\n\n"
        "Flagged: an annotated field of a pydantic model class, with no value, whose annotation "
        "is `Optional[T]`, `T | None` or `Union[..., None]` (also inside `Annotated[...]` or a "
        "string annotation). Not flagged: any field with a value (`= None`, `= Field(...)`, "
        "`= Field(default=...)`), an `Annotated[...]` whose `Field(...)` has a default, "
        "`ClassVar`s, `model_config` and private `_attributes`. Opt-in: required-and-nullable "
        "is a legitimate v2 design, so select it while migrating (`--extend-select PX209`)."
    ),
    bad=(
        "from typing import Optional\n"
        "\n"
        "from pydantic import BaseModel\n"
        "\n"
        "\n"
        "class User(BaseModel):\n"
        "    name: str\n"
        "    nickname: Optional[str]\n"
    ),
    good=(
        "from typing import Optional\n"
        "\n"
        "from pydantic import BaseModel\n"
        "\n"
        "\n"
        "class User(BaseModel):\n"
        "    name: str\n"
        "    nickname: Optional[str] = None\n"
    ),
    fix=FixInfo(
        safety=FixSafety.SAFE,
        description="adds `= None`, the default Pydantic v1 gave the field (the rule is opt-in: select it to fix it).",
    ),
    checker=Checker.FLAKE8,
    standard=StandardItem.PYDANTIC_V2,
    applies_to=ALL_ROLES,
    default_enabled=False,
    references=(_MIGRATION + "#required-optional-and-nullable-fields",),
)

# -- PX201 v1-validator ----------------------------------------------------------------------

V1_VALIDATOR = Rule(
    code="PX201",
    name="v1-validator",
    summary="A Pydantic v1 @validator or @root_validator decorator",
    message="'@{decorator}' is Pydantic v1 API; use {replacement}{notes}",
    rationale=(
        "`@validator` and `@root_validator` are Pydantic v1's validator decorators. Pydantic v2 "
        "keeps them only as deprecated shims (a warning when the class is defined, removal "
        "announced for v3), and they differ from the v2 decorators in ways that matter: a bare "
        "`@root_validator` is an error in v2, a field validator receives a `ValidationInfo` "
        "instead of `values`, and `each_item`/`always` have no counterpart. Pydantic v2 has `@field_validator` (with "
        "`mode=\"before\"` for what `pre=True` did) and `@model_validator` (`mode=\"before\"` "
        "receives the raw input, `mode=\"after\"` the validated model instance).\n\n"
        "Flagged: `validator`/`root_validator` of `pydantic`, `pydantic.class_validators` and "
        "`pydantic.deprecated.class_validators`, used as a decorator with or without "
        "parentheses or called (`validator(\"x\", allow_reuse=True)(fn)`), through any import "
        "alias (`import pydantic as pd; @pd.validator(...)`, `from pydantic import validator "
        "as v`). The message says `mode=\"before\"` when `pre=True`, and notes that `each_item` "
        "(validate the item type instead, e.g. `list[Annotated[str, AfterValidator(f)]]`) and "
        "`always` (use `Field(validate_default=True)`) have no direct equivalent. Not flagged: "
        "`pydantic.v1.validator` (the v1 compatibility namespace, where v2 decorators do not "
        "work) and functions of your own that happen to be called `validator`."
    ),
    bad=(
        "from pydantic import BaseModel, validator\n"
        "\n"
        "\n"
        "class User(BaseModel):\n"
        "    name: str\n"
        "\n"
        "    @validator(\"name\")\n"
        "    def strip_name(cls, value: str) -> str:\n"
        "        return value.strip()\n"
    ),
    good=(
        "from pydantic import BaseModel, field_validator\n"
        "\n"
        "\n"
        "class User(BaseModel):\n"
        "    name: str\n"
        "\n"
        "    @field_validator(\"name\")\n"
        "    @classmethod\n"
        "    def strip_name(cls, value: str) -> str:\n"
        "        return value.strip()\n"
    ),
    fix=FixInfo(
        safety=FixSafety.SAFE,
        description=(
            "`@validator(...)` becomes `@field_validator(...)` (`pre=True` becomes `mode=\"before\"`, "
            "`allow_reuse` is dropped) and `@root_validator(pre=True)` becomes "
            "`@model_validator(mode=\"before\")`, each followed by `@classmethod`; `always=True` becomes "
            "`validate_default=True` on the validated fields that have a default; the imports follow."
        ),
        unsafe=(
            "an after `@root_validator` becomes `@model_validator(mode=\"before\")` with `@classmethod`: "
            "its body then sees the raw input instead of validated values (v2's after-validators take the "
            "model instance, a rewrite of the body)",
        ),
        not_fixable=(
            "`each_item=True`",
            "`always=True` for a field the class does not declare",
            "validators that take `values`, `field` or `config` (v2 passes a `ValidationInfo`)",
            "a validator called rather than used as a decorator",
        ),
    ),
    checker=Checker.FLAKE8,
    standard=StandardItem.PYDANTIC_V2,
    applies_to=ALL_ROLES,
    references=(_MIGRATION + "#changes-to-validators",),
)

# -- PX202 v1-config-class -------------------------------------------------------------------

V1_CONFIG_CLASS = Rule(
    code="PX202",
    name="v1-config-class",
    summary="A Pydantic model configured with a nested v1 'class Config'",
    message="Nested 'class Config' of '{model}' is Pydantic v1 style; use model_config = {replacement}(...)",
    rationale=(
        "Pydantic v1 read a model's configuration from a nested `class Config:`. Pydantic v2 "
        "reads `model_config`, a `ConfigDict` (a `TypedDict`, so mypy checks the keys and "
        "values), and accepts `class Config` only as a deprecated fallback that warns and "
        "cannot be combined with `model_config`. Settings classes use "
        "`pydantic_settings.SettingsConfigDict`, which adds the settings keys (`env_prefix`, "
        "`env_file`, ...).\n\n"
        "Flagged: a class named `Config` defined directly in the body of a pydantic model class "
        "(a subclass of `BaseModel`, `RootModel`, `BaseSettings`, `GenericModel` or "
        "`SQLModel`, through imports or through a model class defined earlier in the module). "
        "The message suggests `SettingsConfigDict` for `BaseSettings` subclasses. Not flagged: "
        "a `Config` class anywhere else (module level, in a plain class or dataclass), and "
        "models of the `pydantic.v1` compatibility namespace, which only understand "
        "`class Config`. v1 keys inside the class are PX203's."
    ),
    bad=(
        "from pydantic import BaseModel\n"
        "\n"
        "\n"
        "class User(BaseModel):\n"
        "    name: str\n"
        "\n"
        "    class Config:\n"
        "        extra = \"forbid\"\n"
    ),
    good=(
        "from pydantic import BaseModel, ConfigDict\n"
        "\n"
        "\n"
        "class User(BaseModel):\n"
        "    model_config = ConfigDict(extra=\"forbid\")\n"
        "\n"
        "    name: str\n"
    ),
    fix=FixInfo(
        safety=FixSafety.SAFE,
        description=(
            "the nested `class Config:` becomes `model_config = ConfigDict(...)` in its place "
            "(`SettingsConfigDict` for settings), its keys renamed to their v2 names and its comments "
            "kept next to their keys; the import is added once."
        ),
        not_fixable=(
            "a `Config` holding a key removed in v2 (PX203 lists it)",
            "a `Config` with bases, methods or statements other than `key = value`",
        ),
        after=(
            "from pydantic import BaseModel, ConfigDict\n"
            "\n"
            "\n"
            "class User(BaseModel):\n"
            "    name: str\n"
            "\n"
            "    model_config = ConfigDict(extra=\"forbid\")\n"
        ),
    ),
    checker=Checker.FLAKE8,
    standard=StandardItem.PYDANTIC_V2,
    applies_to=ALL_ROLES,
    references=(_MIGRATION + "#changes-to-config",),
)

# -- PX203 v1-config-key ---------------------------------------------------------------------

V1_CONFIG_KEY = Rule(
    code="PX203",
    name="v1-config-key",
    summary="A Pydantic v1 model configuration key or Extra member",
    message="{subject} {change} in Pydantic v2; {advice}",
    rationale=(
        "Pydantic v2 renamed or removed most v1 configuration keys. A renamed key such as "
        "`orm_mode` is accepted with a warning by the deprecated `class Config` path, but in "
        "`ConfigDict(...)` (and in a `model_config = {...}` literal) an unknown key is silently "
        "ignored at runtime: `ConfigDict(orm_mode=True)` leaves `from_attributes` off and "
        "`model_validate(row)` fails on the first ORM object. Removed keys (`fields`, "
        "`getter_dict`, `smart_union`, `json_loads`, ...) do nothing at all.\n\n"
        "Flagged, wherever the key is written (an attribute of a nested `class Config` in a "
        "pydantic model class, a keyword of `pydantic.ConfigDict(...)` or "
        "`pydantic_settings.SettingsConfigDict(...)`, a key of a `model_config = {...}` or "
        "`model_config = dict(...)` in a pydantic model class body): `orm_mode` "
        "(`from_attributes`), `allow_population_by_field_name` (`populate_by_name`), "
        "`schema_extra` (`json_schema_extra`), `anystr_lower`/`anystr_upper`/"
        "`anystr_strip_whitespace` (`str_to_lower`/`str_to_upper`/`str_strip_whitespace`), "
        "`min_anystr_length`/`max_anystr_length` (`str_min_length`/`str_max_length`), "
        "`validate_all` (`validate_default`), `keep_untouched` (`ignored_types`), "
        "`allow_mutation` (`frozen`, inverted), and the removed `error_msg_templates`, "
        "`fields`, `getter_dict`, `smart_union`, `underscore_attrs_are_private`, `json_loads`, "
        "`json_dumps`, `copy_on_model_validation`, `post_init_call`. Also `Extra.allow`, "
        "`Extra.forbid` and `Extra.ignore` of `pydantic`/`pydantic.config` (deprecated: write the "
        "string, `extra=\"forbid\"`). Not flagged: `json_encoders` (still accepted by v2), v2 "
        "keys, other classes' `Config`, and the `pydantic.v1` compatibility namespace."
    ),
    bad=(
        "from pydantic import BaseModel, ConfigDict\n"
        "\n"
        "\n"
        "class UserRead(BaseModel):\n"
        "    model_config = ConfigDict(orm_mode=True)  # type: ignore[typeddict-unknown-key]\n"
        "\n"
        "    id: int\n"
        "    email: str\n"
    ),
    good=(
        "from pydantic import BaseModel, ConfigDict\n"
        "\n"
        "\n"
        "class UserRead(BaseModel):\n"
        "    model_config = ConfigDict(from_attributes=True)\n"
        "\n"
        "    id: int\n"
        "    email: str\n"
    ),
    fix=FixInfo(
        safety=FixSafety.SAFE,
        description=(
            "a renamed key is renamed where it is written (`class Config`, `ConfigDict(...)`, a "
            "`model_config` dict), `allow_mutation=False` becomes `frozen=True`, `Extra.forbid` becomes "
            "`\"forbid\"`."
        ),
        not_fixable=("the keys removed in v2", "`allow_mutation` set to something other than `True`/`False`"),
        before=(
            "from pydantic import BaseModel, ConfigDict\n"
            "\n"
            "\n"
            "class UserRead(BaseModel):\n"
            "    model_config = ConfigDict(orm_mode=True)\n"
            "\n"
            "    id: int\n"
            "    email: str\n"
        ),
    ),
    checker=Checker.FLAKE8,
    standard=StandardItem.PYDANTIC_V2,
    applies_to=ALL_ROLES,
    references=(_MIGRATION + "#changes-to-config", "https://docs.pydantic.dev/latest/api/config/"),
)

# -- PX205 v1-field-argument -----------------------------------------------------------------

V1_FIELD_ARGUMENT = Rule(
    code="PX205",
    name="v1-field-argument",
    summary="pydantic.Field(...) called with a Pydantic v1 argument",
    message="Field argument '{argument}' is Pydantic v1 API; {advice}",
    rationale=(
        "Pydantic v2 renamed or replaced several `Field()` arguments. `regex=` raises an error "
        "at class creation; the others (`min_items`, `max_items`, `unique_items`, `const`, "
        "`allow_mutation`, `example`) are accepted as deprecated extras that warn and, in most "
        "cases, no longer constrain anything: `Field(min_items=1)` on a list lets `[]` through.\n\n"
        "Flagged: a call of `pydantic.Field` (or `pydantic.fields.Field`, through any import "
        "alias) with `regex=` (use `pattern=`), `min_items=`/`max_items=` (use "
        "`min_length=`/`max_length=`), `unique_items=` (annotate a `set[...]`/`frozenset[...]`), "
        "`const=` (annotate `Literal[...]`), `allow_mutation=` (use `frozen=`, inverted) or "
        "`example=` (use `examples=[...]`). One finding per argument. Not flagged: "
        "`sqlmodel.Field`, which still takes `regex=`, `min_items=` and the others, the "
        "`pydantic.v1` namespace, and any other function named `Field`."
    ),
    bad=(
        "from pydantic import BaseModel, Field\n"
        "\n"
        "\n"
        "class User(BaseModel):\n"
        "    # mypy rejects the v1 keyword too (call-overload or call-arg, by pydantic release)\n"
        "    username: str = Field(regex=r\"^[a-z0-9_]+$\")  # type: ignore[call-overload, call-arg]\n"
    ),
    good=(
        "from pydantic import BaseModel, Field\n"
        "\n"
        "\n"
        "class User(BaseModel):\n"
        "    username: str = Field(pattern=r\"^[a-z0-9_]+$\")\n"
    ),
    fix=FixInfo(
        safety=FixSafety.SAFE,
        description=(
            "`regex=`, `min_items=`, `max_items=` become `pattern=`, `min_length=`, `max_length=`; "
            "`allow_mutation=False` becomes `frozen=True`; `example=x` becomes `examples=[x]`."
        ),
        not_fixable=(
            "`unique_items=` and `const=` (the annotation changes)",
            "a call that already has the v2 argument",
        ),
        before=(
            "from pydantic import BaseModel, Field\n"
            "\n"
            "\n"
            "class User(BaseModel):\n"
            "    username: str = Field(regex=r\"^[a-z0-9_]+$\")\n"
        ),
    ),
    checker=Checker.FLAKE8,
    standard=StandardItem.PYDANTIC_V2,
    applies_to=ALL_ROLES,
    references=(_MIGRATION + "#changes-to-pydanticfield",),
)

# -- PX204 v1-model-method -------------------------------------------------------------------

V1_MODEL_METHOD = Rule(
    code="PX204",
    name="v1-model-method",
    summary="A Pydantic v1 model method or attribute is used on a Pydantic v2 model",
    message="'{model}.{member}' is Pydantic v1 API, deprecated in v2; {fix}",
    rationale=(
        "Pydantic v2 keeps the v1 model API (`.dict()`, `.json()`, `.copy()`, `parse_obj`, "
        "`parse_raw`, `parse_file`, `from_orm`, `construct`, `schema`, `schema_json`, `validate`, "
        "`update_forward_refs`, `__fields__`, `__fields_set__`) only as deprecated shims that warn "
        "at runtime, run slower paths and are removed in the next major version. Their v2 names "
        "are `model_dump`, `model_dump_json`, `model_copy`, `model_validate`, "
        "`model_validate_json`, `model_validate(..., from_attributes=True)`, `model_construct`, "
        "`model_json_schema`, `model_rebuild`, `model_fields` and `model_fields_set`; "
        "`parse_file` has no v2 method (read the file and use `model_validate_json`).\n\n"
        "The check is type-aware: it flags these members on any value or class whose type has "
        "`pydantic.BaseModel` in its MRO (SQLModel and settings classes included), however the "
        "model was reached: an alias, a function's return type, `Optional[User]` after "
        "narrowing, `type[User]`, a subclass defined in another module, a generic model. It "
        "never flags other types (`dict.copy()`, `httpx.Response.json()`, `list.copy()`), nor a "
        "model that defines its own member of that name (a `schema` field, a custom `copy` "
        "method): only the members pydantic's `BaseModel` defines. Works with `pydantic.mypy` "
        "listed before or after `mypy_pyexpert` in `plugins =`."
    ),
    bad=(
        "from pydantic import BaseModel\n"
        "\n"
        "\n"
        "class User(BaseModel):\n"
        "    name: str\n"
        "\n"
        "\n"
        "def load(raw: bytes) -> User:\n"
        "    return User.parse_raw(raw)\n"
    ),
    good=(
        "from pydantic import BaseModel\n"
        "\n"
        "\n"
        "class User(BaseModel):\n"
        "    name: str\n"
        "\n"
        "\n"
        "def load(raw: bytes) -> User:\n"
        "    return User.model_validate_json(raw)\n"
    ),
    fix=FixInfo(
        safety=FixSafety.SAFE,
        description=(
            "type-aware: mypy reports each v1 member read from a Pydantic model with its position, and "
            "`pyexpert fix` renames exactly those (`dict`, `json`, `copy`, `parse_obj`, `parse_raw`, "
            "`construct`, `schema`, `validate`, `update_forward_refs`, `__fields__`, `__fields_set__` to "
            "their `model_*` names; `from_orm(x)` to `model_validate(x, from_attributes=True)`). A "
            "`.dict()` on anything that is not a Pydantic model is never touched."
        ),
        unsafe=("`schema_json()` becomes `json.dumps(model_json_schema())` (v1 encoded with pydantic's encoder)",),
        not_fixable=(
            "`parse_file`",
            "arguments with no v2 equivalent (`json(encoder=..., models_as_dict=...)`, `copy(include=..., "
            "exclude=...)`, `parse_raw(content_type=...)`, `update_forward_refs(**localns)`)",
        ),
    ),
    checker=Checker.MYPY,
    standard=StandardItem.PYDANTIC_V2,
    applies_to=ALL_ROLES,
    references=(_MIGRATION + "#changes-to-pydanticbasemodel",),
    overlaps=(
        Overlap(
            tool="mypy",
            code="deprecated",
            resolution=Resolution.PRESET_EXCLUDES,
            reason=(
                "mypy's `deprecated` reports Pydantic's v1 members too, where pydantic marks them "
                "`@deprecated`. PX204 stays for them: it names the v2 replacement, applies the "
                "Pydantic compatibility branches, and finds the calls mypy's own check loses (in "
                "an argument or a return that mypy infers twice). `pyexpert preset mypy` excludes "
                "these members from `deprecated` with `deprecated_calls_exclude`, so every other "
                "deprecated API is still reported, and each v1 call once."
            ),
            excluded=(
                *(f"pydantic.main.BaseModel.{member}" for member in V1_MODEL_MEMBERS),
                *(f"sqlmodel.main.SQLModel.{member}" for member in SQLMODEL_V1_MEMBERS),
            ),
        ),
    ),
)

# -- PX206 v1-api ----------------------------------------------------------------------------

V1_API = Rule(
    code="PX206",
    name="v1-api",
    summary="Pydantic v1-only API: BaseSettings, GenericModel, parse_obj_as, con* annotations, __root__",
    message="{api} is Pydantic v1 API; use {replacement}",
    rationale=(
        "These parts of Pydantic v1 are gone from v2, or kept only as deprecated shims that "
        "warn and will be removed: `pydantic.BaseSettings` moved to the `pydantic-settings` "
        "package (importing it from `pydantic` raises); `pydantic.generics.GenericModel` is "
        "replaced by subclassing `BaseModel` and `Generic[T]`; `parse_obj_as`, `parse_raw_as`, "
        "`schema_of` and `schema_json_of` by `TypeAdapter(T).validate_python/validate_json/"
        "json_schema`; `pydantic.json.pydantic_encoder` by `pydantic_core.to_jsonable_python`; "
        "a `__root__` field by `RootModel[T]`; the custom-type hooks `__get_validators__` and "
        "`__modify_schema__` by `__get_pydantic_core_schema__` and "
        "`__get_pydantic_json_schema__`. `constr(...)`, `conint(...)` and the other `con*` "
        "functions still exist, but as annotations they are calls in a type position that "
        "mypy rejects (`Invalid type comment or annotation`); "
        "`Annotated[str, StringConstraints(...)]` / `Annotated[int, Field(ge=0)]` say the same "
        "and type-check.\n\n"
        "Reported once per occurrence: a `from ... import` of one of these names at the "
        "imported name (its later uses are not reported again), an attribute access such as "
        "`pydantic.BaseSettings` or `pd.parse_obj_as(...)` at the access, a `con*` call "
        "anywhere inside an annotation (variable, field, parameter or return), a `__root__` "
        "field in a pydantic model class, and a `__get_validators__`/`__modify_schema__` method "
        "in any class. Not flagged: `con*` calls outside annotations (e.g. a type alias "
        "`Username = constr(max_length=32)`), the `pydantic.v1` compatibility namespace, "
        "`pydantic_settings.BaseSettings`, and names of your own."
    ),
    bad=(
        "from pydantic import BaseModel, parse_obj_as\n"
        "\n"
        "\n"
        "class User(BaseModel):\n"
        "    name: str\n"
        "\n"
        "\n"
        "def load_users(rows: list[dict[str, str]]) -> list[User]:\n"
        "    return parse_obj_as(list[User], rows)\n"
    ),
    good=(
        "from pydantic import BaseModel, TypeAdapter\n"
        "\n"
        "\n"
        "class User(BaseModel):\n"
        "    name: str\n"
        "\n"
        "\n"
        "USERS = TypeAdapter(list[User])\n"
        "\n"
        "\n"
        "def load_users(rows: list[dict[str, str]]) -> list[User]:\n"
        "    return USERS.validate_python(rows)\n"
    ),
    fix=FixInfo(
        safety=FixSafety.SAFE,
        description=(
            "`BaseSettings` is imported from `pydantic_settings`; `GenericModel` becomes `BaseModel` in "
            "the base lists; every `parse_obj_as(T, x)` / `parse_raw_as(T, x)` becomes "
            "`TypeAdapter(T).validate_python(x)` / `.validate_json(x)`; a `constr(...)`/`conint(...)`/"
            "`conlist(T, ...)`... annotation becomes `Annotated[str, StringConstraints(...)]`/"
            "`Annotated[int, Field(...)]`/`Annotated[list[T], Field(...)]`, v1 keywords renamed."
        ),
        not_fixable=(
            "`__root__` fields, the custom-type hooks, `schema_of`, `schema_json_of`, `pydantic_encoder`",
            "`con*` keywords with no v2 constraint (`curtail_length`, `unique_items`)",
            "a name used other than as a two-argument call (`parse_obj_as`) or a base (`GenericModel`)",
        ),
        after=(
            "from pydantic import BaseModel, TypeAdapter\n"
            "\n"
            "\n"
            "class User(BaseModel):\n"
            "    name: str\n"
            "\n"
            "\n"
            "def load_users(rows: list[dict[str, str]]) -> list[User]:\n"
            "    return TypeAdapter(list[User]).validate_python(rows)\n"
        ),
    ),
    checker=Checker.FLAKE8,
    standard=StandardItem.PYDANTIC_V2,
    applies_to=ALL_ROLES,
    references=(
        _MIGRATION + "#basesettings-has-moved-to-pydantic-settings",
        _MIGRATION + "#generic-models",
        _MIGRATION + "#changes-to-pydanticparse_obj_as",
        _MIGRATION + "#defining-custom-types",
        "https://docs.pydantic.dev/latest/concepts/models/#rootmodel-and-custom-root-types",
    ),
)

"""PX6 - Classes, ABCs and mixins."""

from __future__ import annotations

from pyexpert_core.catalog import Checker, Rule, RuleOption, StandardItem
from pyexpert_core.roles import ALL_ROLES, APP_ONLY

__all__ = ["Checker", "Rule", "RuleOption", "StandardItem"]

# -- shared by PX601-PX603 (flake8) and PX605 (mypy) ---------------------------------------

MIXIN_PATTERN = RuleOption(
    name="mixin_pattern",
    type="regex",
    default=r"Mixin$",
    description=(
        "A class whose name matches this regular expression (searched) is a mixin. "
        "flake8: `--pyexpert-mixin-pattern` or `pyexpert-mixin-pattern =` in the `[flake8]` "
        "section; mypy: `mixin_pattern =` in the `[pyexpert-mypy]` section. A pattern that "
        "matches an empty name (every class would be a mixin) is an error in both."
    ),
)

# -- PX601 mixin-after-base ------------------------------------------------------------------

_MRO = "https://docs.python.org/3/howto/mro.html"
_SUPER = "https://rhettinger.wordpress.com/2011/05/26/super-considered-super/"

MIXIN_AFTER_BASE = Rule(
    code="PX601",
    name="mixin-after-base",
    summary="A mixin base is listed after a non-mixin base, whose methods shadow the mixin's",
    message=(
        "Mixin '{mixin}' is listed after base '{base}' in class '{cls}', so '{base}' shadows its "
        "methods; list the mixin before '{base}'"
    ),
    rationale=(
        "Python looks an attribute up along the class's MRO, which follows the bases in the order "
        "they are listed. A mixin listed after a concrete base loses to that base (and to its "
        "ancestors) for every method and attribute both define: a mixin `save()` that stamps "
        "`updated_at` and then calls `super().save()` never runs, and nothing says so. The "
        "convention Django, Django REST framework and SQLAlchemy document is mixins first, then "
        "the one concrete base: `class User(TimestampMixin, BaseEntity)`.\n\n"
        "A mixin is a class whose name matches the option `mixin_pattern` (a regular expression "
        "searched in the name, case-sensitive; default `Mixin$`, so `(?i)mixin$` also catches "
        "`socketserver`'s `ThreadingMixIn`). A base's name is its own name: the last component "
        "of `pkg.TimestampMixin`, the imported name behind an alias (`from app.mixins import "
        "TimestampMixin as Stamped` is a mixin), `Repository[User]` without its subscript.\n\n"
        "Flagged: each mixin base listed after a non-mixin base, reported at the mixin and naming "
        "the first non-mixin base before it. `typing.Generic[...]`, `typing.Protocol` "
        "(`Protocol[...]`, and the `typing_extensions` forms), `abc.ABC` and `object` do not "
        "count as non-mixin bases; they are recognised through imports (`import typing as t; "
        "t.Generic[T]`), so a class of your own named `ABC` is a real base. Not flagged: keyword "
        "arguments of the class statement (`metaclass=`, `table=True`), and starred bases or "
        "calls (`*bases`, `with_metaclass(...)`), whose classes are unknown: they are neither "
        "mixins nor bases for this rule; and a mixin that an earlier base (a class of the same "
        "module) already inherits (`class AskFileSpec(FileSpec, JsonMixin)` with `class "
        "FileSpec(JsonMixin)`): listing it first would be an MRO error.\n\n"
        "This rule reads names only; PX605 `shadowed-mixin-method` (mypy) is its type-aware "
        "form, which reports a mixin method only when an earlier class in the real MRO defines "
        "it too, across modules. A class named like a mixin but meant as a fallback that the "
        "base overrides is a base: rename it, or suppress with `# noqa: PX601`."
    ),
    bad=(
        "from datetime import UTC, datetime\n"
        "\n"
        "\n"
        "class BaseEntity:\n"
        "    def save(self) -> None:\n"
        "        print(\"saved\", self)\n"
        "\n"
        "\n"
        "class TimestampMixin:\n"
        "    def touch(self) -> datetime:\n"
        "        return datetime.now(UTC)\n"
        "\n"
        "\n"
        "class Persistable:\n"
        "    def persist(self) -> None:\n"
        "        print(\"persisted\", self)\n"
        "\n"
        "\n"
        "class User(BaseEntity, TimestampMixin, Persistable):\n"
        "    name: str = \"\"\n"
    ),
    good=(
        "from datetime import UTC, datetime\n"
        "\n"
        "\n"
        "class BaseEntity:\n"
        "    def save(self) -> None:\n"
        "        print(\"saved\", self)\n"
        "\n"
        "\n"
        "class TimestampMixin:\n"
        "    def touch(self) -> datetime:\n"
        "        return datetime.now(UTC)\n"
        "\n"
        "\n"
        "class Persistable:\n"
        "    def persist(self) -> None:\n"
        "        print(\"persisted\", self)\n"
        "\n"
        "\n"
        "class User(TimestampMixin, BaseEntity, Persistable):\n"
        "    name: str = \"\"\n"
    ),
    checker=Checker.FLAKE8,
    standard=StandardItem.CLASSES,
    applies_to=APP_ONLY,
    options=(MIXIN_PATTERN,),
    references=(
        "https://docs.python.org/3/tutorial/classes.html#multiple-inheritance",
        _MRO,
        "https://docs.djangoproject.com/en/stable/topics/class-based-views/mixins/",
    ),
)

# -- PX602 mixin-init-not-cooperative --------------------------------------------------------

MIXIN_INIT_NOT_COOPERATIVE = Rule(
    code="PX602",
    name="mixin-init-not-cooperative",
    summary="A mixin's __init__ does not call super().__init__ and forward *args, **kwargs",
    message=(
        "Mixin '{mixin}' __init__ {problem}; accept *args, **kwargs and call "
        "super().__init__(*args, **kwargs)"
    ),
    rationale=(
        "A mixin cannot know which class follows it in the MRO of the classes that use it: in "
        "`class Service(AuditMixin, BaseService)`, `super()` inside `AuditMixin` is "
        "`BaseService`. An `__init__` that does not call `super().__init__` ends the chain "
        "there: `BaseService.__init__` (and the `__init__` of any other mixin) never runs and "
        "its attributes are missing, an `AttributeError` far from the cause. One that calls "
        "`super().__init__()` without passing its arguments on breaks as soon as the next class "
        "needs one. The cooperative form accepts `*args, **kwargs`, takes out the keyword "
        "arguments it owns, and passes the rest on: `def __init__(self, *args, audit_log: "
        "AuditLog | None = None, **kwargs): super().__init__(*args, **kwargs)`.\n\n"
        "Flagged, once per `__init__` (the first problem found): the `__init__` defined in the "
        "body of a mixin (option `mixin_pattern`, as in PX601) that never calls "
        "`super().__init__(...)` (`super(Cls, self).__init__(...)` counts; `Base.__init__(self)` "
        "bypasses the MRO and does not, nor does a call inside a nested function); that does "
        "not accept both `*args` and `**kwargs` (any names; a `**kwargs`-only signature is "
        "flagged too, because the mixin cannot know that the next class takes no positional "
        "argument); or whose `super().__init__` call does not pass both on (`*args` and "
        "`**kwargs` in the call; extra arguments and keywords may be added).\n\n"
        "Not flagged: a mixin without an `__init__` (a dataclass-generated one included), "
        "keyword-only parameters between `*args` and `**kwargs` (the mixin's own options: the "
        "recommended way to configure a mixin), positional parameters before `*args` (accepted, "
        "though fragile: prefer keyword-only), `@overload` signatures, stub bodies (only `...` "
        "and a docstring, as in `.pyi` files and Protocol members), and the `__init__` of a "
        "class that is not a mixin: PX604 `broken-init-chain` (mypy) checks the init chain of "
        "the classes that combine them."
    ),
    bad=(
        "class AuditMixin:\n"
        "    def __init__(self) -> None:\n"
        "        self.changes: list[str] = []\n"
        "\n"
        "    def record(self, change: str) -> None:\n"
        "        self.changes.append(change)\n"
    ),
    good=(
        "from typing import Any\n"
        "\n"
        "\n"
        "class AuditMixin:\n"
        "    def __init__(self, *args: Any, **kwargs: Any) -> None:\n"
        "        super().__init__(*args, **kwargs)\n"
        "        self.changes: list[str] = []\n"
        "\n"
        "    def record(self, change: str) -> None:\n"
        "        self.changes.append(change)\n"
    ),
    checker=Checker.FLAKE8,
    standard=StandardItem.CLASSES,
    applies_to=APP_ONLY,
    options=(MIXIN_PATTERN,),
    references=(_SUPER, "https://docs.python.org/3/library/functions.html#super"),
)

# -- PX603 mixin-concrete-base ---------------------------------------------------------------

MIXIN_CONCRETE_BASE = Rule(
    code="PX603",
    name="mixin-concrete-base",
    summary="A mixin inherits from a concrete class",
    message="Mixin '{mixin}' inherits from concrete class '{base}'; {advice}",
    rationale=(
        "A mixin adds methods to the classes that list it next to their one concrete base. A "
        "mixin that inherits a concrete class brings that class into every class that uses it, "
        "and C3 linearization places it right after the mixin: with `class "
        "CachedMixin(Model)`, `class Report(CachedMixin, Document)` resolves `Model`'s methods "
        "before `Document`'s, and `class Article(Model, CachedMixin)` fails at import with "
        "`TypeError: Cannot create a consistent method resolution order`. It is a base class "
        "under a name that tells readers (and PX601) it can go anywhere in a bases list.\n\n"
        "Flagged: each base of a mixin (option `mixin_pattern`, as in PX601) other than "
        "`object`, another mixin, `typing.Protocol` (`Protocol[...]`), `abc.ABC` and "
        "`typing.Generic[...]` (the `typing_extensions` forms too, recognised through imports), "
        "reported at the base.\n\n"
        "Pydantic and SQLModel: `class TimestampMixin(SQLModel)` holding shared columns is a "
        "common idiom, and it is flagged like any other concrete base, because it is one: it is "
        "what makes the classes that list it models, so it is their base, not an add-on that "
        "can go anywhere in a bases list. A class that contributes model "
        "fields is a base model: name it as one (`TimestampBase`, `TimestampedModel`) and list "
        "it among the bases of the models that use it (`class User(TimestampBase, UserBase, "
        "table=True)`); keep it a model so that `pydantic.mypy` sees its fields. A class that "
        "adds only methods can be a plain mixin with no base. The message says which applies.\n\n"
        "Not flagged: mixins with no bases, keyword arguments (`metaclass=ABCMeta`), starred "
        "bases and calls (unknown), and classes that are not mixins."
    ),
    bad=(
        "from datetime import UTC, datetime\n"
        "\n"
        "from pydantic import BaseModel, Field\n"
        "\n"
        "\n"
        "def utcnow() -> datetime:\n"
        "    return datetime.now(UTC)\n"
        "\n"
        "\n"
        "class TimestampMixin(BaseModel):\n"
        "    created_at: datetime = Field(default_factory=utcnow)\n"
        "\n"
        "\n"
        "class Article(TimestampMixin):\n"
        "    title: str\n"
    ),
    good=(
        "from datetime import UTC, datetime\n"
        "\n"
        "from pydantic import BaseModel, Field\n"
        "\n"
        "\n"
        "def utcnow() -> datetime:\n"
        "    return datetime.now(UTC)\n"
        "\n"
        "\n"
        "class TimestampBase(BaseModel):\n"
        "    created_at: datetime = Field(default_factory=utcnow)\n"
        "\n"
        "\n"
        "class Article(TimestampBase):\n"
        "    title: str\n"
    ),
    checker=Checker.FLAKE8,
    standard=StandardItem.CLASSES,
    applies_to=APP_ONLY,
    options=(MIXIN_PATTERN,),
    references=(
        _MRO,
        "https://docs.sqlalchemy.org/en/20/orm/declarative_mixins.html",
        "https://sqlmodel.tiangolo.com/tutorial/fastapi/multiple-models/",
    ),
)

# -- PX604 broken-init-chain, PX605 shadowed-mixin-method (mypy) ----------------------------

BROKEN_INIT_CHAIN = Rule(
    code="PX604",
    name="broken-init-chain",
    summary="An __init__ in a multiple-inheritance MRO does not call super().__init__, so later ones never run",
    message=(
        "In '{name}', {breaker}.__init__ does not call super().__init__() and so skips {skipped}; "
        "call super().__init__(...) in {breaker}.__init__"
    ),
    rationale=(
        "With multiple inheritance, `super().__init__()` does not mean \"my base class\": it "
        "means the next class in the instance's method resolution order, which may be a class "
        "the author never heard of. One `__init__` in the chain that does not call it stops the "
        "chain, and every `__init__` after it silently never runs: the attributes it sets are "
        "missing, and the failure is an `AttributeError` far from the cause.\n\n"
        "Flagged, at a class with two or more bases: a class in its MRO (the class itself "
        "included) whose `__init__` calls neither `super().__init__` nor any other "
        "`X.__init__(...)`, when a LATER class in the MRO (before `object`) defines an "
        "`__init__` that is therefore skipped. If nothing after it defines `__init__`, nothing "
        "is lost and nothing is reported. The MRO is mypy's, across modules; what each "
        "`__init__` does is recorded when its own module is analysed.\n\n"
        "Not flagged: `__init__`s whose bodies mypy does not read (stubs and builtins, "
        "installed packages such as pydantic's `BaseModel`, `ignore_errors` modules: mypy "
        "strips those bodies), `__init__`s generated by dataclasses, attrs, NamedTuple or "
        "pydantic's plugin (generated, not written), declaration-only bodies (`...`, a "
        "docstring, `raise NotImplementedError`), chains where an earlier `__init__` calls "
        "`Base.__init__(self)` by hand (the calls no longer follow the MRO), Protocol classes, "
        "an arrangement that one of the class's bases already has (it is reported at that "
        "base), and a breaking `__init__` of a mixin (a class whose name matches "
        "`mixin_pattern`): PX602 `mixin-init-not-cooperative` (flake8) reports it at the mixin, "
        "once."
    ),
    bad=(
        "class Connection:\n"
        "    def __init__(self) -> None:\n"
        "        self.open = True\n"
        "\n"
        "\n"
        "class Audited:\n"
        "    def __init__(self) -> None:\n"
        "        super().__init__()\n"
        "        self.trail: list[str] = []\n"
        "\n"
        "\n"
        "class Service(Connection, Audited):\n"
        "    def run(self) -> None:\n"
        "        self.trail.append('run')\n"
    ),
    good=(
        "class Connection:\n"
        "    def __init__(self) -> None:\n"
        "        super().__init__()\n"
        "        self.open = True\n"
        "\n"
        "\n"
        "class Audited:\n"
        "    def __init__(self) -> None:\n"
        "        super().__init__()\n"
        "        self.trail: list[str] = []\n"
        "\n"
        "\n"
        "class Service(Connection, Audited):\n"
        "    def run(self) -> None:\n"
        "        self.trail.append('run')\n"
    ),
    checker=Checker.MYPY,
    standard=StandardItem.CLASSES,
    applies_to=ALL_ROLES,
    references=(_SUPER, _MRO),
)

SHADOWED_MIXIN_METHOD = Rule(
    code="PX605",
    name="shadowed-mixin-method",
    summary="A mixin method is shadowed by an earlier class in the MRO and never runs",
    message=(
        "In '{name}', {mixin}.{method} never runs: {shadow}.{method} comes first in the MRO "
        "and does not call super().{method}(); list {mixin} before it or call super() there"
    ),
    rationale=(
        "A mixin adds behaviour by being in the MRO *before* the classes it extends. When an "
        "earlier class in the MRO defines the same method and does not call "
        "`super().<method>()`, the mixin's version is dead code in that class: the feature the "
        "mixin was added for (an audit trail, a timestamp, a cache invalidation) silently does "
        "not happen. This is the type-aware, cross-module form of PX601: the earlier class may "
        "be a base's base in another module.\n\n"
        "Flagged, once at the class whose bases create the arrangement: a method of a mixin "
        "(a class whose name matches `mixin_pattern`) that a class before the mixin in the MRO "
        "also defines without calling `super().<method>` (or `X.<method>(self, ...)`). The "
        "class being defined is not counted as the shadowing class (overriding a mixin method "
        "in the final class is normal); if it overrides the method without calling super(), "
        "nothing is reported either (it replaces both on purpose). Subclasses that merely "
        "inherit an arrangement are not reported again. A mixin that the class statement lists "
        "after a non-mixin base is PX601's finding (flake8), at the same bases list: PX605 "
        "reports only the shadowing that PX601 cannot see: indirect (through a base's bases), "
        "across modules, or behind a mixin the bases list does not name as one.\n\n"
        "Not flagged: `__init__` (PX604's), name-mangled `__private` methods, methods "
        "generated by plugins, mixin methods that are declarations meant to be overridden "
        "(a body of `...`, a docstring or `raise NotImplementedError`, `@abstractmethod`), "
        "and shadowing classes whose bodies mypy does not read (stubs "
        "and builtins such as `dict`, installed packages such as pydantic's `BaseModel`, "
        "`ignore_errors` modules)."
    ),
    bad=(
        "class TimestampMixin:\n"
        "    def touch(self) -> None:\n"
        "        print('updated_at = now')\n"
        "\n"
        "\n"
        "class Entity(TimestampMixin):\n"
        "    pass\n"
        "\n"
        "\n"
        "class Record:\n"
        "    def touch(self) -> None:\n"
        "        print('dirty = True')\n"
        "\n"
        "\n"
        "class User(Record, Entity):\n"
        "    pass\n"
    ),
    good=(
        "class TimestampMixin:\n"
        "    def touch(self) -> None:\n"
        "        print('updated_at = now')\n"
        "\n"
        "\n"
        "class Entity(TimestampMixin):\n"
        "    pass\n"
        "\n"
        "\n"
        "class Record:\n"
        "    def touch(self) -> None:\n"
        "        print('dirty = True')\n"
        "\n"
        "\n"
        "class User(Entity, Record):\n"
        "    pass\n"
    ),
    checker=Checker.MYPY,
    standard=StandardItem.CLASSES,
    applies_to=ALL_ROLES,
    options=(MIXIN_PATTERN,),
    references=(_MRO, _SUPER),
)

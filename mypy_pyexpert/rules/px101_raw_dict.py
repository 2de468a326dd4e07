"""PX101 raw-dict-param, PX102 raw-dict-return, PX103 raw-dict-field, PX107 raw-dict-alias.

mypy has no per-definition hook, so the rules ride on ``get_type_analyze_hook`` (see
docs/architecture.md, "The router"): mypy calls it with the fullname of every name it analyses in a
type, so the plugin claims the dict-like classes (``builtins.dict``, ``typing.Mapping``...), the
``typing`` aliases of them (``typing.Dict``...) and every type alias whose target may hide a raw
dict (mypy calls the hook with the alias's own fullname, never with ``builtins.dict``).

The callback lets mypy do the whole analysis: it sets a one-shot bypass flag and calls
``analyze_type`` on the same unbound type; mypy looks the name up again, :meth:`_decide` sees the
flag, clears it and declines, so mypy's own analysis (and its own errors) run unchanged. The
analysed type is returned untouched: the rule never changes inference.

Then it decides where the annotation is, from the semantic analyser's current statement: a
``FuncDef`` whose parameter or return annotation holds the unbound type *by identity* is a
signature; an annotated assignment in a class body whose annotation holds it is a field; an
assignment (or ``type X = ...``) whose right-hand side, read as a type, holds it at the same
position is a type alias definition (PX107). Only the outermost hooked name of an annotation
reports (``dict[str, JSON]`` analyses the alias inside), and each parameter, return, field and
alias reports at most once.

*Opaque aliases* (one mistake, one report; a library's shapes are its own): a raw dict reached
only through a type alias defined outside the checked code (``starlette.types.Scope``,
``structlog.typing.EventDict``) is the library's contract and is reported nowhere; a
non-generic alias of the checked code whose target is record-like is reported once, at the
alias (PX107), and its uses are not (:meth:`RawDictAnalyzer.is_opaque`). Such aliases are not
even hooked where they are used.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

from mypy.exprtotype import TypeTranslationError, expr_to_unanalyzed_type
from mypy.messages import format_type_bare
from mypy.nodes import (
    AssignmentStmt,
    ClassDef,
    Context,
    Decorator,
    Expression,
    FuncDef,
    IndexExpr,
    MemberExpr,
    NameExpr,
    OpExpr,
    OverloadedFuncDef,
    Statement,
    StrExpr,
    TypeAlias,
    TypeAliasStmt,
    TypeInfo,
)
from mypy.plugin import AnalyzeTypeContext, Plugin
from mypy.semanal import SemanticAnalyzer
from mypy.semanal_shared import has_placeholder
from mypy.typeanal import TypeAnalyser
from mypy.types import (
    CallableArgument,
    CallableType,
    ProperType,
    Type,
    TypeList,
    UnboundType,
    UnionType,
    get_proper_type,
)

from mypy_pyexpert.config import Settings
from mypy_pyexpert.files import is_checked_module, is_checked_path
from mypy_pyexpert.mypy_api import alias_module
from mypy_pyexpert.syntax import position_of
from mypy_pyexpert.reporting import report_in_semanal, semanal_applies
from mypy_pyexpert.safety import analysis_guard
from mypy_pyexpert.raw_dict_exemptions import (
    base_field_has_record_like,
    base_signature_has_record_like,
    has_fields,
    is_later_variant,
    library_callback,
    overrides_library_method,
    pydantic_hook,
    route_exemption,
    validated_at_once,
)
from mypy_pyexpert.types import DICT_LIKE_FULLNAMES, find_record_like
from pyexpert_core.ruleinfo import RuleInfo
from pyexpert_core.metadata import RAW_DICT_ALIAS, RAW_DICT_FIELD, RAW_DICT_PARAM, RAW_DICT_RETURN
from pyexpert_core.serializers import is_serializer_name

__all__ = ["RawDictAnalyzer"]

_RULES: Final = ", ".join(rule.code for rule in (RAW_DICT_PARAM, RAW_DICT_RETURN, RAW_DICT_FIELD, RAW_DICT_ALIAS))

#: ``typing`` spellings that mypy resolves to ``TypeAlias`` nodes of the dict-like classes. They
#: are direct spellings of a dict, never reported "via alias".
#: Modules that define no alias of a record-like dict (their dict aliases are listed above), so a
#: name from them needs no symbol lookup: most names mypy analyses come from these.
_NO_USER_ALIASES: Final = (
    "builtins.",
    "typing.",
    "typing_extensions.",
    "collections.",
    "_collections_abc.",
    "types.",
    "_typeshed.",
)

TYPING_DICT_ALIASES: Final = frozenset(
    {
        "typing.Dict",
        "typing.DefaultDict",
        "typing.OrderedDict",
        "typing.ChainMap",
        "typing_extensions.Dict",
        "typing_extensions.DefaultDict",
        "typing_extensions.OrderedDict",
        "typing_extensions.ChainMap",
    }
)
#: The names a raw dict is spelled with (checked first: mypy asks about every name it analyses).
_DICT_NAMES: Final = DICT_LIKE_FULLNAMES | TYPING_DICT_ALIASES

_CLASSVAR: Final = frozenset({"typing.ClassVar", "typing_extensions.ClassVar"})
_TYPE_ALIAS: Final = frozenset({"typing.TypeAlias", "typing_extensions.TypeAlias"})
#: Right-hand sides that can be a type alias's target (a call is never one: ``cast``, ``TypeVar``).
_ALIAS_VALUES: Final = (IndexExpr, NameExpr, MemberExpr, OpExpr, StrExpr)

# Annotation constructors a raw dict shows through (Optional/Union members,
# list/Sequence/Iterable/tuple/set elements, Awaitable/Coroutine/AsyncIterator/Iterator results).
# Fullnames as mypy's lookup gives them (``typing.List`` is a TypeAlias node of that name).
_ANY_ARG_WRAPPERS: Final = frozenset(
    {
        "typing.Optional",
        "typing.Union",
        "typing_extensions.Optional",
        "typing_extensions.Union",
        "builtins.tuple",
        "typing.Tuple",
    }
)
_FIRST_ARG_WRAPPERS: Final = frozenset(
    {
        "typing.Annotated",
        "typing_extensions.Annotated",
        "builtins.list",
        "typing.List",
        "builtins.set",
        "typing.Set",
        "builtins.frozenset",
        "typing.FrozenSet",
        "typing.Sequence",
        "typing.MutableSequence",
        "typing.Iterable",
        "typing.Collection",
        "typing.AbstractSet",
        "typing.MutableSet",
        "typing.Iterator",
        "typing.AsyncIterator",
        "typing.AsyncIterable",
        "typing.Awaitable",
        "typing.Generator",
        "typing.AsyncGenerator",
        "collections.deque",
        "typing.Deque",
    }
)
_LAST_ARG_WRAPPERS: Final = frozenset({"typing.Coroutine"})

_Role = tuple[str, str]  # ("param", name) | ("return", "") | ("field", name) | ("alias", name)


def _children(t: Type) -> Sequence[Type]:
    """Sub-types of an *unanalysed* annotation, where a nested unbound type can sit."""
    proper = get_proper_type(t)
    if isinstance(proper, UnboundType):
        return proper.args
    if isinstance(proper, (UnionType, TypeList)):
        return proper.items
    if isinstance(proper, CallableArgument):
        return (proper.typ,)
    return ()


_Path = list[tuple[ProperType, int]]  # ancestors of a node, each with the index of the child taken


def _path_to(root: Type | None, target: UnboundType) -> _Path | None:
    """The ancestors of ``target`` (by identity) in the unanalysed annotation ``root``, or None."""
    if root is None:
        return None
    stack: list[tuple[Type, _Path]] = [(root, [])]
    while stack:
        node, path = stack.pop()
        if node is target:
            return path
        proper = get_proper_type(node)
        for index, child in enumerate(_children(node)):
            stack.append((child, [*path, (proper, index)]))
    return None


def _is_transparent(sem: SemanticAnalyzer, path: _Path, context: Context) -> bool:
    """Whether every ancestor on ``path`` lets a raw dict through to the declared type.

    Unions (``X | Y``, ``Optional``, ``Union``), ``Annotated`` (its type), collections of
    elements and awaitable/iterator results are transparent; anything else (``Callable[...,
    dict[str, Any]]``, ``type[...]``, a user generic) hides the dict behind another shape.
    """
    for ancestor, index in path:
        if isinstance(ancestor, UnionType):
            continue
        if not isinstance(ancestor, UnboundType):
            return False
        symbol = sem.lookup_qualified(ancestor.name, context, suppress_errors=True)
        node = symbol.node if symbol is not None else None
        fullname = node.fullname if node is not None else ""
        if fullname in _ANY_ARG_WRAPPERS:
            continue
        if fullname in _FIRST_ARG_WRAPPERS and index == 0:
            continue
        if fullname in _LAST_ARG_WRAPPERS and index == len(ancestor.args) - 1:
            continue
        return False
    return True


def _alias_may_hide_dict(alias: TypeAlias) -> bool:
    """Cheap filter: can a use of this alias resolve to something reportable?"""
    if alias.alias_tvars:
        return True  # generic: decided once its arguments are applied
    target = alias.target
    return has_placeholder(target) or find_record_like(target) is not None


def _overload_group(sem: SemanticAnalyzer, defn: FuncDef) -> object:
    """The ``OverloadedFuncDef`` that ``defn`` is an item or the implementation of, else ``defn``.

    The items of an overload and its implementation are analysed one after another: they are
    one function, reported once (at the first definition that has the raw dict).
    """
    symbol = sem.lookup_current_scope(defn.name)
    node = symbol.node if symbol is not None else None
    if isinstance(node, OverloadedFuncDef):
        parts = [*node.items, *([node.impl] if node.impl is not None else [])]
        for part in parts:
            if part is defn or (isinstance(part, Decorator) and part.func is defn):
                return node
    return defn


def _find_unbound(root: Type, target: UnboundType) -> _Path | None:
    """The path to the unbound type in ``root`` at ``target``'s position and with its name."""
    stack: list[tuple[Type, _Path]] = [(root, [])]
    while stack:
        node, path = stack.pop()
        proper = get_proper_type(node)
        if (
            isinstance(proper, UnboundType)
            and proper.name == target.name
            and (proper.line, proper.column) == (target.line, target.column)
        ):
            return path
        for index, child in enumerate(_children(node)):
            stack.append((child, [*path, (proper, index)]))
    return None


def _annotated_uses(defs: list[Statement], name: str) -> int:
    """How many parameters, returns and class-body fields of these statements mention ``name``
    in their (unanalysed) annotations: the uses of an alias in its own module."""

    def mentions(t: Type | None) -> bool:
        todo: list[Type] = [t] if t is not None else []
        while todo:
            node = todo.pop()
            proper = get_proper_type(node)
            if isinstance(proper, UnboundType) and proper.name.rpartition(".")[2] == name:
                return True
            todo.extend(_children(node))
        return False

    count = 0
    stack: list[tuple[Statement, bool]] = [(stmt, False) for stmt in defs]
    while stack:
        stmt, in_class = stack.pop()
        if isinstance(stmt, Decorator):
            stmt = stmt.func
        if isinstance(stmt, OverloadedFuncDef):
            stack.extend((item, in_class) for item in stmt.items)
            continue
        if isinstance(stmt, FuncDef):
            signature = stmt.unanalyzed_type
            if isinstance(signature, CallableType):
                count += sum(mentions(arg) for arg in signature.arg_types) + mentions(signature.ret_type)
            stack.extend((inner, False) for inner in stmt.body.body)
        elif isinstance(stmt, ClassDef):
            stack.extend((inner, True) for inner in stmt.defs.body)
        elif isinstance(stmt, AssignmentStmt) and in_class:
            count += mentions(stmt.unanalyzed_type)
    return count


def _plural(count: int) -> str:
    if count == 0:
        return "no signature or field"
    return "1 signature or field" if count == 1 else f"{count} signatures or fields"


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


_Hook = Callable[[AnalyzeTypeContext], Type]


class _HookTable(dict[str, "_Hook | None"]):
    """fullname -> hook (or ``None``), whose ``__getitem__`` is the plugin's type-analyze hook getter.

    mypy asks for every name of every annotation (about 70,000 calls in a cold run over fastapi's
    sources), nearly always a name seen before. A hit is a C-level dict lookup, with no Python
    frame; a miss calls :meth:`RawDictAnalyzer._decide`, which keeps the answers that depend on
    the name alone.
    """

    __slots__ = ("_analyzer",)

    def __init__(self, analyzer: RawDictAnalyzer) -> None:
        super().__init__()
        self._analyzer = analyzer

    def __missing__(self, fullname: str) -> _Hook | None:
        return self._analyzer._decide(fullname)


class RawDictAnalyzer:
    """The ``get_type_analyze_hook`` side of PX101-PX103 (one instance per plugin)."""

    def __init__(self, plugin: Plugin, settings: Settings) -> None:
        self._plugin = plugin
        self._settings = settings
        # fullname whose next lookup mypy must analyse itself (see the module doc)
        self._bypass: str | None = None
        # how many of our callbacks are running (nested names are not reported)
        self._depth = 0
        # What was reported for the statement being analysed (see _report).
        self._alias_verdicts: dict[str, tuple[TypeAlias, Type, bool]] = {}
        self._memo_statement: object = None
        self._memo_pass: object = None
        self._memo_roles: set[_Role] = set()
        # the answers that depend on the name alone (builtins, typing ... and the dict names);
        # ``hooks[fullname]`` is the hook getter mypy calls (see :class:`_HookTable`)
        self.hooks = _HookTable(self)
        # top-level package -> whether it is installed (or a stub): its aliases are opaque
        self._installed_tops: dict[str, bool] = {}
        # alias fullname -> (node, target, verdict); None while being decided (recursive aliases)
        self._opaque_verdicts: dict[str, tuple[TypeAlias, Type, bool | None]] = {}

    def _decide(self, fullname: str) -> Callable[[AnalyzeTypeContext], Type] | None:
        """The callback for ``fullname``, or ``None`` (most names: not dict-like), for a name not
        in :attr:`hooks`; an answer that depends on the name alone is kept there."""
        if self._bypass is not None and fullname == self._bypass:
            self._bypass = None
            return None
        if fullname in _DICT_NAMES:
            hook = self.hooks[fullname] = self._callback(fullname, None)
            return hook
        if fullname.startswith(_NO_USER_ALIASES) or self._in_installed_package(fullname):
            # never hides a raw dict, whatever the run: an alias of a library is opaque
            self.hooks[fullname] = None
            return None
        symbol = self._plugin.lookup_fully_qualified(fullname)
        node = symbol.node if symbol is not None else None
        if isinstance(node, TypeAlias) and not self.is_opaque(node) and self._alias_may_hide_dict(node):
            return self._callback(fullname, node.name)
        return None

    def _in_installed_package(self, fullname: str) -> bool:
        """Whether ``fullname`` is defined in an installed package or a stub, by its top-level
        module: a module file holds all its names, and mypy reads all the modules of a regular
        package from the package's directory. Its aliases are opaque (see :meth:`is_opaque`), so
        the name needs no lookup."""
        top = fullname.partition(".")[0]
        known = self._installed_tops.get(top)
        if known is None:
            modules = self._plugin._modules
            tree = modules.get(top) if modules is not None else None
            if tree is None or not tree.path.endswith((".py", ".pyi")):
                # not loaded, or a namespace package (its path is a directory, and its parts may
                # live in several, the project's among them): look the name up
                return False
            known = self._installed_tops[top] = not is_checked_path(tree.path)
        return known

    # -- opaque aliases ---------------------------------------------------------------------

    def is_opaque(self, alias: TypeAlias) -> bool:
        """Whether a raw dict behind ``alias`` is left alone where the alias is used.

        Outside the checked code: the library's contract. In it, a non-generic alias whose
        target is record-like: reported once, at the alias (PX107). Remembered per alias node
        and analysed target (mypy replaces both when it analyses the alias again).
        """
        cached = self._opaque_verdicts.get(alias.fullname)
        if cached is not None and cached[0] is alias and cached[1] is alias.target:
            return cached[2] is True  # None: being decided (a recursive alias): not opaque
        modules = self._plugin._modules
        if modules is None or not is_checked_module(modules, self._plugin.options, alias_module(alias, modules)):
            verdict = True
        elif alias.alias_tvars:
            verdict = False
        else:
            self._opaque_verdicts[alias.fullname] = (alias, alias.target, None)
            verdict = find_record_like(alias.target, self.is_opaque) is not None
        self._opaque_verdicts[alias.fullname] = (alias, alias.target, verdict)
        return verdict

    def _alias_may_hide_dict(self, alias: TypeAlias) -> bool:
        """:func:`_alias_may_hide_dict`, remembered per alias node and analysed target.

        mypy replaces ``alias.target`` when it analyses the alias again (a deferral pass, an
        edited module under dmypy), so a verdict is reused only for the very same target object.
        """
        cached = self._alias_verdicts.get(alias.fullname)
        if cached is not None and cached[0] is alias and cached[1] is alias.target:
            return cached[2]
        verdict = _alias_may_hide_dict(alias)
        self._alias_verdicts[alias.fullname] = (alias, alias.target, verdict)
        return verdict

    def _callback(self, fullname: str, alias: str | None) -> Callable[[AnalyzeTypeContext], Type]:
        def analyze(ctx: AnalyzeTypeContext) -> Type:
            return self._analyze(ctx, fullname, alias)

        return analyze

    def _analyze(self, ctx: AnalyzeTypeContext, fullname: str, alias: str | None) -> Type:
        api = ctx.api
        sem = api.api if isinstance(api, TypeAnalyser) and isinstance(api.api, SemanticAnalyzer) else None
        outermost = self._depth == 0 and sem is not None
        tag = sem.track_incomplete_refs() if outermost and sem is not None else 0
        # mypy's own analysis of the same name must find no hook: out of the table while it runs
        had = fullname in self.hooks
        kept = self.hooks.pop(fullname, None)
        self._bypass = fullname
        self._depth += 1
        try:
            analyzed = api.analyze_type(ctx.type)
        finally:
            self._bypass = None
            self._depth -= 1
            if had:
                self.hooks[fullname] = kept
        if outermost and sem is not None:
            with analysis_guard(_RULES, sem, ctx.context):
                if not sem.found_incomplete_ref(tag) and not has_placeholder(analyzed):
                    self._check(sem, ctx.type, analyzed, alias)
        return analyzed

    # -- where is the annotation? -----------------------------------------------------------

    def _check(self, sem: SemanticAnalyzer, unbound: UnboundType, analyzed: Type, alias: str | None) -> None:
        statement = sem.statement
        defined: str | None = None
        value: Expression | None = None
        if isinstance(statement, TypeAliasStmt):
            defined, value = statement.name.name, statement.value.expr()
        elif isinstance(statement, AssignmentStmt):
            defined = self._defined_alias(sem, statement)
            value = statement.rvalue
        if defined is not None and value is not None and isinstance(statement, AssignmentStmt | TypeAliasStmt):
            # an alias's references to itself (a recursive JSON alias) are part of its target
            own = sem.qualified_name(defined)
            found = find_record_like(analyzed, lambda other: other.fullname != own and self.is_opaque(other))
            if found is not None:
                self._check_alias(sem, statement, defined, value, unbound, found)
            return
        found = find_record_like(analyzed, self.is_opaque)
        if found is None:
            return
        if isinstance(statement, FuncDef):
            self._check_signature(sem, statement, unbound, found, alias)
        elif isinstance(statement, AssignmentStmt) and sem.is_class_scope() and sem.type is not None:
            self._check_field(sem, statement, sem.type, unbound, found, alias)

    def _check_signature(
        self, sem: SemanticAnalyzer, defn: FuncDef, unbound: UnboundType, found: ProperType, alias: str | None
    ) -> None:
        if not semanal_applies(sem, RAW_DICT_PARAM):  # PX101 and PX102 apply to the same files
            return
        owner = sem.type if sem.is_class_scope() else None
        if _is_private(defn.name) and not self._settings.check_private:
            return
        if is_later_variant(defn):
            return  # the first variant has the same signature, and its findings
        hook = pydantic_hook(sem, defn)
        if defn.is_explicit_override or hook == "hook" or library_callback(sem, defn):
            return  # the signature is pydantic's or another library's
        if owner is not None and (owner.fallback_to_any or overrides_library_method(sem, owner, defn.name)):
            return  # a base mypy cannot see, or a library's hook: the signature may be the library's
        route = route_exemption(sem, defn)
        skip_first = owner is not None and not defn.is_static
        group = _overload_group(sem, defn)
        for index, argument in enumerate(defn.arguments):
            path = _path_to(argument.type_annotation, unbound)
            if path is None:
                continue
            if not _is_transparent(sem, path, defn):
                return
            if index == 0 and skip_first:
                return  # self / cls
            if hook == "field" and index == (1 if skip_first else 0):
                return  # a field validator's value: the field's type, PX103's
            name = argument.variable.name
            if owner is not None and base_signature_has_record_like(owner, defn.name, name, index):
                return
            if route == "hidden":
                return  # a route left out of the API schema (include_in_schema=False)
            if validated_at_once(sem, defn, name):
                return  # the boundary where the raw dict becomes a model
            text = RAW_DICT_PARAM.format(param=name, type=self._describe(sem, found, alias))
            self._report(group, ("param", name), RAW_DICT_PARAM, text, argument, sem)
            return
        unanalyzed = defn.unanalyzed_type
        if not isinstance(unanalyzed, CallableType):
            return
        path = _path_to(unanalyzed.ret_type, unbound)
        if path is None or not _is_transparent(sem, path, defn):
            return
        if owner is not None and base_signature_has_record_like(owner, defn.name, None, None):
            return
        if route is not None:
            return  # a route handler's return is PX501's (flake8)
        if hook == "field":
            return  # a field validator's or serializer's return: the field's type, PX103's
        if is_serializer_name(defn.name):
            return  # a serializer (``to_dict``, ``row_to_dict``...) returns a dict by definition
        text = RAW_DICT_RETURN.format(function=defn.name, type=self._describe(sem, found, alias))
        self._report(group, ("return", ""), RAW_DICT_RETURN, text, position_of(unanalyzed.ret_type, defn), sem)

    def _check_field(
        self,
        sem: SemanticAnalyzer,
        stmt: AssignmentStmt,
        info: TypeInfo,
        unbound: UnboundType,
        found: ProperType,
        alias: str | None,
    ) -> None:
        if len(stmt.lvalues) != 1 or not isinstance(stmt.lvalues[0], NameExpr):
            return
        if not semanal_applies(sem, RAW_DICT_FIELD):
            return
        path = _path_to(stmt.unanalyzed_type, unbound)
        if path is None or not _is_transparent(sem, path, stmt):
            return
        root = get_proper_type(stmt.unanalyzed_type)
        if isinstance(root, UnboundType):
            symbol = sem.lookup_qualified(root.name, stmt, suppress_errors=True)
            if symbol is not None and symbol.node is not None and symbol.node.fullname in _CLASSVAR:
                return  # a class variable is not a field
        if not has_fields(info, info.defn):
            return
        target = stmt.lvalues[0]
        name = target.name
        if _is_private(name) and any(base.fullname == "pydantic.main.BaseModel" for base in info.mro):
            return  # pydantic: underscore attributes are private attributes, not fields
        if base_field_has_record_like(info, name):
            return  # re-declared from a base that has it: reported at the base
        text = RAW_DICT_FIELD.format(field=name, owner=info.name, type=self._describe(sem, found, alias))
        self._report(stmt, ("field", name), RAW_DICT_FIELD, text, target, sem)

    def _defined_alias(self, sem: SemanticAnalyzer, stmt: AssignmentStmt) -> str | None:
        """The name an assignment defines as a type alias, if it can be one (else None).

        ``X = dict[str, Any]``, ``X: TypeAlias = ...``: one name, a right-hand side that can be a
        type, no annotation other than ``TypeAlias``, not in a function.
        """
        if len(stmt.lvalues) != 1 or not isinstance(stmt.lvalues[0], NameExpr) or sem.is_func_scope():
            return None
        if not isinstance(stmt.rvalue, _ALIAS_VALUES):
            return None
        annotation = get_proper_type(stmt.unanalyzed_type)
        if annotation is not None:
            if not isinstance(annotation, UnboundType):
                return None
            symbol = sem.lookup_qualified(annotation.name, stmt, suppress_errors=True)
            if symbol is None or symbol.node is None or symbol.node.fullname not in _TYPE_ALIAS:
                return None
        return stmt.lvalues[0].name

    def _check_alias(
        self,
        sem: SemanticAnalyzer,
        stmt: AssignmentStmt | TypeAliasStmt,
        name: str,
        value: Expression,
        unbound: UnboundType,
        found: ProperType,
    ) -> None:
        """PX107: the hooked type is part of the alias's target, through transparent types."""
        if not semanal_applies(sem, RAW_DICT_ALIAS):
            return
        try:
            target = expr_to_unanalyzed_type(value, sem.options, allow_new_syntax=True)
        except TypeTranslationError:
            return  # not a type: an ordinary assignment
        path = _find_unbound(target, unbound)
        if path is None or not _is_transparent(sem, path, stmt):
            return
        uses = _annotated_uses(sem.cur_mod_node.defs, name)
        text = RAW_DICT_ALIAS.format(alias=name, type=self._describe(sem, found, None), uses=_plural(uses))
        self._report(stmt, ("alias", name), RAW_DICT_ALIAS, text, stmt, sem)

    # -- reporting ------------------------------------------------------------------------

    @staticmethod
    def _describe(sem: SemanticAnalyzer, found: ProperType, alias: str | None) -> str:
        text = format_type_bare(found, sem.options)
        return f"{text} via alias {alias}" if alias else text

    def _report(
        self,
        statement: object,
        role: _Role,
        rule: RuleInfo,
        text: str,
        where: Context,
        sem: SemanticAnalyzer,
    ) -> None:
        """Report once per parameter/return/field of a statement (an overload is one statement).

        One annotation can hold several hooked names (``tuple[dict[str, Any], JSONDict]``): the
        first one reports, the others would be a second finding for the same parameter. The
        memo holds only the statement being analysed in the current pass: mypy's
        ``refresh_partial`` starts every pass over a target (a deferral iteration, or dmypy
        re-processing a target whose AST was stripped) with a fresh ``missing_names[-1]`` set,
        and that object's identity is the pass token. A message reported again by a new pass
        is an exact duplicate, which mypy drops.
        """
        token = sem.missing_names[-1] if sem.missing_names else None
        if statement is not self._memo_statement or token is not self._memo_pass:
            self._memo_statement = statement
            self._memo_pass = token
            self._memo_roles = set()
        if role in self._memo_roles:
            return
        self._memo_roles.add(role)
        report_in_semanal(sem, rule, text, where)

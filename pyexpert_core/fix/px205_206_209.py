"""PX205 v1-field-argument, PX206 v1-api, PX209 optional-without-default.

PX205 (reported at the keyword): ``regex=``/``min_items=``/``max_items=`` renamed to
``pattern=``/``min_length=``/``max_length=``, ``allow_mutation=<bool>`` to ``frozen=<not bool>``,
``example=x`` to ``examples=[x]``. Not fixable: ``unique_items=``, ``const=`` (the annotation
changes), a renamed keyword whose v2 name the call already has.

PX206 (reported at the imported name, or at ``pydantic.<name>``):

- ``from pydantic import BaseSettings`` -> ``from pydantic_settings import BaseSettings``;
- ``from pydantic.generics import GenericModel`` -> ``BaseModel`` in every base list that names
  it (v1 already required ``Generic[T]`` there), when the name is used only as a base;
- ``parse_obj_as(T, x)`` / ``parse_raw_as(T, x)`` -> ``TypeAdapter(T).validate_python(x)`` /
  ``.validate_json(x)``, at every use of the imported name, when each is such a call (and at
  ``pydantic.parse_obj_as(T, x)``).

- ``constr(...)``/``conint(...)``/... in an annotation -> ``Annotated[str, StringConstraints(...)]``
  / ``Annotated[int, Field(...)]`` / ``Annotated[list[T], Field(...)]`` (v1 keywords renamed:
  ``regex`` -> ``pattern``, ``min_items`` -> ``min_length``...).

Not fixable: ``con*`` keywords with no v2 constraint (``curtail_length``, ``unique_items``),
``__root__``, the custom-type hooks, ``schema_of``,
``schema_json_of``, ``pydantic_encoder``, ``pydantic.BaseSettings`` as an attribute.

PX209 (reported at the field's name): ``= None`` is added, the default Pydantic v1 gave it.
"""

from __future__ import annotations

import re
from typing import Final

import libcst as cst

from pyexpert_core.findings import Finding
from pyexpert_core.fix.base import Edit, FileTree, ImportSpec, NotFixable, Replacement
from pyexpert_core.fix.syntax import bool_constant, keyword_names, positional, rename_callee, with_args
from pyexpert_core.pydantic_v1 import FIELD_ARGUMENTS_RENAMED

__all__ = ["fix_optional_without_default", "fix_v1_api", "fix_v1_field_argument"]

_ARGUMENT: Final = re.compile(r"^Field argument '(?P<name>\w+)'")
_API: Final = re.compile(r"^(?P<api>[\w.]+) is Pydantic v1 API")
_VALIDATE: Final = {"parse_obj_as": "validate_python", "parse_raw_as": "validate_json"}
_CON: Final = re.compile(r"^(?P<name>con\w+)\(\.\.\.\) in an annotation is Pydantic v1 API")
_NUMBERS: Final = frozenset({"strict", "gt", "ge", "lt", "le", "multiple_of"})
#: con* function -> (the annotated type, the constraint, the keywords it keeps, the v1 renames)
_CON_TYPES: Final[dict[str, tuple[str, str, frozenset[str]]]] = {
    "constr": (
        "str",
        "StringConstraints",
        frozenset({"strip_whitespace", "to_upper", "to_lower", "strict", "min_length", "max_length", "pattern"}),
    ),
    "conint": ("int", "Field", _NUMBERS),
    "confloat": ("float", "Field", _NUMBERS | {"allow_inf_nan"}),
    "condecimal": ("Decimal", "Field", _NUMBERS | {"max_digits", "decimal_places"}),
    "conbytes": ("bytes", "Field", frozenset({"strict", "min_length", "max_length"})),
    "conlist": ("list", "Field", frozenset({"min_length", "max_length"})),
    "conset": ("set", "Field", frozenset({"min_length", "max_length"})),
    "confrozenset": ("frozenset", "Field", frozenset({"min_length", "max_length"})),
}
_CON_RENAMES: Final = {"regex": "pattern", "min_items": "min_length", "max_items": "max_length"}


# -- PX205 ------------------------------------------------------------------------------------


def fix_v1_field_argument(tree: FileTree, finding: Finding) -> Edit | NotFixable:
    match = _ARGUMENT.match(finding.message)
    if match is None:
        return NotFixable("the finding is not recognised")
    name = match.group("name")
    arg = tree.first_at(finding, cst.Arg, lambda node: node.keyword is not None and node.keyword.value == name)
    call = tree.parent(arg) if arg is not None else None
    if arg is None or not isinstance(call, cst.Call):
        return NotFixable(f"no {name}= at this position")
    value: cst.BaseExpression | None = None
    if name in FIELD_ARGUMENTS_RENAMED:
        new = FIELD_ARGUMENTS_RENAMED[name]
    elif name == "allow_mutation":
        flag = bool_constant(arg.value)
        if flag is None:
            return NotFixable("allow_mutation is not a literal True or False")
        new, value = "frozen", cst.Name(str(not flag))
    elif name == "example":
        new = "examples"
    else:
        return NotFixable(f"{name}= has no v2 argument: change the annotation by hand")
    if new in keyword_names(call):
        return NotFixable(f"the call already has {new}=")

    def replace(node: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(node, cst.Arg)
        changed = node.with_changes(keyword=cst.Name(new))
        if name == "example":
            return changed.with_changes(value=cst.List([cst.Element(node.value)]))
        return changed.with_changes(value=value) if value is not None else changed

    return Edit(arg, replace, f"{name}= -> {new}=")


# -- PX206 ------------------------------------------------------------------------------------


def _remove_alias(name: str) -> Replacement:
    def replace(node: cst.CSTNode) -> cst.CSTNode | cst.RemovalSentinel:
        assert isinstance(node, cst.ImportFrom) and not isinstance(node.names, cst.ImportStar)
        names = list(node.names)
        kept = [alias for alias in names if alias.evaluated_name != name]
        if not kept:
            return cst.RemovalSentinel.REMOVE
        if names[-1].evaluated_name == name:  # the last one goes: the new last takes its comma
            kept[-1] = kept[-1].with_changes(comma=names[-1].comma)
        return node.with_changes(names=kept)

    return replace


def _imported_alias(tree: FileTree, finding: Finding) -> tuple[cst.ImportFrom, cst.ImportAlias] | None:
    alias = tree.first_at(finding, cst.ImportAlias)
    statement = tree.parent(alias) if alias is not None else None
    if alias is None or not isinstance(statement, cst.ImportFrom):
        return None
    return statement, alias


def _references(tree: FileTree, alias: cst.ImportAlias) -> list[cst.CSTNode] | None:
    """The uses of the name an import binds, or None when they are not known."""
    bound = alias.evaluated_alias or alias.evaluated_name
    scope = tree.scopes.get(alias)
    if scope is None:
        return None
    uses: list[cst.CSTNode] = []
    for assignment in scope.assignments[bound]:
        if getattr(assignment, "node", None) is tree.parent(alias):
            uses += [access.node for access in assignment.references]
    return uses


def _type_adapter_call(func: cst.BaseExpression, method: str) -> Replacement:
    def replace(node: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(node, cst.Call)
        kind, data = positional(node)
        adapter = cst.Call(func=func, args=[kind.with_changes(comma=cst.MaybeSentinel.DEFAULT)])
        return cst.Call(
            func=cst.Attribute(adapter, cst.Name(method)),
            args=[data.with_changes(comma=cst.MaybeSentinel.DEFAULT)],
            lpar=node.lpar,
            rpar=node.rpar,
        )

    return replace


def _two_argument_call(tree: FileTree, use: cst.CSTNode) -> cst.Call | None:
    call = tree.parent(use)
    if isinstance(call, cst.Call) and call.func is use and len(call.args) == 2 and len(positional(call)) == 2:
        return call
    return None


def _is_base(tree: FileTree, use: cst.CSTNode) -> bool:
    arg = tree.parent(use)
    return isinstance(arg, cst.Arg) and isinstance(tree.parent(arg), cst.ClassDef)


def _fix_con(tree: FileTree, finding: Finding, name: str) -> Edit | NotFixable:
    call = tree.first_at(finding, cst.Call)
    if call is None or name not in _CON_TYPES:
        return NotFixable(f"no {name}() call at this position")
    kind, constraint, allowed = _CON_TYPES[name]
    collection = kind in ("list", "set", "frozenset")
    arguments = positional(call)
    if any(arg.star for arg in call.args) or len(arguments) != (1 if collection else 0):
        return NotFixable(f"{name}() with arguments that are not visible keywords")
    if collection and call.args[0] is not arguments[0]:
        return NotFixable(f"{name}() with the item type after keywords")
    keywords = [arg.keyword.value for arg in call.args if arg.keyword is not None]
    unknown = sorted(key for key in keywords if _CON_RENAMES.get(key, key) not in allowed)
    if unknown:
        return NotFixable(f"{name}({', '.join(k + '=' for k in unknown)}) has no v2 equivalent here")
    func = call.func
    if not isinstance(func, cst.Name | cst.Attribute):
        return NotFixable(f"{name} is not a name")

    def replace(node: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(node, cst.Call)
        kept = [
            arg.with_changes(keyword=cst.Name(_CON_RENAMES.get(arg.keyword.value, arg.keyword.value)))
            for arg in node.args
            if arg.keyword is not None
        ]
        constraint_call = with_args(cst.Call(func=rename_callee(func, constraint)), kept)
        annotated: cst.BaseExpression = cst.Name(kind)
        if collection:
            item = node.args[0].value
            annotated = cst.Subscript(cst.Name(kind), [cst.SubscriptElement(cst.Index(item))])
        return cst.Subscript(
            cst.Name("Annotated"),
            [
                cst.SubscriptElement(cst.Index(annotated), comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))),
                cst.SubscriptElement(cst.Index(constraint_call)),
            ],
            lpar=node.lpar,
            rpar=node.rpar,
        )

    add = [ImportSpec("typing", "Annotated")]
    if isinstance(func, cst.Name):
        add.append(ImportSpec("pydantic", constraint))
    if kind == "Decimal":
        add.append(ImportSpec("decimal", "Decimal"))
    unused = (ImportSpec("pydantic", name), ImportSpec("pydantic.types", name)) if isinstance(func, cst.Name) else ()
    description = f"{name}(...) -> Annotated[{kind}{'[T]' if collection else ''}, {constraint}(...)]"
    return Edit(call, replace, description, add_imports=tuple(add), unused_imports=unused)


def fix_v1_api(tree: FileTree, finding: Finding) -> Edit | NotFixable:
    con = _CON.match(finding.message)
    if con is not None:
        return _fix_con(tree, finding, con.group("name"))
    match = _API.match(finding.message)
    if match is None:
        return NotFixable("this v1 API has no automatic fix")
    api = match.group("api")
    name = api.rpartition(".")[2]
    found = _imported_alias(tree, finding)
    if found is None:
        attribute = tree.first_at(finding, cst.Attribute, lambda node: node.attr.value == name)
        if attribute is not None and name in _VALIDATE:
            call = _two_argument_call(tree, attribute)
            if call is None:
                return NotFixable(f"{name} is not called with two positional arguments")
            func = attribute.with_changes(attr=cst.Name("TypeAdapter"))
            method = _VALIDATE[name]
            return Edit(call, _type_adapter_call(func, method), f"{name}(T, x) -> TypeAdapter(T).{method}(x)")
        return NotFixable(f"{api} is not imported here by name")
    statement, alias = found
    asname = alias.evaluated_alias or ""
    remove = _remove_alias(alias.evaluated_name)
    if name == "BaseSettings":
        return Edit(
            statement,
            remove,
            "BaseSettings imported from pydantic_settings",
            drops_comments=True,
            add_imports=(ImportSpec("pydantic_settings", "BaseSettings", asname),),
        )
    uses = _references(tree, alias)
    if uses is None:
        return NotFixable("the uses of the name are not known")
    if name == "GenericModel":
        bases = [use for use in uses if _is_base(tree, use)]
        if len(bases) != len(uses):
            return NotFixable("GenericModel is used other than as a base class")
        return Edit(
            statement,
            remove,
            "GenericModel -> BaseModel",
            drops_comments=True,
            add_imports=(ImportSpec("pydantic", "BaseModel"),),
            more=tuple((use, lambda n: cst.Name("BaseModel")) for use in bases),
        )
    if name in _VALIDATE:
        calls = [_two_argument_call(tree, use) for use in uses]
        if any(call is None for call in calls):
            return NotFixable(f"{name} is used other than as a call with two positional arguments")
        replace = _type_adapter_call(cst.Name("TypeAdapter"), _VALIDATE[name])
        return Edit(
            statement,
            remove,
            f"{name}(T, x) -> TypeAdapter(T).{_VALIDATE[name]}(x)",
            drops_comments=True,
            add_imports=(ImportSpec("pydantic", "TypeAdapter"),),
            more=tuple((call, replace) for call in calls if call is not None),
        )
    return NotFixable(f"{api} has no automatic fix")


# -- PX209 ------------------------------------------------------------------------------------


def fix_optional_without_default(tree: FileTree, finding: Finding) -> Edit | NotFixable:
    name = tree.first_at(finding, cst.Name)
    statement = tree.parent(name) if name is not None else None
    if not isinstance(statement, cst.AnnAssign) or statement.target is not name or statement.value is not None:
        return NotFixable("no field without a value at this position")
    return Edit(statement, lambda node: node.with_changes(value=cst.Name("None")), "= None added")

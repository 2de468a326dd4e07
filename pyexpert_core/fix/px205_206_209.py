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

Not fixable: ``con*`` annotations, ``__root__``, the custom-type hooks, ``schema_of``,
``schema_json_of``, ``pydantic_encoder``, ``pydantic.BaseSettings`` as an attribute.

PX209 (reported at the field's name): ``= None`` is added, the default Pydantic v1 gave it.
"""

from __future__ import annotations

import re
from typing import Final

import libcst as cst

from pyexpert_core.findings import Finding
from pyexpert_core.fix.base import Edit, FileTree, ImportSpec, NotFixable, Replacement
from pyexpert_core.fix.syntax import bool_constant, keyword_names, positional
from pyexpert_core.pydantic_v1 import FIELD_ARGUMENTS_RENAMED

__all__ = ["fix_optional_without_default", "fix_v1_api", "fix_v1_field_argument"]

_ARGUMENT: Final = re.compile(r"^Field argument '(?P<name>\w+)'")
_API: Final = re.compile(r"^(?P<api>[\w.]+) is Pydantic v1 API")
_VALIDATE: Final = {"parse_obj_as": "validate_python", "parse_raw_as": "validate_json"}


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


def fix_v1_api(tree: FileTree, finding: Finding) -> Edit | NotFixable:
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

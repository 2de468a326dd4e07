"""PX201 v1-validator: ``@validator`` -> ``@field_validator``, ``@root_validator`` ->
``@model_validator``, each with ``@classmethod``.

flake8 reports a decorator at its expression (``validator`` after the ``@``); the finding's
message names the decorator. Fixable shapes:

- ``@validator(fields..., pre=..., allow_reuse=..., check_fields=...)`` on ``def f(cls, value)``:
  ``@field_validator(fields..., mode="before" if pre, check_fields=...)`` + ``@classmethod``
  (``allow_reuse`` has no use in v2 and is dropped). Safe.
- ``@root_validator(pre=True)`` on ``def f(cls, values)``: ``@model_validator(mode="before")`` +
  ``@classmethod``. Safe.
- an after ``@root_validator`` (bare, or ``pre=False``, ``skip_on_failure=True``):
  ``@model_validator(mode="before")`` + ``@classmethod``. Unsafe: v2's after-validators receive
  the model instance (``def f(self) -> Self``), so the body written for a dict of values keeps
  working only as a before-validator, which sees the raw input instead of validated values.

``always=True`` becomes ``validate_default=True`` on the validated fields that have a default (in
their ``Field(...)``, or their default wrapped in one), which is what it did. Safe.

Not fixable: ``each_item=True``, ``always=True`` on a field not declared in the class,
validators that take ``values``/``field``/``config`` (v2 passes a ``ValidationInfo``), a
``staticmethod``, a flag that is not ``True``/``False``, and a validator called rather than used
as a decorator (``validator("x", allow_reuse=True)(f)``).
"""

from __future__ import annotations

import re
from typing import Final

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import Assignment

from pyexpert_core.findings import Finding
from pyexpert_core.fix.base import Edit, FileTree, ImportSpec, NotFixable, Replacement, Safety
from pyexpert_core.fix.syntax import append_arg, bool_constant, keyword, positional, rename_callee, with_args

__all__ = ["fix_v1_validator"]

_DECORATOR: Final = re.compile(r"^'@(?P<name>validator|root_validator)' is Pydantic v1 API")
_BEFORE: Final = cst.SimpleString('"before"')


def _flags(call: cst.Call | None, names: tuple[str, ...]) -> dict[str, bool] | str:
    """The boolean keyword flags of the call, or why one is not a literal True/False."""
    flags: dict[str, bool] = {}
    if call is None:
        return flags
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value in names:
            value = bool_constant(arg.value)
            if value is None:
                return f"{arg.keyword.value}= is not a literal True or False"
            flags[arg.keyword.value] = value
    return flags


def _import_module(tree: FileTree, name: cst.Name) -> str | None:
    """The module ``name`` was imported from (``from <module> import ...``)."""
    scope = tree.scopes.get(name)
    if scope is None:
        return None
    for assignment in scope[name.value]:
        node = assignment.node if isinstance(assignment, Assignment) else None
        if isinstance(node, cst.ImportFrom) and node.module is not None:
            return get_full_name_for_node(node.module)
    return None


def _two_parameters(function: cst.FunctionDef) -> bool:
    params = function.params
    return (
        len(params.posonly_params) + len(params.params) == 2
        and not isinstance(params.star_arg, cst.Param | cst.ParamStar)
        and not params.kwonly_params
        and params.star_kwarg is None
    )


def _has_decorator(function: cst.FunctionDef, name: str) -> bool:
    return any(isinstance(d.decorator, cst.Name) and d.decorator.value == name for d in function.decorators)


def fix_v1_validator(tree: FileTree, finding: Finding) -> Edit | NotFixable:
    match = _DECORATOR.match(finding.message)
    if match is None:
        return NotFixable("the finding is not recognised")
    old = match.group("name")
    decorator = next((n for n in tree.nodes_at(finding) if isinstance(tree.parent(n), cst.Decorator)), None)
    holder = tree.parent(decorator) if decorator is not None else None
    function = tree.parent(holder) if holder is not None else None
    if not (isinstance(holder, cst.Decorator) and isinstance(function, cst.FunctionDef)):
        return NotFixable(f"{old}() is called, not used as a decorator: rewrite it by hand")
    index = function.decorators.index(holder)
    call = holder.decorator if isinstance(holder.decorator, cst.Call) else None
    func = call.func if call is not None else holder.decorator
    if not isinstance(func, cst.Name | cst.Attribute):
        return NotFixable("the decorator is not a name")
    if _has_decorator(function, "staticmethod"):
        return NotFixable("the validator is a staticmethod")
    if not _two_parameters(function):
        what = "values, field or config" if old == "validator" else "more than the values"
        return NotFixable(f"the validator takes {what}: the v2 signature differs, rewrite it by hand")
    flags = _flags(call, ("pre", "each_item", "always", "whole", "skip_on_failure", "allow_reuse"))
    if isinstance(flags, str):
        return NotFixable(flags)
    new = "field_validator" if old == "validator" else "model_validator"
    safety = Safety.SAFE
    defaults: list[tuple[cst.CSTNode, Replacement]] = []
    add_field = False
    if old == "validator":
        if call is None:
            return NotFixable("@validator without fields")
        if flags.get("each_item") or "whole" in flags:
            return NotFixable("each_item=True has no v2 equivalent: validate the item type instead")
        if flags.get("always"):
            found = _validate_default(tree, function, call)
            if isinstance(found, str):
                return NotFixable(f"always=True: {found}")
            defaults, needs_field = found
            if needs_field:
                add_field = True
        kept = positional(call) + [
            arg for arg in call.args if arg.keyword is not None and arg.keyword.value == "check_fields"
        ]
        flagged = sum(1 for a in call.args if a.keyword is not None and a.keyword.value in flags)
        if len(kept) + flagged != len(call.args):
            return NotFixable("@validator has arguments with no v2 equivalent")
        args = [*kept, keyword("mode", _BEFORE)] if flags.get("pre") else kept
        mode = '(mode="before")' if flags.get("pre") else ""
        description = f"@validator -> @{new}{mode} + @classmethod"
        if flags.get("always"):
            description += ", always=True -> Field(validate_default=True)"
    else:
        if call is not None and any(arg.keyword is None or arg.keyword.value not in flags for arg in call.args):
            return NotFixable("@root_validator has arguments with no v2 equivalent")
        args = [keyword("mode", _BEFORE)]
        if not flags.get("pre"):
            safety = Safety.UNSAFE
            description = "after @root_validator -> @model_validator(mode=\"before\") + @classmethod (sees raw input)"
        else:
            description = "@root_validator(pre=True) -> @model_validator(mode=\"before\") + @classmethod"
    add: tuple[ImportSpec, ...] = ()
    unused: tuple[ImportSpec, ...] = ()
    if isinstance(func, cst.Name):
        module = _import_module(tree, func)
        if module is None:
            return NotFixable(f"where {func.value} comes from is not an import of this module")
        add, unused = (ImportSpec("pydantic", new),), (ImportSpec(module, old),)
    if add_field:
        add += (ImportSpec("pydantic", "Field"),)
    add_classmethod = not _has_decorator(function, "classmethod")

    def replace(node: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(node, cst.FunctionDef)
        decorators = list(node.decorators)
        target = decorators[index]
        new_func = rename_callee(func, new)
        if isinstance(target.decorator, cst.Call):
            expression: cst.BaseExpression = with_args(target.decorator.with_changes(func=new_func), args)
        else:
            expression = cst.Call(func=new_func, args=args)
        decorators[index] = target.with_changes(decorator=expression)
        if add_classmethod:
            decorators.insert(index + 1, cst.Decorator(decorator=cst.Name("classmethod")))
        return node.with_changes(decorators=decorators)

    return Edit(
        function, replace, description, safety=safety, add_imports=add, unused_imports=unused, more=tuple(defaults)
    )


def _is_pydantic_field(tree: FileTree, func: cst.BaseExpression) -> bool:
    if isinstance(func, cst.Attribute):
        return func.attr.value == "Field" and isinstance(func.value, cst.Name) and func.value.value == "pydantic"
    if isinstance(func, cst.Name) and func.value == "Field":
        return (_import_module(tree, func) or "").startswith("pydantic")
    return False


def _field_name_free(tree: FileTree, node: cst.CSTNode) -> bool:
    """Whether ``Field`` here is pydantic's or unbound (a fix may then import it)."""
    scope = tree.scopes.get(node)
    if scope is None:
        return False
    for assignment in scope["Field"]:
        statement = assignment.node if isinstance(assignment, Assignment) else None
        if not (isinstance(statement, cst.ImportFrom) and statement.module is not None):
            return False
        if not (get_full_name_for_node(statement.module) or "").startswith("pydantic"):
            return False
    return True


def _validate_default(
    tree: FileTree, function: cst.FunctionDef, call: cst.Call
) -> tuple[list[tuple[cst.CSTNode, Replacement]], bool] | str:
    """The edits that put ``validate_default=True`` on the validated fields that have a default
    (what ``always=True`` did), and whether ``Field`` must be imported; or why not."""
    block = tree.parent(function)
    owner = tree.parent(block) if block is not None else None
    if not (isinstance(block, cst.IndentedBlock) and isinstance(owner, cst.ClassDef)):
        return "the validator is not in a class body"
    names = []
    for arg in positional(call):
        if not isinstance(arg.value, cst.SimpleString) or not isinstance(arg.value.evaluated_value, str):
            return "a field name that is not a string literal"
        names.append(arg.value.evaluated_value)
    fields = {
        line.body[0].target.value: line.body[0]
        for line in block.body
        if isinstance(line, cst.SimpleStatementLine)
        and isinstance(line.body[0], cst.AnnAssign)
        and isinstance(line.body[0].target, cst.Name)
    }
    edits: list[tuple[cst.CSTNode, Replacement]] = []
    needs_field = False
    for name in names:
        statement = fields.get(name)
        if statement is None:
            return f"field {name!r} is not declared in this class: add Field(validate_default=True) by hand"
        value = statement.value
        if value is None:
            continue  # required: there is no default to validate
        if isinstance(value, cst.Call) and _is_pydantic_field(tree, value.func):
            if not any(arg.keyword is not None and arg.keyword.value == "validate_default" for arg in value.args):
                edits.append((value, _add_validate_default))
            continue
        if isinstance(value, cst.Call) and get_full_name_for_node(value.func) in ("Field", "sqlmodel.Field"):
            return f"field {name!r} has a Field() that is not pydantic's"
        if not _field_name_free(tree, statement):
            return "the name Field is bound to something other than pydantic.Field"
        needs_field = True
        edits.append((value, _wrap_in_field))
    return edits, needs_field


def _add_validate_default(node: cst.CSTNode) -> cst.CSTNode:
    assert isinstance(node, cst.Call)
    return append_arg(node, keyword("validate_default", cst.Name("True")))


def _wrap_in_field(node: cst.CSTNode) -> cst.CSTNode:
    assert isinstance(node, cst.BaseExpression)
    return with_args(cst.Call(cst.Name("Field")), [cst.Arg(node), keyword("validate_default", cst.Name("True"))])

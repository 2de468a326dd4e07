"""PX204 v1-model-method: rename the v1 member at each site mypy reports.

mypy (with the plugin) reports a v1 member of a Pydantic model at the start of the expression
the member is read from (``user`` in ``user.dict()``); the finding's message names the member.
The fix renames exactly that attribute (on a line with non-ASCII text, the only one of its
name on the line: mypy's columns there are its own), so a ``.dict()`` on anything that is not a Pydantic
model is never touched: mypy did not report it. A call whose arguments have no v2 equivalent
is not fixable.
"""

from __future__ import annotations

import re
from typing import Final

import libcst as cst
from libcst.metadata import Assignment

from pyexpert_core.findings import Finding
from pyexpert_core.fix.base import Edit, FileTree, ImportSpec, NotFixable, Safety
from pyexpert_core.fix.syntax import append_arg, keyword, keyword_names, positional, with_args
from pyexpert_core.pydantic_v1 import V1_MODEL_RENAMES

__all__ = ["fix_v1_model_method"]

_MEMBER: Final = re.compile(r"^'(?P<subject>[^']+)' is Pydantic v1 API")

_DUMP: Final = frozenset({"include", "exclude", "by_alias", "exclude_unset", "exclude_defaults", "exclude_none"})
#: the keyword arguments each v1 method takes that mean the same in its v2 replacement
_SAME_KEYWORDS: Final[dict[str, frozenset[str]]] = {
    "dict": _DUMP,
    "json": _DUMP | {"indent"},
    "copy": frozenset({"update", "deep"}),
    "construct": frozenset(),  # any: ``_fields_set`` and the values
    "schema": frozenset({"by_alias", "ref_template"}),
    "schema_json": frozenset({"by_alias", "ref_template"}),
    "parse_obj": frozenset(),
    "validate": frozenset(),
    "parse_raw": frozenset(),
    "from_orm": frozenset(),
    "update_forward_refs": frozenset(),
}
#: methods taking exactly one positional argument (the data)
_ONE_ARGUMENT: Final = frozenset({"parse_obj", "validate", "parse_raw", "from_orm"})


def _member(finding: Finding) -> str | None:
    match = _MEMBER.match(finding.message)
    return match.group("subject").rpartition(".")[2] if match else None


def _call_problem(member: str, call: cst.Call) -> str | None:
    """Why this call has no v2 equivalent, or None."""
    if member == "construct":
        return None
    allowed = _SAME_KEYWORDS[member]
    if any(arg.star == "*" for arg in call.args):
        return f"{member}(*args): the arguments are not visible"
    if any(arg.star == "**" for arg in call.args) and member != "dict":
        return f"{member}(**kwargs): the arguments are not visible"
    if member in _ONE_ARGUMENT:
        if len(positional(call)) != 1 or keyword_names(call):
            return f"{member}() with arguments other than the data has no v2 equivalent"
        return None
    if positional(call):
        return f"{member}() with positional arguments has no v2 equivalent"
    extra = sorted(keyword_names(call) - allowed)
    if member == "schema_json":
        return None  # the others are json.dumps' arguments
    if extra:
        return f"{member}({', '.join(name + '=' for name in extra)}) has no v2 equivalent"
    return None


def _json_is_free(tree: FileTree, node: cst.CSTNode) -> bool:
    """Whether ``json`` in this scope is the module or unbound."""
    scope = tree.scopes.get(node)
    if scope is None:
        return False
    return all(isinstance(a, Assignment) and isinstance(a.node, cst.Import) for a in scope["json"])


def _attribute(tree: FileTree, finding: Finding, member: str) -> cst.Attribute | None:
    """The ``.member`` the finding points at. mypy's columns on a line with non-ASCII text count
    neither bytes nor code points (its own conversion), so there the member must be the only one
    of its name on the line."""
    if tree.line_is_ascii(finding.line):
        return tree.first_at(finding, cst.Attribute, lambda node: node.attr.value == member)
    found = [
        node
        for node in tree.nodes_on_line(finding.line)
        if isinstance(node, cst.Attribute) and node.attr.value == member
    ]
    return found[0] if len(found) == 1 else None


def fix_v1_model_method(tree: FileTree, finding: Finding) -> Edit | NotFixable:
    member = _member(finding)
    if member is None or member not in V1_MODEL_RENAMES:
        return NotFixable(f"{member or 'this member'} has no v2 method" if member else "the finding is not recognised")
    new = V1_MODEL_RENAMES[member]
    attribute = _attribute(tree, finding, member)
    if attribute is None and not tree.line_is_ascii(finding.line):
        return NotFixable(f"more than one .{member} on a line with non-ASCII text: mypy's column does not say which")
    if attribute is None:
        return NotFixable(f"no .{member} at this position")
    parent = tree.parent(attribute)
    description = f".{member} -> .{new}"
    if not (isinstance(parent, cst.Call) and parent.func is attribute):
        if member in ("from_orm", "schema_json"):
            return NotFixable(f".{member} not called: its v2 form needs a call")
        return Edit(attribute, lambda node: _rename(node, new), description)
    call = parent
    problem = _call_problem(member, call)
    if problem is not None:
        return NotFixable(problem)
    if member == "from_orm":
        return Edit(call, _from_orm, ".from_orm(x) -> .model_validate(x, from_attributes=True)")
    if member == "schema_json":
        if not _json_is_free(tree, call):
            return NotFixable("the name json is bound to something other than the json module here")
        return Edit(
            call,
            _schema_json,
            ".schema_json() -> json.dumps(.model_json_schema())",
            safety=Safety.UNSAFE,
            add_imports=(ImportSpec("json"),),
        )
    return Edit(attribute, lambda node: _rename(node, new), description)


def _rename(node: cst.CSTNode, new: str) -> cst.CSTNode:
    assert isinstance(node, cst.Attribute)
    return node.with_changes(attr=cst.Name(new))


def _from_orm(node: cst.CSTNode) -> cst.CSTNode:
    assert isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)
    call = node.with_changes(func=node.func.with_changes(attr=cst.Name("model_validate")))
    return append_arg(call, keyword("from_attributes", cst.Name("True")))


def _schema_json(node: cst.CSTNode) -> cst.CSTNode:
    assert isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)
    schema_args = [a for a in node.args if a.keyword is not None and a.keyword.value in _SAME_KEYWORDS["schema"]]
    dumps_args = [arg for arg in node.args if arg not in schema_args]
    inner = with_args(node.with_changes(func=node.func.with_changes(attr=cst.Name("model_json_schema"))), schema_args)
    dumps = cst.Call(func=cst.Attribute(cst.Name("json"), cst.Name("dumps")), args=())
    return with_args(dumps, [cst.Arg(inner.with_changes(lpar=(), rpar=())), *dumps_args]).with_changes(
        lpar=node.lpar, rpar=node.rpar
    )

"""PX202 v1-config-class and PX203 v1-config-key.

PX202 (flake8 reports the ``class Config`` statement): the nested class becomes
``model_config = ConfigDict(...)`` (``SettingsConfigDict`` for settings, as the finding says) in
its place, its keys renamed to their v2 names, its comments kept next to their keys. Not
fixable: a ``Config`` with bases, decorators, methods or statements other than ``key = value``,
a key removed in v2 (migrate it first: PX203 reports it), ``allow_mutation`` set to something
other than ``True``/``False``.

PX203 (flake8 reports the key): a renamed key is renamed where it is written (an attribute of
``class Config``, a keyword of ``ConfigDict(...)``, a string key of ``model_config = {...}``);
``allow_mutation=<bool>`` becomes ``frozen=<not bool>``; ``Extra.forbid`` becomes
``"forbid"``. A removed key is not fixable: it did something v2 does differently, which a
person must decide.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

import libcst as cst
from libcst.helpers import get_full_name_for_node
from libcst.metadata import Assignment

from pyexpert_core.findings import Finding
from pyexpert_core.fix.base import Edit, FileTree, ImportSpec, NotFixable
from pyexpert_core.fix.syntax import bool_constant
from pyexpert_core.pydantic_v1 import CONFIG_KEYS_REMOVED, CONFIG_KEYS_RENAMED

__all__ = ["fix_v1_config_class", "fix_v1_config_key"]

_REPLACEMENT: Final = re.compile(r"use model_config = (?P<name>\w+)\(")
_KEY: Final = re.compile(r"^Config key '(?P<key>\w+)'")
_EXTRA: Final = re.compile(r"^'Extra\.(?P<member>allow|forbid|ignore)'")
_MODULES: Final = {"ConfigDict": "pydantic", "SettingsConfigDict": "pydantic_settings"}
_ONE_LINE: Final = 100
_EMPTY: Final = cst.Module(body=())


def _new_key(key: str, value: cst.BaseExpression) -> tuple[str, cst.BaseExpression] | str:
    """The v2 key and value of a v1 key, or why there is none."""
    if key in CONFIG_KEYS_REMOVED:
        return f"key '{key}' was removed in v2: {CONFIG_KEYS_REMOVED[key]}"
    if key == "allow_mutation":
        flag = bool_constant(value)
        if flag is None:
            return "allow_mutation is not a literal True or False"
        return "frozen", cst.Name(str(not flag))
    return CONFIG_KEYS_RENAMED.get(key, key), value


# -- PX202 ------------------------------------------------------------------------------------


def _entries(config: cst.ClassDef) -> list[tuple[cst.SimpleStatementLine, str, cst.BaseExpression]] | str:
    """``(line, key, value)`` per statement of the class body, or why it is not fixable."""
    if config.bases or config.keywords or config.decorators:
        return "class Config has bases or decorators"
    if not isinstance(config.body, cst.IndentedBlock):
        return "class Config is written on one line"
    entries = []
    for line in config.body.body:
        if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
            return "class Config holds statements other than key = value"
        statement = line.body[0]
        if isinstance(statement, cst.Pass):
            continue
        if isinstance(statement, cst.Assign) and len(statement.targets) == 1:
            target, value = statement.targets[0].target, statement.value
        elif isinstance(statement, cst.AnnAssign) and statement.value is not None:
            target, value = statement.target, statement.value
        else:
            return "class Config holds statements other than key = value"
        if not isinstance(target, cst.Name):
            return "class Config holds statements other than key = value"
        entries.append((line, target.value, value))
    return entries


def _comment(whitespace: cst.TrailingWhitespace) -> str:
    return whitespace.comment.value if whitespace.comment is not None else ""


def _leading(lines: Sequence[cst.EmptyLine]) -> list[str]:
    return [line.comment.value for line in lines if line.comment is not None]


def _value_code(value: cst.BaseExpression, indent: bool) -> str:
    code = _EMPTY.code_for_node(value)
    multiline_string = any(
        isinstance(node, cst.SimpleString) and "\n" in node.value for node in _strings(value)
    )
    return code.replace("\n", "\n    ") if indent and not multiline_string else code


def _strings(node: cst.CSTNode) -> list[cst.CSTNode]:
    found: list[cst.CSTNode] = []
    todo = [node]
    while todo:
        current = todo.pop()
        if isinstance(current, cst.SimpleString | cst.FormattedString):
            found.append(current)
        todo.extend(current.children)
    return found


def _model_config(config: cst.ClassDef, name: str) -> cst.SimpleStatementLine | str:
    entries = _entries(config)
    if isinstance(entries, str):
        return entries
    assert isinstance(config.body, cst.IndentedBlock)
    header = _comment(config.body.header)
    items: list[tuple[list[str], str, cst.BaseExpression, str]] = []
    for line, key, value in entries:
        new = _new_key(key, value)
        if isinstance(new, str):
            return new
        items.append((_leading(line.leading_lines), new[0], new[1], _comment(line.trailing_whitespace)))
    footer = _leading(config.body.footer)
    comments = bool(header or footer or any(lead or trail for lead, _k, _v, trail in items))
    flat = ", ".join(f"{key}={_value_code(value, False)}" for _lead, key, value, _trail in items)
    text = f"model_config = {name}({flat})"
    if comments or "\n" in text or len(text) > _ONE_LINE:
        lines = [f"model_config = {name}(" + (f"  {header}" if header else "")]
        for lead, key, value, trail in items:
            lines += [f"    {comment}" for comment in lead]
            lines.append(f"    {key}={_value_code(value, True)}," + (f"  {trail}" if trail else ""))
        lines += [f"    {comment}" for comment in footer]
        lines.append(")")
        text = "\n".join(lines)
    statement = cst.parse_statement(text + "\n")
    assert isinstance(statement, cst.SimpleStatementLine)
    return statement.with_changes(leading_lines=config.leading_lines)


def fix_v1_config_class(tree: FileTree, finding: Finding) -> Edit | NotFixable:
    match = _REPLACEMENT.search(finding.message)
    config = tree.first_at(finding, cst.ClassDef, lambda node: node.name.value == "Config")
    if match is None or config is None or match.group("name") not in _MODULES:
        return NotFixable("no class Config at this position")
    name = match.group("name")
    planned = _model_config(config, name)  # checked on the original, redone on the updated node
    if isinstance(planned, str):
        return NotFixable(planned)

    def replace(node: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(node, cst.ClassDef)
        statement = _model_config(node, name)
        return statement if isinstance(statement, cst.SimpleStatementLine) else node

    description = f"class Config -> model_config = {name}(...)"
    return Edit(config, replace, description, add_imports=(ImportSpec(_MODULES[name], name),))


# -- PX203 ------------------------------------------------------------------------------------


def _rename_assign(node: cst.CSTNode, key: str, value: cst.BaseExpression) -> cst.CSTNode:
    if isinstance(node, cst.Assign):
        target = node.targets[0]
        return node.with_changes(targets=[target.with_changes(target=cst.Name(key))], value=value)
    assert isinstance(node, cst.AnnAssign)
    return node.with_changes(target=cst.Name(key), value=value)


def _quoted(string: cst.SimpleString, text: str) -> cst.SimpleString:
    quote = string.quote
    return string.with_changes(value=f"{string.prefix}{quote}{text}{quote}")


def fix_v1_config_key(tree: FileTree, finding: Finding) -> Edit | NotFixable:
    extra = _EXTRA.match(finding.message)
    if extra is not None:
        return _fix_extra(tree, finding, extra.group("member"))
    match = _KEY.match(finding.message)
    if match is None:
        return NotFixable("the finding is not recognised")
    key = match.group("key")
    for node in tree.nodes_at(finding):
        edit = _key_edit(tree, node, key)
        if edit is not None:
            return edit
    return NotFixable(f"no key '{key}' at this position")


def _key_edit(tree: FileTree, node: cst.CSTNode, key: str) -> Edit | NotFixable | None:
    """The edit of a v1 key written at ``node`` (a keyword, a dict key, a Config attribute)."""
    parent = tree.parent(node)
    if isinstance(node, cst.Arg) and node.keyword is not None and node.keyword.value == key:
        new = _new_key(key, node.value)
        if isinstance(new, str):
            return NotFixable(new)
        new_key, new_value = new
        changed = new_value is not node.value

        def replace_arg(n: cst.CSTNode) -> cst.CSTNode:
            assert isinstance(n, cst.Arg)
            arg = n.with_changes(keyword=cst.Name(new_key))
            return arg.with_changes(value=new_value) if changed else arg

        return Edit(node, replace_arg, f"{key}= -> {new_key}=")
    if isinstance(node, cst.SimpleString) and isinstance(parent, cst.DictElement) and parent.key is node:
        new = _new_key(key, parent.value)
        if isinstance(new, str):
            return NotFixable(new)
        new_key, new_value = new
        changed = new_value is not parent.value

        def replace_element(n: cst.CSTNode) -> cst.CSTNode:
            assert isinstance(n, cst.DictElement) and isinstance(n.key, cst.SimpleString)
            element = n.with_changes(key=_quoted(n.key, new_key))
            return element.with_changes(value=new_value) if changed else element

        return Edit(parent, replace_element, f"'{key}' -> '{new_key}'")
    if isinstance(node, cst.Name) and node.value == key:
        statement = tree.parent(parent) if isinstance(parent, cst.AssignTarget) else parent
        if isinstance(statement, cst.Assign | cst.AnnAssign) and statement.value is not None:
            new = _new_key(key, statement.value)
            if isinstance(new, str):
                return NotFixable(new)
            new_key, new_value = new
            changed = new_value is not statement.value
            return Edit(
                statement,
                lambda n: _rename_assign(n, new_key, new_value if changed else _value_of(n)),
                f"{key} -> {new_key}",
            )
    return None


def _value_of(node: cst.CSTNode) -> cst.BaseExpression:
    assert isinstance(node, cst.Assign | cst.AnnAssign) and node.value is not None
    return node.value


def _fix_extra(tree: FileTree, finding: Finding, member: str) -> Edit | NotFixable:
    attribute = tree.first_at(finding, cst.Attribute, lambda node: node.attr.value == member)
    if attribute is None:
        return NotFixable(f"no Extra.{member} at this position")
    unused: tuple[ImportSpec, ...] = ()
    if isinstance(attribute.value, cst.Name):
        scope = tree.scopes.get(attribute)
        for assignment in scope[attribute.value.value] if scope is not None else ():
            node = assignment.node if isinstance(assignment, Assignment) else None
            if isinstance(node, cst.ImportFrom) and node.module is not None:
                unused = (ImportSpec(get_full_name_for_node(node.module) or "pydantic", attribute.value.value),)
    return Edit(
        attribute,
        lambda n: cst.SimpleString(f'"{member}"'),
        f"Extra.{member} -> \"{member}\"",
        unused_imports=unused,
    )

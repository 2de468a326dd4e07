"""Adding and dropping imports after the fixes of a file.

A name from a module the file already imports from (``from pydantic import (...)``) joins that
statement in isort's order (constants, classes, functions), in its layout: one name per line in
a parenthesised multi-line import, ``, ``-separated on one line otherwise. Anything else goes
through libcst's ``AddImportsVisitor`` (a new statement after the module's imports), and names
the fixes no longer use through ``RemoveImportsVisitor`` (dropped only where nothing else uses
them).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor
from libcst.helpers import get_full_name_for_node

from pyexpert_core.fix.base import ImportSpec

__all__ = ["update_imports"]


def _order(name: str) -> tuple[int, str, str]:
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    return kind, name.lower(), name


def _breaks_line(alias: cst.ImportAlias) -> bool:
    return isinstance(alias.comma, cst.Comma) and isinstance(alias.comma.whitespace_after, cst.ParenthesizedWhitespace)


def _multiline(names: list[cst.ImportAlias]) -> bool:
    return any(_breaks_line(alias) for alias in names)


def _insert(statement: cst.ImportFrom, spec: ImportSpec) -> cst.ImportFrom:
    assert not isinstance(statement.names, cst.ImportStar)
    names = list(statement.names)
    alias = cst.ImportAlias(
        name=cst.Name(spec.name), asname=cst.AsName(cst.Name(spec.asname)) if spec.asname else None
    )
    index = next((i for i, old in enumerate(names) if _order(old.evaluated_name) > _order(spec.name)), len(names))
    if _multiline(names):
        separator = next(alias.comma for alias in names if _breaks_line(alias))
    else:
        separator = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    if index == len(names):  # last: it takes the old last's comma (a trailing comma or none)
        names[-1], alias = names[-1].with_changes(comma=separator), alias.with_changes(comma=names[-1].comma)
    else:
        alias = alias.with_changes(comma=separator)
    names.insert(index, alias)
    return statement.with_changes(names=names)


def _present(statement: cst.ImportFrom, spec: ImportSpec) -> bool:
    assert not isinstance(statement.names, cst.ImportStar)
    return any(
        alias.evaluated_name == spec.name and (alias.evaluated_alias or "") == spec.asname for alias in statement.names
    )


def _from_import(line: cst.CSTNode, module: str) -> cst.ImportFrom | None:
    if not (isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1):
        return None
    statement = line.body[0]
    if (
        isinstance(statement, cst.ImportFrom)
        and not statement.relative
        and statement.module is not None
        and not isinstance(statement.names, cst.ImportStar)
        and get_full_name_for_node(statement.module) == module
    ):
        return statement
    return None


def _imported_module(line: cst.CSTNode) -> str | None:
    """The top-level module a module-level import statement imports from, else None."""
    if not (isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1):
        return None
    statement = line.body[0]
    if isinstance(statement, cst.Import):
        return (get_full_name_for_node(statement.names[0].name) or "").split(".")[0]
    if isinstance(statement, cst.ImportFrom) and not statement.relative and statement.module is not None:
        return (get_full_name_for_node(statement.module) or "").split(".")[0]
    return None


def _plain(line: cst.CSTNode) -> bool:
    return isinstance(line, cst.SimpleStatementLine) and isinstance(line.body[0], cst.Import)


def _imports_module(line: cst.CSTNode, module: str) -> bool:
    if not (isinstance(line, cst.SimpleStatementLine) and isinstance(line.body[0], cst.Import)):
        return False
    return any(get_full_name_for_node(alias.name) == module and alias.asname is None for alias in line.body[0].names)


def _with_stdlib_import(
    body: list[cst.SimpleStatementLine | cst.BaseCompoundStatement], module: str
) -> list[cst.SimpleStatementLine | cst.BaseCompoundStatement] | None:
    """``import module`` (standard library) after the module's last standard-library import, or
    before its first import; None when the module has no import to place it by."""
    if any(_imports_module(line, module) for line in body):
        return body
    imports = [(i, name) for i, name in ((i, _imported_module(line)) for i, line in enumerate(body)) if name]
    stdlib = [(i, name) for i, name in imports if name in sys.stdlib_module_names and name != "__future__"]
    new = cst.SimpleStatementLine(body=[cst.Import(names=[cst.ImportAlias(name=cst.Name(module))])])
    # isort's order: the section's `import x` lines by name, then its `from x import y` lines
    before = [i for i, name in stdlib if _plain(body[i]) and name < module]
    if before:
        return [*body[: before[-1] + 1], new, *body[before[-1] + 1:]]
    first = stdlib[0][0] if stdlib else next((i for i, name in imports if name != "__future__"), None)
    if first is None:
        return None
    line = body[first]
    assert isinstance(line, cst.SimpleStatementLine)
    moved = new.with_changes(leading_lines=line.leading_lines)
    return [*body[:first], moved, line.with_changes(leading_lines=()), *body[first + 1:]]


def update_imports(
    module: cst.Module, path: str, add: Iterable[ImportSpec], unused: Iterable[ImportSpec]
) -> cst.Module:
    """``module`` with ``unused`` imports dropped where nothing uses them and ``add`` present."""
    context = CodemodContext(filename=path)
    for spec in unused:
        RemoveImportsVisitor.remove_unused_import(context, spec.module, spec.name or None, spec.asname or None)
    module = RemoveImportsVisitor(context).transform_module(module)
    body = list(module.body)
    context = CodemodContext(filename=path)
    for spec in dict.fromkeys(add):
        stdlib = not spec.name and spec.module in sys.stdlib_module_names
        placed = _with_stdlib_import(body, spec.module) if stdlib else None
        if placed is not None:
            body = placed
            continue
        index = next((i for i, line in enumerate(body) if spec.name and _from_import(line, spec.module)), None)
        if index is None:
            AddImportsVisitor.add_needed_import(context, spec.module, spec.name or None, spec.asname or None)
            continue
        line = body[index]
        assert isinstance(line, cst.SimpleStatementLine)
        statement = _from_import(line, spec.module)
        assert statement is not None
        if not _present(statement, spec):
            body[index] = line.with_changes(body=[_insert(statement, spec)])
    return AddImportsVisitor(context).transform_module(module.with_changes(body=body))

"""PX401 exception-outside-hierarchy: an exception class that does not derive from the project's base.

Active only when ``exception_bases`` is set in ``[pyexpert-mypy]``. Runs from the
customize-class-MRO hook of the class being defined (see
:mod:`mypy_pyexpert.class_hook`), on mypy's MRO, so indirect inheritance across modules
(and from the cache) counts.

Flagged: a class whose MRO contains ``builtins.BaseException`` but none of the configured bases.
Not flagged: the configured bases themselves, ``Warning`` subclasses, classes with a base mypy
could not resolve (``Any`` somewhere in the MRO: unknown), classes in stubs or silenced files.

A configured base that does not exist (decided in :func:`_verify_bases`):
- a name that is not dotted is rejected when the config is loaded (one line, exit 2);
- a name whose module is part of this mypy run and fully analysed, but which has no such class
  (or names something that is not a class, or a class that provably does not derive from
  ``BaseException``), is one *blocking* error, reported the first time an
  exception class is checked (mypy stops with exit status 2; no finding per class);
- a name whose module is not part of the run cannot be told apart from a partial run (pre-commit
  passes only the changed files, which need not import the errors module): no error, and every
  exception class is flagged with the configured name in the message, which shows the typo.
"""

from __future__ import annotations

from typing import Final

from mypy.nodes import (
    AssignmentStmt,
    Block,
    ClassDef,
    Decorator,
    Expression,
    FuncDef,
    IfStmt,
    Import,
    ImportAll,
    ImportFrom,
    ListExpr,
    MypyFile,
    NameExpr,
    OverloadedFuncDef,
    Statement,
    SymbolTable,
    TryStmt,
    TupleExpr,
    TypeInfo,
)
from mypy.semanal import SemanticAnalyzer

from mypy_pyexpert.reporting import report_in_semanal, semanal_applies
from pyexpert_core.metadata import EXCEPTION_OUTSIDE_HIERARCHY as RULE

__all__ = ["check_exception_hierarchy"]

BASE_EXCEPTION: Final = "builtins.BaseException"
WARNING: Final = "builtins.Warning"
_PACKAGE_INITS: Final = ("__init__.py", "__init__.pyi")


def check_exception_hierarchy(sem: SemanticAnalyzer, defn: ClassDef, bases: tuple[str, ...]) -> None:
    info = defn.info
    if not bases or info.bad_mro:
        return
    mro_names = {cls.fullname for cls in info.mro}
    if BASE_EXCEPTION not in mro_names:
        return
    canonical = _verified_bases(sem, defn, bases)
    if canonical is None:
        return
    if info.fullname in canonical or WARNING in mro_names or not mro_names.isdisjoint(canonical):
        return
    if any(cls.fallback_to_any for cls in info.mro):
        return  # a base mypy could not resolve may well be a configured one
    if semanal_applies(sem, RULE):
        report_in_semanal(sem, RULE, RULE.format(name=info.name, expected=" or ".join(bases)), defn)


def _verified_bases(sem: SemanticAnalyzer, defn: ClassDef, bases: tuple[str, ...]) -> set[str] | None:
    """The fullnames of the configured classes (re-exports resolved), or None after one blocking
    error when a configured base provably does not exist.

    Decided again at every exception class (a few dictionary lookups), so a daemon never keeps a
    verdict about a module that has changed since.
    """
    canonical: set[str] = set()
    for base in bases:
        fullname, problem = _resolve(sem, base)
        if problem is not None:
            if not sem.errors.is_blockers():  # the build stops at the first blocker: report once
                sem.fail(
                    f"pyexpert: [pyexpert-mypy] exception_bases: {problem}; fix the option "
                    "(fully qualified class names, e.g. app.errors.AppError)",
                    defn,
                    serious=True,
                    blocker=True,
                )
            return None
        canonical.add(fullname)
    return canonical


def _resolve(sem: SemanticAnalyzer, base: str) -> tuple[str, str | None]:
    """The fullname of the class ``base`` names (``base`` itself when undecided), and why it
    provably names no class (``None``: it exists, or it cannot be decided yet)."""
    parts = base.split(".")
    for split in range(len(parts) - 1, 0, -1):
        module_name = ".".join(parts[:split])
        module = sem.modules.get(module_name)
        if module is not None:
            break
    else:
        return base, None  # the module is not (yet) part of the run: undecidable
    if sem.is_incomplete_namespace(module_name):
        # being analysed (this module, or one in its import cycle): judge its statements
        defined = _top_level_names(module.defs)
        if defined is None or parts[split] in defined:
            return base, None
        return base, f"{base!r} does not exist ({module_name!r} defines no {parts[split]!r})"
    if "__name__" not in module.names:
        return base, None  # not analysed yet: decided at a later exception class
    table: SymbolTable = module.names
    fullname = base
    for position, name in enumerate(parts[split:]):
        symbol = table.get(name)
        if symbol is None:
            if position == 0 and _is_package(module):
                return base, None  # perhaps a submodule that is not part of this run
            owner = ".".join(parts[: split + position])
            return base, f"{base!r} does not exist ({owner!r} has no {name!r})"
        node = symbol.node
        if not isinstance(node, TypeInfo):
            if position == 0 and isinstance(node, MypyFile):
                return base, None  # a submodule that was imported under that name
            return base, f"{base!r} is not a class"
        table = node.names
        fullname = node.fullname  # a re-export resolves to the class's own module
        if position == len(parts) - split - 1 and _provably_not_an_exception(node):
            return base, f"{base!r} is not an exception class (it does not derive from BaseException)"
    return fullname, None


def _provably_not_an_exception(info: TypeInfo) -> bool:
    """Whether the class's MRO is known (computed, no unresolved base) and lacks BaseException."""
    return bool(info.mro) and not info.fallback_to_any and not info.has_base("builtins.BaseException")


def _is_package(module: MypyFile) -> bool:
    return module.path.replace("\\", "/").rsplit("/", 1)[-1] in _PACKAGE_INITS


def _top_level_names(defs: list[Statement]) -> set[str] | None:
    """Names a module's statements bind at top level (``None``: a star import, unknown)."""
    names: set[str] = set()
    stack = list(defs)
    while stack:
        stmt = stack.pop()
        if isinstance(stmt, (ClassDef, FuncDef, Decorator, OverloadedFuncDef)):
            names.add(stmt.name)
        elif isinstance(stmt, AssignmentStmt):
            names.update(_bound(stmt.lvalues))
        elif isinstance(stmt, ImportFrom):
            names.update(alias or name for name, alias in stmt.names)
        elif isinstance(stmt, Import):
            names.update(alias or module.split(".")[0] for module, alias in stmt.ids)
        elif isinstance(stmt, ImportAll):
            return None
        elif isinstance(stmt, IfStmt):
            stack.extend(stmt for block in [*stmt.body, stmt.else_body] if block is not None for stmt in block.body)
        elif isinstance(stmt, TryStmt):
            blocks = [stmt.body, *stmt.handlers, stmt.else_body, stmt.finally_body]
            stack.extend(stmt for block in blocks if block is not None for stmt in block.body)
        elif isinstance(stmt, Block):
            stack.extend(stmt.body)
    return names


def _bound(lvalues: list[Expression]) -> set[str]:
    names: set[str] = set()
    for lvalue in lvalues:
        if isinstance(lvalue, NameExpr):
            names.add(lvalue.name)
        elif isinstance(lvalue, (TupleExpr, ListExpr)):
            names.update(_bound(lvalue.items))
    return names

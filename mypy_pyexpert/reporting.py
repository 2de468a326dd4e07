"""Where and how a finding is reported: the one path every mypy rule reports through.

*Whether a rule applies here* (:func:`checker_applies`, :func:`semanal_applies`): mypy reports
the current file (not a stub, an installed package, an ``ignore_errors`` or silenced module),
the rule's error code is enabled (config, inline ``# mypy:`` comments), and the file's role is
one the rule applies to (:func:`mypy_pyexpert.files.module_role`, ``Rule.applies_to``). Rules ask
first, before any work of their own.

*Reporting* (:func:`report_in_checker`, :func:`report_in_semanal`):

* a Pydantic v2 rule (PX2) is not reported in a v1 compatibility branch of the file;
* a finding on a line with a flake8 ``# noqa`` comment that covers its PX code (``# noqa:
  PX101``, or a bare ``# noqa``) is not reported (:mod:`pyexpert_core.noqa`): one suppression
  syntax for both plugins. The line is read only when a finding is about to be reported;
* during type checking, mypy evaluates some expressions more than once with its error
  watchers active (inferring an argument in two type contexts, the expression cache that
  replays the errors of an earlier pass) and picks a result by whether *errors* were reported.
  A lint finding must not take part in that choice: it would change mypy's own output (seen:
  a ``deprecated`` error mypy itself loses came back). So the finding bypasses the watchers and
  goes straight to mypy's error list; a finding reported by several passes is one exact
  duplicate, which mypy drops;
* during semantic analysis, the finding is reported even in a function nested in an
  unannotated one (``serious``): mypy analyses such a function's annotated signature, and so
  does pyexpert.
"""

from __future__ import annotations

from functools import cache

from mypy.checker import TypeChecker
from mypy.nodes import Context, MypyFile
from mypy.options import Options
from mypy.semanal import SemanticAnalyzer

from mypy_pyexpert.config import Settings, parse_settings
from mypy_pyexpert.errorcodes import code_for
from mypy_pyexpert.files import in_compat_branch, module_role
from mypy_pyexpert.types import is_reported_path
from pyexpert_core.noqa import line_is_suppressed
from pyexpert_core.ruleinfo import Family, RuleInfo

__all__ = ["checker_applies", "report_in_checker", "report_in_semanal", "semanal_applies", "settings_of"]


@cache
def _settings(config_file: str | None) -> Settings:
    return parse_settings(config_file)


def settings_of(options: Options) -> Settings:
    """The plugin's settings for this run (validated when the plugin was loaded: cannot fail here)."""
    return _settings(options.config_file)


def _role_applies(tree: MypyFile, options: Options, rule: RuleInfo) -> bool:
    return rule.applies_in(module_role(tree, settings_of(options).role_globs))


def checker_applies(api: TypeChecker, rule: RuleInfo) -> bool:
    """Whether a type-checking hook should report ``rule`` in the file being checked."""
    return (
        api.errors.is_error_code_enabled(code_for(rule))
        and is_reported_path(api.errors, api.path)
        and _role_applies(api.tree, api.options, rule)
    )


def semanal_applies(sem: SemanticAnalyzer, rule: RuleInfo) -> bool:
    """Whether a semantic-analysis hook should report ``rule`` in the module being analysed."""
    module = sem.cur_mod_node
    return (
        not sem.is_stub_file
        and is_reported_path(sem.errors, module.path)
        and _role_applies(module, sem.options, rule)
    )


def _dropped(rule: RuleInfo, path: str, context: Context) -> bool:
    """A finding in a compatibility branch (PX2 rules) or on a line whose ``# noqa`` covers it."""
    return (rule.family is Family.PX2 and in_compat_branch(path, context.line, context.column)) or (
        line_is_suppressed(path, context.line, rule.code)
    )


def report_in_checker(api: TypeChecker, rule: RuleInfo, message: str, context: Context) -> None:
    """Report a finding of a type-checking hook (the caller asked :func:`checker_applies`)."""
    if _dropped(rule, api.path, context):
        return
    errors = api.msg.errors
    watchers = errors._watchers
    errors._watchers = []  # see the module docstring: a lint finding takes no part in inference
    try:
        api.fail(message, context, code=code_for(rule))
    finally:
        errors._watchers = watchers


def report_in_semanal(sem: SemanticAnalyzer, rule: RuleInfo, message: str, context: Context) -> None:
    """Report a finding of a semantic-analysis hook (the caller asked :func:`semanal_applies`)."""
    if _dropped(rule, sem.cur_mod_node.path, context):
        return
    sem.fail(message, context, serious=True, code=code_for(rule))

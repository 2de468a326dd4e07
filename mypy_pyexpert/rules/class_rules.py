"""The class-level rules PX401, PX604 and PX605, run from the customize-class-MRO hook.

mypy calls ``get_customize_class_mro_hook`` during semantic analysis of the class's own module,
right after the class's MRO is computed and before its body is analysed, once per analysis pass
(a deferred class runs it again; the findings are then exact duplicates, which mypy drops). The
hook is not claimed by pydantic.mypy, which needs the base-class and metaclass hooks instead.

:func:`analyse_class` first records the class-body facts that later modules need
(:mod:`mypy_pyexpert.rules.mixin_mro`: recorded for every class whose module's bodies mypy
reads -- not stubs, not installed packages nor ``ignore_errors`` modules, whose bodies mypy
strips), then runs the rules for classes in files mypy reports.

The settings are those of the config file mypy was started with (already validated when the
plugin was loaded, so parsing them again cannot fail here).
"""

from __future__ import annotations

from typing import Final

from mypy.plugin import ClassDefContext
from mypy.semanal import SemanticAnalyzer

from mypy_pyexpert.reporting import settings_of
from mypy_pyexpert.rules._safety import analysis_guard
from mypy_pyexpert.rules.exception_hierarchy import check_exception_hierarchy
from mypy_pyexpert.rules.init_chain import check_init_chain
from mypy_pyexpert.rules.mixin_mro import (
    bodies_known,
    body_facts,
    check_shadowed_mixin_methods,
    record_body_facts,
)
from mypy_pyexpert.types import is_reported_path
from pyexpert_core.metadata import BROKEN_INIT_CHAIN, EXCEPTION_OUTSIDE_HIERARCHY, SHADOWED_MIXIN_METHOD

__all__ = ["analyse_class"]

_RULES: Final = ", ".join(rule.code for rule in (EXCEPTION_OUTSIDE_HIERARCHY, BROKEN_INIT_CHAIN, SHADOWED_MIXIN_METHOD))


def analyse_class(ctx: ClassDefContext) -> None:
    """Record the body facts of ``ctx.cls`` and run PX401, PX604 and PX605 on it."""
    sem = ctx.api
    if not isinstance(sem, SemanticAnalyzer) or sem.is_stub_file:
        return  # stub bodies are unknown: no facts, no findings
    with analysis_guard(_RULES, sem, ctx.cls):
        defn = ctx.cls
        if not bodies_known(sem, sem.cur_mod_id):
            return  # bodies stripped or absent: no facts (unknown), and not a reported file
        if not is_reported_path(sem.errors, sem.cur_mod_node.path):
            record_body_facts(defn.info, None)  # silenced: mypy stripped the bodies
            return
        own = body_facts(defn)
        record_body_facts(defn.info, own)
        settings = settings_of(sem.options)
        check_exception_hierarchy(sem, defn, settings.exception_bases)
        check_init_chain(sem, defn, own, settings.mixin_pattern)
        check_shadowed_mixin_methods(sem, defn, own, settings.mixin_pattern)

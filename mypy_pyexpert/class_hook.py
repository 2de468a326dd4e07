"""The class hook: everything pyexpert does per class, from ``get_customize_class_mro_hook``.

mypy calls the hook during semantic analysis of the class's own module, right after the class's
MRO is computed and before its body is analysed, once per analysis pass (a deferred class runs
it again; the findings are then exact duplicates, which mypy drops). pydantic.mypy does not
claim it (it needs the base-class and metaclass hooks instead).

For each class, in this order:

1. the facts later modules read from mypy's cache, where class bodies and keywords are gone
   (:mod:`mypy_pyexpert.class_facts`): ``table=True`` (PX105, PX502), the hashability facts of
   :mod:`mypy_pyexpert.frozen_facts` (PX701), and the body facts of
   :mod:`mypy_pyexpert.body_facts` (PX604, PX605) for every class whose module's bodies mypy
   reads (not stubs, not installed packages nor ``ignore_errors`` modules, whose bodies mypy
   strips);
2. the class-level rules PX401, PX604 and PX605, for classes in files mypy reports.

The settings are those of the config file mypy was started with (already validated when the
plugin was loaded, so parsing them again cannot fail here).
"""

from __future__ import annotations

from typing import Final

from mypy.plugin import ClassDefContext
from mypy.semanal import SemanticAnalyzer

from mypy_pyexpert import class_facts, frozen_facts
from mypy_pyexpert.body_facts import bodies_known, body_facts, record_body_facts
from mypy_pyexpert.reporting import settings_of
from mypy_pyexpert.rules.px401_exception_outside_hierarchy import check_exception_hierarchy
from mypy_pyexpert.rules.px604_broken_init_chain import check_init_chain
from mypy_pyexpert.rules.px605_shadowed_mixin_method import check_shadowed_mixin_methods
from mypy_pyexpert.safety import analysis_guard
from mypy_pyexpert.types import is_reported_path
from pyexpert_core.metadata import BROKEN_INIT_CHAIN, EXCEPTION_OUTSIDE_HIERARCHY, SHADOWED_MIXIN_METHOD

__all__ = ["analyse_class"]

_RULES: Final = ", ".join(rule.code for rule in (EXCEPTION_OUTSIDE_HIERARCHY, BROKEN_INIT_CHAIN, SHADOWED_MIXIN_METHOD))


def analyse_class(ctx: ClassDefContext) -> None:
    """The ``get_customize_class_mro_hook`` callback: record the facts of ``ctx.cls`` and run the
    class-level rules on it."""
    class_facts.record_table(ctx)
    frozen_facts.record(ctx)
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

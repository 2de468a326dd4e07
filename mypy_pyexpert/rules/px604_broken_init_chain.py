"""PX604 broken-init-chain: an ``__init__`` that does not call ``super().__init__`` in a
multiple-inheritance MRO, so the ``__init__`` of a later class never runs.

Runs from the customize-class-MRO hook of the class being defined (see
:mod:`mypy_pyexpert.class_hook`). The class's own ``__init__`` is read from its body;
every other class of the MRO only through the ``"init"`` fact recorded when its own module was
analysed (:mod:`mypy_pyexpert.body_facts`), so the result is the same when those modules
come from mypy's cache.

Reported once per class, at the class statement, naming the first breaking ``__init__`` and the
written ``__init__``s after it that it skips. Not reported: a breaking ``__init__`` of a mixin
(its name matches ``mixin_pattern``): that is PX602's finding (flake8), at the mixin, and one
mistake is one report; classes with fewer than two bases,
breaking ``__init__``s with no written ``__init__`` after them (nothing is lost), chains where an
earlier ``__init__`` calls ``X.__init__(self)`` by hand (the calls do not follow the MRO), classes known
only from stubs or whose ``__init__`` is generated (no fact), and skipped ``__init__``s that one
of the class's bases already skips (the arrangement is that base's, reported there).
"""

from __future__ import annotations

import re

from mypy.nodes import ClassDef, TypeInfo
from mypy.semanal import SemanticAnalyzer

from mypy_pyexpert.reporting import report_in_semanal, semanal_applies
from mypy_pyexpert.body_facts import BREAKS, MANUAL, BodyFacts, init_fact
from pyexpert_core.metadata import BROKEN_INIT_CHAIN as RULE

__all__ = ["check_init_chain"]


def check_init_chain(sem: SemanticAnalyzer, defn: ClassDef, own: BodyFacts, mixin_pattern: str) -> None:
    info = defn.info
    if len(info.bases) < 2 or info.fallback_to_any or info.bad_mro or info.is_protocol:
        return
    if not semanal_applies(sem, RULE):
        return
    chain = [cls for cls in info.mro if cls.fullname != "builtins.object"]

    def fact(cls: TypeInfo) -> str | None:
        return own.init if cls is info else init_fact(cls)

    for index, breaker in enumerate(chain):
        verdict = fact(breaker)
        if verdict == MANUAL:
            return  # ``X.__init__(self)`` by hand: the calls no longer follow the MRO
        if verdict != BREAKS:
            continue
        if re.search(mixin_pattern, breaker.name):
            return  # a mixin's non-cooperative __init__ is PX602's finding
        later_classes = chain[index + 1:]
        skipped = [
            later
            for later in later_classes
            if fact(later) is not None and not _arranged_by_a_base(info, breaker, later)
        ]
        if skipped:
            names = ", ".join(f"{cls.name}.__init__" for cls in skipped)
            report_in_semanal(sem, RULE, RULE.format(name=info.name, breaker=breaker.name, skipped=names), defn)
        return  # the chain stops at the first breaking __init__: later ones are skipped, not judged


def _arranged_by_a_base(info: TypeInfo, breaker: TypeInfo, later: TypeInfo) -> bool:
    return any(breaker in base.type.mro and later in base.type.mro for base in info.bases)

"""The ecosystem check (``pytest -m corpus``): every finding on real code is in the judged ledger.

See ``tests/ecosystem.py`` for the corpus, the ledger and how a new finding is judged. Deselected
by default (it downloads the pinned corpus once and runs both plugins over about 480,000 lines:
several minutes).
"""

from __future__ import annotations

import pytest

import ecosystem
from pyexpert_core.registry import registry

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def comparison() -> ecosystem.Comparison:
    return ecosystem.compare(ecosystem.findings(), ecosystem.ledger())


def test_every_finding_is_judged(comparison: ecosystem.Comparison) -> None:
    unjudged = [f"{f.package}/{f.path}:{f.line}: {f.code} {f.message}  | {f.source}" for f in comparison.unjudged]
    assert not unjudged, (
        f"{len(unjudged)} findings are not in tests/ecosystem/ledger.json; read each in its context and "
        "judge it (python tests/ecosystem.py unjudged):\n" + "\n".join(unjudged[:200])
    )


def test_no_true_finding_is_lost(comparison: ecosystem.Comparison) -> None:
    lost = list(ecosystem.iter_lines(comparison.lost))
    assert not lost, "findings judged correct that are no longer reported:\n" + "\n".join(lost)


def test_the_ledger_marks_what_is_gone(comparison: ecosystem.Comparison) -> None:
    """The ``gone`` flags (what the precision leaves out) match what the plugins report."""
    stale = [entry for entry in comparison.judged if entry.gone]
    stale += [entry for entry in comparison.gone if not entry.gone]
    assert not stale, "python tests/ecosystem.py refresh:\n" + "\n".join(ecosystem.iter_lines(stale))


def _precision_per_side(comparison: ecosystem.Comparison) -> dict[str, float]:
    found: dict[str, float] = {}
    for checker in ("flake8", "mypy"):
        codes = {rule.code for rule in registry() if rule.checker.value == checker}
        judged = [entry for entry in comparison.judged if entry.code in codes]
        assert judged, f"no {checker} finding on the corpus"
        found[checker] = sum(entry.verdict == "correct" for entry in judged) / len(judged)
    return found


def test_precision_is_at_least_98_percent_per_side(comparison: ecosystem.Comparison) -> None:
    for checker, value in _precision_per_side(comparison).items():
        assert value >= 0.98, f"{checker}: {value:.2%}"

"""pyexpert chained with pydantic.mypy, in both orders (hooks do not chain in mypy).

pydantic.mypy's own errors (``init_typed`` makes ``User(id="x")`` an ``arg-type`` error; ``from_orm``
without ``from_attributes`` is ``pydantic-orm``, served by the same ``get_method_hook`` pyexpert
uses for ``model_dump``) and mypy's own errors must still appear, and the PX findings must be the
same in both orders and without pydantic.mypy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import pytest

from expectations import Finding, assert_matches, run_mypy
from mypy_pyexpert.safety import DEBUG_ENV

pytestmark = pytest.mark.slow

SOURCE: Final = '''\
# mypy: enable-error-code="pyexpert-dumped-model-as-data"
from typing import Any

from pydantic import BaseModel
from sqlmodel import Field, SQLModel


class User(BaseModel):
    id: int
    extra: dict[str, Any] = {}  # expect: PX103


class Hero(SQLModel, table=True):
    id: str | None = Field(default=None, primary_key=True)


def save(row: object) -> None:
    print(row)


def handle(payload: dict[str, Any]) -> dict[str, Any]:  # expect: PX101, PX102
    return payload


def build(data: dict[str, str], user: User) -> None:
    Hero(**data)  # expect: PX105
    save(user.model_dump())  # expect: PX106
    User(id="x")  # expect: mypy:arg-type
    User.from_orm(user)  # expect: mypy:pydantic-orm, PX204
    count: int = "many"  # expect: mypy:assignment
    print(count)
'''

PYDANTIC_ONLY_CODES: Final = frozenset({"mypy:pydantic-orm"})


def _run(tmp_path: Path, name: str, plugins: str) -> list[Finding]:
    root = tmp_path / name
    root.mkdir()
    module = root / "chained.py"
    module.write_text(SOURCE)
    config = root / "mypy.ini"
    config.write_text(f"[mypy]\nplugins = {plugins}\n\n[pydantic-mypy]\ninit_typed = True\n")
    result = run_mypy([module], cwd=root, config_file=config)
    assert "INTERNAL ERROR" not in result.stdout + result.stderr
    return result.findings


def _px(findings: list[Finding]) -> set[tuple[int, str, str]]:
    return {(f.line, f.code, f.message) for f in findings if f.code.startswith("PX")}


ORDERS: Final = {
    "pydantic-first": "pydantic.mypy, mypy_pyexpert",
    "pydantic-last": "mypy_pyexpert, pydantic.mypy",
    "alone": "mypy_pyexpert",
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[Finding]]]:
    tmp_path = tmp_path_factory.mktemp("chain")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DEBUG_ENV, "1")  # a bug in a rule fails the run instead of hiding
        return {
            name: (tmp_path / name / "chained.py", _run(tmp_path, name, plugins)) for name, plugins in ORDERS.items()
        }


@pytest.mark.parametrize("order", ["pydantic-first", "pydantic-last"])
def test_both_plugins_report_everything(runs: dict[str, tuple[Path, list[Finding]]], order: str) -> None:
    path, findings = runs[order]
    assert_matches([path], findings)


def test_px_findings_do_not_depend_on_order_or_pydantic(runs: dict[str, tuple[Path, list[Finding]]]) -> None:
    first, last, alone = (runs[name][1] for name in ORDERS)
    assert _px(first), "the chained runs must report PX findings"
    assert _px(first) == _px(last) == _px(alone)
    # without pydantic.mypy its own error is gone, which shows the chained runs were real
    assert not any(f.code in PYDANTIC_ONLY_CODES for f in alone)


UNTYPED_INIT_SOURCE: Final = '''\
# mypy: enable-error-code="pyexpert-dumped-model-as-data"
from typing import Any

from pydantic import BaseModel


class User(BaseModel):
    id: int


class Event(BaseModel):
    data: dict[str, Any] | None = None  # expect: PX103
    user: object = None


def build(user: User) -> tuple[Event, Event]:
    first = Event(data=user.model_dump())  # the field is the mistake (PX103)
    second = Event(user=user.model_dump())  # expect: PX106
    return first, second
'''


def test_a_field_is_read_as_declared_when_pydantic_types_init_as_any(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without ``init_typed``, pydantic.mypy gives ``__init__`` ``Any`` parameters: PX106 reads the
    receiving field's declared type, so a dump into a field declared as a raw dict is PX103's."""
    monkeypatch.setenv(DEBUG_ENV, "1")
    module = tmp_path / "untyped_init.py"
    module.write_text(UNTYPED_INIT_SOURCE)
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\nplugins = pydantic.mypy, mypy_pyexpert\n")
    result = run_mypy([module], cwd=tmp_path, config_file=config)
    assert "INTERNAL ERROR" not in result.stdout + result.stderr
    assert_matches([module], result.findings)

"""PX502 and PX701 through the real mypy: every run mode, pydantic.mypy in both orders, messages.

A small FastAPI project is written to ``tmp_path``: models in one module (a ``table=True``
model, a non-frozen Pydantic model, a dataclass), a router in a second, the app in a third
(``from proj.routers import router``), cached lookups in a fourth. Its expected findings are
the ``# expect:`` comments in the files. Both rules find the decorated function through the
module's decorator index, and read class facts recorded in ``TypeInfo.metadata`` when the
models module was analysed, so they must give the same findings when that module comes from
mypy's cache, when another module is edited (the index of an edited module is rebuilt), with
worker processes and under ``dmypy``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Final

import pytest

from expectations import (
    MYPY_DAEMON_SUPPORTED,
    MYPY_HAS_WORKERS,
    Dmypy,
    Finding,
    MYPY_OUTPUT_FLAGS,
    assert_matches,
    expectations_in,
    run_mypy,
)
from mypy_pyexpert.safety import DEBUG_ENV

pytestmark = pytest.mark.slow

MODELS: Final = '''\
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict
from sqlmodel import Field, SQLModel


class UserBase(SQLModel):
    email: str


class User(UserBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    hashed_password: str


class UserRead(UserBase):
    id: int


class FrozenBase(BaseModel):
    model_config = ConfigDict(frozen=True)


class Filters(BaseModel):
    status: str


@dataclass
class Window:
    start: int
'''

# Filters inherits frozen from a base: a change of its MRO
MODELS_FROZEN_BY_BASE: Final = MODELS.replace("class Filters(BaseModel):", "class Filters(FrozenBase):")
# Filters is frozen by its own config: a change of a recorded fact only
MODELS_FROZEN_BY_CONFIG: Final = MODELS.replace(
    "class Filters(BaseModel):\n", "class Filters(BaseModel):\n    model_config = ConfigDict(frozen=True)\n"
)

ROUTERS: Final = '''\
from fastapi import APIRouter

from proj.models import User, UserRead

router = APIRouter(prefix="/users")


def load() -> User:
    return User(email="ada@example.com", hashed_password="x")


@router.get("/{user_id}")
def read_user(user_id: int) -> User:  # expect: PX502
    return load()


@router.get("/", response_model=list[UserRead])
def list_users() -> list[User]:
    return [load()]
'''

ROUTERS_EDIT: Final = '''

@router.get("/admins", response_model=list[User])  # expect: PX502
def list_admins() -> list[User]:
    return [load()]
'''

APP: Final = '''\
from fastapi import FastAPI

from proj.models import User
from proj.routers import router

app = FastAPI()
app.include_router(router)


@router.post("/")
async def create_user(email: str) -> User:  # expect: PX502
    return User(email=email, hashed_password="x")
'''

LOOKUPS: Final = '''\
from functools import lru_cache

from proj.models import Filters, Window


@lru_cache
def count(filters: Filters) -> int:  # expect: PX701  # frozen-edit
    return len(filters.status)


@lru_cache(maxsize=None)
def span(window: Window) -> int:  # expect: PX701
    return window.start


@lru_cache
def total(values: list[int]) -> int:  # expect: PX701
    return sum(values)
'''

LOOKUPS_EDIT: Final = '''

@lru_cache(maxsize=8)
def pick(choices: set[str]) -> str:  # expect: PX701
    return min(choices)
'''

CONFIG: Final = "[mypy]\nplugins = mypy_pyexpert\n"


class Project:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.package = root / "proj"
        self.package.mkdir()
        (self.package / "__init__.py").write_text("")
        self.models = self.package / "models.py"
        self.routers = self.package / "routers.py"
        self.lookups = self.package / "lookups.py"
        self.models.write_text(MODELS)
        self.routers.write_text(ROUTERS)
        (self.package / "app.py").write_text(APP)
        self.lookups.write_text(LOOKUPS)
        self.config = root / "mypy.ini"
        self.config.write_text(CONFIG)

    @property
    def files(self) -> list[Path]:
        return sorted(self.package.glob("*.py"))

    def expected_when_filters_frozen(self) -> list[str]:
        keep = []
        for path in self.files:
            lines = path.read_text().splitlines()
            for exp in expectations_in(path):
                if "# frozen-edit" not in lines[exp.line - 1]:
                    keep.append(f"{path.name}:{exp.line}:{exp.code}")
        return sorted(keep)

    def mypy(self, *args: str) -> list[Finding]:
        return run_mypy([self.package], cwd=self.root, config_file=self.config, args=args).findings


def _key(findings: list[Finding]) -> list[str]:
    return sorted(f"{Path(f.path).name}:{f.line}:{f.code}" for f in findings)


def _messages(findings: list[Finding]) -> list[tuple[str, int, int, str, str]]:
    return sorted((Path(f.path).name, f.line, f.col, f.code, f.message) for f in findings)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv(DEBUG_ENV, "1")  # a rule that meets an unexpected shape fails loudly
    return Project(tmp_path)


def _edit_user_modules(project: Project, check: Callable[[], list[Finding]]) -> None:
    """New decorated functions in edited modules are found (their decorator index is rebuilt)."""
    project.routers.write_text(ROUTERS + ROUTERS_EDIT)
    project.lookups.write_text(LOOKUPS + LOOKUPS_EDIT)
    assert_matches(project.files, check())
    project.routers.write_text(ROUTERS)
    project.lookups.write_text(LOOKUPS)
    assert_matches(project.files, check())


def _edit_models(project: Project, check: Callable[[], list[Finding]], frozen_models: list[str]) -> None:
    """Filters made frozen in the models module: the finding in lookups.py goes, then returns."""
    before = _key(check())
    for source in frozen_models:
        project.models.write_text(source)
        assert _key(check()) == project.expected_when_filters_frozen()
        project.models.write_text(MODELS)
        assert _key(check()) == before


def test_cold_warm_and_edited(project: Project) -> None:
    cold = project.mypy()
    assert_matches(project.files, cold)
    assert {f.code for f in cold} == {"PX502", "PX701"}
    warm = project.mypy()  # models.py, routers.py ... from the cache
    assert _messages(warm) == _messages(cold)
    _edit_user_modules(project, project.mypy)
    _edit_models(project, project.mypy, [MODELS_FROZEN_BY_BASE, MODELS_FROZEN_BY_CONFIG])


@pytest.mark.skipif(not MYPY_HAS_WORKERS, reason="--num-workers works in mypy 2.0 and later")
def test_parallel_workers(project: Project) -> None:
    cold = project.mypy("--num-workers", "2")
    assert_matches(project.files, cold)
    assert _messages(project.mypy("--num-workers", "2")) == _messages(cold)
    _edit_models(project, lambda: project.mypy("--num-workers", "2"), [MODELS_FROZEN_BY_CONFIG])


@pytest.fixture
def daemon(project: Project) -> Iterator[Dmypy]:
    started = Dmypy(project.root, ["--config-file", str(project.config), *MYPY_OUTPUT_FLAGS], [str(project.package)])
    try:
        yield started
    finally:
        started.stop()


@pytest.mark.skipif(not MYPY_DAEMON_SUPPORTED, reason="the plugin refuses dmypy on mypy 1.x (test_mypy_version.py)")
def test_dmypy_run(project: Project, daemon: Dmypy) -> None:
    first = daemon.run()
    assert_matches(project.files, first)
    assert _key(daemon.run()) == _key(first)
    _edit_user_modules(project, daemon.run)
    # the frozen fact of Filters changes in models.py; dmypy must re-check lookups.py
    _edit_models(project, daemon.run, [MODELS_FROZEN_BY_BASE, MODELS_FROZEN_BY_CONFIG])


# -- pydantic.mypy before and after ----------------------------------------------------------------

CHAINED: Final = '''\
from functools import lru_cache

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict
from sqlmodel import Field, SQLModel

app = FastAPI()


class Hero(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    hashed_password: str


class Query(BaseModel):
    text: str


class FrozenQuery(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str


@app.get("/heroes")
def list_heroes() -> list[Hero]:  # expect: PX502
    return []


@lru_cache
def search(query: Query) -> int:  # expect: PX701
    return len(query.text)


@lru_cache
def search_frozen(query: FrozenQuery) -> int:
    return len(query.text)


def misuse(query: FrozenQuery) -> None:
    Query(text=1)  # expect: mypy:arg-type
    query.text = "x"  # expect: mypy:misc
    Query.from_orm(query)  # expect: mypy:pydantic-orm, PX204
    count: int = "many"  # expect: mypy:assignment
    print(count)
'''

# pydantic.mypy's: from_orm without from_attributes; assigning to a field of a frozen model
PYDANTIC_ONLY_CODES: Final = frozenset({"mypy:pydantic-orm", "mypy:misc"})
ORDERS: Final = {
    "pydantic-first": "pydantic.mypy, mypy_pyexpert",
    "pydantic-last": "mypy_pyexpert, pydantic.mypy",
}


@pytest.fixture(scope="module")
def chained_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[Finding]]]:
    runs: dict[str, tuple[Path, list[Finding]]] = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DEBUG_ENV, "1")
        for name, plugins in ORDERS.items():
            root = tmp_path_factory.mktemp(name)
            module = root / "chained.py"
            module.write_text(CHAINED)
            config = root / "mypy.ini"
            config.write_text(f"[mypy]\nplugins = {plugins}\n\n[pydantic-mypy]\ninit_typed = True\n")
            result = run_mypy([module], cwd=root, config_file=config)
            assert "INTERNAL ERROR" not in result.stdout + result.stderr
            runs[name] = (module, result.findings)
    return runs


@pytest.mark.parametrize("order", ["pydantic-first", "pydantic-last"])
def test_chained_with_pydantic_mypy(chained_runs: dict[str, tuple[Path, list[Finding]]], order: str) -> None:
    path, findings = chained_runs[order]
    assert_matches([path], findings)


def test_px_findings_do_not_depend_on_plugin_order(chained_runs: dict[str, tuple[Path, list[Finding]]]) -> None:
    px = {
        name: {(f.line, f.code, f.message) for f in found if f.code.startswith("PX")}
        for name, (_, found) in chained_runs.items()
    }
    assert {code for _, code, _ in px["pydantic-first"]} == {"PX204", "PX502", "PX701"}
    assert px["pydantic-first"] == px["pydantic-last"]
    # pydantic.mypy's own errors are there in both orders: it really ran
    for _, found in chained_runs.values():
        assert PYDANTIC_ONLY_CODES <= {f.code for f in found}


# -- messages --------------------------------------------------------------------------------------


def test_messages(chained_runs: dict[str, tuple[Path, list[Finding]]]) -> None:
    messages = {f.code: f.message for f in chained_runs["pydantic-last"][1] if f.code in ("PX502", "PX701")}
    assert messages == {
        "PX502": "Route 'list_heroes' exposes table model 'Hero' through its return annotation; "
        "return a read model instead (e.g. response_model=HeroRead)",
        "PX701": "Cached function 'search' takes unhashable 'query: Query' (a non-frozen Pydantic model); "
        "pass a tuple, frozenset or frozen model instead",
    }

"""The FastAPI side of the flake8 semantic model, PX402's path exemptions, and the teams API example.

The rule fixtures (``tests/fixtures/flake8/px4*.py``, ``px5*.py``) are checked by
``test_flake8_rules.py``; what needs file paths or the model itself is checked here.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Final

from expectations import run_flake8
from flake8_pyexpert.semantic import SemanticModel

EXAMPLES: Final = Path(__file__).resolve().parent.parent / "examples"

_SERVICE_MODULE: Final = (
    "from fastapi import HTTPException\n"
    "\n"
    "\n"
    "def load(item_id: int) -> int:\n"
    "    if item_id < 0:\n"
    "        raise HTTPException(status_code=404)\n"
    "    return item_id\n"
)

# path -> whether PX402 flags the module above there
_PATHS: Final = {
    "app/services/items.py": True,
    "app/crud.py": True,
    "app/items_api_client.py": True,
    "app/api/utils.py": False,
    "app/routers/items.py": False,
    "app/endpoints/v1/items.py": False,
    "app/deps.py": False,
    "app/dependencies.py": False,
    "app/items_deps.py": False,
    "app/security.py": False,
    "app/auth.py": False,
    "app/items_router.py": False,
    "app/middleware.py": False,
    "tests/test_items.py": False,
    "tests/conftest.py": False,
    "app/items_test.py": False,
}


def test_px402_exempts_web_layer_and_test_paths(tmp_path: Path) -> None:
    for relative in _PATHS:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_SERVICE_MODULE, encoding="utf-8")
    findings = run_flake8(list(_PATHS), "--select=PX402", cwd=tmp_path)
    flagged = {Path(f.path).relative_to(tmp_path).as_posix() for f in findings}
    assert all(f.line == 6 and f.code == "PX402" for f in findings), findings
    assert flagged == {path for path, expected in _PATHS.items() if expected}


_WIRING: Final = """
from contextlib import asynccontextmanager
from typing import Annotated

import fastapi
from fastapi import Depends as D, FastAPI, Security
from starlette.middleware.base import BaseHTTPMiddleware

from .main import api


def get_db(): ...
def get_user(): ...
def scopes(): ...
async def on_value_error(request, exc): ...
async def on_key_error(request, exc): ...
async def on_lookup(request, exc): ...
async def startup_and_shutdown(app): ...


@asynccontextmanager
async def lifespan(app):
    yield


@asynccontextmanager
async def other_lifespan(app: FastAPI):
    yield


@asynccontextmanager
async def not_a_lifespan(path: str):
    yield


app = FastAPI(lifespan=startup_and_shutdown, exception_handlers={LookupError: on_lookup})
UserDep = Annotated[str, D(get_user)]


def handler(db=fastapi.Depends(get_db), s=Security(scopes), cls=D()): ...


@app.exception_handler(ValueError)
async def on_value(request, exc): ...


api.add_exception_handler(KeyError, on_key_error)


@app.middleware("http")
async def timing(request, call_next): ...


class Guard(BaseHTTPMiddleware):
    async def dispatch(self, request, call_next): ...
"""


def test_fastapi_facts_of_a_module() -> None:
    facts = SemanticModel(ast.parse(_WIRING)).fastapi.facts
    assert facts.dependencies == {"get_db", "get_user", "scopes"}
    assert facts.uses_depends
    assert facts.exception_handlers == {"on_value", "on_key_error", "on_lookup"}
    assert facts.lifespans == {"startup_and_shutdown", "lifespan", "other_lifespan"}
    assert facts.middleware == {"timing"}
    assert facts.middleware_classes == {"Guard"}
    assert facts.creates_app
    assert not facts.defines_route
    assert facts.is_api_layer


def test_a_plain_module_is_not_api_layer() -> None:
    source = (
        "from fastapi import HTTPException, status\n\n"
        "def f():\n    raise HTTPException(status.HTTP_404_NOT_FOUND)\n"
    )
    facts = SemanticModel(ast.parse(source)).fastapi.facts
    assert not facts.is_api_layer
    assert not facts.dependencies and not facts.exception_handlers and not facts.lifespans


def test_imported_router_is_a_route_receiver() -> None:
    source = (
        "from .routers import router, items_router\n"
        "import router as plain\n"
        "from .x import helper\n"
        "@router.get('/a')\ndef a(): ...\n"
        "@items_router.post('/b')\ndef b(): ...\n"
        "@helper.get('/c')\ndef c(): ...\n"
        "@plain.get('/d')\ndef d(): ...\n"
    )
    tree = ast.parse(source)
    model = SemanticModel(tree)
    functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    routes = {node.name for node in functions if model.fastapi.is_route_handler(node)}
    assert routes == {"a", "b"}
    assert model.fastapi.facts.defines_route and model.fastapi.facts.is_api_layer


def test_router_with_prefix_defined_in_the_module() -> None:
    source = (
        "from fastapi import APIRouter\n"
        "router = APIRouter(prefix='/v1', tags=['x'])\n"
        "@router.get('/')\ndef a(): ...\n"
    )
    tree = ast.parse(source)
    model = SemanticModel(tree)
    func = tree.body[-1]
    assert isinstance(func, ast.FunctionDef)
    assert model.fastapi.route_receivers == {"router"}
    assert model.fastapi.is_route_handler(func)


_SMOKE: Final = """
import json
import warnings

warnings.simplefilter("ignore", DeprecationWarning)
from fastapi.testclient import TestClient
from service.api import teams_app

with TestClient(teams_app) as client:
    health = client.get("/teams/healthz").json()
    members = client.get("/teams/avengers/members").json()
    missing = client.get("/teams/nobody/members")
    legacy_missing = client.get("/teams/nobody").status_code
print(json.dumps({
    "health": health,
    "members": members,
    "missing": [missing.status_code, missing.json()],
    "legacy_missing": legacy_missing,
}))
"""


def test_teams_api_example_runs(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(EXAMPLES),
        "HEROES_DATABASE_URL": f"sqlite:///{tmp_path / 'heroes.db'}",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    proc = subprocess.run(
        [sys.executable, "-c", _SMOKE], capture_output=True, text=True, cwd=tmp_path, env=env, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == {
        "health": {"status": "ok", "service": "heroes"},
        "members": {"name": "avengers", "members": ["Deadpond", "Spider-Boy"]},
        "missing": [404, {"detail": "team nobody not found"}],
        "legacy_missing": 404,
    }

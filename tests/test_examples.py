"""The example service (``examples/``) through the real tools, as the Quickstart runs them.

Every violation in ``examples/service`` is marked on its line with ``# expect: PXnnn``; the
real flake8 (``--select PX``) and the real mypy (with ``examples/mypy.ini``: strict, plugins
``pydantic.mypy, mypy_pyexpert``, PX106 enabled) must report exactly those and nothing else,
so the example also stays clean under strict mypy. A smoke run proves the example is working
code, not a fixture in disguise.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Final

from expectations import Expectation, Finding, expectations_in, mismatches, run_flake8, run_mypy
from pyexpert_core.catalog import Checker
from pyexpert_core.registry import registry

EXAMPLES: Final = Path(__file__).resolve().parent.parent / "examples"
SERVICE: Final = EXAMPLES / "service"
SOURCES: Final = tuple(sorted(SERVICE.rglob("*.py")))


def _expected(checker: Checker) -> list[Expectation]:
    """The expectations of the example that ``checker`` reports (``mypy:<code>`` is mypy's)."""
    found: list[Expectation] = []
    for path in SOURCES:
        for exp in expectations_in(path):
            owner = Checker.MYPY if exp.code.startswith("mypy:") else registry().by_code(exp.code).checker
            if owner is checker:
                found.append(exp)
    return found


def _assert_no_mismatch(expected: list[Expectation], actual: list[Finding]) -> None:
    problems = mismatches(expected, actual)
    assert not problems, "findings differ from the # expect: comments:\n" + "\n".join(problems)


def test_examples_show_every_rule() -> None:
    """Each rule of the catalog is shown by a marked violation in ``examples/`` (service or legacy)."""
    codes = {exp.code for path in sorted(EXAMPLES.rglob("*.py")) for exp in expectations_in(path)}
    catalog = {rule.code for rule in registry()}
    assert len(catalog) >= 38, "the catalog lost rules"
    assert catalog <= codes, f"examples/ shows no violation of {sorted(catalog - codes)}"


def test_flake8_reports_the_expected_findings() -> None:
    findings = run_flake8([SERVICE], cwd=EXAMPLES)
    _assert_no_mismatch(_expected(Checker.FLAKE8), findings)


def test_flake8_with_the_example_config_reports_only_px() -> None:
    """``flake8`` as the Quickstart runs it (examples/setup.cfg, all default checks): nothing but PX."""
    proc = subprocess.run(
        [sys.executable, "-m", "flake8", "--format=%(path)s:%(row)d: %(code)s %(text)s"],
        capture_output=True,
        text=True,
        cwd=EXAMPLES,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr  # the marked PX violations
    assert not proc.stderr.strip(), proc.stderr
    reported = [line for line in proc.stdout.splitlines() if line.strip()]
    assert any(" PX" in line for line in reported)
    others = [line for line in reported if " PX" not in line]
    assert not others, "the example is not clean under its flake8 config:\n" + "\n".join(others)


def test_mypy_reports_the_expected_findings(tmp_path: Path) -> None:
    result = run_mypy(
        [SERVICE], cwd=EXAMPLES, config_file=EXAMPLES / "mypy.ini", cache_dir=tmp_path / "mypy-cache"
    )
    _assert_no_mismatch(_expected(Checker.MYPY), result.findings)


_SMOKE: Final = """
import json
import warnings

warnings.simplefilter("ignore", DeprecationWarning)  # starlette's TestClient and httpx
from fastapi.testclient import TestClient
from service.app import app

with TestClient(app) as client:
    created = client.post(
        "/users", json={"email": "ada@example.com", "full_name": "Ada", "password": "s3cret-pw"}
    )
    duplicate = client.post(
        "/users", json={"email": "ada@example.com", "full_name": "Ada", "password": "s3cret-pw"}
    )
    recent = client.get("/users/recent", params={"since": "2000-01-01T00:00:00"})
    hero = client.post("/heroes", json={"name": "Deadpond", "secret_name": "Dive Wilson"})
    invalid = client.post("/heroes", json={"name": "Rusty", "secret_name": "Tommy", "age": -1})
    imported = client.post("/heroes/import", json=[{"name": "Spider-Boy", "secret_name": "Pedro"}])
    patched = client.patch("/heroes/1", json={"age": 30})
    deleted = client.delete("/heroes/2")
    missing = client.get("/heroes/2")
    topics = [topic for topic, _ in app.state.outbox.messages]
print(json.dumps({
    "created": created.status_code,
    "duplicate": duplicate.status_code,
    "recent": [user["email"] for user in recent.json()],
    "hero": hero.json(),
    "invalid": invalid.status_code,
    "imported": imported.json(),
    "patched_age": patched.json()["age"],
    "deleted": deleted.status_code,
    "missing": missing.status_code,
    "topics": topics,
}))
"""


def test_example_service_runs(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(EXAMPLES),
        "HEROES_DATABASE_URL": f"sqlite:///{tmp_path / 'heroes.db'}",
        "HEROES_PASSWORD_HASH_ROUNDS": "1000",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    proc = subprocess.run(
        [sys.executable, "-c", _SMOKE], capture_output=True, text=True, cwd=tmp_path, env=env, check=False
    )
    assert proc.returncode == 0, proc.stderr
    outcome = json.loads(proc.stdout.strip().splitlines()[-1])
    assert outcome == {
        "created": 201,
        "duplicate": 409,
        "recent": ["ada@example.com"],
        "hero": {"name": "Deadpond", "secret_name": "Dive Wilson", "age": None, "id": 1},
        "invalid": 422,
        "imported": 1,
        "patched_age": 30,
        "deleted": 204,
        "missing": 404,
        "topics": ["user.registered", "hero.created", "audit", "audit"],
    }

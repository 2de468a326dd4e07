"""File roles (app, test, example, script, migration): one definition, applied by both plugins.

The unit tests pin :func:`pyexpert_core.roles.role_of`; the flake8 tests run the real flake8
over a small project where each file holds the same two mistakes: an app-only rule (PX104) and
a rule that applies everywhere (PX302). The mypy side is tested in ``test_mypy_roles.py``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Final

import pytest

from expectations import run_flake8, run_mypy
from pyexpert_core.registry import registry
from pyexpert_core.roles import ALL_ROLES, APP_ONLY, Role, RoleGlobs, parse_globs, role_of

# -- the definition ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "role"),
    [
        ("app/services/users.py", Role.APP),
        ("tests/test_users.py", Role.TEST),
        ("tests/helpers/factories.py", Role.TEST),
        ("src/app/test/utils.py", Role.TEST),
        ("app/test_api.py", Role.TEST),
        ("app/api_test.py", Role.TEST),
        ("conftest.py", Role.TEST),
        ("examples/client.py", Role.EXAMPLE),
        ("docs/howto/snippet.py", Role.EXAMPLE),
        ("docs_src/tutorial001.py", Role.EXAMPLE),
        ("demo/demo-form.py", Role.EXAMPLE),
        ("examples/app/tests/test_app.py", Role.TEST),  # the innermost match wins
        ("tests/examples/sample.py", Role.EXAMPLE),
        ("scripts/seed.py", Role.SCRIPT),
        ("bin/manage.py", Role.SCRIPT),
        ("app/__main__.py", Role.SCRIPT),
        ("alembic/versions/0001_init.py", Role.MIGRATION),
        ("app/db/migrations/env.py", Role.MIGRATION),
        ("testing.py", Role.APP),
        ("contest/tests_helper.py", Role.APP),
        ("latest/app.py", Role.APP),
    ],
)
def test_role_from_the_path(path: str, role: Role) -> None:
    parts = tuple(path.split("/"))
    assert role_of(parts, RoleGlobs(), main_guard=False, imported=()) is role


def test_role_from_the_content() -> None:
    parts = ("app", "tools", "export.py")
    assert role_of(parts, RoleGlobs(), main_guard=True, imported=("sqlmodel",)) is Role.SCRIPT
    assert role_of(parts, RoleGlobs(), main_guard=True, imported=("fastapi", "uvicorn")) is Role.APP
    assert role_of(parts, RoleGlobs(), main_guard=False, imported=("alembic",)) is Role.MIGRATION
    assert role_of(parts, RoleGlobs(), main_guard=False, imported=("sqlmodel",)) is Role.APP
    # the path wins over the content
    assert role_of(("tests", "run.py"), RoleGlobs(), main_guard=True, imported=()) is Role.TEST


def test_custom_globs_replace_the_defaults() -> None:
    globs = RoleGlobs(test=parse_globs("spec/, *_spec.py"), example=(), script=(), migration=())
    assert role_of(("spec", "users.py"), globs, main_guard=False, imported=()) is Role.TEST
    assert role_of(("app", "users_spec.py"), globs, main_guard=False, imported=()) is Role.TEST
    assert role_of(("tests", "test_users.py"), globs, main_guard=False, imported=()) is Role.APP
    assert role_of(("a", "b", "conf", "x.py"), RoleGlobs(test=parse_globs("b/conf/")), main_guard=False,
                   imported=()) is Role.TEST


@pytest.mark.parametrize("bad", ["has space/", "/", "//", "a b.py"])
def test_bad_globs_are_value_errors(bad: str) -> None:
    with pytest.raises(ValueError, match="glob"):
        parse_globs(bad)


def test_every_rule_declares_its_roles() -> None:
    for rule in registry():
        assert rule.applies_to, rule.code
    assert registry().by_code("PX104").applies_to == APP_ONLY
    assert registry().by_code("PX302").applies_to == ALL_ROLES


# -- through the real flake8 ------------------------------------------------------------------

TWO_MISTAKES: Final = """\
import functools


def summary(user_id: int):
    return {"id": user_id, "kind": "user"}


@functools.lru_cache
async def cached(user_id: int) -> int:
    return user_id
"""

MAIN_GUARD: Final = TWO_MISTAKES + '\n\nif __name__ == "__main__":\n    print(summary(1))\n'
WEB_MAIN: Final = "from fastapi import FastAPI\n\napp = FastAPI()\n" + MAIN_GUARD
MIGRATION: Final = "from alembic import op\n\n" + TWO_MISTAKES

FILES: Final[dict[str, tuple[str, set[str]]]] = {
    "app/users.py": (TWO_MISTAKES, {"PX104", "PX302"}),
    "tests/test_users.py": (TWO_MISTAKES, {"PX302"}),
    "tests/helpers.py": (TWO_MISTAKES, {"PX302"}),
    "conftest.py": (TWO_MISTAKES, {"PX302"}),
    "examples/demo.py": (TWO_MISTAKES, {"PX302"}),
    "docs_src/tutorial.py": (TWO_MISTAKES, {"PX302"}),
    "scripts/seed.py": (TWO_MISTAKES, {"PX302"}),
    "app/cli.py": (MAIN_GUARD, {"PX302"}),
    "app/main.py": (WEB_MAIN, {"PX104", "PX302"}),
    "db/versions/0001_init.py": (MIGRATION, {"PX302"}),
}


def _project(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "pyproject.toml").write_text('[project]\nname = "demo"\nversion = "1"\n', encoding="utf-8")
    for relative, (source, _) in FILES.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    return root


def _codes_by_file(root: Path, *args: str, cwd: Path | None = None) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {relative: set() for relative in FILES}
    for finding in run_flake8([root], *args, cwd=cwd or root):
        relative = Path(finding.path).resolve().relative_to(root.resolve()).as_posix()
        found.setdefault(relative, set()).add(finding.code)
    return found


def test_flake8_drops_findings_of_rules_that_do_not_apply_to_the_role(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    assert _codes_by_file(root) == {relative: codes for relative, (_, codes) in FILES.items()}


def test_roles_do_not_depend_on_where_the_project_lives(tmp_path: Path) -> None:
    # a project checked out under a directory called tests/ is still application code
    root = _project(tmp_path / "tests" / "examples" / "project")
    assert _codes_by_file(root, cwd=tmp_path) == {relative: codes for relative, (_, codes) in FILES.items()}


def test_role_globs_are_options(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    found = _codes_by_file(root, "--pyexpert-test-globs=app/", "--pyexpert-example-globs=")
    assert found["app/users.py"] == {"PX302"}  # now a test file
    assert found["tests/test_users.py"] == {"PX104", "PX302"}  # no longer a test file
    assert found["examples/demo.py"] == {"PX104", "PX302"}


def test_per_file_ignores_still_work_on_top(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    found = _codes_by_file(root, "--per-file-ignores=app/users.py:PX302")
    assert found["app/users.py"] == {"PX104"}


def test_a_bad_glob_is_a_clear_flake8_error(tmp_path: Path) -> None:
    root = _project(tmp_path / "project")
    proc = subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", "--pyexpert-test-globs=tests/,/", "app/users.py"],
        capture_output=True, text=True, cwd=root, check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "flake8: error: --pyexpert-test-globs: '/' is not a glob" in proc.stderr, proc.stderr


# -- through the real mypy --------------------------------------------------------------------

MYPY_TWO_MISTAKES: Final = """\
import functools
from typing import Any


def handle(payload: dict[str, Any]) -> None:
    print(payload)


@functools.lru_cache
def lookup(keys: list[str]) -> int:
    return len(keys)
"""

MYPY_FILES: Final[dict[str, tuple[str, set[str]]]] = {
    "app/users.py": (MYPY_TWO_MISTAKES, {"PX101", "PX701"}),
    "tests/test_users.py": (MYPY_TWO_MISTAKES, {"PX701"}),
    "examples/demo.py": (MYPY_TWO_MISTAKES, {"PX701"}),
    "scripts/seed.py": (MYPY_TWO_MISTAKES, {"PX701"}),
    "app/cli.py": (MYPY_TWO_MISTAKES + '\n\nif __name__ == "__main__":\n    handle({})\n', {"PX701"}),
    "db/versions/0001_init.py": ("from alembic import op  # type: ignore[import-not-found]\n\n" + MYPY_TWO_MISTAKES,
                                 {"PX701"}),
}


def _mypy_project(root: Path, section: str = "") -> Path:
    root.mkdir(parents=True)
    (root / "pyproject.toml").write_text('[project]\nname = "demo"\nversion = "1"\n', encoding="utf-8")
    (root / "mypy.ini").write_text(f"[mypy]\nplugins = mypy_pyexpert\n{section}", encoding="utf-8")
    for relative, (source, _) in MYPY_FILES.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    return root


def _mypy_codes(root: Path) -> dict[str, set[str]]:
    result = run_mypy(list(MYPY_FILES), cwd=root, config_file=root / "mypy.ini", cache_dir=root / ".cache")
    found: dict[str, set[str]] = {relative: set() for relative in MYPY_FILES}
    for finding in result.findings:
        relative = Path(finding.path).resolve().relative_to(root.resolve()).as_posix()
        found.setdefault(relative, set()).add(finding.code)
    return found


@pytest.mark.slow
def test_mypy_drops_findings_of_rules_that_do_not_apply_to_the_role(tmp_path: Path) -> None:
    root = _mypy_project(tmp_path / "project")
    assert _mypy_codes(root) == {relative: codes for relative, (_, codes) in MYPY_FILES.items()}


@pytest.mark.slow
def test_mypy_role_globs_are_options(tmp_path: Path) -> None:
    root = _mypy_project(tmp_path / "project", "[pyexpert-mypy]\ntest_globs = app/\nexample_globs =\n")
    found = _mypy_codes(root)
    assert found["app/users.py"] == {"PX701"}
    assert found["tests/test_users.py"] == {"PX101", "PX701"}
    assert found["examples/demo.py"] == {"PX101", "PX701"}

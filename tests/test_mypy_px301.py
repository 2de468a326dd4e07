"""PX301 blocking-client-in-async through the real mypy: fixtures, messages, the option, libraries
that are not installed, pydantic.mypy in both orders, and the same findings in every mode.

The fixtures are also part of the shared run of tests/test_mypy_rules.py; here they run alone, so
this rule's results do not depend on the state of the other rules' fixtures.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Final

import pytest

from expectations import (
    MYPY_DAEMON_SUPPORTED,
    MYPY_HAS_WORKERS,
    MYPY_OUTPUT_FLAGS,
    Dmypy,
    Expectation,
    Finding,
    MypyResult,
    assert_matches,
    expectations_in,
    mismatches,
    run_mypy,
)
from mypy_pyexpert.config import ConfigError, parse_settings
from mypy_pyexpert.safety import DEBUG_ENV

FIXTURES: Final = Path(__file__).resolve().parent / "fixtures" / "mypy"
FIXTURE: Final = FIXTURES / "px301_blocking_client_in_async.py"
PACKAGE: Final = FIXTURES / "px301_pkg"
BASE_CONFIG: Final = "[mypy]\nplugins = mypy_pyexpert\n"
OPTION_CLASS: Final = "px301_blocking_client_in_async.LegacySoapClient"
WITH_OPTION: Final = "# with-option: PX301"


def _files() -> list[Path]:
    return [FIXTURE, *sorted(PACKAGE.glob("*.py"))]


def _run(
    tmp: Path, config: str, paths: list[Path], *, cwd: Path = FIXTURES, name: str = "mypy.ini", check: bool = True
) -> MypyResult:
    """Run mypy with ``PYEXPERT_MYPY_DEBUG=1`` (set by the caller: a bug in the rule fails the run)."""
    assert os.environ.get(DEBUG_ENV) == "1"
    config_file = tmp / name
    config_file.write_text(config, encoding="utf-8")
    return run_mypy(paths, cwd=cwd, config_file=config_file, cache_dir=tmp / "cache", check=check)


@pytest.fixture
def debug(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DEBUG_ENV, "1")


def _line_of(path: Path, text: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


#: pydantic.mypy serves ``from_orm`` (``pydantic-orm``) from ``get_method_hook``, the hook PX301 claims
#: for client methods, and ``init_typed`` makes ``User(id="x")`` an ``arg-type`` error; mypy's own
#: errors on the client calls that PX301 reports must stay too.
_CHAINED: Final = '''\
import sqlite3

from pydantic import BaseModel


class User(BaseModel):
    id: int


class Row:
    pass


async def handle(conn: sqlite3.Connection, row: Row) -> None:
    conn.execute("SELECT 1", 42)  # expect: PX301, mypy:arg-type
    User(id="x")  # expect: mypy:arg-type
    User.from_orm(row)  # expect: mypy:pydantic-orm, PX204
    conn.commit()  # expect: PX301
    with sqlite3.Connection(row) as other:  # expect: PX301, mypy:arg-type
        other.close()  # expect: PX301
'''

_ORDERS: Final = {
    "pydantic-first": "pydantic.mypy, mypy_pyexpert",
    "pydantic-last": "mypy_pyexpert, pydantic.mypy",
}


# -- the runs shared by the tests below ------------------------------------------------------------

#: The fixtures run with the option set (the shared run of tests/test_mypy_rules.py runs them
#: without it): the ``with-option`` lines are findings here.
OPTION_CONFIG: Final = (
    BASE_CONFIG + f"\n[pyexpert-mypy]\nblocking_client_types =\n    {OPTION_CLASS},\n    redis.client.Redis\n"
)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[list[Path], MypyResult]]:
    """The cold runs of this module (the paths run, the result), two at a time."""
    root = tmp_path_factory.mktemp("px301")
    jobs: dict[str, tuple[list[Path], Callable[[], MypyResult]]] = {
        "fixtures": (_files(), functools.partial(_run, root / "fixtures", OPTION_CONFIG, _files())),
    }
    (root / "fixtures").mkdir()
    for order, plugins in _ORDERS.items():
        source = root / order / "chained.py"
        source.parent.mkdir()
        source.write_text(_CHAINED)
        config = f"[mypy]\nplugins = {plugins}\n\n[pydantic-mypy]\ninit_typed = True\n"
        jobs[order] = ([source], functools.partial(_run, source.parent, config, [source], cwd=source.parent))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DEBUG_ENV, "1")
        with ThreadPoolExecutor(max_workers=2) as pool:
            futures = {name: (paths, pool.submit(job)) for name, (paths, job) in jobs.items()}
            return {name: (paths, future.result()) for name, (paths, future) in futures.items()}


@pytest.fixture(scope="module")
def fixture_run(runs: dict[str, tuple[list[Path], MypyResult]]) -> MypyResult:
    return runs["fixtures"][1]


# -- the fixtures ----------------------------------------------------------------------------------


def test_fixtures_match_expectations(fixture_run: MypyResult) -> None:
    assert fixture_run.returncode == 1, fixture_run.stderr
    added = _option_expectations(FIXTURE)
    assert len(added) == 3  # with the option: a method call, a subclass's method call, a constructor
    expected = [exp for path in _files() for exp in expectations_in(path)] + added
    problems = mismatches(expected, fixture_run.findings)
    assert not problems, "findings differ from the # expect: comments:\n" + "\n".join(problems)
    assert sum(f.code == "PX301" for f in fixture_run.findings) >= 40


def _message_at(findings: list[Finding], path: Path, needle: str) -> list[str]:
    line = _line_of(path, needle)
    return [f.message for f in findings if Path(f.path) == path and f.line == line]


@pytest.mark.parametrize(
    ("path", "needle", "message"),
    [
        (
            FIXTURE,
            "session.commit()  # expect: PX301",
            "'session.commit()' uses the synchronous client sqlmodel.Session inside 'async def session_parameter' "
            "and blocks the event loop; use sqlmodel's AsyncSession or run it with 'await asyncio.to_thread(...)'",
        ),
        (
            FIXTURE,
            "session.execute(text(\"SELECT 1\"))  # expect",
            "'session.execute(...)' uses the synchronous client sqlalchemy.orm.Session inside 'async def "
            "sqlalchemy_session' and blocks the event loop; use sqlalchemy.ext.asyncio.AsyncSession or run it "
            "with 'await asyncio.to_thread(...)'",
        ),
        (
            FIXTURE,
            "session.flush()",
            "'session.flush()' uses the synchronous client TenantSession (a sqlmodel.Session) inside "
            "'async def subclass_session' and blocks the event loop; use sqlmodel's AsyncSession or run it "
            "with 'await asyncio.to_thread(...)'",
        ),
        (
            FIXTURE,
            "cache = redis.Redis()",
            "'redis.Redis()' uses the synchronous client redis.Redis inside 'async def constructors' and blocks "
            "the event loop; use redis.asyncio.Redis or run it with 'await asyncio.to_thread(...)'",
        ),
        (
            PACKAGE / "app.py",
            "teams = session.exec(select(Team)).all()  # expect",
            "'session.exec(...)' uses the synchronous client sqlmodel.Session inside 'async def list_teams' and "
            "blocks the event loop; use sqlmodel's AsyncSession, a sync 'def' route, or "
            "'await asyncio.to_thread(...)'",
        ),
        (
            PACKAGE / "services.py",
            "self.db.commit()",
            "'self.db.commit()' uses the synchronous client sqlmodel.Session inside 'async def rename' and blocks "
            "the event loop; use sqlmodel's AsyncSession or run it with 'await asyncio.to_thread(...)'",
        ),
    ],
)
def test_messages(fixture_run: MypyResult, path: Path, needle: str, message: str) -> None:
    assert _message_at(fixture_run.findings, path, needle) == [message]


_STDLIB_ONLY: Final = '''\
import sqlite3


async def read(conn: sqlite3.Connection) -> None:
    conn.execute("SELECT 1")  # expect: PX301
'''


@pytest.mark.usefixtures("debug")
def test_disabled_code_reports_nothing(tmp_path: Path) -> None:
    source = tmp_path / "stdlib_only.py"
    source.write_text(_STDLIB_ONLY)
    assert_matches([source], _run(tmp_path, BASE_CONFIG, [source], cwd=tmp_path).findings)
    config = BASE_CONFIG + "\n[pyexpert-mypy]\ndisable = PX301\n"
    result = _run(tmp_path, config, [source], cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.findings == []


# -- the option ------------------------------------------------------------------------------------


def _option_expectations(path: Path) -> list[Expectation]:
    real = os.path.normcase(os.path.realpath(path))
    lines = path.read_text(encoding="utf-8").splitlines()
    return [Expectation(real, number, "PX301", None) for number, line in enumerate(lines, 1) if WITH_OPTION in line]


def test_option_names_the_configured_type(fixture_run: MypyResult) -> None:
    line = _line_of(FIXTURE, 'client.call("ping")')
    assert [f.message for f in fixture_run.findings if f.line == line and Path(f.path) == FIXTURE] == [
        f"'client.call(...)' uses the synchronous client {OPTION_CLASS} inside 'async def custom_client' and "
        "blocks the event loop; use an async client or run it with 'await asyncio.to_thread(...)'"
    ]


_VENDOR_IMPL: Final = '''\
class Legacy:
    def call(self) -> None:
        pass
'''

_VENDOR_USE: Final = '''\
import vendor


async def use(client: vendor.Legacy) -> None:
    client.call()  # expect: PX301
    vendor.Legacy().call()  # expect: PX301, PX301


def sync_use(client: vendor.Legacy) -> None:
    client.call()
'''


@pytest.mark.usefixtures("debug")
def test_option_in_pyproject_resolves_a_reexport(tmp_path: Path) -> None:
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "_impl.py").write_text(_VENDOR_IMPL)
    (tmp_path / "vendor" / "__init__.py").write_text("from vendor._impl import Legacy as Legacy\n")
    use = tmp_path / "use.py"
    use.write_text(_VENDOR_USE)
    config = (
        '[tool.mypy]\nplugins = ["mypy_pyexpert"]\n\n'
        '[tool.pyexpert-mypy]\nblocking_client_types = ["vendor.Legacy"]\n'
    )
    result = _run(tmp_path, config, [use], cwd=tmp_path, name="pyproject.toml")
    assert_matches([use], result.findings)
    without = _run(tmp_path, '[tool.mypy]\nplugins = ["mypy_pyexpert"]\n', [use], cwd=tmp_path, name="pyproject.toml")
    assert without.returncode == 0 and without.findings == [], without.stdout


@pytest.mark.parametrize("value", ["Legacy", "vendor..Legacy", "vendor.Legacy client", "1vendor.Legacy"])
def test_option_rejects_names_that_are_not_dotted(tmp_path: Path, value: str) -> None:
    config = tmp_path / "mypy.ini"
    config.write_text(f"[mypy]\n\n[pyexpert-mypy]\nblocking_client_types = redis.client.Redis, {value}\n")
    with pytest.raises(ConfigError, match="blocking_client_types.*not a fully qualified class name"):
        parse_settings(str(config))


def test_option_parses_ini_and_toml_lists(tmp_path: Path) -> None:
    ini = tmp_path / "mypy.ini"
    ini.write_text("[mypy]\n\n[pyexpert-mypy]\nblocking_client_types = a.B,\n  c.d.E\n")
    assert parse_settings(str(ini)).blocking_client_types == ("a.B", "c.d.E")
    toml = tmp_path / "pyproject.toml"
    toml.write_text('[tool.pyexpert-mypy]\nblocking_client_types = ["a.B", "c.d.E"]\n')
    assert parse_settings(str(toml)).blocking_client_types == ("a.B", "c.d.E")


@pytest.mark.usefixtures("debug")
def test_bad_option_stops_mypy_with_one_line(tmp_path: Path) -> None:
    source = tmp_path / "mod.py"
    source.write_text("x = 1\n")
    config = BASE_CONFIG + "\n[pyexpert-mypy]\nblocking_client_types = Session\n"
    result = _run(tmp_path, config, [source], cwd=tmp_path, check=False)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "blocking_client_types" in lines[0] and "'Session'" in lines[0], result.stderr


# -- libraries that are not installed, and their layouts -------------------------------------------

_UNINSTALLED: Final = '''\
import boto3
import botocore.client
import psycopg
import psycopg2
import pymongo
import requests


async def handler(url: str, dsn: str) -> None:
    requests.get(url)
    with requests.Session() as http:
        http.get(url)
    conn = psycopg2.connect(dsn)
    conn.cursor().execute("SELECT 1")
    with psycopg.connect(dsn) as pg:
        pg.execute("SELECT 1")
    pymongo.MongoClient()["db"]["users"].find_one({})
    boto3.client("s3").list_buckets()
    client: botocore.client.BaseClient = boto3.client("sqs")
    print(client)
'''


@pytest.mark.usefixtures("debug")
def test_uninstalled_libraries_give_no_finding_and_no_crash(tmp_path: Path) -> None:
    for module in ("requests", "pymongo", "psycopg2", "psycopg", "boto3", "botocore"):
        found = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, check=False)
        if found.returncode == 0:
            pytest.skip(f"{module} is installed here: this test is about libraries that are not")
    source = tmp_path / "uninstalled.py"
    source.write_text(_UNINSTALLED)
    # mypy 1.x still reports a known stub package as missing under ignore_missing_imports
    config = BASE_CONFIG + "ignore_missing_imports = True\ndisable_error_code = import-untyped\n"
    result = _run(tmp_path, config, [source], cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.findings == []
    assert "INTERNAL ERROR" not in result.stdout + result.stderr


#: Minimal stand-ins with the module layout (and so the fullnames mypy sees) of the real libraries:
#: requests (types-requests), pymongo 4.9+, psycopg2 (types-psycopg2), psycopg 3, botocore.
_FAKE_LIBRARIES: Final = {
    "requests/__init__.py": "from requests.sessions import Session as Session\n",
    "requests/sessions.py": "class Session:\n    def get(self, url: str) -> object:\n        return url\n",
    "pymongo/__init__.py": (
        "from pymongo.synchronous.mongo_client import MongoClient as MongoClient\n"
        "from pymongo.asynchronous.mongo_client import AsyncMongoClient as AsyncMongoClient\n"
    ),
    "pymongo/synchronous/__init__.py": "",
    "pymongo/synchronous/collection.py": "class Collection:\n    def find_one(self) -> object:\n        return None\n",
    "pymongo/synchronous/mongo_client.py": (
        "from pymongo.synchronous.collection import Collection\n\n\n"
        "class MongoClient:\n    def get_collection(self) -> Collection:\n        return Collection()\n"
    ),
    "pymongo/asynchronous/__init__.py": "",
    "pymongo/asynchronous/mongo_client.py": (
        "class AsyncMongoClient:\n    async def server_info(self) -> object:\n        return None\n"
    ),
    "psycopg2/__init__.py": (
        "from psycopg2._psycopg import connection\n\n\ndef connect(dsn: str) -> connection:\n"
        "    return connection()\n"
    ),
    "psycopg2/_psycopg.py": (
        "class cursor:\n    def execute(self, query: str) -> None:\n        pass\n\n\n"
        "class connection:\n    def cursor(self) -> cursor:\n        return cursor()\n"
    ),
    "psycopg/__init__.py": (
        "from psycopg.connection import Connection as Connection\n"
        "from psycopg.connection_async import AsyncConnection as AsyncConnection\n"
    ),
    "psycopg/connection.py": "class Connection:\n    def commit(self) -> None:\n        pass\n",
    "psycopg/connection_async.py": "class AsyncConnection:\n    async def commit(self) -> None:\n        pass\n",
    "botocore/__init__.py": "",
    "botocore/client.py": "class BaseClient:\n    pass\n",
    "mypy_boto3_s3/__init__.py": (
        "from botocore.client import BaseClient\n\n\n"
        "class S3Client(BaseClient):\n    def list_buckets(self) -> object:\n        return None\n"
    ),
}

_LAYOUT_USE: Final = '''\
import psycopg
import psycopg2
import pymongo
import requests
from mypy_boto3_s3 import S3Client


async def handler(
    http: requests.Session,
    mongo: pymongo.MongoClient,
    pg: psycopg.Connection,
    apg: psycopg.AsyncConnection,
    amongo: pymongo.AsyncMongoClient,
    s3: S3Client,
) -> None:
    http.get("https://example.com")  # expect: PX301
    mongo.get_collection().find_one()  # expect: PX301, PX301
    psycopg2.connect("dbname=x").cursor().execute("SELECT 1")  # expect: PX301, PX301
    pg.commit()  # expect: PX301
    s3.list_buckets()  # expect: PX301
    await apg.commit()
    await amongo.server_info()
'''


@pytest.mark.usefixtures("debug")
def test_library_layouts(tmp_path: Path) -> None:
    for relative, text in _FAKE_LIBRARIES.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    use = tmp_path / "layouts.py"
    use.write_text(_LAYOUT_USE)
    result = _run(tmp_path, BASE_CONFIG, [use], cwd=tmp_path)
    assert_matches([use], result.findings)
    s3 = [f.message for f in result.findings if "s3.list_buckets" in f.message]
    assert s3 and "S3Client (a boto3/botocore client)" in s3[0]


# -- pydantic.mypy in both orders, and mypy's own errors on client calls --------------------------


@pytest.mark.parametrize("order", sorted(_ORDERS))
def test_pydantic_mypy_in_either_order(runs: dict[str, tuple[list[Path], MypyResult]], order: str) -> None:
    paths, result = runs[order]
    assert "INTERNAL ERROR" not in result.stdout + result.stderr
    assert_matches(paths, result.findings)


def test_pydantic_mypy_order_does_not_change_px_findings(runs: dict[str, tuple[list[Path], MypyResult]]) -> None:
    first, last = (
        {(f.line, f.code, f.message) for f in runs[order][1].findings if f.code.startswith("PX")} for order in _ORDERS
    )
    assert first and first == last


# -- the same findings in every mode ---------------------------------------------------------------

_EDIT: Final = '''

@app.delete("/teams/{team_id}")
async def delete_team(team_id: int, session: SessionDep) -> None:
    team = session.get(Team, team_id)  # expect: PX301
    session.delete(team)  # expect: PX301
'''


class _Project:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.package = root / "px301_pkg"
        shutil.copytree(PACKAGE, self.package, ignore=shutil.ignore_patterns("__pycache__"))
        self.config = root / "mypy.ini"
        self.config.write_text(BASE_CONFIG)
        self.app = self.package / "app.py"
        self.original = self.app.read_text()

    @property
    def files(self) -> list[Path]:
        return sorted(self.package.glob("*.py"))

    def mypy(self, *args: str) -> list[Finding]:
        return run_mypy([self.package], cwd=self.root, config_file=self.config, args=args).findings

    def edit(self) -> None:
        self.app.write_text(self.original + _EDIT)

    def restore(self) -> None:
        self.app.write_text(self.original)


def _key(findings: list[Finding]) -> list[tuple[str, int, int, str, str]]:
    return sorted((Path(f.path).name, f.line, f.col, f.code, f.message) for f in findings)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> _Project:
    monkeypatch.setenv(DEBUG_ENV, "1")
    return _Project(tmp_path)


@pytest.mark.slow
def test_cold_warm_edited_and_workers(project: _Project) -> None:
    cold = project.mypy()
    assert_matches(project.files, cold)
    assert _key(project.mypy()) == _key(cold)  # warm
    project.edit()  # db.py and services.py now come from the cache
    edited = project.mypy()
    assert_matches(project.files, edited)
    if MYPY_HAS_WORKERS:  # mypy 2.0 and later
        project.restore()
        assert _key(project.mypy("--num-workers", "2")) == _key(cold)
        project.edit()
        assert _key(project.mypy("--num-workers", "2")) == _key(edited)


@pytest.fixture
def daemon(project: _Project) -> Iterator[Dmypy]:
    started = Dmypy(project.root, ["--config-file", str(project.config), *MYPY_OUTPUT_FLAGS], [str(project.package)])
    try:
        yield started
    finally:
        started.stop()


@pytest.mark.skipif(not MYPY_DAEMON_SUPPORTED, reason="the plugin refuses dmypy on mypy 1.x (test_mypy_version.py)")
@pytest.mark.slow
def test_dmypy_run(project: _Project, daemon: Dmypy) -> None:
    first = daemon.run()
    assert_matches(project.files, first)
    assert _key(daemon.run()) == _key(first)
    project.edit()
    assert_matches(project.files, daemon.run())
    project.restore()
    assert _key(daemon.run()) == _key(first)

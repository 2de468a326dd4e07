"""The class-level mypy rules PX401, PX604 and PX605: options, config errors and modes.

PX604/PX605 fixtures (``px604_*.py``, ``px605_*.py``, ``px6_pkg/``) are also part of the shared
run of tests/test_mypy_rules.py; PX401 is off without ``exception_bases``, so its fixtures
(``px401_*``) are run here, with the option set.

Modes (the same findings whatever the way mypy runs): the fixture packages are copied to
``tmp_path`` and checked cold, warm, with one file edited (the others from the cache: their facts
come from ``TypeInfo.metadata``), with ``--num-workers 2`` and under ``dmypy run``; and chained
with pydantic.mypy listed first and last, whose own errors must survive.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Final

import pytest
from expectations import (
    MYPY_DAEMON_SUPPORTED,
    MYPY_HAS_WORKERS,
    MYPY_OUTPUT_FLAGS,
    Dmypy,
    Finding,
    MypyResult,
    assert_matches,
    run_mypy,
)

from mypy_pyexpert.safety import DEBUG_ENV

FIXTURES: Final = Path(__file__).resolve().parent / "fixtures" / "mypy"
PX401_PATHS: Final = ("px401_exception_outside_hierarchy.py", "px401_pkg")
PX6_PATHS: Final = ("px604_broken_init_chain.py", "px605_shadowed_mixin_method.py", "px6_pkg")
BASES: Final = "px401_pkg.base.AppError, px401_pkg.base.DomainError"

PLUGIN: Final = "[mypy]\nplugins = mypy_pyexpert\n"


def _config(tmp: Path, text: str) -> Path:
    path = tmp / "mypy.ini"
    path.write_text(text, encoding="utf-8")
    return path


def _files(names: tuple[str, ...], root: Path = FIXTURES) -> list[Path]:
    found: list[Path] = []
    for name in names:
        path = root / name
        found.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return found


def _run(
    tmp: Path,
    config: str,
    paths: tuple[str, ...],
    *,
    cwd: Path = FIXTURES,
    args: tuple[str, ...] = (),
    check: bool = True,
) -> MypyResult:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DEBUG_ENV, "1")  # a bug in a rule fails the run instead of hiding
        return run_mypy(
            list(paths), cwd=cwd, config_file=_config(tmp, config), cache_dir=tmp / "cache", args=args, check=check
        )


def _codes(findings: list[Finding]) -> list[str]:
    return [finding.code for finding in findings]


# -- PX401 and its option ----------------------------------------------------------------------


def test_px401_fixtures_with_exception_bases(tmp_path: Path) -> None:
    result = _run(tmp_path, PLUGIN + f"\n[pyexpert-mypy]\nexception_bases = {BASES}\n", PX401_PATHS)
    assert_matches(_files(PX401_PATHS), result.findings)
    assert _codes(result.findings).count("PX401") >= 8
    message = next(f.message for f in result.findings if "'NotFound'" in f.message)
    assert message == (
        "Exception 'NotFound' is outside the project's exception hierarchy; "
        "derive it from px401_pkg.base.AppError or px401_pkg.base.DomainError"
    )


def test_px401_is_off_without_exception_bases(tmp_path: Path) -> None:
    result = _run(tmp_path, PLUGIN, PX401_PATHS)
    assert result.returncode == 0, result.stdout
    assert result.findings == []


def test_exception_bases_from_pyproject_list(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "px401_pkg", project / "px401_pkg")
    (project / "pyproject.toml").write_text(
        '[tool.mypy]\nplugins = ["mypy_pyexpert"]\n\n[tool.pyexpert-mypy]\n'
        'exception_bases = ["px401_pkg.base.AppError", "px401_pkg.base.DomainError"]\n',
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DEBUG_ENV, "1")
        result = run_mypy(["px401_pkg"], cwd=project, config_file=project / "pyproject.toml")
    assert_matches(_files(("px401_pkg",), project), result.findings)


@pytest.mark.parametrize(
    ("value", "mentions"),
    [("AppError", "AppError"), ("app.errors.App-Error", "App-Error"), ("app..Error", "app..Error")],
)
def test_malformed_exception_base_stops_mypy_with_one_line(tmp_path: Path, value: str, mentions: str) -> None:
    result = _run(tmp_path, PLUGIN + f"\n[pyexpert-mypy]\nexception_bases = {value}\n", PX401_PATHS, check=False)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if "pyexpert" in line]
    assert len(lines) == 1, result.stderr
    assert "exception_bases" in lines[0] and mentions in lines[0]


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("px401_pkg.base.AppErr", "'px401_pkg.base.AppError' does not exist"),
        ("px401_pkg.middle.Conflict.Nested", "'px401_pkg.middle.Conflict' has no 'Nested'"),
        ("px401_pkg.middle.AppError", None),  # an imported class is found through its module
        ("px401_pkg.base.Final", "is not a class"),
        ("px401_pkg.base.Plain", "'px401_pkg.base.Plain' is not an exception class"),
    ],
)
def test_missing_exception_base_is_one_blocking_error(tmp_path: Path, value: str, problem: str | None) -> None:
    shutil.copytree(FIXTURES / "px401_pkg", tmp_path / "px401_pkg")
    base = tmp_path / "px401_pkg" / "base.py"
    base.write_text(base.read_text(encoding="utf-8") + "\nFinal = 1\n\n\nclass Plain:\n    pass\n", encoding="utf-8")
    config = PLUGIN + f"\n[pyexpert-mypy]\nexception_bases = {value}, px401_pkg.base.DomainError\n"
    result = _run(tmp_path, config, ("px401_pkg",), cwd=tmp_path, check=False)
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "INTERNAL ERROR" not in output
    if problem is None:
        assert result.returncode == 1 and "PX401" in _codes(result.findings)
        return
    assert result.returncode == 2, output
    if value.endswith(".AppErr"):
        # decided at the first exception class (base.py defines no AppErr). A name that is bound
        # later, or in a module analysed later, is decided there: classes checked before may be reported.
        assert "PX401" not in _codes(result.findings)
    lines = [line for line in output.splitlines() if "exception_bases" in line]
    assert len(lines) == 1, output
    assert problem.replace("AppError", "AppErr") in lines[0] and "[pyexpert-mypy]" in lines[0]


def test_exception_base_in_a_module_outside_the_run_is_not_an_error(tmp_path: Path) -> None:
    """A partial run (pre-commit) need not import the errors module: no config error then."""
    config = PLUGIN + "\n[pyexpert-mypy]\nexception_bases = elsewhere.errors.AppError\n"
    result = _run(tmp_path, config, ("px401_pkg",))
    assert result.returncode == 1
    assert set(_codes(result.findings)) == {"PX401"}
    assert all("derive it from elsewhere.errors.AppError" in f.message for f in result.findings)


# -- PX605's mixin_pattern ---------------------------------------------------------------------


def _line_of(path: Path, text: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def test_mixin_pattern_option(tmp_path: Path) -> None:
    config = PLUGIN + "\n[pyexpert-mypy]\nmixin_pattern = (Mixin|Registry)$\n"
    result = _run(tmp_path, config, ("px605_shadowed_mixin_method.py",))
    fixture = FIXTURES / "px605_shadowed_mixin_method.py"
    registry_line = _line_of(fixture, "class Registry(Exporter, RegistryHolder)")
    assert [(f.line, f.code) for f in result.findings if f.line == registry_line] == [(registry_line, "PX605")]
    assert "In 'Registry', MixinRegistry.dumps never runs" in next(
        f.message for f in result.findings if f.line == registry_line
    )


def test_bad_mixin_pattern_stops_mypy_with_one_line(tmp_path: Path) -> None:
    result = _run(tmp_path, PLUGIN + "\n[pyexpert-mypy]\nmixin_pattern = Mixin(\n", PX6_PATHS, check=False)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if "pyexpert" in line]
    assert len(lines) == 1 and "mixin_pattern" in lines[0] and "regular expression" in lines[0], result.stderr


def test_px6_messages(tmp_path: Path) -> None:
    result = _run(tmp_path, PLUGIN, ("px6_pkg",))
    assert_matches(_files(("px6_pkg",)), result.findings)
    models = FIXTURES / "px6_pkg" / "models.py"
    user, member = _line_of(models, "class User("), _line_of(models, "class Member(")
    by_code = {f.code: f.message for f in result.findings if f.path.endswith("models.py") and f.line == user}
    assert by_code == {
        "PX604": (
            "In 'User', BaseEntity.__init__ does not call super().__init__() and so skips "
            "TimestampMixin.__init__, Persistable.__init__; call super().__init__(...) in BaseEntity.__init__"
        ),
    }
    shadowed = [f.message for f in result.findings if f.path.endswith("models.py") and f.line == member]
    assert (
        "In 'Member', TimestampMixin.touch never runs: BaseEntity.touch comes first in the MRO and does "
        "not call super().touch(); list TimestampMixin before it or call super() there"
    ) in shadowed


def test_bodies_mypy_strips_are_never_judged(tmp_path: Path) -> None:
    """A silenced module (follow_imports = silent) has its bodies stripped: unknown, no finding."""
    shutil.copytree(FIXTURES / "px6_pkg", tmp_path / "px6_pkg")
    paths = ("px6_pkg/models.py", "px6_pkg/mixins.py")
    loud = _run(tmp_path, PLUGIN, paths, cwd=tmp_path)
    assert {"PX604", "PX605"} <= set(_codes(loud.findings))
    silent = _run(tmp_path, PLUGIN + "\n[mypy-px6_pkg.bases]\nfollow_imports = silent\n", paths, cwd=tmp_path)
    assert silent.findings == []


# -- modes -------------------------------------------------------------------------------------

MODE_CONFIG: Final = PLUGIN + f"\n[pyexpert-mypy]\nexception_bases = {BASES}\n"
MODE_PACKAGES: Final = ("px401_pkg", "px6_pkg")

#: appended to the composed-class module: a new finding that reads the other modules' facts
MODELS_EDIT: Final = '''

class Late(BaseEntity, mixins.AuditMixin):  # expect: PX604
    pass
'''

#: a body-only edit of the base module: BaseEntity.touch starts calling super().touch()
BASES_TOUCH: Final = ("        self.id += 1\n", "        self.id += 1\n        super().touch()  # type: ignore[misc]\n")


class Project:
    def __init__(self, root: Path) -> None:
        self.root = root
        for name in MODE_PACKAGES:
            shutil.copytree(FIXTURES / name, root / name)
        self.config = _config(root, MODE_CONFIG)
        self.models = root / "px6_pkg" / "models.py"
        self.bases = root / "px6_pkg" / "bases.py"

    @property
    def files(self) -> list[Path]:
        return _files(MODE_PACKAGES, self.root)

    def mypy(self, *args: str) -> list[Finding]:
        return run_mypy(list(MODE_PACKAGES), cwd=self.root, config_file=self.config, args=args).findings


def _key(findings: list[Finding]) -> list[tuple[str, int, str, str]]:
    return sorted((Path(f.path).name, f.line, f.code, f.message) for f in findings)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv(DEBUG_ENV, "1")
    return Project(tmp_path)


def _touch_line(project: Project) -> int:
    return _line_of(project.models, "class Member(BaseEntity, Timestamped)")


def _edit_base_body(project: Project, check: Callable[[], list[Finding]]) -> None:
    """BaseEntity.touch calls super().touch(): Member's PX605 goes (bases.py edited, models.py not)."""
    before = _key(check())
    line = _touch_line(project)
    assert ("models.py", line, "PX605") in [(n, ln, c) for n, ln, c, _ in before]
    original = project.bases.read_text(encoding="utf-8")
    project.bases.write_text(original.replace(*BASES_TOUCH), encoding="utf-8")
    after = _key(check())
    assert ("models.py", line, "PX605") not in [(n, ln, c) for n, ln, c, _ in after]
    project.bases.write_text(original, encoding="utf-8")
    assert _key(check()) == before


@pytest.mark.slow
def test_cold_warm_edited(project: Project) -> None:
    cold = project.mypy()
    assert_matches(project.files, cold)
    assert {"PX401", "PX604", "PX605"} <= set(_codes(cold))
    assert _key(project.mypy()) == _key(cold)

    # models.py is re-analysed; mixins.py and bases.py come from the cache (facts from metadata)
    original = project.models.read_text(encoding="utf-8")
    project.models.write_text(original + MODELS_EDIT, encoding="utf-8")
    assert_matches(project.files, project.mypy())
    project.models.write_text(original, encoding="utf-8")
    assert _key(project.mypy()) == _key(cold)

    _edit_base_body(project, project.mypy)


@pytest.mark.skipif(not MYPY_HAS_WORKERS, reason="--num-workers works in mypy 2.0 and later")
@pytest.mark.slow
def test_parallel_workers(project: Project) -> None:
    cold = project.mypy("--num-workers", "2")
    assert_matches(project.files, cold)
    assert _key(project.mypy("--num-workers", "2")) == _key(cold)
    assert _key(project.mypy("--no-incremental")) == _key(cold)


@pytest.fixture
def daemon(project: Project) -> Iterator[Dmypy]:
    started = Dmypy(project.root, ["--config-file", str(project.config), *MYPY_OUTPUT_FLAGS], list(MODE_PACKAGES))
    try:
        yield started
    finally:
        started.stop()


@pytest.mark.skipif(not MYPY_DAEMON_SUPPORTED, reason="the plugin refuses dmypy on mypy 1.x (test_mypy_version.py)")
@pytest.mark.slow
def test_dmypy_run(project: Project, daemon: Dmypy) -> None:
    first = daemon.run()
    assert_matches(project.files, first)
    assert _key(daemon.run()) == _key(first)

    original = project.models.read_text(encoding="utf-8")
    project.models.write_text(original + MODELS_EDIT, encoding="utf-8")
    assert_matches(project.files, daemon.run())
    project.models.write_text(original, encoding="utf-8")
    assert _key(daemon.run()) == _key(first)

    _edit_base_body(project, daemon.run)


# -- pydantic.mypy listed first and last -------------------------------------------------------

CHAIN_SOURCE: Final = '''\
from abc import ABC
from collections.abc import Sequence
from typing import Generic, TypeVar

from pydantic import BaseModel

T = TypeVar("T")


class AppError(Exception):
    pass


class Stray(ValueError):  # expect: PX401
    pass


class JsonMixin:
    def dumps(self) -> str:
        return "{}"


class Exporter:
    def __init__(self) -> None:
        self.ready = True

    def dumps(self) -> str:
        return "exported"


class Audited:
    def __init__(self) -> None:
        super().__init__()


class JsonCarrier(JsonMixin):
    pass


class Report(Exporter, JsonCarrier, Audited):  # expect: PX604, PX605
    pass


class User(BaseModel, JsonMixin):
    id: int


class Marker(ABC, Generic[T]):
    pass


class AbstractPage(Marker[T], BaseModel, ABC, Generic[T]):
    size: int = 10


# pydantic.mypy appends a generated __init__ to these bodies; when semantic analysis defers
# (Count is defined further down) the class hooks run again and see it. It is not the
# classes' own code, so this MRO has no broken chain.
class Page(AbstractPage[T], ABC, Generic[T]):
    items: Sequence[T]


class LaterPage(AbstractPage[T]):
    total: Count


Count = int


def build(user: User) -> None:
    User(id="x")  # expect: mypy:arg-type
    User.from_orm(user)  # expect: mypy:pydantic-orm, PX204
    count: int = "many"  # expect: mypy:assignment
    print(count)
'''


ORDERS: Final = {
    "pydantic-first": "pydantic.mypy, mypy_pyexpert",
    "pydantic-last": "mypy_pyexpert, pydantic.mypy",
    "alone": "mypy_pyexpert",
}


@pytest.fixture(scope="module")
def chain_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[Finding]]]:
    runs: dict[str, tuple[Path, list[Finding]]] = {}
    for name, plugins in ORDERS.items():
        root = tmp_path_factory.mktemp(name)
        module = root / "chained.py"
        module.write_text(CHAIN_SOURCE, encoding="utf-8")
        config = (
            f"[mypy]\nplugins = {plugins}\n\n[pydantic-mypy]\ninit_typed = True\n\n"
            "[pyexpert-mypy]\nexception_bases = chained.AppError\n"
        )
        runs[name] = (module, _run(root, config, (module.name,), cwd=root).findings)
    return runs


@pytest.mark.slow
@pytest.mark.parametrize("order", ["pydantic-first", "pydantic-last"])
def test_chained_with_pydantic_mypy(chain_runs: dict[str, tuple[Path, list[Finding]]], order: str) -> None:
    module, findings = chain_runs[order]
    assert_matches([module], findings)  # pydantic.mypy's pydantic-orm error survives in both orders


@pytest.mark.slow
def test_class_findings_do_not_depend_on_pydantic_mypy(chain_runs: dict[str, tuple[Path, list[Finding]]]) -> None:
    px = [
        sorted((f.line, f.code, f.message) for f in findings if f.code.startswith("PX"))
        for _, findings in chain_runs.values()
    ]
    assert {"PX401", "PX604", "PX605"} <= {code for _, code, _ in px[0]}
    assert px[0] == px[1] == px[2]
    alone = {f.code for f in chain_runs["alone"][1]}
    assert "mypy:pydantic-orm" not in alone  # the pydantic-only error: proves the plugin ran above

"""The flake8 plugin's machinery: options, opt-in rules, --jobs, the runner and the semantic model."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import pytest

from expectations import Finding, run_flake8
from flake8_pyexpert.options import OptionError, Settings, catalog_options, settings_from_namespace
from flake8_pyexpert.plugin import Plugin
from flake8_pyexpert.runner import Check, FileContext, Runner, discover_checks
from flake8_pyexpert.semantic import ScopeKind
from pyexpert_core.catalog import Checker
from pyexpert_core.registry import registry

FIXTURES: Final = Path(__file__).resolve().parent / "fixtures" / "flake8"
PX104_FIXTURE: Final = FIXTURES / "px104_dict_record_literal.py"


def _flake8(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flake8", *args], capture_output=True, text=True, cwd=cwd, check=False
    )


def _lines(findings: list[Finding]) -> set[int]:
    return {finding.line for finding in findings}


# -- options -----------------------------------------------------------------------------------


def test_settings_have_one_field_per_catalog_option() -> None:
    assert set(Settings._fields) == {option.name for option in catalog_options()}


def test_settings_defaults_are_the_catalog_defaults() -> None:
    assert Settings().serializer_methods == frozenset(
        {"to_dict", "as_dict", "asdict", "to_json", "serialize", "dict", "model_dump", "__getstate__"}
    )


def test_settings_are_frozen() -> None:
    settings = Settings()
    with pytest.raises(AttributeError):
        setattr(settings, "serializer_methods", frozenset())  # noqa: B010 (mypy would reject the assignment)


def test_settings_parse_comma_separated_text_and_lists() -> None:
    assert Settings.parse(serializer_methods=" a, b ,,c\n d").serializer_methods == {"a", "b", "c", "d"}
    assert Settings.parse(serializer_methods=["x"]).serializer_methods == {"x"}
    assert Settings.parse(serializer_methods="").serializer_methods == frozenset()


@pytest.mark.parametrize("bad", ["to-dict", "class", "1abc", "a b"])
def test_bad_value_is_a_one_line_option_error(bad: str) -> None:
    namespace = __import__("argparse").Namespace(pyexpert_serializer_methods=[bad])
    with pytest.raises(OptionError) as error:
        settings_from_namespace(namespace)
    message = str(error.value)
    assert message.startswith("--pyexpert-serializer-methods: ")
    assert "\n" not in message
    assert repr(bad) in message


def test_bad_command_line_value_is_a_clear_flake8_error(tmp_path: Path) -> None:
    target = tmp_path / "ok.py"
    target.write_text("x = 1\n", encoding="utf-8")
    proc = _flake8("--isolated", "--pyexpert-serializer-methods=to_dict,to-json", str(target))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "flake8: error: --pyexpert-serializer-methods: 'to-json' is not a function name" in proc.stderr


def test_bad_config_value_is_a_clear_flake8_error(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text(
        "[flake8]\npyexpert-serializer-methods = to_dict,\n    not-valid\n", encoding="utf-8"
    )
    (tmp_path / "ok.py").write_text("x = 1\n", encoding="utf-8")
    proc = _flake8("ok.py", cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "flake8: error: --pyexpert-serializer-methods: 'not-valid' is not a function name" in proc.stderr


@pytest.mark.parametrize(
    ("key", "hint"),
    [
        ("pyexpert-serializer-method", "; did you mean pyexpert-serializer-methods?"),
        ("pyexpert_settings_module", "; did you mean pyexpert-settings-modules?"),
        ("pyexpert-no-such-thing", ""),
    ],
)
def test_a_misspelt_config_key_is_a_clear_flake8_error(tmp_path: Path, key: str, hint: str) -> None:
    (tmp_path / "setup.cfg").write_text(f"[flake8]\nmax-line-length = 100\n{key} = x\n", encoding="utf-8")
    (tmp_path / "ok.py").write_text("x = 1\n", encoding="utf-8")
    proc = _flake8("ok.py", cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.stderr.splitlines()[-1] == f"flake8: error: unknown option {key} in the [flake8] section{hint}"


def test_the_config_keys_are_read_as_flake8_reads_them(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text("[flake8]\npyexpert-serializer-method = x\n", encoding="utf-8")
    (tmp_path / "other.cfg").write_text("[flake8]\npyexpert-serializer-methods = to_dict\n", encoding="utf-8")
    (tmp_path / "ok.py").write_text("x = 1\n", encoding="utf-8")
    assert _flake8("--config=other.cfg", "ok.py", cwd=tmp_path).returncode == 0  # setup.cfg is not read
    assert _flake8("--isolated", "ok.py", cwd=tmp_path).returncode == 0  # no config file is read


def test_option_changes_results_on_the_command_line() -> None:
    default = {f.message.split("'")[1] for f in run_flake8([PX104_FIXTURE])}
    option = "--pyexpert-serializer-methods=user_summary,build_unannotated"
    changed = {f.message.split("'")[1] for f in run_flake8([PX104_FIXTURE], option)}
    assert default - changed == {"user_summary", "UserService.build_unannotated"}
    # the option replaces the default list: to_dict, dict and asdict are no longer serializers,
    # nor conversions named after to_dict (a name that says it serializes still is one; the other
    # serializer-named methods are annotated: PX102's, not PX104's)
    assert changed - default == {"Point.to_dict", "Point.dict", "Event.asdict", "code_to_dict"}


def test_option_changes_results_from_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text(
        "[flake8]\nselect = PX\npyexpert-serializer-methods =\n    user_summary,\n    build_unannotated\n",
        encoding="utf-8",
    )
    target = tmp_path / "fixture.py"
    target.write_text(PX104_FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    proc = _flake8("fixture.py", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "fixture.py:20:" not in proc.stdout
    assert "'Point.to_dict'" in proc.stdout


def test_jobs_2_gives_the_same_output_as_jobs_1() -> None:
    files = sorted(FIXTURES.glob("*.py")) * 3  # enough files for flake8 to really fork workers
    serial = run_flake8(files, "-j1")
    parallel = run_flake8(files, "-j2")
    assert serial
    assert serial == parallel


def test_jobs_2_keeps_the_parsed_options() -> None:
    files = sorted(FIXTURES.glob("*.py"))
    args = ("--pyexpert-serializer-methods=user_summary",)
    assert run_flake8(files, "-j2", *args) == run_flake8(files, "-j1", *args)
    assert 20 not in _lines([f for f in run_flake8(files, "-j2", *args) if f.path.endswith("literal.py")])


_OPT_IN_SCRIPT: Final = """
import sys
import flake8_pyexpert.plugin as plugin
plugin.opt_in_codes = lambda: ["PX104"]  # pretend PX104 were opt-in
from flake8.main.cli import main
raise SystemExit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize(
    ("args", "reported"),
    [
        ((), False),  # flake8's defaults: PX selected, the opt-in rule default-ignored
        (("--select=PX",), True),  # an explicit select beats a default ignore
        (("--extend-select=PX",), True),
        (("--extend-select=PX104",), True),
        (("--select=E,W,F",), False),
        (("--select=PX", "--extend-ignore=PX104"), False),
        (("--ignore=E501",), True),  # overriding ignore drops the default ignore list
    ],
)
def test_opt_in_rules_are_default_ignored(tmp_path: Path, args: tuple[str, ...], reported: bool) -> None:
    target = tmp_path / "t.py"
    target.write_text("def f(a):\n    return {'a': a, 'b': a}\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", _OPT_IN_SCRIPT, "--isolated", *args, str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Traceback" not in proc.stderr
    assert ("PX104" in proc.stdout) is reported, proc.stdout


def test_no_opt_in_flake8_rule_is_default_selected() -> None:
    from flake8_pyexpert.plugin import opt_in_codes

    expected = [r.code for r in registry().for_checker(Checker.FLAKE8) if not r.default_enabled]
    assert opt_in_codes() == expected


# -- the runner --------------------------------------------------------------------------------


class _Counter(Check):
    """Counts visit/leave events per node, and records the visit order."""

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self.visits: dict[int, int] = {}
        self.leaves: dict[int, int] = {}
        self.order: list[ast.AST] = []

    def visit_AST(self, node: ast.AST) -> None:
        self.visits[id(node)] = self.visits.get(id(node), 0) + 1
        self.order.append(node)

    def leave_AST(self, node: ast.AST) -> None:
        self.leaves[id(node)] = self.leaves.get(id(node), 0) + 1


_SAMPLE: Final = textwrap.dedent(
    """
    import os
    from typing import Any

    @decorator(arg=1)
    class A(Base, metaclass=Meta):
        x: int = 1
        def m(self, a: int = 2, *args: Any, **kw: Any) -> dict[str, Any]:
            global g
            return {"a": [i for i in range(a) if i], **kw}

    async def f(x):
        async with x as y:
            await y
        lam = lambda q=1: q + 1
        match x:
            case {"k": v, **rest}:
                pass
            case [1, *others] | None:
                pass
        try:
            pass
        except* ValueError as e:
            del e
    """
)


def _real_nodes(tree: ast.AST) -> list[ast.AST]:
    skip = (ast.expr_context, ast.operator, ast.boolop, ast.cmpop, ast.unaryop)
    return [node for node in ast.walk(tree) if not isinstance(node, skip)]


def _run_checks(source: str, *checks: type[Check]) -> list[Check]:
    tree = ast.parse(source)
    captured: list[Check] = []

    class Capture(Check):
        def __init__(self, context: FileContext) -> None:
            super().__init__(context)
            captured.append(self)

    runner = Runner([*checks, Capture])
    runner.run(tree, "<test>", Settings())
    return captured


def test_runner_dispatches_each_node_exactly_once() -> None:
    tree = ast.parse(_SAMPLE)
    instances: list[_Counter] = []

    class Recording(_Counter):
        def __init__(self, context: FileContext) -> None:
            super().__init__(context)
            instances.append(self)

    Runner([Recording]).run(tree, "<test>", Settings())
    (counter,) = instances
    nodes = _real_nodes(tree)
    assert len(nodes) > 80
    assert counter.visits == {id(node): 1 for node in nodes}
    assert counter.leaves == {id(node): 1 for node in nodes}
    assert counter.order[0] is tree


def test_runner_visits_in_pre_order_and_leaves_after_children() -> None:
    events: list[tuple[str, str]] = []

    class Events(Check):
        def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
            events.append(("visit", node.name))

        def leave_FunctionDef(self, node: ast.FunctionDef) -> None:
            events.append(("leave", node.name))

        def visit_Return(self, node: ast.Return) -> None:
            events.append(("return", str(node.lineno)))

    Runner([Events]).run(ast.parse("def a():\n    def b():\n        return 1\n    return 2\n"), "<t>", Settings())
    assert events == [("visit", "a"), ("visit", "b"), ("return", "3"), ("leave", "b"), ("return", "4"), ("leave", "a")]


def test_runner_builds_the_dispatch_table_once_per_set_of_checks() -> None:
    assert Runner().table is Runner().table
    assert Runner([_Counter]).table is Runner([_Counter]).table
    assert Runner([_Counter]).table is not Runner().table


def test_checks_are_discovered_from_the_rules_package() -> None:
    checks = discover_checks()
    names = {check.__name__ for check in checks}
    assert "DictRecordLiteral" in names
    covered = {rule.code for check in checks for rule in check.rules}
    assert covered == {rule.code for rule in registry().for_checker(Checker.FLAKE8)}


def test_a_misspelled_visit_method_is_an_error() -> None:
    class Typo(Check):
        def visit_Fucntiondef(self, node: ast.AST) -> None: ...

    with pytest.raises(TypeError, match="Fucntiondef"):
        Runner([Typo])


def test_deeply_nested_code_does_not_hit_the_recursion_limit() -> None:
    depth = sys.getrecursionlimit() + 200
    try:
        tree = ast.parse("x = " + "1 + " * depth + "1\n")
    except RecursionError:  # pragma: no cover - ast.parse's own limit on this build
        pytest.skip("ast.parse cannot build such a deep tree here")
    assert list(Plugin(tree, "deep.py").run()) == []


# -- the semantic model ------------------------------------------------------------------------


@dataclass(frozen=True)
class Seen:
    """What the model says at a ``probe("label", ...)`` call."""

    is_async: bool
    resolved: list[str | None]
    function: str | None
    klass: str | None
    kind: ScopeKind
    route: bool
    parent: str
    in_except: bool
    class_bases: tuple[str | None, ...] | None


class _Probe(Check):
    """Records, for every call ``probe(label, *exprs)``, what the model says at that point."""

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self.seen: dict[str, Seen] = {}

    def visit_Call(self, node: ast.Call) -> None:
        if not (isinstance(node.func, ast.Name) and node.func.id == "probe" and node.args):
            return
        label = node.args[0]
        assert isinstance(label, ast.Constant) and isinstance(label.value, str)
        function = self.model.current_function
        klass = self.model.enclosing_class
        self.seen[label.value] = Seen(
            is_async=self.model.in_async,
            resolved=[self.model.resolve(arg) for arg in node.args[1:]],
            function=function.name if function else None,
            klass=klass.name if klass else None,
            kind=self.model.scope.kind,
            route=bool(function and self.model.fastapi.is_route_handler(function)),
            parent=type(self.model.parent(node)).__name__,
            in_except=self.model.except_handler is not None,
            class_bases=info.bases if klass and (info := self.model.class_info(klass)) else None,
        )


def _probe(source: str) -> Mapping[str, Seen]:
    tree = ast.parse(textwrap.dedent(source))
    instances: list[_Probe] = []

    class Recording(_Probe):
        def __init__(self, context: FileContext) -> None:
            super().__init__(context)
            instances.append(self)

    Runner([Recording]).run(tree, "<test>", Settings())
    return instances[0].seen


def test_import_resolution() -> None:
    seen = _probe(
        """
        import os.path
        import a.b as c
        import pydantic as pd
        from time import sleep as nap
        from . import sibling
        from ..pkg.mod import thing as other
        from .models import User

        probe("x", nap, pd.Field, c.d.e, os.path.join, os, sibling, other, User, dict, len, undefined_name)
        """
    )
    assert seen["x"].resolved == [
        "time.sleep",
        "pydantic.Field",
        "a.b.d.e",
        "os.path.join",
        "os",
        ".sibling",
        "..pkg.mod.thing",
        ".models.User",
        "builtins.dict",
        "builtins.len",
        None,
    ]


def test_local_bindings_shadow_imports_and_builtins() -> None:
    seen = _probe(
        """
        from sqlalchemy.orm import Session

        class dict:
            pass

        def f(Session):
            probe("param", Session, dict)

        def g():
            Session = make()
            probe("assigned later counts", Session)

        def h():
            probe("module import", Session)
            from mylib import Session as Other
            probe("local import", Other)

        def k():
            global Session
            probe("global", Session)
        """
    )
    assert seen["param"].resolved == [None, None]
    assert seen["assigned later counts"].resolved == [None]
    assert seen["module import"].resolved == ["sqlalchemy.orm.Session"]
    assert seen["local import"].resolved == ["mylib.Session"]
    assert seen["global"].resolved == ["sqlalchemy.orm.Session"]


def test_imports_later_in_the_module_count_everywhere() -> None:
    seen = _probe(
        """
        def f():
            probe("early", json, np)

        if True:
            import json
        try:
            import numpy as np
        except ImportError:
            np = None
        """
    )
    assert seen["early"].resolved == ["json", "numpy"]


def test_class_scope_names_are_not_visible_in_methods() -> None:
    seen = _probe(
        """
        from x import Thing

        class A:
            Thing = 1
            probe("class body", Thing)

            def m(self):
                probe("method", Thing)
        """
    )
    assert seen["class body"].resolved == [None]
    assert seen["method"].resolved == ["x.Thing"]


def test_async_scope_rules() -> None:
    seen = _probe(
        """
        probe("module")

        async def outer():
            probe("async body")

            def nested_sync():
                probe("sync in async")

                async def nested_async():
                    probe("async in sync")

            callback = lambda: probe("lambda in async")

            class Inner:
                probe("class body in async")

                async def method(self):
                    probe("async method")

            [probe("comprehension in async") for _ in range(1)]

        @decorate(probe("decorator of async"))
        async def decorated(x=probe("default of async")):
            pass
        """
    )
    expected = {
        "module": (False, ScopeKind.MODULE, None),
        "async body": (True, ScopeKind.ASYNC_FUNCTION, "outer"),
        "sync in async": (False, ScopeKind.FUNCTION, "nested_sync"),
        "async in sync": (True, ScopeKind.ASYNC_FUNCTION, "nested_async"),
        "lambda in async": (False, ScopeKind.LAMBDA, None),
        "class body in async": (False, ScopeKind.CLASS, None),
        "async method": (True, ScopeKind.ASYNC_FUNCTION, "method"),
        "comprehension in async": (True, ScopeKind.ASYNC_FUNCTION, "outer"),
        "decorator of async": (False, ScopeKind.MODULE, None),
        "default of async": (False, ScopeKind.MODULE, None),
    }
    assert {label: (s.is_async, s.kind, s.function) for label, s in seen.items()} == expected
    assert seen["async method"].klass == "Inner"
    assert seen["async body"].klass is None


def test_route_handler_detection() -> None:
    seen = _probe(
        """
        from fastapi import APIRouter, FastAPI

        app = FastAPI()
        router = APIRouter()

        @app.get("/")
        def root():
            probe("app.get")

        @router.post("/items", status_code=201)
        async def create():
            probe("router.post")

        @router.get
        def bare():
            probe("not called")

        @router.include_router("/x")
        def other_method():
            probe("other method")

        def plain():
            probe("plain")
        """
    )
    assert {label: s.route for label, s in seen.items()} == {
        "app.get": True,
        "router.post": True,
        "not called": False,
        "other method": False,
        "plain": False,
    }


def test_route_handlers_need_fastapi() -> None:
    seen = _probe(
        """
        from flask import Flask

        app = Flask(__name__)

        @app.get("/")
        def root():
            probe("flask")
        """
    )
    assert seen["flask"].route is False


def test_pydantic_model_classes() -> None:
    tree = ast.parse(
        textwrap.dedent(
            """
            import pydantic as pd
            import sqlmodel
            from typing import Generic, TypeVar, TypedDict
            from pydantic import RootModel
            from pydantic_settings import BaseSettings as Settings

            T = TypeVar("T")

            class Plain: ...
            class Model(pd.BaseModel): ...
            class Child(Model): ...
            class Grandchild(Child, Generic[T]): ...
            class Root(RootModel[list[int]]): ...
            class Conf(Settings): ...
            class Table(sqlmodel.SQLModel, table=True): ...
            class NotAModel(Plain): ...
            class Record(TypedDict): ...
            class SubRecord(Record): ...
            class Later(Defined): ...
            class Defined(pd.BaseModel): ...
            """
        )
    )
    model_of: dict[str, bool] = {}
    typeddict_of: dict[str, bool] = {}

    class Classes(Check):
        def leave_Module(self, node: ast.Module) -> None:
            for statement in node.body:
                if isinstance(statement, ast.ClassDef):
                    model_of[statement.name] = self.model.is_pydantic_model(statement)
                    info = self.model.class_info(statement)
                    assert info is not None
                    typeddict_of[statement.name] = info.is_typeddict

    Runner([Classes]).run(tree, "<t>", Settings())
    assert {name for name, is_model in model_of.items() if is_model} == {
        "Model", "Child", "Grandchild", "Root", "Conf", "Table", "Defined",
    }
    assert {name for name, is_td in typeddict_of.items() if is_td} == {"Record", "SubRecord"}


def test_except_handlers_and_class_bases() -> None:
    seen = _probe(
        """
        import pydantic as pd
        from typing import Generic

        try:
            probe("try body")
        except ValueError:
            probe("handler")

            def later():
                probe("function defined in handler")
        finally:
            probe("finally")

        class Model(pd.BaseModel, Generic[T], Local):
            def m(self):
                probe("method")
        """
    )
    assert {label: s.in_except for label, s in seen.items()} == {
        "try body": False,
        "handler": True,
        "function defined in handler": False,
        "finally": False,
        "method": False,
    }
    assert seen["method"].class_bases == ("pydantic.BaseModel", "typing.Generic", None)
    assert seen["handler"].class_bases is None


def test_parents_are_recorded() -> None:
    seen = _probe("x = [probe('in list')]\nawait_me(probe('argument'))\n")
    assert seen["in list"].parent == "List"
    assert seen["argument"].parent == "Call"


# -- robustness --------------------------------------------------------------------------------

_ODD_SOURCES: Final = [
    "",
    "# only a comment\n",
    '"""only a docstring"""\n',
    "x = " + "(" * 150 + "1" + ")" * 150 + "\n",
    "x = " + "[" * 90 + "]" * 90 + "\n",
    "f(" * 100 + ")" * 100 + "\n",
    "return {'a': 1, 'b': 2}\n",  # invalid at compile time, accepted by ast.parse
    "class A:\n    return {'a': 1, 'b': 2}\n",
    "lambda: (yield)\n",
    "def f(dict): return dict(a=1, b=2)\n",
    "from . import *\nfrom fastapi import *\n@app.get('/')\ndef f(): return {'a': 1, 'b': 2}\n",
    textwrap.dedent(
        """
        match command:
            case {"action": "go", **rest} if rest:
                pass
            case Point(x=0, y=0) | [1, 2, *_] | {1: _}:
                pass
            case str() as s:
                pass
            case _:
                pass
        """
    ),
    "def f() -> 'not valid python ((':\n    return {'a': 1, 'b': 2}\n",
    "def f() -> '':\n    return {'a': 1, 'b': 2}\n",
    "def f() -> Optional[Optional[Optional[dict]]]:\n    return {'a': 1, 'b': 2}\n",
    "class A(A): ...\nclass B(B, A): ...\n",
    "global x\nnonlocal_ = 1\n",
    "async def f():\n    return [x async for x in y]\n",
    "def f():\n    return {'a': (b := 1), 'b': b}\n",
    "try:\n    pass\nexcept* (A, B):\n    pass\n",
    "f'{x!r:>{width}}'\n",
]
if sys.version_info >= (3, 12):
    _ODD_SOURCES += [
        "type X = dict[str, int]\ntype Y[T] = list[T]\n",
        "def f[T: int, *Ts, **P](x: T) -> dict[str, T]:\n    return {'a': x, 'b': x}\n",
        "class C[T]:\n    def m(self) -> T: ...\n",
    ]


@pytest.mark.parametrize("source", _ODD_SOURCES)
def test_plugin_never_crashes_on_odd_files(source: str) -> None:
    tree = ast.parse(source)
    first = list(Plugin(tree, "odd.py").run())
    assert first == list(Plugin(tree, "odd.py").run())
    for line, col, text, kind in first:
        assert text.startswith("PX") and kind is Plugin and line >= 1 and col >= 0


def test_plugin_reports_tuples_flake8_understands() -> None:
    tree = ast.parse("def f(a):\n    return {'a': a, 'b': a}\n")
    assert list(Plugin(tree, "t.py").run()) == [
        (2, 11, "PX104 'f' returns a dict literal used as a record (keys 'a', 'b'); "
                "return a Pydantic model or dataclass", Plugin)
    ]

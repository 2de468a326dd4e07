"""The rule metadata the plugins load (pyexpert_core.metadata) is the catalog's, and loading
either plugin imports neither pydantic nor the catalog."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pyexpert_core import metadata
from pyexpert_core.generate import METADATA_PATH, render_metadata, rule_constants
from pyexpert_core.options import ROLE_OPTIONS
from pyexpert_core.registry import registry


def test_generated_module_is_current() -> None:
    assert METADATA_PATH.read_text(encoding="utf-8") == render_metadata(), "run `pyexpert generate`"


@pytest.mark.parametrize(("constant", "code"), [(name, rule.code) for name, rule in rule_constants()])
def test_each_rule_has_the_catalog_fields(constant: str, code: str) -> None:
    rule = registry().by_code(code)
    info = getattr(metadata, constant)
    assert (info.code, info.name, info.summary, info.message) == (rule.code, rule.name, rule.summary, rule.message)
    assert (info.checker, info.default_enabled) == (rule.checker, rule.default_enabled)
    assert info.applies_to == rule.applies_to
    assert info.family is rule.family and info.mypy_code == rule.mypy_code
    assert [(o.name, o.type, o.default, o.description) for o in info.options] == [
        (o.name, o.type, o.default, o.description) for o in rule.options
    ]
    fields = {name: f"<{name}>" for name in rule.message_fields}
    assert info.flake8_text(**fields) == rule.flake8_text(**fields)


def test_every_rule_once_in_code_order() -> None:
    assert [info.code for info in metadata.RULES] == [rule.code for rule in registry()]
    assert [o.name for o in metadata.ROLE_OPTIONS] == [o.name for o in ROLE_OPTIONS]
    assert [o.default for o in metadata.ROLE_OPTIONS] == [o.default for o in ROLE_OPTIONS]


def test_format_demands_exactly_the_template_fields() -> None:
    info = metadata.RAW_DICT_PARAM
    with pytest.raises(KeyError):
        info.format(param="x")
    with pytest.raises(KeyError):
        info.format(param="x", type="dict", extra=1)


@pytest.mark.parametrize("module", ["flake8_pyexpert.plugin", "mypy_pyexpert"])
def test_loading_a_plugin_imports_neither_pydantic_nor_the_catalog(module: str) -> None:
    """Nor libcst, which only ``pyexpert fix`` uses (an optional extra)."""
    code = (
        f"import sys, {module}\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'libcst') or m in "
        "('pyexpert_core.catalog', 'pyexpert_core.registry') or m.startswith('pyexpert_core.rules'))\n"
        "print(','.join(heavy))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == ""


#: Modules the flake8 plugin needs only for some files, loaded when a file first needs them:
#: FastAPI wiring (a file that asks about routes), compatibility branches (a PX2 finding), and
#: difflib (a misspelt option).
_LOADED_ON_DEMAND = ("flake8_pyexpert.semantic.fastapi", "pyexpert_core.compat", "difflib")


def test_the_flake8_plugin_loads_per_file_helpers_on_demand() -> None:
    code = (
        "import sys, ast, flake8_pyexpert.plugin as p\n"
        f"wanted = {_LOADED_ON_DEMAND!r}\n"
        "print(','.join(m for m in wanted if m in sys.modules))\n"
        "list(p.Plugin(ast.parse('x = 1'), 'one_line.py').run())\n"
        "print(','.join(m for m in wanted if m in sys.modules))\n"
        "source = 'from fastapi import FastAPI\\napp = FastAPI()\\n'\n"
        "source += '@app.get(\"/\")\\nasync def r():\\n    return {}\\n'\n"
        "list(p.Plugin(ast.parse(source), 'app.py').run())\n"
        "print('fastapi' if 'flake8_pyexpert.semantic.fastapi' in sys.modules else '')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    at_load, after_one_line, after_route = proc.stdout.splitlines()
    assert (at_load, after_one_line) == ("", "")
    assert after_route == "fastapi"  # the on-demand path does load it: the rules still see routes


def test_generate_check_passes_on_current_files_and_fails_on_stale_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pyexpert_core import cli, generate

    assert cli.main(["generate", "--check"]) == 0  # the committed files are current
    originals = generate.GENERATED
    copies = [generate.GeneratedFile(tmp_path / file.path.name, file.render) for file in originals]
    for copy, file in zip(copies, originals, strict=True):
        copy.path.write_text(file.path.read_text(encoding="utf-8"), encoding="utf-8")
    metadata, readme, standard = (copy.path for copy in copies)
    metadata.write_text(render_metadata().replace("PX101", "PX199", 1), encoding="utf-8")
    readme.write_text(readme.read_text(encoding="utf-8").replace("| PX101 |", "| PX199 |", 1), encoding="utf-8")
    monkeypatch.setattr(generate, "GENERATED", tuple(copies))
    assert cli.main(["generate", "--check"]) == 1
    err = capsys.readouterr().err
    assert str(metadata) in err and str(readme) in err and str(standard) not in err
    assert cli.main(["generate"]) == 0  # rewrites the two stale files
    assert f"wrote {metadata}" in capsys.readouterr().out
    for copy, file in zip(copies, originals, strict=True):
        assert copy.path.read_text(encoding="utf-8") == file.path.read_text(encoding="utf-8")


def test_both_plugins_settings_are_exactly_the_catalog_options() -> None:
    from flake8_pyexpert.options import Settings as Flake8Settings
    from mypy_pyexpert.config import Settings as MypySettings
    from pyexpert_core.ruleinfo import Checker

    for checker, keys in ((Checker.FLAKE8, Flake8Settings._fields), (Checker.MYPY, MypySettings.keys())):
        options = {o.name for rule in metadata.RULES if rule.checker is checker for o in rule.options}
        options |= {o.name for o in metadata.ROLE_OPTIONS}
        if checker is Checker.MYPY:
            options |= {o.name for o in metadata.MYPY_SWITCHES}
        assert set(keys) == options, checker


def test_mypy_defaults_are_the_catalog_defaults() -> None:
    from mypy_pyexpert.config import Settings

    default = Settings()
    assert default.check_private is (metadata.CHECK_PRIVATE.default == "true")
    assert default.mixin_pattern == metadata.MIXIN_PATTERN.default
    assert ",".join(default.test_globs) == metadata.TEST_GLOBS.default
    assert default.exception_bases == () and default.blocking_client_types == ()  # "unset" in the catalog

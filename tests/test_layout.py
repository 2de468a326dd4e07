"""The shape of the code base: rule modules named by code and independent of each other, support
code outside ``rules/``, and no import cycle between the project's modules."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Final

import pytest

from pyexpert_core import metadata
from pyexpert_core.metadata import RULES
from pyexpert_core.ruleinfo import Checker

ROOT: Final = Path(__file__).resolve().parent.parent
PACKAGES: Final = ("pyexpert_core", "flake8_pyexpert", "mypy_pyexpert")
RULE_DIRS: Final = {Checker.FLAKE8: ROOT / "flake8_pyexpert" / "rules", Checker.MYPY: ROOT / "mypy_pyexpert" / "rules"}
_RULE_MODULE: Final = re.compile(r"^px\d{3}_[a-z0-9_]+\.py$")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))}


def _load_time_imports(path: Path, name: str, modules: dict[str, Path]) -> Iterator[str]:
    """The project modules ``path`` imports when it is loaded (not in functions, nor for typing).

    ``from package import module`` is an import of the module: every module imports its parent
    packages first anyway, so that edge would only add cycles Python itself never minds.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in tree.body:
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                anchor = parts[: len(parts) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                yield f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {
        name: {target for target in _load_time_imports(path, name, modules) if target in modules and target != name}
        for name, path in modules.items()
    }


@pytest.mark.parametrize("checker", list(RULE_DIRS))
def test_rule_modules_are_named_by_code(checker: Checker) -> None:
    codes = {rule.code.lower() for rule in RULES if rule.checker is checker}
    for path in sorted(RULE_DIRS[checker].glob("*.py")):
        if path.name == "__init__.py":
            continue
        assert _RULE_MODULE.match(path.name), f"{path.name}: a rule module is named pxNNN_<name>.py"
        assert path.name[:5] in codes, f"{path.name}: {path.name[:5].upper()} is not a {checker.value} rule"


@pytest.mark.parametrize("checker", list(RULE_DIRS))
def test_every_rule_is_imported_by_a_rule_module(checker: Checker) -> None:
    imported: set[str] = set()
    for path in RULE_DIRS[checker].glob("px*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "pyexpert_core.metadata":
                imported.update(alias.name for alias in node.names)
    missing = [
        rule.code
        for rule in RULES
        if rule.checker is checker and not any(getattr(metadata, name, None) is rule for name in imported)
    ]
    assert not missing, f"no module of {RULE_DIRS[checker].relative_to(ROOT)} implements {missing}"


def test_rule_modules_never_import_each_other() -> None:
    graph = _graph()
    for name, targets in graph.items():
        if ".rules.px" not in name:
            continue
        others = sorted(target for target in targets if ".rules.px" in target)
        assert not others, f"{name} imports the rule modules {others}: move what they share out of rules/"


def test_the_project_has_no_import_cycle() -> None:
    graph = _graph()
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph[name]):
            if state.get(target) == 1:
                cycle = path[path.index(target):] + [target] if target in path else [name, target]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target, [*path, target])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])


#: Documents the project was once built from, which are not part of it (spelt so that this
#: file does not name them).
_OUTSIDE_DOCS: Final = tuple(f"{name}.md" for name in ("DESIGN", "RULES"))


def test_the_project_refers_only_to_its_own_docs() -> None:
    suffixes = {".py", ".md", ".toml", ".cfg", ".ini", ".txt", ".yaml", ".yml"}
    skipped = {".git", ".venv", ".tox", ".mypy_cache", "__pycache__", "build", "dist"}
    found = []
    for path in sorted(ROOT.rglob("*")):
        relative = path.relative_to(ROOT)
        if path.suffix not in suffixes or not path.is_file() or skipped & set(relative.parts):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{relative}: {name}" for name in _OUTSIDE_DOCS if name in text]
    assert not found, "refer to docs/architecture.md or the catalog instead:\n" + "\n".join(found)

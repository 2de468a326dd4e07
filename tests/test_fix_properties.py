"""Properties of ``pyexpert fix`` on random modules composed from the catalog's fix examples.

Each module joins a few examples (their top-level names suffixed so they do not clash), with
comment lines inserted before random top-level statements. After ``pyexpert fix``:

- every file parses;
- fixing again changes nothing, and detection finds none of the fixed findings (every example is
  fixable, so nothing is left at all);
- the comment lines and blank lines are byte-identical and in the same order (a fix rewrites
  code, never the lines around it).

Few examples (each one runs flake8 and mypy several times), in one project directory so mypy's
cache stays warm.
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path
from typing import Final

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fixing import ALL_CODES, fix_in, write_project
from pyexpert_core.registry import registry

EXAMPLES: Final = [rule.fix_example[0] for rule in registry() if rule.fix is not None]


def _suffixed(source: str, suffix: str) -> str:
    """``source`` with its top-level classes, functions and variables renamed ``<name><suffix>``."""
    names: set[str] = set()
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {target.id for target in node.targets if isinstance(target, ast.Name)}
    for name in sorted(names):
        source = re.sub(rf"\b{name}\b", name + suffix, source)
    return source


def _with_comments(source: str, before: frozenset[int], tag: str) -> str:
    """``source`` with a comment line inserted before the top-level statements numbered ``before``."""
    starts = {node.lineno for node in ast.parse(source).body}
    lines = source.splitlines(keepends=True)
    out: list[str] = []
    for number, line in enumerate(lines, start=1):
        if number in starts and len(out) % 7 in before:  # a pseudo-random choice the draw controls
            out.append(f"# {tag} kept as written  \n")
        out.append(line)
    return "".join(out)


def _kept_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.strip() or line.lstrip().startswith("#")]


_MODULE: Final = st.tuples(
    st.lists(st.sampled_from(range(len(EXAMPLES))), min_size=1, max_size=3, unique=True),
    st.frozensets(st.integers(0, 6), max_size=4),
)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("properties")
    write_project(root, {})
    return root


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(modules=st.lists(_MODULE, min_size=1, max_size=3))
# every fix example at least once, all in one module (the random draws are few: each runs the tools)
@example(modules=[(list(range(len(EXAMPLES))), frozenset({0, 2, 5}))])
def test_fix_properties(workdir: Path, modules: list[tuple[list[int], frozenset[int]]]) -> None:
    package = workdir / "pkg"
    shutil.rmtree(package, ignore_errors=True)
    package.mkdir()
    sources = {}
    for number, (examples, comments) in enumerate(modules):
        body = "".join(_suffixed(EXAMPLES[index], f"_{number}_{index}") + "\n\n" for index in examples)
        sources[f"m{number}.py"] = _with_comments(body, comments, f"m{number}")
    for name, text in sources.items():
        (package / name).write_text(text, encoding="utf-8")
    report = fix_in(workdir, ["pkg"], codes=ALL_CODES, unsafe=True)
    assert report.results and not [r for r in report.results if r.status.value != "fixed"]
    fixed = {name: (package / name).read_text(encoding="utf-8") for name in sources}
    for name, text in fixed.items():
        ast.parse(text)
        assert _kept_lines(text) == _kept_lines(sources[name]), name
    again = fix_in(workdir, ["pkg"], codes=ALL_CODES, unsafe=True)
    assert not again.changes and not again.results

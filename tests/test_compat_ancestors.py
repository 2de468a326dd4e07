"""The flake8 plugin's ancestor-based test of compatibility branches (``AncestorTest``) gives the
answers of the whole-module regions (``compat_regions``, the mypy plugin's) for every node.

A region lies inside the node that makes it, so a node can only be inside regions its lineage
makes. The one position where the two can differ is an expression statement that starts with a
conditional expression (``A if PYDANTIC_V1 else B`` on a line of its own): the statement starts
where the region of its value does. No rule reports an expression statement, so those are left
out here.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pyexpert_core.compat import AncestorTest, compat_regions

FIXTURES = Path(__file__).parent / "fixtures"


def _lineage(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> list[ast.AST]:
    found = [node]
    while node in parents:
        node = parents[node]
        found.append(node)
    return found


def _disagreements(source: str) -> list[tuple[str, int, int, bool]]:
    """Nodes on which the two tests disagree: (node type, line, column, whole-module answer)."""
    tree = ast.parse(source)
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    regions = compat_regions(tree)
    ancestors = AncestorTest(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt | ast.expr | ast.excepthandler | ast.arg | ast.keyword) or isinstance(
            node, ast.Expr
        ):
            continue
        whole = regions.contains(node.lineno, node.col_offset)
        if ancestors.contains(node, _lineage(node, parents)) != whole:
            found.append((type(node).__name__, node.lineno, node.col_offset, whole))
    return found


def _sources() -> list[Path]:
    paths = sorted(path for path in FIXTURES.rglob("*.py") if "pydantic" in path.read_text(encoding="utf-8").lower())
    spec = importlib.util.find_spec("fastapi")
    if spec is not None and spec.origin is not None:
        paths.extend(sorted((Path(spec.origin).parent / "_compat").glob("*.py")))  # fastapi's v1/v2 bridge
    return paths


@pytest.mark.parametrize("path", _sources(), ids=lambda path: path.name)
def test_same_answers_on_real_modules(path: Path) -> None:
    assert _disagreements(path.read_text(encoding="utf-8")) == []


def test_the_fixture_has_regions() -> None:
    # the comparison above would pass vacuously on code with no region
    tree = ast.parse((FIXTURES / "flake8" / "px2_compat_branches.py").read_text(encoding="utf-8"))
    assert compat_regions(tree).spans


# -- generated modules: nested blocks of every kind of region ------------------------------------

_TESTS = ("PYDANTIC_V2", "not PYDANTIC_V1", "PYDANTIC_V1", 'VERSION.startswith("1.")', "settings.debug")
_LEAVES = ("x = Model.dict()", "y = Model.parse_obj(data)", "return Model.json()", "pass", "z = compute()")


def _block(draw: st.DrawFn, depth: int, indent: str) -> list[str]:
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        kinds = ["leaf", "leaf", "if", "ifelse", "early", "try", "def", "ifexp"] if depth else ["leaf"]
        kind = draw(st.sampled_from(kinds))
        if kind == "leaf":
            lines.append(indent + draw(st.sampled_from(_LEAVES)))
        elif kind == "ifexp":
            lines.append(f"{indent}value = Model.dict() if {draw(st.sampled_from(_TESTS))} else Model.model_dump()")
        elif kind in ("if", "ifelse", "early"):
            lines.append(f"{indent}if {draw(st.sampled_from(_TESTS))}:")
            lines += _block(draw, depth - 1, indent + "    ")
            if kind == "early":
                lines.append(indent + "    return None")
            if kind == "ifelse":
                lines.append(indent + "else:")
                lines += _block(draw, depth - 1, indent + "    ")
        elif kind == "try":
            lines.append(indent + "try:")
            lines.append(indent + "    from pydantic import field_validator")
            lines += _block(draw, depth - 1, indent + "    ")
            lines.append(indent + "except ImportError:")
            lines += _block(draw, depth - 1, indent + "    ")
        else:
            name = draw(st.sampled_from(["_pydantic_v1_setup", "helper", "_for_pydantic_v2"]))
            lines.append(f"{indent}def {name}():")
            lines += _block(draw, depth - 1, indent + "    ")
    return lines


@st.composite
def _modules(draw: st.DrawFn) -> str:
    header = ["from pydantic import VERSION", 'PYDANTIC_V1 = VERSION.startswith("1.")', "PYDANTIC_V2 = not PYDANTIC_V1"]
    body = ["def main():", *_block(draw, 3, "    ")]
    return "\n".join(header + body) + "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_modules())
def test_same_answers_on_generated_modules(source: str) -> None:
    assert _disagreements(source) == []

"""Generated programs (hypothesmith) never crash the flake8 checks, and results are deterministic."""

from __future__ import annotations

import ast
import warnings

import hypothesmith
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from flake8_pyexpert.plugin import Plugin

# hypothesmith compiles what it generates: silence the compiler's SyntaxWarnings about it
pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")

_SETTINGS = settings(
    max_examples=200,
    deadline=None,
    # no target phase: hill-climbing hypothesmith's size targets cost minutes and explores nothing new
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
)


def _check(source: str) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return  # hypothesmith can generate source that this Python's parser rejects
    first = list(Plugin(tree, "generated.py").run())
    second = list(Plugin(tree, "generated.py").run())
    assert first == second
    for line, col, text, kind in first:
        assert kind is Plugin
        assert isinstance(line, int) and isinstance(col, int)
        assert text.startswith("PX") and "\n" not in text


@_SETTINGS
@given(hypothesmith.from_grammar())
def test_grammar_programs_never_crash(source: str) -> None:
    _check(source)


@settings(_SETTINGS, max_examples=75)  # from_node is slow to generate (libcst): ~0.4 s an example
@given(hypothesmith.from_node())
def test_node_programs_never_crash(source: str) -> None:
    _check(source)


_RECORDS = st.sampled_from(
    [
        "{'a': 1, 'b': 2}",
        "dict(a=1, b=2)",
        "{'a': 1, **x}",
        "{k: v for k, v in x}",
        "{'Content-Type': 1, 'b': 2}",
        "f({'a': 1, 'b': 2})",
    ]
)
_ANNOTATIONS = st.sampled_from(["", " -> dict", " -> 'dict[str, int]'", " -> int", " -> Optional[Dict]", " -> T"])
_DECORATORS = st.sampled_from(["", "@app.get('/')\n", "@model_serializer\n", "@staticmethod\n"])
_IMPORTS = st.sampled_from(["", "from fastapi import FastAPI\n", "from typing import Dict, Optional\n", "dict = 1\n"])


@settings(_SETTINGS, max_examples=100)
@given(
    imports=_IMPORTS,
    decorator=_DECORATORS,
    is_async=st.booleans(),
    name=st.sampled_from(["f", "to_dict", "__json__"]),
    annotation=_ANNOTATIONS,
    record=_RECORDS,
    nested=st.booleans(),
)
def test_px104_combinations_never_crash(
    imports: str, decorator: str, is_async: bool, name: str, annotation: str, record: str, nested: bool
) -> None:
    body = f"    return {record}\n"
    if nested:
        body = "    def inner():\n        pass\n" + body
    source = f"{imports}{decorator}{'async ' if is_async else ''}def {name}(){annotation}:\n{body}"
    _check(source)
    tree = ast.parse(source)  # these combinations are all valid syntax
    found = [item for item in Plugin(tree, "x.py").run() if item[2].startswith("PX104")]
    # only the literal forms can ever be reported as PX104 (a route returning any dict is PX501's)
    if not record.startswith(("{'a'", "dict(")) or "**" in record:
        assert found == []

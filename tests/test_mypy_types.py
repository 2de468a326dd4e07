"""Unit tests of the shared type classification (mypy_pyexpert.types) on types mypy analysed.

One in-process mypy build (no plugin) of a module whose module-level variables are annotated
with the cases; each case reads the analysed type of its variable and classifies it.
"""

from __future__ import annotations

from typing import Final

import pytest
from mypy import build
from mypy.modulefinder import BuildSource
from mypy.nodes import MypyFile, TypeInfo, Var
from mypy.options import Options
from mypy.types import Type

from mypy_pyexpert.types import (
    dict_like_instance,
    find_record_like,
    is_pydantic_model,
    is_record_like,
    is_reported_path,
)

SOURCE: Final = '''
import collections
import typing
from collections import ChainMap, OrderedDict, defaultdict
from collections.abc import AsyncIterator, Iterable, Mapping, MutableMapping, Sequence
from typing import Any, Callable, Dict, Optional, TypedDict, Union

from pydantic import BaseModel
from sqlmodel import SQLModel


class User(BaseModel):
    email: str


class Hero(SQLModel):
    name: str


class Plain:
    pass


class UserDict(TypedDict):
    email: str


JSONDict = dict[str, Any]
JSON = Union[dict[str, "JSON"], list["JSON"], str, int, float, bool, None]
Loop = dict[str, "Loop"]

# record-like
r_any: dict[str, Any]
r_bare: dict  # type: ignore[type-arg]
r_any_any: dict[Any, Any]
r_typing: Dict[str, Any]
r_mapping_object: Mapping[str, object]
r_mutable: MutableMapping[str, Any]
r_defaultdict: defaultdict[str, Any]
r_ordered: OrderedDict[str, Any]
r_chain: ChainMap[str, Any]
r_scalars: dict[str, str | int]
r_numbers: dict[str, int | float]
r_union_any: dict[str, int | Any]
r_union_object: dict[str, str | object]
r_nested: dict[str, dict[str, Any]]
r_optional_nested: dict[str, dict[str, Any] | None]
r_alias: JSONDict
r_json_value: dict[str, JSON]
r_json_array: dict[str, str | int | list[Any]]
r_loop: Loop

# not record-like
n_int: dict[str, int]
n_model: dict[str, User]
n_model_list: dict[str, list[User]]
n_str_mapping: Mapping[str, str]
n_int_keys: dict[int, str]
n_optional_scalar: dict[str, str | None]
n_typed_dict: UserDict
n_any_key: dict[Any, int]
n_literal_key: dict[typing.Literal["a"], Any]
n_form: Mapping[str, str | bytes | Iterable[str]]
n_query: dict[str, str | list[str]]
n_plain: Plain
n_any: Any

# containers: found inside, not record-like themselves
c_optional: Optional[dict[str, Any]]
c_list: list[dict[str, Any]]
c_sequence: Sequence[JSONDict]
c_tuple: tuple[int, dict[str, Any]]
c_async_iterator: AsyncIterator[dict[str, Any]]
c_json: JSON
x_callable: Callable[[], dict[str, Any]]
x_list_of_ints: list[dict[str, int]]
'''


@pytest.fixture(scope="module")
def module(tmp_path_factory: pytest.TempPathFactory) -> MypyFile:
    root = tmp_path_factory.mktemp("types")
    path = root / "cases.py"
    path.write_text(SOURCE, encoding="utf-8")
    options = Options()
    options.cache_dir = str(root / "cache")
    options.incremental = False
    result = build.build([BuildSource(str(path), "cases")], options)
    assert not [line for line in result.errors if "error:" in line], result.errors
    return result.files["cases"]


def _type_of(module: MypyFile, name: str) -> Type:
    node = module.names[name].node
    assert isinstance(node, Var) and node.type is not None, name
    return node.type


def _info(module: MypyFile, name: str) -> TypeInfo:
    node = module.names[name].node
    assert isinstance(node, TypeInfo), name
    return node


def _names(prefix: str) -> list[str]:
    return [line.split(":")[0] for line in SOURCE.splitlines() if line.startswith(prefix)]


@pytest.mark.parametrize("name", _names("r_"))
def test_record_like(module: MypyFile, name: str) -> None:
    typ = _type_of(module, name)
    assert is_record_like(typ)
    assert find_record_like(typ) is not None
    assert dict_like_instance(typ) is not None


@pytest.mark.parametrize("name", _names("n_"))
def test_not_record_like(module: MypyFile, name: str) -> None:
    typ = _type_of(module, name)
    assert not is_record_like(typ)
    assert find_record_like(typ) is None


@pytest.mark.parametrize("name", _names("c_"))
def test_found_inside_containers(module: MypyFile, name: str) -> None:
    typ = _type_of(module, name)
    assert not is_record_like(typ)
    found = find_record_like(typ)
    assert found is not None and is_record_like(found)


@pytest.mark.parametrize("name", _names("x_"))
def test_not_found_behind_other_shapes(module: MypyFile, name: str) -> None:
    assert find_record_like(_type_of(module, name)) is None


def test_typed_dict_is_not_dict_like(module: MypyFile) -> None:
    assert dict_like_instance(_type_of(module, "n_typed_dict")) is None


@pytest.mark.parametrize(("name", "expected"), [("User", True), ("Hero", True), ("Plain", False)])
def test_is_pydantic_model(module: MypyFile, name: str, expected: bool) -> None:
    assert is_pydantic_model(_info(module, name)) is expected


def test_is_reported_path() -> None:
    from mypy.errors import Errors

    errors = Errors(Options())
    errors.ignored_files.add("site/pkg.py")
    assert is_reported_path(errors, "app/models.py")
    assert not is_reported_path(errors, "site/pkg.py")
    assert not is_reported_path(errors, "app/models.pyi")


def test_source_has_every_prefix() -> None:
    for prefix in ("r_", "n_", "c_", "x_"):
        assert _names(prefix), prefix

"""PX206 v1-api: Pydantic v1-only API.

Flagged, each thing once:

* ``from <module> import <name>`` of a v1-only name (``pydantic.BaseSettings``,
  ``pydantic.generics.GenericModel``, ``parse_obj_as``/``parse_raw_as``/``schema_of``/
  ``schema_json_of`` of ``pydantic``, ``pydantic.tools`` or ``pydantic.deprecated.tools``,
  ``pydantic.json.pydantic_encoder``), at the imported name; the name's later uses are not
  reported again;
* an attribute access that resolves to one of those names (``pydantic.BaseSettings``,
  ``pd.parse_obj_as(...)``), at the access;
* a call of ``constr``/``conint``/``confloat``/``conlist``/``conset``/``condecimal``/
  ``conbytes``/``confrozenset`` (of ``pydantic`` or ``pydantic.types``) anywhere inside an
  annotation of a variable, a field, a parameter or a return;
* an annotated ``__root__`` field in a pydantic model class (not a ``pydantic.v1`` model);
* a ``__get_validators__`` or ``__modify_schema__`` method, in any class (pydantic v1's
  custom-type hooks).

Not flagged: ``con*`` calls outside annotations (a type alias ``Name = constr(...)``),
anything of the ``pydantic.v1`` namespace, ``pydantic_settings.BaseSettings``, names that do
not resolve to pydantic, code in a compatibility branch (``if PYDANTIC_V1:``, the ``except
ImportError:`` arm of a v2 import: ``try: from pydantic_settings import BaseSettings`` /
``except ImportError: from pydantic import BaseSettings``; left out by the runner for every PX2
rule), and a v1 hook in a class that also defines its v2
counterpart (``__get_validators__`` next to ``__get_pydantic_core_schema__``,
``__modify_schema__`` next to ``__get_pydantic_json_schema__``). String annotations are not
parsed.
"""

from __future__ import annotations

import ast
from typing import Final

from flake8_pyexpert.runner import Check
from flake8_pyexpert.semantic.pydantic import v2_model_owner
from pyexpert_core.metadata import V1_API

__all__ = ["V1Api"]

_TYPE_ADAPTER: Final[dict[str, str]] = {
    "parse_obj_as": "TypeAdapter(T).validate_python(obj)",
    "parse_raw_as": "TypeAdapter(T).validate_json(data)",
    "schema_of": "TypeAdapter(T).json_schema()",
    "schema_json_of": "json.dumps(TypeAdapter(T).json_schema())",
}

# qualified name -> (what the message calls it, the replacement)
V1_NAMES: Final[dict[str, tuple[str, str]]] = {
    **{
        f"{module}.BaseSettings": (
            f"{module}.BaseSettings",
            "pydantic_settings.BaseSettings (the pydantic-settings package)",
        )
        for module in ("pydantic", "pydantic.env_settings")
    },
    "pydantic.generics.GenericModel": (
        "pydantic.generics.GenericModel",
        "pydantic.BaseModel with typing.Generic[T] among the bases",
    ),
    **{
        f"{module}.{name}": (f"{module}.{name}", replacement)
        for module in ("pydantic", "pydantic.tools", "pydantic.deprecated.tools")
        for name, replacement in _TYPE_ADAPTER.items()
    },
    **{
        f"{module}.pydantic_encoder": (f"{module}.pydantic_encoder", "pydantic_core.to_jsonable_python")
        for module in ("pydantic.json", "pydantic.deprecated.json")
    },
}
_LAST_NAMES: Final = frozenset(name.rpartition(".")[2] for name in V1_NAMES)

_CON_REPLACEMENTS: Final[dict[str, str]] = {
    "constr": "Annotated[str, StringConstraints(...)]",
    "conbytes": "Annotated[bytes, Field(...)]",
    "conint": "Annotated[int, Field(...)]",
    "confloat": "Annotated[float, Field(...)]",
    "condecimal": "Annotated[Decimal, Field(...)]",
    "conlist": "Annotated[list[T], Field(min_length=..., max_length=...)]",
    "conset": "Annotated[set[T], Field(min_length=..., max_length=...)]",
    "confrozenset": "Annotated[frozenset[T], Field(min_length=..., max_length=...)]",
}
_CON: Final[dict[str, str]] = {
    f"{module}.{name}": name for module in ("pydantic", "pydantic.types") for name in _CON_REPLACEMENTS
}

_HOOKS: Final[dict[str, str]] = {
    "__get_validators__": "__get_pydantic_core_schema__",
    "__modify_schema__": "__get_pydantic_json_schema__",
}


class V1Api(Check):
    rules = (V1_API,)

    # -- imports and attribute uses ---------------------------------------------------------

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level or not node.module or not node.module.startswith("pydantic"):
            return
        for alias in node.names:
            found = V1_NAMES.get(f"{node.module}.{alias.name}")
            if found is not None:
                api, replacement = found
                self.report(alias, V1_API, api=api, replacement=replacement)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr not in _LAST_NAMES:
            return
        found = V1_NAMES.get(self.model.resolve(node) or "")
        if found is not None:
            api, replacement = found
            self.report(node, V1_API, api=api, replacement=replacement)

    # -- con* in annotations ----------------------------------------------------------------

    def _annotation(self, annotation: ast.expr | None) -> None:
        if annotation is None or isinstance(annotation, ast.Name | ast.Constant):
            return  # the common cases, with no call inside
        todo: list[ast.expr] = [annotation]
        while todo:
            node = todo.pop()
            if isinstance(node, ast.Subscript):
                todo.append(node.slice)
            elif isinstance(node, ast.Tuple | ast.List):
                todo += node.elts
            elif isinstance(node, ast.BinOp):
                todo += (node.left, node.right)
            elif isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Name | ast.Attribute):
                    name = _CON.get(self.model.resolve(func) or "")
                    if name is not None:
                        api = f"{name}(...) in an annotation"
                        self.report(node, V1_API, api=api, replacement=_CON_REPLACEMENTS[name])
                todo += node.args
                todo += (keyword.value for keyword in node.keywords)

    def visit_arg(self, node: ast.arg) -> None:
        self._annotation(node.annotation)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._annotation(node.annotation)
        target = node.target
        if isinstance(target, ast.Name) and target.id == "__root__" and v2_model_owner(self.model) is not None:
            self.report(target, V1_API, api="A __root__ field", replacement="pydantic.RootModel[T]")

    # -- functions: return annotations, custom-type hooks -----------------------------------

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self._annotation(node.returns)
        replacement = _HOOKS.get(node.name)
        owner = self.model.scope.node
        if replacement is None or not isinstance(owner, ast.ClassDef):
            return
        if any(isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef) and s.name == replacement for s in owner.body):
            return  # the class supports both versions
        self.report(node, V1_API, api=f"The {node.name} hook", replacement=replacement)

    visit_AsyncFunctionDef = visit_FunctionDef

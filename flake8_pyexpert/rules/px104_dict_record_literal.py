"""PX104 dict-record-literal: ``return {"id": ..., "email": ...}`` as an ad-hoc record.

Flagged: the value of a ``return`` that is a dict display with two or more distinct constant
string keys and nothing else (no ``**``, no computed or non-``str`` key), every key a valid
Python identifier (a record's keys are field names: ``{"Content-Type": ...}`` or
``{"READ COMMITTED": ...}`` is a lookup table or a protocol payload that no model could
replace, so it is left alone), or a call of the builtin ``dict`` with two or more keyword
arguments and no positional or ``**`` argument; in a ``def``/``async def`` *without* a return
annotation (an annotated return is PX102's, on the mypy side: one mistake, one report).

Reported once per function, at its first such ``return`` (one mistake, one report: the other
returns of the same function build the same kind of record).

Not flagged: route handlers (PX501 owns them); serializers (:mod:`pyexpert_core.serializers`:
the names of ``--pyexpert-serializer-methods``, conversions such as ``row_to_dict``, names that
say they serialize); functions decorated with pydantic's ``@model_serializer`` /
``@field_serializer`` and the protocol methods whose contract is to return a dict
(``__get_pydantic_json_schema__``, ``__json__``, ``__getstate__``); methods of a class that
derives from a class of an installed package or the standard library (:meth:`FileFacts.
has_library_base`: overrides of a library's hook, whose return shape the library decides);
protocol messages whose first key is ``"type"`` with a dotted event name as value (ASGI's
``{"type": "http.response.start", ...}``, an OpenAI Realtime ``{"type": "response.create",
...}``: the protocol decides their shape); a dict whose values are all imported names (a
namespace of classes or modules, as a lazy import returns); dict comprehensions; dicts
anywhere but as the returned value itself (e.g. an argument of a call in the return).
"""

from __future__ import annotations

import ast
import re
from typing import Final

from flake8_pyexpert.runner import Check, FileContext
from flake8_pyexpert.semantic.libraries import SERIALIZER_DECORATORS
from flake8_pyexpert.semantic.scopes import Scope
from flake8_pyexpert.semantic.tree import FunctionNode
from pyexpert_core.metadata import DICT_RECORD_LITERAL
from pyexpert_core.serializers import is_serializer_name

__all__ = ["DictRecordLiteral"]

# Methods whose protocol is to return a dict (in addition to the serializer_methods option).
_DICT_PROTOCOL_METHODS: Final = frozenset({"__get_pydantic_json_schema__", "__json__", "__getstate__"})
#: ``{"type": "http.request", ...}``: an event message (ASGI, an event API), whose shape the
#: protocol decides: a dotted lower-case event name.
_PROTOCOL_EVENT: Final = r"^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+$"  # a pattern: re compiles it on first use
_MAX_KEYS_SHOWN: Final = 4
_MAX_KEY_CHARS: Final = 24


def _render_keys(keys: list[str]) -> str:
    shown = []
    for key in keys[:_MAX_KEYS_SHOWN]:
        text = repr(key)
        if len(text) > _MAX_KEY_CHARS:
            text = text[: _MAX_KEY_CHARS - 4] + "...'"
        shown.append(text)
    if len(keys) > _MAX_KEYS_SHOWN:
        shown.append(f"... {len(keys) - _MAX_KEYS_SHOWN} more")
    return ", ".join(shown)


def _is_protocol_message(value: ast.Dict) -> bool:
    if not value.keys:
        return False
    first_key, first_value = value.keys[0], value.values[0]
    return (
        isinstance(first_key, ast.Constant)
        and first_key.value == "type"
        and isinstance(first_value, ast.Constant)
        and isinstance(first_value.value, str)
        and re.match(_PROTOCOL_EVENT, first_value.value) is not None
    )


class DictRecordLiteral(Check):
    rules = (DICT_RECORD_LITERAL,)

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self._reported: set[int] = set()  # functions already reported (once per function)

    def visit_Return(self, node: ast.Return) -> None:
        value = node.value
        if value is None:
            return
        keys = self._record_keys(value)
        if keys is None:
            return
        function = self.model.current_function
        if function is None or function.returns is not None:
            return  # outside a function (invalid, but ast.parse accepts it), or annotated: PX102's
        if id(function) in self._reported:
            return
        if is_serializer_name(function.name, self.settings.serializer_methods):
            return
        if function.name in _DICT_PROTOCOL_METHODS:
            return
        outer = self.model.scope.parent  # decorators are evaluated out there
        if self._is_serializer_hook(function, outer) or self.model.fastapi.is_route_handler(function):
            return
        if self._overrides_library_hook(outer):
            return
        self._reported.add(id(function))
        self.report(
            value,
            DICT_RECORD_LITERAL,
            function=self.model.qualname(function),
            keys=_render_keys(keys),
        )

    def _record_keys(self, value: ast.expr) -> list[str] | None:
        """The keys of a record-like dict display or ``dict(a=..., b=...)`` call, else None."""
        if isinstance(value, ast.Dict):
            keys: list[str] = []
            for key in value.keys:
                if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                    return None  # ``**other`` (key None) or a non-constant / non-str key
                if not key.value.isidentifier():
                    return None  # a header, a lookup table: not field names
                keys.append(key.value)
            if _is_protocol_message(value):
                return None
            if all(isinstance(item, ast.Name) and self._is_imported(item) for item in value.values):
                return None  # a namespace of imported classes and modules (a lazy import), no data
        elif isinstance(value, ast.Call):
            if value.args or not isinstance(value.func, ast.Name | ast.Attribute):
                return None
            keys = []
            for keyword in value.keywords:
                if keyword.arg is None:
                    return None
                keys.append(keyword.arg)
            if len(keys) < 2 or self.model.resolve(value.func) != "builtins.dict":
                return None
        else:
            return None
        keys = list(dict.fromkeys(keys))
        return keys if len(keys) >= 2 else None

    def _is_imported(self, name: ast.Name) -> bool:
        """``name`` is bound by an ``import`` (in the function or at module level)."""
        resolved = self.model.resolve(name)
        return resolved is not None and not resolved.startswith("builtins.")

    def _is_serializer_hook(self, function: FunctionNode, scope: Scope | None) -> bool:
        for decorator in function.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            if self.model.resolve(target, scope) in SERIALIZER_DECORATORS:
                return True
        return False

    def _overrides_library_hook(self, outer: Scope | None) -> bool:
        """A method of a class with a base from an installed package (see the module docstring)."""
        owner = outer.node if outer is not None else None
        if not isinstance(owner, ast.ClassDef):
            return False
        info = self.model.class_info(owner)
        return info is not None and self.context.file.has_library_base(info)

"""Small libcst helpers the fixers share: arguments, names, keyword lookups."""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

__all__ = [
    "append_arg",
    "bool_constant",
    "keyword",
    "keyword_names",
    "positional",
    "rename_callee",
    "with_args",
]


def keyword(name: str, value: cst.BaseExpression) -> cst.Arg:
    """``name=value`` as written by hand: no spaces around ``=``."""
    return cst.Arg(
        keyword=cst.Name(name),
        value=value,
        equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")),
    )


def _comma() -> cst.Comma:
    return cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


def with_args(call: cst.Call, args: Sequence[cst.Arg]) -> cst.Call:
    """``call`` with ``args``; the last argument keeps the trailing comma style of the original."""
    if not args:
        return call.with_changes(args=())
    last_comma = call.args[-1].comma if call.args else cst.MaybeSentinel.DEFAULT
    fixed = [arg if isinstance(arg.comma, cst.Comma) else arg.with_changes(comma=_comma()) for arg in args[:-1]]
    return call.with_changes(args=(*fixed, args[-1].with_changes(comma=last_comma)))


def append_arg(call: cst.Call, arg: cst.Arg) -> cst.Call:
    """``call`` with ``arg`` added last."""
    if not call.args:
        return call.with_changes(args=(arg,))
    *head, last = call.args
    if isinstance(last.comma, cst.Comma):  # a trailing comma: the new argument takes it
        return call.with_changes(
            args=(*head, last.with_changes(comma=_comma()), arg.with_changes(comma=last.comma))
        )
    return with_args(call, (*call.args, arg))


def positional(call: cst.Call) -> list[cst.Arg]:
    return [arg for arg in call.args if arg.keyword is None and not arg.star]


def keyword_names(call: cst.Call) -> set[str]:
    return {arg.keyword.value for arg in call.args if arg.keyword is not None}


def bool_constant(expr: cst.BaseExpression) -> bool | None:
    """``True``/``False`` written as such, else None."""
    if isinstance(expr, cst.Name) and expr.value in ("True", "False"):
        return expr.value == "True"
    return None


def rename_callee(func: cst.BaseExpression, name: str) -> cst.BaseExpression:
    """``a.b`` -> ``a.<name>``, ``b`` -> ``<name>``."""
    if isinstance(func, cst.Attribute):
        return func.with_changes(attr=cst.Name(name))
    if isinstance(func, cst.Name):
        return func.with_changes(value=name)
    return func

"""Option values as users write them, checked and converted: one set of parsers for both plugins.

A value arrives as text (an ini file, the command line), as a list of texts (flake8's
comma-separated options, a TOML array) or as a TOML boolean. Each parser returns the typed value
or raises :class:`ValueError` with a message that names the bad part and never spans lines; the
plugins prefix it with the option's name (``--pyexpert-mixin-pattern: ...`` for flake8,
``mixin_pattern: ...`` for mypy). Standard library only: the plugins load it on every run.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Callable
from typing import Final, TypeVar

from pyexpert_core.roles import parse_globs

__all__ = ["Reader", "boolean", "dotted_names", "globs", "identifiers", "item_tuple", "items", "regex"]

T = TypeVar("T")

# a pattern, not a compiled object: re compiles (and caches) it on first use, not at load
_DOTTED_RE: Final = r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+"
_TRUE: Final = frozenset({"true", "yes", "on", "1", "t", "y"})
_FALSE: Final = frozenset({"false", "no", "off", "0", "f", "n"})


def items(value: object) -> list[str]:
    """Comma- or newline-separated text, or a list of texts, as a list of non-empty stripped items."""
    if isinstance(value, str):
        parts = value.replace("\n", ",").split(",")
    elif isinstance(value, list | tuple | frozenset | set) and all(isinstance(part, str) for part in value):
        parts = [str(part) for part in value]
    else:
        raise ValueError(f"expected comma-separated text or a list of strings (got {value!r})")
    return [part.strip() for part in parts if part.strip()]


def item_tuple(value: object) -> tuple[str, ...]:
    """:func:`items` as a tuple."""
    return tuple(items(value))


def identifiers(value: object) -> frozenset[str]:
    """Function names (``to_dict, as_dict``)."""
    names = items(value)
    for name in sorted(names):
        if not name.isidentifier() or keyword.iskeyword(name):
            raise ValueError(f"{name!r} is not a function name")
    return frozenset(names)


def dotted_names(example: str) -> Callable[[object], tuple[str, ...]]:
    """A parser of fully qualified class names (``app.errors.AppError``); ``example`` is shown."""

    def parse(value: object) -> tuple[str, ...]:
        names = items(value)
        for name in names:
            if not re.fullmatch(_DOTTED_RE, name):
                raise ValueError(f"{name!r} is not a fully qualified class name such as {example}")
        return tuple(names)

    return parse


def globs(value: object) -> tuple[str, ...]:
    """File-role globs (:func:`pyexpert_core.roles.parse_globs`)."""
    return parse_globs(items(value))


def regex(value: object, flags: int = 0, *, name_pattern: bool = False) -> re.Pattern[str]:
    """A regular expression; with ``name_pattern``, one that must not match an empty name."""
    if not isinstance(value, str):
        raise ValueError(f"expected a regular expression (got {value!r})")
    try:
        pattern = re.compile(value, flags)
    except re.error as exc:
        raise ValueError(f"{value!r} is not a valid regular expression ({exc})") from None
    if name_pattern and pattern.search("") is not None:
        raise ValueError(f"{value!r} matches an empty name, so every class would be a mixin")
    return pattern


def boolean(value: object) -> bool:
    """``true``/``false`` (also ``yes``/``no``, ``on``/``off``, ``1``/``0``), or a TOML boolean."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise ValueError(f"expected true or false (got {value!r})")


class Reader:
    """Reads the options given as keywords one at a time, collecting every problem instead of stopping
    at the first: ``read(key, parser, default)`` is the parsed value, or ``default`` when the
    key is absent or its value is bad (then :attr:`problems` has ``"<name_of(key)>: <problem>"``)."""

    def __init__(self, name_of: Callable[[str], str], /, **raw: object) -> None:
        self.raw = raw
        self.name_of = name_of
        self.problems: list[str] = []

    def __call__(self, key: str, parser: Callable[[object], T], default: T) -> T:
        if key not in self.raw:
            return default
        try:
            return parser(self.raw[key])
        except ValueError as exc:
            self.problems.append(f"{self.name_of(key)}: {exc}")
            return default

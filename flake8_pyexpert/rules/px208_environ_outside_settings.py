"""PX208 environ-outside-settings: ``os.getenv("X")`` outside a settings module.

Flagged, through any import alias (``from os import environ, getenv``): ``os.environ[...]``
read (a subscript in load context), calls of ``os.environ.get``, ``os.getenv``,
``dotenv.load_dotenv`` and ``dotenv.dotenv_values``.

Not flagged:

* writes: ``os.environ[k] = v``, ``del os.environ[k]``, ``os.environ[k] += v``, and
  ``os.environ.setdefault(k, v)`` (it reads too, but its purpose is to set a default for code
  that runs later, e.g. ``DJANGO_SETTINGS_MODULE``);
* every other use of ``os.environ`` itself: ``os.environ.copy()``, ``env=os.environ``,
  ``k in os.environ``, ``dict(os.environ)``;
* code under ``if __name__ == "__main__":`` (a script's entry point), and in a function that
  parses the command line (``parser.parse_args()``: a command-line entry in an app module);
* a lookup by a name known only at run time: the key is a parameter of the function, or a loop
  variable over anything but a fixed list (``def get_setting(name): return os.getenv(name)``,
  ``for var in settings.variables_to_read: os.environ[var]``), so there is no field a settings
  class could declare. A loop over a literal, or over a name bound to one (in the function or
  at module level, ``.items()``/``.keys()``/``.values()`` included), or over ``self.<attr>``
  where every class of the module sets that attribute to a literal, is still reported: each
  name could be a field;
* variables the operating system or the platform sets, not the operator (``HOME``, ``PATH``,
  ``USER``, ``TZ``, ``LANG``, ``LC_*``, ``XDG_*``, ``APPDATA``, ``KUBERNETES_SERVICE_HOST``,
  ``ECS_CONTAINER_METADATA_URI``, ``NOMAD_*``, ``AWS_LAMBDA_*``, ``K_SERVICE`` ...), also in a
  loop over a list of them: reading them is not configuration;
* settings modules: a module that defines (anywhere in it) a class whose base is
  ``pydantic_settings.BaseSettings`` / ``pydantic.BaseSettings`` / ``pydantic.v1.BaseSettings``
  or a class of the module that is one; a file matching ``--pyexpert-settings-modules``
  (a glob without ``/`` is matched against the file name, one with ``/`` against the trailing
  components of the path: ``app/conf/*.py`` matches ``./src/app/conf/base.py``);
* files that are not application code: tests, examples, scripts and migrations (the rule
  applies to ``app`` files only, see the file roles).
"""

from __future__ import annotations

import ast
import fnmatch
from typing import Final

from flake8_pyexpert.runner import Check
from flake8_pyexpert.semantic.libraries import SETTINGS_BASES
from flake8_pyexpert.semantic.tree import is_main_guard, scope_nodes
from flake8_pyexpert.semantic.values import literal_items
from pyexpert_core.metadata import ENVIRON_OUTSIDE_SETTINGS

__all__ = ["EnvironOutsideSettings"]

_READ_CALLS: Final = frozenset(
    {
        "os.environ.get",
        "os.getenv",
        "dotenv.load_dotenv",
        "dotenv.dotenv_values",
        "dotenv.main.load_dotenv",
        "dotenv.main.dotenv_values",
    }
)
_LAST_PARTS: Final = frozenset(name.rpartition(".")[2] for name in _READ_CALLS)
#: Variables the operating system, the shell or the platform sets (POSIX, Windows, XDG; the
#: container orchestrators and serverless runtimes a service detects itself running under).
_SYSTEM_VARIABLES: Final = frozenset(
    {
        "HOME", "PATH", "USER", "LOGNAME", "SHELL", "TERM", "PWD", "HOSTNAME", "TZ",
        "LANG", "LANGUAGE", "TMPDIR", "TEMP", "TMP", "COLUMNS", "LINES", "USERPROFILE", "APPDATA",
        "LOCALAPPDATA", "PROGRAMDATA", "PROGRAMFILES", "SYSTEMROOT", "WINDIR", "COMPUTERNAME",
        "HOMEDRIVE", "HOMEPATH", "COMSPEC", "PATHEXT", "VIRTUAL_ENV", "CONDA_PREFIX",
        "KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT", "ECS_CONTAINER_METADATA_URI",
        "ECS_CONTAINER_METADATA_URI_V4", "AWS_EXECUTION_ENV", "K_SERVICE", "K_REVISION", "K_CONFIGURATION",
        "DYNO", "WEBSITE_SITE_NAME", "WEBSITE_INSTANCE_ID",
    }
)
_SYSTEM_PREFIXES: Final = ("LC_", "XDG_", "NOMAD_", "AWS_LAMBDA_")
_LOOPS: Final = (ast.For, ast.AsyncFor)


def _is_system_variable(item: ast.expr) -> bool:
    if not (isinstance(item, ast.Constant) and isinstance(item.value, str)):
        return False
    return item.value in _SYSTEM_VARIABLES or item.value.startswith(_SYSTEM_PREFIXES)


def _parses_command_line(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """The function's own body calls ``.parse_args()``/``.parse_known_args()`` (argparse)."""
    return any(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("parse_args", "parse_known_args")
        for node in scope_nodes(function.body)
    )


class EnvironOutsideSettings(Check):
    rules = (ENVIRON_OUTSIDE_SETTINGS,)

    _exempt: bool | None = None  # the path matches --pyexpert-settings-modules
    _reads: list[tuple[ast.expr, str]] | None = None  # reported when the walk leaves the module
    _parsers: dict[ast.AST, bool] | None = None  # function -> whether it parses the command line

    def visit_Subscript(self, node: ast.Subscript) -> None:
        value = node.value
        if not isinstance(node.ctx, ast.Load):
            return
        if isinstance(value, ast.Attribute) and value.attr != "environ":
            return
        if isinstance(value, ast.Name) and not self._may_be_environ(value):
            return  # cheap first: resolving every subscripted name would scan every scope
        if isinstance(value, ast.Name | ast.Attribute) and self.model.resolve(value) == "os.environ":
            self._check(node, "os.environ[...]")

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute):
            last = func.attr
        elif isinstance(func, ast.Name):
            last = func.id
        else:
            return
        if isinstance(func, ast.Name):
            if last not in _LAST_PARTS and self.model.module_scope.bindings.get(last) not in _READ_CALLS:
                return  # not one of the calls, nor a module-level alias of one (``getenv as ge``)
        elif last not in _LAST_PARTS:
            return
        elif last == "get" and not self._may_be_environ(func.value):
            return  # ``d.get(...)``: the common case, decided without resolving ``d``
        qualified = self.model.resolve(func)
        if qualified in _READ_CALLS:
            self._check(node, qualified.replace("dotenv.main.", "dotenv.") + "()")

    def _may_be_environ(self, expr: ast.expr) -> bool:
        """``os.environ``, ``environ``, or a module-level alias of it; only these are resolved.

        Function-level aliases of ``os.environ`` under another name are not followed.
        """
        if isinstance(expr, ast.Attribute):
            return expr.attr == "environ"
        if isinstance(expr, ast.Name):
            return expr.id == "environ" or self.model.module_scope.bindings.get(expr.id) == "os.environ"
        return False

    def _check(self, node: ast.expr, call: str) -> None:
        if self._in_main_block(node) or self._path_is_exempt():
            return
        key = node.slice if isinstance(node, ast.Subscript) else node.args[0] if (
            isinstance(node, ast.Call) and node.args and not call.startswith("dotenv")
        ) else None
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            if _is_system_variable(key):
                return  # set by the system, not configuration
        elif isinstance(key, ast.Name) and self._is_runtime_name(key, node):
            return  # a lookup by a name known only at run time
        if self._reads is None:
            self._reads = []
        self._reads.append((node, call))

    def leave_Module(self, node: ast.Module) -> None:
        """Report the reads once every class of the module is known: a settings class defined
        after a read still makes the module a settings module."""
        if self._reads and not self._defines_settings():
            for read, call in self._reads:
                self.report(read, ENVIRON_OUTSIDE_SETTINGS, call=call)

    def _is_runtime_name(self, key: ast.Name, read: ast.expr) -> bool:
        """A parameter of the enclosing function, or the target of a loop over names not all
        written in the code; a loop over platform variables only counts as one too."""
        function = self.model.current_function
        if function is None:
            return False
        arguments = function.args
        every = (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs, arguments.vararg, arguments.kwarg)
        params = {arg.arg for arg in every if arg is not None}
        if key.id in params:
            return True
        parent = self.model.parent(read)
        while parent is not None and parent is not function:
            loops: list[tuple[ast.expr, ast.expr]] = []
            if isinstance(parent, _LOOPS):
                loops.append((parent.target, parent.iter))
            elif isinstance(parent, ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp):
                loops.extend((generator.target, generator.iter) for generator in parent.generators)
            for target, iterable in loops:
                if any(isinstance(n, ast.Name) and n.id == key.id for n in ast.walk(target)):
                    items = literal_items(self.model.tree, iterable, function)
                    return items is None or (bool(items) and all(_is_system_variable(item) for item in items))
            parent = self.model.parent(parent)
        return False

    def _in_main_block(self, node: ast.AST) -> bool:
        """Under ``if __name__ == "__main__":``, or in a function that parses the command line
        (``parser.parse_args()``): a script's entry, whose defaults come from the shell."""
        child: ast.AST = node
        parent = self.model.parent(child)
        while parent is not None:
            if isinstance(parent, ast.If) and is_main_guard(parent.test) and child in parent.body:
                return True
            if isinstance(parent, ast.FunctionDef | ast.AsyncFunctionDef) and self._parses_command_line(parent):
                return True
            child, parent = parent, self.model.parent(parent)
        return False

    def _parses_command_line(self, function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
        """:func:`_parses_command_line`, decided once per function (a script reads many variables)."""
        if self._parsers is None:
            self._parsers = {}
        found = self._parsers.get(function)
        if found is None:
            found = self._parsers[function] = _parses_command_line(function)
        return found

    def _path_is_exempt(self) -> bool:
        if self._exempt is None:
            self._exempt = self._path_matches()
        return self._exempt

    def _path_matches(self) -> bool:
        parts = [part for part in self.context.filename.replace("\\", "/").split("/") if part not in ("", ".")]
        if not parts:
            return False
        basename = parts[-1]
        for glob in self.settings.settings_modules:
            if "/" not in glob:
                if fnmatch.fnmatch(basename, glob):
                    return True
            elif any(fnmatch.fnmatch("/".join(parts[i:]), glob.lstrip("/")) for i in range(len(parts))):
                return True
        return False

    def _defines_settings(self) -> bool:
        """Whether the module defines a ``BaseSettings`` subclass (each class's bases resolved
        where the class statement is). A subclass of a settings class of the same module implies
        one with a resolved base."""
        return any(base in SETTINGS_BASES for info in self.model.classes() for base in info.bases)

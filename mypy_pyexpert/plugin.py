"""The router: which mypy hook serves which rules. No rule logic lives here.

Each rule lives in ``mypy_pyexpert/rules/pxNNN_<name>.py``, named by its code like the flake8
side; the modules beside this one are the support they share. Hooks do not chain in mypy (the
first plugin in ``plugins =`` order that returns a callback wins), so pyexpert claims only hooks
that pydantic.mypy does not claim for the same name. Every hook any rule uses is here:

- ``get_type_analyze_hook``: dict-like fullnames and aliases of raw dicts (PX101, PX102, PX103,
  PX107: ``rules/px101_raw_dict.py``);
- ``get_function_hook``: calls of Pydantic model classes (PX105) and of synchronous client
  classes (PX301: constructors); the two sets of classes never overlap; ``functools.lru_cache``
  and ``functools.cache`` as decorators (PX701; mypy's DefaultPlugin claims neither);
- ``get_method_hook``: ``BaseModel.model_dump`` (PX106) and methods named after a class whose MRO
  holds a synchronous client type (PX301; never dunders nor pydantic.mypy's ``*.from_orm``);
  the route decorators ``get/post/.../api_route`` of ``FastAPI``/``APIRouter`` (PX502);
- ``get_method_signature_hook``: calls of pydantic's v1 model methods (PX204; pydantic.mypy
  claims ``get_method_hook`` for ``*.from_orm``, never this hook);
- ``get_attribute_hook`` / ``get_class_attribute_hook``: ``__fields__``/``__fields_set__`` (PX204);
- ``get_customize_class_mro_hook``: every class, through :mod:`mypy_pyexpert.class_hook`: the
  facts later modules read from the cache (``table=True`` for PX105 and PX502, hashability for
  PX701, method bodies for PX604 and PX605) and the class-level rules PX401, PX604, PX605.

Every callback returns mypy's default result unchanged: a lint rule never changes inference.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from mypy.options import Options
from mypy.version import __version__ as mypy_version
from mypy.plugin import (
    AnalyzeTypeContext,
    AttributeContext,
    ClassDefContext,
    FunctionContext,
    MethodContext,
    MethodSigContext,
    Plugin,
    ReportConfigContext,
)
from mypy.types import FunctionLike, Type

from mypy_pyexpert.config import Settings, fail_config, load_settings
from mypy_pyexpert.errorcodes import code_for_code
from mypy_pyexpert.mypy_api import UnsupportedMypy, check_daemon, deprecated_calls_exclude, set_deprecated_calls_exclude

if TYPE_CHECKING:
    from mypy_pyexpert.rules.px101_raw_dict import RawDictAnalyzer
    from mypy_pyexpert.rules.px301_blocking_client_in_async import BlockingClientRule

__all__ = ["PyexpertPlugin"]


def _read_ini_lists(options: Options) -> None:
    """mypy 2.4 reads ``deprecated_calls_exclude`` from an ini file as a list of single
    characters (``list("a.b, c.d")``): the option has no effect in ``mypy.ini``/``setup.cfg``
    (the TOML form and the command line work). ``pyexpert preset mypy`` writes it to exclude the
    APIs pyexpert's rules report from ``deprecated``; read it as the comma-separated list the
    user wrote."""
    value = deprecated_calls_exclude(options)
    if value is not None and len(value) > 1 and all(len(item) == 1 for item in value):
        text = "".join(value)
        set_deprecated_calls_exclude(options, [part.strip() for part in text.split(",") if part.strip()])


def _apply_switches(options: Options, settings: Settings) -> None:
    """The ``enable``/``disable`` keys of ``[pyexpert-mypy]``: turn the rules' error codes on or
    off in mypy's options, after mypy's own settings (per-module sections and inline comments
    still apply on top). Done once, before mypy derives any module's options from these."""
    for code in settings.enable:
        error_code = code_for_code(code)
        options.enabled_error_codes.add(error_code)
        options.disabled_error_codes.discard(error_code)
    for code in settings.disable:
        error_code = code_for_code(code)
        options.disabled_error_codes.add(error_code)
        options.enabled_error_codes.discard(error_code)


class _Rules:
    """The rule modules' hooks, imported on the first hook query. A warm run, where every module
    comes from mypy's cache, queries no hook: it loads the plugin without loading any rule."""

    def __init__(self, plugin: PyexpertPlugin) -> None:
        from mypy_pyexpert import class_hook
        from mypy_pyexpert.rules import (
            px101_raw_dict,
            px105_unvalidated_unpack,
            px106_dumped_model_as_data,
            px204_v1_model_method,
            px301_blocking_client_in_async,
            px502_route_exposes_table_model,
            px701_unhashable_cache_argument,
        )

        self.raw_dict: RawDictAnalyzer = px101_raw_dict.RawDictAnalyzer(plugin, plugin.settings)  # PX101-PX103, PX107
        self.unvalidated_unpack = px105_unvalidated_unpack.hook_for
        self.dumped_model = px106_dumped_model_as_data.hook_for
        self.v1_method = px204_v1_model_method.method_hook_for
        self.v1_attribute = px204_v1_model_method.attribute_hook_for
        self.v1_class_attribute = px204_v1_model_method.class_attribute_hook_for
        self.blocking_client: BlockingClientRule = px301_blocking_client_in_async.BlockingClientRule(
            plugin, plugin.settings
        )
        self.route_table_model = px502_route_exposes_table_model.hook_for
        self.cache_argument = px701_unhashable_cache_argument.hook_for
        self.class_hook = class_hook.analyse_class  # facts of every class; PX401, PX604, PX605


class PyexpertPlugin(Plugin):
    def __init__(self, options: Options) -> None:
        try:
            check_daemon(mypy_version, options)
        except UnsupportedMypy as exc:
            fail_config(str(exc))
        _read_ini_lists(options)
        super().__init__(options)
        self.settings: Settings = load_settings(options.config_file)
        _apply_switches(options, self.settings)
        self._loaded: _Rules | None = None
        self._config_data: dict[str, object] | None = None

    @property
    def _rules(self) -> _Rules:
        if self._loaded is None:
            self._loaded = _Rules(self)
        return self._loaded

    def get_type_analyze_hook(self, fullname: str) -> Callable[[AnalyzeTypeContext], Type] | None:
        # mypy asks for every name of every annotation (tens of thousands of calls in a cold run):
        # from the second call on, it calls the analyzer's table lookup directly, a C-level dict
        # lookup for a name seen before (mypy looks the hook method up on the plugin object, so an
        # instance attribute takes the method's place).
        hook = self._rules.raw_dict.hooks.__getitem__
        # (a dict's __getitem__ takes its key positionally: "assignment" as well as "method-assign")
        self.get_type_analyze_hook = hook  # type: ignore[method-assign, assignment]
        return hook(fullname)

    def get_function_hook(self, fullname: str) -> Callable[[FunctionContext], Type] | None:
        rules = self._rules
        return (
            rules.unvalidated_unpack(self, fullname)
            or rules.blocking_client.function_hook_for(fullname)
            or rules.cache_argument(fullname)
        )

    def get_method_hook(self, fullname: str) -> Callable[[MethodContext], Type] | None:
        rules = self._rules
        return (
            rules.dumped_model(self, fullname)
            or rules.blocking_client.method_hook_for(fullname)
            or rules.route_table_model(self, fullname)
        )

    def get_method_signature_hook(self, fullname: str) -> Callable[[MethodSigContext], FunctionLike] | None:
        return self._rules.v1_method(self, fullname)

    def get_attribute_hook(self, fullname: str) -> Callable[[AttributeContext], Type] | None:
        return self._rules.v1_attribute(fullname)

    def get_class_attribute_hook(self, fullname: str) -> Callable[[AttributeContext], Type] | None:
        return self._rules.v1_class_attribute(self, fullname)

    def get_customize_class_mro_hook(self, fullname: str) -> Callable[[ClassDefContext], None] | None:
        return self._rules.class_hook

    def report_config_data(self, ctx: ReportConfigContext) -> object:
        # Asked once per module, with the same answer for all of them.
        if self._config_data is None:
            from mypy_pyexpert import __version__

            self._config_data = {"version": __version__, "settings": self.settings.as_dict()}
        return self._config_data

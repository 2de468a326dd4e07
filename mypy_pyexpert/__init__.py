"""mypy plugin of pyexpert: enable with ``plugins = mypy_pyexpert`` in the mypy config.

mypy fingerprints a plugin by this entry file and its ``__version__``, on every run. ``__version__``
is computed lazily (PEP 562) from the release and the path, size and modification time of each
source file of the plugin and the shared core, so a warm cache never replays errors produced by
older plugin code; stat-ing the files instead of hashing their text keeps a warm run cheap.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from mypy.plugin import Plugin
from mypy.version import __version__ as _mypy_version

from mypy_pyexpert.config import fail_config
from mypy_pyexpert.mypy_api import UnsupportedMypy, check_version

# Before anything that uses mypy's internals: an unsupported mypy stops here with one line
# naming the supported range, never with a traceback or a partial run.
try:
    check_version(_mypy_version)
except UnsupportedMypy as _unsupported:
    fail_config(str(_unsupported))

# Importing errorcodes creates every ErrorCode now: mypy validates the codes named in
# disable_error_code / enable_error_code / `# type: ignore[...]` against its registry.
from mypy_pyexpert import errorcodes as errorcodes

# Import the router submodule before `def plugin` below: importing a submodule binds it as an
# attribute of the package, so an import inside `plugin()` would replace the entry function
# with the module and crash the second plugin load in a dmypy daemon.
from mypy_pyexpert.plugin import PyexpertPlugin

__all__ = ["PyexpertPlugin", "__version__", "errorcodes", "plugin"]

_PACKAGES = (Path(__file__).resolve().parent, Path(__file__).resolve().parent.parent / "pyexpert_core")


@functools.cache
def _source_version() -> str:
    digest = hashlib.sha256()
    for package in _PACKAGES:
        for path in sorted(package.rglob("*.py")):
            stat = path.stat()
            digest.update(f"{path.relative_to(package.parent).as_posix()}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    from pyexpert_core import __version__ as release

    return f"{release}+{digest.hexdigest()[:16]}"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _source_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def plugin(version: str) -> type[Plugin]:
    """mypy's entry point."""
    return PyexpertPlugin

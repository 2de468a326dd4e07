"""``pyexpert check``: run the flake8 side and mypy with the plugin, and merge their findings.

Each half runs as the user runs it: ``python -m flake8`` and ``python -m mypy`` of the current
interpreter, started in the current directory, so each reads the user's own configuration files
(``setup.cfg``/``tox.ini``/``.flake8``; ``mypy.ini``/``.mypy.ini``/``pyproject.toml``/
``setup.cfg``). Both processes are started before either is waited on.

- **flake8** gets only what makes its output machine-readable (``--format`` with a separator no
  path holds, ``--output-file``, ``--no-show-source``): no ``--select``. The user's ``select``,
  ``extend-select``, ``ignore``, ``per-file-ignores`` and ``# noqa`` decide which PX rules run
  (the opt-in ones only where the user turned them on), exactly as in a plain ``flake8`` run;
  the findings of other plugins (pycodestyle, pyflakes...) are dropped. flake8 runs every
  installed plugin whatever is selected, so selecting ``PX`` would save no time, only change the
  user's choice.
- **mypy** gets ``-O json`` (one JSON object per error). The plugin's error codes
  (``pyexpert-raw-dict-param``) are mapped back to PX codes; mypy's own errors are kept only
  with ``with_mypy_errors``. Before starting it, mypy's own config parser says whether the
  user's configuration loads ``mypy_pyexpert``: a run without the plugin would report no PX
  finding of the mypy side and look clean, so it is a configuration error instead.

A half that fails (exit status other than 0 or 1, a crash) makes the run fail with one line
naming the tool and its first error line (:class:`CheckError`).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from pyexpert_core.findings import MYPY_ERROR_PREFIX, Finding, Tool, merge
from pyexpert_core.metadata import RULES
from pyexpert_core.ruleinfo import MYPY_CODE_PREFIX

__all__ = ["CheckError", "Progress", "relative_path", "run_check", "run_flake8", "run_mypy"]

#: flake8's ``--format``: the fields joined by the ASCII unit separator, which no path holds.
_SEP: Final = "\x1f"
_FLAKE8_FORMAT: Final = _SEP.join(("%(path)s", "%(row)d", "%(col)d", "%(code)s", "%(text)s"))
_PLUGIN: Final = "mypy_pyexpert"
_BY_CODE: Final = {rule.code: rule for rule in RULES}
_BY_MYPY_CODE: Final = {rule.mypy_code: rule for rule in RULES}

#: Called while the halves run: the seconds elapsed and the tools still running.
Progress = Callable[[float, Sequence[str]], None]


class CheckError(Exception):
    """A half could not run (not installed, misconfigured, crashed): one line for the user."""


def relative_path(path: str) -> str:
    """``path`` as a posix path relative to the current directory (``../`` where it is outside)."""
    try:
        return Path(os.path.relpath(os.path.abspath(path))).as_posix()
    except ValueError:  # another drive (Windows)
        return Path(os.path.abspath(path)).as_posix()


def _first_error_line(*texts: str) -> str:
    lines = [line.strip() for text in texts for line in text.splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("There was a critical error")] or lines
    for line in lines:
        if "error" in line.lower() and not line.startswith(("Traceback", "File ")):
            return line
    return lines[0] if lines else "no output"


# -- flake8 ------------------------------------------------------------------------------------


def _flake8_command(paths: Sequence[str], output_file: Path, options: Sequence[str] = ()) -> list[str]:
    return [
        sys.executable,
        "-m",
        "flake8",
        f"--format={_FLAKE8_FORMAT}",
        f"--output-file={output_file}",
        "--no-show-source",
        *options,
        *paths,
    ]


def parse_flake8(output: str) -> list[Finding]:
    """The PX findings of flake8's output in :data:`_FLAKE8_FORMAT`.

    Other lines (``statistics = true`` in the user's config appends a table) are skipped, but an
    output none of whose lines is a finding (``quiet`` prints only file names) is an error: the
    findings would be lost silently."""
    findings: list[Finding] = []
    lines = [line for line in output.splitlines() if line.strip()]
    rows = [parts for parts in (line.split(_SEP, 4) for line in lines) if len(parts) == 5]
    if lines and not rows:
        raise CheckError(f"flake8 printed no finding pyexpert can read (a `quiet` setting?): {lines[0].strip()}")
    for parts in rows:
        if not parts[3].startswith("PX"):
            continue
        path, row, col, code, text = parts
        rule = _BY_CODE.get(code)
        findings.append(
            Finding(
                path=relative_path(path),
                line=max(int(row), 1),
                column=max(int(col), 1),
                code=code,
                name=rule.name if rule is not None else "",
                message=text.removeprefix(f"{code} "),
                tool=Tool.FLAKE8,
            )
        )
    return findings


def _run_flake8(paths: Sequence[str], workdir: Path, options: Sequence[str] = ()) -> list[Finding]:
    output_file = workdir / "flake8.txt"
    proc = subprocess.run(
        _flake8_command(paths, output_file, options),
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    output = output_file.read_text(encoding="utf-8") if output_file.exists() else ""
    crashed = proc.returncode not in (0, 1) or (proc.returncode == 1 and not output.strip())
    if crashed or "critical error" in proc.stderr:
        first = _first_error_line(proc.stderr, proc.stdout)
        raise CheckError(f"flake8 failed (exit status {proc.returncode}): {first}")
    return parse_flake8(output)


def run_flake8(paths: Sequence[str], *, options: Sequence[str] = ()) -> list[Finding]:
    """The PX findings of flake8 on ``paths`` with the user's configuration and ``options``
    (``pyexpert fix`` passes ``--select``), unsorted and not deduplicated."""
    with tempfile.TemporaryDirectory(prefix="pyexpert-") as tmp:
        return _run_flake8(paths, Path(tmp), options)


# -- mypy --------------------------------------------------------------------------------------


def _loads_plugin(plugins: Sequence[str]) -> bool:
    for entry in plugins:
        target = entry.rsplit(":", 1)[0] if not entry.endswith(".py") else entry
        if target.endswith(".py"):
            path = Path(target)
            if _PLUGIN in (path.stem, path.parent.name):
                return True
        elif target.split(".")[0] == _PLUGIN:
            return True
    return False


def mypy_targets(paths: Sequence[str]) -> list[str]:
    """What to pass mypy: ``paths``, or nothing when the user's config names ``files``, else ``.``.

    Raises :class:`CheckError` when mypy is not installed or its configuration does not load the
    plugin."""
    try:
        from mypy.config_parser import parse_config_file
        from mypy.options import Options
    except ImportError:
        raise CheckError(
            "mypy is not installed: install the mypy side with `pip install 'flake8-pyexpert[mypy]'`"
        ) from None
    options = Options()
    parse_config_file(options, lambda: None, None, stdout=io.StringIO(), stderr=io.StringIO())
    if not _loads_plugin(options.plugins):
        where = f"in {options.config_file}" if options.config_file else "(no mypy config file found)"
        raise CheckError(
            f"mypy does not load the pyexpert plugin {where}: add `plugins = {_PLUGIN}` to the [mypy] "
            f"section (pyproject.toml: `plugins = [\"{_PLUGIN}\"]` under [tool.mypy])"
        )
    if paths:
        return list(paths)
    return [] if options.files else ["."]


def parse_mypy(output: str, *, with_mypy_errors: bool) -> list[Finding]:
    """The findings of mypy's ``-O json`` output (its columns are 0-based; ours are 1-based)."""
    findings: list[Finding] = []
    for line in output.splitlines():
        if not line.startswith("{"):
            continue
        item = json.loads(line)
        if not isinstance(item, dict) or item.get("severity") != "error":
            continue
        mypy_code = str(item.get("code") or "misc")
        rule = _BY_MYPY_CODE.get(mypy_code) if mypy_code.startswith(MYPY_CODE_PREFIX) else None
        if rule is None and not with_mypy_errors:
            continue
        findings.append(
            Finding(
                path=relative_path(str(item["file"])),
                line=max(int(item["line"]), 1),
                column=max(int(item["column"]) + 1, 1),
                code=rule.code if rule is not None else MYPY_ERROR_PREFIX + mypy_code,
                name=rule.name if rule is not None else mypy_code,
                message=str(item["message"]),
                tool=Tool.MYPY,
            )
        )
    return findings


def _run_mypy(targets: Sequence[str], with_mypy_errors: bool) -> list[Finding]:
    env = {**os.environ, "MYPY_FORCE_COLOR": "0"}
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "-O", "json", *targets],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    if proc.returncode not in (0, 1):
        first = _first_error_line(proc.stderr, _json_as_text(proc.stdout))
        raise CheckError(f"mypy failed (exit status {proc.returncode}): {first}")
    return parse_mypy(proc.stdout, with_mypy_errors=with_mypy_errors)


def run_mypy(paths: Sequence[str], *, with_mypy_errors: bool = False) -> list[Finding]:
    """The PX findings of mypy with the plugin on ``paths`` (see :func:`mypy_targets`), unsorted
    and not deduplicated (two v1 members read from one expression start at the same column)."""
    return _run_mypy(mypy_targets(paths), with_mypy_errors)


def _json_as_text(output: str) -> str:
    """mypy's JSON errors as ``file:line: message`` lines, for an error message."""
    lines = []
    for line in output.splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            lines.append(line)
            continue
        if isinstance(item, dict):
            lines.append(f"{item.get('file')}:{item.get('line')}: error: {item.get('message')}")
    return "\n".join(lines)


# -- both ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Half:
    tool: Tool
    future: Future[list[Finding]]


def run_check(
    paths: Sequence[str], *, with_mypy_errors: bool = False, progress: Progress | None = None
) -> list[Finding]:
    """The merged findings of both halves on ``paths`` (each tool's own default when empty)."""
    targets = mypy_targets(paths)
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="pyexpert-") as tmp, ThreadPoolExecutor(max_workers=2) as pool:
        halves = (
            _Half(Tool.FLAKE8, pool.submit(_run_flake8, paths, Path(tmp))),
            _Half(Tool.MYPY, pool.submit(_run_mypy, targets, with_mypy_errors)),
        )
        pending = {half.future for half in halves}
        while pending:
            _done, pending = wait(pending, timeout=0.25)
            if progress is not None:
                progress(time.monotonic() - start, [h.tool.value for h in halves if h.future in pending])
        return merge(*(half.future.result() for half in halves))

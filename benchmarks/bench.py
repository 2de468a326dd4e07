"""Measure what pyexpert costs, on the installed sources of real libraries.

Run with the interpreter whose site-packages hold the corpus (``tox -e bench`` or
``python benchmarks/bench.py``). Every ratio printed is computed from numbers measured in this
run, on this machine. What is measured (see benchmarks/README.md for the targets):

flake8 side
  * ``flake8``: ``ast.parse`` of every corpus file versus the PX plugin's
    ``Plugin(tree, filename).run()`` on those same, freshly parsed trees, in process (the whole
    rule set, opt-in rules included, default options), and versus flake8-bugbear's checker on
    the same trees when it is installed;
  * ``flake8-cli``: the real ``flake8`` end to end, with the PX plugin loaded versus the same
    command with the plugin removed from flake8's plugin list (flake8 runs every installed
    plugin whatever ``--select`` says, so "no PX rules" means "plugin not loaded");
  * ``flake8-one-file``: the real ``flake8 --isolated`` on a one-line file, from a venv with the
    project installed versus a venv with the same flake8 and nothing else (two venvs built once
    under ``benchmarks/.venv/`` and reused); timed, and counted once each under callgrind when
    valgrind is installed.

both
  * ``import``: in a fresh interpreter that has already imported the tool's own modules, the
    time loading each plugin adds (flake8: importing ``flake8_pyexpert.plugin``; mypy: importing
    ``mypy_pyexpert``, calling its ``plugin()`` entry point and reading its ``__version__``),
    next to the time of the tool's own imports; and whether loading the plugin imports pydantic.

mypy side
  * ``mypy``: the real ``mypy`` on a file that imports every module of ``--mypy-packages``
    (mypy follows the imports and analyses them, and what they import; it only silences their
    errors), in five configurations: no plugin, ``pydantic.mypy``, ``mypy_pyexpert``, both, and
    a plugin with no hook of its own (the floor any plugin written in Python costs);
    cold cache (a new cache directory per run) and warm cache (the same command again, on the
    cache the cold run just wrote).

counted, not timed
  * ``instructions`` (not in the default parts: about ten minutes): the same plugin loads and
    cold mypy runs (no plugin versus ``mypy_pyexpert``) under ``valgrind --tool=callgrind``,
    which counts the instructions executed. The count is the same on a busy or a quiet machine
    (hash randomisation off), so it shows a change of a few percent that timings on a shared
    machine hide; it is not a time (cache misses and the interpreter's branches cost more per
    instruction in the plugin's Python than in mypy's compiled code).

Runs of the configurations alternate (A B, B A, ...), so drift on the machine hits all alike.
Every subprocess runs without ``PYTHONDONTWRITEBYTECODE`` (users' tools write and reuse .pyc
files), and every measured command is run once, untimed, before its timed runs, so the .pyc
files exist when the clock runs.
"""

from __future__ import annotations

import argparse
import ast
import functools
import gc
import importlib
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Final, Protocol

HERE: Final = Path(__file__).resolve().parent
RESULTS: Final = HERE / "results"
# Named .venv: git (the top-level .gitignore) and flake8 (setup.cfg's exclude) skip that name.
VENVS: Final = HERE / ".venv"
PACKAGES: Final = ("fastapi", "pydantic", "sqlalchemy", "sqlmodel", "starlette", "httpx")
MYPY_PACKAGES: Final = ("fastapi",)
PARTS: Final = ("flake8", "flake8-cli", "flake8-one-file", "import", "mypy", "instructions")

# Modules of the corpus left out of mypy's build: they import mypy itself (their own mypy
# plugins), which would add mypy's sources to what is measured.
MYPY_SKIP: Final = (".mypy", "__main__")

# Runs flake8's CLI, optionally without the PX plugin (removed from flake8's plugin list).
FLAKE8_DRIVER: Final = """
import sys
import flake8.plugins.finder as finder
from flake8.main.cli import main

if sys.argv[1] == "without-px":
    found = finder.find_plugins
    finder.find_plugins = lambda *a, **k: [
        p for p in found(*a, **k) if not p.entry_point.value.startswith("flake8_pyexpert")
    ]
sys.exit(main(sys.argv[2:]))
"""

# The tool's own modules, imported before the clock starts in the import part.
TOOL_MODULES: Final = {
    "flake8": ("flake8.main.cli", "flake8.checker", "flake8.plugins.finder", "flake8.options.manager"),
    "mypy": ("mypy.main", "mypy.build", "mypy.plugin", "mypy.nodes", "mypy.types", "mypy.checker", "mypy.semanal"),
}

# Imports the tool's modules (argv[3:]), then, in mode "plugin", loads the plugin of argv[1] the
# way the tool does; prints the seconds each step took and whether pydantic got imported.
IMPORT_DRIVER: Final = """
import importlib
import sys
import time

tool, mode, modules = sys.argv[1], sys.argv[2], sys.argv[3:]
start = time.perf_counter()
for name in modules:
    importlib.import_module(name)
tool_seconds = time.perf_counter() - start
pydantic_before = "pydantic" in sys.modules
load_seconds = None
if mode == "plugin":
    if tool == "flake8":
        start = time.perf_counter()
        import flake8_pyexpert.plugin
        load_seconds = time.perf_counter() - start
    else:
        import mypy.version
        start = time.perf_counter()
        import mypy_pyexpert
        mypy_pyexpert.plugin(mypy.version.__version__)
        mypy_pyexpert.__version__
        load_seconds = time.perf_counter() - start
pydantic_after = "pydantic" in sys.modules

import json

print(json.dumps({"tool": tool_seconds, "load": load_seconds, "pydantic_before": pydantic_before,
                  "pydantic_after": pydantic_after}))
"""

# mypy configurations: label -> the `plugins =` line.
MYPY_CONFIGS: Final = {
    "plain": "",
    "pydantic.mypy": "pydantic.mypy",
    "pyexpert": "mypy_pyexpert",
    "pydantic.mypy + pyexpert": "pydantic.mypy, mypy_pyexpert",
    # the floor: what any plugin written in Python costs (mypy calls every hook of it, through
    # the interpreter, for every name, call and class), with no hook of its own
    "empty plugin": "{work}/empty_plugin.py",
}
# A subclass, as every real plugin is: mypy's own Plugin class is compiled, and calls of its
# hooks skip the interpreter; a subclass written in Python does not.
EMPTY_PLUGIN: Final = """from mypy.plugin import Plugin


class EmptyPlugin(Plugin):
    pass


def plugin(version: str) -> type[Plugin]:
    return EmptyPlugin
"""


# -- measurements ------------------------------------------------------------------------------


@dataclass
class Series:
    """Repeated timings (seconds) of one thing; ``in_ms``: printed in milliseconds."""

    name: str
    times: list[float] = field(default_factory=list)
    in_ms: bool = False

    @property
    def min(self) -> float:
        return min(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


@dataclass(frozen=True)
class Ratio:
    name: str
    numerator: str
    denominator: str
    of_min: float
    of_median: float
    target: str
    # "ratio" (x), "overhead" (+%), "seconds" (a min and a median, printed in ms) or "count"
    kind: str = "ratio"


@dataclass
class Report:
    started: str
    python: str
    machine: str
    versions: dict[str, str]
    corpus_files: int
    corpus_lines: int
    lines_by_package: dict[str, int]
    unparsable_files: list[str]
    mypy_target_lines: dict[str, int] = field(default_factory=dict)
    series: list[Series] = field(default_factory=list)
    ratios: list[Ratio] = field(default_factory=list)
    px_findings: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def ratio(name: str, numerator: Series, denominator: Series, target: str) -> Ratio:
    return Ratio(
        name,
        numerator.name,
        denominator.name,
        numerator.min / denominator.min,
        numerator.median / denominator.median,
        target,
    )


def overhead(name: str, with_px: Series, without_px: Series, target: str) -> Ratio:
    """(with - without) / without: the share the plugin adds."""
    return Ratio(
        name,
        with_px.name,
        without_px.name,
        with_px.min / without_px.min - 1.0,
        with_px.median / without_px.median - 1.0,
        target,
        "overhead",
    )


def absolute(name: str, series: Series, target: str) -> Ratio:
    """A figure that has a target of its own (a duration), not a ratio."""
    return Ratio(name, series.name, "", series.min, series.median, target, "seconds")


def child_env(*, venv: bool = False) -> dict[str, str]:
    """The environment of every subprocess: this one without ``PYTHONDONTWRITEBYTECODE``.

    With it set, no .pyc file is ever written and every import compiles its sources again: a
    cost users' tools do not pay. Commands of the benchmark's own venvs (``venv=True``) also run
    without ``PYTHONPATH``: a venv holds exactly what was installed in it.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if venv:
        env.pop("PYTHONPATH", None)
    return env


def timed(action: Callable[[], object]) -> float:
    """Seconds taken by ``action()``, with the cyclic GC off (as ``timeit`` does)."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        action()
        return time.perf_counter() - start
    finally:
        gc.enable()


def run_command(
    command: Sequence[str], *, cwd: Path, ok: Sequence[int] = (0, 1), venv: bool = False
) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(list(command), cwd=cwd, env=child_env(venv=venv), capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in ok or proc.stderr.strip():
        raise RuntimeError(
            f"{' '.join(command)} failed with exit status {proc.returncode}:\n{proc.stderr[-3000:]}"
        )
    return elapsed, proc.stdout


# -- the corpus --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceFile:
    path: str
    source: bytes


def package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"bench: package {name!r} is not installed here ({sys.executable})")
    return Path(next(iter(spec.submodule_search_locations)))


def load_corpus(packages: Sequence[str]) -> tuple[list[SourceFile], dict[str, int], list[str]]:
    files: list[SourceFile] = []
    lines: dict[str, int] = {}
    unparsable: list[str] = []
    for name in packages:
        count = 0
        for path in sorted(package_dir(name).rglob("*.py")):
            source = path.read_bytes()
            try:
                compile(source, str(path), "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
            except (SyntaxError, ValueError):
                unparsable.append(str(path))
                continue
            files.append(SourceFile(str(path), source))
            count += source.count(b"\n")
        lines[name] = count
    return files, lines, unparsable


def version_of(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "not installed"


# -- flake8 ------------------------------------------------------------------------------------


def bench_flake8_in_process(files: Sequence[SourceFile], repeat: int, report: Report) -> None:
    try:
        from flake8_pyexpert.plugin import Plugin
    except ImportError as exc:
        report.notes.append(f"flake8 in-process skipped: cannot import flake8_pyexpert.plugin ({exc})")
        return

    # Warm-up: imports and one-time setup of the rules are not per-file costs.
    warm = ast.parse(files[0].source)
    list(Plugin(warm, files[0].path).run())

    parse = Series("ast.parse (all files)")
    plugin = Series("PX plugin run (pre-parsed trees)")
    findings: Counter[str] = Counter()
    trees: list[ast.AST] = []

    def parse_all() -> None:
        trees.extend(ast.parse(f.source, f.path) for f in files)

    def run_all(count: bool) -> None:
        for tree, f in zip(trees, files, strict=True):
            for _line, _col, text, _type in Plugin(tree, f.path).run():
                if count:
                    findings[text.split(" ", 1)[0]] += 1

    bugbear_class = _bugbear_checker()
    bugbear = Series("flake8-bugbear run (pre-parsed trees)")
    sources = [f.source.decode("utf-8", "replace").splitlines(keepends=True) for f in files]

    def run_bugbear(checker: type[_AstChecker]) -> None:
        for tree, f, lines in zip(trees, files, sources, strict=True):
            for _finding in checker(tree=tree, filename=f.path, lines=lines).run():
                pass

    for index in range(repeat):
        parse.times.append(timed(parse_all))
        plugin.times.append(timed(functools.partial(run_all, index == 0)))
        if bugbear_class is not None:
            bugbear.times.append(timed(functools.partial(run_bugbear, bugbear_class)))
        del trees[:]
    report.series += [parse, plugin]
    report.ratios.append(ratio("PX rule set / ast.parse", plugin, parse, "<= 1.0x"))
    if bugbear_class is not None:
        # A yardstick that does not depend on how ast.parse is timed: another AST plugin, timed
        # the same way on the same trees in the same run.
        report.series.append(bugbear)
        report.ratios.append(ratio("PX rule set / flake8-bugbear", plugin, bugbear, "<= 0.15x"))
    else:
        report.notes.append("flake8-bugbear is not installed: the PX / flake8-bugbear ratio is not measured")
    report.px_findings = dict(sorted(findings.items()))


class _AstChecker(Protocol):
    def __init__(self, *, tree: ast.AST, filename: str, lines: list[str]) -> None: ...

    def run(self) -> Iterable[object]: ...


def _bugbear_checker() -> type[_AstChecker] | None:
    """flake8-bugbear's checker class, when it is installed (the ``test`` extra installs it)."""
    try:
        module = importlib.import_module("bugbear")
    except ImportError:
        return None
    checker: type[_AstChecker] = module.BugBearChecker
    return checker


def bench_flake8_cli(packages: Sequence[str], repeat: int, jobs: str, report: Report) -> None:
    dirs = [str(package_dir(name)) for name in packages]
    base = [sys.executable, "-c", FLAKE8_DRIVER]
    # Same arguments both ways: pyflakes and pycodestyle run in both (flake8 runs every plugin
    # it loaded whatever --select says); only the loading of the PX plugin differs.
    args = ["--isolated", "--select=E9,F63,F82,PX", f"--jobs={jobs}", "--exit-zero", *dirs]
    with_px = Series(f"flake8 -j{jobs} with PX plugin")
    without_px = Series(f"flake8 -j{jobs} without PX plugin")
    for mode in ("without-px", "with-px"):  # warm-up, untimed: writes the .pyc files
        run_command([*base, mode, *args], cwd=HERE, ok=(0,))
    for index in range(repeat):
        order = [(without_px, "without-px"), (with_px, "with-px")]
        if index % 2:
            order.reverse()
        for series, mode in order:
            elapsed, _ = run_command([*base, mode, *args], cwd=HERE, ok=(0,))
            series.times.append(elapsed)
    report.series += [without_px, with_px]
    report.ratios.append(ratio("flake8 with PX / without PX", with_px, without_px, "(informative)"))


# -- flake8 on one file, from two venvs ---------------------------------------------------------


def run_setup(command: Sequence[str], *, cwd: Path | None = None) -> str:
    """Run an untimed setup command (venv, pip); its output is shown only if it fails."""
    proc = subprocess.run(list(command), cwd=cwd, env=child_env(venv=True), capture_output=True, text=True, check=False)
    if proc.returncode:
        raise RuntimeError(
            f"{' '.join(command)} failed with exit status {proc.returncode}:\n"
            f"{(proc.stdout + proc.stderr)[-3000:]}"
        )
    return proc.stdout


def venv_version(venv: Path, distribution: str) -> str | None:
    """The version of ``distribution`` installed in ``venv``; None if absent or the venv is broken."""
    python = venv / "bin" / "python"
    if not python.exists():
        return None
    code = "import importlib.metadata as m, sys; print(m.version(sys.argv[1]))"
    proc = subprocess.run(
        [str(python), "-c", code, distribution], env=child_env(venv=True), capture_output=True, text=True, check=False
    )
    return proc.stdout.strip() if proc.returncode == 0 else None


def flake8_runs(venv: Path, flake8_version: str) -> bool:
    """Whether ``venv/bin/flake8`` starts and is that version (a moved venv keeps stale paths)."""
    try:
        proc = subprocess.run(
            [str(venv / "bin" / "flake8"), "--version"],
            env=child_env(venv=True),
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:  # no such script, or its interpreter is gone
        return False
    return proc.returncode == 0 and proc.stdout.startswith(f"{flake8_version} ")


def copy_project(project: Path, into: Path) -> Path:
    """A copy of the project's sources: pip builds in the source tree (``build/``, egg-info)."""
    target = into / project.name
    shutil.copytree(
        project,
        target,
        ignore=shutil.ignore_patterns(
            ".git", ".tox", ".venv", "__pycache__", "*.egg-info", "build", "dist",
            ".mypy_cache", ".pytest_cache", ".hypothesis", "results",
        ),
    )
    return target


def prepare_venvs(
    cache: Path, project: Path, flake8_version: str, *, rebuild: bool, reinstall: bool, report: Report
) -> tuple[Path, Path]:
    """The venv without the project and the venv with it, each with ``flake8==flake8_version``.

    Built once and reused while their flake8 is that version; the project is reinstalled (no
    dependencies, not editable) in the "with" venv on every run unless ``reinstall`` is false.
    """
    without_px, with_px = cache / "flake8-without-px", cache / "flake8-with-px"
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pyexpert-bench-project-") as raw:
        source: Path | None = None
        for venv, with_project in ((without_px, False), (with_px, True)):
            pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
            fresh = (
                rebuild
                or not flake8_runs(venv, flake8_version)
                or (with_project and venv_version(venv, "flake8-pyexpert") is None)
            )
            if with_project and (fresh or reinstall) and source is None:
                source = copy_project(project, Path(raw))
            if fresh:
                print(f"bench: building {venv} ...", flush=True)
                shutil.rmtree(venv, ignore_errors=True)
                run_setup([sys.executable, "-m", "venv", str(venv)])
                run_setup([*pip, f"flake8=={flake8_version}", *([str(source)] if source else [])])
                state = "built"
            elif with_project and reinstall:
                print(f"bench: reinstalling {project} in {venv} ...", flush=True)
                run_setup([*pip, "--no-deps", "--force-reinstall", str(source)])
                state = f"reused; project reinstalled from {project}"
            else:
                state = "reused" + ("; project NOT reinstalled: --no-reinstall" if with_project else "")
            found = f"flake8 {venv_version(venv, 'flake8')}"
            if with_project:
                found += "".join(f", {name} {venv_version(venv, name)}" for name in ("flake8-pyexpert", "pydantic"))
            report.notes.append(f"venv {venv} ({state}): {found}")
    return without_px, with_px


def bench_flake8_one_file(
    cache: Path, project: Path, repeat: int, *, rebuild: bool, reinstall: bool, report: Report
) -> None:
    flake8_version = version_of("flake8")
    if flake8_version == "not installed":
        report.notes.append("flake8-one-file skipped: flake8 is not installed for this interpreter")
        return
    without_venv, with_venv = prepare_venvs(
        cache, project, flake8_version, rebuild=rebuild, reinstall=reinstall, report=report
    )
    without_px = Series("flake8 one-line file, PX not installed")
    with_px = Series("flake8 one-line file, PX installed")
    with tempfile.TemporaryDirectory(prefix="pyexpert-bench-") as raw:
        work = Path(raw)
        (work / "one_line.py").write_text("x = 1\n", encoding="utf-8")
        # a file of a project, as in an editor or pre-commit (the plugin reads its requires-python)
        (work / "pyproject.toml").write_text('[project]\nname = "app"\nrequires-python = ">=3.11"\n', encoding="utf-8")
        commands = {
            name: [str(venv / "bin" / "flake8"), "--isolated", "one_line.py"]
            for name, venv in (("without", without_venv), ("with", with_venv))
        }
        for command in commands.values():  # warm-up, untimed: writes the .pyc files
            run_command(command, cwd=work, venv=True)
        series = {"without": without_px, "with": with_px}
        for index in range(repeat):
            order = ["without", "with"] if index % 2 == 0 else ["with", "without"]
            for name in order:
                elapsed, _ = run_command(commands[name], cwd=work, venv=True)
                series[name].times.append(elapsed)
        # the same two runs counted: a few milliseconds are below the noise of timings here
        counts = (
            {name: instructions(command, cwd=work, venv=True) for name, command in commands.items()}
            if shutil.which("valgrind")
            else None
        )
    report.series += [without_px, with_px]
    report.ratios.append(ratio("flake8 one file, PX installed / not", with_px, without_px, "<= 1.1x"))
    report.notes.append(
        f"flake8 one file: PX installed adds {(with_px.min - without_px.min) * 1e3:+.0f} ms (of min)"
    )
    if counts is None:
        report.notes.append("flake8 one file: not counted (valgrind is not installed)")
        return
    share = counts["with"] / counts["without"]
    report.ratios.append(counted("flake8 one file, PX installed / not, instructions", share, "<= 1.1x", "ratio"))
    report.notes.append(
        f"flake8 one file, instructions: {counts['without'] / 1e6:.1f}M without PX, {counts['with'] / 1e6:.1f}M with"
    )


# -- plugin import cost ------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportRun:
    tool_seconds: float
    load_seconds: float | None
    pydantic_before: bool
    pydantic_after: bool


def run_import_driver(tool: str, mode: str) -> ImportRun:
    _, out = run_command(
        [sys.executable, "-c", IMPORT_DRIVER, tool, mode, *TOOL_MODULES[tool]], cwd=HERE, ok=(0,)
    )
    data = json.loads(out.strip().splitlines()[-1])
    if not isinstance(data, dict):
        raise RuntimeError(f"import driver printed {out!r}")
    load = data["load"]
    return ImportRun(
        float(data["tool"]),
        None if load is None else float(load),
        bool(data["pydantic_before"]),
        bool(data["pydantic_after"]),
    )


def bench_import(repeat: int, report: Report) -> None:
    missing = [name for name in ("flake8_pyexpert", "mypy_pyexpert") if importlib.util.find_spec(name) is None]
    if missing:
        report.notes.append(f"import skipped: {', '.join(missing)} not installed for this interpreter")
        return
    names = {"flake8": "flake8 plugin (flake8_pyexpert.plugin)", "mypy": "mypy plugin (mypy_pyexpert)"}
    tool_only = {tool: Series(f"{tool}: its own modules only", in_ms=True) for tool in TOOL_MODULES}
    load = {tool: Series(f"{tool}: loading the {names[tool]}", in_ms=True) for tool in TOOL_MODULES}
    pydantic: dict[str, set[str]] = {tool: set() for tool in TOOL_MODULES}
    runs = [(tool, mode) for tool in TOOL_MODULES for mode in ("tool", "plugin")]
    for tool, mode in runs:  # warm-up, untimed: writes the .pyc files
        run_import_driver(tool, mode)
    for index in range(repeat):
        for tool, mode in runs if index % 2 == 0 else reversed(runs):
            result = run_import_driver(tool, mode)
            if mode == "tool":
                tool_only[tool].times.append(result.tool_seconds)
                continue
            assert result.load_seconds is not None
            load[tool].times.append(result.load_seconds)
            if result.pydantic_before:
                pydantic[tool].add("already imported by the tool's own modules")
            else:
                pydantic[tool].add("yes" if result.pydantic_after else "no")
    for tool in TOOL_MODULES:
        report.series += [tool_only[tool], load[tool]]
        report.ratios.append(absolute(f"{tool} plugin load (import)", load[tool], "<= 10 ms"))
    for tool in TOOL_MODULES:
        report.notes.append(f"{tool} plugin load imports pydantic: {' / '.join(sorted(pydantic[tool]))}")


# -- mypy --------------------------------------------------------------------------------------


def module_name(path: Path, package: Path) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def mypy_target(packages: Sequence[str]) -> tuple[str, dict[str, int]]:
    """A module importing every module of ``packages`` (mypy follows and analyses them all), and
    the lines of each package's sources."""
    names: list[str] = []
    lines: dict[str, int] = {}
    for name in packages:
        root = package_dir(name)
        lines[name] = 0
        for path in sorted(root.rglob("*.py")):
            lines[name] += path.read_bytes().count(b"\n")
            module = module_name(path, root)
            if all(part.isidentifier() for part in module.split(".")) and not any(
                skip in module for skip in MYPY_SKIP
            ):
                names.append(module)
    text = '"""Benchmark target: pulls the corpus into the mypy build."""\n\n' + "".join(
        f"import {module}\n" for module in names
    )
    return text, lines


def mypy_config(directory: Path, plugins: str) -> Path:
    directory.mkdir()
    config = directory / "mypy.ini"
    lines = ["[mypy]", "follow_imports = normal", "show_error_codes = true"]
    if plugins:
        lines.append(f"plugins = {plugins}")
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def bench_mypy(packages: Sequence[str], repeat: int, report: Report) -> None:
    missing = [name for name in ("mypy_pyexpert", "pydantic") if importlib.util.find_spec(name) is None]
    if missing:
        report.notes.append(f"mypy skipped: {', '.join(missing)} not installed for this interpreter")
        return
    labels = list(MYPY_CONFIGS)
    cold = {name: Series(f"mypy cold, {name}") for name in labels}
    warm = {name: Series(f"mypy warm, {name}") for name in labels}
    with tempfile.TemporaryDirectory(prefix="pyexpert-bench-") as raw:
        work = Path(raw)
        target = work / "bench_target.py"
        text, report.mypy_target_lines = mypy_target(packages)
        target.write_text(text, encoding="utf-8")
        (work / "empty_plugin.py").write_text(EMPTY_PLUGIN, encoding="utf-8")
        configs = {
            name: mypy_config(work / f"config-{index}", plugins.format(work=work))
            for index, (name, plugins) in enumerate(MYPY_CONFIGS.items())
        }

        def command(name: str, cache: Path) -> list[str]:
            return [
                sys.executable, "-m", "mypy", "--config-file", str(configs[name]),
                "--cache-dir", str(cache), "--no-error-summary", str(target),
            ]

        for number, name in enumerate(labels):  # warm-up, untimed: writes the .pyc files
            run_command(command(name, work / f"cache-warm-up-{number}"), cwd=work)
        for index in range(repeat):
            for name in labels if index % 2 == 0 else reversed(labels):
                # The warm run is the identical command, on the cache the cold run just wrote.
                run = command(name, work / f"cache-{labels.index(name)}-{index}")
                elapsed, out = run_command(run, cwd=work)
                cold[name].times.append(elapsed)
                if out.strip():
                    report.notes.append(f"mypy {name} reported on the target: {out.strip()[:300]}")
                elapsed, _ = run_command(run, cwd=work)
                warm[name].times.append(elapsed)
    report.series += [cold[name] for name in labels] + [warm[name] for name in labels]
    plain, pyd, px, both, _ = (warm[name] for name in labels)
    report.ratios += [
        ratio("mypy warm, pyexpert / plain", px, plain, "<= 1.15x"),
        ratio("mypy warm, pydantic.mypy + pyexpert / pydantic.mypy", both, pyd, "<= 1.05x"),
        ratio("mypy warm, pydantic.mypy / plain", pyd, plain, "(informative)"),
    ]
    plain, pyd, px, both, empty = (cold[name] for name in labels)
    report.ratios += [
        overhead("mypy cold overhead, pyexpert vs plain", px, plain, "<= +5%"),
        overhead("mypy cold overhead, an empty plugin vs plain (the floor)", empty, plain, "(informative)"),
        overhead("mypy cold overhead, pyexpert vs an empty plugin", px, empty, "(informative)"),
        overhead("mypy cold overhead, pydantic.mypy + pyexpert vs pydantic.mypy", both, pyd, "(informative)"),
    ]
    report.notes.append(
        "mypy warm, pyexpert adds "
        f"{(warm['pyexpert'].min - warm['plain'].min) * 1e3:+.0f} ms to plain, "
        f"{(warm['pydantic.mypy + pyexpert'].min - warm['pydantic.mypy'].min) * 1e3:+.0f} ms "
        "to pydantic.mypy (of min)"
    )


# -- instruction counts ------------------------------------------------------------------------


def instructions(command: Sequence[str], *, cwd: Path, venv: bool = False) -> int:
    """Instructions executed by ``command`` under callgrind (hash randomisation off)."""
    env = {**child_env(venv=venv), "PYTHONHASHSEED": "0"}
    proc = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={os.devnull}", *command],
        cwd=cwd, env=env, capture_output=True, text=True, check=False,
    )
    for line in proc.stderr.splitlines():
        if "Collected :" in line:
            return int(line.rsplit(":", 1)[1])
    raise RuntimeError(f"callgrind printed no count for {' '.join(command)}: {proc.stderr[-500:]}")


def counted(name: str, value: float, target: str, kind: str) -> Ratio:
    """A figure from one deterministic count (min and median are the same)."""
    return Ratio(name, "", "", value, value, target, kind)


def bench_instructions(packages: Sequence[str], report: Report) -> None:
    if shutil.which("valgrind") is None:
        report.notes.append("instructions skipped: valgrind is not installed")
        return
    for tool in TOOL_MODULES:
        driver = [sys.executable, "-c", IMPORT_DRIVER, tool]
        run_command([*driver, "plugin", *TOOL_MODULES[tool]], cwd=HERE, ok=(0,))  # writes the .pyc files
        base = instructions([*driver, "tool", *TOOL_MODULES[tool]], cwd=HERE)
        loaded = instructions([*driver, "plugin", *TOOL_MODULES[tool]], cwd=HERE)
        report.ratios.append(
            counted(f"{tool} plugin load, millions of instructions", (loaded - base) / 1e6, "(informative)", "count")
        )
    with tempfile.TemporaryDirectory(prefix="pyexpert-bench-") as raw:
        work = Path(raw)
        target = work / "bench_target.py"
        text, report.mypy_target_lines = mypy_target(packages)
        target.write_text(text, encoding="utf-8")
        configs = {name: mypy_config(work / f"config-{name}", MYPY_CONFIGS[name]) for name in ("plain", "pyexpert")}

        def cold(name: str) -> int:
            command = [
                sys.executable, "-m", "mypy", "--config-file", str(configs[name]),
                "--cache-dir", str(work / f"cache-{name}"), "--no-error-summary", str(target),
            ]
            run_command([*command[:-1], "--cache-dir", str(work / f"warm-up-{name}"), str(target)], cwd=work)
            return instructions(command, cwd=work)

        # counts do not depend on what else runs: both at once
        with ThreadPoolExecutor(max_workers=2) as pool:
            plain, pyexpert = pool.map(cold, ("plain", "pyexpert"))
    report.ratios.append(
        counted("mypy cold overhead in instructions, pyexpert vs plain", pyexpert / plain - 1.0, "<= +5%", "overhead")
    )
    report.notes.append(f"mypy cold instructions: plain {plain / 1e9:.2f}G, pyexpert {pyexpert / 1e9:.2f}G")


# -- output ------------------------------------------------------------------------------------


def print_report(report: Report) -> None:
    print(f"python {report.python} on {report.machine}")
    print("versions: " + ", ".join(f"{k} {v}" for k, v in report.versions.items()))
    print(f"corpus: {report.corpus_files} files, {report.corpus_lines:,} lines")
    for name, lines in report.lines_by_package.items():
        print(f"  {name:<12} {lines:>9,} lines")
    if report.unparsable_files:
        print(f"  ({len(report.unparsable_files)} file(s) skipped: not parsable by this Python)")
    if report.mypy_target_lines:
        print(
            f"mypy target: every module of {', '.join(report.mypy_target_lines)}, "
            f"{sum(report.mypy_target_lines.values()):,} lines (mypy also analyses what they import)"
        )
    width = max((len(s.name) for s in report.series), default=10)
    for in_ms, unit, scale, digits in ((False, "s", 1.0, 3), (True, "ms", 1e3, 1)):
        rows = [series for series in report.series if series.in_ms == in_ms]
        if not rows:
            continue
        print()
        print(f"{'measurement':<{width}}  {f'min ({unit})':>9}  {f'median ({unit})':>11}  runs")
        for series in rows:
            print(
                f"{series.name:<{width}}  {series.min * scale:>9.{digits}f}  "
                f"{series.median * scale:>11.{digits}f}  {len(series.times)}"
            )
    print()
    width = max((len(r.name) for r in report.ratios), default=10)
    print(f"{'ratio / figure':<{width}}  {'of min':>8}  {'of median':>9}  target")
    for item in report.ratios:
        if item.kind == "overhead":
            print(f"{item.name:<{width}}  {item.of_min:>+8.1%}  {item.of_median:>+9.1%}  {item.target}")
        elif item.kind == "count":
            print(f"{item.name:<{width}}  {item.of_min:>8.1f}  {item.of_median:>9.1f}  {item.target}")
        elif item.kind == "seconds":
            print(f"{item.name:<{width}}  {item.of_min * 1e3:>5.1f} ms  {item.of_median * 1e3:>6.1f} ms  {item.target}")
        else:
            print(f"{item.name:<{width}}  {item.of_min:>7.2f}x  {item.of_median:>8.2f}x  {item.target}")
    if report.px_findings:
        print()
        print("PX findings on the corpus (flake8 rules, opt-in included; each is a candidate false positive):")
        for code, count in report.px_findings.items():
            print(f"  {code}: {count}")
    for note in report.notes:
        print(f"note: {note}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement (default 3)")
    parser.add_argument("--only", choices=PARTS, action="append", help="run only these parts (repeatable)")
    parser.add_argument(
        "--packages", nargs="+", default=list(PACKAGES), help="the flake8 corpus (installed packages)"
    )
    parser.add_argument(
        "--mypy-packages",
        nargs="+",
        default=list(MYPY_PACKAGES),
        help="installed packages whose every module the mypy target imports (default: fastapi)",
    )
    parser.add_argument("--jobs", default="1", help="flake8 --jobs for the end-to-end runs (default 1)")
    parser.add_argument(
        "--venv-dir", type=Path, default=VENVS, help=f"where flake8-one-file keeps its two venvs (default {VENVS})"
    )
    parser.add_argument(
        "--project",
        type=Path,
        default=HERE.parent,
        help=f"the project flake8-one-file installs in its 'with' venv (default {HERE.parent})",
    )
    parser.add_argument("--rebuild-venvs", action="store_true", help="rebuild the two venvs of flake8-one-file")
    parser.add_argument(
        "--no-reinstall",
        action="store_true",
        help="flake8-one-file: reuse the 'with' venv as it is (default: reinstall the project in it)",
    )
    parser.add_argument("--json", action="store_true", help=f"also write the results to {RESULTS}/")
    options = parser.parse_args(argv)
    if options.repeat < 1:
        parser.error("--repeat must be at least 1")
    parts = set(options.only or (part for part in PARTS if part != "instructions"))

    files, lines, unparsable = load_corpus(options.packages)
    report = Report(
        started=datetime.now(UTC).isoformat(timespec="seconds"),
        python=platform.python_version(),
        machine=f"{platform.machine()}, {os.cpu_count()} CPUs",
        versions={
            name: version_of(name)
            for name in dict.fromkeys(("flake8-pyexpert", "flake8", "mypy", *options.packages, *options.mypy_packages))
        },
        corpus_files=len(files),
        corpus_lines=sum(lines.values()),
        lines_by_package=lines,
        unparsable_files=unparsable,
    )
    print(f"corpus: {len(files)} files, {report.corpus_lines:,} lines; {options.repeat} run(s) each", flush=True)
    if "flake8" in parts:
        bench_flake8_in_process(files, options.repeat, report)
    if "flake8-cli" in parts:
        bench_flake8_cli(options.packages, options.repeat, options.jobs, report)
    if "import" in parts:
        bench_import(options.repeat, report)
    if "flake8-one-file" in parts:
        bench_flake8_one_file(
            options.venv_dir.resolve(),
            options.project.resolve(),
            options.repeat,
            rebuild=options.rebuild_venvs,
            reinstall=not options.no_reinstall,
            report=report,
        )
    if "mypy" in parts:
        bench_mypy(options.mypy_packages, options.repeat, report)
    if "instructions" in parts:
        bench_instructions(options.mypy_packages, report)
    print()
    print_report(report)
    if options.json:
        RESULTS.mkdir(exist_ok=True)
        out = RESULTS / f"bench-{report.started.replace(':', '')}.json"
        data = asdict(report)
        for raw, series in zip(data["series"], report.series, strict=True):
            raw.update(min=series.min, median=series.median)
        out.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

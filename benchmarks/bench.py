"""Measure what pyexpert costs, on the installed sources of real libraries.

Run with the interpreter whose site-packages hold the corpus (``tox -e bench`` or
``python benchmarks/bench.py``). Every ratio printed is computed from numbers measured in this
run, on this machine. What is measured (see benchmarks/README.md for the targets):

flake8 side
  * ``ast.parse`` of every corpus file versus the PX plugin's ``Plugin(tree, filename).run()``
    on those same, freshly parsed trees, in process (the whole rule set, opt-in rules included,
    default options);
  * the real ``flake8`` end to end, with the PX plugin loaded versus the same command with the
    plugin removed from flake8's plugin list (flake8 runs every installed plugin whatever
    ``--select`` says, so "no PX rules" means "plugin not loaded").

mypy side
  * the real ``mypy`` on a file that imports every module of the corpus (mypy follows the
    imports and analyses them all; it only silences their errors), plain versus
    ``plugins = mypy_pyexpert``, cold cache (a new cache directory per run) and warm cache (the
    same command again).

Runs of the two configurations alternate, so drift on the machine hits both alike.
"""

from __future__ import annotations

import argparse
import ast
import functools
import gc
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

HERE: Final = Path(__file__).resolve().parent
RESULTS: Final = HERE / "results"
PACKAGES: Final = ("fastapi", "pydantic", "sqlalchemy", "sqlmodel", "starlette", "httpx")

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


# -- measurements ------------------------------------------------------------------------------


@dataclass
class Series:
    """Repeated timings (seconds) of one thing."""

    name: str
    times: list[float] = field(default_factory=list)

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
    )


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


def run_command(command: Sequence[str], *, cwd: Path, ok: Sequence[int] = (0, 1)) -> tuple[float, str]:
    start = time.perf_counter()
    proc = subprocess.run(list(command), cwd=cwd, capture_output=True, text=True, check=False)
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

    for index in range(repeat):
        parse.times.append(timed(parse_all))
        plugin.times.append(timed(functools.partial(run_all, index == 0)))
        del trees[:]
    report.series += [parse, plugin]
    report.ratios.append(ratio("PX rule set / ast.parse", plugin, parse, "<= 1.0x"))
    report.px_findings = dict(sorted(findings.items()))


def bench_flake8_cli(packages: Sequence[str], repeat: int, jobs: str, report: Report) -> None:
    dirs = [str(package_dir(name)) for name in packages]
    base = [sys.executable, "-c", FLAKE8_DRIVER]
    # Same arguments both ways: pyflakes and pycodestyle run in both (flake8 runs every plugin
    # it loaded whatever --select says); only the loading of the PX plugin differs.
    args = ["--isolated", "--select=E9,F63,F82,PX", f"--jobs={jobs}", "--exit-zero", *dirs]
    with_px = Series(f"flake8 -j{jobs} with PX plugin")
    without_px = Series(f"flake8 -j{jobs} without PX plugin")
    for index in range(repeat):
        order = [(without_px, "without-px"), (with_px, "with-px")]
        if index % 2:
            order.reverse()
        for series, mode in order:
            elapsed, _ = run_command([*base, mode, *args], cwd=HERE, ok=(0,))
            series.times.append(elapsed)
    report.series += [without_px, with_px]
    report.ratios.append(ratio("flake8 with PX / without PX", with_px, without_px, "(informative)"))


# -- mypy --------------------------------------------------------------------------------------


def module_name(path: Path, package: Path) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def mypy_target(packages: Sequence[str]) -> str:
    """A module importing every module of the corpus: mypy follows and analyses them all."""
    names: list[str] = []
    for name in packages:
        root = package_dir(name)
        for path in sorted(root.rglob("*.py")):
            module = module_name(path, root)
            if all(part.isidentifier() for part in module.split(".")) and not any(
                skip in module for skip in MYPY_SKIP
            ):
                names.append(module)
    return '"""Benchmark target: pulls the corpus into the mypy build."""\n\n' + "".join(
        f"import {module}\n" for module in names
    )


def mypy_config(directory: Path, plugins: str) -> Path:
    directory.mkdir()
    config = directory / "mypy.ini"
    lines = ["[mypy]", "follow_imports = normal", "show_error_codes = true"]
    if plugins:
        lines.append(f"plugins = {plugins}")
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def bench_mypy(packages: Sequence[str], repeat: int, report: Report) -> None:
    if importlib.util.find_spec("mypy_pyexpert") is None:
        report.notes.append("mypy skipped: mypy_pyexpert is not installed for this interpreter")
        return
    cold = {name: Series(f"mypy cold, {name}") for name in ("plain", "pyexpert")}
    warm = {name: Series(f"mypy warm, {name}") for name in ("plain", "pyexpert")}
    with tempfile.TemporaryDirectory(prefix="pyexpert-bench-") as raw:
        work = Path(raw)
        target = work / "bench_target.py"
        target.write_text(mypy_target(packages), encoding="utf-8")
        configs = {"plain": mypy_config(work / "plain", ""), "pyexpert": mypy_config(work / "px", "mypy_pyexpert")}
        for index in range(repeat):
            order = ["plain", "pyexpert"] if index % 2 == 0 else ["pyexpert", "plain"]
            for name in order:
                config = configs[name]
                cache = work / f"cache-{name}-{index}"
                command = [
                    sys.executable, "-m", "mypy", "--config-file", str(config),
                    "--cache-dir", str(cache), "--no-error-summary", str(target),
                ]
                elapsed, out = run_command(command, cwd=work)
                cold[name].times.append(elapsed)
                if out.strip():
                    report.notes.append(f"mypy {name} reported on the target: {out.strip()[:300]}")
                elapsed, _ = run_command(command, cwd=work)
                warm[name].times.append(elapsed)
    report.series += [cold["plain"], cold["pyexpert"], warm["plain"], warm["pyexpert"]]
    report.ratios.append(overhead("mypy plugin overhead, cold", cold["pyexpert"], cold["plain"], "<= +5%"))
    report.ratios.append(overhead("mypy plugin overhead, warm", warm["pyexpert"], warm["plain"], "~ 0%"))


# -- output ------------------------------------------------------------------------------------


def print_report(report: Report) -> None:
    print(f"python {report.python} on {report.machine}")
    print("versions: " + ", ".join(f"{k} {v}" for k, v in report.versions.items()))
    print(f"corpus: {report.corpus_files} files, {report.corpus_lines:,} lines")
    for name, lines in report.lines_by_package.items():
        print(f"  {name:<12} {lines:>9,} lines")
    if report.unparsable_files:
        print(f"  ({len(report.unparsable_files)} file(s) skipped: not parsable by this Python)")
    print()
    width = max((len(s.name) for s in report.series), default=10)
    print(f"{'measurement':<{width}}  {'min (s)':>9}  {'median (s)':>10}  runs")
    for series in report.series:
        print(f"{series.name:<{width}}  {series.min:>9.3f}  {series.median:>10.3f}  {len(series.times)}")
    print()
    width = max((len(r.name) for r in report.ratios), default=10)
    print(f"{'ratio':<{width}}  {'of min':>8}  {'of median':>9}  target")
    for item in report.ratios:
        if "overhead" in item.name:
            print(f"{item.name:<{width}}  {item.of_min:>+8.1%}  {item.of_median:>+9.1%}  {item.target}")
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
    parser.add_argument(
        "--only", choices=("flake8", "flake8-cli", "mypy"), action="append", help="run only these parts"
    )
    parser.add_argument("--packages", nargs="+", default=list(PACKAGES), help="the corpus (installed packages)")
    parser.add_argument("--jobs", default="1", help="flake8 --jobs for the end-to-end runs (default 1)")
    parser.add_argument("--json", action="store_true", help=f"also write the results to {RESULTS}/")
    options = parser.parse_args(argv)
    if options.repeat < 1:
        parser.error("--repeat must be at least 1")
    parts = set(options.only or ("flake8", "flake8-cli", "mypy"))

    files, lines, unparsable = load_corpus(options.packages)
    report = Report(
        started=datetime.now(UTC).isoformat(timespec="seconds"),
        python=platform.python_version(),
        machine=f"{platform.machine()}, {os.cpu_count()} CPUs",
        versions={
            name: version_of(name)
            for name in ("flake8-pyexpert", "flake8", "mypy", *options.packages)
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
    if "mypy" in parts:
        bench_mypy(options.packages, options.repeat, report)
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

"""Both plugins over the installed sources of real libraries: zero crashes.

Slow (a few minutes), so deselected by default; ``tox -e corpus`` or ``pytest -m corpus`` runs it.

* flake8: the real flake8 over the package directories of the corpus. A plugin exception makes
  flake8 print a traceback to stderr (``run_flake8`` fails on any stderr output or an exit status
  other than 0/1); a file that does not even parse (E999, E902) would mean the PX rules never ran
  on it.
* mypy: the real mypy with ``plugins = mypy_pyexpert`` (alone, and after ``pydantic.mypy``) on the
  corpus packages (``-p``), the opt-in PX106 enabled, and ``PYEXPERT_MYPY_DEBUG=1`` so that the
  plugin's ``analysis_guard`` re-raises what it would otherwise swallow. mypy reports plenty of
  errors in these libraries; only a crash (exit status 2, ``INTERNAL ERROR``, a traceback) fails.

Each run also checks a probe file holding a rule's ``bad`` example from the catalog: its finding
proves the plugin was loaded, so "no crash" cannot come from a plugin that never ran.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Final

import pytest

from expectations import Finding, MypyResult, run_flake8, run_mypy
from mypy_pyexpert.safety import DEBUG_ENV
from pyexpert_core.rules.px1 import DICT_RECORD_LITERAL, DUMPED_MODEL_AS_DATA

pytestmark = pytest.mark.corpus

PACKAGES: Final = ("fastapi", "pydantic", "sqlmodel", "starlette", "sqlalchemy")

# Modules of the corpus that import mypy itself (the libraries' own mypy plugins): left out, or
# mypy's sources would join the build. sqlalchemy.ext.mypy is gone in SQLAlchemy 2.1 but kept
# here for older versions. With ``-p``, mypy applies ``exclude`` to the modules it discovers.
MYPY_EXCLUDE: Final = r"(?x)( /pydantic/(v1/)?mypy\.py$ | /sqlalchemy/ext/mypy/ )"

MYPY_CONFIGS: Final = {
    "pyexpert": "mypy_pyexpert",
    "pydantic-then-pyexpert": "pydantic.mypy, mypy_pyexpert",
}

_CHECKED_RE: Final = re.compile(r"\(checked (?P<count>\d+) source files?\)|in (?P<ok>\d+) source files?$")


def package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.submodule_search_locations, f"{name} is not installed"
    return Path(next(iter(spec.submodule_search_locations)))


def corpus_module_count() -> int:
    """How many modules ``mypy -p`` finds in the corpus, once the excluded ones are left out."""
    exclude = re.compile(MYPY_EXCLUDE)
    modules = {
        path.with_suffix("")
        for name in PACKAGES
        for path in package_dir(name).rglob("*.py*")
        if path.suffix in (".py", ".pyi") and not exclude.search(path.as_posix())
    }
    return len(modules)


def _write_probe(directory: Path, source: str) -> Path:
    directory.mkdir()
    probe = directory / "pyexpert_probe.py"
    probe.write_text(source, encoding="utf-8")
    return probe


def _probe_findings(findings: list[Finding], probe: Path, code: str) -> list[Finding]:
    return [f for f in findings if Path(f.path).resolve() == probe.resolve() and f.code == code]


def test_flake8_plugin_survives_the_corpus(tmp_path: Path) -> None:
    probe = _write_probe(tmp_path / "probe", DICT_RECORD_LITERAL.bad)
    paths = [probe, *(package_dir(name) for name in PACKAGES)]
    # run_flake8 fails on an exit status other than 0/1 and on anything written to stderr,
    # which is where flake8 (and its worker pool) reports a plugin's exception.
    findings = run_flake8(paths, "-j2", cwd=tmp_path, select="PX,E902,E999")

    unparsed = [f for f in findings if f.code in ("E902", "E999")]
    assert not unparsed, "files flake8 could not read or parse (the PX rules never ran on them):\n" + "\n".join(
        f"{f.path}:{f.line}: {f.code} {f.message}" for f in unparsed
    )
    assert _probe_findings(findings, probe, DICT_RECORD_LITERAL.code), (
        f"the probe's {DICT_RECORD_LITERAL.code} was not reported: is the PX plugin loaded?"
    )


@pytest.fixture(scope="module")
def mypy_runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[Path, MypyResult]]]:
    """One mypy run per configuration, started together (each is a single-threaded process)."""
    root = tmp_path_factory.mktemp("corpus-mypy")
    package_args = [arg for name in PACKAGES for arg in ("-p", name)]
    # --error-summary overrides run_mypy's --no-error-summary: the summary counts checked files.
    # mypy takes modules/packages or files, not both: the probe is a module on mypy_path.
    args = ["--show-traceback", "--error-summary", "-m", "pyexpert_probe", *package_args]

    def run(name: str) -> tuple[Path, MypyResult]:
        work = root / name
        probe = _write_probe(work, DUMPED_MODEL_AS_DATA.bad)
        config = work / "mypy.ini"
        config.write_text(
            "[mypy]\n"
            f"plugins = {MYPY_CONFIGS[name]}\n"
            f"exclude = {MYPY_EXCLUDE}\n"
            f"mypy_path = {work}\n"
            f"\n[pyexpert-mypy]\nenable = {DUMPED_MODEL_AS_DATA.code}\n",
            encoding="utf-8",
        )
        result = run_mypy(
            [], cwd=work, config_file=config, cache_dir=work / ".mypy_cache", args=args, check=False
        )
        return probe, result

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(DEBUG_ENV, "1")
        with ThreadPoolExecutor(max_workers=len(MYPY_CONFIGS)) as pool:
            futures = {name: pool.submit(run, name) for name in MYPY_CONFIGS}
            yield {name: future.result() for name, future in futures.items()}


@pytest.mark.parametrize("config", sorted(MYPY_CONFIGS))
def test_mypy_plugin_survives_the_corpus(config: str, mypy_runs: dict[str, tuple[Path, MypyResult]]) -> None:
    probe, result = mypy_runs[config]
    output = result.stdout + result.stderr
    tail = output[-5000:]
    assert result.returncode in (0, 1), f"mypy crashed or rejected its config ({result.returncode}):\n{tail}"
    assert "INTERNAL ERROR" not in output, f"mypy reported an internal error:\n{tail}"
    assert "Traceback" not in output, f"a traceback in mypy's output:\n{tail}"

    summary = _CHECKED_RE.search(result.stdout.rstrip())
    assert summary is not None, f"no summary line in mypy's output:\n{tail}"
    checked = int(summary.group("count") or summary.group("ok"))
    expected = corpus_module_count() + 1  # + the probe
    assert checked == expected, f"mypy checked {checked} files, the corpus has {expected}: were modules skipped?"

    assert _probe_findings(result.findings, probe, DUMPED_MODEL_AS_DATA.code), (
        f"the probe's {DUMPED_MODEL_AS_DATA.code} was not reported: is the plugin loaded and the code enabled?"
    )

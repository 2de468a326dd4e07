"""``pyexpert check`` and ``pyexpert baseline`` through the real flake8 and mypy.

A small project (``setup.cfg`` for flake8, ``mypy.ini`` loading the plugin) has one finding of
each half; every format, the statistics, the exit statuses, the baseline and ``# noqa`` are
checked on it, and the example service's merged report is compared with plain flake8 and mypy.
"""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Final

import jsonschema
import pytest

from expectations import Finding as ToolFinding
from expectations import run_flake8, run_mypy
from pyexpert_core.baseline import Baseline
from pyexpert_core.check import CheckError, parse_flake8, parse_mypy
from pyexpert_core.cli import main
from pyexpert_core.findings import Finding, Tool, merge
from pyexpert_core.formats import render_github
from pyexpert_core.registry import registry

ROOT: Final = Path(__file__).resolve().parent.parent
EXAMPLES: Final = ROOT / "examples"
SARIF_SCHEMA: Final = Path(__file__).resolve().parent / "sarif" / "sarif-2.1.0-rtm.5.json"

_APP: Final = '''\
from typing import Any


def handle(payload: dict[str, Any]) -> None:
    print(payload)


def summary(user_id: int, email: str):
    return {"id": user_id, "email": email}


count: int = "three"
'''

_MYPY_INI: Final = "[mypy]\nplugins = mypy_pyexpert\n"
_SETUP_CFG: Final = "[flake8]\nmax-line-length = 120\n"


def _project(root: Path, app: str = _APP, mypy_ini: str = _MYPY_INI) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "setup.cfg").write_text(_SETUP_CFG, encoding="utf-8")
    (root / "mypy.ini").write_text(mypy_ini, encoding="utf-8")
    (root / "app.py").write_text(app, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _project(tmp_path_factory.mktemp("check") / "project")


def _check(
    cwd: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _json_findings(out: str) -> list[Finding]:
    items = json.loads(out)
    assert isinstance(items, list)
    return [Finding.model_validate(item) for item in items]


# -- formats -------------------------------------------------------------------------------------


def test_text_is_one_line_per_finding_sorted_with_a_summary(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _check(project, monkeypatch, capsys, "check")
    assert status == 1, err
    assert err == ""
    lines = out.splitlines()
    assert lines[0].startswith("app.py:4:12: PX101 [raw-dict-param] Parameter 'payload' is a raw dict")
    assert lines[1].startswith("app.py:9:12: PX104 [dict-record-literal] 'summary' returns a dict literal")
    assert lines[2:] == ["Found 2 findings."]


def test_json_lists_the_findings_and_mypy_errors_on_request(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _check(project, monkeypatch, capsys, "check", "--format", "json")
    assert status == 1
    findings = _json_findings(out)
    assert [(f.code, f.name, f.tool, f.line, f.column) for f in findings] == [
        ("PX101", "raw-dict-param", Tool.MYPY, 4, 12),
        ("PX104", "dict-record-literal", Tool.FLAKE8, 9, 12),
    ]
    status, out, _ = _check(project, monkeypatch, capsys, "check", "--format", "json", "--with-mypy-errors")
    assert [(f.code, f.line) for f in _json_findings(out)] == [("PX101", 4), ("PX104", 9), ("mypy:assignment", 12)]


def test_sarif_is_valid_against_the_official_schema(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _check(
        project, monkeypatch, capsys, "check", "--format", "sarif", "--with-mypy-errors",
        "--docs-url", "https://example.org/rules/",
    )
    assert status == 1
    log = json.loads(out)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "pyexpert" and driver["version"] and driver["informationUri"].startswith("https://")
    rules = driver["rules"]
    catalog = list(registry())
    assert [rule["id"] for rule in rules[: len(catalog)]] == [rule.code for rule in catalog]
    px101 = rules[0]
    assert px101["name"] == "raw-dict-param"
    assert px101["shortDescription"]["text"] == catalog[0].summary
    assert px101["helpUri"] == "https://example.org/rules/PX101-raw-dict-param.md"
    located = [
        (
            result["ruleId"],
            rules[result["ruleIndex"]]["id"],
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            result["locations"][0]["physicalLocation"]["region"],
        )
        for result in run["results"]
    ]
    assert located == [
        ("PX101", "PX101", "app.py", {"startLine": 4, "startColumn": 12}),
        ("PX104", "PX104", "app.py", {"startLine": 9, "startColumn": 12}),
        ("mypy:assignment", "mypy:assignment", "app.py", {"startLine": 12, "startColumn": 14}),
    ]


#: A workflow command as GitHub parses it: ``::error key=value,...::message``.
_ANNOTATION_RE: Final = re.compile(r"^::error (?P<props>[^:]*)::(?P<message>.*)$")


def _unescape(text: str) -> str:
    for escaped, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, char)
    return text


def _parse_annotation(line: str) -> tuple[dict[str, str], str]:
    match = _ANNOTATION_RE.match(line)
    assert match is not None, line
    props = dict(item.split("=", 1) for item in match.group("props").split(","))
    return {key: _unescape(value) for key, value in props.items()}, _unescape(match.group("message"))


def test_github_annotations_parse_back(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _check(project, monkeypatch, capsys, "check", "--format", "github")
    assert status == 1
    parsed = [_parse_annotation(line) for line in out.splitlines()]
    assert [(p["file"], p["line"], p["col"], p["title"]) for p, _ in parsed] == [
        ("app.py", "4", "12", "PX101 raw-dict-param"),
        ("app.py", "9", "12", "PX104 dict-record-literal"),
    ]
    assert parsed[0][1].startswith("Parameter 'payload' is a raw dict (dict[str, Any])")


def test_github_escapes_what_the_workflow_command_syntax_reserves() -> None:
    finding = Finding(
        path="dir,x/a:b%.py", line=3, column=1, code="PX101", name="raw-dict-param",
        message="50% of\r\nit: a, b", tool=Tool.MYPY,
    )
    (line,) = render_github([finding]).splitlines()
    assert "\n" not in line.rstrip("\n") and line.count("::") == 2
    props, message = _parse_annotation(line)
    assert props["file"] == "dir,x/a:b%.py" and message == "50% of\r\nit: a, b"


def test_statistics_count_per_rule(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _check(project, monkeypatch, capsys, "check", "--statistics", "--with-mypy-errors")
    assert status == 1
    assert out.splitlines() == [
        "1  PX101            raw-dict-param",
        "1  PX104            dict-record-literal",
        "1  mypy:assignment  assignment",
        "Found 3 findings.",
    ]
    status, out, _ = _check(project, monkeypatch, capsys, "check", "--statistics", "--format", "json")
    assert json.loads(out) == [
        {"code": "PX101", "name": "raw-dict-param", "count": 1},
        {"code": "PX104", "name": "dict-record-literal", "count": 1},
    ]


# -- exit statuses -------------------------------------------------------------------------------


def test_a_clean_project_exits_0(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path, app="def handle(payload: int) -> int:\n    return payload\n")
    assert _check(root, monkeypatch, capsys, "check") == (0, "No findings.\n", "")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["check", "--no-such-option"], "unrecognized arguments"),
        (["check", "--format", "xml"], "invalid choice"),
        (["check", "--statistics", "--format", "sarif"], "--statistics works with --format text or json"),
        (["check", "--baseline", "missing.json"], "cannot read the baseline missing.json"),
        (["check", "--baseline", "corrupt.json"], "corrupt.json is not a pyexpert baseline"),
        (["check", "--baseline", "other.json"], "other.json is not a pyexpert baseline (version"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str],
    fragment: str, tmp_path: Path,
) -> None:
    (tmp_path / "corrupt.json").write_text('{"version": 1, "entries": [', encoding="utf-8")
    (tmp_path / "other.json").write_text('{"version": 7, "entries": []}', encoding="utf-8")
    for name in ("corrupt.json", "other.json"):
        shutil.copy(tmp_path / name, project / name)
    status, out, err = _check(project, monkeypatch, capsys, *args)
    assert status == 2
    assert out == ""
    assert fragment in err
    assert len([line for line in err.splitlines() if line.startswith("pyexpert")]) == 1


def test_mypy_without_the_plugin_is_a_configuration_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path, mypy_ini="[mypy]\nstrict = true\n")
    status, out, err = _check(root, monkeypatch, capsys, "check")
    assert (status, out) == (2, "")
    assert err.splitlines() == [
        "pyexpert: error: mypy does not load the pyexpert plugin in mypy.ini: add `plugins = mypy_pyexpert` "
        "to the [mypy] section (pyproject.toml: `plugins = [\"mypy_pyexpert\"]` under [tool.mypy])"
    ]


def test_a_tool_that_fails_exits_2_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path, app="def broken(:\n    pass\n")
    (root / "setup.cfg").write_text("[flake8]\nselect = PX\n", encoding="utf-8")  # E999 is not PX
    status, out, err = _check(root, monkeypatch, capsys, "check")
    assert (status, out) == (2, "")
    (line,) = err.splitlines()
    assert line.startswith("pyexpert: error: mypy failed (exit status 2): app.py:1: error: ")


# -- progress ------------------------------------------------------------------------------------


def _cli(cwd: Path, *args: str, stderr: int) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pyexpert_core", *args]
    return subprocess.run(command, cwd=cwd, text=True, check=False, stdout=subprocess.PIPE, stderr=stderr)


def test_no_progress_goes_to_a_pipe(project: Path) -> None:
    proc = _cli(project, "check", stderr=subprocess.PIPE)
    assert proc.returncode == 1
    assert proc.stderr == ""


def test_progress_goes_to_a_terminal(project: Path) -> None:
    leader, follower = pty.openpty()
    try:
        proc = _cli(project, "check", stderr=follower)
        os.close(follower)
        follower = -1
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        if follower >= 0:
            os.close(follower)
        os.close(leader)
    shown = b"".join(chunks).decode()
    assert proc.returncode == 1
    assert "pyexpert: checking 1 file (" in shown
    assert shown.endswith("\r\x1b[K")  # erased
    assert proc.stdout.endswith("Found 2 findings.\n")


# -- baseline ------------------------------------------------------------------------------------

_TWO_SITES: Final = '''\
from typing import Any


def handle(payload: dict[str, Any]) -> None:
    print(payload)


def summary(user_id: int, email: str):
    return {"id": user_id, "email": email}


def again(user_id: int, email: str):
    return {"id": user_id, "email": email}
'''


def test_baseline_round_trip_survives_shifted_lines_and_catches_new_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path, app=_TWO_SITES)
    status, out, _ = _check(root, monkeypatch, capsys, "baseline", "pyexpert-baseline.json")
    assert (status, out) == (0, "wrote 3 entries to pyexpert-baseline.json (3 added, 0 removed)\n")
    written = (root / "pyexpert-baseline.json").read_text(encoding="utf-8")
    baseline = Baseline.model_validate_json(written)
    assert written == baseline.dump() and written.endswith("}\n")
    assert [(e.code, e.path, e.line, e.occurrence) for e in baseline.entries] == [
        ("PX101", "app.py", "def handle(payload: dict[str, Any]) -> None:", 0),
        ("PX104", "app.py", 'return {"id": user_id, "email": email}', 0),
        ("PX104", "app.py", 'return {"id": user_id, "email": email}', 1),
    ]
    assert _check(root, monkeypatch, capsys, "check", "--baseline", "pyexpert-baseline.json")[:2] == (
        0,
        "Found 0 new findings (3 in the baseline).\n",
    )

    # an edit elsewhere shifts every line, and re-indents one: nothing comes back
    shifted = '"""A docstring."""\n\nimport os\n\n' + _TWO_SITES.replace("    return {", "    return  {", 1)
    (root / "app.py").write_text(shifted, encoding="utf-8")
    assert _check(root, monkeypatch, capsys, "check", "--baseline", "pyexpert-baseline.json")[0] == 0

    # a new finding in the same file, and a third copy of an accepted line, are reported
    grown = shifted + (
        "\n\ndef third(user_id: int, email: str):\n    return {\"id\": user_id, \"email\": email}\n"
        "\n\ndef more(data: dict[str, object]) -> None:\n    print(data, os.sep)\n"
    )
    (root / "app.py").write_text(grown, encoding="utf-8")
    status, out, _ = _check(root, monkeypatch, capsys, "check", "--baseline", "pyexpert-baseline.json")
    assert status == 1
    assert [line.split(" [")[0] for line in out.splitlines()[:-1]] == ["app.py:21:12: PX104", "app.py:24:10: PX101"]
    assert out.splitlines()[-1] == "Found 2 new findings (3 in the baseline)."

    # fixed findings leave the baseline when it is rewritten
    fixed = grown.replace("payload: dict[str, Any]", "payload: int")
    (root / "app.py").write_text(fixed, encoding="utf-8")
    status, out, _ = _check(root, monkeypatch, capsys, "baseline", "pyexpert-baseline.json")
    assert out == "wrote 4 entries to pyexpert-baseline.json (2 added, 1 removed)\n"
    rewritten = Baseline.read(root / "pyexpert-baseline.json")
    assert "PX101" in {e.code for e in rewritten.entries}  # the new one, data: dict[str, object]
    assert all("payload" not in e.line for e in rewritten.entries)
    assert _check(root, monkeypatch, capsys, "check", "--baseline", "pyexpert-baseline.json")[0] == 0


# -- one suppression syntax ----------------------------------------------------------------------


def test_noqa_suppresses_a_mypy_side_finding_under_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    app = _APP.replace("dict[str, Any]) -> None:", "dict[str, Any]) -> None:  # noqa: PX101")
    app = app.replace('"email": email}', '"email": email}  # noqa: PX999')
    root = _project(tmp_path, app=app)
    status, out, _ = _check(root, monkeypatch, capsys, "check", "--format", "json")
    assert status == 1
    assert [(f.code, f.line) for f in _json_findings(out)] == [("PX104", 9)]


# -- the example service: the union of both tools, each once -------------------------------------


def _key(finding: ToolFinding, base: Path) -> tuple[str, int, int, str]:
    return (Path(finding.path).relative_to(base).as_posix(), finding.line, finding.col, finding.code)


def test_the_example_service_is_the_union_of_flake8_and_mypy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    examples = tmp_path / "examples"
    shutil.copytree(EXAMPLES / "service", examples / "service")
    for name in ("setup.cfg", "mypy.ini"):
        shutil.copy(EXAMPLES / name, examples / name)
    flake8 = run_flake8([examples / "service"], cwd=examples)
    # the default cache of examples/, which the check's own mypy run then reads (a warm run: the
    # cached mode reports what a cold run does, and the test takes half the time)
    mypy = run_mypy([examples / "service"], cwd=examples, config_file=examples / "mypy.ini").findings
    expected = sorted(_key(f, examples) for f in [*flake8, *mypy] if f.code.startswith("PX"))
    assert len(expected) == len(set(expected))
    status, out, _ = _check(examples, monkeypatch, capsys, "check", "--format", "json", "service")
    assert status == 1
    reported = [(f.path, f.line, f.column, f.code) for f in _json_findings(out)]
    assert reported == expected
    assert {f.code for f in flake8} and {f.code for f in mypy if f.code.startswith("PX")}


# -- merging and the halves' own failures ----------------------------------------------------------


def test_the_same_finding_from_both_halves_is_reported_once() -> None:
    def finding(tool: Tool, line: int, code: str = "PX101") -> Finding:
        return Finding(path="a.py", line=line, column=5, code=code, name="raw-dict-param", message="m", tool=tool)

    flake8 = [finding(Tool.FLAKE8, 9), finding(Tool.FLAKE8, 2)]
    mypy = [finding(Tool.MYPY, 2), finding(Tool.MYPY, 2, "PX102")]
    assert [(f.line, f.code, f.tool) for f in merge(flake8, mypy)] == [
        (2, "PX101", Tool.FLAKE8),
        (2, "PX102", Tool.MYPY),
        (9, "PX101", Tool.FLAKE8),
    ]


def test_mypy_columns_are_made_1_based_and_notes_dropped() -> None:
    output = "\n".join(
        json.dumps(item)
        for item in (
            {"file": "a.py", "line": 3, "column": 0, "message": "m", "code": "pyexpert-raw-dict-param",
             "severity": "error"},
            {"file": "a.py", "line": 3, "column": 4, "message": "n", "code": None, "severity": "note"},
            {"file": "a.py", "line": 4, "column": -1, "message": "e", "code": None, "severity": "error"},
        )
    )
    assert [(f.code, f.column) for f in parse_mypy(output, with_mypy_errors=True)] == [("PX101", 1), ("mypy:misc", 1)]
    assert [f.code for f in parse_mypy(output, with_mypy_errors=False)] == ["PX101"]


def test_without_mypy_check_says_how_to_install_it(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "mypy.config_parser", None)  # import fails as if not installed
    status, out, err = _check(project, monkeypatch, capsys, "check")
    assert (status, out) == (2, "")
    assert err == (
        "pyexpert: error: mypy is not installed: install the mypy side with `pip install 'flake8-pyexpert[mypy]'`\n"
    )


def test_flake8_extra_lines_are_skipped_but_unreadable_output_is_an_error() -> None:
    row = "\x1f".join(("./app.py", "9", "12", "PX104", "PX104 'summary' returns a dict literal"))
    other = "\x1f".join(("app.py", "1", "80", "E501", "E501 line too long"))
    findings = parse_flake8(f"{row}\n{other}\n\n1     E501 line too long\n1     PX104 'summary' returns\n")
    assert [(f.path, f.line, f.column, f.code, f.name, f.message) for f in findings] == [
        ("app.py", 9, 12, "PX104", "dict-record-literal", "'summary' returns a dict literal")
    ]
    with pytest.raises(CheckError, match="a `quiet` setting"):
        parse_flake8("./app.py\n")


def test_baseline_rewrites_a_corrupt_file(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "baseline.json"
    target.write_text("not json", encoding="utf-8")
    status, out, err = _check(project, monkeypatch, capsys, "baseline", str(target))
    assert (status, err) == (0, "")
    assert out == f"wrote 2 entries to {target} (2 added, 0 removed)\n"
    assert [entry.code for entry in Baseline.read(target).entries] == ["PX101", "PX104"]

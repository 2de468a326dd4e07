#!/usr/bin/env bash
# Run both pyexpert plugins, through the real flake8 and the real mypy, over the
# example service and show what they find. Findings are the point: this exits 0
# when both tools ran and reported something, and non-zero when a tool crashed,
# rejected its configuration, or found nothing (a sign the plugins did not load).
#
# Usage: bash examples/demo.sh [BIN_DIR]   (BIN_DIR holds flake8 and mypy; default: PATH)
set -uo pipefail

bin="${1:-}"
if [ -n "$bin" ]; then
    bin="$(cd "$bin" && pwd)"
fi
cd "$(dirname "$0")"
flake8="${bin:+$bin/}flake8"
mypy="${bin:+$bin/}mypy"
errors="$(mktemp -d)"
trap 'rm -rf "$errors"' EXIT

echo "== flake8 (examples/setup.cfg: flake8's defaults + PX) =="
flake8_out="$("$flake8" 2>"$errors/flake8")"
flake8_rc=$?
printf '%s\n' "$flake8_out"

echo
echo "== mypy (examples/mypy.ini: strict, pydantic.mypy + mypy_pyexpert) =="
mypy_out="$("$mypy" 2>"$errors/mypy")"
mypy_rc=$?
printf '%s\n' "$mypy_out"

status=0
if [ "$flake8_rc" -gt 1 ] || [ -s "$errors/flake8" ]; then
    echo "demo: flake8 failed (exit $flake8_rc):" >&2
    cat "$errors/flake8" >&2
    status=2
fi
if [ "$mypy_rc" -gt 1 ] || [ -s "$errors/mypy" ]; then
    echo "demo: mypy failed (exit $mypy_rc):" >&2
    cat "$errors/mypy" >&2
    status=2
fi

px_flake8=$(printf '%s\n' "$flake8_out" | grep -c ': PX[0-9]' || true)
px_mypy=$(printf '%s\n' "$mypy_out" | grep -c '\[pyexpert-' || true)
echo
echo "== summary: $px_flake8 flake8 PX finding(s), $px_mypy mypy pyexpert finding(s) =="
echo "Every one is marked '# expect: PXnnn' on its line; examples/README.md explains them."
if [ "$status" -eq 0 ] && { [ "$px_flake8" -eq 0 ] || [ "$px_mypy" -eq 0 ]; }; then
    echo "demo: a tool reported no pyexpert finding: is the plugin installed?" >&2
    status=1
fi
exit "$status"

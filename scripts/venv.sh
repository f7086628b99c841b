#!/usr/bin/env bash
# Creates .venv and installs yomitori into it (editable), with extras if given:
#   scripts/venv.sh            the service
#   scripts/venv.sh test       plus the test tools
# Quick when nothing changed: pip runs only when pyproject.toml is newer than the stamp.
set -euo pipefail
cd "$(dirname "$0")/.."
extra="${1:-}"
PY="${PYTHON:-python3.11}"
command -v "$PY" >/dev/null || PY=python3
[[ -x .venv/bin/python ]] || "$PY" -m venv .venv
stamp=".venv/.installed${extra:+-$extra}"
if [[ ! -f "$stamp" || pyproject.toml -nt "$stamp" ]]; then
    .venv/bin/python -m pip install -q --upgrade pip >&2
    .venv/bin/python -m pip install -q -e ".${extra:+[$extra]}" >&2
    touch "$stamp"
fi

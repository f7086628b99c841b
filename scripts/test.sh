#!/usr/bin/env bash
# Installs what the tests need and runs the whole test suite. Extra arguments go to
# pytest (e.g. `scripts/test.sh -k extract`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/system-packages.sh --test
scripts/venv.sh test
exec .venv/bin/python -m pytest "$@"

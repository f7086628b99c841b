#!/usr/bin/env bash
# Quick start: install what the service needs, ingest the sample scans (once) and
# serve on http://127.0.0.1:8000 in the foreground. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/system-packages.sh
scripts/venv.sh
.venv/bin/yomitori db upgrade
.venv/bin/yomitori ingest samples/ || true   # already-stored samples are skipped
exec .venv/bin/yomitori serve "$@"

#!/usr/bin/env bash
# The one list of system packages. The README's commands, CI and docker/ all call
# this script, so the lists cannot drift apart. Installs only what is missing.
#   scripts/system-packages.sh          what the service needs
#   scripts/system-packages.sh --test   plus what the tests need
set -euo pipefail

RUNTIME=(tesseract-ocr tesseract-ocr-jpn tesseract-ocr-jpn-vert tesseract-ocr-eng
         tesseract-ocr-osd poppler-utils python3-venv)
TEST=(fonts-ipafont-gothic fonts-ipafont-mincho fonts-dejavu-core redis-server postgresql
      chromium)

want=("${RUNTIME[@]}")
[[ "${1:-}" == "--test" ]] && want+=("${TEST[@]}")

missing=()
for pkg in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

SUDO=""
[[ $(id -u) -ne 0 ]] && SUDO="sudo"
echo "installing system packages: ${missing[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >&2

#!/usr/bin/env bash
# Runs every test: sets up what is missing (Debian packages, the Python venv), builds, runs the Swift suites,
# then drives the built binary with the real Azure SDK over HTTPS.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
dpkg -s libsqlite3-dev >/dev/null 2>&1 || need+=(libsqlite3-dev)
python3 -c "import venv, ensurepip" >/dev/null 2>&1 || need+=(python3-venv)
if ((${#need[@]})); then
    echo "== installing Debian packages: ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi

echo "== Python venv for the client tests (.venv)"
if [[ ! -x .venv/bin/python ]]; then python3 -m venv .venv; fi
.venv/bin/pip install -q --disable-pip-version-check -r tests/blackbox/requirements.txt

echo "== swift build"
swift build --build-tests

echo "== swift test (Swift Testing suites)"
swift test --skip-build

echo "== black-box suite: the real Azure SDK against the built binary"
GALLERYRP_BINARY="$(swift build --show-bin-path)/galleryrp" .venv/bin/python -m pytest -v -rA tests/blackbox

#!/usr/bin/env bash
# Runs every test: sets up what is missing (Debian packages, the Python venvs), builds, runs the Swift suites,
# drives the built binary with the real Azure SDK and Azure CLI over HTTPS, then fuzzes it with schemathesis.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
dpkg -s libsqlite3-dev >/dev/null 2>&1 || need+=(libsqlite3-dev)
command -v curl >/dev/null 2>&1 || need+=(curl)
python3 -c "import venv, ensurepip" >/dev/null 2>&1 || need+=(python3-venv)
if ((${#need[@]})); then
    echo "== installing Debian packages: ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi

venv() {  # venv DIR REQUIREMENTS: create DIR if missing and install REQUIREMENTS into it
    [[ -x "$1/bin/python" ]] || python3 -m venv "$1"
    "$1/bin/pip" install -q --disable-pip-version-check -r "$2"
}
echo "== Python venvs: .venv (Azure SDK), .venv-cli (Azure CLI), .venv-fuzz (schemathesis)"
venv .venv tests/blackbox/requirements.txt
venv .venv-cli tests/blackbox/requirements-cli.txt
venv .venv-fuzz tests/fuzz/requirements.txt

echo "== swift build"
swift build --build-tests
binary="$(swift build --show-bin-path)/galleryrp"

echo "== swift test (Swift Testing suites)"
swift test --skip-build

echo "== schemathesis against the official Swagger (Galleries_*, GalleryImages_*)"
tests/fuzz/run.sh "$binary" .venv-fuzz

echo "== black-box suites: the real Azure SDK and Azure CLI against the built binary"
GALLERYRP_BINARY="$binary" AZ_BINARY="$PWD/.venv-cli/bin/az" .venv/bin/python -m pytest -v -rA tests/blackbox

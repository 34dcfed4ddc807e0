#!/usr/bin/env bash
# Runs every test: sets up what is missing (Debian packages, the Python venvs), builds, runs the Swift suites,
# drives the built binary with the real Azure SDK and Azure CLI over HTTPS, then fuzzes it with schemathesis.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
dpkg -s libsqlite3-dev >/dev/null 2>&1 || need+=(libsqlite3-dev)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v haproxy >/dev/null 2>&1 || [[ -x /usr/sbin/haproxy ]] || need+=(haproxy)
command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
python3 -c "import venv, ensurepip" >/dev/null 2>&1 || need+=(python3-venv)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
if ((${#need[@]})); then
    echo "== installing Debian packages: ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi

venv() {  # venv DIR REQUIREMENTS: create DIR if missing and install REQUIREMENTS into it
    [[ -x "$1/bin/python" ]] || python3 -m venv "$1"
    "$1/bin/pip" install -q --disable-pip-version-check -r "$2"
}
echo "== Python venvs: .venv (Azure SDK), .venv-cli (Azure CLI), .venv-legacy (Track-1 SDK), .venv-fuzz (schemathesis)"
venv .venv tests/blackbox/requirements.txt
venv .venv-cli tests/blackbox/requirements-cli.txt
venv .venv-legacy tests/blackbox/requirements-legacy.txt
venv .venv-fuzz tests/fuzz/requirements.txt

echo "== swift format lint (the tree stays formatted with .swift-format)"
swift format lint --strict --recursive Sources Tests Package.swift

echo "== swift build"
swift build --build-tests
binary="$(swift build --show-bin-path)/galleryrp"

echo "== PostgreSQL 15 for the storage contract suite (temporary directory, 127.0.0.1)"
pgdir="$(mktemp -d)/pg"
pgport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export GALLERYRP_TEST_POSTGRES_URL="$(scripts/postgres-test-server.sh start "$pgdir" "$pgport")"
trap 'scripts/postgres-test-server.sh stop "$pgdir"' EXIT

echo "== swift test (Swift Testing suites; storage contract on memory, SQLite and PostgreSQL)"
swift test --skip-build

echo "== schemathesis against the official Swagger (Galleries_*, GalleryImages_*, GalleryImageVersions_*)"
tests/fuzz/run.sh "$binary" .venv-fuzz

echo "== black-box suites: the real Azure SDK and Azure CLI against the built binary; cluster and crash tests"
GALLERYRP_BINARY="$binary" AZ_BINARY="$PWD/.venv-cli/bin/az" LEGACY_PYTHON="$PWD/.venv-legacy/bin/python" .venv/bin/python -m pytest -v -rA tests/blackbox

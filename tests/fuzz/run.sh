#!/usr/bin/env bash
# Fuzzes the built binary with schemathesis against the official Swagger and prints the request count and results.
# Usage: tests/fuzz/run.sh <galleryrp binary> <schemathesis venv>
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
binary="$(realpath "$1")"; venv="$(realpath "$2")"
spec="$here/../../spec/azure-rest-api-specs/Microsoft.Compute/GalleryRP/stable/2023-07-03/gallery.json"
data="$(mktemp -d)"; port=$((20000 + RANDOM % 20000))
"$binary" --port "$port" --data-dir "$data" --in-memory --operation-duration 0 > "$data/server.log" 2>&1 &
pid=$!; trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf --cacert "$data/ca.pem" "https://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
export FUZZ_SUBSCRIPTION="5b5b5b5b-0000-4000-8000-000000000001"
base="https://127.0.0.1:$port/subscriptions/$FUZZ_SUBSCRIPTION/resourceGroups/fuzz-rg"
auth="Authorization: Bearer fuzz-token"
curl -sf --cacert "$data/ca.pem" -H "$auth" -X PUT -H 'Content-Type: application/json' -d '{"location":"westus"}' "$base?api-version=2024-11-01" >/dev/null
curl -sf --cacert "$data/ca.pem" -H "$auth" -X PUT -H 'Content-Type: application/json' -d '{"location":"westus"}' \
    "$base/providers/Microsoft.Compute/galleries/fuzzgallery?api-version=2023-07-03" >/dev/null
# The image definition the GalleryImageVersions_* operations publish into (pinned in schemathesis.toml).
curl -sf --cacert "$data/ca.pem" -H "$auth" -X PUT -H 'Content-Type: application/json' \
    -d '{"location":"westus","properties":{"osType":"Windows","osState":"Generalized","hyperVGeneration":"V1","identifier":{"publisher":"fuzz","offer":"fuzz","sku":"fuzz"}}}' \
    "$base/providers/Microsoft.Compute/galleries/fuzzgallery/images/fuzzimage?api-version=2023-07-03" >/dev/null
# A version in it (from a managed image, which the service accepts without holding it), pinned for the
# CreateOrUpdate / Update / Get operations so that generated bodies reach the version rules instead of the name rule.
curl -sf --cacert "$data/ca.pem" -H "$auth" -X PUT -H 'Content-Type: application/json' \
    -d "{\"location\":\"westus\",\"properties\":{\"storageProfile\":{\"source\":{\"id\":\"/subscriptions/$FUZZ_SUBSCRIPTION/resourceGroups/fuzz-rg/providers/Microsoft.Compute/images/fuzz-managed-image\"}}}}" \
    "$base/providers/Microsoft.Compute/galleries/fuzzgallery/images/fuzzimage/versions/1.0.0?api-version=2023-07-03" >/dev/null
set +e
# Run from the temporary directory: schemathesis keeps its cache (.schemathesis/) in the working directory.
cd "$data"
"$venv/bin/st" --config-file "$here/schemathesis.toml" run "$spec" --url "https://127.0.0.1:$port" --tls-verify "$data/ca.pem" \
    -H "$auth" --include-operation-id-regex '^(Galleries|GalleryImages|GalleryImageVersions)_' \
    --checks not_a_server_error,status_code_conformance,response_schema_conformance,response_headers_conformance,use_after_free,ensure_resource_availability --workers 2 --seed 1 \
    --report har --report-dir "$data/report" 2>&1 | tee "$data/st.txt"
status=${PIPESTATUS[0]}
set -e
summary=$(python3 - "$data"/report/har-*.json <<'PY'
import collections, json, sys
entries = [e for f in sys.argv[1:] for e in json.load(open(f))["log"]["entries"]]
statuses = collections.Counter(e["response"]["status"] for e in entries)
print(f"{len(entries)} requests sent, statuses {dict(sorted(statuses.items()))}, 5xx: {sum(v for k, v in statuses.items() if k >= 500)}")
PY
)
echo "schemathesis: $(grep -E 'generated' "$data/st.txt" | tail -1 | xargs); $summary; exit status $status"
exit "$status"

"""The control plane (/_galleryrp/…, /metrics) as a test suite uses it, against the built binary over HTTPS: fault
rules the real Azure SDK runs into, reset, state export and import (over HTTP and offline), the request journal, ARM's
throttling, admin access and metrics. The README's "Testing with GalleryRP" example is test_readme_example.py."""
import json
import os
import re
import socket
import subprocess
import tempfile
import time
import uuid

import pytest
import requests
from azure.core.credentials import AccessToken
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.mgmt.compute import ComputeManagementClient
from azure.mgmt.compute import models
from azure.mgmt.resource.resources import ResourceManagementClient

from conftest import BINARY, Server

SUBSCRIPTION = "00000000-1111-2222-3333-444444444444"
BENCH_SUB = "5b5b5b5b-0000-4000-8000-000000000001"  # the subscription `galleryrp load` writes into
COMPUTE_API = "2023-07-03"
GROUPS_API = "2024-11-01"
AUTH = {"Authorization": "Bearer galleryrp-test-token"}
ADMIN_TOKEN = "control-plane-test-token-0123456789"


class StaticCredential:
    def get_token(self, *scopes, **kwargs):
        return AccessToken("galleryrp-test-token", int(time.time()) + 3600)


def clients(server, **options):
    common = dict(base_url=server.url, connection_verify=server.ca, polling_interval=1, **options)
    return (ComputeManagementClient(StaticCredential(), SUBSCRIPTION, **common),
            ResourceManagementClient(StaticCredential(), SUBSCRIPTION, **common))


def image_body(sku: str = "mySku") -> models.GalleryImage:
    return models.GalleryImage(location="westus", properties=models.GalleryImageProperties(
        os_type="Linux", os_state="Generalized", hyper_v_generation="V2",
        identifier=models.GalleryImageIdentifier(publisher="myPublisher", offer="myOffer", sku=sku)))


def control(server, method: str, path: str, token: str | None = None, **kwargs) -> requests.Response:
    """A control-plane call: `path` under the base URL (`/_galleryrp/reset`, `/metrics`)."""
    headers = {**kwargs.pop("headers", {}), **({"Authorization": f"Bearer {token}"} if token else {})}
    return requests.request(method, f"{server.url}{path}", headers=headers, verify=server.ca, timeout=60, **kwargs)


def journal(server, **params) -> list[dict]:
    response = control(server, "GET", "/_galleryrp/requests", params=params)
    assert response.status_code == 200, response.text
    return response.json()["value"]


def add_fault(server, rule: dict) -> dict:
    response = control(server, "POST", "/_galleryrp/faults", json=rule)
    assert response.status_code == 201, response.text
    return response.json()


def arm(server, method: str, path: str, body=None, api_version: str = COMPUTE_API, session=None) -> requests.Response:
    separator = "&" if "?" in path else "?"
    return (session or requests).request(method, f"{server.url}{path}{separator}api-version={api_version}", json=body,
                                         headers=AUTH, verify=server.ca, timeout=60)


def put_and_wait(server, path: str, body: dict, api_version: str = COMPUTE_API) -> dict:
    """PUT, then poll the Azure-AsyncOperation URL (when there is one) until the operation ends; the resource's GET."""
    response = arm(server, "PUT", path, body, api_version)
    assert response.status_code in (200, 201), response.text
    status_url = response.headers.get("Azure-AsyncOperation")
    deadline = time.time() + 20
    while status_url:
        status = requests.get(status_url, headers=AUTH, verify=server.ca, timeout=60).json()["status"]
        if status != "InProgress":
            assert status == "Succeeded", status
            break
        assert time.time() < deadline
        time.sleep(0.05)
    return arm(server, "GET", path, api_version=api_version).json()


def group_path(rg: str) -> str:
    return f"/subscriptions/{SUBSCRIPTION}/resourcegroups/{rg}"


def gallery_path(rg: str, gallery: str) -> str:
    return f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{rg}/providers/Microsoft.Compute/galleries/{gallery}"


def metrics(server) -> dict[str, float]:
    """`/metrics` as {'name{labels}': value}."""
    response = control(server, "GET", "/metrics")
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("text/plain")
    samples = {}
    for line in response.text.splitlines():
        if line and not line.startswith("#"):
            name, value = line.rsplit(" ", 1)
            samples[name] = float(value)
    return samples


# 1. Fault rules the SDK's poller runs into ------------------------------------------------------------------------

@pytest.mark.parametrize("outcome", ["Failed", "Canceled"])
def test_operation_fault_rule_ends_the_sdk_poller_with_the_chosen_error(server, outcome):
    compute, resources = clients(server)
    resources.resource_groups.create_or_update("rg", {"location": "westus"})
    compute.galleries.begin_create_or_update("rg", "gallery", models.Gallery(location="westus")).result()
    effect = ({"kind": "operation", "outcome": "Failed", "code": "InternalOperationError", "message": "Replication broke in the test."}
              if outcome == "Failed" else {"kind": "operation", "outcome": "Canceled"})
    rule = add_fault(server, {"match": {"method": "PUT", "resourceType": "Microsoft.Compute/galleries/images"}, "count": 1, "effect": effect})
    assert rule["id"] and rule["count"] == 1 and rule["hits"] == 0

    poller = compute.gallery_images.begin_create_or_update("rg", "gallery", "broken", image_body("broken"))
    with pytest.raises(HttpResponseError) as failed:
        poller.result()
    print(f"{outcome}: the SDK raised {type(failed.value).__name__}: {failed.value.message!r}")
    if outcome == "Failed":
        assert "InternalOperationError" in failed.value.message
        assert "Replication broke in the test." in failed.value.message
    else:
        assert "OperationCanceled" in failed.value.message
    assert poller.status() == outcome
    assert compute.gallery_images.get("rg", "gallery", "broken").provisioning_state == outcome

    listed = control(server, "GET", "/_galleryrp/faults").json()["value"]
    assert [(r["id"], r["count"], r["hits"]) for r in listed] == [(rule["id"], 0, 1)], "a used-up rule stays listed with count 0"
    fine = compute.gallery_images.begin_create_or_update("rg", "gallery", "fine", image_body("fine")).result()
    assert fine.provisioning_state == "Succeeded", "count 1: the next image is not touched"

    assert control(server, "DELETE", f"/_galleryrp/faults/{rule['id']}").status_code == 204
    missing = control(server, "DELETE", f"/_galleryrp/faults/{rule['id']}")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "FaultRuleNotFound"


def test_invalid_fault_rule_is_refused_naming_the_member(server):
    response = control(server, "POST", "/_galleryrp/faults", json={"effect": {"kind": "error", "status": 200}})
    print(response.json())
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "InvalidFaultRule"
    assert response.json()["error"]["target"] == "effect.status"
    assert control(server, "GET", "/_galleryrp/faults").json()["value"] == []


def test_in_progress_rule_holds_the_sdk_poller_for_n_polls(server_factory):
    server = server_factory("--operation-duration", "0", "--journal-bodies")
    compute, resources = clients(server)
    resources.resource_groups.create_or_update("rg", {"location": "westus"})
    add_fault(server, {"match": {"method": "PUT", "resourceType": "Microsoft.Compute/galleries", "name": "slow"}, "count": 1,
                       "effect": {"kind": "operation", "outcome": "InProgress", "polls": 2}})
    started = time.time()
    gallery = compute.galleries.begin_create_or_update("rg", "slow", models.Gallery(location="westus")).result()
    seconds = time.time() - started
    polls = [json.loads(e["responseBody"])["status"] for e in journal(server) if "/capsOperations/" in e["uri"]]
    print(f"the poller saw {polls} in {seconds:.2f} s")
    assert gallery.provisioning_state == "Succeeded"
    assert polls == ["InProgress", "InProgress", "Succeeded"]
    assert seconds >= 1.9, "each InProgress answer (Retry-After: 1) makes the poller wait a second"


def test_canceled_delete_leaves_the_resource(server):
    compute, resources = clients(server)
    resources.resource_groups.create_or_update("rg", {"location": "westus"})
    compute.galleries.begin_create_or_update("rg", "kept", models.Gallery(location="westus")).result()
    add_fault(server, {"match": {"method": "DELETE", "resourceType": "Microsoft.Compute/galleries"}, "count": 1,
                       "effect": {"kind": "operation", "outcome": "Canceled"}})
    with pytest.raises(HttpResponseError) as canceled:
        compute.galleries.begin_delete("rg", "kept").result()
    kept = compute.galleries.get("rg", "kept")
    print(f"canceled delete: {canceled.value.message!r}; the gallery is {kept.provisioning_state}")
    assert "OperationCanceled" in canceled.value.message
    assert kept.provisioning_state == "Canceled"
    compute.galleries.begin_delete("rg", "kept").result()
    with pytest.raises(ResourceNotFoundError):
        compute.galleries.get("rg", "kept")


def test_latency_rule_delays_and_probability_zero_never_applies(server):
    compute, resources = clients(server)
    resources.resource_groups.create_or_update("rg", {"location": "westus"})
    compute.galleries.begin_create_or_update("rg", "g", models.Gallery(location="westus")).result()
    never = add_fault(server, {"match": {"method": "GET"}, "probability": 0, "effect": {"kind": "error", "status": 500}})
    add_fault(server, {"match": {"method": "GET", "resourceType": "Microsoft.Compute/galleries"}, "count": 1,
                       "effect": {"kind": "latency", "milliseconds": 400}})
    started = time.time()
    compute.galleries.get("rg", "g")
    slow = time.time() - started
    started = time.time()
    compute.galleries.get("rg", "g")
    fast = time.time() - started
    gets = [e for e in journal(server) if e["method"] == "GET" and e["uri"].split("?")[0].endswith("/galleries/g")][-2:]
    print(f"GET with the latency rule {slow * 1000:.0f} ms, without {fast * 1000:.0f} ms; journal durations {[g['durationMs'] for g in gets]}")
    assert slow >= 0.4 and fast < 0.4
    assert gets[0]["durationMs"] >= 400 and gets[1]["durationMs"] < 400
    rules = {r["id"]: r for r in control(server, "GET", "/_galleryrp/faults").json()["value"]}
    assert rules[never["id"]]["hits"] == 0
    assert control(server, "DELETE", "/_galleryrp/faults").json() == {"removed": 2}
    assert control(server, "GET", "/_galleryrp/health").json()["controlPlane"]["faultRules"] == 0


# 2. 429 rules and the SDK's retry policy --------------------------------------------------------------------------

def gallery_puts(server, gallery: str) -> list[int]:
    return [e["status"] for e in journal(server) if e["method"] == "PUT" and e["uri"].split("?")[0].endswith(f"/galleries/{gallery}")]


def test_429_rule_is_retried_by_the_sdk_which_then_succeeds(server):
    compute, resources = clients(server)
    resources.resource_groups.create_or_update("rg", {"location": "westus"})
    add_fault(server, {"match": {"method": "PUT", "resourceType": "Microsoft.Compute/galleries"}, "count": 2,
                       "effect": {"kind": "error", "status": 429, "retryAfter": 1}})
    started = time.time()
    poller = compute.galleries.begin_create_or_update("rg", "retried", models.Gallery(location="westus"))
    initial_seconds = time.time() - started
    assert poller.result().provisioning_state == "Succeeded"
    statuses = gallery_puts(server, "retried")
    print(f"the PUT took {initial_seconds:.2f} s through {statuses}")
    assert statuses == [429, 429, 201]
    assert 1.9 <= initial_seconds < 6, "two Retry-After: 1 waits"
    samples = metrics(server)
    assert samples['galleryrp_faults_applied_total{effect="error"}'] == 2


def test_429_rule_beyond_the_sdk_retries_surfaces_as_429(server):
    compute, resources = clients(server)
    resources.resource_groups.create_or_update("rg", {"location": "westus"})
    rule = add_fault(server, {"match": {"method": "PUT", "resourceType": "Microsoft.Compute/galleries", "name": "give*"}, "count": 5,
                              "effect": {"kind": "error", "status": 429, "code": "TooManyRequests", "message": "Slow down (test)."}})
    assert rule["effect"]["retryAfter"] == 1, "a 429 rule answers Retry-After: 1 unless told"
    started = time.time()
    with pytest.raises(HttpResponseError) as gave_up:
        compute.galleries.begin_create_or_update("rg", "giveup", models.Gallery(location="westus"))
    seconds = time.time() - started
    statuses = gallery_puts(server, "giveup")
    print(f"the SDK gave up after {len(statuses)} attempts {statuses} in {seconds:.2f} s: {gave_up.value.message!r}")
    assert gave_up.value.status_code == 429
    assert gave_up.value.error.code == "TooManyRequests"
    assert statuses == [429, 429, 429, 429], "azure-core's RetryPolicy: 1 attempt + 3 status retries"
    assert [r["count"] for r in control(server, "GET", "/_galleryrp/faults").json()["value"]] == [1]
    with pytest.raises(ResourceNotFoundError):
        compute.galleries.get("rg", "giveup")
    # The rule's name pattern leaves other galleries alone.
    assert compute.galleries.begin_create_or_update("rg", "other", models.Gallery(location="westus")).result().provisioning_state == "Succeeded"


# 4. Export, reset, import -----------------------------------------------------------------------------------------

READ_PATHS = [
    group_path("stateRg"),
    f"/subscriptions/{SUBSCRIPTION}/resourcegroups",
    gallery_path("stateRg", "stateGallery"),
    f"/subscriptions/{SUBSCRIPTION}/providers/Microsoft.Compute/galleries",
    f"/subscriptions/{SUBSCRIPTION}/resourceGroups/stateRg/providers/Microsoft.Compute/galleries",
    gallery_path("stateRg", "stateGallery") + "/images/img",
    gallery_path("stateRg", "stateGallery") + "/images",
    gallery_path("stateRg", "stateGallery") + "/images/img/versions/1.0.0",
    gallery_path("stateRg", "stateGallery") + "/images/img/versions/1.0.0?$expand=ReplicationStatus",
    gallery_path("stateRg", "stateGallery") + "/images/img/versions/2.0.0",
    gallery_path("stateRg", "stateGallery") + "/images/img/versions",
]


RESOURCE_PATHS = [p for p in READ_PATHS if p.rsplit("/", 2)[-2] in ("resourcegroups", "galleries", "images", "versions") and "$" not in p]
SUBSCRIPTION_LISTS = [f"/subscriptions/{SUBSCRIPTION}/resourcegroups", f"/subscriptions/{SUBSCRIPTION}/providers/Microsoft.Compute/galleries"]


def build_state(server):
    """A group, a tagged gallery, an image and two image versions (one with two regions)."""
    put_and_wait(server, group_path("stateRg"), {"location": "westus", "tags": {"team": "qa"}}, GROUPS_API)
    put_and_wait(server, gallery_path("stateRg", "stateGallery"),
                 {"location": "westus", "tags": {"env": "test", "owner": "me"}, "properties": {"description": "exported"}})
    put_and_wait(server, gallery_path("stateRg", "stateGallery") + "/images/img", {"location": "westus", "properties": {
        "osType": "Windows", "osState": "Generalized", "hyperVGeneration": "V1",
        "identifier": {"publisher": "pub", "offer": "offer", "sku": "sku"}}})
    source = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/stateRg/providers/Microsoft.Compute/images/myImage"
    for version, regions in (("1.0.0", [{"name": "westus"}, {"name": "eastus2", "regionalReplicaCount": 2}]), ("2.0.0", [{"name": "westus"}])):
        put_and_wait(server, gallery_path("stateRg", "stateGallery") + f"/images/img/versions/{version}", {"location": "westus", "properties": {
            "publishingProfile": {"targetRegions": regions}, "storageProfile": {"source": {"id": source}}}})


def read_all(server) -> dict[str, tuple[int, bytes]]:
    answers = {}
    for path in READ_PATHS:
        response = arm(server, "GET", path, api_version=GROUPS_API if "/providers/" not in path else COMPUTE_API)
        answers[path] = (response.status_code, response.content)
    return answers


def without_export_time(document: dict) -> dict:
    return {k: v for k, v in document.items() if k != "exportedAt"}


def test_export_reset_import_gives_back_byte_identical_resources(server_factory):
    server = server_factory("--operation-duration", "0", "--replication-duration", "0")
    build_state(server)
    before = read_all(server)
    assert all(status == 200 for status, _ in before.values()), {p: s for p, (s, _) in before.items()}
    assert len(json.loads(before[READ_PATHS[-1]][1])["value"]) == 2

    exported = control(server, "GET", "/_galleryrp/state")
    assert exported.status_code == 200
    document = exported.json()
    assert document["format"] == "galleryrp-state" and document["formatVersion"] == 1
    print(f"exported {len(document['resources'])} resources, {len(document['operations'])} operations, {len(exported.content)} bytes")
    assert len(document["resources"]) == 5

    started = time.perf_counter()
    reset = control(server, "POST", "/_galleryrp/reset")
    print(f"reset took {(time.perf_counter() - started) * 1000:.1f} ms: {reset.json()}")
    assert reset.status_code == 200
    assert reset.json()["removed"] == {"resources": 5, "operations": len(document["operations"])}
    after_reset = read_all(server)
    print({path.split("/stateRg")[-1]: status for path, (status, _) in after_reset.items()})
    for path in RESOURCE_PATHS:
        assert after_reset[path][0] == 404, path
    for path in SUBSCRIPTION_LISTS:
        assert after_reset[path][0] == 200 and json.loads(after_reset[path][1])["value"] == [], path
    assert control(server, "GET", "/_galleryrp/state").json()["resources"] == []

    imported = control(server, "PUT", "/_galleryrp/state", data=exported.content, headers={"Content-Type": "application/json"})
    print(f"import: {imported.json()}")
    assert imported.status_code == 200, imported.text
    assert imported.json() == {"removed": {"resources": 0, "operations": 0},
                               "imported": {"resources": 5, "operations": len(document["operations"])}}
    after = read_all(server)
    for path in READ_PATHS:
        assert after[path] == before[path], f"{path} differs after the import"
    assert without_export_time(control(server, "GET", "/_galleryrp/state").json()) == without_export_time(document)

    # The imported image still holds its identifier: a second image with the same one is refused.
    clash = arm(server, "PUT", gallery_path("stateRg", "stateGallery") + "/images/img2", {"location": "westus", "properties": {
        "osType": "Windows", "osState": "Generalized", "identifier": {"publisher": "pub", "offer": "offer", "sku": "sku"}}})
    assert clash.status_code == 409, clash.text


def test_a_bad_state_document_changes_nothing(server_factory):
    server = server_factory("--operation-duration", "0", "--replication-duration", "0")
    build_state(server)
    document = control(server, "GET", "/_galleryrp/state").json()
    # The version before its image: parents must come first.
    document["resources"] = [r for r in document["resources"] if not r["id"].endswith("/images/img")] + \
                            [r for r in document["resources"] if r["id"].endswith("/images/img")]
    refused = control(server, "PUT", "/_galleryrp/state", json=document)
    print(refused.json())
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "InvalidStateDocument"
    assert refused.json()["error"]["target"].startswith("resources[")
    assert arm(server, "GET", gallery_path("stateRg", "stateGallery") + "/images/img/versions/2.0.0").status_code == 200


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    result = subprocess.run([BINARY, *args], capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"galleryrp {' '.join(args)}: {result.stdout}{result.stderr}"
    return result


def test_offline_export_import_and_seed(server_factory, tmp_path):
    first = server_factory("--operation-duration", "0", "--replication-duration", "0")
    build_state(first)
    before = read_all(first)
    first.stop()

    state_file = str(tmp_path / "state.json")
    exported = run("export", "-o", state_file, "--data-dir", first.data_dir)
    print(exported.stdout.strip())
    assert re.search(r"exported 5 resources and \d+ operations to " + re.escape(state_file), exported.stdout)
    assert json.load(open(state_file))["format"] == "galleryrp-state"
    to_stdout = run("export", "--data-dir", first.data_dir)
    assert without_export_time(json.loads(to_stdout.stdout)) == without_export_time(json.load(open(state_file)))

    copy_dir = str(tmp_path / "copy")
    imported = run("import", state_file, "--data-dir", copy_dir)
    print(imported.stdout.strip())
    assert "imported 5 resources" in imported.stdout and "replacing 0 resources" in imported.stdout
    copy = Server(copy_dir, ["--operation-duration", "0"])
    copy.start()
    try:
        after = read_all(copy)
    finally:
        copy.stop()
    for path in READ_PATHS:
        assert after[path] == before[path], f"{path} differs in the imported copy"

    # --seed on an empty data directory loads the document …
    seeded_dir = str(tmp_path / "seeded")
    seeded = Server(seeded_dir, ["--operation-duration", "0", "--seed", state_file])
    seeded.start()
    try:
        log = open(seeded.log_path).read()
        print([line for line in log.splitlines() if "Seed" in line])
        assert f"Seed {state_file} loaded: 5 resources" in log
        assert read_all(seeded) == before
        # … and a later start with --seed leaves a store that holds resources as it is.
        assert arm(seeded, "DELETE", gallery_path("stateRg", "stateGallery") + "/images/img/versions/2.0.0").status_code in (200, 202)
        deadline = time.time() + 20
        while arm(seeded, "GET", gallery_path("stateRg", "stateGallery") + "/images/img/versions/2.0.0").status_code != 404:
            assert time.time() < deadline
            time.sleep(0.05)
        seeded.restart()
        log = open(seeded.log_path).read()
        print([line for line in log.splitlines() if "Seed" in line])
        assert f"Seed {state_file} not loaded: the store already holds resources." in log
        assert arm(seeded, "GET", gallery_path("stateRg", "stateGallery") + "/images/img/versions/2.0.0").status_code == 404
        assert arm(seeded, "GET", gallery_path("stateRg", "stateGallery") + "/images/img/versions/1.0.0").status_code == 200
    finally:
        seeded.stop()


# 5. Reset at 10,000 resources -------------------------------------------------------------------------------------

def test_reset_is_fast_at_ten_thousand_resources(tmp_path):
    started = time.perf_counter()
    loaded = run("load", "--images", "10000", "--data-dir", str(tmp_path))
    print(f"load: {loaded.stdout.strip()} ({time.perf_counter() - started:.1f} s with the process)")
    server = Server(str(tmp_path), [])
    server.start()
    try:
        galleries = f"/subscriptions/{BENCH_SUB}/providers/Microsoft.Compute/galleries"
        assert [g["name"] for g in arm(server, "GET", galleries).json()["value"]] == ["bench"]
        started = time.perf_counter()
        reset = control(server, "POST", "/_galleryrp/reset")
        milliseconds = (time.perf_counter() - started) * 1000
        print(f"POST /_galleryrp/reset removed {reset.json()['removed']} in {milliseconds:.1f} ms")
        assert reset.status_code == 200
        assert reset.json()["removed"]["resources"] == 10002, "10,000 images, their gallery and its group"
        assert milliseconds < 10_000, "a sanity bound only; the printed figure is the measurement"
        assert arm(server, "GET", galleries).json()["value"] == []
        assert arm(server, "GET", f"/subscriptions/{BENCH_SUB}/resourcegroups", api_version=GROUPS_API).json()["value"] == []
        server.restart()
        assert arm(server, "GET", galleries).json()["value"] == [], "the reset is stored, not only cached"
    finally:
        server.stop()


def test_reset_of_one_subscription_leaves_the_others(server):
    other = "99999999-1111-2222-3333-444444444444"
    for subscription in (SUBSCRIPTION, other):
        response = requests.put(f"{server.url}/subscriptions/{subscription}/resourcegroups/rg?api-version={GROUPS_API}",
                                json={"location": "westus"}, headers=AUTH, verify=server.ca)
        assert response.status_code == 201, response.text
    reset = control(server, "POST", f"/_galleryrp/reset?subscription={other}")
    print(reset.json())
    assert reset.json() == {"removed": {"resources": 1, "operations": 0}, "subscription": other}
    assert arm(server, "GET", group_path("rg"), api_version=GROUPS_API).status_code == 200
    gone = requests.get(f"{server.url}/subscriptions/{other}/resourcegroups/rg?api-version={GROUPS_API}", headers=AUTH, verify=server.ca)
    assert gone.status_code == 404
    bad = control(server, "POST", "/_galleryrp/reset?subscription=not-a-guid")
    assert bad.status_code == 400, bad.text
    assert arm(server, "GET", group_path("rg"), api_version=GROUPS_API).status_code == 200


# 6. The request journal -------------------------------------------------------------------------------------------

def test_journal_shows_the_sdks_request_ids_and_user_agent(server):
    sent = []
    compute, resources = clients(server, raw_request_hook=lambda r: sent.append(r.http_request))
    resources.resource_groups.create_or_update("rg", {"location": "westus"})
    compute.galleries.begin_create_or_update("rg", "g", models.Gallery(location="westus")).result()
    compute.galleries.get("rg", "g")
    entries = journal(server)
    print(f"{len(sent)} SDK requests, journal: {[(e['sequence'], e['method'], e['status']) for e in entries]}")
    assert len(entries) == len(sent)
    # An LRO's polls carry its PUT's x-ms-client-request-id, as azure-core sends them.
    print(f"client request ids: {[(e['method'], e['clientRequestId'][:8]) for e in entries]}")
    for request, entry in zip(sent, entries):
        assert (entry["method"], entry["clientRequestId"]) == (request.method, request.headers["x-ms-client-request-id"])
        assert request.url.endswith(entry["uri"])
        assert entry["userAgent"] == request.headers["User-Agent"]
        assert "azsdk-python-mgmt-compute" in entry["userAgent"] or "azsdk-python-mgmt-resource" in entry["userAgent"]
        assert entry["requestId"] and entry["durationMs"] >= 0
        assert "requestBody" not in entry or entry["requestBody"] is None, "no bodies without --journal-bodies"
    put = next(e for e in entries if e["method"] == "PUT" and "/galleries/g" in e["uri"])
    assert (put["status"], put["apiVersion"]) == (201, sent[1].url.split("api-version=")[1])
    assert [e["sequence"] for e in entries] == sorted(e["sequence"] for e in entries)

    last = entries[-1]["sequence"]
    compute.galleries.get("rg", "g")
    newer = journal(server, after=last)
    assert [(e["method"], e["status"]) for e in newer] == [("GET", 200)]
    assert len(journal(server, limit=2)) == 2 and journal(server, limit=2)[-1]["sequence"] == newer[0]["sequence"]
    cleared = control(server, "DELETE", "/_galleryrp/requests").json()
    assert cleared["removed"] == len(entries) + 1
    assert journal(server) == []
    compute.galleries.get("rg", "g")
    assert journal(server)[0]["sequence"] == newer[0]["sequence"] + 1, "sequence numbers keep counting after a clear"
    bad = control(server, "GET", "/_galleryrp/requests?limit=0")
    assert bad.status_code == 400 and bad.json()["error"]["target"] == "limit"


def test_journal_bodies_hold_the_sdks_put_verbatim(server_factory):
    server = server_factory("--operation-duration", "0", "--journal-bodies")
    sent, received = [], []
    compute, resources = clients(server, raw_request_hook=lambda r: sent.append(r.http_request),
                                 raw_response_hook=lambda r: received.append(r.http_response))
    resources.resource_groups.create_or_update("rg", {"location": "westus"})
    compute.galleries.begin_create_or_update("rg", "g", models.Gallery(
        location="westus", tags={"purpose": "journal"}, properties=models.GalleryProperties(description="body \u00e9 verbatim"))).result()
    put = next(r for r in sent if r.method == "PUT" and "/galleries/g" in r.url)
    answer = next(r for r in received if r.request is put)
    entry = next(e for e in journal(server) if e.get("clientRequestId") == put.headers["x-ms-client-request-id"])
    body = put.body if isinstance(put.body, str) else put.body.decode()
    print(f"sent {body!r}\njournal {entry['requestBody']!r}")
    assert entry["requestBody"] == body
    assert entry["responseBody"] == answer.text()
    assert control(server, "GET", "/_galleryrp/requests").json()["bodies"] is True


def test_journal_keeps_the_newest_entries_up_to_its_size(server_factory):
    server = server_factory("--journal-size", "3")
    for name in ("a", "b", "c", "d", "e"):
        assert arm(server, "PUT", group_path(name), {"location": "westus"}, GROUPS_API).status_code == 201
    answer = control(server, "GET", "/_galleryrp/requests").json()
    print([(e["sequence"], e["uri"].split("?")[0].rsplit("/", 1)[-1]) for e in answer["value"]])
    assert answer["capacity"] == 3 and answer["bodies"] is False
    assert [(e["sequence"], e["uri"].split("?")[0].rsplit("/", 1)[-1]) for e in answer["value"]] == [(3, "c"), (4, "d"), (5, "e")]
    assert control(server, "GET", "/_galleryrp/health").json()["controlPlane"]["journalSize"] == 3


# 7. ARM's throttling ----------------------------------------------------------------------------------------------

def test_arm_throttling_counts_down_writes_and_the_sdk_waits_it_out(server_factory):
    server = server_factory("--throttling", "arm", "--operation-duration", "0")
    session = requests.Session()
    remaining, answers = [], []
    started = time.time()
    for i in range(260):
        response = arm(server, "PUT", group_path(f"rg{i}"), {"location": "westus"}, GROUPS_API, session=session)
        answers.append(response.status_code)
        if response.status_code == 429:
            throttled = response
            break
        assert response.status_code == 201, response.text
        remaining.append(int(response.headers["x-ms-ratelimit-remaining-subscription-writes"]))
    else:
        pytest.fail("260 writes and no 429")
    seconds = time.time() - started
    print(f"{len(remaining)} writes in {seconds:.2f} s before the 429; remaining went {remaining[:3]} … {remaining[-3:]}; "
          f"429 Retry-After {throttled.headers.get('Retry-After')}: {throttled.json()['error']['message']}")
    assert remaining[0] == 199
    assert remaining[-1] == 0
    assert all(b <= a for a, b in zip(remaining, remaining[1:])), "the count never goes up while writes come faster than the refill"
    # 200 tokens, plus the 10 a second that came back while the writes ran.
    assert 200 <= len(remaining) <= 200 + 10 * seconds + 1
    assert throttled.json()["error"]["code"] == "SubscriptionRequestsThrottled"
    assert int(throttled.headers["Retry-After"]) >= 1
    assert throttled.headers["x-ms-ratelimit-remaining-subscription-writes"] == "0"
    read = arm(server, "GET", group_path(f"rg{len(remaining)}"), api_version=GROUPS_API)
    assert read.status_code == 404, "a throttled write changes nothing"
    assert read.headers["x-ms-ratelimit-remaining-subscription-reads"] == "249", "reads have their own bucket"

    # The SDK's default retry policy sleeps Retry-After and tries again; write until one of its calls hits the wall.
    sent = []
    _, resources = clients(server, raw_request_hook=lambda r: sent.append(r.http_request))
    resources.resource_groups.get("rg0")
    for i in range(50):
        started = time.time()
        resources.resource_groups.create_or_update(f"sdk{i}", {"location": "westus"})
        elapsed = time.time() - started
        if elapsed >= 0.9:
            break
    else:
        pytest.fail("50 SDK writes against an empty bucket and none waited")
    client_id = sent[-1].headers["x-ms-client-request-id"]
    tries = [e["status"] for e in journal(server) if e.get("clientRequestId") == client_id]
    print(f"SDK write #{i + 1} was throttled and succeeded after {elapsed:.2f} s: {tries}")
    assert tries == [429, 201]
    assert resources.resource_groups.check_existence(f"sdk{i}")
    samples = metrics(server)
    assert samples['galleryrp_throttled_requests_total{operation="write"}'] >= 2


# 8. Admin access --------------------------------------------------------------------------------------------------

def test_admin_token_guards_the_control_plane(server_factory):
    server = server_factory("--admin-token", ADMIN_TOKEN)
    assert arm(server, "PUT", group_path("kept"), {"location": "westus"}, GROUPS_API).status_code == 201
    for token in (None, "galleryrp-test-token", ADMIN_TOKEN + "x"):
        refused = control(server, "POST", "/_galleryrp/reset", token=token)
        assert refused.status_code == 403, refused.text
        assert refused.json()["error"]["code"] == "AdminAccessDenied"
    print(refused.json())
    assert arm(server, "GET", group_path("kept"), api_version=GROUPS_API).status_code == 200, "a refused reset removes nothing"
    for method, path in (("GET", "/_galleryrp/state"), ("GET", "/_galleryrp/requests"), ("GET", "/_galleryrp/faults"),
                         ("GET", "/_galleryrp/health"), ("GET", "/metrics")):
        assert control(server, method, path).status_code == 403, path
        assert control(server, method, path, token=ADMIN_TOKEN).status_code == 200, path
    allowed = control(server, "POST", "/_galleryrp/reset", token=ADMIN_TOKEN)
    assert allowed.status_code == 200
    assert allowed.json()["removed"]["resources"] == 1
    assert arm(server, "GET", group_path("kept"), api_version=GROUPS_API).status_code == 404


def test_short_admin_token_is_refused_at_start_up():
    result = subprocess.run([BINARY, "serve", "--admin-token", "short"], capture_output=True, text=True, timeout=30)
    assert result.returncode != 0
    assert "--admin-token must be at least 16 characters" in result.stderr


def test_strict_mode_without_admin_token_has_no_control_plane(server_factory):
    server = server_factory("--auth-mode", "strict")
    for method, path in (("POST", "/_galleryrp/reset"), ("GET", "/_galleryrp/state"), ("GET", "/metrics")):
        response = control(server, method, path)
        assert response.status_code == 404, f"{path}: {response.status_code} {response.text}"
        assert response.json()["error"]["code"] == "ControlPlaneDisabled"
    print(response.json())
    with_token = server_factory("--auth-mode", "strict", "--admin-token", ADMIN_TOKEN)
    assert control(with_token, "POST", "/_galleryrp/reset").status_code == 403
    allowed = control(with_token, "POST", "/_galleryrp/reset", token=ADMIN_TOKEN)
    assert allowed.status_code == 200, allowed.text
    assert control(with_token, "GET", "/_galleryrp/health", token=ADMIN_TOKEN).json()["auth"] == "strict"


def non_loopback_address() -> str | None:
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.255.255.255", 1))
            address = s.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") else address


def test_listening_on_all_interfaces_in_permissive_mode_warns(server_factory):
    server = server_factory("--host", "0.0.0.0")
    warnings = [line for line in open(server.log_path).read().splitlines() if line.startswith("WARNING")]
    print("\n".join(warnings))
    assert any("0.0.0.0" in line and "permissive" in line for line in warnings)
    assert any("--auth-mode strict" in line for line in warnings), "the warning names the option that exists (--auth-mode)"
    assert any("--admin-token" in line for line in warnings)
    health = control(server, "GET", "/_galleryrp/health")
    assert health.status_code == 200
    assert health.json()["host"] == "0.0.0.0"
    assert [f"WARNING: {w}" for w in health.json()["warnings"]] == warnings
    address = non_loopback_address()
    print(f"non-loopback address: {address}")
    if address:
        remote = requests.post(f"https://{address}:{server.port}/_galleryrp/reset", verify=False, timeout=10)
        assert remote.status_code == 403 and remote.json()["error"]["code"] == "AdminAccessDenied"
    loopback = server_factory()
    assert control(loopback, "GET", "/_galleryrp/health").json()["warnings"] == []
    assert not [line for line in open(loopback.log_path).read().splitlines() if line.startswith("WARNING")]


# 9. Metrics -------------------------------------------------------------------------------------------------------

def test_metrics_count_requests_by_type_method_and_status(server):
    compute, resources = clients(server)
    resources.resource_groups.create_or_update("rg", {"location": "westus"})
    compute.galleries.begin_create_or_update("rg", "g", models.Gallery(location="westus")).result()
    compute.galleries.begin_create_or_update("rg", "g2", models.Gallery(location="westus")).result()
    compute.galleries.get("rg", "g")
    with pytest.raises(ResourceNotFoundError):
        compute.galleries.get("rg", "missing")
    samples = metrics(server)
    requests_total = {k: v for k, v in samples.items() if k.startswith("galleryrp_requests_total")}
    print("\n".join(f"{k} {v:g}" for k, v in sorted(requests_total.items())))
    assert samples['galleryrp_requests_total{type="Microsoft.Compute/galleries",method="PUT",status="201"}'] == 2
    assert samples['galleryrp_requests_total{type="Microsoft.Compute/galleries",method="GET",status="404"}'] == 1
    assert samples['galleryrp_requests_total{type="Microsoft.Resources/resourceGroups",method="PUT",status="201"}'] == 1
    gets = samples['galleryrp_requests_total{type="Microsoft.Compute/galleries",method="GET",status="200"}']
    assert gets >= 3, "the poller's final GETs and ours"
    assert samples['galleryrp_request_duration_seconds_count{type="Microsoft.Compute/galleries",method="PUT"}'] == 2
    assert samples["galleryrp_operations_in_flight"] == 0
    assert samples["galleryrp_store_commit_duration_seconds_count"] >= 3
    assert samples.get("galleryrp_store_group_commit_size_count", 0) >= 3, "documented: SQLite batches per transaction"

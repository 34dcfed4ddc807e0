"""Image versions (…/galleries/{g}/images/{i}/versions/{v}) driven by real clients against the built binary over HTTPS:
the current Azure SDK, Packer's and Terraform's request sequences replayed with requests, and the legacy Track-1 SDK
(azure-mgmt-compute 13.0.0 on msrestazure, api-version 2019-12-01) run from its own venv."""
import json
import os
import pathlib
import subprocess
import time
import uuid

import pytest
import requests
from azure.core.credentials import AccessToken
from azure.core.exceptions import HttpResponseError, ResourceExistsError, ResourceNotFoundError
from azure.mgmt.compute import ComputeManagementClient
from azure.mgmt.compute import models
from azure.mgmt.resource.resources import ResourceManagementClient

ROOT = pathlib.Path(__file__).resolve().parents[2]
LEGACY_PYTHON = os.environ.get("LEGACY_PYTHON", str(ROOT / ".venv-legacy" / "bin" / "python"))
SUBSCRIPTION = "00000000-1111-2222-3333-444444444444"
COMPUTE = "providers/Microsoft.Compute"
AUTH = {"Authorization": "Bearer galleryrp-test-token"}


def managed_image(rg: str, name: str = "myImage") -> str:
    """Managed images are not held by the service: any well-formed id is a source."""
    return f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{rg}/providers/Microsoft.Compute/images/{name}"


def version_server(server_factory, replication: str = "0.5"):
    return server_factory("--page-size", "3", "--operation-duration", "0", "--replication-duration", replication)


class StaticCredential:
    def get_token(self, *scopes, **kwargs):
        return AccessToken("galleryrp-test-token", int(time.time()) + 3600)


def clients(server, responses: list):
    """Every response the pipeline sees (initial calls, polls, final GETs) lands in `responses`."""
    def record(response):
        http = response.http_response
        responses.append((http.request.method, http.request.url, http.status_code))
    common = dict(base_url=server.url, connection_verify=server.ca, polling_interval=1, raw_response_hook=record)
    return (ComputeManagementClient(StaticCredential(), SUBSCRIPTION, **common),
            ResourceManagementClient(StaticCredential(), SUBSCRIPTION, **common))


def version_body(source: str, regions: list[tuple[str, int | None]]) -> models.GalleryImageVersion:
    return models.GalleryImageVersion(
        location="westus",
        properties=models.GalleryImageVersionProperties(
            publishing_profile=models.GalleryImageVersionPublishingProfile(target_regions=[
                models.TargetRegion(name=name, regional_replica_count=count) if count else models.TargetRegion(name=name)
                for name, count in regions]),
            storage_profile=models.GalleryImageVersionStorageProfile(
                source=models.GalleryArtifactVersionFullSource(id=source))))


def regions_of(version) -> list[tuple[str, int]]:
    return [(r.name, r.regional_replica_count) for r in version.publishing_profile.target_regions]


# 1. The current SDK ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("api_version", [None, "2023-07-03"], ids=["sdk-default", "2023-07-03"])
def test_sdk_image_version_lifecycle(server_factory, api_version):
    server = version_server(server_factory)
    responses: list = []
    compute, resources = clients(server, responses)
    per_call = {"api_version": api_version} if api_version else {}
    rg, gallery, image = f"rg-{uuid.uuid4().hex[:8]}", "verGallery", "winImage"
    source = managed_image(rg)
    started = time.time()

    resources.resource_groups.create_or_update(rg, {"location": "westus"})
    compute.galleries.begin_create_or_update(rg, gallery, models.Gallery(location="westus"), **per_call).result()
    compute.gallery_images.begin_create_or_update(rg, gallery, image, models.GalleryImage(
        location="westus", properties=models.GalleryImageProperties(
            os_type="Windows", os_state="Generalized", hyper_v_generation="V1",
            identifier=models.GalleryImageIdentifier(publisher="pub", offer="offer", sku="sku"))), **per_call).result()

    mark = len(responses)
    t = time.time()
    created = compute.gallery_image_versions.begin_create_or_update(
        rg, gallery, image, "1.0.0", version_body(source, [("westus", None), ("eastus2", 2)]), **per_call).result()
    create_seconds = time.time() - t
    create_traffic = [(m, s) for m, _, s in responses[mark:]]
    print(f"[{api_version or 'default'}] create took {create_seconds:.2f} s, traffic {create_traffic}")
    assert create_traffic[0] == ("PUT", 201)
    assert created.provisioning_state == "Succeeded"
    assert created.name == "1.0.0"
    assert created.id == f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{rg}/{COMPUTE}/galleries/{gallery}/images/{image}/versions/1.0.0"
    assert created.type == "Microsoft.Compute/galleries/images/versions"
    assert regions_of(created) == [("West US", 1), ("East US 2", 2)]
    assert created.publishing_profile.replica_count == 1
    assert created.publishing_profile.storage_account_type == "Standard_LRS"
    assert created.publishing_profile.published_date is not None
    assert created.storage_profile.source.id == source
    assert created.storage_profile.os_disk_image.size_in_gb == 127, "a Windows source this service does not hold is 127 GB"
    assert created.storage_profile.os_disk_image.host_caching == "ReadWrite"
    # The version's create is a replication: it takes --replication-duration (0.5 s), so the client polled at least once.
    assert create_seconds >= 0.5
    expected_api = api_version or "2026-03-03"
    assert all(f"api-version={expected_api}" in url for _, url, _ in responses[mark:]), responses[mark:]

    fetched = compute.gallery_image_versions.get(rg, gallery, image, "1.0.0", **per_call)
    assert fetched.provisioning_state == "Succeeded"
    assert fetched.replication_status is None, "replicationStatus only with $expand"
    expanded = compute.gallery_image_versions.get(rg, gallery, image, "1.0.0", expand="ReplicationStatus", **per_call)
    status = expanded.replication_status
    print(f"replicationStatus: {status.aggregated_state}, {[(s.region, s.state, s.progress) for s in status.summary]}")
    assert status.aggregated_state == "Completed"
    assert [(s.region, s.state, s.progress) for s in status.summary] == [("West US", "Completed", 100), ("East US 2", "Completed", 100)]

    for name in ("1.0.1", "1.1.0", "2.0.0"):
        compute.gallery_image_versions.begin_create_or_update(
            rg, gallery, image, name, version_body(source, [("westus", None)]), **per_call).result()
    mark = len(responses)
    listed = [v.name for v in compute.gallery_image_versions.list_by_gallery_image(rg, gallery, image, **per_call)]
    pages = [url for _, url, _ in responses[mark:]]
    print(f"listed {listed} in {len(pages)} pages")
    assert sorted(listed) == ["1.0.0", "1.0.1", "1.1.0", "2.0.0"]
    assert len(pages) == 2, "4 versions at a page size of 3 take two pages"
    assert all(url.startswith(server.url) and f"api-version={expected_api}" in url for url in pages)

    # PATCH: change eastus2's count and add westus2.
    mark = len(responses)
    patched = compute.gallery_image_versions.begin_update(rg, gallery, image, "1.0.0", models.GalleryImageVersionUpdate(
        properties=models.GalleryImageVersionProperties(publishing_profile=models.GalleryImageVersionPublishingProfile(
            target_regions=[models.TargetRegion(name="westus"), models.TargetRegion(name="eastus2", regional_replica_count=3),
                            models.TargetRegion(name="westus2", regional_replica_count=2)]))), **per_call).result()
    patch_traffic = [(m, s) for m, _, s in responses[mark:]]
    print(f"PATCH traffic {patch_traffic}, regions now {regions_of(patched)}")
    assert patch_traffic[0] == ("PATCH", 200)
    assert patched.provisioning_state == "Succeeded"
    assert regions_of(patched) == [("West US", 1), ("East US 2", 3), ("West US 2", 2)]
    assert patched.storage_profile.source.id == source, "a PATCH without a source keeps the stored one"
    assert patched.publishing_profile.published_date == created.publishing_profile.published_date

    # The source cannot change: by PUT nor by PATCH.
    with pytest.raises(ResourceExistsError) as refused:
        compute.gallery_image_versions.begin_create_or_update(
            rg, gallery, image, "1.0.0", version_body(managed_image(rg, "otherImage"), [("westus", None)]), **per_call).result()
    print(f"source change by PUT: {refused.value.status_code} {refused.value.error.code}: {refused.value.error.message}")
    assert refused.value.status_code == 409
    assert refused.value.error.code == "PropertyChangeNotAllowed"
    assert refused.value.error.target == "galleryImageVersion.properties.storageProfile.source.id"
    with pytest.raises(HttpResponseError) as refused_patch:
        compute.gallery_image_versions.begin_update(rg, gallery, image, "1.0.0", models.GalleryImageVersionUpdate(
            properties=models.GalleryImageVersionProperties(storage_profile=models.GalleryImageVersionStorageProfile(
                source=models.GalleryArtifactVersionFullSource(id=managed_image(rg, "otherImage"))))), **per_call).result()
    assert refused_patch.value.status_code == 409
    assert refused_patch.value.error.code == "PropertyChangeNotAllowed"
    unchanged = compute.gallery_image_versions.get(rg, gallery, image, "1.0.0", **per_call)
    assert unchanged.storage_profile.source.id == source

    with pytest.raises(HttpResponseError) as nested:
        compute.gallery_images.begin_delete(rg, gallery, image, **per_call).result()
    print(f"definition delete: {nested.value.status_code} {nested.value.error.code}: {nested.value.error.message}")
    assert nested.value.status_code == 409
    assert nested.value.error.code == "CannotDeleteResource"
    assert f"Microsoft.Compute/galleries/{gallery}/images/{image}/versions/" in nested.value.error.message

    for name in ("1.0.0", "1.0.1", "1.1.0", "2.0.0"):
        compute.gallery_image_versions.begin_delete(rg, gallery, image, name, **per_call).result()
    with pytest.raises(ResourceNotFoundError):
        compute.gallery_image_versions.get(rg, gallery, image, "1.0.0", **per_call)
    assert list(compute.gallery_image_versions.list_by_gallery_image(rg, gallery, image, **per_call)) == []
    compute.gallery_images.begin_delete(rg, gallery, image, **per_call).result()
    with pytest.raises(ResourceNotFoundError):
        compute.gallery_images.get(rg, gallery, image, **per_call)
    compute.galleries.begin_delete(rg, gallery, **per_call).result()
    print(f"[{api_version or 'default'}] {len(responses)} responses in {time.time() - started:.1f} s")


# 2. and 3. Packer's and Terraform's sequences, replayed with requests ---------------------------------------------

class Raw:
    """requests against the server, api-version 2023-07-03 (go-azure-sdk compute/2023-07-03, used by Packer and Terraform)."""

    def __init__(self, server, api_version: str = "2023-07-03"):
        self.server = server
        self.api_version = api_version
        self.session = requests.Session()
        self.session.headers.update(AUTH)

    def request(self, method: str, url: str, body=None) -> requests.Response:
        # verify per request: a REQUESTS_CA_BUNDLE in the environment would win over Session.verify.
        return self.session.request(method, url, json=body, verify=self.server.ca, timeout=30)

    def call(self, method: str, path: str, body=None, query: str = "") -> requests.Response:
        url = f"{self.server.url}{path}?{query}api-version={self.api_version}"
        return self.request(method, url, body)

    def poll(self, response: requests.Response, deadline_seconds: float = 30) -> tuple[dict, list]:
        """Polls Azure-AsyncOperation as Go's autorest/go-azure-sdk does: sleeping Retry-After between polls."""
        status_url = response.headers["Azure-AsyncOperation"]
        waits = []
        delay = int(response.headers.get("Retry-After", "1"))
        deadline = time.time() + deadline_seconds
        while True:
            waits.append(delay)
            time.sleep(delay)
            polled = self.request("GET", status_url)
            assert polled.status_code == 200, (polled.status_code, polled.text)
            operation = polled.json()
            if operation["status"] != "InProgress":
                return operation, waits
            assert time.time() < deadline, "the operation never finished"
            delay = int(polled.headers.get("Retry-After", "1"))


def setup_definition(raw: Raw, rg: str, gallery: str, image: str, os_type: str = "Linux") -> str:
    group = raw.request("PUT", f"{raw.server.url}/subscriptions/{SUBSCRIPTION}/resourcegroups/{rg}?api-version=2021-04-01",
                        {"location": "westus"})
    assert group.status_code in (200, 201), group.text
    gallery_path = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{rg}/{COMPUTE}/galleries/{gallery}"
    made = raw.call("PUT", gallery_path, {"location": "westus"})
    assert made.status_code == 201, made.text
    raw.poll(made)
    image_path = f"{gallery_path}/images/{image}"
    made = raw.call("PUT", image_path, {"location": "westus", "properties": {
        "osType": os_type, "osState": "Generalized", "hyperVGeneration": "V2",
        "identifier": {"publisher": "packer", "offer": "ubuntu", "sku": "22_04-lts"}}})
    assert made.status_code == 201, made.text
    raw.poll(made)
    return image_path


def test_packer_publish_sequence(server_factory):
    server = version_server(server_factory)
    raw = Raw(server)
    rg, gallery, image, version = "packer-rg", "packer_gallery", "ubuntu-22", "0.0.1"
    image_path = setup_definition(raw, rg, gallery, image)
    version_path = f"{image_path}/versions/{version}"

    # 1. The image definition must exist.
    definition = raw.call("GET", image_path)
    assert definition.status_code == 200, definition.text
    # 2. The version must not.
    absent = raw.call("GET", version_path)
    print(f"GET version before publish: {absent.status_code} {absent.json()['error']['code']}")
    assert absent.status_code == 404
    assert absent.json()["error"]["code"] == "ResourceNotFound"
    # 4. PUT with the body Go's encoding/json writes for packer-plugin-azure (fields in alphabetical order).
    source = managed_image(rg, "pkr-managed-image-abc123")
    body = {
        "location": "westus",
        "properties": {
            "publishingProfile": {
                "endOfLifeDate": "",
                "excludeFromLatest": False,
                "replicaCount": 1,
                "replicationMode": "Full",
                "storageAccountType": "Standard_LRS",
                "targetRegions": [{"name": "westus", "regionalReplicaCount": 1}],
            },
            "storageProfile": {"source": {"id": source}},
        },
        "tags": {"build": "packer", "os": "ubuntu-22.04"},
    }
    started = time.time()
    put = raw.call("PUT", version_path, body)
    print(f"PUT version: {put.status_code}, Retry-After {put.headers.get('Retry-After')}, "
          f"Azure-AsyncOperation {put.headers.get('Azure-AsyncOperation', '')[:100]}…")
    assert put.status_code == 201, put.text
    assert put.json()["properties"]["provisioningState"] == "Creating"
    assert put.headers["Azure-AsyncOperation"].startswith(f"{server.url}/subscriptions/{SUBSCRIPTION}/providers/Microsoft.Compute/locations/westus/capsOperations/")
    assert "api-version=2023-07-03" in put.headers["Azure-AsyncOperation"]
    assert put.headers["Retry-After"] == "1"
    operation, waits = raw.poll(put)
    print(f"operation {operation['status']} after {time.time() - started:.2f} s, waits {waits}: {operation}")
    assert operation["status"] == "Succeeded"
    assert "endTime" in operation
    # 5. Read the id back.
    got = raw.call("GET", version_path)
    assert got.status_code == 200, got.text
    published = got.json()
    print(f"published version: {json.dumps(published)}")
    assert published["id"] == f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{rg}/{COMPUTE}/galleries/{gallery}/images/{image}/versions/{version}"
    assert published["name"] == version
    assert published["tags"] == {"build": "packer", "os": "ubuntu-22.04"}
    properties = published["properties"]
    assert properties["provisioningState"] == "Succeeded"
    assert properties["storageProfile"]["source"] == {"id": source}
    assert properties["storageProfile"]["osDiskImage"]["sizeInGB"] == 30
    profile = properties["publishingProfile"]
    assert "endOfLifeDate" not in profile, "an endOfLifeDate of \"\" means none"
    assert profile["targetRegions"] == [{"name": "West US", "regionalReplicaCount": 1, "storageAccountType": "Standard_LRS"}]
    assert profile["replicaCount"] == 1 and profile["excludeFromLatest"] is False
    assert profile["storageAccountType"] == "Standard_LRS"
    # A second publish of the same version is what Packer's step 2 guards against: now it would see 200.
    assert raw.call("GET", version_path).status_code == 200


def test_terraform_style_update_sends_the_get_body_back(server_factory):
    # A longer replication, so that the update is seen in flight.
    server = version_server(server_factory, replication="2")
    raw = Raw(server)
    rg = "tf-rg"
    image_path = setup_definition(raw, rg, "tf_gallery", "tf-image")
    version_path = f"{image_path}/versions/1.2.3"
    source = managed_image(rg, "tf-managed")
    create = raw.call("PUT", version_path, {
        "location": "westus",
        "properties": {
            "publishingProfile": {"excludeFromLatest": False, "replicationMode": "Full", "targetRegions": [
                {"excludeFromLatest": False, "name": "westus", "regionalReplicaCount": 1, "storageAccountType": "Standard_LRS"}]},
            "safetyProfile": {"allowDeletionOfReplicatedLocations": False},
            "storageProfile": {"source": {"id": source}}},
        "tags": {"env": "test"}})
    assert create.status_code == 201, create.text
    assert raw.poll(create)[0]["status"] == "Succeeded"

    # Terraform's Read.
    before = raw.call("GET", version_path, query="$expand=UefiSettings&")
    assert before.status_code == 200, before.text
    model = before.json()
    print(f"GET before update: {json.dumps(model)}")
    assert model["properties"]["provisioningState"] == "Succeeded"
    published_date = model["properties"]["publishingProfile"]["publishedDate"]

    # Update: the whole GET model, read-only members and all, with another targetRegions list.
    model["properties"]["publishingProfile"]["targetRegions"] = [
        {"name": "West US", "regionalReplicaCount": 1, "storageAccountType": "Standard_LRS", "excludeFromLatest": False},
        {"name": "eastus2", "regionalReplicaCount": 2, "storageAccountType": "Standard_LRS", "excludeFromLatest": False}]
    model["tags"] = {"env": "test", "updated": "yes"}
    read_only = {"id", "name", "type"} & model.keys()
    sent_at = time.time()
    update = raw.call("PUT", version_path, model)
    print(f"PUT of the GET body (carrying {sorted(read_only)}, publishedDate, provisioningState, sizeInGB): "
          f"{update.status_code} {update.json().get('properties', {}).get('provisioningState')}")
    assert update.status_code == 200, update.text
    assert update.json()["properties"]["provisioningState"] == "Updating"
    in_flight = raw.call("GET", version_path, query="$expand=ReplicationStatus&").json()["properties"]
    if time.time() - sent_at < 1.5:
        print(f"in flight: {in_flight['provisioningState']}, {in_flight['replicationStatus']}")
        assert in_flight["provisioningState"] == "Updating"
        assert in_flight["replicationStatus"]["aggregatedState"] == "InProgress"
    operation, waits = raw.poll(update)
    print(f"update operation {operation['status']} after waits {waits}")
    assert operation["status"] == "Succeeded"

    after = raw.call("GET", version_path).json()
    properties = after["properties"]
    assert properties["provisioningState"] == "Succeeded"
    assert [(r["name"], r["regionalReplicaCount"]) for r in properties["publishingProfile"]["targetRegions"]] == [
        ("West US", 1), ("East US 2", 2)]
    assert properties["publishingProfile"]["publishedDate"] == published_date, "publishedDate is the creation time"
    assert properties["storageProfile"]["source"] == {"id": source}
    assert after["tags"] == {"env": "test", "updated": "yes"}

    # Terraform's delete: DELETE, poll, then GET until 404.
    deleted = raw.call("DELETE", version_path)
    assert deleted.status_code == 202, deleted.text
    assert raw.poll(deleted)[0]["status"] == "Succeeded"
    assert raw.call("GET", version_path).status_code == 404


# 5. The legacy Track-1 SDK --------------------------------------------------------------------------------------

LEGACY_SCRIPT = r'''
import json, sys, time
import requests
from msrest.authentication import BasicTokenAuthentication
from msrestazure.azure_exceptions import CloudError
from azure.mgmt.compute import ComputeManagementClient
from azure.mgmt.compute.v2019_12_01 import models as m

url, sub, rg = sys.argv[1], sys.argv[2], sys.argv[3]
out = {"traffic": []}
def hook(response, *args, **kwargs):
    request = response.request
    out["traffic"].append([request.method, request.url.split("?")[0][len(url):], request.url.split("api-version=")[-1], response.status_code])

compute = ComputeManagementClient(BasicTokenAuthentication({"access_token": "x"}), sub, base_url=url)
compute.config.hooks.append(hook)
out["default_api_versions"] = [compute.galleries.api_version, compute.gallery_images.api_version, compute.gallery_image_versions.api_version]
group = requests.put(f"{url}/subscriptions/{sub}/resourcegroups/{rg}?api-version=2019-10-01", json={"location": "westus"},
                     headers={"Authorization": "Bearer x"})
out["group_status"] = group.status_code
gallery = compute.galleries.create_or_update(rg, "legacyGallery", m.Gallery(location="westus", description="legacy")).result()
out["gallery"] = [gallery.provisioning_state, gallery.identifier.unique_name]
image = compute.gallery_images.create_or_update(rg, "legacyGallery", "legacyImage", m.GalleryImage(
    location="westus", os_type="Linux", os_state="Generalized", hyper_v_generation="V1",
    identifier=m.GalleryImageIdentifier(publisher="p", offer="o", sku="s"))).result()
out["image"] = [image.provisioning_state, image.os_type]

source = f"/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Compute/images/legacyManagedImage"
def body(source_id, regions):
    return m.GalleryImageVersion(location="westus",
        publishing_profile=m.GalleryImageVersionPublishingProfile(
            target_regions=[m.TargetRegion(name=n, regional_replica_count=c) for n, c in regions]),
        storage_profile=m.GalleryImageVersionStorageProfile(source=m.GalleryArtifactVersionSource(id=source_id)))
def regions(version):
    return [[r.name, r.regional_replica_count] for r in version.publishing_profile.target_regions]

t = time.time()
created = compute.gallery_image_versions.create_or_update(rg, "legacyGallery", "legacyImage", "1.0.0",
                                                          body(source, [("westus", None), ("eastus2", 2)])).result()
out["create"] = {"seconds": round(time.time() - t, 2), "state": created.provisioning_state, "regions": regions(created),
                 "source": created.storage_profile.source.id, "size": created.storage_profile.os_disk_image.size_in_gb}
compute.gallery_image_versions.create_or_update(rg, "legacyGallery", "legacyImage", "1.0.1", body(source, [("westus", 1)])).result()
got = compute.gallery_image_versions.get(rg, "legacyGallery", "legacyImage", "1.0.0")
out["get"] = [got.name, got.provisioning_state, got.id]
expanded = compute.gallery_image_versions.get(rg, "legacyGallery", "legacyImage", "1.0.0", expand="ReplicationStatus")
out["replication"] = [expanded.replication_status.aggregated_state,
                      [[s.region, s.state, s.progress] for s in expanded.replication_status.summary]]
raw = compute.gallery_image_versions.get(rg, "legacyGallery", "legacyImage", "1.0.0", raw=True).response.json()
out["raw_property_names"] = sorted(raw["properties"])
out["raw_publishing_profile_names"] = sorted(raw["properties"]["publishingProfile"])
out["list"] = sorted(v.name for v in compute.gallery_image_versions.list_by_gallery_image(rg, "legacyGallery", "legacyImage"))

t = time.time()
updated = compute.gallery_image_versions.update(rg, "legacyGallery", "legacyImage", "1.0.0", m.GalleryImageVersionUpdate(
    publishing_profile=m.GalleryImageVersionPublishingProfile(
        target_regions=[m.TargetRegion(name="westus"), m.TargetRegion(name="westus2", regional_replica_count=3)]),
    storage_profile=m.GalleryImageVersionStorageProfile())).result()
out["update"] = {"seconds": round(time.time() - t, 2), "state": updated.provisioning_state, "regions": regions(updated),
                 "source": updated.storage_profile.source.id}

def refused(call):
    try:
        call()
    except CloudError as error:
        return [error.status_code, error.error.error, error.message]
    return None
out["source_change"] = refused(lambda: compute.gallery_image_versions.create_or_update(
    rg, "legacyGallery", "legacyImage", "1.0.0", body(source + "Other", [("westus", None)])).result())
out["definition_delete_refused"] = refused(lambda: compute.gallery_images.delete(rg, "legacyGallery", "legacyImage").result())

for name in ("1.0.0", "1.0.1"):
    compute.gallery_image_versions.delete(rg, "legacyGallery", "legacyImage", name).result()
out["missing"] = refused(lambda: compute.gallery_image_versions.get(rg, "legacyGallery", "legacyImage", "1.0.0"))
out["list_after"] = [v.name for v in compute.gallery_image_versions.list_by_gallery_image(rg, "legacyGallery", "legacyImage")]
compute.gallery_images.delete(rg, "legacyGallery", "legacyImage").result()
compute.galleries.delete(rg, "legacyGallery").result()
out["galleries_after"] = [g.name for g in compute.galleries.list_by_resource_group(rg)]
print(json.dumps(out))
'''


@pytest.mark.skipif(not os.path.exists(LEGACY_PYTHON),
                    reason=f"legacy SDK venv missing: {LEGACY_PYTHON} (python3 -m venv .venv-legacy && "
                           ".venv-legacy/bin/pip install -r tests/blackbox/requirements-legacy.txt)")
def test_legacy_sdk_2019_12_01(server_factory):
    # No --any-api-version: 2019-12-01 is a published version the service serves as it is.
    server = version_server(server_factory)
    env = dict(os.environ, REQUESTS_CA_BUNDLE=server.ca)
    env.pop("PYTHONPATH", None)
    started = time.time()
    result = subprocess.run([LEGACY_PYTHON, "-c", LEGACY_SCRIPT, server.url, SUBSCRIPTION, "legacy-rg"],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"legacy script failed:\n{result.stderr}\n{result.stdout}"
    out = json.loads(result.stdout.strip().splitlines()[-1])
    traffic = out.pop("traffic")
    print(f"legacy SDK: {len(traffic)} requests in {time.time() - started:.1f} s")
    for name, value in out.items():
        print(f"  {name}: {value}")
    assert out["default_api_versions"] == ["2019-12-01"] * 3
    assert out["group_status"] == 201
    assert out["gallery"] == ["Succeeded", f"{SUBSCRIPTION}-LEGACYGALLERY"]
    assert out["image"] == ["Succeeded", "Linux"]
    assert out["create"]["state"] == "Succeeded"
    assert out["create"]["regions"] == [["West US", 1], ["East US 2", 2]]
    assert out["create"]["source"].endswith("/images/legacyManagedImage")
    assert out["create"]["size"] == 30
    assert out["get"][:2] == ["1.0.0", "Succeeded"]
    assert out["get"][2].endswith("/galleries/legacyGallery/images/legacyImage/versions/1.0.0")
    assert out["replication"] == ["Completed", [["West US", "Completed", 100], ["East US 2", "Completed", 100]]]
    # 2019-12-01 has neither safetyProfile (2022-03-03) nor replicationMode (2021-07-01).
    assert "safetyProfile" not in out["raw_property_names"]
    assert "replicationMode" not in out["raw_publishing_profile_names"]
    assert out["list"] == ["1.0.0", "1.0.1"]
    assert out["update"]["state"] == "Succeeded"
    assert out["update"]["regions"] == [["West US", 1], ["West US 2", 3]]
    assert out["update"]["source"] == out["create"]["source"], "an update with storageProfile {} keeps the source"
    assert out["source_change"][:2] == [409, "PropertyChangeNotAllowed"]
    assert out["definition_delete_refused"][:2] == [409, "CannotDeleteResource"]
    assert out["missing"][:2] == [404, "ResourceNotFound"]
    assert out["list_after"] == []
    assert out["galleries_after"] == []
    # Every Compute call went out at 2019-12-01, polled the Azure-AsyncOperation URL (capsOperations) and succeeded.
    compute_calls = [t for t in traffic if "/Microsoft.Compute/" in t[1]]
    assert all(t[2] == "2019-12-01" for t in compute_calls), compute_calls
    assert any("/capsOperations/" in t[1] for t in compute_calls)
    methods = sorted({t[0] for t in compute_calls})
    assert methods == ["DELETE", "GET", "PATCH", "PUT"]
    assert [t for t in compute_calls if t[0] == "PATCH"][0][3] == 200

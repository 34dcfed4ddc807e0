"""Replays the official x-ms-examples of the vendored Swagger (2023-07-03) against the built binary over HTTPS.

One test per example file in spec/…/2023-07-03/examples/galleryExamples that belongs to an operation the service
serves (Galleries_*, GalleryImages_*, GalleryImageVersions_*). Each test, on a fresh server and subscription:
1. creates what the example needs (resource group, gallery, image definition, image version, a source version);
2. sends the example's request: the operation's method and path come from gallery.json, the path parameters from the
   example (names kept as written: myResourceGroup, myGalleryName, myGalleryImageName, 1.0.0), the body as written;
3. checks the answer: the status is one the example documents; for PUT, PATCH and GET the body has every member the
   example's body for that status has (arrays matched by their x-ms-identifiers: regions by name, disks by LUN, list
   items by name), except the members listed below with their reason (NOT_FILLED, SOURCE_NOT_HELD, while_creating);
   members that are inputs have the values sent (regions compared normalised); `id` is the request's path and `name`
   its last segment. PUT and PATCH are long-running: once the operation is done, a GET of the resource is held to the
   same example body.

The examples are templates: `{subscription-id}` / `{subscriptionId}` become the test's subscription (a GUID) and the
other `{…}` placeholders in resource ids become concrete names (PLACEHOLDERS). Nothing else in a body is changed.
"""
import json
import pathlib
import re
import time
import uuid

import pytest
import requests

ROOT = pathlib.Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec" / "azure-rest-api-specs" / "Microsoft.Compute" / "GalleryRP" / "stable" / "2023-07-03"
EXAMPLES = SPEC / "examples" / "galleryExamples"
AUTH = {"Authorization": "Bearer swagger-examples"}
RESOURCES_API = "2024-11-01"

# Examples of operations the service does not serve, or that need state no served operation can create.
SHARE = "GallerySharingProfile_Update (POST …/share), which the service does not serve"
SKIPPED = {
    "CommunityGallery_Create.json": f"a community gallery (sharingProfile.permissions Community): sharing is managed by {SHARE}; "
                                    "kept out with the other sharing-profile examples",
    "Gallery_Get_WithSelectPermissions.json": f"its answer shows sharingProfile.groups, which only {SHARE} can add",
    "Gallery_AddToSharingProfile.json": SHARE,
    "Gallery_EnableCommunityGallery.json": SHARE,
    "Gallery_ResetSharingProfile.json": SHARE,
    "GalleryApplication_Delete.json": "gallery applications (GalleryApplications_*): not served",
    "GalleryApplicationVersion_Delete.json": "gallery application versions (GalleryApplicationVersions_*): not served",
    "GalleryApplicationVersion_Get_WithReplicationStatus.json": "gallery application versions: not served",
    "GalleryApplicationVersion_Update.json": "gallery application versions: not served",
}
SERVED = ("Galleries_", "GalleryImages_", "GalleryImageVersions_")

# Members an example's answer shows that the service does not fill, by example-name prefix: (prefix, member, reason).
# A member excludes everything below it.
NOT_FILLED = [
    ("Gallery_List", "nextLink",
     "a list answers nextLink only when another page follows (docs/reference.md, Lists); the one gallery fits one page"),
    ("GalleryImage_ListByGallery", "nextLink", "as above: the one image definition fits one page"),
    ("GalleryImageVersion_", "properties.safetyProfile.policyViolations",
     "read-only; the service never flags a version: safetyProfile.reportedForPolicyViolation is always false "
     "(docs/reference.md, 'What Azure fills in')"),
]
# The Update examples show `excludeFromLatest: false` on regions the request gave without it; Azure's recorded answers
# (az sig image-version tests) show a region's excludeFromLatest only when it was set, and so does the service.
REGION_EXCLUDE_FROM_LATEST = ("a target region's excludeFromLatest is answered only when it was set, as in Azure's recorded "
                              "az sig image-version traffic (docs/reference.md, image versions)")
# Members that depend on a source this service does not hold: the data disks of a managed image or virtual machine
# (these answers show a data disk at LUN 1 that the request does not describe). The Update and Get examples are not
# here: their version is created from the example's answer, which describes that disk (LUN, caching).
SOURCE_NOT_HELD = {
    "GalleryImageVersion_Create.json", "GalleryImageVersion_Create_WithShallowReplicationMode.json",
    "GalleryImageVersion_Create_WithTargetExtendedLocations.json", "GalleryImageVersion_Create_WithVmAsSource.json",
}
SOURCE_NOT_HELD_MEMBERS = [
    ("properties.storageProfile.dataDiskImages",
     "the data disks of a managed image or virtual machine this service does not hold (it knows of none)"),
]
# While a version is being created (its 201 answer) its storageProfile shows only the sources it was given; the disks'
# sizeInGB and hostCaching taken from the source appear once it exists (docs/reference.md, image versions: "While a
# version is being created its storageProfile shows only the sources it was given"). The GET after the operation
# checks them. See while_creating().
CREATING = "the version is being created: its storageProfile shows only the sources it was given (docs/reference.md)"

# `{…}` placeholders in the examples' resource ids and the values put in their place. The source version of
# GalleryImageVersion_Create_WithImageVersionAsSource is created by the test under these names.
PLACEHOLDERS = {
    "resourceGroup": "myResourceGroup",
    "galleryName": "myGalleryName",
    "imageDefinitionName": "mySourceImageName",
    "versionName": "0.9.0",
    "imageName": "myManagedImage",
    "vmName": "myVM",
    "storageAccount": "mystorageaccount",
    "snapshotName": "mySnapshot",
    "diskSnapshotName": "myDiskSnapshot",
}
# Array members matched by their x-ms-identifiers rather than position.
IDENTIFIERS = {"targetRegions": "name", "dataDiskImages": "lun", "value": "name"}
# Read-only members (readOnly in gallery.json) dropped, with the envelope's id, name and type, when a setup request is
# built from an example's answer.
READ_ONLY = {"provisioningState", "publishedDate", "sizeInGB", "reportedForPolicyViolation",
             "policyViolations", "uniqueName", "sharingStatus", "replicationStatus"}
DEFAULT_IMAGE = {"location": "West US", "properties": {
    "osType": "Windows", "osState": "Generalized", "hyperVGeneration": "V1",
    "identifier": {"publisher": "myPublisherName", "offer": "myOfferName", "sku": "mySkuName"}}}


def example_operations() -> dict[str, tuple[str, str, str]]:
    """Example file name -> (operationId, method, path template), from gallery.json's x-ms-examples."""
    spec = json.loads((SPEC / "gallery.json").read_text())
    found = {}
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict):
                for ref in operation.get("x-ms-examples", {}).values():
                    found[pathlib.PurePosixPath(ref["$ref"]).name] = (operation["operationId"], method.upper(), path)
    return found


OPERATIONS = example_operations()
REPLAYED = sorted(p.name for p in EXAMPLES.glob("*.json") if p.name not in SKIPPED)


def fill(value, names: dict[str, str]):
    """The example value with its `{…}` placeholders filled."""
    if isinstance(value, str):
        return re.sub(r"\{([A-Za-z-]+)\}", lambda m: names.get(m.group(1), m.group(0)), value)
    if isinstance(value, dict):
        return {k: fill(v, names) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, names) for v in value]
    return value


def region(name: str) -> str:
    return name.replace(" ", "").lower()


def members(value, path: str = "") -> dict[str, object]:
    """Every member path of a JSON value (objects and arrays included) -> its value."""
    found = {}
    if isinstance(value, dict):
        for key, item in value.items():
            below = f"{path}.{key}" if path else key
            found[below] = item
            if isinstance(item, list):
                ident = IDENTIFIERS.get(key)
                for index, element in enumerate(item):
                    if ident and isinstance(element, dict) and ident in element:
                        label = region(element[ident]) if key == "targetRegions" else element[ident]
                        at = f"{below}[{ident}={label}]"
                    else:
                        at = f"{below}[{index}]"
                    found[at] = element
                    found.update(members(element, at))
            else:
                found.update(members(item, below))
    return found


def under(path: str, member: str) -> bool:
    return path == member or path.startswith(member + ".") or path.startswith(member + "[")


def writable(body: dict) -> dict:
    """An example answer without its read-only members: the request that makes the resource it shows."""
    def strip(value):
        if isinstance(value, dict):
            kept = {k: strip(v) for k, v in value.items() if k not in READ_ONLY}
            return {k: v for k, v in kept.items() if v != {}}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value
    return strip({k: v for k, v in body.items() if k not in ("id", "name", "type")})


class Client:
    def __init__(self, server, subscription: str):
        self.session = requests.Session()
        self.session.verify, self.session.trust_env = server.ca, False
        self.session.headers.update(AUTH)
        self.base = server.url
        self.subscription = subscription

    def send(self, method: str, path: str, body=None, **query) -> requests.Response:
        query.setdefault("api-version", "2023-07-03")
        return self.session.request(method, self.base + path, params=query, json=body, timeout=30)

    def create(self, path: str, body: dict, api_version: str = "2023-07-03") -> dict:
        response = self.send("PUT", path, body, **{"api-version": api_version})
        assert response.status_code in (200, 201), (path, response.status_code, response.text)
        return self.wait(path, api_version) if "/providers/" in path else response.json()

    def wait(self, path: str, api_version: str = "2023-07-03", **query) -> dict:
        deadline = time.time() + 30
        while True:
            response = self.send("GET", path, **{"api-version": api_version, **query})
            assert response.status_code == 200, (path, response.status_code, response.text)
            state = response.json().get("properties", {}).get("provisioningState")
            if state in ("Succeeded", "Failed", None) or time.time() > deadline:
                assert state in ("Succeeded", None), (path, response.text)
                return response.json()
            time.sleep(0.1)

    def wait_gone(self, path: str) -> None:
        deadline = time.time() + 30
        while (status := self.send("GET", path).status_code) != 404:
            assert status == 200 and time.time() < deadline, (path, status)
            time.sleep(0.1)


def resource_path(template: str, parameters: dict, subscription: str) -> str:
    return re.sub(r"\{([^}]+)\}", lambda m: subscription if m.group(1) == "subscriptionId" else parameters[m.group(1)], template)


def names(subscription: str) -> dict[str, str]:
    return {**PLACEHOLDERS, "subscription-id": subscription, "subscriptionId": subscription}


def prepare(client: Client, name: str, example: dict, operation_id: str, path: str) -> dict | None:
    """Creates what the example's request needs, from the example's own answer where it shows the resource; returns the
    body that created the resource a GET example reads (its inputs), if any."""
    parameters, sub = example["parameters"], client.subscription
    answer = example["responses"].get("200", {}).get("body", {})
    rg = f"/subscriptions/{sub}/resourceGroups/{parameters.get('resourceGroupName', 'myResourceGroup')}"
    client.create(rg, {"location": "westus"}, RESOURCES_API)
    if operation_id in ("Galleries_List", "Galleries_ListByResourceGroup"):
        listed = writable(answer["value"][0])
        client.create(f"{rg}/providers/Microsoft.Compute/galleries/{answer['value'][0]['name']}", listed)
        return listed
    if operation_id == "Galleries_CreateOrUpdate":
        return None
    gallery = f"{rg}/providers/Microsoft.Compute/galleries/{parameters['galleryName']}"
    gallery_body = writable(answer) if operation_id.startswith("Galleries_") and answer else {"location": "West US"}
    client.create(gallery, gallery_body)
    if operation_id.startswith("Galleries_"):
        return gallery_body
    if operation_id == "GalleryImages_CreateOrUpdate":
        return None
    if operation_id == "GalleryImages_ListByGallery":
        listed = writable(answer["value"][0])
        client.create(f"{gallery}/images/{answer['value'][0]['name']}", listed)
        return listed
    image_body = writable(answer) if operation_id.startswith("GalleryImages_") and answer else DEFAULT_IMAGE
    if "uefiSettings" in json.dumps(parameters.get("galleryImageVersion", {})):  # UEFI: a generation 2 image
        image_body = {**image_body, "properties": {**image_body["properties"], "hyperVGeneration": "V2"}}
    client.create(f"{gallery}/images/{parameters['galleryImageName']}", image_body)
    if operation_id.startswith("GalleryImages_"):
        return image_body
    if name == "GalleryImageVersion_Create_WithImageVersionAsSource.json":
        # The source version the example names: an image definition of the same OS type, state and generation, a
        # version replicated to the new version's region (West US), made from snapshots with data disks at the LUNs the
        # example's encryption names (0 and 1).
        source_image = f"{gallery}/images/{PLACEHOLDERS['imageDefinitionName']}"
        identifier = {"publisher": "myPublisherName", "offer": "myOfferName", "sku": "mySourceSkuName"}
        client.create(source_image, {**DEFAULT_IMAGE, "properties": {**DEFAULT_IMAGE["properties"], "identifier": identifier}})
        snapshots = f"{rg}/providers/Microsoft.Compute/snapshots"
        client.create(f"{source_image}/versions/{PLACEHOLDERS['versionName']}", {"location": "West US", "properties": {"storageProfile": {
            "osDiskImage": {"source": {"id": f"{snapshots}/mySourceOsSnapshot"}},
            "dataDiskImages": [{"lun": lun, "source": {"id": f"{snapshots}/mySourceDataSnapshot{lun}"}} for lun in (0, 1)]}}})
    if operation_id in ("GalleryImageVersions_Update", "GalleryImageVersions_Get"):
        version_body = writable(answer)
        client.create(path, version_body)
        return version_body
    if operation_id == "GalleryImageVersions_Delete":
        client.create(path, {"location": "West US", "properties": {"storageProfile": {
            "source": {"id": f"{rg}/providers/Microsoft.Compute/images/{PLACEHOLDERS['imageName']}"}}}})
    return None


def while_creating(sent: dict) -> list[tuple[str, str]]:
    """The storage-profile members a 201 answer leaves out: the disks the request did not describe, and sizeInGB."""
    storage = sent.get("properties", {}).get("storageProfile", {})
    prefix = "properties.storageProfile"
    excluded = [(f"{prefix}.osDiskImage" + ("" if "osDiskImage" not in storage else ".sizeInGB"), CREATING)]
    if "dataDiskImages" not in storage:
        excluded.append((f"{prefix}.dataDiskImages", CREATING))
    for disk in storage.get("dataDiskImages", []):
        excluded.append((f"{prefix}.dataDiskImages[lun={disk.get('lun')}].sizeInGB", CREATING))
    return excluded


def exclusions(name: str, status: int | None, sent: dict | None) -> list[tuple[str, str]]:
    """The members of the example's answer not checked, with their reasons (status None: the GET after the operation)."""
    excluded = [(member, reason) for prefix, member, reason in NOT_FILLED if name.startswith(prefix)]
    if name in SOURCE_NOT_HELD:
        excluded += SOURCE_NOT_HELD_MEMBERS
    if status == 201 and name.startswith("GalleryImageVersion_"):
        excluded += while_creating(sent or {})
    for target in (sent or {}).get("properties", {}).get("publishingProfile", {}).get("targetRegions", []):
        if "name" in target and "excludeFromLatest" not in target:
            excluded.append((f"properties.publishingProfile.targetRegions[name={region(target['name'])}].excludeFromLatest",
                             REGION_EXCLUDE_FROM_LATEST))
    return excluded


def check_answer(name: str, phase: str, expected: dict, actual: dict, inputs: dict | None, path: str,
                 excluded: list[tuple[str, str]]) -> None:
    """One answer against the example's body for its status: its members, then each resource it shows."""
    wanted, got = members(expected), members(actual)
    missing = [p for p in wanted if p not in got and not any(under(p, member) for member, _ in excluded)]
    assert not missing, f"{name} ({phase}): members the example shows are missing: {missing}\nanswer: {json.dumps(actual)}"
    if "value" in expected:  # a list: the items the example shows, by name
        for item in expected["value"]:
            answered = next(i for i in actual["value"] if i["name"] == item["name"])
            check_resource(name, phase, item, answered, inputs, f"{path}/{item['name']}")
    else:
        check_resource(name, phase, expected, actual, inputs, path)


def check_resource(name: str, phase: str, expected: dict, actual: dict, inputs: dict | None, path: str) -> None:
    """Identity and inputs: id is the resource's path, name its last segment, location and uniqueName as the example
    shows them (location normalised), and every input the example's body shows has the value sent."""
    assert actual["id"] == path, f"{name} ({phase}): id {actual['id']!r}, path {path!r}"
    assert actual["name"] == path.rsplit("/", 1)[-1], (name, phase, actual["name"])
    assert region(actual["location"]) == region(expected["location"]), (name, phase, actual["location"])
    unique = members(expected).get("properties.identifier.uniqueName")
    if unique:
        assert actual["properties"]["identifier"]["uniqueName"] == unique, (name, phase, actual["properties"]["identifier"])
    shown, answered = members(expected), members(actual)
    for p, value in members(inputs or {}).items():
        if isinstance(value, (dict, list)) or p not in shown:
            continue
        assert p in answered, f"{name} ({phase}): input {p} is missing"
        if p == "location" or (p.startswith("properties.publishingProfile.targetRegions") and p.endswith("].name")):
            assert region(answered[p]) == region(value), f"{name} ({phase}): {p} is {answered[p]!r}, sent {value!r}"
        else:
            assert answered[p] == value, f"{name} ({phase}): {p} is {answered[p]!r}, sent {value!r}"


@pytest.mark.parametrize("name", REPLAYED)
def test_example(server, name):
    operation_id, method, template = OPERATIONS[name]
    assert operation_id.startswith(SERVED), f"{name} is for {operation_id}, which the service does not serve: add it to SKIPPED"
    subscription = str(uuid.uuid4())
    example = fill(json.loads((EXAMPLES / name).read_text()), names(subscription))
    parameters = example["parameters"]
    path = resource_path(template, parameters, subscription)
    client = Client(server, subscription)
    inputs = prepare(client, name, example, operation_id, path)

    query = {k: v for k, v in parameters.items() if k in ("api-version", "$expand", "$select")}
    sent = next((v for v in parameters.values() if isinstance(v, dict)), None) if method in ("PUT", "PATCH") else None
    assert not re.search(r"\{[A-Za-z-]+\}", json.dumps(sent or {})), f"{name}: a placeholder is left in the request"
    response = client.send(method, path, sent, **query)
    assert str(response.status_code) in example["responses"], \
        f"{name}: {method} {path} answered {response.status_code} (documented: {list(example['responses'])}): {response.text}"
    if method == "DELETE":
        client.wait_gone(path)
        return

    expected = example["responses"][str(response.status_code)].get("body")
    assert expected is not None, f"{name}: the example documents no body for {response.status_code}"
    # A list's items are under the collection's path; the subscription-wide list's gallery is in myResourceGroup.
    collection = path.replace("/providers/", "/resourceGroups/myResourceGroup/providers/", 1) if operation_id == "Galleries_List" else path
    check_answer(name, "answer", expected, response.json(), sent or inputs, collection, exclusions(name, response.status_code, sent))
    if method in ("PUT", "PATCH"):
        # Once the long-running operation is done, a GET shows the resource the example shows. A version's GET shows
        # securityProfile.uefiSettings only with $expand=UefiSettings (GalleryImageVersions_Get's $expand, docs/reference.md).
        final = client.wait(path, **({"$expand": "UefiSettings"} if "/versions/" in path else {}))
        assert final["properties"]["provisioningState"] == "Succeeded", (name, final)
        check_answer(name, "GET after the operation", expected, final, sent, path, exclusions(name, None, sent))


def test_every_example_is_replayed_or_skipped():
    on_disk = {p.name for p in EXAMPLES.glob("*.json")}
    assert set(SKIPPED) <= on_disk, set(SKIPPED) - on_disk
    assert all(OPERATIONS[name][0].startswith(SERVED) for name in REPLAYED), REPLAYED
    assert len(REPLAYED) == 23, REPLAYED

"""The README's "Testing with GalleryRP" example: a fixture resets GalleryRP before every test, so each test starts
from an empty subscription however many tests ran before it; a fault rule makes the SDK meet throttling, and the
request journal shows what it really sent. Everything above the "suite plumbing" line is the example; `galleryrp`
below it stands for the GalleryRP you run (its `url` and the `ca` file it wrote)."""
import time

import pytest
import requests
from azure.core.credentials import AccessToken
from azure.mgmt.compute import ComputeManagementClient
from azure.mgmt.compute.models import Gallery, GalleryImage, GalleryImageIdentifier
from azure.mgmt.resource.resources import ResourceManagementClient

SUBSCRIPTION = "00000000-1111-2222-3333-444444444444"


class AnyToken:
    """GalleryRP's default (permissive) mode accepts any bearer token."""

    def get_token(self, *scopes, **kwargs):
        return AccessToken("test-token", int(time.time()) + 3600)


@pytest.fixture(autouse=True)
def fresh_galleryrp(galleryrp):
    """Before every test: no resources, no operations, no fault rules, an empty request journal."""
    requests.post(f"{galleryrp.url}/_galleryrp/reset", verify=galleryrp.ca).raise_for_status()
    requests.delete(f"{galleryrp.url}/_galleryrp/faults", verify=galleryrp.ca).raise_for_status()
    requests.delete(f"{galleryrp.url}/_galleryrp/requests", verify=galleryrp.ca).raise_for_status()


@pytest.fixture
def azure(galleryrp):
    options = dict(base_url=galleryrp.url, connection_verify=galleryrp.ca, polling_interval=1)
    return (ResourceManagementClient(AnyToken(), SUBSCRIPTION, **options),
            ComputeManagementClient(AnyToken(), SUBSCRIPTION, **options))


def create_gallery_with_image(azure):
    resources, compute = azure
    resources.resource_groups.create_or_update("my-rg", {"location": "westus"})
    compute.galleries.begin_create_or_update("my-rg", "myGallery", Gallery(location="westus")).result()
    return compute.gallery_images.begin_create_or_update("my-rg", "myGallery", "myImage", GalleryImage(
        location="westus", os_type="Linux", os_state="Generalized",
        identifier=GalleryImageIdentifier(publisher="me", offer="app", sku="v1"))).result()


def test_first_case(azure):
    _, compute = azure
    assert list(compute.galleries.list()) == []
    image = create_gallery_with_image(azure)
    assert image.provisioning_state == "Succeeded"
    assert [g.name for g in compute.galleries.list()] == ["myGallery"]


def test_second_case_starts_clean(azure):
    _, compute = azure
    assert list(compute.galleries.list()) == []
    image = create_gallery_with_image(azure)
    assert image.provisioning_state == "Succeeded"
    assert [g.name for g in compute.galleries.list()] == ["myGallery"]


def test_the_sdk_retries_through_throttling(azure, galleryrp):
    # A fault rule: the next two PUTs of an image definition are answered 429 (with Retry-After: 1).
    rule = {"match": {"method": "PUT", "resourceType": "Microsoft.Compute/galleries/images"}, "count": 2,
            "effect": {"kind": "error", "status": 429, "retryAfter": 1}}
    requests.post(f"{galleryrp.url}/_galleryrp/faults", json=rule, verify=galleryrp.ca).raise_for_status()
    image = create_gallery_with_image(azure)
    assert image.provisioning_state == "Succeeded"
    # The journal shows what the SDK really sent: two throttled PUTs, then the one that worked.
    journal = requests.get(f"{galleryrp.url}/_galleryrp/requests", verify=galleryrp.ca).json()["value"]
    puts = [entry["status"] for entry in journal if entry["method"] == "PUT" and "/images/myImage" in entry["uri"]]
    assert puts == [429, 429, 201]


# -- Suite plumbing, not part of the example ----------------------------------------------------------------------
# In your own suite `galleryrp` is simply where you started it: url "https://127.0.0.1:8443" and ca
# ".galleryrp/ca.pem" after `galleryrp serve`. Here one GalleryRP is started for this module.

@pytest.fixture(scope="module")
def galleryrp():
    import tempfile

    from conftest import Server
    server = Server(tempfile.mkdtemp(prefix="galleryrp-readme-"), ["--operation-duration", "0"])
    server.start()
    yield server
    server.stop()

"""The real Azure Python SDK (azure-mgmt-compute, azure-mgmt-resource) against the built binary over HTTPS."""
import signal
import time
import uuid

import pytest
from azure.core.credentials import AccessToken
from azure.core.exceptions import HttpResponseError, ResourceExistsError, ResourceNotFoundError
from azure.mgmt.compute import ComputeManagementClient
from azure.mgmt.compute import models
from azure.mgmt.resource.resources import ResourceManagementClient

SUBSCRIPTION = "00000000-1111-2222-3333-444444444444"


class StaticCredential:
    """Any object with get_token() is a TokenCredential; the service accepts any bearer token here."""

    def get_token(self, *scopes, **kwargs):
        return AccessToken("galleryrp-test-token", int(time.time()) + 3600)


def clients(server):
    common = dict(base_url=server.url, connection_verify=server.ca, polling_interval=1)
    return (ComputeManagementClient(StaticCredential(), SUBSCRIPTION, **common),
            ResourceManagementClient(StaticCredential(), SUBSCRIPTION, **common))


def seed_image(sku: str = "mySkuName") -> models.GalleryImage:
    """The request of the seed page's example, GalleryImage_Create.json."""
    return models.GalleryImage(
        location="West US",
        properties=models.GalleryImageProperties(
            os_type="Windows", os_state="Generalized", hyper_v_generation="V1",
            identifier=models.GalleryImageIdentifier(publisher="myPublisherName", offer="myOfferName", sku=sku)))


@pytest.mark.parametrize("api_version", [None, "2023-07-03"], ids=["sdk-default", "2023-07-03"])
def test_gallery_image_lifecycle(server, api_version):
    compute, resources = clients(server)
    per_call = {"api_version": api_version} if api_version else {}
    rg, gallery = f"rg-{uuid.uuid4().hex[:8]}", "myGallery"

    group = resources.resource_groups.create_or_update(rg, {"location": "West US"})
    assert group.location == "westus"
    created_gallery = compute.galleries.begin_create_or_update(
        rg, gallery, models.Gallery(location="West US", properties=models.GalleryProperties(description="gallery for a test")),
        **per_call).result()
    assert created_gallery.provisioning_state == "Succeeded"
    assert created_gallery.identifier.unique_name == f"{SUBSCRIPTION}-MYGALLERY"

    image = compute.gallery_images.begin_create_or_update(rg, gallery, "myGalleryImageName", seed_image(), **per_call).result()
    assert image.name == "myGalleryImageName"
    assert image.location == "westus"
    assert image.provisioning_state == "Succeeded"
    assert image.architecture == "x64"
    assert image.identifier.publisher == "myPublisherName"
    assert image.id == (f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{rg}/providers/Microsoft.Compute"
                        f"/galleries/{gallery}/images/myGalleryImageName")

    fetched = compute.gallery_images.get(rg, gallery, "myGalleryImageName", **per_call)
    assert fetched.hyper_v_generation == "V1"
    assert fetched.os_type == "Windows"

    for i in range(7):
        compute.gallery_images.begin_create_or_update(rg, gallery, f"image{i}", seed_image(f"sku{i}"), **per_call).result()
    pages = []
    listed = [i.name for i in compute.gallery_images.list_by_gallery(
        rg, gallery, raw_request_hook=lambda request: pages.append(request.http_request.url), **per_call)]
    print(f"listed {len(listed)} images in {len(pages)} pages: {pages}")
    assert len(pages) == 3, "8 images at a page size of 3 take three pages"
    assert all(url.startswith(server.url) and "api-version=" in url for url in pages)
    assert sorted(listed) == sorted(["myGalleryImageName"] + [f"image{i}" for i in range(7)])

    patched = compute.gallery_images.begin_update(
        rg, gallery, "myGalleryImageName", models.GalleryImageUpdate(properties=models.GalleryImageProperties(
            os_type="Windows", os_state="Generalized", identifier=models.GalleryImageIdentifier(
                publisher="myPublisherName", offer="myOfferName", sku="mySkuName"), description="patched")),
        **per_call).result()
    assert patched.description == "patched"
    assert patched.provisioning_state == "Succeeded"

    changed = seed_image()
    changed.os_type = "Linux"
    with pytest.raises(ResourceExistsError) as refused:
        compute.gallery_images.begin_create_or_update(rg, gallery, "myGalleryImageName", changed, **per_call).result()
    assert refused.value.error.code == "PropertyChangeNotAllowed"
    assert refused.value.error.target == "galleryImage.properties.osType"

    with pytest.raises(HttpResponseError) as invalid:
        bad = seed_image("other")
        bad.os_state = "Frozen"
        compute.gallery_images.begin_create_or_update(rg, gallery, "bad", bad, **per_call).result()
    assert invalid.value.status_code == 400
    assert invalid.value.error.code == "InvalidParameter"

    # A restart keeps everything.
    server.restart()
    compute, resources = clients(server)
    after = compute.gallery_images.get(rg, gallery, "myGalleryImageName", **per_call)
    assert after.description == "patched"
    assert after.os_type == "Windows"
    assert len(list(compute.gallery_images.list_by_gallery(rg, gallery, **per_call))) == 8

    with pytest.raises(ResourceNotFoundError) as missing:
        compute.gallery_images.get(rg, gallery, "nothing-here", **per_call)
    assert missing.value.error.code == "ResourceNotFound"
    with pytest.raises(ResourceNotFoundError) as no_parent:
        compute.gallery_images.get(rg, "noSuchGallery", "x", **per_call)
    assert no_parent.value.error.code == "ParentResourceNotFound"

    with pytest.raises(ResourceExistsError) as nested:
        compute.galleries.begin_delete(rg, gallery, **per_call).result()
    assert nested.value.error.code == "CannotDeleteResource"

    compute.gallery_images.begin_delete(rg, gallery, "myGalleryImageName", **per_call).result()
    with pytest.raises(ResourceNotFoundError):
        compute.gallery_images.get(rg, gallery, "myGalleryImageName", **per_call)
    for i in range(7):
        compute.gallery_images.begin_delete(rg, gallery, f"image{i}", **per_call).result()
    compute.galleries.begin_delete(rg, gallery, **per_call).result()
    with pytest.raises(ResourceNotFoundError):
        compute.galleries.get(rg, gallery, **per_call)

    resources.resource_groups.begin_delete(rg).result()
    assert not resources.resource_groups.check_existence(rg)


def test_resource_group_delete_takes_everything_with_it(server):
    compute, resources = clients(server)
    resources.resource_groups.create_or_update("doomed", {"location": "westus"})
    compute.galleries.begin_create_or_update("doomed", "g1", models.Gallery(location="westus")).result()
    compute.gallery_images.begin_create_or_update("doomed", "g1", "img", seed_image()).result()
    resources.resource_groups.begin_delete("doomed").result()
    resources.resource_groups.create_or_update("doomed", {"location": "westus"})
    with pytest.raises(ResourceNotFoundError):
        compute.galleries.get("doomed", "g1")


def test_operation_survives_a_crash_mid_flight(server_factory):
    """An operation stored before kill -9 is finished after the restart."""
    server = server_factory("--operation-duration", "2")
    compute, resources = clients(server)
    resources.resource_groups.create_or_update("rg", {"location": "westus"})
    compute.galleries.begin_create_or_update("rg", "g", models.Gallery(location="westus")).result()
    poller = compute.gallery_images.begin_create_or_update("rg", "g", "img", seed_image())
    assert compute.gallery_images.get("rg", "g", "img").provisioning_state == "Creating"
    server.restart(signal.SIGKILL)
    compute, _ = clients(server)
    deadline = time.time() + 20
    while compute.gallery_images.get("rg", "g", "img").provisioning_state != "Succeeded":
        assert time.time() < deadline, "the operation never finished after the restart"
        time.sleep(0.2)
    del poller


def test_unauthenticated_requests_are_refused(server):
    import requests
    response = requests.get(f"{server.url}/subscriptions/{SUBSCRIPTION}/resourcegroups?api-version=2024-11-01", verify=server.ca)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "AuthenticationFailed"
    assert "WWW-Authenticate" in response.headers

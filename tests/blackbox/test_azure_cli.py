"""The real Azure CLI (azure-cli from PyPI, in .venv-cli) offline against the built binary, as the README shows."""
import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
AZ = os.environ.get("AZ_BINARY", str(ROOT / ".venv-cli" / "bin" / "az"))
TENANT = "a1a1a1a1-0000-4000-8000-000000000001"
CLIENT = "c1c1c1c1-0000-4000-8000-000000000001"
SECRET = "galleryrp-dev-secret"

pytestmark = pytest.mark.skipif(not os.path.exists(AZ), reason="azure-cli venv missing (scripts/test.sh creates it)")


class AzureCLI:
    def __init__(self, server, config_dir):
        self.env = dict(os.environ, AZURE_CONFIG_DIR=str(config_dir), AZURE_CORE_COLLECT_TELEMETRY="false",
                        AZURE_CORE_INSTANCE_DISCOVERY="false", AZURE_CORE_NO_COLOR="true", REQUESTS_CA_BUNDLE=server.ca)
        self.commands = 0

    def run(self, *args, check=True):
        self.commands += 1
        result = subprocess.run([AZ, *args], env=self.env, capture_output=True, text=True, timeout=180)
        if check and result.returncode != 0:
            raise AssertionError(f"az {' '.join(args)} failed ({result.returncode}): {result.stderr}")
        return result

    def json(self, *args):
        return json.loads(self.run(*args, "-o", "json").stdout)


def full_flow(server, tmp_path):
    az = AzureCLI(server, tmp_path / "az")
    az.run("cloud", "register", "-n", "GalleryRP", "--endpoint-resource-manager", server.url)
    az.run("cloud", "set", "-n", "GalleryRP")
    refused = az.run("login", "--service-principal", "-u", CLIENT, "-p", "wrong-secret", "--tenant", TENANT, check=False)
    assert refused.returncode != 0
    assert "AADSTS7000215" in refused.stderr, refused.stderr
    accounts = az.json("login", "--service-principal", "-u", CLIENT, "-p", SECRET, "--tenant", TENANT)
    assert accounts[0]["tenantId"] == TENANT
    assert accounts[0]["id"] == "5b5b5b5b-0000-4000-8000-000000000001"

    group = az.json("group", "create", "-n", "rg-azflow", "-l", "West US")
    assert group["location"] == "westus"
    gallery = az.json("sig", "create", "-g", "rg-azflow", "-r", "gal_azflow")
    assert gallery["provisioningState"] == "Succeeded"
    assert gallery["location"] == "westus", "az takes the location from the resource group"
    image = az.json("sig", "image-definition", "create", "-g", "rg-azflow", "-r", "gal_azflow", "-i", "seedImage", "-l", "West US",
                    "--os-type", "Windows", "--os-state", "Generalized", "--hyper-v-generation", "V1",
                    "-p", "myPublisherName", "-f", "myOfferName", "-s", "mySkuName")
    assert image["provisioningState"] == "Succeeded"
    assert image["location"] == "westus"
    gen2 = az.json("sig", "image-definition", "create", "-g", "rg-azflow", "-r", "gal_azflow", "-i", "gen2Image",
                   "--os-type", "Linux", "-p", "myPublisherName", "-f", "myOfferName", "-s", "gen2Sku")
    assert gen2["hyperVGeneration"] == "V2"
    shown = az.json("sig", "image-definition", "show", "-g", "rg-azflow", "-r", "gal_azflow", "-i", "seedImage")
    assert shown["identifier"] == {"publisher": "myPublisherName", "offer": "myOfferName", "sku": "mySkuName"}
    listed = az.json("sig", "image-definition", "list", "-g", "rg-azflow", "-r", "gal_azflow")
    assert sorted(i["name"] for i in listed) == ["gen2Image", "seedImage"]
    updated = az.json("sig", "image-definition", "update", "-g", "rg-azflow", "-r", "gal_azflow", "-i", "seedImage", "--set", "description=patched")
    assert updated["description"] == "patched"
    az.run("sig", "image-definition", "delete", "-g", "rg-azflow", "-r", "gal_azflow", "-i", "seedImage")
    missing = az.run("sig", "image-definition", "show", "-g", "rg-azflow", "-r", "gal_azflow", "-i", "seedImage", check=False)
    assert missing.returncode == 3 and "ResourceNotFound" in missing.stderr
    refused_delete = az.run("sig", "delete", "-g", "rg-azflow", "-r", "gal_azflow", check=False)
    assert refused_delete.returncode != 0 and "CannotDeleteResource" in refused_delete.stderr
    az.run("sig", "image-definition", "delete", "-g", "rg-azflow", "-r", "gal_azflow", "-i", "gen2Image")
    az.run("sig", "delete", "-g", "rg-azflow", "-r", "gal_azflow")
    az.run("group", "delete", "-n", "rg-azflow", "--yes")
    assert az.run("group", "exists", "-n", "rg-azflow").stdout.strip() == "false"
    az.run("logout")
    print(f"az commands run: {az.commands}")
    return az


def test_cli_flow_permissive(server_factory, tmp_path):
    full_flow(server_factory(), tmp_path)


def test_cli_flow_strict(server_factory, tmp_path):
    server = server_factory("--auth-mode", "strict")
    full_flow(server, tmp_path)
    assert "strict auth" in open(server.log_path).read()


def test_cli_reader_cannot_create_in_strict_mode(server_factory, tmp_path):
    directory = tmp_path / "directory.json"
    directory.write_text(json.dumps({
        "tenants": [{"id": TENANT}],
        "subscriptions": [{"id": "5b5b5b5b-0000-4000-8000-000000000001", "tenantId": TENANT, "displayName": "Team"}],
        "principals": [{"clientId": CLIENT, "objectId": "0b0b0b0b-0000-4000-8000-000000000001", "tenantId": TENANT, "secret": "reader"}],
        "roleAssignments": [{"principal": CLIENT, "role": "Reader", "scope": "/subscriptions/5b5b5b5b-0000-4000-8000-000000000001"}],
    }))
    server = server_factory("--auth-mode", "strict", "--directory", str(directory))
    az = AzureCLI(server, tmp_path / "az")
    az.run("cloud", "register", "-n", "GalleryRP", "--endpoint-resource-manager", server.url)
    az.run("cloud", "set", "-n", "GalleryRP")
    az.run("login", "--service-principal", "-u", CLIENT, "-p", "reader", "--tenant", TENANT)
    denied = az.run("group", "create", "-n", "rg", "-l", "westus", check=False)
    assert denied.returncode != 0
    assert "AuthorizationFailed" in denied.stderr
    assert az.json("group", "list") == []


def login(server, tmp_path) -> AzureCLI:
    az = AzureCLI(server, tmp_path / "az")
    az.run("cloud", "register", "-n", "GalleryRP", "--endpoint-resource-manager", server.url)
    az.run("cloud", "set", "-n", "GalleryRP")
    az.run("login", "--service-principal", "-u", CLIENT, "-p", SECRET, "--tenant", TENANT)
    return az


def image_version_flow(server, tmp_path):
    """az sig image-version create/show/list/update/delete, and the definition delete refused while versions exist."""
    az = login(server, tmp_path)
    subscription = az.json("account", "show")["id"]
    sig = ["-g", "rg-versions", "-r", "gal_versions", "-i", "verImage"]
    az.json("group", "create", "-n", "rg-versions", "-l", "westus")
    az.json("sig", "create", "-g", "rg-versions", "-r", "gal_versions")
    az.json("sig", "image-definition", "create", *sig, "--os-type", "Linux", "--os-state", "Generalized",
            "-p", "myPublisherName", "-f", "myOfferName", "-s", "verSku")
    source = f"/subscriptions/{subscription}/resourceGroups/rg-versions/providers/Microsoft.Compute/images/myImage"

    created = az.json("sig", "image-version", "create", *sig, "-e", "1.0.0", "--managed-image", source,
                      "--target-regions", "westus", "eastus2=2")
    print(f"created: {json.dumps(created)}")
    assert created["provisioningState"] == "Succeeded"
    assert created["name"] == "1.0.0"
    assert [(r["name"], r["regionalReplicaCount"]) for r in created["publishingProfile"]["targetRegions"]] == [
        ("West US", 1), ("East US 2", 2)]
    assert created["storageProfile"]["source"]["id"] == source
    assert created["storageProfile"]["osDiskImage"]["sizeInGB"] == 30

    shown = az.json("sig", "image-version", "show", *sig, "-e", "1.0.0")
    assert shown["id"] == created["id"]
    assert shown["provisioningState"] == "Succeeded"
    expanded = az.json("sig", "image-version", "show", *sig, "-e", "1.0.0", "--expand", "ReplicationStatus")
    assert expanded["replicationStatus"]["aggregatedState"] == "Completed"
    az.json("sig", "image-version", "create", *sig, "-e", "1.0.1", "--managed-image", source)
    listed = az.json("sig", "image-version", "list", *sig)
    assert sorted(v["name"] for v in listed) == ["1.0.0", "1.0.1"]

    # GET, then a PUT without the source (the CLI drops it): accepted, and the source stays.
    updated = az.json("sig", "image-version", "update", *sig, "-e", "1.0.0", "--replica-count", "2")
    print(f"updated: {json.dumps(updated)}")
    assert updated["provisioningState"] == "Succeeded"
    assert updated["publishingProfile"]["replicaCount"] == 2
    assert updated["storageProfile"]["source"]["id"] == source
    assert az.json("sig", "image-version", "show", *sig, "-e", "1.0.0")["storageProfile"]["source"]["id"] == source

    refused = az.run("sig", "image-definition", "delete", *sig, check=False)
    print(f"definition delete while versions exist: exit {refused.returncode}: {refused.stderr.strip()[:300]}")
    assert refused.returncode != 0 and "CannotDeleteResource" in refused.stderr, refused.stderr
    az.run("sig", "image-version", "delete", *sig, "-e", "1.0.0")
    az.run("sig", "image-version", "delete", *sig, "-e", "1.0.1")
    missing = az.run("sig", "image-version", "show", *sig, "-e", "1.0.0", check=False)
    assert missing.returncode == 3 and "ResourceNotFound" in missing.stderr
    assert az.json("sig", "image-version", "list", *sig) == []
    az.run("sig", "image-definition", "delete", *sig)
    az.run("sig", "delete", "-g", "rg-versions", "-r", "gal_versions")
    az.run("group", "delete", "-n", "rg-versions", "--yes")
    az.run("logout")
    print(f"az commands run: {az.commands}")


def test_cli_image_versions_permissive(server_factory, tmp_path):
    image_version_flow(server_factory("--operation-duration", "0", "--replication-duration", "0.5"), tmp_path)


def test_cli_image_versions_strict(server_factory, tmp_path):
    server = server_factory("--auth-mode", "strict", "--operation-duration", "0", "--replication-duration", "0.5")
    image_version_flow(server, tmp_path)
    assert "strict auth" in open(server.log_path).read()

"""Command-line options and start-up behaviour of the built binary."""
import os
import subprocess
import time

import pytest
import requests

from conftest import BINARY, Server, free_port

SUBSCRIPTION = "00000000-1111-2222-3333-444444444444"
AUTH = {"Authorization": "Bearer any-token"}


def test_startup_line_names_urls_and_ca(server):
    log = open(server.log_path).read()
    assert f"https://127.0.0.1:{server.port} (SQLite in {server.data_dir}, permissive auth)" in log
    assert f"REQUESTS_CA_BUNDLE={os.path.realpath(server.ca)}" in log or f"REQUESTS_CA_BUNDLE={server.ca}" in log


def test_plain_http_listener_for_curl(server_factory):
    http_port = free_port()
    server = server_factory("--http-port", str(http_port))
    base = f"http://127.0.0.1:{http_port}"
    put = requests.put(f"{base}/subscriptions/{SUBSCRIPTION}/resourcegroups/rg?api-version=2024-11-01", json={"location": "West US"}, headers=AUTH)
    assert put.status_code == 201
    over_tls = requests.get(f"{server.url}/subscriptions/{SUBSCRIPTION}/resourcegroups/rg?api-version=2024-11-01", headers=AUTH, verify=server.ca)
    assert over_tls.json()["location"] == "westus", "both listeners share one store"
    gallery = requests.put(
        f"{base}/subscriptions/{SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Compute/galleries/g?api-version=2023-07-03",
        json={"location": "westus"}, headers=AUTH)
    assert gallery.headers["Azure-AsyncOperation"].startswith(f"{base}/"), "URLs handed out name the listener the client used"


def test_in_memory_keeps_nothing_across_restarts(tmp_path):
    env = dict(os.environ, GALLERYRP_IN_MEMORY="1", GALLERYRP_PAGE_SIZE="2")
    server = Server(str(tmp_path), [], env=env)
    try:
        server.start()
        assert f"https://127.0.0.1:{server.port} (in-memory storage, permissive auth)" in open(server.log_path).read()
        url = f"{server.url}/subscriptions/{SUBSCRIPTION}/resourcegroups/rg?api-version=2024-11-01"
        assert requests.put(url, json={"location": "westus"}, headers=AUTH, verify=server.ca).status_code == 201
        for name in ("a", "b", "c"):
            requests.put(f"{server.url}/subscriptions/{SUBSCRIPTION}/resourcegroups/{name}?api-version=2024-11-01",
                         json={"location": "westus"}, headers=AUTH, verify=server.ca)
        listed = requests.get(f"{server.url}/subscriptions/{SUBSCRIPTION}/resourcegroups?api-version=2024-11-01", headers=AUTH, verify=server.ca).json()
        assert len(listed["value"]) == 2 and "nextLink" in listed, "GALLERYRP_PAGE_SIZE applies"
        server.restart()
        assert requests.get(url, headers=AUTH, verify=server.ca).status_code == 404
        assert not os.path.exists(os.path.join(server.data_dir, "galleryrp.sqlite"))
    finally:
        server.stop()


def test_user_supplied_certificate(server_factory, tmp_path):
    first = server_factory()
    cert, key = os.path.join(first.data_dir, "server.pem"), os.path.join(first.data_dir, "server-key.pem")
    second = Server(str(tmp_path), ["--tls-cert", cert, "--tls-key", key])
    ca_of_first = first.ca
    second_ca = os.path.join(second.data_dir, "ca.pem")
    os.symlink(ca_of_first, second_ca)  # so the start-up probe trusts the first instance's CA
    second.start()
    try:
        response = requests.get(f"{second.url}/healthz", verify=ca_of_first)
        assert response.status_code == 200
        assert not os.path.exists(os.path.join(second.data_dir, "ca-key.pem")), "no CA is generated when a certificate is supplied"
    finally:
        second.stop()


def test_invalid_options_are_refused():
    result = subprocess.run([BINARY, "serve", "--tls-cert", "/nonexistent.pem"], capture_output=True, text=True, timeout=30)
    assert result.returncode != 0
    assert "--tls-cert and --tls-key go together" in result.stderr


BENCH_SUB = "5b5b5b5b-0000-4000-8000-000000000001"
BENCH_GALLERY = f"/subscriptions/{BENCH_SUB}/resourceGroups/bench/providers/Microsoft.Compute/galleries/bench"


def test_bulk_loaded_images_and_versions_are_served_like_created_ones(tmp_path):
    loaded = subprocess.run([BINARY, "load", "--images", "250", "--versions", "120", "--data-dir", str(tmp_path)],
                            capture_output=True, text=True, timeout=120)
    assert loaded.returncode == 0, loaded.stderr
    assert "loaded 250 image definitions and 120 versions" in loaded.stdout
    server = Server(str(tmp_path), ["--page-size", "100"])
    server.start()
    try:
        def names(url):
            found = []
            while url:
                page = requests.get(url, headers=AUTH, verify=server.ca).json()
                found += [item["name"] for item in page["value"]]
                url = page.get("nextLink")
            return found

        assert sorted(names(f"{server.url}{BENCH_GALLERY}/images?api-version=2023-07-03")) == sorted(f"seed{i}" for i in range(250))
        image = requests.get(f"{server.url}{BENCH_GALLERY}/images/seed249?api-version=2023-07-03", headers=AUTH, verify=server.ca).json()
        assert image["properties"]["identifier"] == {"publisher": "bench", "offer": "bench", "sku": "seed249"}
        assert image["properties"]["provisioningState"] == "Succeeded"
        clash = requests.put(f"{server.url}{BENCH_GALLERY}/images/other?api-version=2023-07-03", headers=AUTH, verify=server.ca, json={
            "location": "westus", "properties": {"osType": "Linux", "osState": "Generalized",
                                                 "identifier": {"publisher": "bench", "offer": "bench", "sku": "seed7"}}})
        assert clash.status_code == 409, "loaded images hold their publisher/offer/sku like created ones"

        versions = f"{server.url}{BENCH_GALLERY}/images/seed0/versions"
        assert sorted(names(f"{versions}?api-version=2023-07-03")) == sorted(f"1.0.{i}" for i in range(120))
        # A version created over HTTP from the same body reads the same as a loaded one, bar its name and date.
        body = {"location": "westus", "properties": {
            "publishingProfile": {"targetRegions": [{"name": "westus"}]},
            "storageProfile": {"source": {"id": f"/subscriptions/{BENCH_SUB}/resourceGroups/bench/providers/Microsoft.Compute/images/bench"}}}}
        created = requests.put(f"{versions}/2.0.0?api-version=2023-07-03", headers=AUTH, verify=server.ca, json=body)
        assert created.status_code == 201, created.text
        for _ in range(200):
            made = requests.get(f"{versions}/2.0.0?api-version=2023-07-03", headers=AUTH, verify=server.ca).json()
            if made["properties"]["provisioningState"] == "Succeeded":
                break
            time.sleep(0.05)
        loaded_version = requests.get(f"{versions}/1.0.119?api-version=2023-07-03", headers=AUTH, verify=server.ca).json()

        def comparable(version):
            version["properties"]["publishingProfile"].pop("publishedDate")
            return {k: v for k, v in version.items() if k not in ("id", "name")}

        assert comparable(loaded_version) == comparable(made)
        refused = requests.delete(f"{server.url}{BENCH_GALLERY}/images/seed0?api-version=2023-07-03", headers=AUTH, verify=server.ca)
        assert refused.status_code == 409 and refused.json()["error"]["code"] == "CannotDeleteResource"
    finally:
        server.stop()


def test_a_second_process_on_the_same_data_directory_is_refused(server):
    """The SQLite store caches records in memory, which is only right while one process writes the database."""
    second = subprocess.run([BINARY, "serve", "--port", str(free_port()), "--data-dir", server.data_dir], capture_output=True, text=True, timeout=30)
    assert second.returncode != 0
    assert "another galleryrp process is using this data directory" in second.stderr
    loader = subprocess.run([BINARY, "load", "--images", "1", "--data-dir", server.data_dir], capture_output=True, text=True, timeout=30)
    assert loader.returncode != 0 and "another galleryrp process" in loader.stderr
    assert requests.get(f"{server.url}/healthz", verify=server.ca).status_code == 200, "the first process carries on"

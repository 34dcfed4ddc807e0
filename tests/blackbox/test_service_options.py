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
    assert f"https://127.0.0.1:{server.port}" in log
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

"""Hostile input against the built binary: limits, slow clients, malformed bodies, path tricks, injection strings.
Every answer is a 4xx (or a closed connection for transport-level abuse), the process stays up, and nothing is stored."""
import socket
import ssl
import time

import pytest

from conftest import trusted_session

SUB = "5b5b5b5b-0000-4000-8000-000000000001"
AUTH = {"Authorization": "Bearer hostile"}
IMAGE = {"location": "westus", "properties": {"osType": "Linux", "osState": "Generalized",
                                             "identifier": {"publisher": "p", "offer": "o", "sku": "s"}}}


@pytest.fixture
def api(server_factory):
    server = server_factory("--request-timeout", "2", "--operation-duration", "0")
    session = trusted_session(server.ca)
    base = f"{server.url}/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Compute/galleries/g"
    assert session.put(f"{server.url}/subscriptions/{SUB}/resourcegroups/rg?api-version=2024-11-01", json={"location": "westus"}, headers=AUTH).status_code == 201
    assert session.put(f"{base}?api-version=2023-07-03", json={"location": "westus"}, headers=AUTH).status_code == 201
    yield server, session, base
    assert server.process.poll() is None, "the service survived"
    listed = session.get(f"{base}/images?api-version=2023-07-03", headers=AUTH).json()["value"]
    assert all(i["name"] in ("inj",) for i in listed), f"nothing else was stored: {[i['name'] for i in listed]}"


def expect_4xx(response, code=None):
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:200])
    if code:
        assert response.json()["error"]["code"] == code


@pytest.mark.parametrize("headers", [{"X-Big": "a" * 70000}, {f"X-H{i}": "v" for i in range(200)}], ids=["70KB-header", "200-headers"])
def test_header_limits(api, headers):
    _, session, base = api
    expect_4xx(session.get(f"{base}/images?api-version=2023-07-03", headers={**AUTH, **headers}))


def test_url_limit(api):
    _, session, base = api
    expect_4xx(session.get(f"{base}/images/{'a' * 100000}?api-version=2023-07-03", headers=AUTH))


def test_body_limit(api):
    _, session, base = api
    body = b'{"location":"westus","properties":{"description":"' + b"x" * (4 * 1024 * 1024) + b'"}}'
    expect_4xx(session.put(f"{base}/images/big?api-version=2023-07-03", data=body, headers={**AUTH, "Content-Type": "application/json"}), "RequestContentTooLarge")


@pytest.mark.parametrize("body", [b"[" * 100000 + b"]" * 100000, b'{"a":' * 5000 + b"1" + b"}" * 5000,
                                  b'{"location":"westus","properties":{"description":"\xff\xfe"}}', b"\x00\x01\x02", b'{"location":'],
                         ids=["deep-array", "deep-object", "invalid-utf8", "binary", "truncated"])
def test_malformed_bodies(api, body):
    _, session, base = api
    expect_4xx(session.put(f"{base}/images/bad?api-version=2023-07-03", data=body, headers={**AUTH, "Content-Type": "application/json"}), "InvalidRequestContent")


@pytest.mark.parametrize("name", ["..%2F..%2F..", "a%2Fb", "a%00b", "%E2%80%AEevil", "a" * 81, "%ZZ"])
def test_path_tricks(api, name):
    _, session, base = api
    expect_4xx(session.put(f"{base}/images/{name}?api-version=2023-07-03", json=IMAGE, headers=AUTH))
    expect_4xx(session.get(f"{base}/images/{name}?api-version=2023-07-03", headers=AUTH))


def test_injection_strings_are_stored_literally(api):
    _, session, base = api
    description = "'); DELETE FROM resources; -- <script>alert(1)</script> \u0000 \u202e {{7*7}} ${jndi:ldap://x}"
    body = {**IMAGE, "tags": {"k": "'; DROP TABLE resources; --"}, "properties": {**IMAGE["properties"], "description": description}}
    assert session.put(f"{base}/images/inj?api-version=2023-07-03", json=body, headers=AUTH).status_code == 201
    stored = session.get(f"{base}/images/inj?api-version=2023-07-03", headers=AUTH).json()
    assert stored["properties"]["description"] == description
    assert stored["tags"] == {"k": "'; DROP TABLE resources; --"}


def test_slow_clients_are_disconnected(api):
    server, _, _ = api
    context = ssl.create_default_context(cafile=server.ca)
    slow = context.wrap_socket(socket.create_connection(("127.0.0.1", server.port)), server_hostname="127.0.0.1")
    slow.send(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
    slow.settimeout(0.3)
    start = time.time()
    closed = False
    while time.time() - start < 8 and not closed:
        try:
            closed = slow.recv(100) == b""
        except socket.timeout:
            slow.send(b"X-Slow: 1\r\n")  # a header line every 0.3 s never completes the request
        except (ssl.SSLError, OSError):
            closed = True
    elapsed = time.time() - start
    print(f"slow client disconnected after {elapsed:.1f}s (request timeout 2 s)")
    assert closed and elapsed < 4

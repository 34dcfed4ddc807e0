"""Three galleryrp nodes on one PostgreSQL 15 server behind haproxy (round-robin per request), all on 127.0.0.1.
The real Azure SDK runs its lifecycle through the balancer; concurrent writers race on one image; a node is killed
with kill -9 during a write load. Each test prints its figures before asserting."""
import concurrent.futures
import os
import pathlib
import shutil
import signal
import subprocess
import tempfile
import threading
import time

import pytest
import requests

from conftest import ROOT, Server, free_port, trusted_session
from test_sdk_lifecycle import clients, seed_image, SUBSCRIPTION

HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
pytestmark = pytest.mark.skipif(not os.path.exists(HAPROXY), reason="haproxy missing (scripts/test.sh installs it)")
AUTH = {"Authorization": "Bearer cluster"}


class Cluster:
    def __init__(self, nodes, url, ca, balancer):
        self.nodes, self.url, self.ca, self.balancer = nodes, url, ca, balancer


@pytest.fixture
def cluster():
    work = tempfile.mkdtemp(prefix="galleryrp-cluster-")
    os.chmod(work, 0o755)
    pg_dir = os.path.join(work, "pg")
    database = subprocess.run([str(ROOT / "scripts" / "postgres-test-server.sh"), "start", pg_dir, str(free_port())],
                              check=True, capture_output=True, text=True).stdout.strip()
    shared = os.path.join(work, "shared")  # CA, certificate and token-signing key shared by every node
    common = ["--storage", "postgres", "--postgres-url", database, "--operation-duration", "0.2", "--page-size", "3"]
    nodes = [Server(shared, common + ["--migrate"])]
    nodes[0].start()
    for _ in range(2):
        node = Server(shared, common + ["--migrate"])
        node.start()
        nodes.append(node)
    with open(os.path.join(shared, "server.pem")) as chain, open(os.path.join(shared, "server-key.pem")) as key:
        pathlib.Path(work, "haproxy.pem").write_text(chain.read() + key.read())
    port = free_port()
    servers = "\n".join(f"  server n{i} 127.0.0.1:{n.port} ssl verify none check inter 300ms fall 1 rise 2" for i, n in enumerate(nodes))
    pathlib.Path(work, "haproxy.cfg").write_text(f"""global
  maxconn 2048
defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  retries 3
  option redispatch
  retry-on conn-failure empty-response response-timeout
frontend galleryrp
  bind 127.0.0.1:{port} ssl crt {work}/haproxy.pem
  default_backend nodes
backend nodes
  balance roundrobin
  option httpchk GET /healthz
{servers}
""")
    balancer = subprocess.Popen([HAPROXY, "-f", os.path.join(work, "haproxy.cfg"), "-db"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1)
    yield Cluster(nodes, f"https://127.0.0.1:{port}", nodes[0].ca, balancer)
    balancer.kill()
    for node in nodes:
        node.stop(signal.SIGKILL)
    subprocess.run([str(ROOT / "scripts" / "postgres-test-server.sh"), "stop", pg_dir])


class Through:
    """Duck-typed server for the SDK helpers: the balancer's URL and the shared CA."""

    def __init__(self, cluster):
        self.url, self.ca = cluster.url, cluster.ca


def session(cluster):
    return trusted_session(cluster.ca)


def test_sdk_lifecycle_through_the_balancer(cluster):
    compute, resources = clients(Through(cluster))
    resources.resource_groups.create_or_update("rg", {"location": "West US"})
    compute.galleries.begin_create_or_update("rg", "g", {"location": "West US"}).result()
    image = compute.gallery_images.begin_create_or_update("rg", "g", "seed", seed_image()).result()
    assert image.provisioning_state == "Succeeded"
    for i in range(6):
        compute.gallery_images.begin_create_or_update("rg", "g", f"img{i}", seed_image(f"sku{i}")).result()
    names = [i.name for i in compute.gallery_images.list_by_gallery("rg", "g")]
    print(f"listed {len(names)} images through the balancer (page size 3, pages served round-robin by 3 nodes)")
    assert sorted(names) == sorted(["seed"] + [f"img{i}" for i in range(6)])
    patched = compute.gallery_images.begin_update("rg", "g", "seed", {"properties": {"description": "patched"}}).result()
    assert patched.description == "patched"
    compute.gallery_images.begin_delete("rg", "g", "seed").result()
    with pytest.raises(Exception):
        compute.gallery_images.get("rg", "g", "seed")


def test_concurrent_creates_and_patches_of_one_image(cluster):
    s = session(cluster)
    base = f"{cluster.url}/subscriptions/{SUBSCRIPTION}/resourceGroups/rg"
    assert s.put(f"{base}?api-version=2024-11-01", json={"location": "westus"}, headers=AUTH).status_code == 201
    assert s.put(f"{base}/providers/Microsoft.Compute/galleries/g?api-version=2023-07-03", json={"location": "westus"}, headers=AUTH).status_code == 201
    image = f"{base}/providers/Microsoft.Compute/galleries/g/images/contended?api-version=2023-07-03"
    body = {"location": "westus", "properties": {"osType": "Linux", "osState": "Generalized", "identifier": {"publisher": "p", "offer": "o", "sku": "s"}}}
    barrier = threading.Barrier(24)

    def create(i):
        barrier.wait()
        return session(cluster).put(image, json={**body, "tags": {"writer": str(i)}}, headers=AUTH).status_code

    with concurrent.futures.ThreadPoolExecutor(24) as pool:
        statuses = list(pool.map(create, range(24)))
    print(f"24 concurrent creates: {sorted(statuses)}")
    assert statuses.count(201) == 1
    assert all(code in (200, 201) for code in statuses)

    def patch(i):
        barrier.wait()
        return session(cluster).patch(image, json={"properties": {"description": f"writer {i}"}}, headers=AUTH).status_code

    with concurrent.futures.ThreadPoolExecutor(24) as pool:
        patches = list(pool.map(patch, range(24)))
    final = s.get(image, headers=AUTH).json()
    print(f"24 concurrent PATCHes: {sorted(patches)}; final description {final['properties'].get('description')!r}")
    assert all(code == 200 for code in patches)
    assert final["properties"]["description"] in {f"writer {i}" for i in range(24)}


def write_load(url, ca, base, seconds, kill=None):
    """Writers PUT distinct images through `url` for `seconds`; `kill` runs midway. Returns (sent, acknowledged).
    Any 5xx answer fails the test."""
    stop = time.time() + seconds
    acknowledged, sent, server_errors = [], [0], []
    lock = threading.Lock()

    def writer(w):
        s = trusted_session(ca)
        i = 0
        while time.time() < stop:
            name = f"w{w}-{i}"
            i += 1
            body = {"location": "westus", "properties": {"osType": "Linux", "osState": "Generalized",
                                                         "identifier": {"publisher": "p", "offer": "o", "sku": name}}}
            with lock:
                sent[0] += 1
            try:
                response = s.put(f"{base}/images/{name}?api-version=2023-07-03", json=body, headers=AUTH, timeout=10)
                if response.status_code in (200, 201):
                    with lock:
                        acknowledged.append(name)
                elif response.status_code >= 500:
                    with lock:
                        server_errors.append((response.status_code, response.text[:200]))
            except requests.ConnectionError:
                s = trusted_session(ca)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    if kill:
        time.sleep(seconds / 3)
        kill()
    for t in threads:
        t.join()
    assert not server_errors, server_errors[:5]
    return sent[0], acknowledged


def verify_acknowledged(url, ca, base, acknowledged, label):
    s = trusted_session(ca)
    deadline = time.time() + 30
    missing, pending = list(acknowledged), []
    while time.time() < deadline:
        found, pending, missing = 0, [], []
        for name in acknowledged:
            response = s.get(f"{base}/images/{name}?api-version=2023-07-03", headers=AUTH)
            if response.status_code != 200:
                missing.append(name)
                continue
            found += 1
            if response.json()["properties"]["provisioningState"] != "Succeeded":
                pending.append(name)
        if not pending and not missing:
            break
        time.sleep(0.5)
    print(f"{label}: {len(acknowledged)} acknowledged, {found} found after the crash, {len(pending)} not terminal, {len(missing)} missing")
    assert not missing and not pending


def test_node_killed_under_write_load(cluster):
    s = session(cluster)
    base = f"{cluster.url}/subscriptions/{SUBSCRIPTION}/resourceGroups/rg"
    assert s.put(f"{base}?api-version=2024-11-01", json={"location": "westus"}, headers=AUTH).status_code == 201
    gallery = f"{base}/providers/Microsoft.Compute/galleries/g"
    assert s.put(f"{gallery}?api-version=2023-07-03", json={"location": "westus"}, headers=AUTH).status_code == 201
    victim = cluster.nodes[1]
    sent, acknowledged = write_load(cluster.url, cluster.ca, gallery, 6, kill=lambda: victim.process.send_signal(signal.SIGKILL))
    print(f"cluster write load: {sent} requests sent, {len(acknowledged)} acknowledged, node on port {victim.port} killed with SIGKILL")
    assert victim.process.wait(timeout=5) == -signal.SIGKILL
    assert len(acknowledged) > 50
    verify_acknowledged(cluster.url, cluster.ca, gallery, acknowledged, "cluster")


def test_sqlite_node_killed_under_write_load_and_restarted(server_factory):
    server = server_factory("--operation-duration", "0.5")
    s = trusted_session(server.ca)
    base = f"{server.url}/subscriptions/{SUBSCRIPTION}/resourceGroups/rg"
    assert s.put(f"{base}?api-version=2024-11-01", json={"location": "westus"}, headers=AUTH).status_code == 201
    gallery = f"{base}/providers/Microsoft.Compute/galleries/g"
    assert s.put(f"{gallery}?api-version=2023-07-03", json={"location": "westus"}, headers=AUTH).status_code == 201
    sent, acknowledged = write_load(server.url, server.ca, gallery, 6, kill=lambda: server.process.send_signal(signal.SIGKILL))
    print(f"sqlite write load: {sent} requests sent, {len(acknowledged)} acknowledged before kill -9")
    server.process.wait(timeout=5)
    server.start()
    verify_acknowledged(server.url, server.ca, gallery, acknowledged, "sqlite")


def test_sigterm_finishes_in_flight_requests_and_exits(server_factory):
    import socket
    import ssl
    server = server_factory("--shutdown-timeout", "5")
    body = b'{"location":"westus"}'
    context = ssl.create_default_context(cafile=server.ca)
    connection = context.wrap_socket(socket.create_connection(("127.0.0.1", server.port)), server_hostname="127.0.0.1")
    connection.sendall(f"PUT /subscriptions/{SUBSCRIPTION}/resourcegroups/inflight?api-version=2024-11-01 HTTP/1.1\r\n"
                       f"Host: 127.0.0.1\r\nAuthorization: Bearer x\r\nContent-Type: application/json\r\n"
                       f"Content-Length: {len(body)}\r\n\r\n".encode() + body[:5])
    time.sleep(0.3)
    started = time.time()
    server.process.send_signal(signal.SIGTERM)
    time.sleep(0.3)
    connection.sendall(body[5:])
    status_line = connection.recv(4096).split(b"\r\n")[0]
    code = server.process.wait(timeout=15)
    print(f"in-flight request answered {status_line!r}; exited {code} {time.time() - started:.2f}s after SIGTERM")
    assert status_line == b"HTTP/1.1 201 Created"
    assert code == 0
    # The acknowledged write is there after a restart.
    server.start()
    check = requests.get(f"{server.url}/subscriptions/{SUBSCRIPTION}/resourcegroups/inflight?api-version=2024-11-01", headers=AUTH, verify=server.ca)
    assert check.status_code == 200


def test_database_outage_is_a_503_and_the_pool_reconnects():
    """The database goes away and comes back: requests in between get 503 with Retry-After, later ones succeed."""
    work = tempfile.mkdtemp(prefix="galleryrp-outage-")
    os.chmod(work, 0o755)
    pg_dir, pg_port = os.path.join(work, "pg"), free_port()
    script = str(ROOT / "scripts" / "postgres-test-server.sh")
    database = subprocess.run([script, "start", pg_dir, str(pg_port)], check=True, capture_output=True, text=True).stdout.strip()
    node = Server(os.path.join(work, "node"), ["--storage", "postgres", "--postgres-url", database, "--migrate"])
    node.start()
    try:
        s = trusted_session(node.ca)
        url = f"{node.url}/subscriptions/{SUBSCRIPTION}/resourcegroups/rg?api-version=2024-11-01"
        assert s.put(url, json={"location": "westus"}, headers=AUTH).status_code == 201
        subprocess.run([script, "stop", pg_dir], check=True)
        down = s.get(url, headers=AUTH)
        print(f"database down: {down.status_code} {down.json()['error']['code']} Retry-After {down.headers.get('Retry-After')}")
        assert down.status_code == 503 and down.headers.get("Retry-After") == "1"
        subprocess.run([script, "resume", pg_dir, str(pg_port)], check=True)
        deadline, status = time.time() + 20, None
        while time.time() < deadline and status != 200:
            status = s.get(url, headers=AUTH).status_code
            time.sleep(0.2)
        print(f"database back: {status}")
        assert status == 200
    finally:
        node.stop(signal.SIGKILL)
        subprocess.run([script, "stop", pg_dir])


def test_nodes_migrating_at_once_migrate_once():
    from conftest import BINARY
    work = tempfile.mkdtemp(prefix="galleryrp-migrate-")
    os.chmod(work, 0o755)
    pg_dir = os.path.join(work, "pg")
    script = str(ROOT / "scripts" / "postgres-test-server.sh")
    database = subprocess.run([script, "start", pg_dir, str(free_port())], check=True, capture_output=True, text=True).stdout.strip()
    try:
        runs = [subprocess.Popen([BINARY, "migrate", "--postgres-url", database], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                for _ in range(4)]
        outputs = [(run.wait(timeout=60), run.stdout.read()) for run in runs]
        print(f"4 concurrent migrations: {[(code, out.strip().splitlines()[-1]) for code, out in outputs]}")
        assert all(code == 0 for code, _ in outputs)
        assert sum("Applied PostgreSQL migrations: 1, 2." in out for _, out in outputs) == 1
        assert sum("up to date" in out for _, out in outputs) == 3
    finally:
        subprocess.run([script, "stop", pg_dir])

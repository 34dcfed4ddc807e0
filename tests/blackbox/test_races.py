"""Races against the built binary over HTTPS, on two deployments: one node on SQLite, and two nodes sharing one
PostgreSQL 15 server (clients alternate between the nodes, no balancer).

- concurrent PATCHes of different properties of one image: no acknowledged change may be lost;
- a gallery DELETE racing an image PUT into it: never both acknowledged (a delete must not swallow an acknowledged
  image);
- a random PUT/PATCH/GET load on three images, checked for linearizability (linearizability.py).
Each test prints its figures before asserting."""
import collections
import math
import os
import random
import signal
import subprocess
import tempfile
import threading
import time
import uuid

import pytest
import requests

from conftest import ROOT, Server, free_port
from linearizability import ImageModel, Operation, check

SUBSCRIPTION = "00000000-1111-2222-3333-444444444444"
AUTH = {"Authorization": "Bearer races"}
COMPUTE = "api-version=2023-07-03"
RESOURCES = "api-version=2024-11-01"
PG_SCRIPT = str(ROOT / "scripts" / "postgres-test-server.sh")
FIELDS = ImageModel.FIELDS  # description, releaseNoteUri, recommended.vCPUs.max, recommended.memory.max


# --- helpers shared with test_postgres_restart.py ---------------------------------------------------------------------

def start_postgres(work: str) -> tuple[str, int, str]:
    """A throw-away PostgreSQL 15 server under `work`: (its directory, port, connection URL)."""
    os.chmod(work, 0o755)
    pg_dir, port = os.path.join(work, "pg"), free_port()
    url = subprocess.run([PG_SCRIPT, "start", pg_dir, str(port)], check=True, capture_output=True, text=True).stdout.strip()
    return pg_dir, port, url


def stop_postgres(pg_dir: str) -> None:
    """pg_ctl stop -m immediate (the script ignores a server already stopped)."""
    subprocess.run([PG_SCRIPT, "stop", pg_dir], check=False)


def resume_postgres(pg_dir: str, port: int) -> None:
    subprocess.run([PG_SCRIPT, "resume", pg_dir, str(port)], check=True)


def session(ca: str) -> requests.Session:
    s = requests.Session()
    s.verify, s.trust_env = ca, False
    return s


def image_body(sku: str, fields: dict | None = None) -> dict:
    """A full PUT body; `fields` are the mutable ones by their ImageModel names."""
    properties = {"osType": "Linux", "osState": "Generalized", "identifier": {"publisher": "p", "offer": "o", "sku": sku}}
    for name, value in (fields or {}).items():
        merge(properties, patch_properties(name, value))
    return {"location": "westus", "properties": properties}


def merge(into: dict, other: dict) -> dict:
    """Deep merge of nested dicts (both "recommended.*" fields share the "recommended" object)."""
    for key, value in other.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            merge(into[key], value)
        else:
            into[key] = value
    return into


def patch_properties(field: str, value) -> dict:
    """{"recommended.vCPUs.max": 4} -> {"recommended": {"vCPUs": {"max": 4}}}."""
    *path, leaf = field.split(".")
    out = node = {}
    for part in path:
        node[part] = {}
        node = node[part]
    node[leaf] = value
    return out


def mutable_fields(resource: dict) -> dict:
    """The four mutable fields of an image's JSON (None when absent)."""
    out = {}
    for field in FIELDS:
        node = resource.get("properties", {})
        for part in field.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        out[field] = node
    return out


# --- deployments -----------------------------------------------------------------------------------------------------

class Deployment:
    """One or more nodes sharing one store; `url(i)` alternates between them."""

    def __init__(self, kind: str, nodes: list[Server]):
        self.kind, self.nodes = kind, nodes
        self.ca = nodes[0].ca

    def url(self, i: int = 0) -> str:
        return self.nodes[i % len(self.nodes)].url

    def base(self, rg: str, i: int = 0) -> str:
        return f"{self.url(i)}/subscriptions/{SUBSCRIPTION}/resourceGroups/{rg}"

    def gallery(self, rg: str, gallery: str, i: int = 0) -> str:
        return f"{self.base(rg, i)}/providers/Microsoft.Compute/galleries/{gallery}"


@pytest.fixture(scope="module")
def postgres_database():
    work = tempfile.mkdtemp(prefix="galleryrp-races-pg-")
    pg_dir, _, url = start_postgres(work)
    yield url
    stop_postgres(pg_dir)


@pytest.fixture(params=["sqlite", "postgres"])
def deploy(request):
    """deploy(*args) starts the deployment with extra serve arguments."""
    nodes: list[Server] = []

    def make(*args: str) -> Deployment:
        if request.param == "sqlite":
            node = Server(tempfile.mkdtemp(prefix="galleryrp-races-"), list(args))
            node.start()
            nodes.append(node)
        else:
            database = request.getfixturevalue("postgres_database")
            shared = tempfile.mkdtemp(prefix="galleryrp-races-shared-")  # CA, certificate and keys for both nodes
            for _ in range(2):
                node = Server(shared, ["--storage", "postgres", "--postgres-url", database, "--migrate", *args])
                node.start()
                nodes.append(node)
        return Deployment(request.param, list(nodes))

    yield make
    for node in nodes:
        node.stop(signal.SIGKILL)


def wait_succeeded(s: requests.Session, url: str, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while True:
        response = s.get(f"{url}?{COMPUTE}", headers=AUTH, timeout=10)
        if response.status_code == 200 and response.json()["properties"]["provisioningState"] == "Succeeded":
            return
        assert time.monotonic() < deadline, f"{url} not Succeeded after {seconds} s: {response.status_code} {response.text[:300]}"
        time.sleep(0.02)


def create_group_and_gallery(d: Deployment, rg: str, gallery: str) -> None:
    s = session(d.ca)
    assert s.put(f"{d.base(rg)}?{RESOURCES}", json={"location": "westus"}, headers=AUTH).status_code == 201
    assert s.put(f"{d.gallery(rg, gallery)}?{COMPUTE}", json={"location": "westus"}, headers=AUTH).status_code == 201
    wait_succeeded(s, d.gallery(rg, gallery))


# --- 1. concurrent PATCHes of different properties -------------------------------------------------------------------

ROUNDS = 20


def test_concurrent_patches_of_different_properties_lose_nothing(deploy):
    d = deploy("--operation-duration", "0")
    rg = f"rg-{uuid.uuid4().hex[:8]}"
    create_group_and_gallery(d, rg, "g")
    image_path = "/images/img"
    s = session(d.ca)
    initial = {FIELDS[0]: "initial", FIELDS[1]: "https://example.com/notes/0", FIELDS[2]: 1, FIELDS[3]: 1}
    assert s.put(f"{d.gallery(rg, 'g')}{image_path}?{COMPUTE}", json=image_body("img", initial), headers=AUTH).status_code == 201

    # One warmed-up session per writer (TLS handshake done), writer i on node i % nodes.
    writers = [session(d.ca) for _ in FIELDS]
    for i, w in enumerate(writers):
        assert w.get(f"{d.gallery(rg, 'g', i)}{image_path}?{COMPUTE}", headers=AUTH).status_code == 200
    barrier = threading.Barrier(len(FIELDS))
    statuses = collections.Counter()
    lost = []  # (round, field, value written, value read, node read from)
    acknowledged = 0

    for r in range(ROUNDS):
        values = [f"round {r}", f"https://example.com/notes/{r + 1}", 100 + r, 1000 + r]
        results = [None] * len(FIELDS)

        def writer(i):
            barrier.wait()
            try:
                response = writers[i].patch(f"{d.gallery(rg, 'g', i)}{image_path}?{COMPUTE}",
                                            json={"properties": patch_properties(FIELDS[i], values[i])}, headers=AUTH, timeout=20)
                results[i] = response.status_code
            except requests.RequestException as error:
                results[i] = type(error).__name__

        threads = [threading.Thread(target=writer, args=(i,)) for i in range(len(FIELDS))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        statuses.update(results)
        round_lost = []
        for node in range(len(d.nodes)):
            seen = mutable_fields(s.get(f"{d.gallery(rg, 'g', node)}{image_path}?{COMPUTE}", headers=AUTH, timeout=20).json())
            for i, field in enumerate(FIELDS):
                if results[i] == 200 and seen[field] != values[i]:
                    round_lost.append((r, field, values[i], seen[field], node))
        acknowledged += results.count(200)
        lost.extend(round_lost)
        print(f"[{d.kind}] round {r:2}: statuses {results}" + (f"  LOST {[(f, w, got) for _, f, w, got, _ in round_lost]}" if round_lost else ""))

    rounds_with_loss = len({r for r, *_ in lost})
    lost_changes = len({(r, field) for r, field, *_ in lost})
    print(f"[{d.kind}] {ROUNDS} rounds x {len(FIELDS)} concurrent PATCHes of different fields: statuses {dict(statuses)}; "
          f"{acknowledged} acknowledged; {lost_changes} acknowledged changes lost in {rounds_with_loss} rounds "
          f"(read back from {len(d.nodes)} node(s))")
    assert not lost, f"acknowledged PATCHes lost (round, field, written, read, node): {lost[:10]}"
    assert acknowledged >= ROUNDS * len(FIELDS) // 2, "too few PATCHes acknowledged for the test to mean anything"


# --- 2. gallery DELETE racing an image PUT ---------------------------------------------------------------------------

RACE_ROUNDS = 12
RACE_PAIRS = 3  # galleries raced at once per round


def test_gallery_delete_racing_image_put_never_swallows_an_acknowledged_image(deploy):
    duration = 0.2
    d = deploy("--operation-duration", str(duration))
    rg = f"rg-{uuid.uuid4().hex[:8]}"
    s = session(d.ca)
    assert s.put(f"{d.base(rg)}?{RESOURCES}", json={"location": "westus"}, headers=AUTH).status_code == 201
    # Deleter and creator of each pair on different nodes (when there are two); sessions warmed up.
    deleters = [session(d.ca) for _ in range(RACE_PAIRS)]
    creators = [session(d.ca) for _ in range(RACE_PAIRS)]
    for p in range(RACE_PAIRS):
        deleters[p].get(f"{d.base(rg, 0)}?{RESOURCES}", headers=AUTH)
        creators[p].get(f"{d.base(rg, 1)}?{RESOURCES}", headers=AUTH)
    rng = random.Random(42)
    outcomes = collections.Counter()
    violations = []
    unexpected = []

    def race(r: int, p: int, barrier: threading.Barrier, offset: float, out: dict):
        gallery = f"g{r}x{p}"
        image = f"{d.gallery(rg, gallery, 1)}/images/img?{COMPUTE}"
        body = image_body(f"sku-{r}-{p}")
        barrier.wait()
        if offset > 0:
            time.sleep(offset)
        try:
            out["image"] = creators[p].put(image, json=body, headers=AUTH, timeout=20).status_code
        except requests.RequestException as error:
            out["image"] = type(error).__name__

    def delete(r: int, p: int, barrier: threading.Barrier, offset: float, out: dict):
        gallery = f"g{r}x{p}"
        barrier.wait()
        if offset < 0:
            time.sleep(-offset)
        try:
            response = deleters[p].delete(f"{d.gallery(rg, gallery, 0)}?{COMPUTE}", headers=AUTH, timeout=20)
            out["delete"] = response.status_code
            out["delete_body"] = response.text[:200]
        except requests.RequestException as error:
            out["delete"] = type(error).__name__

    for r in range(RACE_ROUNDS):
        for p in range(RACE_PAIRS):
            assert s.put(f"{d.gallery(rg, f'g{r}x{p}')}?{COMPUTE}", json={"location": "westus"}, headers=AUTH).status_code == 201
        for p in range(RACE_PAIRS):
            wait_succeeded(s, d.gallery(rg, f"g{r}x{p}"))
        barrier = threading.Barrier(2 * RACE_PAIRS)
        outs = [{} for _ in range(RACE_PAIRS)]
        threads = []
        for p in range(RACE_PAIRS):
            offset = rng.uniform(-0.003, 0.003)  # sweep the relative timing a little
            threads.append(threading.Thread(target=race, args=(r, p, barrier, offset, outs[p])))
            threads.append(threading.Thread(target=delete, args=(r, p, barrier, offset, outs[p])))
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for p, out in enumerate(outs):
            gallery_url = d.gallery(rg, f"g{r}x{p}")
            # Wait for an accepted delete to finish: the gallery disappears.
            gallery_status = None
            deadline = time.monotonic() + duration + 10
            while time.monotonic() < deadline:
                gallery_status = s.get(f"{gallery_url}?{COMPUTE}", headers=AUTH, timeout=20).status_code
                if out["delete"] != 202 or gallery_status == 404:
                    break
                time.sleep(0.05)
            image_status = s.get(f"{gallery_url}/images/img?{COMPUTE}", headers=AUTH, timeout=20).status_code
            image_acked, delete_acked = out["image"] in (200, 201), out["delete"] == 202
            outcomes[f"image {out['image']} / delete {out['delete']}"] += 1
            if image_acked and delete_acked:
                violations.append(f"round {r} pair {p}: image PUT {out['image']}, gallery DELETE 202; afterwards "
                                  f"gallery GET {gallery_status}, image GET {image_status}")
            elif image_acked and image_status != 200:
                violations.append(f"round {r} pair {p}: image PUT {out['image']} but the image is gone ({image_status}); "
                                  f"delete {out['delete']}")
            if out["image"] not in (200, 201, 404, 409) or out["delete"] not in (202, 409):
                unexpected.append(f"round {r} pair {p}: {out}")
            if out["delete"] == 202 and gallery_status != 404:
                unexpected.append(f"round {r} pair {p}: accepted delete still not done: gallery GET {gallery_status}")

    print(f"[{d.kind}] {RACE_ROUNDS} rounds x {RACE_PAIRS} galleries, gallery DELETE racing image PUT: "
          + ", ".join(f"{k}: {v}" for k, v in sorted(outcomes.items())))
    for v in violations:
        print(f"[{d.kind}] VIOLATION {v}")
    for u in unexpected:
        print(f"[{d.kind}] UNEXPECTED {u}")
    assert not violations, f"{len(violations)} acknowledged images swallowed by an acknowledged gallery delete: {violations[:5]}"
    assert not unexpected, unexpected[:5]


# --- 3. linearizability of a random load on three images -------------------------------------------------------------

def test_random_load_on_three_images_is_linearizable(deploy):
    d = deploy("--operation-duration", "0")
    rg = f"rg-{uuid.uuid4().hex[:8]}"
    create_group_and_gallery(d, rg, "g")
    images = ["img0", "img1", "img2"]
    clients, seconds = 8, 5.0
    history: list[Operation] = []
    dropped = collections.Counter()  # (kind, status) refused with a 4xx: definitely no effect
    unknown = collections.Counter()  # (kind, status or error): outcome unknown
    counter = iter(range(1, 10**9))
    lock = threading.Lock()

    def fresh_values(n: int) -> dict:
        return {FIELDS[0]: f"desc {n}", FIELDS[1]: f"https://example.com/notes/{n}", FIELDS[2]: n, FIELDS[3]: 100000 + n}

    def run(client: int, s: requests.Session, kind: str, image: str, payload) -> None:
        url = f"{d.gallery(rg, 'g', client)}/images/{image}?{COMPUTE}"
        if kind == "put":
            method, body, value = "PUT", image_body(image, payload), payload
        elif kind == "patch":
            method, body, value = "PATCH", {"properties": patch_properties(*payload)}, payload
        else:
            method, body, value = "GET", None, None
        call = time.monotonic()
        try:
            response = s.request(method, url, json=body, headers=AUTH, timeout=10)
        except requests.RequestException as error:
            ret = time.monotonic()
            with lock:
                unknown[(kind, type(error).__name__)] += 1
                if kind != "get":  # a read without an answer tells nothing
                    history.append(Operation(client, call, math.inf, kind, value, None, image))
            return
        ret = time.monotonic()
        try:
            answer = response.json()
        except ValueError:
            answer = None
        with lock:
            if 400 <= response.status_code < 500:
                code = answer.get("error", {}).get("code") if isinstance(answer, dict) else None
                dropped[(kind, response.status_code, code)] += 1
            elif response.status_code >= 300 or not isinstance(answer, dict):
                unknown[(kind, response.status_code)] += 1
                if kind != "get":
                    history.append(Operation(client, call, math.inf, kind, value, None, image))
            else:
                # A PUT or PATCH answers the resource as stored: the state right after it.
                history.append(Operation(client, call, ret, kind, value, mutable_fields(answer), image))

    setup = session(d.ca)
    for image in images:
        run(-1, setup, "put", image, fresh_values(next(counter)))
    assert len(history) == len(images), (history, dropped, unknown)

    def client(c: int):
        rng = random.Random(c)
        s = session(d.ca)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            image = rng.choice(images)
            kind = rng.choices(["put", "patch", "get"], weights=[2, 4, 4])[0]
            with lock:
                n = next(counter)
            if kind == "put":
                payload = fresh_values(n)
            elif kind == "patch":
                field = rng.choice(FIELDS)
                payload = (field, n if field.startswith("recommended") else
                           (f"desc {n}" if field == "description" else f"https://example.com/notes/{n}"))
            else:
                payload = None
            run(c, s, kind, image, payload)

    threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    per_image = collections.Counter((op.key, op.kind) for op in history)
    for image in images:
        print(f"[{d.kind}] {image}: " + ", ".join(f"{k} {per_image[(image, k)]}" for k in ("put", "patch", "get")))
    print(f"[{d.kind}] {len(history)} operations from {clients} clients in {seconds} s; dropped (4xx) {dict(dropped)}; "
          f"unknown outcome {dict(unknown)}")
    started = time.monotonic()
    ok, info = check(history, ImageModel(), timeout=30)
    print(f"[{d.kind}] checker: {time.monotonic() - started:.2f} s: {info if ok else 'NOT LINEARIZABLE'}")
    if not ok:
        print(info)
    assert ok, info
    assert len(history) > 300, "too few operations for the check to mean anything"

"""Long-running creates finish by the clock: under a flood of creates, every resource read after its operation's due
time shows `Succeeded`, with no backlog of operations waiting for a worker, and after a crash too."""
import collections
import concurrent.futures
import signal
import threading
import time
import uuid

from conftest import trusted_session

SUBSCRIPTION = "00000000-1111-2222-3333-555555555555"
AUTH = {"Authorization": "Bearer by-clock"}
DURATION = 0.5


def image_body(name: str) -> dict:
    return {"location": "westus", "properties": {
        "osType": "Linux", "osState": "Generalized",
        "identifier": {"publisher": "clock", "offer": name, "sku": "sku"}}}


def test_resources_settle_at_their_due_time_under_a_write_flood(server_factory):
    server = server_factory("--operation-duration", str(DURATION))
    session = trusted_session(server.ca, AUTH)
    base = f"{server.url}/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-clock"
    assert session.put(f"{base}?api-version=2024-11-01", json={"location": "westus"}).status_code == 201
    gallery = f"{base}/providers/Microsoft.Compute/galleries/clockGallery"
    assert session.put(f"{gallery}?api-version=2023-07-03", json={"location": "westus"}).status_code == 201

    checked = 0
    lock = threading.Lock()
    stop = time.monotonic() + 4

    def flood() -> None:
        """Creates images without pause; between creates, reads each of its own images once it is past its due time."""
        nonlocal checked
        writer = trusted_session(server.ca, AUTH)
        pending: collections.deque[tuple[str, float]] = collections.deque()
        while time.monotonic() < stop:
            name = f"img-{uuid.uuid4().hex[:12]}"
            response = writer.put(f"{gallery}/images/{name}?api-version=2023-07-03", json=image_body(name))
            assert response.status_code == 201, response.text
            assert response.json()["properties"]["provisioningState"] == "Creating"
            pending.append((name, time.monotonic()))
            while pending and time.monotonic() - pending[0][1] > DURATION + 0.01:
                old, acknowledged = pending.popleft()
                state = writer.get(f"{gallery}/images/{old}?api-version=2023-07-03").json()["properties"]["provisioningState"]
                assert state == "Succeeded", (old, time.monotonic() - acknowledged)
                with lock:
                    checked += 1

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        for future in [pool.submit(flood) for _ in range(8)]:
            future.result()
    assert checked > 100, checked
    time.sleep(DURATION + 0.1)
    health = session.get(f"{server.url}/_galleryrp/health").json()
    assert health["worker"]["operationsInProgress"] == 0, health
    print(f"8 writers for 4 s: {checked} images read during the flood after their due time, all Succeeded")


def test_an_acknowledged_create_settles_after_a_crash(server_factory):
    server = server_factory("--operation-duration", "1")
    session = trusted_session(server.ca, AUTH)
    base = f"{server.url}/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-crash"
    assert session.put(f"{base}?api-version=2024-11-01", json={"location": "westus"}).status_code == 201
    gallery = f"{base}/providers/Microsoft.Compute/galleries/crashGallery"
    assert session.put(f"{gallery}?api-version=2023-07-03", json={"location": "westus"}).status_code == 201
    response = session.put(f"{gallery}/images/img?api-version=2023-07-03", json=image_body("img"))
    assert response.status_code == 201
    operation = response.headers["Azure-AsyncOperation"]
    server.restart(signal.SIGKILL)
    session.close()
    session = trusted_session(server.ca, AUTH)
    assert session.get(operation).json()["status"] in ("InProgress", "Succeeded")
    time.sleep(1.1)
    assert session.get(f"{gallery}/images/img?api-version=2023-07-03").json()["properties"]["provisioningState"] == "Succeeded"
    assert session.get(operation).json()["status"] == "Succeeded"

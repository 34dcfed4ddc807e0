"""One galleryrp node on its own PostgreSQL 15 server, which is stopped (pg_ctl -m immediate) and started again under
an 8-writer load: every request gets an HTTP answer (201 or 503), every 201 is kept, and SIGTERM afterwards ends the
node within --shutdown-timeout. Also: an idle node whose database is unreachable stops promptly on SIGTERM.
Each test prints its figures before asserting."""
import collections
import os
import signal
import subprocess
import tempfile
import threading
import time

import requests

from conftest import Server
from test_races import AUTH, COMPUTE, RESOURCES, SUBSCRIPTION, image_body, resume_postgres, session, start_postgres, stop_postgres

SHUTDOWN_TIMEOUT = 10
IDLE_SHUTDOWN_TIMEOUT = 3  # an idle node has nothing in flight: it has no reason to need long
CLIENT_TIMEOUT = 20  # a request without an answer after this long counts as a failure
EXIT_SLACK = 0.5  # measuring: signal delivery, process teardown, Popen.wait polling


def sigterm_and_time(node: Server, shutdown_timeout: float) -> tuple[float | None, int | None]:
    """Sends SIGTERM and waits up to the shutdown timeout plus 3 s: (seconds to exit or None, exit code or None).
    A node still running then is killed with SIGKILL."""
    started = time.monotonic()
    node.process.send_signal(signal.SIGTERM)
    try:
        code = node.process.wait(timeout=shutdown_timeout + 3)
        return time.monotonic() - started, code
    except subprocess.TimeoutExpired:
        node.process.kill()
        node.process.wait()
        return None, None
    finally:
        node.process = None


def start_node(work: str, database: str, shutdown_timeout: float, *args: str) -> Server:
    node = Server(os.path.join(work, "node"), ["--storage", "postgres", "--postgres-url", database, "--migrate",
                                               "--shutdown-timeout", str(shutdown_timeout), *args])
    node.start()
    target = database.split("://", 1)[1]
    assert f"(PostgreSQL at {target}, permissive auth)" in open(node.log_path).read(), "the start-up line names the database"
    return node


def test_postgres_restart_under_write_load():
    work = tempfile.mkdtemp(prefix="galleryrp-pg-restart-")
    pg_dir, pg_port, database = start_postgres(work)
    node = start_node(work, database, SHUTDOWN_TIMEOUT, "--operation-duration", "0.2")
    try:
        s = session(node.ca)
        base = f"{node.url}/subscriptions/{SUBSCRIPTION}/resourceGroups/rg"
        gallery = f"{base}/providers/Microsoft.Compute/galleries/g"
        assert s.put(f"{base}?{RESOURCES}", json={"location": "westus"}, headers=AUTH).status_code == 201
        assert s.put(f"{gallery}?{COMPUTE}", json={"location": "westus"}, headers=AUTH).status_code == 201

        seconds, writers = 8.0, 8
        statuses = collections.Counter()
        acknowledged, failures, slowest = [], [], [0.0]
        lock = threading.Lock()
        t0 = time.monotonic()
        stop_at = t0 + seconds

        def writer(w: int):
            ws, i = session(node.ca), 0
            while time.monotonic() < stop_at:
                name = f"w{w}-{i}"
                i += 1
                sent = time.monotonic()
                try:
                    response = ws.put(f"{gallery}/images/{name}?{COMPUTE}", json=image_body(name), headers=AUTH,
                                      timeout=CLIENT_TIMEOUT)
                except requests.RequestException as error:
                    with lock:
                        failures.append(f"{name}: sent at +{sent - t0:.1f}s, {type(error).__name__} after "
                                        f"{time.monotonic() - sent:.1f}s")
                    ws = session(node.ca)
                    continue
                with lock:
                    slowest[0] = max(slowest[0], time.monotonic() - sent)
                    statuses[response.status_code] += 1
                    if response.status_code == 201:
                        acknowledged.append(name)

        threads = [threading.Thread(target=writer, args=(w,)) for w in range(writers)]
        for t in threads:
            t.start()
        time.sleep(2)
        stop_postgres(pg_dir)
        stopped = time.monotonic() - t0
        time.sleep(2)
        resume_postgres(pg_dir, pg_port)
        resumed = time.monotonic() - t0
        for t in threads:
            t.join()
        load_ended = time.monotonic() - t0
        print(f"PostgreSQL stopped at +{stopped:.1f}s, running again at +{resumed:.1f}s; load ended at +{load_ended:.1f}s")
        print(f"{sum(statuses.values()) + len(failures)} requests: answers {dict(sorted(statuses.items()))}, "
              f"{len(failures)} without an answer within {CLIENT_TIMEOUT}s; slowest answer {slowest[0]:.2f}s")
        for f in failures[:10]:
            print(f"  no answer: {f}")

        # Every acknowledged image is there (the database is back; allow the pool a few seconds to reconnect).
        missing, deadline = list(acknowledged), time.monotonic() + 10
        while missing and time.monotonic() < deadline:
            still = []
            for position, name in enumerate(missing):
                if time.monotonic() > deadline:
                    still.extend(missing[position:])
                    break
                try:
                    if s.get(f"{gallery}/images/{name}?{COMPUTE}", headers=AUTH, timeout=5).status_code != 200:
                        still.append(name)
                except requests.RequestException:
                    still.append(name)
                    s = session(node.ca)
            missing = still
            if missing:
                time.sleep(0.5)
        print(f"{len(acknowledged)} acknowledged (201), {len(acknowledged) - len(missing)} found afterwards, {len(missing)} missing")

        elapsed, code = sigterm_and_time(node, SHUTDOWN_TIMEOUT)
        print(f"SIGTERM after the load: " + (f"exited {code} after {elapsed:.2f}s" if elapsed is not None else
                                              f"still running after {SHUTDOWN_TIMEOUT + 3}s (killed)")
              + f" (--shutdown-timeout {SHUTDOWN_TIMEOUT})")

        assert not failures, f"{len(failures)} requests got no HTTP answer within {CLIENT_TIMEOUT}s: {failures[:5]}"
        assert set(statuses) <= {201, 503}, f"answers other than 201/503: {dict(statuses)}"
        assert statuses[201] > 50, "too few writes acknowledged for the test to mean anything"
        assert not missing, f"acknowledged images missing: {missing[:10]}"
        assert elapsed is not None and elapsed <= SHUTDOWN_TIMEOUT + EXIT_SLACK, \
            f"SIGTERM took {elapsed if elapsed is not None else f'> {SHUTDOWN_TIMEOUT + 3}'} s, --shutdown-timeout is {SHUTDOWN_TIMEOUT}"
        assert code == 0
    finally:
        if node.process is not None:
            node.stop(signal.SIGKILL)
        stop_postgres(pg_dir)


def test_idle_node_with_unreachable_database_stops_promptly_on_sigterm():
    work = tempfile.mkdtemp(prefix="galleryrp-pg-idle-")
    pg_dir, _, database = start_postgres(work)
    node = start_node(work, database, IDLE_SHUTDOWN_TIMEOUT)
    try:
        s = session(node.ca)
        url = f"{node.url}/subscriptions/{SUBSCRIPTION}/resourcegroups/rg?{RESOURCES}"
        assert s.put(url, json={"location": "westus"}, headers=AUTH).status_code == 201  # the pool holds connections
        stop_postgres(pg_dir)
        time.sleep(1)  # idle, with the database gone
        elapsed, code = sigterm_and_time(node, IDLE_SHUTDOWN_TIMEOUT)
        print(f"idle node, database unreachable: SIGTERM " + (f"exited {code} after {elapsed:.2f}s" if elapsed is not None
                                                              else f"still running after {IDLE_SHUTDOWN_TIMEOUT + 3}s (killed)")
              + f" (--shutdown-timeout {IDLE_SHUTDOWN_TIMEOUT})")
        assert elapsed is not None and elapsed <= IDLE_SHUTDOWN_TIMEOUT + EXIT_SLACK, \
            f"SIGTERM took {elapsed if elapsed is not None else f'> {IDLE_SHUTDOWN_TIMEOUT + 3}'} s, --shutdown-timeout is {IDLE_SHUTDOWN_TIMEOUT}"
    finally:
        if node.process is not None:
            node.stop(signal.SIGKILL)
        stop_postgres(pg_dir)

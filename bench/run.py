#!/usr/bin/env python3
"""GalleryRP benchmark. Builds release binaries, starts the service itself and drives it with wrk; prints three tables:

1. operations: PUT create, PUT update, GET, PATCH, list page (100) and DELETE of image definitions, and PUT create, GET
   and list page (100) of image versions, over HTTP and HTTPS at 1, 8 and 64 connections on SQLite (synchronous=FULL:
   every acknowledged write is on disk), each beside the same cell against galleryrp-ceiling (the same Hummingbird stack
   answering the same bytes from memory) and its ratio to it;
2. scaling: bulk-load 1 thousand, 100 thousand and 1 million image definitions (`galleryrp load`), then start-up time,
   resident memory, and GET, list-page (first page and one in the middle) and PUT create latency at 64 connections;
3. PostgreSQL: the main operations (versions' PUT create and GET too) with one node, and with three nodes behind
   haproxy, on a throw-away PostgreSQL 15.

Usage: bench/run.py [--duration S] [--sections operations,scaling,postgres] [--scaling 1000,100000,1000000]
                    [--only create,get,...] [--connections 1,8,64] [--schemes http,https] [--skip-build]
"""
import argparse
import base64
import json
import os
import pathlib
import platform
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[1]
SCRATCH = ROOT / ".build-release"
SUB = "5b5b5b5b-0000-4000-8000-000000000001"
GALLERY = f"/subscriptions/{SUB}/resourceGroups/bench/providers/Microsoft.Compute/galleries/bench"
API = "api-version=2023-07-03"
OPERATIONS = [("PUT create", "create", "ceiling-put"), ("PUT update", "update", "ceiling-put"), ("GET", "get", "ceiling-get"),
              ("PATCH", "patch", "ceiling-put"), ("list page (100)", "list", "ceiling-list"), ("DELETE", "delete", "ceiling-get"),
              ("version PUT create", "version-create", "ceiling-put"), ("version GET", "version-get", "ceiling-get"),
              ("version list page (100)", "version-list", "ceiling-list")]


def log(message):
    print(message, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.005)
    raise RuntimeError(f"{url} never became healthy")


def request(method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Authorization": "Bearer bench", "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as response:
        return response.read()


def wrk(url, op, connections, duration, env):
    threads = min(connections, 2)
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", str(ROOT / "bench" / "wrk.lua"), url],
                         env={**os.environ, **env, "BENCH_OP": op}, capture_output=True, text=True, check=True).stdout
    line = next(l for l in out.splitlines() if l.startswith("BENCH "))
    return json.loads(line[6:])


def round_trips(services):
    """PostgreSQL round trips the nodes have made so far, from their /metrics."""
    total = 0.0
    for service in services:
        with urllib.request.urlopen(f"{service.http}/metrics") as response:
            for line in response.read().decode().splitlines():
                if line.startswith("galleryrp_store_round_trips_total"):
                    total += float(line.rsplit(" ", 1)[1])
    return total


def rss_mb(pid):
    status = pathlib.Path(f"/proc/{pid}/status").read_text()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


class Service:
    """One galleryrp process on free ports; `started_in` is the seconds from spawn to the first healthy answer."""

    def __init__(self, bin_dir, data_dir, extra=()):
        self.https_port, self.http_port = free_port(), free_port()
        began = time.time()
        self.process = subprocess.Popen([bin_dir / "galleryrp", "--port", str(self.https_port), "--http-port", str(self.http_port),
                                         "--data-dir", data_dir, "--operation-duration", "0", "--log-level", "error", *extra],
                                        stdout=subprocess.DEVNULL)
        wait_healthy(f"http://127.0.0.1:{self.http_port}/healthz")
        self.started_in = time.time() - began
        self.http = f"http://127.0.0.1:{self.http_port}"

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def load(bin_dir, count, *args):
    out = subprocess.run([bin_dir / "galleryrp", "load", "--images", str(count), *args], capture_output=True, text=True, check=True).stdout
    log(out.strip().splitlines()[-1])


def middle_page_path(base_url, count):
    """A list path continuing from the middle of the gallery, with a skip token shaped like the service's own."""
    first = json.loads(request("GET", f"{base_url}{GALLERY}/images?{API}&$top=100"))
    token = urllib.parse.parse_qs(urllib.parse.urlparse(first["nextLink"]).query)["$skipToken"][0]
    scope, last = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode().split("\n", 1)
    middle = f"{last.rsplit('/', 1)[0]}/seed{count // 2}"
    token = base64.urlsafe_b64encode(f"{scope}\n{middle}".encode()).decode().rstrip("=")
    return f"{GALLERY}/images?{API}&$top=100&$skipToken={token}"


def cell(r):
    return f"{r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['p999']:.2f} | {r['non2xx'] + r['socket_errors']}"


def operations_section(args, bin_dir, work):
    data = os.path.join(work, "operations")
    load(bin_dir, args.seeded, "--versions", str(args.seeded), "--data-dir", data)
    service = Service(bin_dir, data)
    ceiling = None
    try:
        get_file, list_file = os.path.join(work, "get-body.json"), os.path.join(work, "list-body.json")
        pathlib.Path(get_file).write_bytes(request("GET", f"{service.http}{GALLERY}/images/seed0?{API}"))
        pathlib.Path(list_file).write_bytes(request("GET", f"{service.http}{GALLERY}/images?{API}&$top=100"))
        c_https, c_http = free_port(), free_port()
        ceiling = subprocess.Popen([bin_dir / "galleryrp-ceiling", "--port", str(c_https), "--http-port", str(c_http),
                                    "--data-dir", os.path.join(work, "ceiling"), "--get-body", get_file, "--list-body", list_file],
                                   stdout=subprocess.DEVNULL)
        wait_healthy(f"http://127.0.0.1:{c_http}/ceiling")
        rows = []
        schemes = [s for s in [("http", service.http_port, c_http), ("https", service.https_port, c_https)] if s[0] in args.schemes.split(",")]
        for scheme, port, cport in schemes:
            for label, op, ceiling_op in OPERATIONS:
                if args.only and op not in args.only.split(","):
                    continue
                for connections in [int(c) for c in args.connections.split(",")]:
                    env = {"BENCH_BASE": GALLERY, "BENCH_SEEDED": str(args.seeded), "BENCH_RUN": f"{scheme}{connections}",
                           "BENCH_RUN_NO": str(2 + len(rows))}
                    result = wrk(f"{scheme}://127.0.0.1:{port}", op, connections, args.duration, env)
                    top = wrk(f"{scheme}://127.0.0.1:{cport}", ceiling_op, connections, args.duration, {})
                    rows.append((label, scheme, connections, result, top))
                    log(f"{label:16} {scheme:5} c={connections:<3} {result['rps']:9.0f} req/s  ceiling {top['rps']:9.0f}")
    finally:
        service.stop()
        if ceiling:
            ceiling.terminate()
    print(f"\n### Operations: SQLite (synchronous=FULL), {args.seeded} images, {args.duration} s per cell\n")
    print("| operation | scheme | conns | req/s | p50 ms | p99 ms | p99.9 ms | errors | ceiling req/s | ratio |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for label, scheme, connections, r, top in rows:
        ratio = r["rps"] / top["rps"] if top["rps"] else 0
        print(f"| {label} | {scheme} | {connections} | {cell(r)} | {top['rps']:.0f} | {ratio:.0%} |")


def scaling_section(args, bin_dir, work):
    rows = []
    for count in [int(n) for n in args.scaling.split(",")]:
        data = os.path.join(work, f"scale-{count}")
        began = time.time()
        load(bin_dir, count, "--data-dir", data)
        loaded_in = time.time() - began
        size = sum(f.stat().st_size for f in pathlib.Path(data).glob("galleryrp.sqlite*")) / 2**20
        Service(bin_dir, data).stop()  # the first start creates the CA and certificate; time the next one
        service = Service(bin_dir, data)
        try:
            rss_idle = rss_mb(service.process.pid)[0]
            env = {"BENCH_BASE": GALLERY, "BENCH_SEEDED": str(count), "BENCH_RUN": f"scale{count}"}
            url = service.http
            get = wrk(url, "get", 64, args.duration, env)
            first = wrk(url, "path", 64, args.duration, {**env, "BENCH_PATH": f"{GALLERY}/images?{API}&$top=100"})
            middle = wrk(url, "path", 64, args.duration, {**env, "BENCH_PATH": middle_page_path(url, count)})
            create = wrk(url, "create", 64, args.duration, env)
            rss, peak = rss_mb(service.process.pid)
        finally:
            service.stop()
        rows.append((count, loaded_in, size, service.started_in, rss_idle, rss, peak, get, first, middle, create))
        log(f"{count:>8} images: start-up {service.started_in * 1000:.0f} ms, RSS {rss:.0f} MB, GET p99 {get['p99']:.2f} ms, "
            f"list p99 {first['p99']:.2f} / {middle['p99']:.2f} ms")
    print(f"\n### Scaling: SQLite, 64 connections over HTTP, {args.duration} s per cell\n")
    print("| images | load s | db MB | start-up ms | RSS idle MB | RSS after MB | peak RSS MB | GET req/s, p50, p99 ms "
          "| list first page req/s, p50, p99 ms | list middle page req/s, p50, p99 ms | PUT create req/s, p50, p99 ms |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for count, loaded_in, size, started, idle, rss, peak, *cells in rows:
        figures = " | ".join(f"{r['rps']:.0f}, {r['p50']:.2f}, {r['p99']:.2f}" for r in cells)
        print(f"| {count:,} | {loaded_in:.1f} | {size:.0f} | {started * 1000:.0f} | {idle:.0f} | {rss:.0f} | {peak:.0f} | {figures} |")
    if len(rows) > 1:
        base, last = rows[0], rows[-1]
        print(f"\nList-page p99 at {last[0]:,} vs {base[0]:,}: first page {last[8]['p99'] / base[8]['p99']:.2f}x, "
              f"middle page {last[9]['p99'] / base[9]['p99']:.2f}x")


def apt_install(packages):
    """Installs Debian packages, reading the package lists first (a fresh machine has none)."""
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, stdout=sys.stderr, env=environment)
    subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=True, stdout=sys.stderr, env=environment)


def postgres_section(args, bin_dir, work):
    missing = [] if shutil.which("haproxy") else ["haproxy"]
    if not shutil.which("initdb") and not list(pathlib.Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        missing.append("postgresql")
    if missing:
        apt_install(missing)
    pg_dir = os.path.join(work, "pg")
    pg_url = subprocess.run([str(ROOT / "scripts" / "postgres-test-server.sh"), "start", pg_dir, str(free_port())],
                            capture_output=True, text=True, check=True).stdout.strip()
    rows = []
    try:
        load(bin_dir, args.seeded, "--versions", str(args.seeded), "--storage", "postgres", "--postgres-url", pg_url)
        for nodes in (1, 3):
            services = [Service(bin_dir, os.path.join(work, f"pg-node{i}"), ["--storage", "postgres", "--postgres-url", pg_url])
                        for i in range(nodes)]
            balancer = None
            url = services[0].http
            if nodes > 1:
                port = free_port()
                servers = "\n".join(f"  server n{i} 127.0.0.1:{s.http_port}" for i, s in enumerate(services))
                cfg = pathlib.Path(work, "haproxy.cfg")
                cfg.write_text(f"global\n  maxconn 4096\ndefaults\n  mode http\n  timeout connect 2s\n  timeout client 60s\n"
                               f"  timeout server 60s\n  option http-keep-alive\nfrontend bench\n  bind 127.0.0.1:{port}\n"
                               f"  default_backend nodes\nbackend nodes\n  balance roundrobin\n{servers}\n")
                balancer = subprocess.Popen(["haproxy", "-f", str(cfg), "-db"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                url = f"http://127.0.0.1:{port}"
                wait_healthy(f"{url}/healthz")
            try:
                for label, op in [("PUT create", "create"), ("GET", "get"), ("PATCH", "patch"), ("list page (100)", "list"),
                                  ("version PUT create", "version-create"), ("version GET", "version-get")]:
                    if args.only and op not in args.only.split(","):
                        continue
                    env = {"BENCH_BASE": GALLERY, "BENCH_SEEDED": str(args.seeded), "BENCH_RUN": f"pg{nodes}", "BENCH_RUN_NO": str(100 + nodes)}
                    before = round_trips(services)
                    result = wrk(url, op, 64, args.duration, env)
                    result["round_trips"] = (round_trips(services) - before) / max(result["requests"], 1)
                    rows.append((nodes, label, result))
                    log(f"PostgreSQL {nodes} node(s) {label:16} {result['rps']:9.0f} req/s")
            finally:
                if balancer:
                    balancer.terminate()
                for s in services:
                    s.stop()
    finally:
        subprocess.run([str(ROOT / "scripts" / "postgres-test-server.sh"), "stop", pg_dir])
    print(f"\n### PostgreSQL 15 (one server, same machine), {args.seeded} images, 64 connections over HTTP, {args.duration} s per cell\n")
    print("Round trips: PostgreSQL statements per request, counted by the nodes (`galleryrp_store_round_trips_total`;")
    print("a transaction's BEGIN and COMMIT count, and so do the background worker's polls).\n")
    print("| nodes | operation | req/s | p50 ms | p99 ms | p99.9 ms | errors | round trips |")
    print("|---|---|---|---|---|---|---|---|")
    for nodes, label, r in rows:
        print(f"| {nodes}{' behind haproxy' if nodes > 1 else ''} | {label} | {cell(r)} | {r['round_trips']:.2f} |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--seeded", type=int, default=1000)
    parser.add_argument("--sections", default="operations,scaling,postgres")
    parser.add_argument("--scaling", default="1000,100000,1000000", help="image counts for the scaling section")
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--only", help="comma-separated operation keys (create,update,get,patch,list,delete,version-create,version-get,"
                                           "version-list)")
    parser.add_argument("--connections", default="1,8,64")
    parser.add_argument("--schemes", default="http,https")
    parser.add_argument("--bin-dir", help="use binaries from here instead of building release ones")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        apt_install(["wrk"])
    if not args.skip_build and not args.bin_dir:
        for product in ("galleryrp", "galleryrp-ceiling"):
            # Build output goes to stderr with the progress lines, so stdout is just the tables.
            subprocess.run(["swift", "build", "-c", "release", "--scratch-path", str(SCRATCH), "--product", product], cwd=ROOT, check=True,
                           stdout=sys.stderr)
    bin_dir = pathlib.Path(args.bin_dir) if args.bin_dir else SCRATCH / "release"
    build = "debug build" if "debug" in str(bin_dir) else "release build"
    print(f"## GalleryRP benchmark, {time.strftime('%Y-%m-%d')}: {build}, {os.cpu_count()} cores ({platform.processor() or platform.machine()}), "
          f"wrk on the same machine")
    work = tempfile.mkdtemp(prefix="galleryrp-bench-")
    if os.getuid() == 0:
        os.chmod(work, 0o755)  # the PostgreSQL server runs as the postgres user
    try:
        sections = args.sections.split(",")
        if "operations" in sections:
            operations_section(args, bin_dir, work)
        if "scaling" in sections:
            scaling_section(args, bin_dir, work)
        if "postgres" in sections:
            postgres_section(args, bin_dir, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""GalleryRP benchmark: builds release binaries, starts the service (SQLite, every write on disk) and the ceiling
responders, drives both with wrk over HTTP and HTTPS at 1, 8 and 64 connections, and prints a table of requests per
second and latency percentiles, with each operation's ratio to its ceiling.

Usage: bench/run.py [--duration SECONDS] [--seeded N] [--skip-build]
"""
import argparse
import json
import os
import pathlib
import platform
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[1]
SCRATCH = ROOT / ".build-release"
SUB = "5b5b5b5b-0000-4000-8000-000000000001"
GALLERY = f"/subscriptions/{SUB}/resourceGroups/bench/providers/Microsoft.Compute/galleries/bench"
OPERATIONS = [("PUT create", "create", "ceiling-put"), ("PUT update", "update", "ceiling-put"), ("GET", "get", "ceiling-get"),
              ("PATCH", "patch", "ceiling-put"), ("list page (100)", "list", "ceiling-list"), ("DELETE", "delete", "ceiling-get")]
CONNECTIONS = [1, 8, 64]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url, ca):
    context = ssl.create_default_context(cafile=ca) if url.startswith("https") else None
    for _ in range(300):
        try:
            with urllib.request.urlopen(url, context=context, timeout=1):
                return
        except OSError:
            time.sleep(0.1)
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--seeded", type=int, default=1000)
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--only", help="comma-separated operation keys (create,update,get,patch,list,delete)")
    parser.add_argument("--connections", default="1,8,64")
    parser.add_argument("--schemes", default="http,https")
    parser.add_argument("--bin-dir", help="use binaries from here instead of building release ones (for trying the script)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
    if not args.skip_build and not args.bin_dir:
        subprocess.run(["swift", "build", "-c", "release", "--scratch-path", str(SCRATCH), "--product", "galleryrp"], cwd=ROOT, check=True)
        subprocess.run(["swift", "build", "-c", "release", "--scratch-path", str(SCRATCH), "--product", "galleryrp-ceiling"], cwd=ROOT, check=True)
    bin_dir = pathlib.Path(args.bin_dir) if args.bin_dir else SCRATCH / "release"
    work = tempfile.mkdtemp(prefix="galleryrp-bench-")
    https_port, http_port = free_port(), free_port()
    service = subprocess.Popen([bin_dir / "galleryrp", "--port", str(https_port), "--http-port", str(http_port), "--data-dir", work,
                                "--operation-duration", "0", "--log-level", "error"], stdout=subprocess.DEVNULL)
    ceiling = None
    try:
        ca = os.path.join(work, "ca.pem")
        wait_healthy(f"http://127.0.0.1:{http_port}/healthz", None)
        http = f"http://127.0.0.1:{http_port}"
        request("PUT", f"{http}/subscriptions/{SUB}/resourcegroups/bench?api-version=2024-11-01", {"location": "westus"})
        request("PUT", f"{http}{GALLERY}?api-version=2023-07-03", {"location": "westus"})
        started = time.time()
        for i in range(args.seeded):
            request("PUT", f"{http}{GALLERY}/images/seed{i}?api-version=2023-07-03",
                    {"location": "westus", "properties": {"osType": "Linux", "osState": "Generalized", "hyperVGeneration": "V1",
                                                          "identifier": {"publisher": "bench", "offer": "bench", "sku": f"seed{i}"}}})
        print(f"seeded {args.seeded} images in {time.time() - started:.1f}s", file=sys.stderr)
        time.sleep(0.5)  # let the seed operations finish
        get_bytes = request("GET", f"{http}{GALLERY}/images/seed0?api-version=2023-07-03")
        body_file = os.path.join(work, "get-body.json")
        pathlib.Path(body_file).write_bytes(get_bytes)
        list_file = os.path.join(work, "list-body.json")
        pathlib.Path(list_file).write_bytes(request("GET", f"{http}{GALLERY}/images?api-version=2023-07-03&$top=100"))
        c_https, c_http = free_port(), free_port()
        ceiling = subprocess.Popen([bin_dir / "galleryrp-ceiling", "--port", str(c_https), "--http-port", str(c_http),
                                    "--data-dir", os.path.join(work, "ceiling"), "--get-body", body_file, "--list-body", list_file], stdout=subprocess.DEVNULL)
        wait_healthy(f"http://127.0.0.1:{c_http}/ceiling", None)

        rows = []
        schemes = [s for s in [("http", http_port, c_http), ("https", https_port, c_https)] if s[0] in args.schemes.split(",")]
        operations = [o for o in OPERATIONS if not args.only or o[1] in args.only.split(",")]
        for scheme, port, cport in schemes:
            for label, op, ceiling_op in operations:
                for connections in [int(c) for c in args.connections.split(",")]:
                    run_id = f"{scheme}{connections}"
                    env = {"BENCH_BASE": GALLERY, "BENCH_SEEDED": str(args.seeded), "BENCH_RUN": run_id}
                    result = wrk(f"{scheme}://127.0.0.1:{port}", op, connections, args.duration, env)
                    top = wrk(f"{scheme}://127.0.0.1:{cport}", ceiling_op, connections, args.duration, {})
                    rows.append((label, scheme, connections, result, top))
                    print(f"{label:16} {scheme:5} c={connections:<3} {result['rps']:9.0f} req/s  ceiling {top['rps']:9.0f}", file=sys.stderr)

        build = "debug build" if "debug" in str(bin_dir) else "release build"
        print(f"\nGalleryRP benchmark: SQLite (synchronous=FULL), {build}, {os.cpu_count()} cores, {platform.machine()}, "
              f"{args.seeded} images seeded, {args.duration}s per cell, wrk on the same machine\n")
        print("| operation | scheme | conns | req/s | p50 ms | p99 ms | p99.9 ms | non-2xx | ceiling req/s | ratio |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for label, scheme, connections, r, top in rows:
            ratio = r["rps"] / top["rps"] if top["rps"] else 0
            print(f"| {label} | {scheme} | {connections} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['p999']:.2f} | "
                  f"{r['non2xx']} | {top['rps']:.0f} | {ratio:.0%} |")
    finally:
        service.terminate()
        if ceiling:
            ceiling.terminate()


if __name__ == "__main__":
    main()

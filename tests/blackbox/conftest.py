"""Starts the built galleryrp binary on free ports with a fresh data directory, over real TLS."""
import os
import pathlib
import signal
import socket
import ssl
import subprocess
import tempfile
import time
import urllib.request

import pytest
import requests

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = os.environ.get("GALLERYRP_BINARY", str(ROOT / ".build" / "debug" / "galleryrp"))


def trusted_session(ca: str, headers: dict | None = None) -> requests.Session:
    """A session that trusts the service's CA. The environment's REQUESTS_CA_BUNDLE would override `Session.verify`,
    so the session ignores the environment."""
    session = requests.Session()
    session.verify, session.trust_env = ca, False
    session.headers.update(headers or {})
    return session


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One galleryrp process; restart() keeps the data directory."""

    def __init__(self, data_dir: str, extra_args: list[str], env: dict[str, str] | None = None):
        self.data_dir = data_dir
        self.env = env
        self.port = free_port()
        self.extra_args = extra_args
        self.process: subprocess.Popen | None = None
        self.output: list[str] = []

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def ca(self) -> str:
        return os.path.join(self.data_dir, "ca.pem")

    @property
    def log_path(self) -> str:
        return os.path.join(self.data_dir, f"server-{self.port}.log")

    def start(self) -> None:
        os.makedirs(self.data_dir, exist_ok=True)
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [BINARY, "serve", "--port", str(self.port), "--data-dir", self.data_dir, *self.extra_args],
            stdout=log, stderr=subprocess.STDOUT, env=self.env)
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"galleryrp exited: {open(log.name).read()}")
            try:
                context = ssl.create_default_context(cafile=self.ca)
                with urllib.request.urlopen(f"{self.url}/healthz", context=context, timeout=2) as response:
                    if response.status == 200:
                        return
            except (OSError, ssl.SSLError):
                time.sleep(0.1)
        raise RuntimeError("galleryrp did not start within 30 s")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=15)
        self.process = None

    def restart(self, sig: int = signal.SIGTERM) -> None:
        self.stop(sig)
        self.start()


@pytest.fixture
def server_factory():
    servers: list[Server] = []

    def make(*extra_args: str) -> Server:
        server = Server(tempfile.mkdtemp(prefix="galleryrp-"), list(extra_args))
        server.start()
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop(signal.SIGKILL)


@pytest.fixture
def server(server_factory) -> Server:
    # A small page size, so that listing a gallery spans several pages.
    return server_factory("--page-size", "3", "--operation-duration", "0")

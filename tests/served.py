"""`make serve` started for a test: the production server (gunicorn, its workers, `flask db
upgrade` first) on a free loopback port, with the test's own keys, database and upload folder,
so nothing in instance/ is touched. Its output goes to a log file shown when it fails."""
import contextlib
import os
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx
import pytest
from sqlalchemy import create_engine, text

from blueprints.core.vault import new_key
from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def keys() -> dict[str, str]:
    """Fresh keys, as production sets them in the environment."""
    return {"SECRET_KEY": os.urandom(16).hex(), "ENCRYPTION_KEYS": new_key(), "NIK_HASH_KEY": os.urandom(16).hex()}


@contextlib.contextmanager
def fresh_database(folder: Path):
    """A database of its own: a new one on the PostgreSQL that DATABASE_URL names (dropped after),
    else an SQLite file in folder."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgresql"):
        yield f"sqlite:///{folder / 'serve.db'}"
        return
    name = "serve_" + uuid.uuid4().hex[:10]
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield url.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


@dataclass
class Served:
    process: subprocess.Popen
    url: str
    log: IO[str]

    def wait_until_ready(self):
        """Wait until /readyz answers 200: the server and its database are up."""
        self.wait_until_serving("/readyz")

    def wait_until_serving(self, path: str):
        """Wait until `path` answers 200 (a guide, say, which needs no database)."""
        for _ in range(600):
            if self.process.poll() is not None:
                pytest.fail(f"make serve stopped: {self.output()}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(self.url + path, timeout=2).status_code == 200:
                    return
            time.sleep(0.2)
        pytest.fail(f"{self.url}{path} never answered 200: {self.output()}")

    def output(self) -> str:
        return Path(self.log.name).read_text()[-3000:]

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()


def migrate(env: dict[str, str]):
    """The release step, `make migrate`, with these settings."""
    subprocess.run(["make", "--no-print-directory", "migrate"], cwd=ROOT, env=os.environ | {"MAKEFLAGS": ""} | env,
                   check=True, capture_output=True)


def local_redis_answers() -> bool:
    """Whether a Redis answers on this machine's default port (as gunicorn.conf.py asks)."""
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as connection:
        connection.sendall(b"PING\r\n")
        return connection.recv(16).startswith(b"+PONG")
    return False


def start(folder: Path, env: dict[str, str]) -> Served:
    """`make serve` with these settings on top of the test's environment (call wait_until_ready)."""
    port = free_port()
    env = {"RATELIMIT_KEY_PREFIX": "serve-" + uuid.uuid4().hex} | env  # its own counters in a shared Redis
    log = open(folder / f"serve-{port}.log", "w")  # noqa: SIM115 - the server writes to it until stop()
    process = subprocess.Popen(["make", "serve", f"PORT={port}", "HOST=127.0.0.1"], cwd=ROOT,
                               env=os.environ | {"MAKEFLAGS": ""} | env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    return Served(process, f"http://127.0.0.1:{port}", log)


def start_worker(log: IO[str], env: dict[str, str]) -> subprocess.Popen:
    """The message worker as `make worker` runs it, with these settings (stop it with os.killpg)."""
    return subprocess.Popen([str(ROOT / ".venv/bin/python"), "-m", "blueprints.messages.worker"], cwd=ROOT,
                            env=os.environ | env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

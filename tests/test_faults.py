"""Ordinary production faults against `make serve`: a database that accepts connections and never
answers, clients that send half a body and wait, and rate limits with two workers.

Each starts the real server (gunicorn.conf.py, its workers and threads) on a free port."""
import contextlib
import os
import runpy
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import httpx
import pytest

from tests import served
from tests.conftest import ROOT
from tests.served import fresh_database
from tests.test_two_servers import Person

DATABASE_URL = os.environ.get("DATABASE_URL", "")
GUIDE = "/panduan/"


class HangingDatabase:
    """A TCP proxy on 127.0.0.1 in front of a database: while `hung`, it accepts every connection and
    never sends a byte (old connections stall too); otherwise it passes bytes both ways."""

    def __init__(self, target: tuple[str, int]):
        self.target, self.hung = target, True
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            self.sockets.append(client)
            if not self.hung:
                upstream = socket.create_connection(self.target)
                self.sockets.append(upstream)
                for source, sink in ((client, upstream), (upstream, client)):
                    threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source, sink):
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                while self.hung:  # hung mid-connection: hold the bytes, answer nothing
                    threading.Event().wait(0.1)
                sink.sendall(data)

    def close(self):
        self.listener.close()
        for each in self.sockets:
            with contextlib.suppress(OSError):
                each.close()


@pytest.mark.skipif(not DATABASE_URL.startswith("postgresql"), reason="needs PostgreSQL: CI's second pass")
def test_a_database_that_never_answers_stalls_nothing_and_the_site_recovers_when_it_returns(tmp_path):
    with fresh_database(tmp_path) as database:
        real = urlsplit(database)
        proxy = HangingDatabase((real.hostname, real.port or 5432))
        through_proxy = real._replace(netloc=f"{real.netloc.rsplit('@', 1)[0] + '@' if '@' in real.netloc else ''}"
                                             f"127.0.0.1:{proxy.port}").geturl()
        server = served.start(tmp_path, {"DATABASE_URL": through_proxy, "UPLOAD_DIR": str(tmp_path / "up"),
                                         **served.keys()})
        try:
            # make serve does not wait for migrations: the guides are served with the database hung.
            server.wait_until_serving(GUIDE)
            assert "MIGRATIONS NOT APPLIED" in server.output()
            person = Person([server.url, server.url])
            person.get("/daftar/jalur", server=0)
            with ThreadPoolExecutor(max_workers=8) as pool:
                # More requests that need the database than the server has workers...
                pages = [pool.submit(person.post, "/daftar/jalur", {"jalur": "reaktivasi"}, 0) for _ in range(4)]
                ready = [pool.submit(httpx.get, server.url + "/readyz", timeout=2) for _ in range(2)]
                # ... and the guides still answer meanwhile, and readiness says 503 within 2 s.
                for _ in range(5):
                    assert httpx.get(server.url + GUIDE, timeout=2).status_code == 200
                assert [each.result().status_code for each in ready] == [503, 503]
                for page in pages:
                    response = page.result(timeout=15)
                    assert response.status_code == 503
                    assert "terganggu" in response.text.lower()

            # The database returns: the release step migrates, and the site is ready.
            proxy.hung = False
            served.migrate({"DATABASE_URL": through_proxy})
            server.wait_until_ready()
            person.get("/daftar/jalur", server=0)
            assert person.post("/daftar/jalur", {"jalur": "reaktivasi"}, server=0).status_code == 303

            # It hangs again while connections are open: new requests still end (503), guides answer.
            proxy.hung = True
            assert httpx.get(server.url + "/readyz", timeout=2).status_code == 503
            assert httpx.get(server.url + GUIDE, timeout=2).status_code == 200
        except Exception:
            print(server.output())  # shown with the failure: what the server did meanwhile
            raise
        finally:
            proxy.close()
            server.stop()


def half_a_post(url: str) -> socket.socket:
    """A slow phone: the headers of a 200 KB form and half of it, then nothing."""
    parts = urlsplit(url)
    connection = socket.create_connection((parts.hostname, parts.port))
    connection.sendall(b"POST /daftar/lanjutkan HTTP/1.1\r\nHost: x\r\n"
                       b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 200000\r\n\r\n"
                       + b"a" * 100_000)
    return connection


@pytest.fixture(scope="module")
def serving(tmp_path_factory):
    folder = tmp_path_factory.mktemp("faults")
    with fresh_database(folder) as database:
        server = served.start(folder, {"DATABASE_URL": database, "UPLOAD_DIR": str(folder / "up"),
                                       "WEB_CONCURRENCY": "2", "WEB_THREADS": "4", "LOOKUP_RATE_LIMIT": "5 per minute",
                                       # no store named: make serve finds the local Redis by itself
                                       "REDIS_URL": "", "RATELIMIT_STORAGE_URI": "",
                                       "QUEUE_FILE": str(folder / "queue.sqlite3"),
                                       **served.keys()})
        try:
            server.wait_until_ready()
            yield server
        finally:
            server.stop()


def test_clients_that_send_half_a_body_and_wait_do_not_hold_the_site(serving):
    # More than the 2 workers, and fewer than one worker's 4 threads: whichever worker takes them, none
    # runs out of threads (beyond that, the load balancer's buffering must keep them away: DEPLOY.md).
    slow = [half_a_post(serving.url) for _ in range(3)]
    try:
        for path in ("/", GUIDE, "/readyz"):
            assert httpx.get(serving.url + path, timeout=5).status_code == 200
    finally:
        for each in slow:
            each.close()


local_redis = pytest.mark.skipif(not served.local_redis_answers(), reason="needs Redis at 127.0.0.1:6379")


@local_redis
def test_the_rate_limit_is_counted_once_for_both_workers_without_redis_url(serving):
    assert "counting in the local redis" in serving.output().lower()
    person = Person([serving.url, serving.url])
    person.get("/status", server=0)
    wrong = {"referensi": "AAAA-AAAA", "lahir_hari": "1", "lahir_bulan": "1", "lahir_tahun": "1990"}
    # Each request on a new connection, so that both workers answer some of them.
    responses = [person.post("/status", wrong, server=0) for _ in range(9)]
    assert [r.status_code for r in responses] == [422] * 5 + [429] * 4
    assert [r.headers.get("X-RateLimit-Remaining") for r in responses[:5]] == ["4", "3", "2", "1", "0"]


@pytest.fixture
def gunicorn_conf(monkeypatch):
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "memory://")  # reading the file must not change this process
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_without_a_shared_store_for_the_limits_one_worker_serves_and_says_so(gunicorn_conf):
    shared_limits = gunicorn_conf["shared_limits"]
    store, workers, notice, loud = shared_limits({}, 4, False)
    assert (store, workers, loud) == (None, 1, True) and "REDIS_URL" in notice
    assert shared_limits({}, 4, True)[:2] == ("redis://127.0.0.1:6379/0", 4)
    assert shared_limits({"REDIS_URL": "redis://cache:6379/0"}, 4, False)[:2] == (None, 4)
    assert gunicorn_conf["worker_class"] == "gthread" and gunicorn_conf["control_socket_disable"] is True


def test_each_worker_listens_on_its_own_socket_and_a_taken_port_is_refused(gunicorn_conf):
    assert gunicorn_conf["reuse_port"] is True  # the kernel spreads connections over the workers
    port_taken = gunicorn_conf["port_taken"]
    with socket.socket() as listening:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)  # as a worker's socket is
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        port = listening.getsockname()[1]
        assert port_taken("127.0.0.1", port)
    assert not port_taken("127.0.0.1", port)

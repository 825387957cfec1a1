"""Past one machine: two `make serve` instances share one PostgreSQL, one Redis and
one upload folder, behind no sticky load balancer.

A draft started on one continues on the other (answers, photos, resume code);
200 applications submitted at once, each pressed twice on both servers, end
with 200 applications, 200 different references and no 5xx; the rate limit is
counted once for both. Runs in the PostgreSQL + Redis pass of CI (.ci/run),
where DATABASE_URL and REDIS_URL point at the real services."""
import contextlib
import io
import os
import random
import re
import signal
import socket
import subprocess
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from PIL import Image
from sqlalchemy import create_engine, text

from blueprints.core.vault import new_key
from tests.conftest import ROOT
from tests.test_apply import CARD, REACTIVATION
from tests.test_apply_new import AFTER_FAMILY, APPLICANT, BEFORE_FAMILY

DATABASE_URL, REDIS_URL = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
pytestmark = pytest.mark.skipif(
    not (DATABASE_URL.startswith("postgresql") and REDIS_URL),
    reason="needs the shared PostgreSQL and Redis: runs in the second pass of .ci/run")
APPLICATIONS = 200
LOOKUP_LIMIT = 4


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """Two `make serve` instances on their own ports, sharing a fresh database, Redis and uploads."""
    name = "two_" + uuid.uuid4().hex[:10]
    admin = create_engine(DATABASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    folder = tmp_path_factory.mktemp("two-servers")
    env = os.environ | {
        "DATABASE_URL": DATABASE_URL.rsplit("/", 1)[0] + "/" + name, "REDIS_URL": REDIS_URL,
        "RATELIMIT_KEY_PREFIX": "two-" + uuid.uuid4().hex, "UPLOAD_DIR": str(folder / "uploads"),
        "SECRET_KEY": os.urandom(16).hex(), "ENCRYPTION_KEYS": new_key(), "NIK_HASH_KEY": os.urandom(16).hex(),
        "SUBMIT_RATE_LIMIT": "100000 per minute", "LOOKUP_RATE_LIMIT": f"{LOOKUP_LIMIT} per minute",
        "WEB_CONCURRENCY": "2", "MAKEFLAGS": "",
    }
    started = []
    for _ in range(2):  # both start at once, as after a deploy: migrations must not collide
        port = free_port()
        log = open(folder / f"serve-{port}.log", "w")  # noqa: SIM115 - the server writes to it until the finally below
        process = subprocess.Popen(["make", "serve", f"PORT={port}", "HOST=127.0.0.1"], cwd=ROOT, env=env,
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        started.append((process, f"http://127.0.0.1:{port}", log))
    try:
        for process, base, log in started:
            wait_until_ready(process, base, log)
        yield [base for _, base, _ in started], env["DATABASE_URL"]
    finally:
        for process, _, log in started:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
            log.close()
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def wait_until_ready(process, base, log):
    for _ in range(600):
        if process.poll() is not None:
            pytest.fail(f"make serve stopped: {Path(log.name).read_text()[-3000:]}")
        try:
            if httpx.get(base + "/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"{base} never became ready: {Path(log.name).read_text()[-3000:]}")


class Person:
    """One browser: one cookie jar, each request sent to whichever server is given."""

    def __init__(self, bases):
        self.bases = bases
        self.cookies = httpx.Cookies()
        self.token = None
        self.statuses = []

    def request(self, method, path, server=None, **kwargs):
        base = self.bases[server if server is not None else random.randrange(2)]
        response = httpx.request(method, base + path, cookies=self.cookies, timeout=60, **kwargs)
        self.cookies.update(response.cookies)
        self.statuses.append(response.status_code)
        return response

    def get(self, path, server=None):
        response = self.request("GET", path, server)
        found = re.search(r'name="csrf_token"[^>]*? value="([^"]+)"', response.text)
        self.token = found.group(1) if found else self.token
        return response

    def post(self, path, data, server=None, files=None):
        return self.request("POST", path, server, data=data | {"csrf_token": self.token}, files=files)

    def answer(self, steps, server=None):
        for step, data in steps:
            response = self.post(f"/daftar/{step}", data, server)
            assert response.status_code == 303, (step, response.status_code, response.text[:500])


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (600, 400), (40, 120, 90)).save(out, "JPEG")
    return out.getvalue()


def test_a_draft_started_on_one_server_continues_on_the_other(servers):
    bases, _ = servers
    person = Person(bases)
    person.get("/daftar/jalur", server=0)
    steps = [*BEFORE_FAMILY, ("keluarga", APPLICANT), *AFTER_FAMILY]
    for number, step in enumerate(steps):  # every step on the other server than the last
        person.answer([step], server=number % 2)
    photos = {kind: (f"{kind}.jpg", jpeg(), "image/jpeg") for kind in ("ktp", "kk")}  # the selfie still to come
    assert person.post("/daftar/dokumen", {}, server=0, files=photos).status_code == 422
    thumbnail = person.get("/daftar/dokumen/ktp.jpg", server=1)  # stored by one, read by the other
    assert thumbnail.status_code == 200 and thumbnail.content[:2] == b"\xff\xd8"
    page = person.get("/daftar/kontak", server=1)
    assert 'value="0812 3456 7890"' in page.text
    code = re.search(r"Kode lanjutkan Anda: <span class=\"code\">([A-Z0-9-]+)<", page.text).group(1)

    phone = Person(bases)  # another device, the resume code, the other server
    phone.get("/daftar/lanjutkan", server=0)
    resumed = phone.post("/daftar/lanjutkan", {"kode": code, "lahir_hari": "17", "lahir_bulan": "8",
                                               "lahir_tahun": "1985"}, server=0)
    assert resumed.status_code == 303 and resumed.headers["Location"].endswith("/daftar/dokumen")
    assert "Foto KTP yang sudah diunggah" in phone.get("/daftar/dokumen", server=1).text


def test_200_applications_sent_at_once_over_both_servers_are_all_kept_once(servers):
    bases, database = servers
    people = [Person(bases) for _ in range(APPLICATIONS)]

    def prepare(index_person):
        index, person = index_person
        person.get("/daftar/jalur")
        card = CARD | {"nik": f"317101170885{index + 1:04d}"}  # 200 people born on the card's date
        person.answer([*REACTIVATION[:2], ("kartu", card), *REACTIVATION[3:]])
        person.get("/daftar/periksa")

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(prepare, enumerate(people)))

    start = threading.Barrier(32)
    presses = [(person, server) for person in people for server in (0, 1)]  # each pressed on both servers
    random.shuffle(presses)

    def press(person_server):
        person, server = person_server
        with contextlib.suppress(threading.BrokenBarrierError):  # stragglers after the first waves go at once
            start.wait(timeout=5)
        return person.post("/daftar/periksa", {}, server).status_code

    with ThreadPoolExecutor(max_workers=32) as pool:
        statuses = list(pool.map(press, presses))
    assert sorted(set(statuses)) == [303], sorted(set(statuses))
    assert all(status < 500 for person in people for status in person.statuses)

    shown = {person.get("/daftar/selesai", server=s).text.split('class="reference">')[1][:9]
             for person in people for s in (0, 1)}
    engine = create_engine(database)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT reference, draft_id FROM applications")).all()
    engine.dispose()
    assert len(stored) == APPLICATIONS  # none lost, none twice
    assert len({reference for reference, _ in stored}) == APPLICATIONS
    assert len({draft for _, draft in stored}) == APPLICATIONS
    assert {reference.replace("-", "") for reference in shown} == {reference for reference, _ in stored}


def test_the_rate_limit_is_counted_once_for_both_servers(servers):
    bases, _ = servers
    person = Person(bases)
    person.get("/status", server=0)
    wrong = {"referensi": "AAAA-AAAA", "lahir_hari": "1", "lahir_bulan": "1", "lahir_tahun": "1990"}
    responses = [person.post("/status", wrong, server=n % 2) for n in range(LOOKUP_LIMIT + 2)]
    assert [r.status_code for r in responses] == [422] * LOOKUP_LIMIT + [429, 429]
    assert "Terlalu banyak permintaan" in responses[-1].text

"""Past one machine: two `make serve` instances share one PostgreSQL, one Redis and
one upload folder, behind no sticky load balancer.

A draft started on one continues on the other (answers, photos, resume code);
200 applications submitted at once, each pressed twice on both servers, end
with 200 applications, 200 different references and no 5xx; the rate limit is
counted once for both; the two servers' workers deliver every message they wrote exactly once.
Runs in the PostgreSQL + Redis pass of CI (.ci/run),
where DATABASE_URL and REDIS_URL point at the real services."""
import contextlib
import io
import os
import random
import re
import signal
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from PIL import Image
from sqlalchemy import create_engine, text

from tests import served
from tests.fake_provider import FakeProvider
from tests.served import fresh_database
from tests.test_apply import CARD, REACTIVATION
from tests.test_apply_new import AFTER_FAMILY, APPLICANT, BEFORE_FAMILY

DATABASE_URL, REDIS_URL = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
pytestmark = pytest.mark.skipif(
    not (DATABASE_URL.startswith("postgresql") and REDIS_URL),
    reason="needs the shared PostgreSQL and Redis: runs in the second pass of .ci/run")
APPLICATIONS = 200
LOOKUP_LIMIT = 4


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """Two `make serve` instances on their own ports, each with its message worker, sharing a fresh
    database, Redis (rate limits and the queue) and uploads, and one SMS provider."""
    folder = tmp_path_factory.mktemp("two-servers")
    with fresh_database(folder) as database, FakeProvider() as provider:
        env = {
            "DATABASE_URL": database, "REDIS_URL": REDIS_URL, "RATELIMIT_KEY_PREFIX": "two-" + uuid.uuid4().hex,
            "QUEUE_NAME": "two-" + uuid.uuid4().hex,
            "MESSAGE_SMS_URL": provider.url, "MESSAGE_WHATSAPP_URL": provider.url,
            "UPLOAD_DIR": str(folder / "uploads"), **served.keys(),
            "SUBMIT_RATE_LIMIT": "100000 per minute", "LOOKUP_RATE_LIMIT": f"{LOOKUP_LIMIT} per minute",
            "WEB_CONCURRENCY": "2",
        }
        # Both start at once, as after a deploy: migrations must not collide.
        started = [served.start(folder, env) for _ in range(2)]
        workers = []
        try:
            for server in started:
                server.wait_until_ready()
            workers = [served.start_worker(open(folder / f"worker-{n}.log", "w"), env)  # noqa: SIM115
                       for n in range(2)]
            yield [server.url for server in started], database, provider
        finally:
            for worker in workers:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(timeout=30)
            for server in started:
                server.stop()


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
    bases, _, _ = servers
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
    code = re.search(r"Kode untuk melanjutkan Anda: <span class=\"code\">([A-Z0-9-]+)<", page.text).group(1)

    phone = Person(bases)  # another device, the resume code, the other server
    phone.get("/daftar/lanjutkan", server=0)
    resumed = phone.post("/daftar/lanjutkan", {"kode": code, "lahir_hari": "17", "lahir_bulan": "8",
                                               "lahir_tahun": "1985"}, server=0)
    assert resumed.status_code == 303 and resumed.headers["Location"].endswith("/daftar/dokumen")
    assert "Foto KTP yang sudah diunggah" in phone.get("/daftar/dokumen", server=1).text


def test_200_applications_sent_at_once_over_both_servers_are_all_kept_once(servers):
    bases, database, provider = servers
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

    # Each person's resume code and reference, by SMS: every message delivered exactly once by the two
    # workers, whichever server wrote it.
    engine = create_engine(database)

    def keys(status=None):
        with engine.connect() as connection:
            query = "SELECT key FROM messages" + (" WHERE status = :status" if status else "")
            return {key for (key,) in connection.execute(text(query), {"status": status})}

    deadline = time.monotonic() + 180
    while keys("terkirim") != keys() and time.monotonic() < deadline:
        time.sleep(1)
    written, sent = keys(), keys("terkirim")
    engine.dispose()
    assert len(written) >= 2 * APPLICATIONS and sent == written
    assert set(provider.delivered) == written and Counter(provider.calls).most_common(1)[0][1] == 1


def test_the_rate_limit_is_counted_once_for_both_servers(servers):
    bases, _, _ = servers
    person = Person(bases)
    person.get("/status", server=0)
    wrong = {"referensi": "AAAA-AAAA", "lahir_hari": "1", "lahir_bulan": "1", "lahir_tahun": "1990"}
    responses = [person.post("/status", wrong, server=n % 2) for n in range(LOOKUP_LIMIT + 2)]
    assert [r.status_code for r in responses] == [422] * LOOKUP_LIMIT + [429, 429]
    assert "Terlalu banyak permintaan" in responses[-1].text

"""The real worker (Huey's consumer, as `make worker` runs it) killed with SIGKILL while the
provider is answering: the message is not lost, and the provider, which had accepted it, does
not deliver it a second time when a new worker sends it again with the same idempotency key."""
import os
import signal
import time

import pytest
from flask_migrate import upgrade
from sqlalchemy import select

from app import create_app
from blueprints.messages.models import Message
from extensions import db
from tests import served
from tests.conftest import Applicant
from tests.fake_provider import FakeProvider
from tests.test_apply import REACTIVATION


def wait_for(check, seconds=60, what=""):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    pytest.fail(f"waited {seconds} s for {what}")


def test_a_worker_killed_mid_send_loses_nothing_and_sends_nothing_twice(tmp_path):
    keys = served.keys()
    with FakeProvider() as provider, served.fresh_database(tmp_path) as database:
        provider.slow = 30  # it accepts, then takes its time to answer: the worker is killed meanwhile
        settings = {"DATABASE_URL": database, "QUEUE_FILE": str(tmp_path / "queue.sqlite3"), "REDIS_URL": "",
                    "MESSAGE_SMS_URL": provider.url, "MESSAGE_LEASE_SECONDS": "2",
                    "UPLOAD_DIR": str(tmp_path / "uploads"), "MESSAGE_FILE_DIR": str(tmp_path / "outbox"), **keys}
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database, "QUEUE_FILE": settings["QUEUE_FILE"],
                          "MESSAGE_SMS_URL": settings["MESSAGE_SMS_URL"], "MESSAGE_LEASE_SECONDS": 2,
                          "UPLOAD_DIR": settings["UPLOAD_DIR"], "MESSAGE_FILE_DIR": settings["MESSAGE_FILE_DIR"],
                          "SECRET_KEY": keys["SECRET_KEY"], "ENCRYPTION_KEYS": [keys["ENCRYPTION_KEYS"]],
                          "NIK_HASH_KEY": keys["NIK_HASH_KEY"]})
        with app.app_context():
            upgrade()
        Applicant(app.test_client()).through(REACTIVATION[:5])  # the contact step: the resume code by SMS

        def status():
            with app.app_context():
                row = db.session.scalar(select(Message))
                return (row.status, row.attempts) if row else None

        def worker():
            log = open(tmp_path / f"worker-{time.monotonic_ns()}.log", "w")  # noqa: SIM115 (until it ends)
            return served.start_worker(log, settings | {"WORKER_THREADS": "1"})

        first = worker()
        wait_for(lambda: len(provider.calls) == 1, what="the first worker to send")
        assert status() == ("mengirim", 1)
        os.killpg(first.pid, signal.SIGKILL)  # mid-send: the provider has accepted, no answer came back
        first.wait(timeout=10)
        provider.slow = 0
        time.sleep(2.5)  # the killed worker's claim runs out
        second = worker()  # sweeps at start
        try:
            wait_for(lambda: status() == ("terkirim", 2), what="the new worker to send it again")
        finally:
            os.killpg(second.pid, signal.SIGTERM)
            second.wait(timeout=30)
            with app.app_context():
                db.engine.dispose()
    assert len(provider.calls) == 2 and len(provider.delivered) == 1  # sent twice, delivered once
    (accepted,) = provider.delivered.values()
    assert accepted["to"] == "+6281234567890" and "untuk melanjutkan" in accepted["text"]

"""Fixtures shared by the whole suite: app, client, runner (as in flaskr).

Each test gets its own database, migrated with Flask-Migrate: a SQLite file by
default, or, when DATABASE_URL is set (CI runs the suite a second time against
PostgreSQL), a schema of its own in that database so parallel workers never
share tables. REDIS_URL, when set, backs the rate limiter as in production;
every app gets its own key prefix so tests do not count each other's requests.
"""
import os
import re
import uuid
from pathlib import Path

import pytest
from flask_migrate import upgrade
from hypothesis import settings
from sqlalchemy import create_engine, text

from app import create_app
from extensions import db

ROOT = Path(__file__).resolve().parent.parent

# Property tests check behaviour, not speed: on a busy 2-core machine a single
# example may take longer than hypothesis's default 200 ms deadline.
settings.register_profile("suite", deadline=None)
settings.load_profile("suite")


def database_config(tmp_path: Path) -> tuple[dict, callable]:
    """Config for a fresh, empty database and a function that removes it."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite3'}"}, lambda: None
    schema = "t_" + uuid.uuid4().hex[:12]
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))

    def drop():
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()

    options = {"pool_pre_ping": True, "connect_args": {"options": f"-csearch_path={schema}"}}
    return {"SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": options}, drop


# What production must name (blueprints/core/operator.py): an app made with HTTPS=True needs these.
OPERATOR = {"OPERATOR_NAME": "Koperasi Sehat Bersama O'Hara", "OPERATOR_LEGAL_BASIS": "PKS Nomor 12/KS/2026",
            "OPERATOR_ADDRESS": "Jalan Melati 5, Bandung", "OPERATOR_CONTACT": "0812 0000 1111",
            "OPERATOR_CHANNEL": "diserahkan ke Kantor Cabang Bandung setiap hari kerja"}


def make_app(tmp_path: Path, **overrides):
    """An app on its own migrated database, plus the function that cleans up after it."""
    config, drop = database_config(tmp_path)
    config |= {
        "TESTING": True,
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "QUEUE_FILE": str(tmp_path / "queue.sqlite3"), "REDIS_URL": "",  # a queue of its own
        "MESSAGE_FILE_DIR": str(tmp_path / "outbox"),
        "RATELIMIT_STORAGE_URI": os.environ.get("REDIS_URL", "memory://"),
        "RATELIMIT_KEY_PREFIX": "test-" + uuid.uuid4().hex,
    }
    config |= overrides
    app = create_app(config)
    with app.app_context():
        upgrade()

    def cleanup():
        with app.app_context():
            db.engine.dispose()
        drop()

    return app, cleanup


def bump(path: Path):
    """Move a file's modification time on, as a save does, even within one clock tick."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


@pytest.fixture
def app(tmp_path):
    app, cleanup = make_app(tmp_path)
    yield app
    cleanup()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def htmx_headers():
    """Headers htmx sends for a request aimed at one element."""
    def headers(target, **extra):
        return {"HX-Request": "true", "HX-Target": target, "HX-Current-URL": "http://localhost/"} | extra
    return headers


PASSWORD = "kopi tubruk di teras 7 pagi"
EMAIL = "Siti.Nur'aini@Contoh.go.id"


def add_staff(app, email=EMAIL, role="petugas", password=PASSWORD):
    return app.test_cli_runner().invoke(args=["staff", "add", email, "--role", role, "--password", password])


@pytest.fixture
def officer(app):
    """The app with one officer's account (tests/test_desk.py's Officer signs in with it)."""
    result = add_staff(app)
    assert result.exit_code == 0, result.output
    return app


def csrf_token(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*? value="([^"]+)"', html).group(1)


class Applicant:
    """A person filling in the form: GETs each page, then POSTs it with its token."""

    def __init__(self, client):
        self.client = client

    def answer(self, step, data, headers=None, path=None, post_to=None):
        """Open a page (path, or the step's) and send it; post_to names a button's own endpoint."""
        path = path or f"/daftar/{step}"
        page = self.client.get(path)
        token = csrf_token(page.get_data(as_text=True)) if page.status_code == 200 else self.token()
        return self.client.post(post_to or path, data=data | {"csrf_token": token}, headers=headers or {})

    def add_person(self, person, path="/daftar/keluarga"):
        """Fill in one person on the family page and press "Simpan dan tambah orang lain"."""
        return self.answer("keluarga", person, path=path,
                           post_to=path.replace("/daftar/keluarga", "/daftar/keluarga/tambah"))

    def token(self):
        return csrf_token(self.client.get("/daftar/jalur").get_data(as_text=True))

    def through(self, steps):
        for step, data in steps:
            response = self.answer(step, data)
            assert response.status_code == 303, (step, response.get_data(as_text=True)[:2000])
        return response

    def submit(self, presses=1):
        """Press "Kirim permohonan" on the summary, once or several times in a row."""
        token = csrf_token(self.client.get("/daftar/periksa").get_data(as_text=True))
        responses = [self.client.post("/daftar/periksa", data={"csrf_token": token}) for _ in range(presses)]
        return responses[0] if presses == 1 else responses


@pytest.fixture
def applicant(client):
    return Applicant(client)


@pytest.fixture
def family(applicant):
    """A family of two who have answered every step of a new registration up to the photos."""
    from tests.test_apply_new import up_to_documents

    return up_to_documents(applicant)

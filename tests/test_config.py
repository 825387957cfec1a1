"""Settings: which defaults an app starts from, and settings that follow from others."""
import datetime
import io

import pytest

from app import create_app
from blueprints.core import logs
from config import Config, TestConfig
from tests.conftest import OPERATOR, make_app

GUIDE = "/panduan/besar-iuran-per-kelas/umpan-balik"


def test_overrides_carry_through_to_the_settings_that_follow_from_them(tmp_path):
    app, cleanup = make_app(tmp_path, DRAFT_LIFETIME_DAYS=7, HTTPS=True, PHOTO_MAX_BYTES=2 * 1024 * 1024, **OPERATOR)
    try:
        assert app.permanent_session_lifetime == datetime.timedelta(days=7)
        assert app.config["SESSION_COOKIE_NAME"] == "__Host-sesi" and app.config["SESSION_COOKIE_SECURE"]
        assert app.config["MAX_CONTENT_LENGTH"] == 3 * 2 * 2 * 1024 * 1024 + 1024 * 1024
        assert app.config["MAX_FORM_MEMORY_SIZE"] == 2 * 1024 * 1024
    finally:
        cleanup()


def test_the_defaults_derive_the_same_way(app):
    assert app.permanent_session_lifetime == datetime.timedelta(days=Config.DRAFT_LIFETIME_DAYS)
    assert app.config["SESSION_COOKIE_NAME"] == "sesi" and not app.config["SESSION_COOKIE_SECURE"]
    assert app.config["MAX_CONTENT_LENGTH"] == 31 * 1024 * 1024  # three photos of up to 10 MB, and the form
    assert app.config["COMPRESS_LEVEL"] == 9


def test_a_smaller_photo_size_lowers_the_request_limit(tmp_path):
    app, cleanup = make_app(tmp_path, PHOTO_MAX_BYTES=100_000)  # limit: 3 × 200 kB + 1 MB
    try:
        client = app.test_client()
        small = client.post(GUIDE, data={"berkas": (io.BytesIO(b"x" * 500_000), "a.jpg")})
        large = client.post(GUIDE, data={"berkas": (io.BytesIO(b"x" * 1_700_000), "a.jpg")})
        assert small.status_code == 422  # read, then refused by the form: no answer chosen
        assert large.status_code == 413
    finally:
        cleanup()


def test_test_defaults_apply_only_when_testing_is_asked_for(tmp_path, monkeypatch):
    monkeypatch.setattr(logs, "configure", lambda: None)  # a real app would take over the root logger
    app = create_app({"SECRET_KEY": "s", "ENCRYPTION_KEYS": TestConfig.ENCRYPTION_KEYS, "NIK_HASH_KEY": "n",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite3'}",
                      "UPLOAD_DIR": str(tmp_path / "uploads")})
    assert not app.testing
    assert app.config["FEEDBACK_RATE_LIMIT"] == Config.FEEDBACK_RATE_LIMIT
    assert app.config["CONTENT_CHECK_INTERVAL"] == Config.CONTENT_CHECK_INTERVAL
    testing = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite3'}",
                          "UPLOAD_DIR": str(tmp_path / "uploads")})
    assert testing.testing and testing.config["FEEDBACK_RATE_LIMIT"] == TestConfig.FEEDBACK_RATE_LIMIT


def test_a_site_address_too_long_for_the_sms_texts_stops_the_server_at_start(tmp_path):
    with pytest.raises(ValueError, match="at most 32"):
        create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}",
                    "SITE_URL": "https://layanan-pendaftaran-jkn.contoh.go.id"})

"""Home, health, errors, assets and the layout every page shares."""
import gzip
import re
from pathlib import Path

import pytest

from app import create_app

ROOT = Path(__file__).resolve().parent.parent


def test_home_offers_the_three_journeys_and_search(client):
    page = client.get("/").get_data(as_text=True)
    for href in ('href="/panduan/"', 'href="/daftar/"', 'href="/bantuan/belum-aktif"', 'action="/cari"'):
        assert href in page
    assert "<script" not in page


def test_layout_has_language_skip_link_navigation_and_channels(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="id">' in page
    assert '<a class="skip" href="#isi">' in page and '<main id="isi"' in page
    for label in ("Panduan", "Daftar", "Cek status", "Belum aktif?"):
        assert f">{label}</a>" in page
    assert 'href="tel:165"' in page
    assert "Senin–Jumat, 08.00–15.00 waktu setempat" in page  # PANDAWA hours from the figures file
    assert 'href="https://wa.me/628118165165"' in page


def test_healthz_reports_a_working_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_an_unreachable_database(tmp_path):
    app = create_app({"TESTING": True,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/dir/db.sqlite3"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "error"


def test_404_page_is_in_indonesian_with_a_way_forward(client):
    response = client.get("/tidak-ada-halaman-ini")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in page
    assert 'href="/panduan/"' in page and 'action="/cari"' in page


def test_500_page_hides_the_error_and_offers_a_way_forward(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/rusak")
    def broken():
        raise RuntimeError("rahasia 3171234567890001")

    response = app.test_client().get("/rusak")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "ada gangguan di situs kami" in page
    assert "rahasia" not in page and "Traceback" not in page


def test_405_page(client):
    response = client.post("/panduan/")
    assert response.status_code == 405
    assert "tidak didukung" in response.get_data(as_text=True)


def test_stylesheet_has_a_hashed_name_and_a_long_cache_life(client):
    page = client.get("/").get_data(as_text=True)
    href = re.search(r'href="(/aset/css/site\.[0-9a-f]{10}\.css)"', page).group(1)
    response = client.get(href, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    assert response.cache_control.max_age == 365 * 24 * 3600 and response.cache_control.immutable
    assert gzip.decompress(response.data) == (ROOT / "static/css/site.css").read_bytes()


def test_stylesheet_stays_within_8_kb_gzipped():
    assert len(gzip.compress((ROOT / "static/css/site.css").read_bytes(), 9)) <= 8 * 1024


def test_an_old_asset_name_is_404(client):
    assert client.get("/aset/css/site.0000000000.css").status_code == 404


def test_htmx_is_served_from_node_modules_on_the_search_page_only(client):
    search = client.get("/cari?q=iuran").get_data(as_text=True)
    src = re.search(r'<script src="(/aset/js/htmx\.[0-9a-f]{10}\.js)" defer>', search).group(1)
    assert client.get(src).status_code == 200
    assert "htmx-config" in search
    for path in ("/", "/panduan/", "/panduan/besar-iuran-per-kelas"):
        assert "<script" not in client.get(path).get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/panduan/tips-aktivasi-lancar", "/cari?q=iuran", "/daftar/jalur",
                                  "/bantuan/belum-aktif", "/tidak-ada", "/sitemap.xml"])
def test_every_response_carries_the_protective_headers(client, path):
    for _ in range(2):  # the second answer of a cacheable page comes from the page cache
        headers = client.get(path).headers
        policy = headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "camera=()" in headers["Permissions-Policy"] and "geolocation=()" in headers["Permissions-Policy"]
        assert "Strict-Transport-Security" not in headers  # only behind HTTPS


def test_the_camera_is_allowed_only_on_the_photo_page(client):
    assert "camera=(self)" in client.get("/daftar/dokumen").headers["Permissions-Policy"]  # even when it redirects
    assert "camera=()" in client.get("/daftar/jalur").headers["Permissions-Policy"]


def test_https_turns_on_hsts_and_host_prefixed_secure_cookies(tmp_path):
    from tests.conftest import OPERATOR, make_app

    app, cleanup = make_app(tmp_path, HTTPS=True, **OPERATOR)
    try:
        client = app.test_client()
        response = client.get("/daftar/jalur", base_url="https://localhost")
        assert response.headers["Strict-Transport-Security"].startswith("max-age=")
        cookie = response.headers["Set-Cookie"]
        assert cookie.startswith("__Host-sesi=") and "Secure" in cookie and "HttpOnly" in cookie
        assert "SameSite=Lax" in cookie
    finally:
        cleanup()


def test_readyz_reports_the_database(client):
    assert client.get("/readyz").get_json() == {"status": "ok", "database": "ok"}


def test_privacy_page_says_what_why_how_long_and_how_to_ask(client):
    page = client.get("/privasi").get_data(as_text=True)
    for heading in ("Data yang kami kumpulkan", "Untuk apa", "Berapa lama", "Siapa yang bisa melihat", "Hak Anda"):
        assert heading in page
    assert 'href="/privasi"' in client.get("/").get_data(as_text=True)


def test_behind_a_proxy_the_client_address_and_scheme_come_from_forwarded_headers(tmp_path):
    from flask import request

    from tests.conftest import make_app

    app, cleanup = make_app(tmp_path, PROXY_COUNT=1)
    app.add_url_rule("/_siapa", "siapa", lambda: f"{request.scheme} {request.host} {request.remote_addr}")
    try:
        forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "jkn.example", "X-Forwarded-For": "203.0.113.9"}
        seen = app.test_client().get("/_siapa", headers=forwarded)
        assert seen.get_data(as_text=True) == "https jkn.example 203.0.113.9"
    finally:
        cleanup()

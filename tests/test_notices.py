"""Errors answered to htmx requests come as a notice for the page's notice slot, in Indonesian,
with what to do next; the same errors without htmx are whole pages. Either way nothing the
person typed is lost: htmx leaves the form in place, and the pages say how to get back to it."""
import io

import pytest
from sqlalchemy import text

from extensions import db
from tests.conftest import csrf_token, make_app
from tests.test_apply import REACTIVATION

HTMX = {"HX-Request": "true", "HX-Target": "langkah", "HX-Current-URL": "http://localhost/daftar/kontak"}


def is_notice(response) -> bool:
    page = response.get_data(as_text=True)
    return "<html" not in page and 'class="notice error-notice" role="alert"' in page and "Isian Anda masih ada" in page


@pytest.fixture
def strict_app(tmp_path):
    app, cleanup = make_app(tmp_path, PHOTO_MAX_BYTES=50_000, SUBMIT_RATE_LIMIT="1 per minute")
    yield app
    cleanup()


def test_a_post_too_big_is_a_notice_for_htmx_and_a_page_that_leads_back_without_it(strict_app):
    client = strict_app.test_client()
    token = csrf_token(client.get("/daftar/jalur").get_data(as_text=True))
    big = {"csrf_token": token, "ktp": (io.BytesIO(b"\xff" * 2_000_000), "IMG_0001.jpg")}
    in_place = client.post("/daftar/dokumen", data=big, headers=HTMX, content_type="multipart/form-data")
    assert in_place.status_code == 413 and is_notice(in_place)
    assert "Kiriman terlalu besar" in in_place.get_data(as_text=True)
    big["ktp"] = (io.BytesIO(b"\xff" * 2_000_000), "IMG_0001.jpg")
    whole = client.post("/daftar/dokumen", data=big, content_type="multipart/form-data")
    assert whole.status_code == 413 and "<html" in whole.get_data(as_text=True)
    assert "tekan Kembali di browser" in whole.get_data(as_text=True)


def test_too_many_submissions_is_a_notice_in_place(strict_app):
    first, second = (strict_app.test_client() for _ in range(2))
    for client in (first, second):
        for step, answer in REACTIVATION:
            token = csrf_token(client.get(f"/daftar/{step}").get_data(as_text=True))
            assert client.post(f"/daftar/{step}", data=answer | {"csrf_token": token}).status_code == 303
    for client, expected in ((first, 200), (second, 429)):
        token = csrf_token(client.get("/daftar/periksa").get_data(as_text=True))
        response = client.post("/daftar/periksa", data={"csrf_token": token}, headers=HTMX)
        assert response.status_code == expected
    assert is_notice(response) and "Tunggu satu menit" in response.get_data(as_text=True)


def test_a_database_outage_is_a_notice_in_place(app, applicant):
    applicant.through(REACTIVATION)
    token = csrf_token(applicant.client.get("/daftar/periksa").get_data(as_text=True))
    with app.app_context():
        db.session.execute(text("DROP TABLE application_niks"))
        db.session.commit()
    response = applicant.client.post("/daftar/periksa", data={"csrf_token": token}, headers=HTMX)
    assert response.status_code == 503 and is_notice(response)
    assert "Jawaban yang sudah tersimpan sebelumnya aman" in response.get_data(as_text=True)


def test_every_htmx_page_has_the_notice_slot_and_the_no_answer_message(client):
    for path in ("/daftar/jalur", "/bantuan/belum-aktif/kategori", "/cari?q=iuran"):
        page = client.get(path).get_data(as_text=True)
        assert 'id="galat-kiriman"' in page and 'id="pesan-tanpa-jawaban"' in page, path
        assert '"target": "#galat-kiriman"' in page, path  # where htmx puts error answers


def test_the_swaps_script_is_served_under_its_hashed_name(client):
    page = client.get("/daftar/jalur").get_data(as_text=True)
    src = next(part.split('"')[0] for part in page.split('src="')[1:] if "swaps." in part)
    script = client.get(src)
    assert script.status_code == 200 and "htmx:sendError" in script.get_data(as_text=True)
    assert "immutable" in script.headers["Cache-Control"]
